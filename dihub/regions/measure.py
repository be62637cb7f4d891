"""How well the real catalogues are placed: `python -m dihub.regions.measure [EDIH.xls] [JRC.json]`.

No Django here. Prints, for each file, the share of hubs with coordinates, with a NUTS 3
and with a NUTS 2 region, and the time taken; with -v, every hub not fully placed.
"""

import json
import sys
import time
from collections import Counter
from pathlib import Path

from .countries import iso_code
from .geo import parse_address, place

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data"
EDIH = SHARED / "edih-catalogue-export-2025-05-05.xls"
JRC = SHARED / "jrc-dih-catalogue-2022-02.ngsi-ld.json"


def edih_rows(path):
    from python_calamine import CalamineWorkbook

    with open(path, "rb") as f:
        rows = CalamineWorkbook.from_filelike(f).get_sheet_by_index(0).to_python()
    country, location = rows[0].index("Country"), rows[0].index("Contact Location")
    for row in rows[1:]:
        cc = iso_code(str(row[country])) or ""
        text = str(row[location])
        address = parse_address(text, cc)
        yield cc, address.postcode, address.city, text


def jrc_rows(path):
    for entity in json.loads(Path(path).read_text(encoding="utf-8")):
        value = entity.get("address", {})
        value = value.get("value", value)
        yield (iso_code(value.get("addressCountry") or "") or "", value.get("postalCode") or "",
               value.get("addressLocality") or "", value.get("streetAddress") or "")


def report(name, rows, verbose=False):
    start = time.perf_counter()
    placed = [(row, place(*row)) for row in rows]
    took = time.perf_counter() - start
    n = len(placed) or 1
    coords = sum(1 for _, p in placed if p.lat is not None) / n
    nuts3 = sum(1 for _, p in placed if p.nuts3) / n
    nuts2 = sum(1 for _, p in placed if p.nuts2) / n
    print(f"{name}: {len(placed)} hubs in {took:.2f} s: coordinates {coords:.1%}, "
          f"NUTS 3 {nuts3:.1%}, NUTS 2 {nuts2:.1%}")
    print("  coordinates from", dict(Counter(p.coords_from or "-" for _, p in placed)),
          "region from", dict(Counter(p.region_from or "-" for _, p in placed)))
    if verbose:
        for row, p in placed:
            if p.reason:
                print("  ", row[0], "|", row[3] or row[2], "|", p.reason)


def main(argv=None):
    args = [a for a in (argv or sys.argv[1:]) if not a.startswith("-")]
    verbose = "-v" in (argv or sys.argv[1:])
    from . import gazetteer

    start = time.perf_counter()
    gaz = gazetteer.load()
    print(f"gazetteer: {len(gaz)} places, loaded in {time.perf_counter() - start:.2f} s "
          f"({gazetteer.cache_path()})")
    edih = Path(args[0]) if args else EDIH
    jrc = Path(args[1]) if len(args) > 1 else JRC
    if edih.exists():
        report("EDIH", list(edih_rows(edih)), verbose)
    if jrc.exists():
        report("JRC", list(jrc_rows(jrc)), verbose)


if __name__ == "__main__":
    main()
