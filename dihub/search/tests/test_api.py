"""GET /api/hubs, /api/hubs.geojson and /api/hubs/suggest: every parameter, good and bad."""

import pytest

from dihub.catalogue.tests.factories import make_hub, region
from dihub.search.filters import SearchParams
from dihub.taxonomy.models import Crosswalk

pytestmark = pytest.mark.django_db


def names(answer):
    assert answer.status_code == 200, answer.content
    return [h["name"] for h in answer.json()["results"]]


def get(client, **params):
    return client.get("/api/hubs", params)


@pytest.fixture
def hubs():
    """A small catalogue across Spain, Germany and France."""
    return {
        "rioja": make_hub("Rioja Robotics", city="Logroño", country="ES", hub_type="edih",
                          status="operational", region=region("ES230", "La Rioja", "ES"),
                          lat=42.466, lon=-2.445, description="<p>Industrial robots.</p>",
                          terms=[("Robotics", "technology", 4),
                                 ("Manufacturing", "sector", 2)]),
        "leon": make_hub("Leon Data", city="León", country="ES", hub_type="dih",
                         status="in-preparation", region=region("ES413", "León", "ES"),
                         lat=42.599, lon=-5.567, description="Data for farms.",
                         terms=[("Big data", "technology", 2)]),
        "burgos": make_hub("Burgos Cloud", city="Burgos", country="ES", hub_type="edih",
                           status="operational", region=region("ES412", "Burgos", "ES"),
                           lat=42.343, lon=-3.697, description="Cloud for SMEs.",
                           terms=[("Cloud Services", "technology", 5)]),
        "stuttgart": make_hub("Stuttgart AI", city="Stuttgart", country="DE",
                              hub_type="edih", status="operational",
                              region=region("DE111", "Stuttgart", "DE"), lat=48.78, lon=9.18,
                              description="Machine learning, some robotics too.",
                              terms=[("Robotics", "technology", 1)]),
        "paris": make_hub("Paris Digital", city="Paris", country="FR", hub_type="seal",
                          status="operational", region=region("FR101", "Paris", "FR"),
                          lat=48.857, lon=2.352, description="Everything digital."),
        "nowhere": make_hub("Nowhere Hub", country="FR", description="No coordinates."),
    }


# -- text ------------------------------------------------------------------------------

def test_stemming_and_accent_folding(client, hubs):
    assert set(names(get(client, q="robot"))) == {"Rioja Robotics", "Stuttgart AI"}
    assert names(get(client, q="logrono")) == ["Rioja Robotics"]
    assert names(get(client, q="LOGROÑO")) == ["Rioja Robotics"]
    assert names(get(client, q="farming")) == ["Leon Data"]


def test_prefix_of_the_last_word_while_typing(client, hubs):
    assert names(get(client, q="burg")) == ["Burgos Cloud"]
    assert names(get(client, q="industrial rob")) == ["Rioja Robotics"]
    assert names(get(client, q="industrial cloud")) == []


def test_a_name_match_ranks_above_a_mention(client, hubs):
    make_hub("Robotics Valley", country="IT", description="Automation.")
    make_hub("Many Words", country="IT",
             description="robotics " + "filler words about other things " * 20)
    found = names(get(client, q="robotics"))
    assert found.index("Robotics Valley") < found.index("Many Words")
    assert found.index("Rioja Robotics") < found.index("Stuttgart AI")


def test_terms_city_and_organisations_are_searched(client, hubs):
    make_hub("Org Hub", country="IT", organisations=[{"name": "Fraunhofer Quokka"}])
    assert names(get(client, q="quokka")) == ["Org Hub"]
    assert names(get(client, q="big data")) == ["Leon Data"]
    assert "Stuttgart AI" in names(get(client, q="stuttgart"))


