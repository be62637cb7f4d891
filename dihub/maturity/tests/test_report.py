"""The report of a completed assessment: page, PDF and JSON; peers, weakest dimensions, the
mapping to EDIH terms, the nearest hubs offering them, privacy."""

import datetime
import io
from statistics import fmean, median

import pytest
from django.test import Client
from django.utils import timezone

from dihub.accounts.tests.helpers import person
from dihub.catalogue.tests.factories import make_hub, region
from dihub.maturity import loader, recommend, report
from dihub.maturity.models import Assessment, Company
from dihub.search.engine import distance_km
from dihub.search.filters import SearchParams
from dihub.taxonomy import vocab
from dihub.taxonomy.models import Term

pytestmark = pytest.mark.django_db

SME = loader.get("sme", 1)
KEYS = [d.key for d in SME.dimensions]
# Leuven, the largest town of BE24 (Prov. Vlaams-Brabant)
LEUVEN = (50.87959, 4.70093)
WEAK = {"digital_business_strategy": 60.0, "digital_readiness": 55.0,
        "human_centric_digitalisation": 70.0, "data_management": 65.0,
        "automation_ai": 10.0, "green_digitalisation": 20.0}


def company(name="Zakład Łódź Ąę Müller Óbuda", country="BE", members=()):
    made = Company.objects.create(name=name, country=country)
    made.members.add(*members)
    return made


def completed(of, dims=None, *, sector="c", size="small", when=None, nuts="BE24",
              questionnaire="sme", version=1, **fields) -> Assessment:
    dims = dict(dims or WEAK)
    overall = fmean(dims.values())
    return Assessment.objects.create(
        company=of, questionnaire=questionnaire, version=version,
        answers={"company_name": of.name, "country": of.country},
        sector=sector, size_class=size,
        region=region(nuts, "Prov. Vlaams-Brabant", "BE") if nuts else None,
        completed_at=when or timezone.now(), overall=overall,
        level=report.level(overall), dimensions=dims, **fields)


def flat(score):
    return dict.fromkeys(KEYS, float(score))


def sign_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# -- peers -----------------------------------------------------------------------------------

def test_peers_are_shown_from_five_companies_and_hidden_at_four():
    mine = completed(company())
    for n, score in enumerate((10, 20, 30, 40)):
        completed(company(f"Peer {n}"), flat(score))
    completed(company("Other sector"), flat(99), sector="j")
    completed(company("Other size"), flat(99), size="medium")
    completed(mine.company, flat(99))  # the company's own other assessment is no peer
    four = report.build(mine, with_help=False)
    assert four.peers is None and four.peer_count == 4
    assert four.peers_reason == "too_few_peers"
    assert "(4; at least 5 are needed)" in four.peers_message
    assert all(d.peer_median is None for d in four.dimensions)

    completed(company("Peer 4"), flat(50))
    five = report.build(mine, with_help=False)
    assert five.peers is not None and five.peers.count == 5
    assert five.peers.overall == 30.0  # median of 10, 20, 30, 40, 50
    assert five.peers.dimensions == dict.fromkeys(KEYS, 30.0)
    assert all(d.peer_median == 30.0 for d in five.dimensions)
    assert five.peers_reason == "" and five.to_dict()["peers"]["count"] == 5


def test_peers_count_each_company_by_its_latest_completed_assessment():
    mine = completed(company())
    now = timezone.now()
    for n in range(5):
        peer = company(f"Peer {n}")
        completed(peer, flat(90), when=now - datetime.timedelta(days=30))  # older: left out
        completed(peer, flat(10 * (n + 1)), when=now - datetime.timedelta(days=1))
        Assessment.objects.create(company=peer, questionnaire="sme", version=1,
                                  sector="c", size_class="small")  # not completed
    moved = company("Moved to another sector")
    completed(moved, flat(0), when=now - datetime.timedelta(days=30))
    completed(moved, flat(0), sector="j")  # its latest is not of this sector: no peer
    found = report.build(mine, with_help=False)
    assert found.peers.count == 5
    assert found.peers.overall == median([10, 20, 30, 40, 50])


def test_no_peers_without_sector_or_size_class():
    mine = completed(company(), sector="")
    for n in range(6):
        completed(company(f"Peer {n}"), flat(50), sector="")
    found = report.build(mine, with_help=False)
    assert found.peers is None and found.peers_reason == "no_profile"
    assert "sector and size class" in found.peers_message


# -- weakest dimensions ----------------------------------------------------------------------

