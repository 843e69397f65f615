"""Template helpers of the site layout."""

from django import template

register = template.Library()


@register.filter
def width_class(value):
    """A percentage as one of the classes w-0 ... w-100 (site.css): bars without inline styles, which the
    Content-Security-Policy forbids."""
    try:
        number = float(value or 0)
    except (TypeError, ValueError):
        number = 0.0
    return f"w-{round(max(0.0, min(100.0, number)))}"
