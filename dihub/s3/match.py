"""Which S3 priorities a hub's sectors and technologies meet (no Django).

Terms are (vocabulary, name) pairs of the taxonomy (see docs/taxonomy.md).

- Sectors: a priority's NACE codes give sector terms through data/nace_sectors.csv
  (nace.sectors_for). A hub sector meets the priority when it is one of those terms, or
  the crosswalk says it is the same (exact) or contains one (broader): a hub with the JRC
  "Mobility (incl. Automotive)" meets an EDIH "Automotive" priority, a hub with the EDIH
  "Telecommunications" does not meet one asking for the JRC "Telecommunications,
  Information and Communication" (which holds publishing and software too); "related"
  links (neighbouring industries: aircraft ~ transport equipment) do not count.
- Technologies: a priority names a technology when one of the technology's keywords
  (data/technology_keywords.csv, EDIH technologies) occurs as a whole word in its title,
  description or scientific domains: case-insensitive, except all-capital keywords (AI,
  IoT, VR) which must match their case; a plural "s" is allowed. A hub technology meets it
  when it is that EDIH term or linked to it by any one crosswalk link.
"""

import csv
import re
from functools import cache
from pathlib import Path

from dihub.taxonomy.vocab import read_crosswalk

from .nace import sectors_for

KEYWORDS_FILE = Path(__file__).resolve().parent / "data" / "technology_keywords.csv"

Term = tuple[str, str]


def _folded(term: Term) -> Term:
    return term[0], term[1].casefold()


@cache
def neighbours(kind: str) -> dict[Term, frozenset[Term]]:
    """Folded term -> the folded terms of the other vocabulary that meet it: for sectors
    the same (exact) or broader ones, for technologies any one crosswalk link away."""
    links: dict[Term, set[Term]] = {}
    for link in read_crosswalk():
        if link.kind != kind:
            continue
        jrc, edih = _folded(("jrc", link.jrc)), _folded(("edih", link.edih))
        relation = link.relation if kind == "sector" else "any"
        if relation in ("exact", "broader", "any"):  # the JRC term holds the EDIH one
            links.setdefault(edih, set()).add(jrc)
        if relation in ("exact", "narrower", "any"):  # the EDIH term holds the JRC one
            links.setdefault(jrc, set()).add(edih)
    return {term: frozenset(others) for term, others in links.items()}


def expand(terms, kind: str) -> frozenset[Term]:
    """Terms (folded) and the terms of the other vocabulary that meet one of them."""
    folded = {_folded(t) for t in terms}
    links = neighbours(kind)
    return frozenset(folded.union(*(links.get(t, ()) for t in folded)))


@cache
def keyword_patterns() -> tuple[tuple[str, re.Pattern], ...]:
    """(EDIH technology name, pattern of its keywords), from the keywords file."""
    patterns = []
    with open(KEYWORDS_FILE, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            words = [w.strip() for w in row["keywords"].split(";") if w.strip()]
            exact = [re.escape(w) for w in words if w.upper() == w]
            folded = [re.escape(w) for w in words if w.upper() != w]
            parts = []
            if folded:
                parts.append(rf"(?i:\b(?:{'|'.join(folded)})s?\b)")
            if exact:
                parts.append(rf"\b(?:{'|'.join(exact)})s?\b")
            patterns.append((row["technology"].strip(), re.compile("|".join(parts))))
    return tuple(patterns)


def technologies_in(*texts: str) -> frozenset[Term]:
    """The EDIH technologies the texts name through their keywords."""
    text = "\n".join(t for t in texts if t)
    return frozenset(("edih", name) for name, pattern in keyword_patterns()
                     if pattern.search(text))


def priority_terms(priority: dict) -> tuple[frozenset[Term], frozenset[Term]]:
    """(sector terms, technology terms) that meet a priority, crosswalk links included.
    `priority` has nace_codes, title, description and scientific_domains."""
    sectors = set()
    for code in priority.get("nace_codes") or ():
        sectors |= sectors_for(code)
    techs = technologies_in(priority.get("title", ""), priority.get("description", ""),
                            "\n".join(priority.get("scientific_domains") or ()))
    return expand(sectors, "sector"), expand(techs, "technology")


def meets(wanted: tuple[frozenset, frozenset], sectors, technologies) -> dict:
    """The hub's sector and technology names (as the hub spells them) that meet a
    priority's `wanted` terms (from priority_terms)."""
    want_sectors, want_techs = wanted
    return {
        "sectors": sorted({name for v, name in sectors if _folded((v, name)) in want_sectors}),
        "technologies": sorted({name for v, name in technologies
                                if _folded((v, name)) in want_techs}),
    }


def score(met: int, total: int) -> int | None:
    """The share of priorities met, 0-100; None when there are none to meet."""
    return round(100 * met / total) if total else None