def test_weakest_are_the_two_lowest_and_a_tie_goes_to_the_first_listed():
    assert report.weakest([("a", 5), ("b", 1), ("c", 3)]) == ["b", "c"]
    assert report.weakest([("a", 2), ("b", 1), ("c", 2), ("d", 1)]) == ["b", "d"]
    assert report.weakest([("a", 3), ("b", 1), ("c", 2), ("d", 2)]) == ["b", "c"]
    assert report.weakest([("a", 0), ("b", 0), ("c", 0)]) == ["a", "b"]
    tied = dict.fromkeys(KEYS, 40.0) | {"data_management": 30.0, "green_digitalisation": 30.0,
                                        "automation_ai": 30.0}
    found = report.build(completed(company(), tied, nuts=None))
    # three tie at 30: the questionnaire lists data_management before automation_ai
    assert [d.key for d, _ in found.weakest] == ["data_management", "automation_ai"]
    assert [d["key"] for d in found.to_dict()["weakest"]] == ["data_management",
                                                              "automation_ai"]


def test_scores_levels_and_help_of_each_dimension():
    dims = {**WEAK, "digital_readiness": 25.0, "data_management": 75.5}
    found = report.build(completed(company(), dims), with_help=False)
    assert [d.key for d in found.dimensions] == KEYS  # the questionnaire's order
    by_key = {d.key: d for d in found.dimensions}
    assert by_key["digital_readiness"].level == "basic"  # a boundary is the lower level's
    assert by_key["data_management"].level == "advanced"
    assert found.overall == pytest.approx(fmean(dims.values()))
    assert found.level == report.level(found.overall)
    assert all(d.help["measures"] and d.help["low"] and d.help["first_steps"]
               for d in found.dimensions)


def test_an_assessment_not_completed_has_no_report():
    draft = Assessment.objects.create(company=company(), questionnaire="sme", version=1)
    with pytest.raises(report.NotCompleted):
        report.build(draft)


# -- the data files --------------------------------------------------------------------------

def every_dimension():
    return {d.key for q in loader.available() for version in q["versions"]
            for d in loader.get(q["key"], version).dimensions}


def test_every_dimension_has_help_and_a_mapping():
    dimensions = every_dimension()
    assert {"digital_business_strategy", "interoperability"} <= dimensions
    assert set(report.dimension_help()) == dimensions
    assert set(recommend.mapping()) == dimensions
    for key, entry in recommend.mapping().items():
        assert entry["services"], f"{key}: no service to recommend"


def test_the_mapping_names_only_terms_of_the_edih_vocabulary():
    known = {(t.kind, t.name) for t in vocab.read_terms() if t.vocabulary == "edih"}
    for key, entry in recommend.mapping().items():
        for field, kind in recommend.KINDS:
            for name in entry[field]:
                assert (kind, name) in known, f"{key}.{field}: no EDIH {kind} named {name!r}"
                # and in the database, where the search resolves it by slug
                term = Term.objects.get(vocabulary="edih", kind=kind, name=name)
                assert SearchParams.from_query({kind: [term.slug]}).term_ids[kind]


def test_a_broken_mapping_is_refused(tmp_path):
    path = tmp_path / "help_mapping.yaml"
    path.write_text("automation_ai: {services: Prototyping}\n")
    with pytest.raises(recommend.MappingError):
        recommend.mapping.__wrapped__(path)
    path.write_text("automation_ai: {servces: [Prototyping]}\n")
    with pytest.raises(recommend.MappingError):
        recommend.mapping.__wrapped__(path)


# -- the nearest hubs ------------------------------------------------------------------------

def hubs_around_leuven():
    """Hubs offering a service mapped to automation_ai (Prototyping, Field trial), at known
    distances from Leuven, and hubs that must not be recommended."""
    proto = [("Prototyping", "service", None)]
    made = {}
    for name, lat, lon, terms in [
        ("Leuven Proto Lab", 50.88, 4.70, proto),
        ("Brussels Field Trials", 50.85, 4.35, [("Field trial", "service", None)]),
        ("Antwerp Robots", 51.22, 4.40, proto),
        ("Ghent Makers", 51.05, 3.72, proto),
        ("Liège Prototypes", 50.63, 5.57, proto),
        ("Lille Prototypage", 50.63, 3.06, proto),  # the sixth: not shown
    ]:
        made[name] = make_hub(name, country="BE", city=name.split()[0], lat=lat, lon=lon,
                              terms=terms)
    make_hub("Leuven Finance Desk", country="BE", lat=50.879, lon=4.701,
             terms=[("Finance", "service", None)])  # near, but not a mapped service
    make_hub("Leuven Draft Lab", country="BE", lat=50.879, lon=4.701, terms=proto,
             validation="draft")  # not published
    return made


