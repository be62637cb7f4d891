"""The permission functions, for templates: {% load dihub_accounts %}."""

from django import template

from dihub.accounts import permissions

register = template.Library()


@register.filter
def is_coordinator(user) -> bool:
    return bool(user) and permissions.is_coordinator(user)
