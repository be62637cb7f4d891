"""The pages behind the log-in, in each language, with no English of the interface left:
a hub manager's, a coordinator's and a company's, each with something to show."""

from html import unescape

import pytest
from django.core.management import call_command
from django.test import Client

from dihub.accounts import flows
from dihub.accounts.models import Membership
from dihub.accounts.permissions import COORDINATOR
from dihub.accounts.tests.helpers import person
from dihub.catalogue import sheet as sheets
from dihub.catalogue.models import Hub, HubVersion
from dihub.editing import steps
from dihub.maturity.models import Assessment
from dihub.taxonomy.labels import label
from dihub.taxonomy.models import Term

from .test_i18n import OTHER_LANGUAGES, _english_left, _english_terms, _Texts


@pytest.fixture
def world(db):
    call_command("demo", "--if-empty", verbosity=0)
    hubs = list(Hub.objects.filter(validation="published").order_by("id")[:3])
    hub, other, claimed = hubs
    boss = person("coordinator@network.example.eu", group=COORDINATOR)
    manager = person("manager@hub.example.org")
    Membership.objects.create(user=manager, hub=hub)
    company = person("ann@acme.example")
    for title in ("A first title", "A new title"):  # one published, one to review
        sheet = sheets.of_hub(hub)
        if title == "A new title":  # a term more, and one fewer
            sheet["technologies"] = [*sheet["technologies"][1:], {
                "vocabulary": "edih", "name": "Artificial Intelligence & Decision support"}]
        steps.edit(manager, hub, dict(sheet, title=title))
        steps.submit(manager, hub)
        if title == "A first title":
            steps.publish(boss, hub)
    flows.make_claim(company, claimed, "I run this hub.")
    flows.create_token(manager, "my script")
    flows.invite(hub, "colleague@hub.example.org", manager)
    started = Client()
    started.force_login(company)
    started.post("/maturity/start/", {"questionnaire": "sme", "company": "Acme",
                                      "hub": hub.pk, "phase": "t0"})
    return {"hub": hub, "other": other, "boss": boss, "manager": manager, "company": company,
            "assessment": Assessment.objects.get(),
            "version": HubVersion.objects.filter(hub=hub).order_by("id").first()}


def pages(world):
    slug, a = world["hub"].slug, world["assessment"]
    manager = ["/accounts/", f"/hubs/{slug}/edit/", f"/hubs/{slug}/review/",
               f"/hubs/{slug}/history/", "/accounts/tokens/", "/accounts/my-data/",
               f"/accounts/hubs/{slug}/invite/",
               f"/maturity/hubs/{slug}/", f"/maturity/hubs/{slug}/progress/",
               f"/maturity/hubs/{slug}/import/", f"/hubs/{world['other'].slug}/edit/",
               "/accounts/password/change/", "/accounts/email/", "/accounts/logout/"]
    boss = ["/accounts/coordinator/", f"/hubs/{slug}/review/",
            f"/hubs/{slug}/history/{world['version'].pk}/revert/", "/maturity/aggregates/",
            f"/hubs/{slug}/edit/"]
    company = ["/accounts/", "/maturity/start/?questionnaire=sme", "/maturity/assessments/",
               *(f"/maturity/assessments/{a.pk}/step/{n}/" for n in range(7)),
               f"/maturity/assessments/{a.pk}/sharing/",
               f"/maturity/companies/{a.company_id}/people/",
               f"/accounts/claim/{world['other'].slug}/"]
    return [("manager", manager), ("boss", boss), ("company", company)]


@pytest.mark.parametrize("lang", OTHER_LANGUAGES)
def test_every_signed_in_page_in_each_language_has_no_english_of_the_interface(world, lang):
    english = _english_left(lang) | _english_terms(lang)
    for who, paths in pages(world):
        client = Client()
        client.force_login(world[who])
        for path in paths:
            answer = client.get(f"/{lang}{path}", follow=True)
            assert answer.status_code in (200, 403), (who, path, answer.status_code)
            html = answer.content.decode()
            assert f'<html lang="{lang}">' in html, (who, path)
            reader = _Texts()
            reader.feed(html)
            left = sorted({t for t in reader.texts if t in english})
            assert left == [], (lang, who, path, left)


@pytest.mark.parametrize("lang", ["de", "pl"])
def test_the_review_names_the_terms_in_the_readers_language(world, lang):
    ai = Term.objects.get(vocabulary="edih", name="Artificial Intelligence & Decision support")
    client = Client()
    client.force_login(world["boss"])
    review = unescape(client.get(f"/{lang}/hubs/{world['hub'].slug}/review/").content.decode())
    assert f"{label(ai, lang)} [edih]" in review and ai.name not in review
