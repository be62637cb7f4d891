"""The region page and list, and their JSON twins /api/regions/{code} and /api/regions."""

import pytest

from dihub.catalogue.tests.factories import make_hub
from dihub.regionpages.summary import km, region_summary

pytestmark = pytest.mark.django_db


@pytest.fixture
def hubs():
    def hub(name, code, lat, lon, country="ES", **fields):
        return make_hub(name, region_id=code, lat=lat, lon=lon, country=country, **fields)

    return {
        "leon": hub("Leon Data", "ES413", 42.599, -5.567,
                    terms=[("Big data", "technology", 2), ("Agriculture", "sector", 3),
                           ("Test before invest", "service", None)]),
        "burgos": hub("Burgos Cloud", "ES412", 42.343, -3.697,
                      terms=[("Big data", "technology", 4), ("Cloud Services", "technology", 5),
                             ("Big data", "technology", 3, "jrc")]),
        "valladolid": hub("Valladolid Draft", "ES418", 41.65, -4.72, validation="draft",
                          terms=[("Robotics", "technology", 5)]),
        "rioja": hub("Rioja Robotics", "ES230", 42.466, -2.445,
                     terms=[("Robotics", "technology", 4)]),
        "madrid": hub("Madrid AI", "ES300", 40.4165, -3.7026),
        "porto": hub("Porto Hub", "PT11A", 41.15, -8.61, country="PT"),
        "paris": hub("Paris Digital", "FR101", 48.857, 2.352, country="FR"),
        "unplaced": make_hub("Somewhere in Spain", country="ES", lat=40.0, lon=-4.0),
        "unplaced_pt": make_hub("Somewhere in Portugal", country="PT", lat=41.5, lon=-7.0),
    }


def test_summary_of_a_level_2_region(hubs):
    data = region_summary("ES41")
    assert (data["code"], data["name"], data["level"], data["scheme"]) == (
        "ES41", "Castilla y León", 2, "NUTS2024")
    assert [p["code"] for p in data["parents"]] == ["ES", "ES4"]
    kids = {c["code"]: c["hubs"] for c in data["children"]}
    assert len(kids) == 9 and kids["ES413"] == 1 and kids["ES412"] == 1 and kids["ES418"] == 0
    assert data["hubs"]["count"] == 2  # the draft does not count
    assert [h["name"] for h in data["hubs"]["shown"]] == ["Burgos Cloud", "Leon Data"]
    assert data["hubs"]["search_url"] == "/hubs/?region=ES41"
    tech = [(t["label"], t["count"]) for t in data["technologies"]]
    assert tech == [("Big data", 2), ("Cloud Services", 1)]  # one count across vocabularies
    assert data["technologies"][0]["url"] == "/hubs/?region=ES41&technology=big-data"
    assert [t["label"] for t in data["sectors"]] == ["Agriculture"]
    assert [t["label"] for t in data["services"]] == ["Test before invest"]


def test_nearest_hubs_lie_outside_and_are_sorted(hubs):
    data = region_summary("ES41")
    centre = data["centre"]
    assert centre["source"] == "seat" and centre["label"] == "Valladolid"
    nearest = data["nearest"]
    names = [h["name"] for h in nearest]
    assert "Leon Data" not in names and "Burgos Cloud" not in names
    assert "Valladolid Draft" not in names  # not published
    assert names == ["Madrid AI", "Somewhere in Portugal", "Rioja Robotics", "Porto Hub",
                     "Paris Digital"]  # Paris: found past the first boxes
    distances = [h["distance_km"] for h in nearest]
    assert distances == sorted(distances) and len(nearest) == 5
    madrid = next(h for h in nearest if h["name"] == "Madrid AI")
    assert madrid["distance_km"] == pytest.approx(km(centre["lat"], centre["lon"],
                                                     40.4165, -3.7026), abs=0.1)
    assert 150 < madrid["distance_km"] < 180


def test_a_country_counts_every_level(hubs):
    data = region_summary("ES")
    assert data["hubs"]["count"] == 4 and data["parents"] == []
    assert data["centre"]["label"] == "Madrid"
    assert {c["code"]: c["hubs"] for c in data["children"]}["ES4"] == 2
    assert [h["name"] for h in data["nearest"]][:2] == ["Somewhere in Portugal", "Porto Hub"]


def test_irregular_children_count_through_parents():
    make_hub("Belfast Hub", region_id="UKN10", lat=54.6, lon=-5.93, country="GB")
    data = region_summary("UKN0")
    assert data["hubs"]["count"] == 1
    assert "UKN10" in {c["code"] for c in data["children"]}


def test_api_detail(client, hubs):
    answer = client.get("/api/regions/ES413")
    assert answer.status_code == 200
    data = answer.json()
    assert data["hubs"]["count"] == 1 and data["parents"][-1]["code"] == "ES41"
    assert data["children"] == [] and data["boundaries"] == {"loaded": False, "url": None}
    assert client.get("/api/regions/es413").json()["code"] == "ES413"
    # every section of the page reaches the API: one added to region_summary needs a field
    # in api.RegionOut
    assert data == region_summary("ES413")


