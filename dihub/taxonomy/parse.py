"""Parse a taxonomy cell such as "Big data - 5, Micro- and nanoelectronics, optoelectronics - 2".

No Django here. Items are separated by commas (or semicolons); an item is a term with an
optional engagement level " - N". Terms may contain commas and " - " themselves, so the
cell is matched against the known vocabulary, longest term first.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

LEVELS = range(1, 6)

_SEPARATOR = re.compile(r"\s*[,;\n]\s*")
_LEVEL = re.compile(r"^(.*?)(?:^|\s+)-\s*(\d+)\s*$", re.DOTALL)
_SPACES = re.compile(r"\s+")


class ParsedTerm(NamedTuple):
    name: str
    level: int | None
    known: bool


@dataclass
class ParsedCell:
    terms: list[ParsedTerm] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def normalize(text: str) -> str:
    """The matching key of a term: lower case, single spaces, ", " between comma parts."""
    return _SPACES.sub(" ", _SEPARATOR.sub(", ", text.strip())).casefold()


def _key(joined):
    """normalize() for text whose separators are already ", "."""
    return _SPACES.sub(" ", joined).strip().casefold()


def _split_level(text):
    match = _LEVEL.match(text)
    if match is None:
        return text, None
    return match.group(1), int(match.group(2))


class TermParser:
    """A vocabulary compiled once; `parse(cell)` then runs for every cell of an import."""

    def __init__(self, vocabulary: Iterable[str]):
        self.names: dict[str, str] = {}
        for name in vocabulary:
            name = _SPACES.sub(" ", name.strip())
            if name:
                self.names.setdefault(normalize(name), name)
        # first pieces of the terms that span several comma-separated pieces
        self.heads = {_SEPARATOR.split(k)[0] for k in self.names if ", " in k}
        self.max_pieces = max((len(_SEPARATOR.split(k)) for k in self.names), default=1)
        self._pieces: dict[str, tuple] = {}  # piece -> (starts a long term, its own match)

    def lookup(self, name: str) -> str | None:
        """The vocabulary's spelling of a term, or None if the vocabulary lacks it."""
        return self.names.get(normalize(name))

    def _known(self, text):
        """(name, level) if text is a known term with or without a level, else None."""
        name, level = _split_level(text)
        if level is not None:
            known = self.names.get(_key(name))
            if known is not None:
                return known, level
        known = self.names.get(_key(text))
        return None if known is None else (known, None)

    def _match(self, pieces, start):
        """The longest known term starting at pieces[start]: (pieces used, name, level)."""
        first = pieces[start]
        info = self._pieces.get(first)
        if info is None:
            if len(self._pieces) > 50_000:  # bounded: pieces repeat, arbitrary text does not
                self._pieces.clear()
            info = self._pieces[first] = (_key(first) in self.heads, self._known(first))
        starts_long_term, alone = info
        if starts_long_term:
            for count in range(min(self.max_pieces, len(pieces) - start), 1, -1):
                found = self._known(", ".join(pieces[start : start + count]))
                if found is not None:
                    return count, *found
        return None if alone is None else (1, *alone)

    def _unknown_end(self, pieces, start, has_levels):
        """Where an unknown item that starts at pieces[start] ends (exclusive)."""
        end = start + 1
        if not has_levels:
            return end
        while end < len(pieces):
            if _LEVEL.match(pieces[end - 1]) or self._match(pieces, end):
                break
            end += 1
        return end

    def parse(self, cell: str | None) -> ParsedCell:
        result = ParsedCell()
        if not cell or not isinstance(cell, str):
            return result
        pieces = [p for p in _SEPARATOR.split(cell.strip()) if p]
        has_levels = None  # worked out only when an unknown item needs it
        seen = {}
        i = 0
        while i < len(pieces):
            found = self._match(pieces, i)
            if found:
                count, name, level = found
                known = True
            else:
                if has_levels is None:
                    has_levels = any(_LEVEL.match(p) for p in pieces)
                count = self._unknown_end(pieces, i, has_levels) - i
                name, level = _split_level(", ".join(pieces[i : i + count]))
                name = _SPACES.sub(" ", name).strip()
                known = False
            i += count
            if not name:
                result.problems.append(f"level {level} without a term")
                continue
            if level is not None and level not in LEVELS:
                result.problems.append(f"{name!r}: level {level} is not between 1 and 5")
                level = None
            key = name.casefold()
            if key in seen:
                first = seen[key]
                result.problems.append(
                    f"{name!r} appears more than once (levels {first} and {level}); "
                    "the first is kept"
                )
                continue
            seen[key] = level
            if not known:
                result.problems.append(f"unknown term {name!r}")
            result.terms.append(ParsedTerm(name, level, known))
        return result
