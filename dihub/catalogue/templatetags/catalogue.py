"""Template filters of the catalogue pages."""

import json

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

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
        return format_html('<span class="level level-none">{}</span>', _("level not given"))
    dots = mark_safe("".join(
        f'<span class="dot{" on" if i <= level else ""}" aria-hidden="true"></span>'
        for i in range(1, 6)
    ))
    text = _("engagement %(level)s of %(top)s") % {"level": level, "top": 5}
    return format_html('<span class="level" title="{text}">{dots}'
                       '<span class="visually-hidden">{text}</span></span>', text=text, dots=dots)
