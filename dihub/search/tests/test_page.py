"""The search page, /hubs/: the same query as the API, rendered; htmx partials; errors."""

import re

import pytest

from dihub.catalogue.tests.factories import full_hub, make_hub, region

pytestmark = pytest.mark.django_db


def text(response):
    return response.content.decode()


def results_of(html):
    """The result list section of the search page (or its htmx partial)."""
    return html.split('<section id="results"', 1)[1].split("</section>", 1)[0]


def test_list_shows_hubs_with_top_technologies_and_filters(client):
    full_hub(terms=[("Artificial Intelligence & Decision support", "technology", 5),
                    ("Robotics", "technology", 4), ("Robotics", "technology", 4, "jrc"),
                    ("Big data", "technology", 3), ("Cybersecurity", "technology", 1)])
    make_hub("Paris hub", country="FR", city="Paris", hub_type="dih")
    html = results_of(text(client.get("/hubs/")))
    assert "Robotics Hub Stuttgart" in html and "Paris hub" in html
    assert "<li>Artificial Intelligence &amp; Decision support</li>" in html
    assert html.count("<li>Robotics</li>") == 1 and "<li>Big data</li>" in html
    assert "Cybersecurity" not in html  # only the top three technologies
    filtered = client.get("/hubs/", {"country": "FR", "type": "dih"})
    assert filtered.status_code == 200
    found = results_of(text(filtered))
    assert "Paris hub" in found and "Robotics Hub" not in found
    assert 'href="/api/hubs?country=FR&amp;type=dih"' in text(filtered)


def test_list_pages(client):
    for n in range(30):
        make_hub(f"Hub {n:02d}", country="IT")
    html = results_of(text(client.get("/hubs/", {"country": "IT", "page": 2})))
    assert "Hub 24" in html and "Hub 00" not in html  # 24 a page: the second starts at 24
    assert 'href="?country=IT"' in html  # back to the first page
    assert "page 2 of 2" in html
    assert client.get("/hubs/", {"page": 9}).status_code == 404  # past the last page


def test_facets_list_countries_with_their_regions_and_counts(client):
    make_hub("Athens hub", country="GR", region=region("EL30", "Attiki", "GR"))
    make_hub("Stuttgart hub", country="DE", region=region("DE11", "Stuttgart", "DE"))
    make_hub("Berlin hub", country="DE")
    html = text(client.get("/hubs/"))
    facets = html.split('id="facets"', 1)[1].split("</fieldset>", 1)[0]
    assert re.search(r'value="DE"[^>]*>\s*<label[^>]*>Germany <span class="count">2</span>', facets)
    greece = facets.split('value="GR"', 1)[1].split('name="country"', 1)[0]
    assert 'value="EL30"' in greece  # NUTS EL grouped under ISO GR (Greece)
    assert 'value="DE11"' not in greece


def test_htmx_request_gets_the_results_and_facets_only(client):
    make_hub("Paris hub", country="FR", hub_type="dih")
    make_hub("Lyon hub", country="FR", hub_type="edih")
    answer = client.get("/hubs/", {"country": "FR", "type": "dih", "q": ""},
                        headers={"HX-Request": "true"})
    html = text(answer)
    assert answer.status_code == 200 and "<html" not in html
    assert html.startswith('\n<section id="results"') or '<section id="results"' in html
    assert 'id="facets" class="facets" role="group" aria-label="Filters" hx-swap-oob="true"' in html
    assert "Paris hub" in html and "Lyon hub" not in html
    assert answer["HX-Push-Url"] == "/hubs/?country=FR&type=dih"  # canonical, shareable
    assert "HX-Request" in answer["Vary"]
    restore = client.get("/hubs/", {"country": "FR"},
                         headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})
    assert "<html" in text(restore)  # the back button gets the whole page


def test_empty_results_offer_to_drop_each_filter(client):
    make_hub("Paris hub", country="FR", hub_type="dih")
    make_hub("Berlin hub", country="DE", hub_type="edih")
    make_hub("Munich hub", country="DE", hub_type="edih")
    html = results_of(text(client.get("/hubs/", {"country": "FR", "type": "edih"})))
    assert "No hub matches this search." in html
    drops = re.findall(r'<li><a href="\?([^"]*)"[^>]*>([^<]*)</a>: (\d+) hubs?</li>', html)
    assert drops == [("type=edih", "without country “FR”", "2"),  # the most hubs first
                     ("country=FR", "without type “edih”", "1")]


@pytest.mark.parametrize("params", [{"country": "Germany"}, {"type": "castle"}, {"page": "x"},
                                    {"page": "0"}, {"page": "99999999999999999999"},
                                    {"country": "\x00"}, {"type": "\x00"}])
def test_list_bad_parameters_answer_400_with_a_message(client, params):
    make_hub("Any hub")
    answer = client.get("/hubs/", params)
    assert answer.status_code == 400
    assert 'class="error" role="alert"' in text(answer)