def test_recommended_hubs_are_the_nearest_offering_the_mapped_services(client):
    made = hubs_around_leuven()
    found = report.build(completed(company()))
    assert found.place.name == "Leuven" and found.place.source == "region"
    assert found.place.near == "Leuven, BE"
    (automation, help_), (green, _) = found.weakest
    assert (automation.key, green.key) == ("automation_ai", "green_digitalisation")
    assert [t.name for t in help_.services] == ["Field trial", "Prototyping",
                                                "Technology transfer"]
    assert [t.name for t in help_.technologies][:2] == [
        "Artificial Intelligence & Decision support", "Robotics"]

    expected = sorted(list(made)[:6], key=lambda n: distance_km(*LEUVEN, made[n].lat,
                                                                 made[n].lon))[:5]
    assert [h["name"] for h in help_.hubs] == expected
    assert "Lille Prototypage" not in expected and expected[0] == "Leuven Proto Lab"
    for h in help_.hubs:
        assert h["distance_km"] == pytest.approx(
            distance_km(*LEUVEN, made[h["name"]].lat, made[h["name"]].lon), abs=0.2)
        assert h["url"] == f"/hubs/{made[h['name']].slug}/"
    assert help_.radius_km == 100  # the farthest shown (Ghent, ~70 km) fits in 100 km

    # the full search: the parameters the search page reads, the same hubs first
    url = help_.search_url
    assert url.startswith("/hubs/?service=field-trial&service=prototyping&service=")
    assert "near=Leuven%2C+BE" in url and "radius_km=100" in url
    params = SearchParams.from_query(_query(url))
    assert params.near_point == LEUVEN and params.radius_km == 100
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    positions = [html.index(name) for name in expected]
    assert positions == sorted(positions)
    assert "Leuven Finance Desk" not in html and "Leuven Draft Lab" not in html

    # no hub offers green services within reach: the search for them anywhere
    green_help = found.weakest[1][1]
    assert green_help.hubs == [] and green_help.radius_km is None
    assert green_help.search_url == ("/hubs/?service=circular-economy"
                                     "&service=technological-innovation")


def test_at_most_five_hubs_and_the_capital_when_only_the_country_is_known():
    hubs_around_leuven()
    found = report.build(completed(company(country="BE"), nuts=None))
    assert found.place.name == "Brussels" and found.place.source == "capital"
    help_ = found.weakest[0][1]
    assert len(help_.hubs) == 5
    assert help_.hubs[0]["name"] == "Brussels Field Trials"
    assert "near=Brussels%2C+BE" in help_.search_url


def test_no_place_no_distances():
    hubs_around_leuven()
    nowhere = completed(company(country=""), nuts=None)
    nowhere.answers = {}
    nowhere.save()
    found = report.build(nowhere)
    assert found.place is None
    help_ = found.weakest[0][1]
    assert help_.hubs == [] and help_.search_url.startswith("/hubs/?service=")
    assert "near=" not in help_.search_url


def _query(url):
    from django.http import QueryDict

    return QueryDict(url.split("?", 1)[1])


# -- the page, the PDF and the JSON, and who sees them --------------------------------------

def test_the_page_shows_scores_chart_data_peers_help_and_hubs():
    hubs_around_leuven()
    owner = person("owner@example.org")
    mine = completed(company(members=[owner]))
    answer = sign_in(owner).get(f"/maturity/assessments/{mine.pk}/report/")
    assert answer.status_code == 200
    assert "no-store" in answer["Cache-Control"]
    html = answer.content.decode()
    assert "Zakład Łódź Ąę Müller Óbuda" in html
    assert 'id="overall-score">46.7<' in html and "Average" in html  # 280 / 6
    chart = html.split('id="dma-chart-data" type="application/json">', 1)[1].split("<", 1)[0]
    import json

    data = json.loads(chart)
    assert data["scores"] == [WEAK[k] for k in KEYS] and "peers" not in data
    for d in SME.dimensions:
        assert f'data-key="{d.key}"' in html and d.name in html
    assert "Too few companies of the same sector and size class" in html
    assert 'href="/hubs/test-hub-' in html and "Leuven Proto Lab" in html
    assert "near=Leuven%2C+BE" in html
    assert '<script src="/static/vendor/chart.js/chart.umd.min.js" defer>' in html
    assert f'href="/maturity/assessments/{mine.pk}/report.pdf"' in html
    assert "<script>" not in html and " style=" not in html  # nothing inline (CSP)