def test_snippet_marks_words_and_escapes_the_rest(client):
    make_hub("Evil", country="IT",
             description="<p>robots &lt;script&gt;alert(1)&lt;/script&gt; here</p>")
    hit = get(client, q="robots").json()["results"][0]
    assert "<mark>robots</mark>" in hit["snippet"]
    assert "<script>" not in hit["snippet"]
    assert "&lt;script&gt;" in hit["snippet"]


def test_the_index_follows_edits_and_deletions(client, hubs):
    hub = hubs["paris"]
    hub.description = "Now about marmalade."
    hub.save()
    assert names(get(client, q="marmalade")) == ["Paris Digital"]
    hub.delete()
    assert names(get(client, q="marmalade")) == []


def test_the_importer_reindexes(client):
    from dihub.catalogue.importers.apply import run
    from dihub.catalogue.synthetic import synthetic_records

    records = list(synthetic_records(5, seed=3))
    run(records, file_name="synthetic", fmt="synthetic")
    word = records[0].name.split()[0]
    assert get(client, q=word).json()["count"] >= 1


# -- filters ---------------------------------------------------------------------------

def test_terms_by_name_or_slug_and_levels(client, hubs):
    assert set(names(get(client, technology="robotics"))) == {"Rioja Robotics", "Stuttgart AI"}
    assert names(get(client, technology="Robotics", min_level=3)) == ["Rioja Robotics"]
    assert set(names(get(client, technology=["robotics", "big-data"]))) == {
        "Rioja Robotics", "Stuttgart AI", "Leon Data"}
    assert names(get(client, sector="manufacturing")) == ["Rioja Robotics"]
    assert names(get(client, min_level=5)) == ["Burgos Cloud"]


def test_a_jrc_term_finds_edih_hubs_through_the_crosswalk(client):
    link = Crosswalk.objects.select_related("jrc", "edih").filter(jrc__kind="sector").first()
    make_hub("Edih hub", country="IT", terms=[(link.edih.name, "sector", 3, "edih")])
    make_hub("Unrelated", country="IT")
    assert names(get(client, sector=link.jrc.slug)) == ["Edih hub"]
    assert names(get(client, sector=link.jrc.name)) == ["Edih hub"]


def test_country_region_type_status(client, hubs):
    assert len(names(get(client, country=["es", "FR"]))) == 5
    assert set(names(get(client, region="ES41"))) == {"Leon Data", "Burgos Cloud"}
    assert set(names(get(client, region="ES"))) == {"Leon Data", "Burgos Cloud", "Rioja Robotics"}
    assert names(get(client, region="ES413")) == ["Leon Data"]
    assert names(get(client, type="seal")) == ["Paris Digital"]
    assert names(get(client, status="in-preparation")) == ["Leon Data"]


def test_bbox(client, hubs):
    assert set(names(get(client, bbox="-4,42,0,43"))) == {"Rioja Robotics", "Burgos Cloud"}
    assert names(get(client, bbox="170,-10,-170,10")) == []  # across the antimeridian


def test_near_a_place_by_name_and_by_lat_lon_sorted_by_distance(client, hubs):
    body = get(client, near="Logroño", radius_km=150).json()
    assert [h["name"] for h in body["results"]] == ["Rioja Robotics", "Burgos Cloud"]
    assert body["results"][0]["distance_km"] < body["results"][1]["distance_km"]
    assert 60 < body["results"][1]["distance_km"] < 140
    by_point = get(client, near="42.343,-3.697", radius_km=300, sort="distance").json()
    assert [h["name"] for h in by_point["results"]] == [
        "Burgos Cloud", "Rioja Robotics", "Leon Data"]
    assert names(get(client, near="Burgos, ES", radius_km=5)) == ["Burgos Cloud"]
    assert len(names(get(client, near="Paris", radius_km=2000))) == 5


def test_sorts_and_pages(client, hubs):
    by_name = names(get(client, sort="name"))
    assert by_name == sorted(by_name)
    hubs["leon"].save()
    assert names(get(client, sort="updated"))[0] == "Leon Data"
    page2 = get(client, sort="name", page=2, page_size=2).json()
    assert (page2["count"], page2["page"], page2["page_size"]) == (6, 2, 2)
    assert [h["name"] for h in page2["results"]] == by_name[2:4]


