"""HTML and script typed into every text field of a hub stay inert on every public page and
in the API: escaped where text is shown, sanitized where HTML is kept."""

from html.parser import HTMLParser

import pytest

from dihub.catalogue import sheet as sheets
from dihub.catalogue import workflow
from dihub.catalogue.models import Hub

from .factories import make_hub, region

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert('x')</script>"
IMG = '"><img src=x onerror=alert(1)>'
PAYLOAD = f"{SCRIPT}{IMG}"


def _every_text_field_holds_the_payload(hub):
    plain = {k: f"{k} {PAYLOAD}" for k in ("name", "local_name", "title")}
    rich = {k: f"<p>{k} <strong>kept</strong></p>{PAYLOAD}" for k in sheets.RICH}
    doc = dict(sheets.of_hub(hub), **plain, **rich,
               address={"street": PAYLOAD, "postcode": "70173", "city": "Stuttgart",
                        "country": "DE", "text": PAYLOAD[:500]},
               social={"x" + PAYLOAD[:30]: "https://example.org/?q=<script>"},
               contacts=[{"name": PAYLOAD, "role": PAYLOAD, "email": "a@b.eu",
                          "phone": PAYLOAD[:50], "publish": True}],
               organisations=[{"name": PAYLOAD, "role": "partner", "country": "DE",
                               "website": "https://org.example/<script>"}],
               examples=[{"title": PAYLOAD, "client_profile": PAYLOAD, "need": PAYLOAD,
                          "solution": PAYLOAD, "result": PAYLOAD}],
               funding=[{"programme": PAYLOAD, "description": PAYLOAD}])
    workflow.change(hub, sheets.check(doc), None, "test")
    return Hub.objects.get(pk=hub.pk)


@pytest.fixture
def hub():
    region("DE11", "Stuttgart", "DE")
    return _every_text_field_holds_the_payload(
        make_hub("Plain", terms=(("Internet of Things", "technology", 3),), lat=48.8, lon=9.2,
                 region_id="DE11"))


class ActiveParts(HTMLParser):
    """What a browser would run or load in a page: script elements, on* handlers, images."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and not (attrs.get("src") or "").startswith("/static/") \
                and attrs.get("type") not in ("application/json", "application/ld+json"):
            self.found.append(f"<script {attrs}>")
        self.found += [f"<{tag} {k}=...>" for k in attrs if k.startswith("on")]
        if tag == "img" and attrs.get("src") == "x":
            self.found.append("<img src=x>")


def _assert_inert(body: str, where: str):
    parser = ActiveParts()
    parser.feed(body)
    assert parser.found == [], f"{where}: the payload became markup: {parser.found}"


def test_the_payload_is_stored_as_typed_or_sanitized(hub):
    assert PAYLOAD in hub.name
    assert hub.description.startswith("<p>description <strong>kept</strong></p>")
    assert "<script" not in hub.description and "onerror" not in hub.description


@pytest.mark.parametrize("url", [
    "/hubs/{slug}/", "/hubs/", "/hubs/?q=description", "/", "/regions/DE11/", "/regions/",
    "/hubs/?q=name&near=Stuttgart",
])
def test_pages_show_the_payload_inert(client, hub, url):
    response = client.get(url.format(slug=hub.slug))
    assert response.status_code == 200
    body = response.content.decode()
    _assert_inert(body, url)
    assert "&lt;script&gt;alert(" in body or url.startswith("/regions/") or url == "/"
    if url == "/hubs/{slug}/":  # the fact-sheet shows the text itself, escaped, and the HTML
        assert "<strong>kept</strong>" in body
        assert body.count("&lt;script&gt;") >= 10


@pytest.mark.parametrize("url", [
    "/api/hubs/{id}", "/api/hubs?q=description", "/api/hubs.geojson",
    "/api/hubs/suggest?q=name", "/api/regions/DE11",
])
def test_the_api_answers_json_that_no_browser_renders(client, hub, url):
    response = client.get(url.format(id=hub.pk))
    assert response.status_code == 200
    assert response["Content-Type"].startswith(("application/json", "application/geo+json"))
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response.json()


def test_json_keeps_plain_text_as_typed_and_html_sanitized(client, hub):
    data = client.get(f"/api/hubs/{hub.pk}").json()
    assert data["name"] == f"name {PAYLOAD}"
    for key in sheets.RICH:
        assert "<script" not in data[key] and "onerror" not in data[key]
