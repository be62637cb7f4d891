from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def thousands(value):
    """12345 -> "12,345" (in the active language: "12.345" in German)."""
    try:
        return number_format(int(value), force_grouping=True)
    except (TypeError, ValueError):
        return value


@register.filter
def get_value(mapping, key):
    """mapping[key] in a template, "" when absent."""
    try:
        return mapping.get(key, "")
    except AttributeError:
        return ""
