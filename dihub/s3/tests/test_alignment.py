"""Alignment of hubs with S3 priorities, coverage of a region, indicators, API and pages."""

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from dihub.catalogue.models import Validation
from dihub.catalogue.serialize import hubs_queryset
from dihub.catalogue.tests.factories import make_hub
from dihub.regions.models import Region
from dihub.s3 import alignment, indicators, summary
from dihub.s3.models import IndicatorValue, Priority

pytestmark = pytest.mark.django_db


def priority(code, title, period="2021-2027", nace=(), description="", domains=()):
    return Priority.objects.create(
        region_id=code, period=period, title=title, title_key=title.casefold(),
        description=description, nace_codes=list(nace), scientific_domains=list(domains))


@pytest.fixture
def priorities():
    return {
        "auto": priority("ES41", "Automotive supply chain", nace=["C29"]),
        "agri": priority("ES41", "Agri-food", nace=["A01", "C10"]),
        "heritage": priority("ES41", "Heritage", description="Virtual reality for museums"),
        "energy": priority("ES4", "Renewable energy", nace=["D35"]),
        "health": priority("ES", "Health", nace=["Q86"], domains=["Artificial intelligence"]),
        "old": priority("ES41", "Old mining priority", period="2014-2020", nace=["B"]),
        "elsewhere": priority("FRK2", "Automotive in Rhône-Alpes", nace=["C29"]),
    }


def region(code):
    return Region.objects.get(code=code)


def hub_in(code, terms=(), **fields):
    return make_hub(region=region(code), country=code[:2], terms=terms, **fields)


def loaded(hub):
    return hubs_queryset(public=False).get(pk=hub.pk)


def test_a_hub_meets_the_priorities_of_its_region_and_those_above(priorities):
    hub = hub_in("ES413", terms=[
        ("Mobility (incl. Automotive)", "sector", 4, "jrc"),  # meets C29 through NACE
        ("Health care", "sector", 3, "edih"),
        ("Robotics", "technology", 5, "edih"),
    ])
    data = alignment.for_hub(loaded(hub))
    titles = [p["title"] for p in data["priorities"]]
    # own region first; the 2014-2020 period and other regions' priorities are left out
    assert titles == ["Agri-food", "Automotive supply chain", "Heritage", "Renewable energy",
                      "Health"]
    assert [r["code"] for r in data["regions"]] == ["ES", "ES4", "ES41", "ES413"]
    met = {p["title"]: p for p in data["priorities"] if p["met"]}
    assert set(met) == {"Automotive supply chain", "Health"}
    assert met["Automotive supply chain"]["sectors"] == ["Mobility (incl. Automotive)"]
    assert met["Health"]["sectors"] == ["Health care"]
    assert (data["met"], data["total"], data["score"]) == (2, 5, 40)


@pytest.mark.parametrize("term, vocabulary, meets", [
    ("Automotive", "edih", True),
    ("Manufacture of transport equipment", "jrc", True),  # holds automotive
    ("Manufacturing and processing", "edih", True),  # holds all manufacturing
    ("Aeronautics", "edih", False),  # "related" to transport equipment: a neighbour
    ("Manufacture of textiles and textile products", "jrc", False),
    ("Textiles", "edih", False),
])
def test_a_sector_meets_a_priority_when_it_is_or_holds_the_priority_s(term, vocabulary, meets):
    priority("ES41", "Automotive", nace=["C29"])
    hub = hub_in("ES41", terms=[(term, "sector", 3, vocabulary)])
    assert alignment.for_hub(loaded(hub))["met"] == int(meets)


def test_a_narrower_sector_does_not_meet_a_broader_priority_term():
    priority("ES41", "Software", nace=["J62"])  # JRC "Telecommunications, Information and ..."
    telecoms = hub_in("ES41", terms=[("Telecommunications", "sector", 3, "edih")])
    ict = hub_in("ES41", terms=[("Telecommunications, Information and Communication", "sector",
                                 3, "jrc")])
    assert alignment.for_hub(loaded(telecoms))["met"] == 0
    assert alignment.for_hub(loaded(ict))["met"] == 1


def test_technologies_meet_priorities_named_in_their_text_jrc_terms_too(priorities):
    hub = hub_in("ES41", terms=[
        ("Augmented and virtual reality, visualization", "technology", 3, "jrc"),
        ("Artificial Intelligence and cognitive systems", "technology", 3, "jrc"),
    ])
    data = alignment.for_hub(loaded(hub))
    met = {p["title"]: p["technologies"] for p in data["priorities"] if p["met"]}
    assert met == {"Heritage": ["Augmented and virtual reality, visualization"],
                   "Health": ["Artificial Intelligence and cognitive systems"]}
    assert data["score"] == 40


def test_a_period_can_be_asked_for(priorities):
    hub = hub_in("ES41", terms=[("Mining and quarrying", "sector", 2, "jrc")])
    data = alignment.for_hub(loaded(hub), period="2014-2020")
    assert [(p["title"], p["met"]) for p in data["priorities"]] == [("Old mining priority", True)]
    assert data["score"] == 100


def test_no_priorities_no_score_and_no_page_section():
    hub = hub_in("DE111")
    assert alignment.for_hub(loaded(hub))["score"] is None
    assert alignment.for_hub_page(loaded(hub)) is None
    unplaced = make_hub()
    assert alignment.for_hub(loaded(unplaced))["regions"] == []


