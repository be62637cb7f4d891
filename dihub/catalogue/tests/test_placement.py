"""`dihub regions boundaries FILE`: a small GISCO-like file of squares, hubs placed in it,
the choropleth's GeoJSON, and bad files."""

import json
import os
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command

from dihub.catalogue.models import Hub, Placement
from dihub.catalogue.tests.factories import make_hub
from dihub.regions.models import RegionBoundary
from dihub.regions.tests.test_shapes import collection, square

pytestmark = pytest.mark.django_db
LEON, BURGOS, SEGOVIA, PARIS = (42.6, -5.57), (42.34, -3.7), (41.0, -4.0), (48.86, 2.35)


@pytest.fixture
def squares(tmp_path):
    path = tmp_path / "NUTS_RG_TEST_2024_4326.geojson"
    path.write_text(json.dumps(collection(
        square("ES41", -7, 40, -2, 43),
        square("ES413", -7, 42, -5, 43),
        square("ES412", -4.5, 42, -3, 43),
        square("NL332", 4.2, 52.0, 4.4, 52.1),  # NUTS 2021: stored as NL361
        square("ZZ999", 0, 0, 1, 1),  # no such region
    )))
    return path


def hub_at(where, **fields):
    lat, lon = where
    return make_hub(lat=lat, lon=lon, country=fields.pop("country", "ES"), **fields)


@pytest.fixture
def hubs():
    return {
        "new": hub_at(LEON),
        "same": hub_at(BURGOS, region_id="ES412", region_from=Placement.POSTCODE),
        "coarse": hub_at(SEGOVIA),
        "deeper": hub_at(SEGOVIA, region_id="ES416", region_from=Placement.POSTCODE),
        "wrong": hub_at(BURGOS, region_id="ES413", region_from=Placement.PLACE),
        "outside": hub_at(PARIS, country="FR"),
        "manual": hub_at(LEON, region_id="FR101", region_from=Placement.MANUAL),
        "country": hub_at(LEON, coords_from=Placement.COUNTRY),
        "no_coords": make_hub(country="ES"),
    }


def run(*args):
    from io import StringIO

    out = StringIO()
    call_command("regions", *args, stdout=out)
    return out.getvalue()


def test_load_places_the_hubs(squares, hubs):
    out = run("boundaries", str(squares))
    assert "boundaries loaded: 4" in out
    assert "NL332->NL361" in out and "ZZ999" in out
    assert "hubs placed: 5, region changed: 3, outside every boundary: 1, left alone: 2" in out
    assert set(RegionBoundary.objects.values_list("region_id", flat=True)) == {
        "ES41", "ES412", "ES413", "NL361"}
    box = RegionBoundary.objects.get(region_id="ES413")
    assert (box.west, box.south, box.east, box.north) == (-7, 42, -5, 43)
    got = {k: (h.region_id, h.region_from) for k, h in
           ((k, Hub.objects.get(pk=h.pk)) for k, h in hubs.items())}
    assert got == {
        "new": ("ES413", "boundary"),
        "same": ("ES412", "postcode"),
        "coarse": ("ES41", "boundary"),
        "deeper": ("ES416", "postcode"),
        "wrong": ("ES412", "boundary"),
        "outside": (None, ""),
        "manual": ("FR101", "manual"),
        "country": (None, ""),
        "no_coords": (None, ""),
    }
    again = run("boundaries", str(squares))
    assert "region changed: 0" in again
    assert RegionBoundary.objects.count() == 4


def test_the_search_finds_a_hub_by_its_new_region(client, squares, hubs):
    def found():
        return [h["id"] for h in client.get("/api/hubs", {"q": "León"}).json()["results"]]

    assert hubs["new"].pk not in found()
    run("boundaries", str(squares))
    assert hubs["new"].pk in found()
    assert client.get("/api/hubs", {"region": "ES413"}).json()["count"] == 1


def test_place_again_and_replace(squares, tmp_path, hubs):
    run("boundaries", str(squares))
    Hub.objects.filter(pk=hubs["new"].pk).update(region=None)
    assert "hubs placed: 5, region changed: 1" in run("place")
    one = tmp_path / "one.geojson"
    one.write_text(json.dumps(collection(square("ES413", -7, 42, -5, 43))))
    run("boundaries", str(one))
    assert RegionBoundary.objects.count() == 4  # added up
    run("boundaries", "--replace", str(one))
    assert list(RegionBoundary.objects.values_list("region_id", flat=True)) == ["ES413"]


def test_bad_file_exits_with_2(tmp_path):
    bad = tmp_path / "bad.geojson"
    bad.write_text('{"type": "FeatureCollection", "features": [{"type": "Feature", '
                   '"properties": {"NAME": "x"}, "geometry": null}]}')
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["DIHUB_VAR_DIR"] = str(tmp_path)  # fails before it opens a database
    done = subprocess.run([sys.executable, "-m", "dihub.cli", "regions", "boundaries", str(bad)],
                          capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 2, done.stderr
    assert "feature 1: expected a NUTS_ID" in done.stderr
    unknown = tmp_path / "unknown.geojson"
    unknown.write_text(json.dumps(collection(square("ZZ999", 0, 0, 1, 1))))
    with pytest.raises(CommandError, match="no feature names a known region") as exc:
        run("boundaries", str(unknown))
    assert exc.value.returncode == 2
    with pytest.raises(CommandError, match="cannot read") as exc:
        run("boundaries", str(tmp_path / "absent.geojson"))
    assert exc.value.returncode == 2
    assert not RegionBoundary.objects.exists()


def test_choropleth_geojson(client, squares, hubs):
    assert client.get("/api/regions/ES41/boundaries").json()["features"] == []
    run("boundaries", str(squares))
    data = client.get("/api/regions/ES41/boundaries").json()
    assert data["type"] == "FeatureCollection"
    props = {f["properties"]["code"]: f["properties"] for f in data["features"]}
    assert {c: p["hubs"] for c, p in props.items()} == {"ES412": 2, "ES413": 1}
    assert props["ES413"]["name"] == "León"
    assert data["features"][0]["geometry"]["type"] in ("Polygon", "MultiPolygon")
    own = client.get("/api/regions/ES413/boundaries").json()
    assert [f["id"] for f in own["features"]] == ["ES413"]
    listed = client.get("/api/regions/boundaries", {"level": 3, "country": "ES"}).json()
    assert sorted(f["id"] for f in listed["features"]) == ["ES412", "ES413"]
    assert client.get("/api/regions/boundaries", {"level": 9}).status_code == 400
    assert client.get("/api/regions/XX9/boundaries").status_code == 404
    summary = client.get("/api/regions/ES41").json()
    assert summary["boundaries"] == {"loaded": True, "url": "/api/regions/ES41/boundaries"}
    page = client.get("/regions/", {"level": 3, "country": "ES"})
    assert b"/api/regions/boundaries?level=3&amp;country=ES" in page.content or \
        b"/api/regions/boundaries?level=3\\u0026country=ES" in page.content