def test_facets_count_with_their_own_filter_left_out(client, hubs):
    facets = get(client, country="ES", type="edih").json()["facets"]
    assert {f["value"]: f["count"] for f in facets["country"]} == {"ES": 2, "DE": 1}
    assert {f["value"]: f["count"] for f in facets["type"]} == {"edih": 2, "dih": 1}
    assert {f["value"]: f["count"] for f in facets["region"]} == {"ES23": 1, "ES41": 1}
    assert {f["value"]: f["count"] for f in facets["technology"]} == {
        "robotics": 1, "cloud-services": 1}
    assert {f["value"]: f["count"] for f in facets["status"]} == {"operational": 2}
    robotics = get(client, technology="robotics").json()["facets"]["technology"]
    assert {f["value"]: f["count"] for f in robotics}["big-data"] == 1


def test_geojson_has_every_match_unpaged(client, hubs):
    body = client.get("/api/hubs.geojson", {"country": "ES", "page_size": 1}).json()
    assert body["type"] == "FeatureCollection"
    assert len(body["features"]) == 3
    props = body["features"][0]["properties"]
    assert set(props) == {"id", "slug", "name", "type", "url"}
    assert client.get("/api/hubs.geojson", {"bbox": "x"}).status_code == 400


def test_suggest(client, hubs):
    found = client.get("/api/hubs/suggest", {"q": "rob"}).json()
    kinds = {s["kind"] for s in found}
    assert {"hub", "technology"} <= kinds
    assert any(s["label"] == "Rioja Robotics" and s["url"] for s in found)
    places = client.get("/api/hubs/suggest", {"q": "logro"}).json()
    assert "Logroño, ES" in [s["label"] for s in places if s["kind"] == "place"]
    assert client.get("/api/hubs/suggest", {"q": "\x00"}).json() == []


def test_canonical_query_round_trips(hubs):
    from django.http import QueryDict

    query = QueryDict("q=robots&technology=robotics&country=es&country=FR&bbox=-4,42,0,43"
                      "&near=Logroño&radius_km=120&sort=distance&page_size=10&min_level=2")
    params = SearchParams.from_query(query)
    again = SearchParams.from_query(QueryDict(params.to_query()))
    assert again == params
    assert "country=ES&country=FR" in params.to_query()


# -- bad parameters --------------------------------------------------------------------

@pytest.mark.parametrize("params,param", [
    ({"page": "0"}, "page"), ({"page": "abc"}, "page"),
    ({"page_size": "101"}, "page_size"), ({"page_size": "0"}, "page_size"),
    ({"technology": "teleportation"}, "technology"), ({"sector": "robotics"}, "sector"),
    ({"service": "x" * 300}, "service"), ({"min_level": "6"}, "min_level"),
    ({"min_level": "1.5"}, "min_level"), ({"country": "Germany"}, "country"),
    ({"country": "<script>"}, "country"), ({"region": "ZZ99"}, "region"),
    ({"region": "es-41"}, "region"), ({"type": "castle"}, "type"), ({"status": "x"}, "status"),
    ({"bbox": "1,2,3"}, "bbox"), ({"bbox": "a,b,c,d"}, "bbox"), ({"bbox": "0,50,10,40"}, "bbox"),
    ({"bbox": "0,0,200,10"}, "bbox"), ({"bbox": "nan,0,1,1"}, "bbox"),
    ({"near": "Xyzzyville"}, "near"), ({"near": "95,10"}, "near"),
    ({"near": "Paris", "radius_km": "0"}, "radius_km"),
    ({"near": "Paris", "radius_km": "inf"}, "radius_km"),
    ({"near": "Paris", "radius_km": "5000"}, "radius_km"),
    ({"sort": "distance"}, "sort"), ({"sort": "random"}, "sort"),
    ({"q": "a\x00b"}, "q"), ({"q": "x" * 201}, "q"), ({"q": ["a", "b"]}, "q"),
])
def test_bad_parameters_answer_400_with_what_was_expected(client, hubs, params, param):
    for url in ("/api/hubs", "/api/hubs.geojson"):
        if url.endswith("geojson") and param == "page":
            continue
        answer = client.get(url, params)
        assert answer.status_code == 400, (url, answer.content)
        body = answer.json()
        assert body["param"] == param
        assert body["detail"].startswith(f"{param}: ")
        assert isinstance(body["suggestions"], list)


