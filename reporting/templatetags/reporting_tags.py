"""Vietnamese number formatting for the report pages (exports keep plain numbers)."""

from django import template

register = template.Library()


@register.filter
def vn_number(value):
    """1234567 -> "1.234.567"."""
    if value is None or value == "":
        return "–"
    return f"{int(value):,}".replace(",", ".")


@register.filter
def vn_percent(value):
    """45.5 -> "45,5%"; None -> "–"."""
    if value is None:
        return "–"
    return f"{value:.1f}".replace(".", ",") + "%"
