"""Words of a query and of a document, folded the same way; snippets. No Django here.

Folding: lower case, accents removed ("Logroño" -> "logrono"), punctuation dropped.
"""

import html
import re

from dihub.regions.gazetteer import fold

_TAG = re.compile(r"<[^>]*>")
_WORD = re.compile(r"\w+")
SNIPPET_CHARS = 200
_SUFFIXES = ("ational", "ations", "ation", "ings", "ing", "ics", "ies", "ied", "ers", "er",
             "ed", "es", "s", "ic", "al", "y", "e")


def plain(html_text: str) -> str:
    """Text of sanitized HTML, tags dropped, entities decoded, spaces collapsed."""
    return " ".join(html.unescape(_TAG.sub(" ", html_text or "")).split())


def words(query: str) -> list[str]:
    """The folded words of a query, at most 12: only letters and digits, safe in any engine."""
    return fold(query).split()[:12]


def stem(word: str) -> str:
    """A crude stem for highlighting only: robots, robotics, robotic -> robot."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def snippet(text: str, query_words: list[str], size: int = SNIPPET_CHARS) -> str:
    """HTML: a window of plain text around the first matched word, matched words in <mark>,
    everything else escaped."""
    stems = [stem(w) for w in query_words if w]
    spans = []
    for m in _WORD.finditer(text) if stems else ():
        if spans and m.start() > spans[0][0] + size:
            break  # past the window the snippet shows
        folded = fold(m.group())
        if folded and any(folded.startswith(s) for s in stems):
            spans.append((m.start(), m.end()))
    start = 0
    if spans and spans[0][0] > size // 3:
        start = text.rfind(" ", 0, spans[0][0] - size // 3) + 1
    end = min(len(text), start + size)
    if end < len(text):
        cut = text.rfind(" ", start, end)
        end = cut if cut > start else end
    out, pos = [], start
    for a, b in spans:
        if a < start or b > end:
            continue
        out += [html.escape(text[pos:a]), "<mark>", html.escape(text[a:b]), "</mark>"]
        pos = b
    out.append(html.escape(text[pos:end]))
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return prefix + "".join(out) + suffix