def test_a_page_past_the_last_is_404_naming_the_last(client, hubs):
    answer = client.get("/api/hubs", {"page": "99"})
    assert answer.status_code == 404, answer.content
    assert answer.json()["param"] == "page" and answer.json()["suggestions"] == ["1"]
    assert client.get("/hubs/", {"page": "99"}).status_code == 404


def test_bad_values_come_with_suggestions(client, hubs):
    assert "DE" in get(client, country="Germany").json()["suggestions"]
    assert "Robotics" in get(client, technology="robot").json()["suggestions"]
    assert "operational" in get(client, status="open").json()["suggestions"]
    assert any(s.startswith("Logroño") for s in get(client, near="Logrzzz").json()["suggestions"])


def test_odd_text_is_harmless(client, hubs):
    for q in ['"', "*", "AND OR NOT", "a:b", "(", "robot*", "' OR 1=1 --", "ñ", "日本"]:
        answer = get(client, q=q)
        assert answer.status_code == 200, (q, answer.content)


def test_openapi_names_every_search_parameter(client):
    from dataclasses import fields

    read = {f.name for f in fields(SearchParams) if f.compare} - {"near_point", "near_label"}
    schema = client.get("/api/openapi.json").json()
    for path in ("/api/hubs", "/api/hubs.geojson"):
        declared = {p["name"] for p in schema["paths"][path]["get"]["parameters"]}
        assert declared == read, path


def test_a_nuts_2021_region_code_is_read_as_its_2024_region(client):
    make_hub("Leiden hub", country="NL", region=region("NL361", "Leiden", "NL"))
    assert names(get(client, region="NL332")) == ["Leiden hub"]  # NL332 became NL361
    split = get(client, region="PT17")
    assert split.status_code == 400 and split.json()["suggestions"]


def test_the_answer_has_exactly_the_documented_shape(client, hubs):
    """The search answer is written without ninja's validation: it must still be a
    SearchPage, key for key (no key more, none less, right types)."""
    from dihub.search.api import FacetValue, HubHit, SearchPage

    answer = get(client, q="robots", technology="robotics", near="42.4,-2.4")
    assert answer["Content-Type"] == "application/json; charset=utf-8"
    body = answer.json()
    SearchPage.model_validate(body, strict=True)
    assert set(body) == set(SearchPage.model_fields)
    assert body["results"] and all(set(h) == set(HubHit.model_fields) for h in body["results"])
    facets = [f for values in body["facets"].values() for f in values]
    assert facets and all(set(f) == set(FacetValue.model_fields) for f in facets)


def test_a_term_renamed_or_linked_is_searched_by_its_new_name_at_once(client, hubs):
    from dihub.taxonomy.models import Term

    term = Term.objects.get(hub_terms__hub=hubs["burgos"])
    assert names(get(client, technology=term.name)) == ["Burgos Cloud"]
    term.name = "Clouds for firms"
    term.save()
    assert names(get(client, technology="clouds for FIRMS")) == ["Burgos Cloud"]
    assert get(client, technology="Cloud Services").status_code == 400
    other = Term.objects.filter(kind="technology").exclude(vocabulary=term.vocabulary).exclude(
        hub_terms__isnull=False).first()
    pair = {term.vocabulary: term, other.vocabulary: other}
    Crosswalk.objects.create(jrc=pair["jrc"], edih=pair["edih"], relation="exact")
    assert names(get(client, technology=other.slug)) == ["Burgos Cloud"]
