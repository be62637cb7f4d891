"""NACE Rev.2 codes and their sectors in dihub's vocabularies (no Django).

data/nace_sectors.csv holds the 21 sections (A-U) and 88 divisions (01-99) of NACE Rev.2
with their labels, and for each the EDIH and JRC sector terms it maps to (several joined
by "|": a JRC sector name contains ";"). A code is stored normalised: "C" (section),
"C26" (division), "C26.1" (group), "C26.11" (class). Groups and classes are checked for
their shape and their division only.
"""

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA_FILE = Path(__file__).resolve().parent / "data" / "nace_sectors.csv"
LIST_SEPARATORS = re.compile(r"[;|\n]")
# a section letter, a division, a group or class; then nothing, or a label after a space,
# a dash or a colon: "C", "C26", "C.26", "26.11", "C26.11 - Manufacture of ..."
_CODE = re.compile(
    r"^(?:(?P<section>[A-Za-z])(?![A-Za-z])[\s.]*)?(?P<division>\d{2})?(?:\.(?P<rest>\d{1,2}))?"
    r"(?P<tail>\s*(?:[-–:]\s*|\s+)\S.*)?$",
    re.DOTALL,
)


@dataclass(frozen=True)
class NaceRow:
    code: str  # "C" or "26"
    section: str
    label: str
    edih: tuple[str, ...]
    jrc: tuple[str, ...]
    note: str = ""


def _names(cell):
    return tuple(n.strip() for n in (cell or "").split("|") if n.strip())


@cache
def read_rows(path=DATA_FILE) -> tuple[NaceRow, ...]:
    with open(path, newline="", encoding="utf-8") as f:
        return tuple(
            NaceRow(code=r["code"].strip(), section=r["section"].strip(), label=r["label"].strip(),
                    edih=_names(r["edih_sectors"]), jrc=_names(r["jrc_sectors"]),
                    note=(r.get("note") or "").strip())
            for r in csv.DictReader(f)
        )


@cache
def _index() -> dict[str, NaceRow]:
    return {row.code: row for row in read_rows()}


def label(code: str) -> str:
    """The NACE label of a normalised code's division or section ("" when unknown)."""
    row = _index().get(_division(code)) or _index().get(code[:1])
    return row.label if row else ""


def _division(code: str) -> str:
    return code[1:3] if len(code) >= 3 else ""


def normalise(item: str) -> tuple[str, str]:
    """(code, "") for a NACE code, or ("", reason) when the item is not one."""
    text = " ".join(item.split())
    match = _CODE.match(text)
    if not text or not match or not (match["section"] or match["division"]):
        return "", "not a NACE Rev.2 code (expected e.g. C, C26 or C26.11)"
    section = (match["section"] or "").upper()
    division, rest = match["division"], match["rest"]
    if division is None:
        if rest or section not in _index():
            return "", "not a NACE Rev.2 section (A to U)"
        return section, ""
    row = _index().get(division)
    if row is None:
        return "", f"no NACE Rev.2 division {division}"
    if section and section != row.section:
        return "", f"division {division} belongs to section {row.section}, not {section}"
    return f"{row.section}{division}" + (f".{rest}" if rest else ""), ""


def split_cell(cell: str) -> list[str]:
    """The items of a list cell: split at ";", "|" or a new line; at "," only when every
    piece is a bare code (a label may itself contain commas)."""
    cell = (cell or "").strip()
    if not cell:
        return []
    if LIST_SEPARATORS.search(cell):
        return [p.strip() for p in LIST_SEPARATORS.split(cell) if p.strip()]
    pieces = [p.strip() for p in cell.split(",") if p.strip()]
    if len(pieces) > 1 and all(len(p) <= 8 and normalise(p)[0] for p in pieces):
        return pieces
    return [cell]


def parse_codes(cell: str) -> tuple[list[str], list[tuple[str, str]]]:
    """(codes, problems) of a cell of NACE codes; a problem is (reason, item). Each code
    once, in the cell's order."""
    codes, problems = [], []
    for item in split_cell(cell):
        code, reason = normalise(item)
        if reason:
            problems.append((reason, item))
        elif code not in codes:
            codes.append(code)
    return codes, problems


def sectors_for(code: str) -> frozenset[tuple[str, str]]:
    """The (vocabulary, sector name) pairs a normalised code maps to.

    A section: its own row and all its divisions. A division, group or class: its
    division's row, or the section's when the division names no sector.
    """
    index = _index()
    if len(code) == 1:
        rows = [r for r in read_rows() if r.section == code]
    else:
        row = index.get(_division(code))
        rows = [row] if row and (row.edih or row.jrc) else [index.get(code[:1])]
    return frozenset(
        (vocabulary, name)
        for row in rows if row
        for vocabulary, names in (("edih", row.edih), ("jrc", row.jrc))
        for name in names
    )