def test_openapi_describes_the_region_endpoints(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    for path in ("/api/regions", "/api/regions/boundaries", "/api/regions/{code}",
                 "/api/regions/{code}/boundaries"):
        assert "get" in paths[path], path
    names = {p["name"] for p in paths["/api/regions"]["get"]["parameters"]}
    assert names == {"level", "country", "sort", "page", "page_size"}


@pytest.mark.parametrize("code", ["XX9", "ZZZZZZZZZZZZZZZZZZZZ", "%00", "ES4199"])
def test_api_unknown_code_is_404_with_a_message(client, code):
    answer = client.get(f"/api/regions/{code}")
    assert answer.status_code == 404
    assert "no region has the NUTS code" in answer.json()["detail"]
    assert client.get(f"/regions/{code}/").status_code == 404


def test_nuts_2021_codes(client, hubs):
    answer = client.get("/api/regions/NL332")
    assert answer.status_code == 301 and answer["Location"] == "/api/regions/NL361"
    assert client.get("/regions/NL332/")["Location"] == "/regions/NL361/"
    split = client.get("/api/regions/PT17")
    assert split.status_code == 404
    assert split.json()["became"] == ["PT1A", "PT1B"] and "NUTS 2021" in split.json()["detail"]
    page = client.get("/regions/PT17/")
    assert page.status_code == 404 and b"/regions/PT1A/" in page.content
    data = client.get("/api/regions/NL361").json()
    assert data["formerly"] == [{"code": "NL332", "name": "Agglomeratie ’s-Gravenhage",
                                 "kind": "Code change"}]
    assert "formerly" in client.get("/regions/NL361/").content.decode().lower()


def test_region_page(client, hubs):
    page = client.get("/regions/ES41/")
    assert page.status_code == 200
    html = page.content.decode()
    for text in ("Castilla y León", "ES41", 'href="/regions/ES4/"', "Burgos Cloud",
                 "/hubs/?region=ES41", "Big data", "Madrid AI", "km", 'id="region-map"',
                 "region-map-data", "/api/hubs.geojson?region=ES41", "/api/regions/ES41"):
        assert text in html, text
    assert "Valladolid Draft" not in html
    assert client.get("/regions/es41/")["Location"] == "/regions/ES41/"


def test_api_list(client, hubs):
    data = client.get("/api/regions", {"level": 2, "country": "ES", "sort": "hubs"}).json()
    assert data["count"] == 20 and data["results"][0]["code"] == "ES41"
    assert [(r["code"], r["hubs"]) for r in data["results"][:3]] == [
        ("ES41", 2), ("ES23", 1), ("ES30", 1)]
    by_name = client.get("/api/regions", {"level": 0, "sort": "name", "page_size": 3}).json()
    assert [r["name"] for r in by_name["results"]] == ["Albania", "Austria", "Belgium"]
    assert by_name["pages"] > 10
    greece = client.get("/api/regions", {"country": "GR", "level": 1}).json()
    assert {r["country"] for r in greece["results"]} == {"EL"}
    assert client.get("/api/regions", {"country": "de", "level": 1}).json()["count"] == 17
    named = client.get("/api/regions", {"country": "Germany", "level": 1})  # codes only
    assert named.status_code == 400 and named.json()["suggestions"] == ["DE"]
    page2 = client.get("/api/regions", {"level": 3, "page": 2, "page_size": 10}).json()
    assert page2["page"] == 2 and len(page2["results"]) == 10


@pytest.mark.parametrize("params, param", [
    ({"level": "4"}, "level"), ({"level": "x"}, "level"), ({"sort": "size"}, "sort"),
    ({"country": "QQ"}, "country"), ({"country": "Atlantis"}, "country"),
    ({"page_size": "501"}, "page_size"), ({"page": "0"}, "page"),
    ({"level": ["1", "2"]}, "level"), ({"sort": "a\x00"}, "sort"),
])
def test_api_list_bad_parameters(client, params, param):
    answer = client.get("/api/regions", params)
    assert answer.status_code == 400
    assert answer.json()["param"] == param and answer.json()["detail"]
    page = client.get("/regions/", params)
    assert page.status_code == 400 and b'class="error"' in page.content


def test_a_page_past_the_last_is_404(client):
    last = client.get("/api/regions").json()["pages"]
    answer = client.get("/api/regions", {"page": str(last + 1)})
    assert answer.status_code == 404 and answer.json()["param"] == "page"
    assert answer.json()["suggestions"] == [str(last)]
    assert client.get("/regions/", {"page": str(last + 1)}).status_code == 404


def test_list_page_sorts(client, hubs):
    page = client.get("/regions/", {"level": 2, "country": "ES", "sort": "hubs"})
    html = page.content.decode()
    assert page.status_code == 200
    assert html.index("Castilla y León") < html.index("Andalucía")
    assert "?level=2&amp;country=ES&amp;sort=name" in html
    assert 'aria-sort="descending"' in html
    assert "/api/regions?level=2&amp;country=ES&amp;sort=hubs" in html


def test_cyrillic_and_greek_names_have_latin_ones(client):
    data = client.get("/api/regions/BG3").json()
    assert (data["name"], data["name_latin"]) == ("Северна и Югоизточна България",
                                                  "Severna i Yugoiztochna Bulgaria")
    assert client.get("/api/regions/ES41").json()["name_latin"] == ""
    listed = client.get("/api/regions", {"country": "BG", "level": 1, "sort": "name"}).json()
    assert [(r["code"], r["name_latin"]) for r in listed["results"]] == [
        ("BGZ", ""), ("BG3", "Severna i Yugoiztochna Bulgaria"),  # sorted by the Latin name
        ("BG4", "Yugozapadna i Yuzhna tsentralna Bulgaria")]
    assert "Severna i Yugoiztochna Bulgaria" in client.get("/regions/BG3/").content.decode()
