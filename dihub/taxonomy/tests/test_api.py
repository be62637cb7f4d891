"""GET /api/taxonomies and /api/taxonomies/{kind}."""

import pytest

from dihub.catalogue.models import Hub, HubTerm
from dihub.taxonomy.loader import get_or_create_unknown
from dihub.taxonomy.models import Term
from dihub.taxonomy.vocab import vocabulary_names

pytestmark = pytest.mark.django_db


def get(client, url, status=200, **params):
    response = client.get(url, params)
    assert response.status_code == status, response.content
    return response.json()


def by_name(items, vocabulary):
    return {t["name"]: t for t in items if t["vocabulary"] == vocabulary}


def test_kinds_with_counts(client):
    get_or_create_unknown("edih", "sector", "Space mining")
    kinds = {k["kind"]: k for k in get(client, "/api/taxonomies")}
    assert list(kinds) == ["technology", "sector", "service"]
    sector = kinds["sector"]
    edih, jrc = len(vocabulary_names("edih", "sector")), len(vocabulary_names("jrc", "sector"))
    assert sector["by_vocabulary"] == {"edih": edih + 1, "jrc": jrc}
    assert sector["term_count"] == edih + jrc + 1
    assert sector["known_count"] == edih + jrc
    assert kinds["service"]["label"] == "Service"


def test_terms_of_one_vocabulary_in_order(client):
    terms = get(client, "/api/taxonomies/technology", vocabulary="jrc")
    assert [t["name"] for t in terms] == vocabulary_names("jrc", "technology")
    iot = by_name(terms, "jrc")["Internet of things"]
    assert iot["slug"] == "internet-of-things" and iot["source_id"] == "9" and iot["known"]
    assert [(e["vocabulary"], e["name"], e["relation"]) for e in iot["equivalents"]] == [
        ("edih", "Internet of Things", "exact")
    ]


def test_relations_read_from_the_listed_term(client):
    """The crosswalk says the JRC sector is broader; seen from it, EDIH terms are narrower."""
    terms = get(client, "/api/taxonomies/sector")
    jrc = by_name(terms, "jrc")["Life sciences & healthcare"]
    assert {(e["name"], e["relation"]) for e in jrc["equivalents"]} == {
        ("Health care", "narrower"),
        ("Life sciences", "narrower"),
    }
    health = by_name(terms, "edih")["Health care"]
    assert [(e["vocabulary"], e["name"], e["relation"]) for e in health["equivalents"]] == [
        ("jrc", "Life sciences & healthcare", "broader")
    ]
    smart_city = by_name(terms, "edih")["Smart City"]
    assert smart_city["equivalents"] == []


def test_hub_counts(client):
    robotics = Term.objects.get(vocabulary="edih", kind="technology", name="Robotics")
    big_data = Term.objects.get(vocabulary="edih", kind="technology", name="Big data")
    for n in range(3):
        hub = Hub.objects.create(slug=f"hub-{n}", name=f"Hub {n}")
        HubTerm.objects.create(hub=hub, term=robotics, level=n + 1)
    HubTerm.objects.create(hub=hub, term=big_data, level=5)
    terms = by_name(get(client, "/api/taxonomies/technology", vocabulary="edih"), "edih")
    assert terms["Robotics"]["hub_count"] == 3
    assert terms["Big data"]["hub_count"] == 1
    assert terms["Cybersecurity"]["hub_count"] == 0


def test_unknown_terms_are_listed_and_can_be_filtered(client):
    get_or_create_unknown("jrc", "service", "Hackathons")
    unknown = get(client, "/api/taxonomies/service", known="false")
    assert [(t["vocabulary"], t["name"], t["known"]) for t in unknown] == [
        ("jrc", "Hackathons", False)
    ]
    known = get(client, "/api/taxonomies/service", known="true")
    assert len(known) == len(vocabulary_names("jrc", "service")) + len(
        vocabulary_names("edih", "service")
    )


def test_an_unknown_kind_is_a_404_with_a_message(client):
    body = get(client, "/api/taxonomies/colour", status=404)
    assert "unknown kind 'colour'" in body["detail"] and "technology" in body["detail"]


def test_a_bad_vocabulary_is_a_4xx(client):
    response = client.get("/api/taxonomies/sector", {"vocabulary": "nace"})
    assert response.status_code == 422
    assert "vocabulary" in response.content.decode()


def test_the_api_documents_the_taxonomy_routes(client):
    paths = get(client, "/api/openapi.json")["paths"]
    assert "/api/taxonomies" in paths and "/api/taxonomies/{kind}" in paths
