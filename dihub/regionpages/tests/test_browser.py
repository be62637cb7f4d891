"""The region maps in a real browser: points without boundaries, a choropleth with them."""

import json

import pytest
from django.core.management import call_command

from dihub.catalogue.tests.factories import make_hub
from dihub.regions.tests.test_shapes import collection, square

WAIT = 15000
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def hubs():
    make_hub("Leon Data", region_id="ES413", lat=42.599, lon=-5.567, country="ES")
    make_hub("Burgos Cloud", region_id="ES412", lat=42.343, lon=-3.697, country="ES")
    make_hub("Madrid AI", region_id="ES300", lat=40.4165, lon=-3.7026, country="ES")


def ready(page, url):
    page.goto(url)
    page.wait_for_selector("#region-map[data-ready='yes']", timeout=WAIT)
    return page.locator("#region-map")


def test_points_then_a_choropleth(live_server, watched, tmp_path):
    hubs()
    box = ready(watched, f"{live_server.url}/regions/ES41/")
    assert box.get_attribute("data-points") == "2"
    assert box.get_attribute("data-nearest") == "1"
    assert box.get_attribute("data-shapes") is None
    assert watched.locator("#region-map .hub-marker").count() == 3

    path = tmp_path / "squares.geojson"
    path.write_text(json.dumps(collection(square("ES412", -4.5, 42, -3, 43),
                                          square("ES413", -7, 42, -5, 43))))
    call_command("regions", "boundaries", str(path))
    box = ready(watched, f"{live_server.url}/regions/ES41/")
    assert box.get_attribute("data-shapes") == "2"
    assert watched.locator("#region-map path.region-shape").count() == 2
    notice = watched.locator("#region-map .leaflet-control-attribution").inner_text()
    assert "EuroGeographics" in notice
    watched.locator("#region-map path.region-shape").first.click(force=True)
    watched.wait_for_url("**/regions/ES41*/", timeout=WAIT)
    # its requests done before the next page (a request cut short keeps its connection)
    watched.wait_for_selector("#region-map[data-ready='yes']", timeout=WAIT)

    box = ready(watched, f"{live_server.url}/regions/?level=3&country=ES")
    assert box.get_attribute("data-shapes") == "2"
    assert watched.errors == [] and watched.outside == []
    watched.goto("about:blank")  # no request still open when the test database goes
