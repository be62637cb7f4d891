"""GET /api/hubs.points: the map's compact points, the same hubs as /api/hubs, gzip, ETag."""

import gzip
import json

import pytest

from dihub.catalogue import workflow
from dihub.catalogue.tests.factories import make_hub
from dihub.search import points
from dihub.search.filters import SearchParams

from .test_api import hubs  # noqa: F401 (the fixture that catalogue renames)
from .test_api import test_bad_parameters_answer_400_with_what_was_expected as bad_cases

pytestmark = pytest.mark.django_db

URL = "/api/hubs.points"
BAD = bad_cases.pytestmark[0].args[1]  # the (params, param) cases of /api/hubs


@pytest.fixture
def catalogue(hubs):  # noqa: F811
    """test_api's small catalogue: hubs in Spain, Germany and France, one without
    coordinates."""
    return hubs


@pytest.fixture(autouse=True)
def _empty_cache():
    points.CACHE.clear()
    yield
    points.CACHE.clear()


def get(client, params=None, **meta):
    return client.get(URL, params or {}, **meta)


def body(answer) -> dict:
    assert answer.status_code == 200, answer.content
    raw = answer.content
    if answer.get("Content-Encoding") == "gzip":
        raw = gzip.decompress(raw)
    return json.loads(raw)


def hubs_of(data) -> list[tuple]:
    """(id, name, slug, type, lat, lon) of each point, the columns read back."""
    scale = data["scale"]
    return [(i, name, slug, data["types"][t], lat / scale, lon / scale)
            for i, name, slug, t, lat, lon in zip(
                data["id"], data["name"], data["slug"], data["type"], data["lat"],
                data["lon"], strict=True)]


def listed(client, params) -> set[int]:
    """The ids /api/hubs finds for params, every page."""
    found, page = set(), 1
    while True:
        answer = client.get("/api/hubs", {**params, "page_size": 100, "page": page}).json()
        found |= {h["id"] for h in answer["results"] if h["lat"] is not None}
        if page * 100 >= answer["count"]:
            return found
        page += 1


def test_the_format(client, catalogue):
    data = body(get(client, {"country": "ES"}))
    assert set(data) == {"count", "scale", "types", "url", "id", "lat", "lon", "type",
                         "slug", "name"}
    assert data["count"] == 3 and data["scale"] == 100_000 and data["url"] == "/hubs/"
    assert data["types"][:3] == ["edih", "seal", "dih"]
    assert data["id"] == sorted(data["id"])
    rioja = catalogue["rioja"]
    assert (rioja.pk, "Rioja Robotics", rioja.slug, "edih", 42.466, -2.445) in hubs_of(data)
    assert all(isinstance(v, int) for v in data["lat"] + data["lon"])
    # the fact-sheet of a point is url + slug + "/"
    page = client.get(f"{data['url']}{rioja.slug}/")
    assert page.status_code == 200 and "Rioja Robotics" in page.content.decode()


def test_coordinates_keep_five_decimals(client):
    hub = make_hub("Precise", country="IT", lat=45.4642035, lon=-9.1899999)
    (point,) = hubs_of(body(get(client)))
    assert point[0] == hub.pk and (point[4], point[5]) == (45.4642, -9.19)
    assert body(get(client))["lat"] == [4546420]


@pytest.mark.parametrize("params", [
    {}, {"q": "robot"}, {"country": "ES"}, {"technology": "robotics", "min_level": 3},
    {"region": "ES41"}, {"type": "edih", "status": "operational"}, {"bbox": "-4,42,0,43"},
    {"near": "Logroño", "radius_km": 150}, {"q": "digital", "country": "FR"},
    {"q": "nothing-like-this"}, {"sort": "name", "page": 1, "page_size": 1},
])
def test_the_same_hubs_as_the_search(client, catalogue, params):
    data = body(get(client, params))
    assert set(data["id"]) == listed(client, params)
    assert data["count"] == len(data["id"])
    assert "Nowhere Hub" not in data["name"]  # no coordinates, not on the map


def test_the_same_hubs_as_the_geojson(client, catalogue):
    features = client.get("/api/hubs.geojson").json()["features"]
    geo = [(f["id"], f["properties"]["name"], f["properties"]["slug"], f["properties"]["type"],
            f["geometry"]["coordinates"][1], f["geometry"]["coordinates"][0])
           for f in features]
    assert hubs_of(body(get(client))) == sorted(geo)


def test_unpublished_hubs_are_not_points(client, catalogue):
    make_hub("Draft Hub", country="ES", lat=42.0, lon=-3.0, validation="draft")
    assert "Draft Hub" not in body(get(client))["name"]


@pytest.mark.parametrize("params,param", BAD)
def test_bad_parameters_answer_400_as_the_search_does(client, catalogue, params, param):
    if param == "page":
        return  # not paged: a page past the last is no error here
    answer = get(client, params)
    assert answer.status_code == 400, answer.content
    assert answer.json()["param"] == param
    assert answer.json() == client.get("/api/hubs", params).json()


