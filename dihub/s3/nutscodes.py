"""Checking a NUTS code against the regions dihub knows, with a suggestion (no Django).

dihub's Region table holds NUTS 2024 (see dihub/regions/nuts.py). Files exported before
2024 may use NUTS 2021 codes: most are the same, a few dozen were retired. A row with a
retired code is rejected, naming the NUTS 2024 code(s) it became (dihub.regions.versions,
from Eurostat's correspondence table); another unknown code is answered with the nearest
known region above it. Nothing is mapped silently: a split region has no single answer.
"""

from dihub.regions.countries import nuts_country
from dihub.regions.versions import dropped


def clean(code: str) -> str:
    """A code as NUTS writes it: upper case, no spaces; EL for GR and UK for GB."""
    code = "".join(str(code or "").split()).upper()
    return nuts_country(code[:2]) + code[2:]


def suggest(code: str, regions: dict[str, tuple[str, int]]) -> str:
    """A hint for a code that `regions` (code -> (name, level)) does not hold, or ""."""
    code = clean(code)
    change = dropped(code)
    if change and change.new:
        return (f"a NUTS 2021 code ({change.name}, {change.kind.lower()}); "
                f"NUTS 2024: {' or '.join(change.new)}")
    for end in range(len(code) - 1, 1, -1):
        if code[:end] in regions:
            return f"the nearest known region above it is {code[:end]} {regions[code[:end]][0]}"
    return ""


def check(code: str, regions: dict[str, tuple[str, int]]) -> tuple[str, str]:
    """(code, "") for a known region, else ("", reason) naming the closest known code."""
    cleaned = clean(code)
    if not cleaned:
        return "", "empty: a NUTS code is needed"
    if cleaned in regions:
        return cleaned, ""
    hint = suggest(cleaned, regions)
    return "", f"unknown NUTS code {cleaned!r}" + (f" ({hint})" if hint else "")
