"""Template filters of the catalogue pages."""

import json

from django import template
from django.utils.safestring import mark_safe

from dihub.catalogue.importers.clean import sanitize

register = template.Library()

# the escapes of Django's json_script: no "</script>" or "<!--" can leave a JSON block
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def safe_html(value):
    """Imported HTML, sanitized again at render time (it was sanitized at import too)."""
    if not value:
        return ""
    return mark_safe(sanitize(str(value)))


@register.filter
def ld_json(data):
    """A <script type="application/ld+json"> block, escaped like json_script."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True).translate(_JSON_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')


@register.filter
def level_dots(level):
    """An engagement level 1-5 as five dots, filled up to the level (text for screen readers)."""
    if level not in (1, 2, 3, 4, 5):
        return mark_safe('<span class="level level-none">level not given</span>')
    dots = "".join(
        f'<span class="dot{" on" if i <= level else ""}" aria-hidden="true"></span>'
        for i in range(1, 6)
    )
    return mark_safe(
        f'<span class="level" title="engagement {level} of 5">{dots}'
        f'<span class="visually-hidden">engagement {level} of 5</span></span>'
    )
