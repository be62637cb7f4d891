"""The pages of the editorial workflow: edit, review, history, My hubs and the coordinator's
dashboard, for each role; what changes the public pages and what does not."""

import re
from datetime import timedelta
from html import unescape
from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone
from django.utils.formats import date_format

from dihub.catalogue import sheet as sheets
from dihub.catalogue.models import Draft, Hub, HubVersion, Validation
from dihub.catalogue.tests.factories import full_hub, make_hub, term

from .helpers import coordinator, form_data, manager, person, save, seen

pytestmark = pytest.mark.django_db


def text(response):
    return response.content.decode()


def results_of(html):
    return html.split('<section id="results"', 1)[1].split("</section>", 1)[0]


@pytest.fixture
def hub():
    return full_hub()


@pytest.fixture
def boss(db):
    return coordinator()


def as_user(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def published_sheet(hub):
    return sheets.of_hub(Hub.objects.get(pk=hub.pk))


# -- who may open what ------------------------------------------------------------------------

PAGES = ("edit", "review", "history")


@pytest.mark.parametrize("page", PAGES)
def test_anonymous_people_are_sent_to_log_in(client, hub, page):
    response = client.get(f"/hubs/{hub.slug}/{page}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


@pytest.mark.parametrize("page", PAGES)
def test_company_users_and_managers_of_other_hubs_get_403(hub, page):
    other = make_hub("Other hub")
    for user in (person("company@firm.example.com"), manager(other, "m@other.example.org")):
        response = as_user(user).get(f"/hubs/{hub.slug}/{page}/")
        assert response.status_code == 403
        assert "Only the hub's managers and coordinators" in unescape(text(response))


@pytest.mark.parametrize("page", PAGES)
def test_managers_and_coordinators_open_the_pages(hub, boss, page):
    for user in (manager(hub), boss):
        response = as_user(user).get(f"/hubs/{hub.slug}/{page}/")
        assert response.status_code == 200
        assert hub.name in text(response)


@pytest.mark.parametrize("page", PAGES)
def test_an_unknown_hub_is_404(boss, page):
    assert as_user(boss).get(f"/hubs/no-such-hub/{page}/").status_code == 404


def test_steps_refuse_what_a_role_may_not_do(hub):
    version = HubVersion.objects.create(hub=hub, sheet=sheets.of_hub(hub))
    company, mgr = person("company@firm.example.com"), manager(hub)
    coordinator_only = [f"/hubs/{hub.slug}/review/publish/",
                        f"/hubs/{hub.slug}/review/send-back/",
                        f"/hubs/{hub.slug}/archive/", f"/hubs/{hub.slug}/restore/",
                        f"/hubs/{hub.slug}/history/{version.pk}/revert/", "/editing/register/"]
    editors = [f"/hubs/{hub.slug}/edit/", f"/hubs/{hub.slug}/edit/submit/",
               f"/hubs/{hub.slug}/edit/withdraw/", f"/hubs/{hub.slug}/edit/still-current/"]
    data = {"comment": "no", "name": "X", "country": "DE", "confirm": "yes",
            **form_data(sheets.of_hub(hub), name="Hacked")}
    for url in coordinator_only + editors:
        assert as_user(company).post(url, data).status_code == 403, url
    for url in coordinator_only:
        assert as_user(mgr).post(url, data).status_code == 403, url
    assert as_user(mgr).get(f"/hubs/{hub.slug}/history/{version.pk}/revert/").status_code \
        == 403
    assert Hub.objects.get(pk=hub.pk).name == "Robotics Hub Stuttgart"
    assert not Hub.objects.filter(name="X").exists()
    assert Hub.objects.get(pk=hub.pk).validation == Validation.PUBLISHED
    assert not Draft.objects.exists()


def test_posts_need_the_csrf_token(hub):
    client = Client(enforce_csrf_checks=True)
    client.force_login(manager(hub))
    response = client.post(f"/hubs/{hub.slug}/edit/", form_data(sheets.of_hub(hub)))
    assert response.status_code == 403
    assert not Draft.objects.exists()


# -- editing -------------------------------------------------------------------------------------

def test_edit_page_shows_every_part_of_the_sheet(hub):
    term("Cybersecurity")  # a term of the vocabulary the hub does not have yet
    html = text(as_user(manager(hub)).get(f"/hubs/{hub.slug}/edit/"))
    for value in ('value="Robotics Hub Stuttgart"', 'value="Robotik-Hub Stuttgart"',
                  "We help &lt;strong&gt;SMEs&lt;/strong&gt;", 'value="Nobelstraße 12"',
                  'value="70569"', '<option value="DE" selected>Germany</option>',
                  'value="48.74"', 'value="DE11"', 'value="https://robotics.example.org/"',
                  'value="https://twitter.com/robotics"', 'value="Public Person"',
                  'value="secret@example.org"', 'value="University of Stuttgart"',
                  'value="A robot cell for a bakery"', 'value="Digital Europe Programme"',
                  "Industrie 4.0 BW", "Cybersecurity"):
        assert value in html, value
    robotics = term("Robotics")
    row = html.split(f'id="technologies-{robotics.pk}"', 1)[1].split("</li>", 1)[0]
    assert "checked" in row and '<option value="4" selected>' in row
    assert "agreed to be shown in public" in html
    assert "unpublished contacts" in html.lower() or "never shown publicly" in html
    assert "Completeness:" in html and "a description" in html  # what is missing
    assert 'name="action" value="submit"' in html


def test_saving_keeps_a_draft_and_leaves_the_public_page_alone(client, hub):
    user = manager(hub)
    editor = as_user(user)
    robotics_jrc = term("Robotics", vocabulary="jrc")
    doc = sheets.of_hub(hub)
    new = dict(doc, name="Quantum Widgets Hub",
               description="<p>New <strong>words</strong></p>",
               contacts=doc["contacts"] + [{"name": "Ada New", "role": "", "email":
                                            "ada@robotics.example.org", "phone": "",
                                            "publish": True}])
    new["technologies"] = [t for t in doc["technologies"] if t["vocabulary"] != "jrc"]
    response = save(editor, hub, new)
    assert response.status_code == 302 and response["Location"] == f"/hubs/{hub.slug}/edit/"

    draft = Draft.objects.get(hub=hub)
    assert draft.state == Draft.State.EDITING and draft.created_by == user
    assert draft.sheet["name"] == "Quantum Widgets Hub"
    assert draft.sheet["contacts"][-1]["email"] == "ada@robotics.example.org"
    assert all(t["name"] != robotics_jrc.name or t["vocabulary"] != "jrc"
               for t in draft.sheet["technologies"])
    # the hub and its public page are as they were
    assert Hub.objects.get(pk=hub.pk).name == "Robotics Hub Stuttgart"
    public = text(client.get(hub.get_absolute_url()))
    assert "Quantum Widgets" not in public and "Ada New" not in public
    assert "Quantum Widgets" not in results_of(text(client.get("/hubs/?q=Quantum")))
    # the edit page shows the draft, and says so
    page = text(editor.get(f"/hubs/{hub.slug}/edit/"))
    assert 'value="Quantum Widgets Hub"' in page and "Draft being edited" in page
    assert "The draft was saved" in page


def test_plain_text_becomes_paragraphs_and_html_is_sanitized(hub):
    editor = as_user(manager(hub))
    doc = sheets.of_hub(hub)
    save(editor, hub, doc, description="First & one.\n\nSecond\nline.",
         initiative='<p onclick="x()">Init <a href="javascript:alert(1)">go</a></p>')
    sheet = Draft.objects.get(hub=hub).sheet
    assert sheet["description"] == "<p>First &amp; one.</p><p>Second<br>line.</p>"
    assert "onclick" not in sheet["initiative"] and "javascript" not in sheet["initiative"]


def test_field_errors_are_shown_next_to_their_fields_and_the_input_is_kept(hub):
    editor = as_user(manager(hub))
    doc = sheets.of_hub(hub)
    data = form_data(doc, name="Typed Name Kept", website="robotics dot org")
    data["seen"] = seen(text(editor.get(f"/hubs/{hub.slug}/edit/")))
    # three contact rows: the second left empty, the third with a bad address; the sheet's
    # "contacts.2.email" is the third row of the form (index 2 of the document too), and
    # with an empty row before it, "contacts.1" is the third row of the form
    data.update({"contacts-TOTAL_FORMS": "4", "contacts-2-name": "", "contacts-2-email": "",
                 "contacts-3-name": "Bad Mail", "contacts-3-email": "not-an-address"})
    data.update({"examples-TOTAL_FORMS": "2", "examples-1-need": "a need without a title"})
    response = editor.post(f"/hubs/{hub.slug}/edit/", data)
    assert response.status_code == 200
    html = text(response)
    assert "The draft was not saved" in html
    assert 'value="Typed Name Kept"' in html and 'value="robotics dot org"' in html
    assert 'value="Bad Mail"' in html and 'value="not-an-address"' in html
    assert "a need without a title" in html

    def field_errors(field_id):
        found = re.search(rf'<ul class="errorlist" id="{field_id}_error">(.*?)</ul>', html, re.S)
        return found.group(1) if found else ""

    assert "http:// or https://" in field_errors("id_website")
    assert "e-mail address" in field_errors("id_contacts-3-email")
    assert field_errors("id_contacts-0-email") == ""
    assert "required" in field_errors("id_examples-1-title")
    assert 'aria-invalid="true"' in html
    # the summary links to the fields
    assert 'href="#id_contacts-3-email"' in html and 'href="#id_website"' in html
    assert not Draft.objects.exists()


def test_checks_after_the_fields_also_land_next_to_their_fields(hub):
    editor = as_user(manager(hub))
    data = form_data(sheets.of_hub(hub), region="XX99")
    data["seen"], data["lat"], data["lon"] = "", "48.7", ""
    html = text(editor.post(f"/hubs/{hub.slug}/edit/", data))
    assert "both lat and lon" in html.split('id="id_lat_error"', 1)[1][:200]
    assert "no NUTS region &#x27;XX99&#x27;" in html.split('id="id_region_error"', 1)[1][:200]
    assert 'value="XX99"' in html


def test_a_term_checked_with_a_level_is_kept_and_a_level_alone_ticks_nothing(hub):
    cyber, bigdata = term("Cybersecurity"), term("Big data")
    editor = as_user(manager(hub))
    data = form_data(sheets.of_hub(hub))
    data["seen"] = seen(text(editor.get(f"/hubs/{hub.slug}/edit/")))
    data["technologies"] = data["technologies"] + [str(cyber.pk)]
    data[f"technologies-level-{cyber.pk}"] = "5"
    data[f"technologies-level-{bigdata.pk}"] = "3"  # not ticked
    editor.post(f"/hubs/{hub.slug}/edit/", data)
    techs = Draft.objects.get(hub=hub).sheet["technologies"]
    assert {"name": "Cybersecurity", "vocabulary": "edih", "level": 5} in techs
    assert all(t["name"] != "Big data" for t in techs)


def test_social_links_are_checked_row_by_row(hub):
    editor = as_user(manager(hub))
    data = form_data(sheets.of_hub(hub))
    data["seen"] = seen(text(editor.get(f"/hubs/{hub.slug}/edit/")))
    data.update({"social-TOTAL_FORMS": "3", "social-2-network": "Mastodon",
                 "social-2-url": "javascript:alert(1)"})
    html = text(editor.post(f"/hubs/{hub.slug}/edit/", data))
    assert "http:// or https://" in html.split('id="id_social-2-url_error"', 1)[1][:200]
    data.update({"social-2-url": "https://social.example/@hub"})
    data["seen"] = ""
    assert editor.post(f"/hubs/{hub.slug}/edit/", data).status_code == 302
    assert Draft.objects.get(hub=hub).sheet["social"]["Mastodon"] == \
        "https://social.example/@hub"


def test_removing_rows(hub):
    editor = as_user(manager(hub))
    data = form_data(sheets.of_hub(hub))
    data["seen"] = ""
    data["organisations-1-DELETE"] = "on"
    data["funding-0-programme"] = data["funding-0-description"] = ""  # emptied: left out
    editor.post(f"/hubs/{hub.slug}/edit/", data)
    sheet = Draft.objects.get(hub=hub).sheet
    assert [o["name"] for o in sheet["organisations"]] == ["University of Stuttgart"]
    assert sheet["funding"] == []


def test_someone_elses_save_meanwhile_is_not_overwritten_silently(hub):
    first, second = as_user(manager(hub)), as_user(manager(hub, "co@robotics.example.org"))
    doc = sheets.of_hub(hub)
    stale_stamp = seen(text(second.get(f"/hubs/{hub.slug}/edit/")))
    save(first, hub, doc, title="First's title")
    data = form_data(doc, title="Second's title")
    data["seen"] = stale_stamp
    html = text(second.post(f"/hubs/{hub.slug}/edit/", data))
    assert "while you were editing it" in html and 'value="Second&#x27;s title"' in html
    assert Draft.objects.get(hub=hub).sheet["title"] == "First's title"
    data["seen"] = seen(html)  # saving again replaces it, knowingly
    assert second.post(f"/hubs/{hub.slug}/edit/", data).status_code == 302
    assert Draft.objects.get(hub=hub).sheet["title"] == "Second's title"


def test_submit_then_withdraw(hub):
    editor = as_user(manager(hub))
    response = save(editor, hub, sheets.of_hub(hub), action="submit", title="Submitted title")
    assert response.status_code == 302
    draft = Draft.objects.get(hub=hub)
    assert draft.state == Draft.State.SUBMITTED and draft.submitted_at
    page = text(editor.get(f"/hubs/{hub.slug}/edit/"))
    assert "Submitted for review" in page and "was submitted for review" in page
    mine = text(editor.get("/accounts/"))
    assert "Draft: submitted for review" in mine

    unconfirmed = editor.post(f"/hubs/{hub.slug}/edit/withdraw/")
    assert unconfirmed.status_code == 302
    assert Draft.objects.get(hub=hub).state == Draft.State.SUBMITTED
    editor.post(f"/hubs/{hub.slug}/edit/withdraw/", {"confirm": "yes"})
    assert Draft.objects.get(hub=hub).state == Draft.State.WITHDRAWN
    assert 'value="Robots for SMEs"' in text(editor.get(f"/hubs/{hub.slug}/edit/"))
    again = editor.post(f"/hubs/{hub.slug}/edit/withdraw/", {"confirm": "yes"}, follow=True)
    assert "There is no open draft." in text(again)


def test_submitting_without_a_draft_says_so(hub):
    response = as_user(manager(hub)).post(f"/hubs/{hub.slug}/edit/submit/", follow=True)
    assert "There is no draft to submit" in text(response)


# -- reviewing and publishing ---------------------------------------------------------------------

def submitted(hub, **changes):
    editor = as_user(manager(hub))
    doc = sheets.of_hub(hub)
    save(editor, hub, doc, action="submit", **changes)
    assert Draft.objects.get(hub=hub).state == Draft.State.SUBMITTED
    return editor


def test_review_shows_the_changes(hub, boss):
    doc = sheets.of_hub(hub)
    submitted(hub, name="Quantum Widgets Hub", description="<p>All <em>new</em>.</p>",
              technologies=[t for t in doc["technologies"] if t["name"] != "Robotics"],
              contacts=doc["contacts"] + [{"name": "Ada New", "email": "ada@x.org",
                                           "role": "", "phone": "", "publish": True}])
    html = text(as_user(boss).get(f"/hubs/{hub.slug}/review/"))
    change = html.split('aria-label="Name"', 1)[1].split("</section>", 1)[0]
    assert "Robotics Hub Stuttgart" in change.split("After")[0]
    assert "Quantum Widgets Hub" in change.split("After")[1]
    assert "All <em>new</em>." in html  # the description, sanitized HTML
    techs = html.split('aria-label="Technologies"', 1)[1].split("</section>", 1)[0]
    assert re.search(r'class="removed">.*Robotics \[edih\] \(level 4\)', techs)
    contacts = html.split('aria-label="Contact persons"', 1)[1].split("</section>", 1)[0]
    assert re.search(r'class="added">.*Ada New · ada@x.org · public', contacts)
    assert 'action="/hubs/robotics-hub-stuttgart/review/publish/"' in html
    assert 'name="comment"' in html
    # its manager sees the same changes, without the buttons
    mine = text(as_user(User.objects.get(email="manager@hub.example.org"))
                .get(f"/hubs/{hub.slug}/review/"))
    assert "Quantum Widgets Hub" in mine and "review/publish/" not in mine


def test_review_warns_when_the_published_sheet_moved(hub, boss):
    submitted(hub, title="Draft title")
    Hub.objects.filter(pk=hub.pk).update(city="Esslingen")  # an import, say
    html = text(as_user(boss).get(f"/hubs/{hub.slug}/review/"))
    assert "The published fact-sheet changed after this draft began" in html


def test_publish_changes_the_public_page_and_the_search(client, hub, boss):
    submitted(hub, name="Quantum Widgets Hub",
              description="<p>Brand <strong>new</strong> words.</p>")
    coordinator_client = as_user(boss)
    response = coordinator_client.post(f"/hubs/{hub.slug}/review/publish/")
    assert response.status_code == 302 and response["Location"] == "/accounts/coordinator/"
    assert Draft.objects.get(hub=hub).state == Draft.State.PUBLISHED
    public = text(client.get(hub.get_absolute_url()))
    assert "<h1>Quantum Widgets Hub</h1>" in public
    assert "Brand <strong>new</strong> words." in public
    assert "Quantum Widgets Hub" in results_of(text(client.get("/hubs/?q=Quantum+Widgets")))
    # the manager is told on My hubs
    mine = text(as_user(User.objects.get(email="manager@hub.example.org")).get("/accounts/"))
    today = date_format(timezone.localdate(), "SHORT_DATE_FORMAT")  # the reader's format
    assert f"Last draft published on {today}" in mine
    # publishing twice is refused with a message
    again = coordinator_client.post(f"/hubs/{hub.slug}/review/publish/", follow=True)
    assert "no submitted draft" in text(again)


def test_send_back_needs_a_comment_which_the_manager_sees(hub, boss):
    submitted(hub, title="Needs work")
    coordinator_client = as_user(boss)
    empty = coordinator_client.post(f"/hubs/{hub.slug}/review/send-back/", {"comment": "  "})
    assert empty.status_code == 200
    assert "a comment is needed" in text(empty)
    assert Draft.objects.get(hub=hub).state == Draft.State.SUBMITTED
    response = coordinator_client.post(f"/hubs/{hub.slug}/review/send-back/",
                                       {"comment": "Please add <b>two</b> services."})
    assert response.status_code == 302
    draft = Draft.objects.get(hub=hub)
    assert draft.state == Draft.State.SENT_BACK and draft.comment
    manager_client = as_user(User.objects.get(email="manager@hub.example.org"))
    mine = text(manager_client.get("/accounts/"))
    assert "Draft: sent back" in mine
    assert "Please add &lt;b&gt;two&lt;/b&gt; services." in mine
    edit = text(manager_client.get(f"/hubs/{hub.slug}/edit/"))
    assert "Please add &lt;b&gt;two&lt;/b&gt; services." in edit
    # still shown while the manager works on it again
    save(manager_client, hub, Draft.objects.get(hub=hub).sheet, title="Reworked")
    assert Draft.objects.get(hub=hub).state == Draft.State.EDITING
    assert "Please add &lt;b&gt;two&lt;/b&gt; services." in text(manager_client.get("/accounts/"))
    assert "Please add &lt;b&gt;two&lt;/b&gt; services." in text(
        manager_client.get(f"/hubs/{hub.slug}/edit/"))


# -- history, revert, archive, register -------------------------------------------------------

def test_history_lists_versions_and_a_coordinator_reverts(client, hub, boss):
    submitted(hub, name="Quantum Widgets Hub")
    coordinator_client = as_user(boss)
    coordinator_client.post(f"/hubs/{hub.slug}/review/publish/")
    html = text(coordinator_client.get(f"/hubs/{hub.slug}/history/"))
    assert "published a submitted draft" in html
    assert "first known state" in html and "system" in html
    assert "coordinator@network.example.eu" in html
    first = HubVersion.objects.filter(hub=hub).order_by("created_at", "id").first()
    assert f"/hubs/{hub.slug}/history/{first.pk}/revert/" in html
    manager_html = text(as_user(User.objects.get(email="manager@hub.example.org"))
                        .get(f"/hubs/{hub.slug}/history/"))
    assert "Quantum Widgets Hub" in manager_html and "/revert/" not in manager_html

    confirm = text(coordinator_client.get(f"/hubs/{hub.slug}/history/{first.pk}/revert/"))
    assert "Yes, revert to this version" in confirm and "Quantum Widgets Hub" in confirm
    assert Hub.objects.get(pk=hub.pk).name == "Quantum Widgets Hub"  # a GET changes nothing
    coordinator_client.post(f"/hubs/{hub.slug}/history/{first.pk}/revert/")
    assert Hub.objects.get(pk=hub.pk).name == "Robotics Hub Stuttgart"
    assert "<h1>Robotics Hub Stuttgart</h1>" in text(client.get(hub.get_absolute_url()))
    assert "reverted to the version of" in text(coordinator_client.get(
        f"/hubs/{hub.slug}/history/"))


def test_a_version_of_another_hub_cannot_be_reverted_to(hub, boss):
    other = make_hub("Other hub")
    version = HubVersion.objects.create(hub=other, sheet=sheets.of_hub(other))
    url = f"/hubs/{hub.slug}/history/{version.pk}/revert/"
    assert as_user(boss).post(url).status_code == 404
    assert Hub.objects.get(pk=hub.pk).name == "Robotics Hub Stuttgart"


def test_archive_takes_the_hub_off_the_public_pages_and_restore_brings_it_back(
        client, hub, boss):
    coordinator_client = as_user(boss)
    response = coordinator_client.post(f"/hubs/{hub.slug}/archive/",
                                       {"reason": "closed in 2024"})
    assert response.status_code == 302
    assert Hub.objects.get(pk=hub.pk).validation == Validation.ARCHIVED
    assert client.get(hub.get_absolute_url()).status_code == 404
    assert "Robotics Hub" not in results_of(text(client.get("/hubs/?q=Robotics")))
    history = text(coordinator_client.get(f"/hubs/{hub.slug}/history/"))
    assert "archived: closed in 2024" in history and ">Restore</button>" in history
    # a manager cannot edit an archived hub until it is restored
    manager_client = as_user(manager(hub))
    edit = text(manager_client.get(f"/hubs/{hub.slug}/edit/"))
    assert "This hub is archived" in edit
    refused = save(manager_client, hub, sheets.of_hub(hub), title="x")
    assert "the hub is archived" in text(refused)
    assert not Draft.objects.filter(hub=hub, state=Draft.State.EDITING).exists()

    coordinator_client.post(f"/hubs/{hub.slug}/restore/")
    assert client.get(hub.get_absolute_url()).status_code == 200
    assert "Robotics Hub" in results_of(text(client.get("/hubs/?q=Robotics")))


def test_register_a_hub_then_publish_its_first_draft(client, boss):
    coordinator_client = as_user(boss)
    response = coordinator_client.post("/editing/register/",
                                       {"name": "Brand New Hub", "country": "AT"})
    hub = Hub.objects.get(name="Brand New Hub")
    assert response.status_code == 302 and response["Location"] == f"/hubs/{hub.slug}/edit/"
    assert hub.validation == Validation.DRAFT and hub.country == "AT"
    assert client.get(hub.get_absolute_url()).status_code == 404
    dashboard = text(coordinator_client.get("/accounts/coordinator/"))
    assert "Registered hubs, not public yet" in dashboard and "Brand New Hub" in dashboard
    edit = text(coordinator_client.get(f"/hubs/{hub.slug}/edit/"))
    assert "Draft being edited" in edit and '<option value="AT" selected>Austria' in edit

    save(coordinator_client, hub, Draft.objects.get(hub=hub).sheet, action="submit",
         description="<p>A new hub.</p>", website="https://new.example.at/")
    coordinator_client.post(f"/hubs/{hub.slug}/review/publish/")
    public = client.get(hub.get_absolute_url())
    assert public.status_code == 200 and "A new hub." in text(public)


def test_register_reports_what_is_missing(boss):
    response = as_user(boss).post("/editing/register/", {"name": " ", "country": "DE"},
                                  follow=True)
    assert "The hub was not registered: Name: This field is required." in text(response)
    assert not Hub.objects.exists()


# -- dashboards, freshness ----------------------------------------------------------------------

def test_coordinator_dashboard_lists_drafts_stale_and_incomplete_hubs(hub, boss):
    submitted(hub, title="For review")
    old = make_hub("Old Hub", slug="old-hub")
    Hub.objects.filter(pk=old.pk).update(updated_at=timezone.now() - timedelta(days=500))
    html = text(as_user(boss).get("/accounts/coordinator/"))
    waiting = html.split('id="h-submitted"', 1)[1].split("</section>", 1)[0]
    assert f'href="/hubs/{hub.slug}/review/"' in waiting and "manager@hub.example.org" in waiting
    stale = html.split('id="h-stale"', 1)[1].split("</section>", 1)[0]
    assert "Old Hub" in stale and "Robotics Hub" not in stale
    least = html.split('id="h-least"', 1)[1].split("</section>", 1)[0]
    assert least.index("Old Hub") < least.index("Robotics Hub Stuttgart")  # the emptier first
    assert 'action="/editing/register/"' in html
    assert "Pending claims" in html  # the accounts' part is still there


def test_least_complete_takes_a_fixed_number_of_queries(boss, django_assert_max_num_queries):
    from dihub.editing.templatetags.editing import least_complete

    for n in range(30):
        make_hub(f"Hub {n}", terms=[("Robotics", "technology", n % 5 + 1)])
    with django_assert_max_num_queries(8):
        rows = least_complete()
    assert len(rows) == 20
    assert [r["score"] for r in rows] == sorted(r["score"] for r in rows)


def test_least_complete_scores_as_the_whole_sheet_does(hub):
    """The dashboard's quick outlines give each hub the score of its whole fact-sheet."""
    from dihub.editing.templatetags.editing import least_complete

    make_hub("Empty hub")
    make_hub("Some hub", website="https://some.example/", city="Lyon", country="FR",
             lat=45.7, lon=4.8, terms=[("Robotics", "technology", 3),
                                        ("Test before invest", "service", None)],
             contacts=[{"name": "Hidden", "publish": False}],
             funding=[{"programme": "ERDF"}])
    full_hub(name="Full hub", slug="full-hub", description="<p>" + "x" * 300 + "</p>",
             contacts=[{"name": "Shown", "publish": True}])
    make_hub("Archived hub", validation=Validation.ARCHIVED)
    rows = least_complete()
    assert [r["hub"].name for r in rows][0] == "Empty hub"
    assert "Archived hub" not in [r["hub"].name for r in rows]
    for row in rows:
        assert (row["score"], row["missing"]) == sheets.completeness(sheets.of_hub(row["hub"]))
    assert len({r["score"] for r in rows}) == 4


def test_stale_hubs_are_flagged_and_can_be_confirmed(client, hub):
    long_ago = timezone.now() - timedelta(days=400)
    Hub.objects.filter(pk=hub.pk).update(updated_at=long_ago)
    public = text(client.get(hub.get_absolute_url()))
    assert "not been updated for over 12 months" in public
    assert f'datetime="{long_ago:%Y-%m-%d}' in public or long_ago.strftime("%Y-%m-%d") in public
    manager_client = as_user(manager(hub))
    mine = text(manager_client.get("/accounts/"))
    assert "Not updated for over 12 months" in mine and "still current" in mine
    manager_client.post(f"/hubs/{hub.slug}/edit/still-current/")
    assert Hub.objects.get(pk=hub.pk).checked_at is not None
    assert "not been updated" not in text(client.get(hub.get_absolute_url()))
    assert "Not updated for over 12 months" not in text(manager_client.get("/accounts/"))


def test_my_hubs_shows_completeness_and_links(hub):
    html = text(as_user(manager(hub)).get("/accounts/"))
    score, _ = sheets.completeness(sheets.of_hub(hub))
    assert f"Completeness {score}/100" in html
    assert f'href="/hubs/{hub.slug}/edit/"' in html and f'href="/hubs/{hub.slug}/history/"' in html
    assert "No draft" in html


def test_public_page_offers_editors_their_links(client, hub, boss):
    assert "/edit/" not in text(client.get(hub.get_absolute_url()))
    assert f"/hubs/{hub.slug}/edit/" in text(as_user(manager(hub)).get(hub.get_absolute_url()))
    assert f"/hubs/{hub.slug}/history/" in text(as_user(boss).get(hub.get_absolute_url()))
    company = as_user(person("company@firm.example.com"))
    assert f"/hubs/{hub.slug}/edit/" not in text(company.get(hub.get_absolute_url()))


# -- typed HTML and script stay inert --------------------------------------------------------

PAYLOAD = '<script>alert("x")</script><img src=x onerror=alert(1)><b onmouseover=alert(2)>b</b>'


class Inert(HTMLParser):
    """Every element of a page: no script without a src (other than JSON data), no on*
    handler, no image, no javascript: link."""

    def __init__(self):
        super().__init__()
        self.problems = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and "src" not in attrs and attrs.get("type") not in (
                "application/json", "application/ld+json"):
            self.problems.append(f"inline script {attrs}")
        if tag == "img":
            self.problems.append(f"img {attrs}")
        for name, value in attrs.items():
            if name.startswith("on"):
                self.problems.append(f"{tag} {name}={value}")
            if name in ("href", "src") and (value or "").strip().lower().startswith(
                    "javascript:"):
                self.problems.append(f"{tag} {name}={value}")


def assert_inert(html):
    parser = Inert()
    parser.feed(html)
    assert parser.problems == []
    assert '<script>alert("x")' not in html


def test_html_and_script_typed_in_every_text_field_stay_inert(client, hub, boss):
    editor = as_user(manager(hub))
    doc = sheets.of_hub(hub)
    short = "<script>x</script>"
    every = dict(
        doc, name="Hub " + PAYLOAD, local_name=PAYLOAD, title=PAYLOAD,
        description="<p>Kept <strong>strong</strong></p>" + PAYLOAD,
        local_description=PAYLOAD, initiative=PAYLOAD,
        address={"street": PAYLOAD, "postcode": short, "city": PAYLOAD, "country": "DE",
                 "text": PAYLOAD},
        social={PAYLOAD[:40]: "https://x.example/?q=<script>"},
        contacts=[{"name": PAYLOAD, "role": PAYLOAD, "email": "a@x.org", "phone": short,
                   "publish": True}],
        organisations=[{"name": PAYLOAD, "role": "partner", "country": "DE",
                        "website": "https://o.example/\"><script>"}],
        examples=[{"title": PAYLOAD, "client_profile": PAYLOAD, "need": PAYLOAD,
                   "solution": PAYLOAD, "result": PAYLOAD}],
        funding=[{"programme": PAYLOAD, "description": PAYLOAD}],
    )
    response = save(editor, hub, every, action="submit")
    assert response.status_code == 302, text(response)[:2000]
    assert_inert(text(editor.get(f"/hubs/{hub.slug}/edit/")))
    assert_inert(text(editor.get("/accounts/")))
    coordinator_client = as_user(boss)
    review = text(coordinator_client.get(f"/hubs/{hub.slug}/review/"))
    assert_inert(review)
    assert "Kept <strong>strong</strong>" in review
    assert_inert(text(coordinator_client.get("/accounts/coordinator/")))
    coordinator_client.post(f"/hubs/{hub.slug}/review/publish/")
    public = text(client.get(hub.get_absolute_url()))
    assert_inert(public)
    assert "<p>Kept <strong>strong</strong></p>" in public
    assert "&lt;script&gt;" in public  # the name, escaped: shown, not run
    assert_inert(text(coordinator_client.get(f"/hubs/{hub.slug}/history/")))
    first = HubVersion.objects.filter(hub=hub).order_by("created_at", "id").first()
    assert_inert(text(coordinator_client.get(f"/hubs/{hub.slug}/history/{first.pk}/revert/")))
    assert_inert(text(client.get("/hubs/?q=Hub")))
    # and typed into a form that is not saved, then shown again
    data = form_data(every, website="javascript:alert(1)")
    data["seen"] = seen(text(editor.get(f"/hubs/{hub.slug}/edit/")))
    again = editor.post(f"/hubs/{hub.slug}/edit/", data)
    assert "The draft was not saved" in text(again)
    assert_inert(text(again))
