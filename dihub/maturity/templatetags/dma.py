"""{% load dma %}: small filters of the DMA pages."""

from django import template

register = template.Library()


@register.filter
def signed(value, digits=1):
    """A change with its sign: +3.5, -1.0, 0.0; empty for None."""
    if value is None or value == "":
        return ""
    try:
        return f"{float(value):+.{int(digits)}f}"
    except (TypeError, ValueError):
        return ""
