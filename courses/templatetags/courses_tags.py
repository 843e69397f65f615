from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """mapping[key], or None: for dicts keyed by block ids in templates."""
    if not mapping:
        return None
    return mapping.get(key)
