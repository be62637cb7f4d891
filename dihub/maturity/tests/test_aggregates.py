"""Figures over many companies: each company once (its latest completed assessment), by
hub, region (with its sub-regions) and sector; fewer than 5 companies are never shown."""

import pytest
from django.test import Client

from dihub.catalogue.tests.factories import region
from dihub.maturity import aggregates
from dihub.maturity.models import Assessment

from .dma import company, done, hub, scores

pytestmark = pytest.mark.django_db
API = "/api/maturity/aggregates"


def companies(n, value=40, **kwargs):
    """n companies, each with one completed assessment scoring `value` everywhere."""
    return [done(company(f"Company {i}"), scores(value), **kwargs) for i in range(n)]


def figures(**params):
    return aggregates.aggregate(aggregates.clean(**params))


def test_four_companies_are_suppressed_five_are_shown():
    companies(4, 40)
    found = figures()
    assert found["suppressed"] and found["companies"] is None
    assert found["overall"] is found["dimensions"] is found["levels"] is None
    assert found["note"] == "fewer than 5 companies: not shown"
    companies(1, 50)
    found = figures()
    assert not found["suppressed"] and found["companies"] == 5
    assert found["overall"]["mean"] == 42 and found["overall"]["median"] == 40


def test_companies_are_counted_once_with_their_latest_assessment():
    for i in range(4):
        c = company(f"Company {i}")
        done(c, scores(90), days_ago=100)
        done(c, scores(20), days_ago=1)
    Assessment.objects.create(company=company("Open Ltd"), questionnaire="sme", version=1)
    assert figures()["suppressed"]  # 8 completed assessments, yet 4 companies
    done(company("Fifth"), scores(20))
    found = figures()
    assert found["companies"] == 5 and found["overall"]["mean"] == 20


def test_means_medians_and_levels_on_hand_computed_numbers():
    for n, value in enumerate((30, 35, 40, 45, 50, 10, 60)):
        done(company(f"C{n}"), scores(value, value, value, value, value, value - 10))
    found = figures()
    overall = [(6 * v - 10) / 6 for v in (30, 35, 40, 45, 50, 10, 60)]
    assert found["companies"] == 7
    assert found["overall"]["mean"] == pytest.approx(sum(overall) / 7)
    assert found["overall"]["median"] == pytest.approx((6 * 40 - 10) / 6)
    # overall 28.3, 33.3, 38.3, 43.3, 48.3 are Average (5); 8.3 Basic, 58.3 Moderately
    # advanced: 1 each, suppressed; none Advanced: 0 is shown
    assert [(lv["key"], lv["count"], lv["suppressed"]) for lv in found["levels"]] == [
        ("basic", None, True), ("average", 5, False), ("moderately_advanced", None, True),
        ("advanced", 0, False)]
    strategy = found["dimensions"][0]
    green = found["dimensions"][-1]
    assert strategy["mean"] == pytest.approx(270 / 7) and strategy["median"] == 40
    assert green["mean"] == pytest.approx(200 / 7) and green["median"] == 30


def test_a_region_includes_its_sub_regions():
    be21, be24, de11 = region("BE21"), region("BE24"), region("DE11")
    companies(3, 40, region=be21)
    companies(2, 60, region=be24)
    companies(5, 80, region=de11)
    assert figures(region="BE2")["companies"] == 5
    assert figures(region="be")["overall"]["mean"] == 48
    assert figures(region="BE24")["suppressed"]
    assert figures(region="DE")["overall"]["mean"] == 80
    assert figures()["companies"] == 10


def test_by_hub_and_by_sector():
    h, g = hub("Hub A"), hub("Hub B")
    companies(5, 30, hub=h, sector="C")
    companies(3, 70, hub=g, sector="C")
    companies(2, 70, shared=[h, g], sector="J")  # shared with both, no hub of their own
    assert figures(hub=h.slug)["companies"] == 7
    assert figures(hub=str(g.pk))["companies"] == 5
    assert figures(sector="c")["companies"] == 8
    assert figures(sector="J")["suppressed"]
    assert figures(hub=h.slug, sector="C")["overall"]["mean"] == 30


def test_a_breakdown_suppresses_small_cells_and_one_more_when_they_could_be_worked_out():
    companies(6, 30, sector="C")
    companies(5, 50, sector="F")
    companies(1, 90, sector="J")  # alone: suppressed; and C+F+J less C and F would give it
    cells = {c["key"]: c for c in aggregates.breakdown(aggregates.clean(), "sector")}
    assert cells["J"]["suppressed"] and cells["J"]["companies"] is None
    assert cells["F"]["suppressed"]  # the smallest shown cell goes too
    assert "cannot be worked out" in cells["F"]["note"]
    assert cells["C"]["companies"] == 6 and cells["C"]["overall"]["mean"] == 30
    companies(4, 90, sector="J")  # J now has 5: nothing to hide
    cells = {c["key"]: c for c in aggregates.breakdown(aggregates.clean(), "sector")}
    assert not any(c["suppressed"] for c in cells.values())


@pytest.mark.parametrize("params, status, param", [
    ({"sector": "CC"}, 400, "sector"), ({"sector": "Z"}, 400, "sector"),
    ({"region": "D"}, 400, "region"), ({"region": "DE-1"}, 400, "region"),
    ({"questionnaire": "nope"}, 400, "questionnaire"), ({"hub": "no-such-hub"}, 404, None),
    ({"hub": "99999999999999999999999"}, 404, None), ({"hub": "a\x00b"}, 404, None),
])
def test_bad_filters_answer_4xx(params, status, param):
    answer = Client().get(API, params)
    assert answer.status_code == status
    if param:
        assert answer.json()["errors"][0]["question"] == param


def test_an_unpublished_hub_is_not_a_filter():
    draft = hub("Draft", validation="draft")
    assert Client().get(API, {"hub": draft.slug}).status_code == 404


def test_the_public_api_and_page_never_show_a_small_group():
    h = hub("Hub A")
    companies(4, 40, hub=h, sector="C")
    anonymous = Client()
    found = anonymous.get(API, {"hub": h.slug}).json()
    assert found["suppressed"] and found["companies"] is None and found["overall"] is None
    assert found["filters"] == {"questionnaire": "sme", "hub": h.slug, "region": None,
                                "sector": None}
    assert found["breakdowns"]["sector"][0]["suppressed"]
    page = anonymous.get("/maturity/aggregates/", {"hub": h.slug})
    assert page.status_code == 200
    text = page.content.decode()
    assert "Fewer than 5 companies: not shown." in text and "40.0" not in text
    companies(1, 60, hub=h, sector="C")
    found = anonymous.get(API, {"hub": h.slug}).json()
    assert found["companies"] == 5 and found["overall"]["mean"] == 44
    assert "44.0" in anonymous.get("/maturity/aggregates/", {"hub": h.slug}).content.decode()


def test_the_page_says_what_is_wrong_with_a_filter():
    answer = Client().get("/maturity/aggregates/", {"sector": "??"})
    assert answer.status_code == 400 and b"NACE" in answer.content


def test_public_sector_assessments_are_apart():
    companies(5, 40, questionnaire="public")
    assert figures()["suppressed"]
    assert figures(questionnaire="public")["companies"] == 5
