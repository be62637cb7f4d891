"""The vocabularies and the crosswalk as data files (no Django).

data/edih-2025.csv and data/jrc-2022.csv list the terms, data/crosswalk.csv links
JRC terms to EDIH terms, data/no-counterpart.csv lists the terms left unlinked on purpose.
"""

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .parse import TermParser

DATA_DIR = Path(__file__).resolve().parent / "data"
VOCABULARY_FILES = ("edih-2025.csv", "jrc-2022.csv")
CROSSWALK_FILE = "crosswalk.csv"

VOCABULARIES = ("edih", "jrc")
KINDS = ("technology", "sector", "service")
RELATIONS = ("exact", "broader", "narrower", "related")


@dataclass(frozen=True)
class VocabTerm:
    vocabulary: str
    kind: str
    name: str
    source_id: str = ""
    position: int = 0


@dataclass(frozen=True)
class Link:
    kind: str
    jrc: str
    edih: str
    relation: str
    note: str = ""


def _rows(name, data_dir=None):
    with open(Path(data_dir or DATA_DIR) / name, newline="", encoding="utf-8") as f:
        yield from csv.DictReader(f)


def read_terms(data_dir=None) -> list[VocabTerm]:
    terms = []
    for name in VOCABULARY_FILES:
        for row in _rows(name, data_dir):
            terms.append(
                VocabTerm(
                    vocabulary=row["vocabulary"].strip(),
                    kind=row["kind"].strip(),
                    name=row["name"].strip(),
                    source_id=(row.get("source_id") or "").strip(),
                    position=int(row.get("position") or 0),
                )
            )
    return terms


def read_crosswalk(data_dir=None) -> list[Link]:
    return [
        Link(
            kind=row["kind"].strip(),
            jrc=row["jrc"].strip(),
            edih=row["edih"].strip(),
            relation=row["relation"].strip(),
            note=(row.get("note") or "").strip(),
        )
        for row in _rows(CROSSWALK_FILE, data_dir)
    ]


@cache
def _names(vocabulary, kind):
    terms = [t for t in read_terms() if t.vocabulary == vocabulary and t.kind == kind]
    return tuple(t.name for t in sorted(terms, key=lambda t: t.position))


def vocabulary_names(vocabulary: str, kind: str) -> list[str]:
    """The names of one vocabulary's terms of one kind, in their file order."""
    return list(_names(vocabulary, kind))


@cache
def parser_for(vocabulary: str, kind: str) -> TermParser:
    """A parser compiled once for one vocabulary and kind, e.g. parser_for("edih", "sector")."""
    return TermParser(_names(vocabulary, kind))


LABELS_FILE = "labels.csv"
LABEL_LANGUAGES = ("de", "fr", "es", "it", "pl")  # English is the name itself


def read_labels(data_dir=None) -> dict[tuple[str, str, str], dict[str, str]]:
    """data/labels.csv: (vocabulary, kind, name) -> {language: label} for LABEL_LANGUAGES."""
    out = {}
    for row in _rows(LABELS_FILE, data_dir):
        key = (row["vocabulary"].strip(), row["kind"].strip(), row["name"].strip())
        out[key] = {lang: (row.get(lang) or "").strip() for lang in LABEL_LANGUAGES}
    return out
