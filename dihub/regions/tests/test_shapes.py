"""Reading GISCO NUTS GeoJSON and placing points in it (no database)."""

import json

import pytest

from dihub.regions import shapes


def square(code, west, south, east, north, level=None, multi=False):
    ring = [[west, south], [east, south], [east, north], [west, north], [west, south]]
    geometry = ({"type": "MultiPolygon", "coordinates": [[ring]]} if multi
                else {"type": "Polygon", "coordinates": [ring]})
    return {"type": "Feature", "geometry": geometry,
            "properties": {"NUTS_ID": code, "LEVL_CODE": len(code) - 2 if level is None else level,
                           "CNTR_CODE": code[:2], "NAME_LATN": f"Region {code}"}}


def collection(*features):
    return {"type": "FeatureCollection", "features": list(features)}


def test_reads_a_file(tmp_path):
    path = tmp_path / "nuts.geojson"
    path.write_text(json.dumps(collection(square("ES41", -7, 40, -2, 43),
                                          square("ES413", -7, 42, -5, 43, multi=True))))
    found = shapes.read(path)
    assert [(s.code, s.level, s.country, s.name) for s in found] == [
        ("ES41", 2, "ES", "Region ES41"), ("ES413", 3, "ES", "Region ES413")]


def test_deepest_covering_shape_wins():
    found = shapes.parse(collection(square("ES4", -8, 39, -1, 44), square("ES41", -7, 40, -2, 43),
                                    square("ES413", -7, 42, -5, 43)))
    points = [(42.6, -5.6), (41.0, -4.0), (39.5, -1.5), (48.8, 2.3)]
    assert shapes.place(found, points) == ["ES413", "ES41", "ES4", ""]
    assert shapes.place([], points) == ["", "", "", ""]


@pytest.mark.parametrize("content, message", [
    ("not json", "is not JSON"),
    ('{"type": "Feature"}', "expected a GeoJSON FeatureCollection"),
    ('{"type": "FeatureCollection", "features": []}', "has no features"),
    (json.dumps(collection({"type": "Feature", "properties": {"id": 1},
                            "geometry": {"type": "Point", "coordinates": [0, 0]}})),
     "expected a NUTS_ID"),
    (json.dumps(collection(square("ES41", -7, 40, -2, 43, level=3))), "does not match"),
    (json.dumps(collection({**square("ES41", 0, 0, 1, 1),
                            "geometry": {"type": "Point", "coordinates": [0, 0]}})),
     "expected a Polygon or MultiPolygon"),
    (json.dumps(collection(square("ES41", 3000000, 2000000, 3100000, 2100000))),
     "not longitude, latitude"),
    (json.dumps(collection({**square("ES41", 0, 0, 1, 1),
                            "geometry": {"type": "Polygon", "coordinates": [[[0, 0]]]}})),
     "bad coordinates"),
    (json.dumps({**collection(square("ES41", 0, 0, 1, 1)),
                 "crs": {"type": "name", "properties": {"name": "EPSG:3035"}}}), "EPSG:4326"),
])
def test_bad_files_say_what_is_wrong(tmp_path, content, message):
    path = tmp_path / "bad.geojson"
    path.write_text(content)
    with pytest.raises(shapes.BadBoundaryFile, match=message):
        shapes.read(path)


def test_missing_file(tmp_path):
    with pytest.raises(shapes.BadBoundaryFile, match="cannot read"):
        shapes.read(tmp_path / "absent.geojson")
