"""GET /api/insights/coverage(.csv) and the page /insights/coverage, on the real gazetteer."""

import csv
import io
import re

import numpy as np
import pytest
from django.core.cache import cache

from dihub.catalogue.tests.factories import make_hub, region
from dihub.insights import coverage as C
from dihub.insights import places as P
from dihub.taxonomy.models import Crosswalk

pytestmark = pytest.mark.django_db
URL = "/api/insights/coverage"


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def belgium():
    brussels = region("BE100", "Brussels", "BE")
    return {
        "brussels": make_hub("Brussels Robots", country="BE", lat=50.85, lon=4.35,
                             region=brussels, terms=[("Robotics", "technology", 4)]),
        "liege": make_hub("Liege Robots", country="BE", lat=50.63, lon=5.57,
                          region=region("BE332", "Liège", "BE"),
                          terms=[("Robotics", "technology", 2)]),
        "arlon": make_hub("Arlon Cloud", country="BE", lat=49.68, lon=5.81,
                          terms=[("Cloud Services", "technology", 5)]),
        "draft": make_hub("Draft Robots", country="BE", lat=51.2, lon=2.9,
                          validation="draft", terms=[("Robotics", "technology", 5)]),
        "unplaced": make_hub("Unplaced Robots", country="BE",
                             terms=[("Robotics", "technology", 5)]),
    }


def ok(answer):
    assert answer.status_code == 200, answer.content
    return answer.json()


def brute_mean(hubs, countries, min_population):
    places, _, _ = P.all_places()
    mask = P.mask(places, countries, min_population)
    lat, lon = zip(*hubs, strict=True)
    d = C.nearest_km_brute(lat, lon, places.lat[mask], places.lon[mask])
    w = places.population[mask]
    return (w * d).sum() / w.sum(), w[d > 50].sum() / w.sum(), w.sum()


def test_json_figures_equal_brute_force_over_the_gazetteer(client, belgium):
    found = ok(client.get(URL, {"technology": "Robotics", "country": "BE",
                                "min_population": 20000}))
    summary = found["summary"]
    assert summary["hubs"] == 2  # not the draft, the unplaced or the cloud hub
    mean, beyond_50, population = brute_mean([(50.85, 4.35), (50.63, 5.57)], {"BE"}, 20000)
    assert summary["mean_km"] == pytest.approx(mean, abs=0.05)
    assert summary["beyond_50_km"] == pytest.approx(beyond_50, abs=1e-4)
    assert summary["population"] == population
    nuts3 = {r["code"]: r for r in found["regions"]["nuts3"]}
    assert nuts3["BE100"]["hubs"] == 1 and nuts3["BE332"]["hubs"] == 1
    assert {r["country"] for r in found["regions"]["nuts3"]} == {"BE"}
    nuts2 = {r["code"]: r for r in found["regions"]["nuts2"]}
    assert nuts2["BE10"]["hubs"] == 1 and nuts2["BE33"]["hubs"] == 1
    without = {r["code"] for r in found["without_hub"]["nuts3"]}
    assert "BE100" not in without and without == {c for c, r in nuts3.items() if not r["hubs"]}
    assert summary["regions_without_hub"]["nuts3"] == len(without)


def test_the_suggestion_is_explained_and_lies_in_the_countries_asked(client, belgium):
    found = ok(client.get(URL, {"technology": "robotics", "country": "BE"}))
    s = found["suggestion"]
    assert s["country"] == "BE"
    assert s["mean_km_after"] < s["mean_km_before"] == found["summary"]["mean_km"]
    assert re.fullmatch(rf"A hub in {re.escape(s['place'])} \(BE\) would bring [\d,]+ people "
                        r"within 50 km; the population-weighted mean distance falls from "
                        r"[\d.,]+ to [\d.,]+ km\.", s["text"])


