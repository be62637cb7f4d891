"""Cleaning of untrusted text from imports. No Django."""

import html
import re
from urllib.parse import urlsplit

import nh3

ALLOWED_TAGS = {"p", "br", "ul", "ol", "li", "strong", "em", "b", "i", "a", "h3", "h4"}
_SPACES = re.compile(r"[ \t\r\f\v]+")
_ENTITY = re.compile(r"&(#\d+|#x[0-9a-fA-F]+|[a-zA-Z]{2,8});")
_TAG = re.compile(r"<[a-zA-Z/!][^>]*>")


def unescape(text: str) -> str:
    """Repair HTML entities, also doubly escaped ones (`&amp;#241;` is ñ)."""
    for _ in range(3):
        if not _ENTITY.search(text):
            break
        text = html.unescape(text)
    return text


def plain(value) -> str:
    """One line of plain text: entities repaired, tags dropped, spaces collapsed."""
    if value is None:
        return ""
    text = unescape(str(value))
    if "<" in text:
        text = nh3.clean(text, tags=set())
        text = html.unescape(text)
    return _SPACES.sub(" ", text.replace("\n", " ")).strip()


def rich(value) -> str:
    """Sanitized HTML for descriptions: a small set of tags, safe links, nothing else."""
    if value is None:
        return ""
    text = unescape(str(value)).strip()
    if not text:
        return ""
    if not _TAG.search(text):
        paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
        text = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
        text = text.replace("\n", "<br>")
    return sanitize(text).strip()


def sanitize(html_text: str) -> str:
    """HTML reduced to a few harmless tags and safe links."""
    return nh3.clean(
        html_text,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href", "title"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener",
    )


def website(value) -> tuple[str, str]:
    """A website as (url, problem). The url is empty when the value is not a usable link."""
    text = plain(value)
    if not text:
        return "", ""
    if text.endswith(("…", "...")):
        return "", "cut short (ends with an ellipsis), not stored as a link"
    candidate = text if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", text) else f"https://{text}"
    try:
        parts = urlsplit(candidate)
        host = parts.hostname or ""
    except ValueError:
        return "", "not a URL, not stored as a link"
    if parts.scheme not in {"http", "https"} or "." not in host or " " in text:
        return "", "not a URL, not stored as a link"
    if not re.fullmatch(r"[a-z0-9.-]+", host) or host.startswith(".") or ".." in host:
        return "", "not a URL (bad host name), not stored as a link"
    return candidate, ""


def domain(url: str) -> str:
    """The registrable-looking host of a URL, without www: for matching hubs across sources."""
    try:
        host = (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""
    return host[4:] if host.startswith("www.") else host