def test_the_pdf_is_a_pdf_with_the_company_name_in_its_text():
    from pypdf import PdfReader

    hubs_around_leuven()
    owner = person("owner@example.org")
    mine = completed(company(members=[owner]))
    for n in range(5):
        completed(company(f"Peer {n}"), flat(10 * n))
    answer = sign_in(owner).get(f"/maturity/assessments/{mine.pk}/report.pdf")
    assert answer.status_code == 200 and answer["Content-Type"] == "application/pdf"
    content = answer.content
    assert content.startswith(b"%PDF-")
    pdf = PdfReader(io.BytesIO(content))
    assert len(pdf.pages) >= 1
    text = " ".join(page.extract_text() for page in pdf.pages)
    assert "Zakład Łódź Ąę Müller Óbuda" in text
    assert "Automation and artificial intelligence" in text and "Leuven Proto Lab" in text
    assert "median of" in text and "5" in text
    assert pdf.pages[0].get_contents().get_data()  # the first page draws something
    fonts = [f.get_object()["/BaseFont"] for f in pdf.pages[0]["/Resources"]["/Font"].values()]
    assert any(name.endswith("DejaVuSans") for name in fonts)  # embedded: ł, ą, ę


def test_only_those_who_may_see_the_assessment_get_its_report():
    owner, stranger = person("owner@example.org"), person("stranger@example.org")
    mine = completed(company(members=[owner]))
    paths = [f"/maturity/assessments/{mine.pk}/report/",
             f"/maturity/assessments/{mine.pk}/report.pdf"]
    for path in paths:
        assert Client().get(path).status_code == 404
        assert sign_in(stranger).get(path).status_code == 404
        assert sign_in(owner).get(path).status_code == 200
    missing = f"/maturity/assessments/{mine.pk + 1000}/report/"
    assert sign_in(owner).get(missing).status_code == 404
    draft = Assessment.objects.create(company=mine.company, questionnaire="sme", version=1)
    assert sign_in(owner).get(f"/maturity/assessments/{draft.pk}/report/").status_code == 404


def test_the_json_twin_has_the_same_data_and_the_same_privacy():
    hubs_around_leuven()
    owner, stranger = person("owner@example.org"), person("stranger@example.org")
    mine = completed(company(members=[owner]))
    url = f"/api/maturity/assessments/{mine.pk}/report"
    assert Client().get(url).status_code == 401
    refused = sign_in(stranger).get(url)
    assert refused.status_code == 404 and refused.json()["detail"]
    data = sign_in(owner).get(url).json()
    assert data["company"]["name"] == "Zakład Łódź Ąę Müller Óbuda"
    assert data["overall"] == pytest.approx(280 / 6) and data["level_name"] == "Average"
    assert [d["key"] for d in data["dimensions"]] == KEYS
    assert data["dimensions"][4]["score"] == 10.0
    assert data["dimensions"][4]["level"] == "basic"
    assert data["dimensions"][4]["help"]["first_steps"]
    assert data["peers"] is None and data["peers_reason"] == "too_few_peers"
    assert data["place"]["near"] == "Leuven, BE"
    weak = data["weakest"][0]
    assert weak["key"] == "automation_ai"
    assert {"name": "Prototyping", "slug": "prototyping",
            "url": "/hubs/?service=prototyping&near=Leuven%2C+BE"} in weak["services"]
    assert weak["hubs"][0]["name"] == "Leuven Proto Lab"
    assert weak["hubs"][0]["distance_km"] < 1 and weak["search_url"].startswith("/hubs/?")

    draft = Assessment.objects.create(company=mine.company, questionnaire="sme", version=1)
    assert sign_in(owner).get(
        f"/api/maturity/assessments/{draft.pk}/report").status_code == 404


def test_the_json_twin_is_in_the_openapi_description():
    schema = Client().get("/api/openapi.json").json()
    operation = schema["paths"]["/api/maturity/assessments/{assessment_id}/report"]["get"]
    assert operation["security"] and "404" in operation["responses"]
    assert "peers_reason" in str(schema["components"]["schemas"]["ReportOut"])


def test_a_public_sector_report_uses_its_own_dimensions_help_and_mapping():
    public = loader.get("public", 1)
    dims = {d.key: 50.0 for d in public.dimensions} | {"interoperability": 5.0,
                                                        "digital_strategy": 5.0}
    found = report.build(completed(company("Gmina Świętochłowice", country="PL"), dims,
                                   questionnaire="public", sector="", size="", nuts=None))
    assert [d.key for d in found.dimensions] == [d.key for d in public.dimensions]
    assert [d.key for d, _ in found.weakest] == ["digital_strategy", "interoperability"]
    assert found.place.name == "Warsaw" and found.place.source == "capital"
    assert [t.name for t in found.weakest[1][1].services] == ["Public sector innovation",
                                                              "Ecosystem building"]
    assert found.peers is None and found.peers_reason == "no_profile"