def test_min_level_and_any_term(client, belgium):
    assert ok(client.get(URL, {"technology": "Robotics", "min_level": 3,
                               "country": "BE"}))["summary"]["hubs"] == 1
    assert ok(client.get(URL, {"country": "BE"}))["summary"]["hubs"] == 3
    assert ok(client.get(URL, {"country": "BE", "min_level": 5}))["summary"]["hubs"] == 1


def test_a_jrc_term_finds_edih_hubs_through_the_crosswalk(client):
    link = Crosswalk.objects.select_related("jrc", "edih").filter(jrc__kind="sector").first()
    make_hub("Edih hub", country="LU", lat=49.61, lon=6.13,
             terms=[(link.edih.name, "sector", 3, "edih")])
    for value in (link.jrc.name, link.jrc.slug):
        assert ok(client.get(URL, {"sector": value, "country": "LU"}))["summary"]["hubs"] == 1


def test_hubs_abroad_count_unless_cross_border_is_0(client):
    make_hub("Trier hub", country="DE", lat=49.75, lon=6.64, terms=[("Robotics", "technology", 3)])
    with_abroad = ok(client.get(URL, {"technology": "Robotics", "country": "LU"}))
    assert with_abroad["summary"]["hubs"] == 1
    assert with_abroad["summary"]["median_km"] < 60
    alone = ok(client.get(URL, {"technology": "Robotics", "country": "LU", "cross_border": "0"}))
    assert alone["summary"]["hubs"] == 0
    assert alone["summary"]["median_km"] is None and alone["suggestion"] is None
    assert alone["summary"]["beyond_100_km"] == 1
    assert alone["without_hub"]["nuts3"][0]["code"] == "LU000"


def test_eu_means_the_27_member_states(client, belgium):
    found = ok(client.get(URL, {"technology": "Robotics", "country": "EU",
                                "min_population": 200000}))
    countries = {r["country"] for r in found["regions"]["nuts2"]}
    assert "BE" in countries and "FR" in countries
    assert not countries & {"NO", "CH", "GB", "TR", "UA"}


def test_csv_of_the_region_tables(client, belgium):
    found = ok(client.get(URL, {"technology": "Robotics", "country": "BE"}))
    for answer in (client.get(URL + ".csv", {"technology": "Robotics", "country": "BE"}),
                   client.get(URL, {"technology": "Robotics", "country": "BE",
                                    "format": "csv"})):
        assert answer.status_code == 200
        assert answer["Content-Type"].startswith("text/csv")
        rows = list(csv.DictReader(io.StringIO(answer.content.decode())))
        assert len(rows) == len(found["regions"]["nuts2"]) + len(found["regions"]["nuts3"])
        brussels = next(r for r in rows if r["code"] == "BE100")
        assert brussels["level"] == "3" and brussels["hubs"] == "1"
        assert float(brussels["median_km"]) < 10


@pytest.mark.parametrize("params, param", [
    ({"technology": "no such thing"}, "technology"),
    ({"technology": ["Robotics", "Big data"]}, "technology"),
    ({"sector": "x" * 300}, "sector"),
    ({"country": "XX"}, "country"),
    ({"country": "Germany"}, "country"),
    ({"country": "US"}, "country"),
    ({"min_population": "10"}, "min_population"),
    ({"min_population": "lots"}, "min_population"),
    ({"min_population": "１０００"}, "min_population"),  # only ASCII digits are numbers
    ({"min_level": "9"}, "min_level"),
    ({"cross_border": "maybe"}, "cross_border"),
    ({"format": "xml"}, "format"),
])
def test_bad_parameters_answer_400_with_a_message(client, params, param):
    answer = client.get(URL, params)
    assert answer.status_code == 400
    body = answer.json()
    assert body["param"] == param and body["detail"].startswith(param)
    assert client.get(URL + ".csv", params).status_code == (200 if param == "format" else 400)
    page = client.get("/insights/coverage", params)
    assert page.status_code == (200 if param == "format" else 400)


def test_country_suggests_a_code(client):
    body = client.get(URL, {"country": "Germany"}).json()
    assert body["suggestions"] == ["DE"]


