"""The coverage page in a real browser: the white-spot map draws, offline, without errors."""

from pathlib import Path

import pytest

from dihub.catalogue.tests.factories import make_hub

AXE = Path(__file__).resolve().parents[2] / "search/tests/vendor/axe-core/axe.min.js"
WAIT = 20000

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_coverage_map_and_tables(live_server, watched):
    robotics = [("Robotics", "technology", 4)]
    make_hub("Brussels Robots", country="BE", lat=50.85, lon=4.35, terms=robotics)
    make_hub("Arlon Robots", country="BE", lat=49.68, lon=5.81, terms=robotics)
    page = watched
    page.goto(f"{live_server.url}/insights/coverage?technology=Robotics&country=BE"
              "&min_population=1000")
    page.wait_for_selector("#coverage-map[data-outlines='loaded']", timeout=WAIT)
    assert page.locator("#coverage-map .suggested-site").count() == 1
    assert page.locator("table").count() >= 1
    page.add_script_tag(path=str(AXE))
    found = page.evaluate("async () => (await axe.run(document)).violations.map("
                          "v => ({id: v.id, impact: v.impact}))")
    assert [v for v in found if v["impact"] in ("serious", "critical")] == []
    assert page.errors == []
    assert page.outside == []
