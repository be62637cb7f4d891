"""{% load dma %}: small filters of the DMA pages."""

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def signed(value, digits=1):
    """A change with its sign, as the language writes numbers: +3.5, -1.0, 0.0 (German
    +3,5); empty for None."""
    if value is None or value == "":
        return ""
    try:
        value, digits = float(value), int(digits)
    except (TypeError, ValueError):
        return ""
    sign = "-" if f"{value:+.{digits}f}".startswith("-") else "+"
    return sign + number_format(round(abs(value), digits), digits)
