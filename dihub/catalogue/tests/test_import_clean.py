from hypothesis import given
from hypothesis import strategies as st

from dihub.catalogue.importers import clean
from dihub.catalogue.importers.match import Matcher, similarity


def test_entities_are_repaired_even_when_escaped_twice():
    assert clean.plain("R&amp;D &amp;#241; Flanders&#39; FOOD") == "R&D ñ Flanders' FOOD"


def test_rich_text_keeps_paragraphs_and_drops_scripts():
    dirty = '<p onclick="x()">Hi <script>alert(1)</script><a href="javascript:x">a</a></p>'
    html = clean.rich(dirty)
    assert "<script" not in html and "onclick" not in html and "javascript:" not in html
    assert html.startswith("<p>Hi")
    assert clean.rich("one\n\ntwo & three") == "<p>one</p><p>two &amp; three</p>"


@given(st.text())
def test_rich_never_lets_a_tag_with_code_through(text):
    html = clean.rich(text + "<script>alert(1)</script><img src=x onerror=alert(1)>")
    assert "<script" not in html.lower() and "onerror" not in html.lower()


def test_websites_that_are_not_links_are_refused_with_a_reason():
    assert clean.website("Website") == ("", "not a URL, not stored as a link")
    url, reason = clean.website("https://eurecat.org/en/centres-of-excellence/centre-for-water…")
    assert url == "" and "cut short" in reason
    assert clean.website("www.unipu.hr") == ("https://www.unipu.hr", "")
    assert clean.website("http://www.robotics.ukaachen.de/")[0] == "http://www.robotics.ukaachen.de/"
    assert clean.domain("https://www.robotics.ukaachen.de/x") == "robotics.ukaachen.de"


@given(st.text(max_size=60))
def test_website_never_crashes_and_keeps_only_http_links(text):
    url, reason = clean.website(text)
    assert not (url and reason), "a link is either kept or refused with a reason"
    assert url == "" or url.startswith(("http://", "https://"))


def test_matcher_says_certain_for_same_name_and_doubtful_for_a_shared_site():
    m = Matcher()
    m.add(1, {"jrc"}, "IT", ["BI-REX - BIG DATA INNOVATION & RESEARCH EXCELLENCE"], "bi-rex.it")
    m.add(2, {"jrc"}, "ES", ["Eurecat water"], "eurecat.org")
    m.add(3, {"jrc"}, "ES", ["Eurecat digital"], "eurecat.org")
    names = ["BI-REX", "Big Data Innovation & Research Excellence"]
    same = m.find("edih", "IT", names, "bi-rex.it")
    assert same.hub_id == 1 and same.certain
    shared = m.find("edih", "ES", ["Something else entirely"], "eurecat.org")
    assert shared is not None and not shared.certain
    assert m.find("edih", "FR", ["BI-REX"], "bi-rex.it") is None, "never across countries"
    assert m.find("jrc", "IT", ["BI-REX"], "bi-rex.it") is None, "never within one source"


def test_names_damaged_by_the_jrc_export_still_match():
    m = Matcher()
    m.add(1, {"jrc"}, "FR", ["Faubourg Numrique"], "")
    found = m.find("edih", "FR", ["Faubourg Numérique"], "")
    assert found.hub_id == 1 and found.certain


def test_similarity_ignores_filler_words():
    assert similarity("Digital Innovation Hub Silver Economy", "DIH Silver economy") == 1.0
    assert similarity("Robotics Hub Aachen", "Food valley") < 0.5
