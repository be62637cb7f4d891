"""Placement of the real catalogues: the figures docs/geocoding.md states."""

import json

from python_calamine import CalamineWorkbook

from dihub.regions.countries import iso_code
from dihub.regions.geo import parse_address, place


def edih_placements(path):
    with open(path, "rb") as f:
        rows = CalamineWorkbook.from_filelike(f).get_sheet_by_index(0).to_python()
    header = rows[0]
    country, location = header.index("Country"), header.index("Contact Location")
    out = []
    for row in rows[1:]:
        cc = iso_code(str(row[country])) or ""
        text = str(row[location])
        address = parse_address(text, cc)
        out.append((cc, place(cc, address.postcode, address.city, text)))
    return out


def shares(placements):
    n = len(placements)
    return (sum(p.lat is not None for _, p in placements) / n,
            sum(bool(p.nuts3) for _, p in placements) / n,
            sum(bool(p.nuts2) for _, p in placements) / n)


def test_edih_hubs_are_placed(edih_file):
    placements = edih_placements(edih_file)
    assert len(placements) == 457
    coords, nuts3, nuts2 = shares(placements)
    assert coords >= 0.95 and nuts3 >= 0.80 and nuts2 >= 0.90, (coords, nuts3, nuts2)
    for cc, found in placements:
        assert found.reason or (found.lat is not None and found.nuts3)
        if found.nuts3:  # the region lies in the hub's country
            assert found.nuts3[:2] in (cc, {"GR": "EL", "GB": "UK"}.get(cc))


def test_place_name_alone_agrees_with_the_postcode(edih_file):
    """Where a postcode gave the region, the place name alone must mostly give the same."""
    agree = total = 0
    for cc, found in edih_placements(edih_file):
        if found.region_from == "postcode" and found.city:
            alone = place(cc, city=found.city)
            if alone.nuts3:
                total += 1
                agree += alone.nuts3 == found.nuts3
    assert total > 200 and agree / total >= 0.97, (agree, total)


def test_jrc_hubs_are_placed(jrc_ngsi_file):
    entities = json.loads(jrc_ngsi_file.read_text(encoding="utf-8"))
    placements = []
    for entity in entities:
        address = entity.get("address", {})
        value = address.get("value", address)
        cc = iso_code(value.get("addressCountry") or "") or ""
        placements.append((cc, place(cc, value.get("postalCode") or "",
                                     value.get("addressLocality") or "",
                                     value.get("streetAddress") or "")))
    coords, nuts3, nuts2 = shares(placements)
    assert coords >= 0.90 and nuts3 >= 0.80, (coords, nuts3)
