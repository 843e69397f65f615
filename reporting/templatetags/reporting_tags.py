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


@register.filter
def bar_width(value):
    """A percent as a CSS width, between 0 and 100."""
    return f"{max(0.0, min(100.0, value or 0.0)):.1f}%"
