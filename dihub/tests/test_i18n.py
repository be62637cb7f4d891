"""Six languages: every catalogue complete, no template text outside translation tags, and
every page rendered in each language with no English of the interface left."""

import sys
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
import messages  # noqa: E402  (scripts/messages.py)

OTHER_LANGUAGES = [code for code, _ in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def test_every_catalogue_has_every_string_of_the_code_translated():
    assert messages.problems() == []


def test_every_template_keeps_its_text_inside_translation_tags():
    found = [f"{path.relative_to(ROOT)}:{line}: {text}"
             for path in messages.templates() for line, text in messages.untagged(path)]
    assert found == []


def test_the_template_check_finds_untagged_text(tmp_path):
    page = tmp_path / "page.html"
    page.write_text('{% load i18n %}<h1>{% translate "Hubs" %}</h1><p>Hello {{ name }}</p>'
                    '<input type="submit" value="Save"><img alt="{{ x }}">'
                    '{% blocktranslate %}Fine {{ x }}{% endblocktranslate %}'
                    '<script>var english = "ignored";</script>')
    assert [text for _, text in messages.untagged(page)] == ["Hello", "value='Save'"]


def _english_left(lang):
    """Every interface string whose translation in lang differs (not country names: a NUTS
    region such as Kosovo has the country's name, and region names are data)."""
    out = set()
    for po_path in ROOT.glob(f"dihub/**/locale/{lang}/LC_MESSAGES/django.po"):
        for entry in polib.pofile(str(po_path)):
            if (entry.msgctxt != "country" and entry.msgstr and entry.msgstr != entry.msgid
                    and "%" not in entry.msgid and "{" not in entry.msgid
                    and len(entry.msgid) > 3):
                out.add(entry.msgid)
    return out


def _english_terms(lang):
    """Taxonomy terms' English names that have another label in lang (and are no term's
    label in lang: French calls a sector "Finance" too)."""
    from dihub.taxonomy.labels import label
    from dihub.taxonomy.models import Term

    terms = list(Term.objects.all())
    return {t.name for t in terms if label(t, lang) != t.name} - {label(t, lang) for t in terms}


class _Texts(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts, self.skip = [], 0

    def handle_starttag(self, tag, attrs):
        self.skip += tag in ("script", "style")
        for name, value in attrs:
            if name in messages.VISIBLE_ATTRIBUTES and value:
                self.texts.append(value.strip())

    def handle_endtag(self, tag):
        self.skip -= tag in ("script", "style")

    def handle_data(self, data):
        if not self.skip and data.strip():
            self.texts.append(" ".join(data.split()))


@pytest.fixture
def catalogue(db):
    call_command("demo", "--if-empty", verbosity=0)
    from dihub.catalogue.models import Hub

    return Hub.objects.filter(validation="published").order_by("id").first()


PAGES = ["/", "/hubs/", "/hubs/?q=robot", "/regions/", "/insights/coverage", "/maturity/",
         "/accounts/login/", "/accounts/signup/", "/accounts/password/reset/", "/nowhere/"]


@pytest.mark.parametrize("lang", OTHER_LANGUAGES)
def test_every_page_in_each_language_has_no_english_of_the_interface(client, catalogue, lang):
    english = _english_left(lang) | _english_terms(lang)
    hub = catalogue
    pages = [*PAGES, hub.get_absolute_url(), f"/regions/{hub.region_id}/" if hub.region_id
             else "/regions/"]
    for path in pages:
        answer = client.get(f"/{lang}{path}")
        assert answer.status_code in (200, 404), (path, answer.status_code)
        assert f'<html lang="{lang}">' in answer.content.decode()
        reader = _Texts()
        reader.feed(answer.content.decode())
        left = sorted({t for t in reader.texts if t in english})
        assert left == [], (lang, path, left)
