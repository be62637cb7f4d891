"""Request parameters shared by every page and API: their rules, errors and OpenAPI text.

A parameter is read from a list of raw values (a QueryDict's getlist, or a dict's value);
a value that cannot be used raises BadParameter, which pages and APIs answer with 400.
Only ASCII digits make numbers: "²" or "٣" are text, never an id or a page.
"""

import re

ASCII_DIGITS = re.compile(r"[0-9]+")
MAX_ID = 2**63 - 1  # the largest id a database column holds


class BadParameter(ValueError):
    """A parameter value that cannot be used: the caller answers 400 with this."""

    def __init__(self, param, message, suggestions=()):
        super().__init__(f"{param}: {message}")
        self.param = param
        self.message = message
        self.suggestions = list(suggestions)


def ascii_int(text, low=0, high=MAX_ID):
    """The whole number written in ASCII digits, when it lies in [low, high]; else None."""
    text = str(text).strip()
    if not ASCII_DIGITS.fullmatch(text) or len(text) > 19:
        return None
    value = int(text)
    return value if low <= value <= high else None
