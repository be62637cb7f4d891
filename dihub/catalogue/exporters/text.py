"""HTML to plain text, for formats that carry no markup. No Django."""

import html
import re

import nh3

_BREAKS = re.compile(r"(?i)<\s*(br\s*/?|/p|/li|/h[1-6])\s*>")
_BLANKS = re.compile(r"\n\s*\n+")


def plain_text(value: str) -> str:
    """The text of sanitized HTML: paragraphs and list items on their own lines."""
    if not value:
        return ""
    text = _BREAKS.sub("\n", value)
    text = html.unescape(nh3.clean(text, tags=set()))
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return _BLANKS.sub("\n\n", "\n".join(lines)).strip()
