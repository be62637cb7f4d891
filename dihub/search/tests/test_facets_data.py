"""Facets as data: each value says whether the query chose it and gives the URL that
toggles it, in the API and on the page alike; a value typed as a label counts as chosen."""

from urllib.parse import parse_qs, urlsplit

import pytest

from .test_api import hubs  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def facet(data, kind, value):
    return next(f for f in data["facets"][kind] if f["value"] == value)


def test_each_value_says_selected_and_toggles(client, hubs):  # noqa: F811
    data = client.get("/api/hubs", {"country": "ES", "technology": "robotics"}).json()
    spain, germany = facet(data, "country", "ES"), facet(data, "country", "DE")
    assert spain["selected"] and not germany["selected"]
    assert parse_qs(urlsplit(spain["url"]).query) == {"technology": ["robotics"]}
    assert parse_qs(urlsplit(germany["url"]).query)["country"] == ["ES", "DE"]
    followed = client.get(germany["url"]).json()
    assert facet(followed, "country", "DE")["selected"] and followed["count"] == 2


def test_a_value_typed_as_its_label_is_selected_and_kept(client, hubs):  # noqa: F811
    data = client.get("/api/hubs", {"technology": "Robotics"}).json()
    robotics = facet(data, "technology", "robotics")
    assert robotics["selected"] and data["count"] == 2
    assert parse_qs(urlsplit(robotics["url"]).query) == {}  # unticking drops the typed text
    big_data = facet(data, "technology", "big-data")
    assert parse_qs(urlsplit(big_data["url"]).query)["technology"] == ["Robotics", "big-data"]
    page = client.get("/hubs/", {"technology": "Robotics"}).content.decode()
    assert 'name="technology" value="robotics" checked' in page


def test_a_chosen_value_counted_nowhere_is_still_listed(client, hubs):  # noqa: F811
    data = client.get("/api/hubs", {"country": "FR", "technology": "Big data"}).json()
    big_data = facet(data, "technology", "big-data")
    assert big_data["selected"] and big_data["count"] == 0
    type_facet = client.get("/api/hubs", {"type": "seal"}).json()["facets"]["type"]
    assert [f["value"] for f in type_facet if f["selected"]] == ["seal"]
