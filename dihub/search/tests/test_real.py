"""The search over the real catalogues of ../shared/data, JRC 2022 and EDIH 2025 together."""

import pytest

from dihub.catalogue.imports import import_file
from dihub.catalogue.models import Hub

pytestmark = pytest.mark.django_db


def search(client, **params):
    answer = client.get("/api/hubs", params)
    assert answer.status_code == 200, answer.content
    return answer.json()


def test_searching_both_real_catalogues(client, jrc_ngsi_file, edih_file):
    import_file(jrc_ngsi_file)
    import_file(edih_file)
    total = Hub.objects.count()
    assert total > 900
    assert search(client)["count"] == total

    robotics = search(client, q="robotics")
    assert 50 < robotics["count"] < total
    assert "robot" in robotics["results"][0]["name"].lower()  # a name match ranks first
    by_country = {f["value"]: f["count"] for f in robotics["facets"]["country"]}
    germany = search(client, q="robotics", country="DE")
    assert germany["count"] == by_country["DE"]  # the facet's count is the filter's count
    assert all(h["country"] == "DE" for h in germany["results"])

    # a JRC term finds the EDIH hubs through the crosswalk, and the other way round
    jrc = search(client, technology="Internet of things")["count"]
    edih = search(client, technology="Internet of Things")["count"]
    assert jrc == edih > 100

    rioja = search(client, near="Logroño", radius_km=30)
    assert rioja["count"] >= 1 and rioja["results"][0]["city"].startswith("Logro")
    assert search(client, q="logrono")["count"] >= 1
    castilla = search(client, region="ES41")
    assert castilla["count"] >= 1
    assert all(h["region"]["code"].startswith("ES41") for h in castilla["results"])

    geo = client.get("/api/hubs.geojson", {"q": "robotics"}).json()
    assert 0.9 * robotics["count"] <= len(geo["features"]) <= robotics["count"]  # placed ones


AI_TERM = "Artificial Intelligence & Decision support"


def test_the_ai_term_is_found_by_its_name_in_every_language(client, jrc_ngsi_file, edih_file):
    import_file(jrc_ngsi_file)
    import_file(edih_file)
    tagged = search(client, technology=AI_TERM)["count"]
    assert tagged > 100
    for lang, q in [("en", "artificial intelligence"), ("de", "Künstliche Intelligenz"),
                    ("fr", "intelligence artificielle"), ("es", "inteligencia artificial"),
                    ("it", "intelligenza artificiale"), ("pl", "sztuczna inteligencja")]:
        found = search(client, q=q, lang=lang)
        # every hub with the term (either vocabulary's) is found by the words of its label
        assert search(client, q=q, lang=lang, technology=AI_TERM)["count"] == tagged, lang
        assert found["count"] >= tagged, lang
        # and the same words find it whatever the reader's language
        assert search(client, q=q, technology=AI_TERM)["count"] == tagged, lang