def test_a_region_s_uncovered_priorities_count_hubs_near_it(priorities):
    hub_in("ES413", terms=[("Automotive", "sector", 4, "edih")], name="A León hub")
    hub_in("ES421", terms=[("Agriculture and food", "sector", 4, "jrc")],  # ES42: same parent
           name="A Castilla-La Mancha hub")
    hub_in("ES511", terms=[("Health care", "sector", 4, "edih"),  # Cataluña: not near
                           ("Virtual Reality", "technology", 4, "edih")])
    hub_in("ES412", terms=[("Virtual Reality", "technology", 4, "edih")],
           validation=Validation.DRAFT)  # not published
    data = summary.for_region("ES41")
    covered = {p["title"]: [h["name"] for h in p["hubs"]] for p in data["priorities"]}
    assert covered == {"Agri-food": ["A Castilla-La Mancha hub"],
                       "Automotive supply chain": ["A León hub"], "Heritage": []}
    assert [p["title"] for p in data["uncovered"]] == ["Heritage"]
    assert data["near"]["code"] == "ES4" and data["covered_count"] == 2
    # a country's hubs are near the country's own priorities
    assert summary.for_region("ES")["uncovered"] == []


def test_unknown_region():
    with pytest.raises(summary.UnknownRegion):
        summary.for_region("XX99")


def test_indicator_value_latest_year_or_given_year():
    for year, value in ((2021, 100.0), (2023, 120.0), (2022, 110.0)):
        IndicatorValue.objects.create(region_id="ES41", name=indicators.ENTERPRISES, year=year,
                                      value=value, source="test")
    assert indicators.value("ES41", "enterprises") == 120.0
    assert indicators.value("ES41", "enterprises", 2022) == 110.0
    assert indicators.value("ES41", "enterprises", 2020) is None
    assert indicators.value("ES41", "population") is None
    assert [(i["name"], i["year"]) for i in indicators.latest("ES41")] == [("enterprises", 2023)]


def test_api_hub_alignment(client, priorities):
    hub = hub_in("ES413", terms=[("Automotive", "sector", 4, "edih")], slug="leon-hub")
    for key in ("leon-hub", str(hub.pk)):
        answer = client.get(f"/api/s3/hubs/{key}/alignment")
        assert answer.status_code == 200
        body = answer.json()
        assert body["hub"]["slug"] == "leon-hub" and body["score"] == 20
    assert client.get("/api/s3/hubs/nowhere/alignment").status_code == 404
    bad = client.get("/api/s3/hubs/leon-hub/alignment?period=2021")
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "query.period"
    draft = hub_in("ES413", validation=Validation.DRAFT)
    assert client.get(f"/api/s3/hubs/{draft.slug}/alignment").status_code == 404


def test_api_region(client, priorities):
    IndicatorValue.objects.create(region_id="ES41", name="population", year=2023, value=5.0,
                                  unit="persons", source="EXAMPLE")
    body = client.get("/api/s3/regions/es41").json()
    assert body["region"]["code"] == "ES41"
    assert len(body["priorities"]) == 3 and len(body["uncovered"]) == 3
    assert body["indicators"] == [{"name": "population", "value": 5.0, "unit": "persons",
                                   "year": 2023, "source": "EXAMPLE"}]
    assert client.get("/api/s3/regions/ZZ1").status_code == 404


def test_indicator_values_are_shown_for_people():
    assert [indicators.shown(v) for v in (2383139.0, 0.5, 0.52, 1234.5678901)] == [
        "2,383,139", "0.5", "0.52", "1,234.56789"]


def test_the_fact_sheet_shows_the_alignment_only_with_priorities(client, priorities):
    with_priorities = hub_in("ES413", terms=[("Automotive", "sector", 4, "edih")])
    page = client.get(with_priorities.get_absolute_url()).content.decode()
    assert "Smart specialisation" in page and "1 of 5" in page
    assert "Automotive supply chain" in page
    assert "names no sectors or technologies" not in page
    undescribed = hub_in("ES413")
    page = client.get(undescribed.get_absolute_url()).content.decode()
    assert "0 of 5" in page and "names no sectors or technologies" in page
    without = hub_in("DE111")
    assert "Smart specialisation" not in client.get(without.get_absolute_url()).content.decode()


def test_the_region_section_renders(priorities):
    IndicatorValue.objects.create(region_id="ES41", name="enterprises", year=2022,
                                  value=150000.0, unit="enterprises", source="EXAMPLE")
    html = render_to_string("s3/_region_section.html", {"s3": summary.for_region("ES41")})
    assert "3 priorities" in html and "meet 0, none meets 3" in html
    assert "150,000 enterprises" in html and "EXAMPLE" in html
    assert render_to_string("s3/_region_section.html", {}).strip() == ""
    empty = render_to_string("s3/_region_section.html", {"s3": summary.for_region("DE11")})
    assert empty.strip() == ""


def test_the_region_page_has_the_section(client, priorities):
    page = client.get(reverse("region-detail", args=["ES41"])).content.decode()
    assert 'id="s3-region"' in page and "Automotive supply chain" in page
    page = client.get(reverse("region-detail", args=["DE11"])).content.decode()
    assert 'id="s3-region"' not in page


@pytest.mark.parametrize("url", [
    "/api/s3/regions/" + "X" * 500, "/api/s3/regions/%C3%A9", "/api/s3/regions/ES41?period=x",
    "/api/s3/hubs/99999999999999999999999/alignment", "/api/s3/hubs/%20/alignment",
    "/api/s3/hubs/" + "a" * 300 + "/alignment",
])
def test_odd_requests_get_a_4xx_with_a_message(client, url):
    answer = client.get(url)
    assert 400 <= answer.status_code < 500 and answer.json()["detail"]


def test_openapi_describes_the_s3_endpoints(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    assert {"/api/s3/hubs/{id}/alignment", "/api/s3/regions/{code}"} <= set(paths)