def test_the_page(client, belgium):
    answer = client.get("/insights/coverage", {"technology": "Robotics", "country": "BE"})
    assert answer.status_code == 200
    html = answer.content.decode()
    assert "A hub in " in html and "Brussels" in html
    assert 'id="coverage-map-data"' in html and "insights/coverage.js" in html
    assert "/api/insights/coverage.csv?technology=Robotics&amp;country=BE" in html
    assert "BE100" in html and 'data-sortable' in html
    for script in re.findall(r"<script[^>]*>", html):  # no inline script: data in json_script
        assert "src=" in script or 'type="application/json"' in script
    data = answer.context["map_data"]
    assert all(p[4] is None or p[4] > 100 for p in data["far"])
    assert [50.85, 4.35] in data["hubs"]


def test_the_page_says_what_is_wrong(client):
    answer = client.get("/insights/coverage", {"technology": "no such thing"})
    assert answer.status_code == 400
    assert "no technology is named" in answer.content.decode()


def test_the_result_is_cached_until_the_catalogue_changes(client, belgium):
    first = ok(client.get(URL, {"technology": "Robotics", "country": "BE"}))
    assert ok(client.get(URL, {"technology": "Robotics", "country": "BE"})) == first
    make_hub("Ghent Robots", country="BE", lat=51.05, lon=3.72,
             terms=[("Robotics", "technology", 4)])
    assert ok(client.get(URL, {"technology": "Robotics",
                               "country": "BE"}))["summary"]["hubs"] == 3


def test_places_nearly_all_have_a_region_and_no_city_district_counts_twice():
    places, names, how = P.all_places()
    eu = P.mask(places, P.EU, 1000)
    placed = np.asarray(places.nuts3)[eu] != ""
    assert placed.mean() > 0.95
    paris = [n for n, m in zip(names, P.mask(places, {"FR"}), strict=True)
             if m and n.startswith("Paris ")]
    assert paris == []


def test_hubs_per_100000_enterprises_where_the_indicator_is_loaded(client, belgium):
    from dihub.s3.models import IndicatorValue

    IndicatorValue.objects.create(region=region("BE10", "Brussels", "BE"), name="enterprises",
                                  year=2021, value=10_000)
    IndicatorValue.objects.create(region=region("BE10", "Brussels", "BE"), name="enterprises",
                                  year=2022, value=50_000)
    found = ok(client.get(URL, {"technology": "Robotics", "country": "BE"}))
    rows = {r["code"]: r for r in found["regions"]["nuts2"] + found["regions"]["nuts3"]}
    assert rows["BE10"]["enterprises"] == 50_000  # the latest year
    assert rows["BE10"]["hubs_per_100k_enterprises"] == 2.0
    assert rows["BE33"]["hubs_per_100k_enterprises"] is None
    assert found["summary"]["regions_with_enterprises"] == 1
    page = client.get("/insights/coverage", {"technology": "Robotics", "country": "BE"})
    assert "Hubs per 100,000 enterprises" in page.content.decode()
    csv_text = client.get(URL + ".csv", {"technology": "Robotics", "country": "BE"}).content
    assert b",50000,2.0\r\n" in csv_text


def test_no_enterprises_column_without_the_indicator(client, belgium):
    page = client.get("/insights/coverage", {"technology": "Robotics", "country": "BE"})
    assert "Hubs per 100,000 enterprises" not in page.content.decode()


@pytest.mark.parametrize("params", [
    {"min_population": "10000000"},  # no place that big: empty figures, no error
    {"country": "LI", "min_population": "9000000"},
    {"country": ["EU"] * 3, "technology": "robotics", "min_level": "5"},
])
def test_edge_cases_answer_200(client, belgium, params):
    found = ok(client.get(URL, params))
    assert found["summary"]["population"] >= 0
    assert client.get("/insights/coverage", params).status_code == 200
    assert client.get(URL + ".csv", params).status_code == 200