def test_gzip_when_asked(client, catalogue):
    plain = get(client)
    assert plain.get("Content-Encoding") is None
    zipped = get(client, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert zipped["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.content) == plain.content
    assert "Accept-Encoding" in zipped["Vary"] and "Accept-Encoding" in plain["Vary"]
    assert zipped["Content-Type"] == "application/json"
    for refused in ("identity", "gzip;q=0", "br", "gzip;q=0, *"):
        assert get(client, HTTP_ACCEPT_ENCODING=refused).get("Content-Encoding") is None
    assert get(client, HTTP_ACCEPT_ENCODING="*")["Content-Encoding"] == "gzip"


def test_a_small_answer_is_not_gzipped(client):
    answer = get(client, HTTP_ACCEPT_ENCODING="gzip")
    assert body(answer)["count"] == 0 and answer.get("Content-Encoding") is None


def test_etag_and_304(client, catalogue):
    first = get(client)
    tag = first["ETag"]
    assert first["Cache-Control"] == "no-cache"
    assert tag.startswith('"') and tag.endswith('"')
    again = get(client, HTTP_IF_NONE_MATCH=tag)
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == tag and again["Cache-Control"] == "no-cache"
    # the gzipped answer: a weak tag of the same hash, and either tag revalidates
    zipped = get(client, HTTP_ACCEPT_ENCODING="gzip")
    assert zipped["ETag"] == f"W/{tag}"
    assert get(client, HTTP_ACCEPT_ENCODING="gzip",
               HTTP_IF_NONE_MATCH=zipped["ETag"]).status_code == 304
    assert get(client, HTTP_IF_NONE_MATCH=f'"other", {zipped["ETag"]}').status_code == 304
    assert get(client, HTTP_IF_NONE_MATCH="*").status_code == 304
    assert get(client, HTTP_IF_NONE_MATCH='"other"').status_code == 200
    # another search, another tag
    spain = get(client, {"country": "ES"}, HTTP_IF_NONE_MATCH=tag)
    assert spain.status_code == 200 and spain["ETag"] != tag


def test_an_edited_hub_changes_the_answer_and_the_etag(client, catalogue):
    tag = get(client)["ETag"]
    hub = catalogue["paris"]
    hub.name = "Paris Numérique"
    hub.save()
    answer = get(client, HTTP_IF_NONE_MATCH=tag)
    assert answer.status_code == 200 and answer["ETag"] != tag
    assert "Paris Numérique" in body(answer)["name"]
    tag = answer["ETag"]
    hub.lat, hub.lon = 43.6, 1.44  # moved to Toulouse
    hub.save()
    answer = get(client, HTTP_IF_NONE_MATCH=tag)
    assert answer.status_code == 200
    assert (hub.pk, "Paris Numérique", hub.slug, "seal", 43.6, 1.44) in hubs_of(body(answer))


def test_an_unpublished_hub_leaves_the_answer(client, catalogue):
    tag = get(client)["ETag"]
    workflow.archive(catalogue["leon"], None)
    answer = get(client, HTTP_IF_NONE_MATCH=tag)
    assert answer.status_code == 200 and answer["ETag"] != tag
    assert "Leon Data" not in body(answer)["name"]
    workflow.restore(catalogue["leon"], None)
    assert "Leon Data" in body(get(client))["name"]


def test_a_new_term_changes_a_term_search(client, catalogue):
    from dihub.catalogue.models import HubTerm
    from dihub.catalogue.signals import changed
    from dihub.catalogue.tests.factories import term

    before = body(get(client, {"technology": "robotics"}))
    HubTerm.objects.create(hub=catalogue["paris"], term=term("Robotics", "technology", "edih"),
                           level=2)
    changed([catalogue["paris"].pk])
    after = body(get(client, {"technology": "robotics"}))
    assert set(after["id"]) == set(before["id"]) | {catalogue["paris"].pk}


def test_the_answer_follows_the_language(client, catalogue):
    english = body(get(client))
    german = body(get(client, {"lang": "de"}))
    assert english["url"] == "/hubs/" and german["url"] == "/de/hubs/"
    assert german["id"] == english["id"]
    assert "Accept-Language" in get(client)["Vary"]


def test_the_cache_is_bounded_and_keyed_by_the_search(client, catalogue):
    cache = points.Cache(entries=2)
    index = object.__new__(type("Index", (), {}))
    made = []

    def make(key):
        def build():
            made.append(key)
            return points.encode({"key": key})
        return build

    for key in ("a", "b", "a", "c", "b"):
        cache.get(index, key, make(key))
    assert made == ["a", "b", "c", "b"]  # a kept, then pushed out by c
    other = object.__new__(type("Index", (), {}))
    cache.get(other, "a", make("a"))
    assert made[-1] == "a"  # another index: nothing kept
    es = SearchParams.from_query({"country": "es", "page_size": "5"})
    assert points.cache_key(es) == points.cache_key(SearchParams.from_query({"country": "ES"}))
    assert points.cache_key(es) != points.cache_key(SearchParams.from_query({"country": "FR"}))


def test_openapi_documents_the_points(client):
    schema = client.get("/api/openapi.json").json()
    operation = schema["paths"][URL]["get"]
    read = {p["name"] for p in operation["parameters"] if p["in"] == "query"}
    geojson = schema["paths"]["/api/hubs.geojson"]["get"]["parameters"]
    assert read == {p["name"] for p in geojson}
    assert {"200", "304", "400"} <= set(operation["responses"])
    assert set(operation["responses"]["200"]["headers"]) == {"ETag", "Cache-Control"}


def test_a_name_with_markup_stays_inert_json(client):
    make_hub('<script>alert("x")</script> Hub', country="IT", lat=45.0, lon=9.0)
    answer = get(client, HTTP_ACCEPT_ENCODING="gzip")
    assert answer["Content-Type"] == "application/json"
    assert answer["X-Content-Type-Options"] == "nosniff"
    assert body(answer)["name"] == ['<script>alert("x")</script> Hub']
