"""The DMA in six languages: every word of every questionnaire (questions, items, options,
scale labels, dimension and module names, help texts) and of the report's help has a
translation in each language, keyed by the ids of its file; the pages, the report and its
PDF show them in the language of the request, with numbers and dates in its format; the
answers stay language-neutral."""

import io

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation
from pypdf import PdfReader

from dihub.accounts.tests.helpers import person
from dihub.maturity import i18n, loader, pdf, report
from dihub.maturity.models import Assessment, Company

from .test_report import completed

LANGUAGES = i18n.languages()


def words(q: loader.Questionnaire) -> list[tuple[str, str]]:
    """(where, text) of every word a reader sees in a definition."""
    out = [("title", q.title), ("description", q.description)]
    out += [(f"module {m.key}", m.title) for m in q.modules]
    out += [(f"module {m.key} description", m.description) for m in q.modules if m.description]
    out += [(f"dimension {d.key}", d.name) for d in q.dimensions]
    out += [(f"dimension {d.key} description", d.description) for d in q.dimensions]
    for question in q.questions:
        out.append((f"question {question.key}", question.text))
        if question.help:
            out.append((f"question {question.key} help", question.help))
        out += [(f"{question.key}.{i.key}", i.label) for i in question.items]
        out += [(f"{question.key} option {o.key}", o.label) for o in question.options]
        out += [(f"{question.key} label {n}", x) for n, x in enumerate(question.labels)]
    return out


def test_the_translation_files_know_only_the_ids_of_their_questionnaire():
    for (key, version), q in loader.catalogue().items():
        for lang in LANGUAGES:
            t = i18n.translations(key, version, lang)
            assert t, f"no {lang} translation of {key}-v{version}"
            assert set(t) <= {"title", "description", "modules", "dimensions", "questions"}
            assert set(t["modules"]) == {m.key for m in q.modules}
            assert set(t["dimensions"]) == {d.key for d in q.dimensions}
            assert set(t["questions"]) == {x.key for x in q.questions}
            for question in q.questions:
                given = t["questions"][question.key]
                assert set(given) <= {"text", "help", "items", "options", "labels"}, question.key
                assert set(given.get("items", {})) == {i.key for i in question.items}
                assert set(given.get("options", {})) == {o.key for o in question.options}
                assert len(given.get("labels", question.labels)) == len(question.labels)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_question_answer_and_dimension_has_a_label_in_every_language(lang):
    for q in loader.catalogue().values():
        english = dict(words(q))
        local = i18n.localize(q, lang)
        assert local is not q and local.language == lang
        found = dict(words(local))
        assert found.keys() == english.keys()
        assert all(text.strip() for text in found.values()), lang
        assert found["title"] != english["title"]
        # a translation that only repeats the English is a name (Blockchain, 50 to 249...)
        same = [w for w, text in found.items() if text == english[w]]
        assert len(same) <= 8, (q.key, lang, same)
        # the keys, columns and scores do not change
        assert local.columns() == q.columns()
        assert [x.key for x in local.questions] == [x.key for x in q.questions]
        assert [x.max_points for x in local.questions] == [x.max_points for x in q.questions]
        with translation.override(lang):
            for question in q.questions:
                for cell in question.cells:
                    assert i18n.cell_label(cell) != cell.capitalize(), (lang, cell)
            assert i18n.ternary_label("partially") != "Partially"  # "No" is Spanish too
            assert all(i18n.level_name(k) != name for k, name in
                       [("basic", "Basic"), ("moderately_advanced", "Moderately advanced")])
    assert loader.get("sme").question("q1").items[0].label == "Designing products or services"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_report_help_of_every_dimension_is_translated(lang):
    english = report.dimension_help()
    local = i18n.dimension_help(lang)
    assert local.keys() == english.keys()
    for key, entry in local.items():
        assert entry.keys() == set(report.HELP_FIELDS)
        assert all(entry[f].strip() and entry[f] != english[key][f] for f in entry), (lang, key)


def test_english_is_the_source_and_an_unknown_language_falls_back_to_it():
    q = loader.get("sme")
    assert i18n.localize(q, "en") is q and i18n.localize(q, "xx") is q
    assert i18n.dimension_help("en") is report.dimension_help()


@pytest.mark.django_db
def test_a_step_of_the_assessment_is_in_german():
    ann = person("ann@acme.example")
    company = Company.objects.create(name="Acme")
    company.members.add(ann)
    a = Assessment.objects.create(company=company, questionnaire="sme", version=1,
                                  answers={"company_name": "Acme"}, created_by=ann)
    c = Client()
    c.force_login(ann)
    page = c.get(f"/de/maturity/assessments/{a.pk}/step/1/").content.decode()
    assert "Schritt 2 von 7: Digitale Geschäftsstrategie" in page
    assert "Entwicklung von Produkten oder Dienstleistungen" in page  # an item of q1
    assert ">Investiert</th>" in page and ">Geplant</th>" in page  # the matrix cells
    assert "Speichern und weiter" in page and "Digitale Reife von KMU und Midcaps" in page
    assert 'value="product_design"' not in page  # a matrix: its cells are the values
    assert 'value="invested"' in page and 'name="q1.product_design"' in page
    later = c.get(f"/de/maturity/assessments/{a.pk}/step/2/").content.decode()
    assert "In Erprobung" in later and "Rechnergestützte Konstruktion" in later  # scale
    profile = c.get(f"/de/maturity/assessments/{a.pk}/step/0/").content.decode()
    assert "C Verarbeitendes Gewerbe" in profile and 'value="c"' in profile  # an option
    last = c.get(f"/de/maturity/assessments/{a.pk}/step/6/").content.decode()
    assert ">Teilweise</label>" in last  # no / partially / yes
    # answering in German keeps the same language-neutral answers
    c.post(f"/de/maturity/assessments/{a.pk}/step/1/", {
        "q1.product_design": ["invested"], "q2": ["funding"], "action": "next"})
    a.refresh_from_db()
    assert a.answers["q1"] == {"product_design": ["invested"]} and a.answers["q2"] == ["funding"]


@pytest.mark.django_db
def test_the_report_page_and_its_pdf_are_in_the_language_of_the_request():
    ann = person("ann@acme.example")
    mine = completed(Company.objects.create(name="Acme"), nuts=None)
    mine.company.members.add(ann)
    c = Client()
    c.force_login(ann)
    page = c.get(f"/de/maturity/assessments/{mine.pk}/report/").content.decode()
    assert "Bericht zur digitalen Reife" in page and "Menschenzentrierte Digitalisierung" in page
    assert "Was sie misst." in page and 'data-peers-label="Median der Vergleichsgruppe"' in page
    assert f'id="overall-score">{mine.overall:.1f}'.replace(".", ",") in page  # 46,7
    assert '"scores": [' in page and "," not in page.split('"scores": [')[1].split("]")[0]\
        .replace(", ", "")  # the chart's numbers stay machine numbers
    content = c.get(f"/pl/maturity/assessments/{mine.pk}/report.pdf").content
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    assert "Raport dojrzałości cyfrowej" in text and "Wynik ogólny" in text
    assert "Cyfryzacja skoncentrowana na człowieku" in text and "Pierwsze kroki" in text
    assert "Digital maturity" not in text and "Overall" not in text
    with translation.override(settings.LANGUAGE_CODE):
        english = pdf.render(report.build(mine))
    assert "Digital maturity report" in PdfReader(io.BytesIO(english)).pages[0].extract_text()
