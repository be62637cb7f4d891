import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dihub.catalogue.serialize import clean_filters, hub_dict, hubs_queryset
from dihub.params import BadParameter

from .factories import full_hub, make_hub

pytestmark = pytest.mark.django_db

FACT_SHEET_KEYS = {
    "id", "slug", "name", "local_name", "title", "description", "local_description", "type",
    "status", "validation", "address", "lat", "lon", "region", "website", "social",
    "initiative", "technologies", "sectors", "services", "contacts", "organisations",
    "examples", "funding", "sources", "updated_at",
}
RESULT_KEYS = {
    "id", "slug", "name", "title", "type", "status", "country", "region", "city", "lat", "lon",
    "distance_km", "technologies", "sectors", "services", "snippet", "url",
}


def test_hub_dict_has_every_fact_sheet_field():
    hub = full_hub()
    data = hub_dict(hubs_queryset().get(pk=hub.pk))
    assert set(data) == FACT_SHEET_KEYS
    assert data["address"] == {"street": "Nobelstraße 12", "postcode": "70569",
                               "city": "Stuttgart", "country": "DE",
                               "text": "Nobelstraße 12, 70569 Stuttgart, Germany"}
    assert data["region"] == {"code": "DE11", "name": "Stuttgart"}
    assert data["type"] == "edih" and data["status"] == "operational"
    assert [t["level"] for t in data["technologies"]] == [5, 4, 3, 2]
    assert {"name": "Robotics", "vocabulary": "jrc", "level": 3} in data["technologies"]
    assert data["services"] == [{"name": "Test before invest", "vocabulary": "edih",
                                 "level": None}]
    assert data["organisations"][0]["role"] == "coordinator"
    assert data["funding"] == [{"programme": "Digital Europe Programme",
                                "description": "EDIH grant"}]
    assert data["sources"] == [{"source": "edih",
                                "source_id": "Robotics Hub Stuttgart | Robots for SMEs"}]
    json.dumps(data)  # plain JSON data


def test_public_hub_dict_keeps_only_published_contacts():
    hub = full_hub()
    public = hub_dict(hubs_queryset().get(pk=hub.pk))
    assert [c["name"] for c in public["contacts"]] == ["Public Person"]
    assert "secret@example.org" not in json.dumps(public)
    # even from a queryset that fetched every contact
    assert "Secret Person" not in json.dumps(hub_dict(hubs_queryset(public=False).get(pk=hub.pk)))
    private = hub_dict(hubs_queryset(public=False).get(pk=hub.pk), public=False)
    assert "secret@example.org" in json.dumps(private)


def test_listing_costs_a_fixed_number_of_queries():
    def queries_for_listing():
        with CaptureQueriesContext(connection) as ctx:
            [hub_dict(h) for h in hubs_queryset()]
        return len(ctx.captured_queries)

    full_hub()
    few = queries_for_listing()
    for n in range(5):
        full_hub(name=f"Hub {n}", slug=f"hub-{n}")
    assert queries_for_listing() == few


def test_unpublished_hubs_are_not_public():
    make_hub("Draft hub", validation="draft")
    make_hub("Live hub")
    assert [h.name for h in hubs_queryset()] == ["Live hub"]


@pytest.mark.parametrize("country,hub_type", [("DEU", ""), ("1x", ""), ("", "castle"),
                                              ("D", ""), ("ÄÖ", "")])
def test_bad_filters_are_refused(country, hub_type):
    with pytest.raises(BadParameter):
        clean_filters(country, hub_type)


def test_filters_are_normalised():
    assert clean_filters(" de ", "EDIH") == {"country": "DE", "type": "edih"}
    assert clean_filters(None, None) == {}


# -- the API ----------------------------------------------------------------------------

def test_api_list_pages_and_filters(client):
    for n in range(5):
        make_hub(f"German hub {n}", country="DE", hub_type="edih")
    make_hub("French hub", country="FR", hub_type="dih")
    answer = client.get("/api/hubs", {"page_size": 2, "page": 2})
    assert answer.status_code == 200
    body = answer.json()
    assert (body["count"], body["page"], body["page_size"]) == (6, 2, 2)
    assert [h["name"] for h in body["results"]] == ["German hub 1", "German hub 2"]
    assert set(body) == {"count", "page", "page_size", "results", "facets"}
    assert set(body["results"][0]) == RESULT_KEYS
    assert {f["value"]: f["count"] for f in body["facets"]["country"]} == {"DE": 5, "FR": 1}
    french = client.get("/api/hubs", {"country": "fr"}).json()
    assert [h["name"] for h in french["results"]] == ["French hub"]
    assert client.get("/api/hubs", {"type": "edih"}).json()["count"] == 5


def test_api_detail_by_id_and_slug(client):
    hub = full_hub()
    by_id = client.get(f"/api/hubs/{hub.pk}").json()
    by_slug = client.get(f"/api/hubs/{hub.slug}").json()
    assert by_id == by_slug
    assert set(by_id) == FACT_SHEET_KEYS | {"languages", "translations"}
    assert [c["name"] for c in by_id["contacts"]] == ["Public Person"]


def test_api_detail_404_has_a_message(client):
    answer = client.get("/api/hubs/no-such-hub")
    assert answer.status_code == 404
    assert "no-such-hub" in answer.json()["detail"]


def test_api_summary(client):
    make_hub("A", country="DE", hub_type="edih")
    make_hub("B", country="DE", hub_type="dih")
    make_hub("C", country="IT", hub_type="edih")
    body = client.get("/api/hubs/summary").json()
    assert body["total"] == 3
    assert body["by_country"][0] == {"key": "DE", "label": "Germany", "count": 2}
    assert {r["key"]: r["count"] for r in body["by_type"]} == {"edih": 2, "dih": 1}


@pytest.mark.parametrize("params", [
    {"page": "abc"}, {"page": "0"}, {"page": "-1"}, {"page": "1e9"},
    {"page": "99999999999999999999"},
    {"page_size": "0"}, {"page_size": "101"}, {"page_size": "x"}, {"page": "1.5"},
    {"country": "Germany"}, {"country": "<script>"}, {"type": "castle"}, {"type": "x" * 500},
    {"page": "7"}, {"country": "\x00"}, {"type": "a\x00"}, {"page": "\x00"},
])
def test_api_garbage_parameters_answer_4xx_with_a_message(client, params):
    make_hub("Only hub")
    answer = client.get("/api/hubs", params)
    assert 400 <= answer.status_code < 500, answer.content
    assert answer.json()["detail"]


@pytest.mark.parametrize("key", ["0", "99999999999999999999999", "%00", "a" * 300, "-1",
                                 "x%00y", "%C3%A4%E2%80%AE"])
def test_api_garbage_ids_answer_404(client, key):
    answer = client.get(f"/api/hubs/{key}")
    assert answer.status_code == 404
    assert answer.json()["detail"]


def test_openapi_schema_describes_the_hub_endpoints(client):
    schema = client.get("/api/openapi.json").json()
    assert {"/api/hubs", "/api/hubs/{id}", "/api/hubs/summary"} <= set(schema["paths"])
    hub = schema["components"]["schemas"]["HubOut"]
    assert FACT_SHEET_KEYS <= set(hub["properties"])
    assert client.get("/api/docs").status_code == 200
