import json
import re

import pytest

from .factories import full_hub, make_hub

pytestmark = pytest.mark.django_db


def text(response):
    return response.content.decode()


def scripts(html):
    """(attributes, body) of every <script> element."""
    return re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)


def test_home_counts_by_type_and_country(client):
    make_hub("A", country="DE", hub_type="edih")
    make_hub("B", country="DE", hub_type="seal")
    make_hub("C", country="CZ", hub_type="edih")
    page = client.get("/")
    assert page.status_code == 200
    html = text(page)
    assert re.search(r"<strong>3</strong> hubs in\s*<strong>2</strong> countries", html)
    assert 'href="/hubs/?country=CZ">Czechia</a> <span class="count">1</span>' in html
    assert ('href="/hubs/?type=edih">European Digital Innovation Hub</a> '
            '<span class="count">2') in html
    assert 'rel="alternate" type="application/json" href="/api/hubs/summary"' in html


def test_fact_sheet_shows_every_part(client):
    hub = full_hub()
    page = client.get(f"/hubs/{hub.slug}/")
    assert page.status_code == 200
    html = text(page)
    for part in ("Robotics Hub Stuttgart", "Robotik-Hub Stuttgart", "Robots for SMEs",
                 "Wir helfen KMU", "Nobelstraße 12", "70569 Stuttgart", "Germany",
                 "<a href=\"/regions/DE11/\">Stuttgart</a> <span class=\"code\">(DE11)</span>",
                 "Test before invest",
                 "Manufacturing and processing", "University of Stuttgart", "Fraunhofer IPA",
                 "A robot cell for a bakery", "Digital Europe Programme", "Industrie 4.0 BW",
                 "Public Person", "hello@example.org", "Robotics Hub Stuttgart | Robots for SMEs",
                 "https://robotics.example.org/", "Last update", "engagement 5 of 5",
                 'href="/api/hubs/robotics-hub-stuttgart"'):
        assert part in html, part
    assert "Secret Person" not in html and "secret@example.org" not in html
    assert html.count('class="dot on"') == 5 + 4 + 3 + 2 + 5  # technologies and the sector


def test_fact_sheet_json_ld_and_map_data(client):
    hub = full_hub(name="Hub </script><script>alert(1)</script>", slug="tricky")
    html = text(client.get(f"/hubs/{hub.slug}/"))
    blocks = dict((attrs.strip(), body) for attrs, body in scripts(html) if "json" in attrs)
    ld = json.loads(blocks['type="application/ld+json"'])
    assert ld["@type"] == "Organization" and ld["name"] == hub.name
    assert ld["geo"] == {"@type": "GeoCoordinates", "latitude": 48.74, "longitude": 9.1}
    assert ld["address"]["postalCode"] == "70569"
    assert "</script><script>" not in html  # escaped everywhere
    data = json.loads(blocks['id="map-data" type="application/json"'])
    assert (data["lat"], data["lon"]) == (48.74, 9.1)
    assert data["outlines"].endswith("vendor/world-atlas/countries-50m.json")
    assert data["tiles"] == ""


def test_no_inline_script_code(client):
    hub = full_hub()
    for url in ("/", "/hubs/", f"/hubs/{hub.slug}/"):
        for attrs, body in scripts(text(client.get(url))):
            assert "src=" in attrs or "json" in attrs, (url, attrs)
            assert "src=" not in attrs or not body.strip()


def test_tile_url_setting_reaches_the_map(client, settings):
    settings.DIHUB_TILE_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    hub = full_hub()
    assert "tiles.example.org" in text(client.get(f"/hubs/{hub.slug}/"))


def test_fact_sheet_without_coordinates_has_no_map(client):
    hub = make_hub("Nowhere hub")
    html = text(client.get(f"/hubs/{hub.slug}/"))
    assert "hub-map" not in html and "leaflet.js" not in html


def test_description_is_sanitized_again_when_rendered(client):
    hub = full_hub(description='<p onclick="x()">Hi<script>alert(1)</script>'
                               '<a href="javascript:alert(2)">link</a><img src=x onerror=y></p>')
    html = text(client.get(f"/hubs/{hub.slug}/"))
    assert "onclick" not in html and "alert(" not in html and "onerror" not in html
    assert "<p>Hi" in html


def test_unknown_or_unpublished_hub_is_404(client):
    hub = make_hub("Draft", validation="draft")
    assert client.get(f"/hubs/{hub.slug}/").status_code == 404
    missing = client.get("/hubs/nothing-here/")
    assert missing.status_code == 404
    assert b"Browse the catalogue" in missing.content, "the site's own 404 page"


def test_admin_lists_and_edits_hubs_with_their_inlines(admin_client):
    hub = full_hub()
    listing = admin_client.get("/admin/catalogue/hub/", {"q": "Robotics", "hub_type": "edih"})
    assert listing.status_code == 200 and "Robotics Hub Stuttgart" in text(listing)
    change = text(admin_client.get(f"/admin/catalogue/hub/{hub.pk}/change/"))
    for inline in ("hub_terms", "contacts", "organisations", "examples", "funding", "sources"):
        assert f'id="{inline}-group"' in change, inline
