"""The fact-sheet document, drafts, publication, history, revert and freshness."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from dihub.catalogue import sheet as sheets
from dihub.catalogue import workflow
from dihub.catalogue.models import RESERVED_SLUGS, Draft, Hub, HubVersion, Validation
from dihub.catalogue.serialize import hub_dict, hubs_queryset

from .factories import make_hub, region

pytestmark = pytest.mark.django_db

TERMS = (("Artificial Intelligence & Decision support", "technology", 4),
         ("Manufacturing", "sector", None))


@pytest.fixture
def hub():
    return make_hub("Hub Alpha", terms=TERMS, website="https://alpha.example",
                    city="Stuttgart", contacts=[{"name": "Ana", "email": "ana@alpha.example",
                                                 "publish": True}])


@pytest.fixture
def people():
    return (User.objects.create_user("manager", "m@alpha.example"),
            User.objects.create_user("coordinator", "c@hubs.example"))


def test_a_hubs_sheet_goes_through_check_unchanged(hub):
    doc = sheets.of_hub(hub)
    assert sheets.check(doc) == doc
    assert doc["technologies"] == [{"name": TERMS[0][0], "vocabulary": "edih", "level": 4}]


def test_the_read_apis_hub_can_be_sent_back_as_it_is(hub):
    data = hub_dict(hubs_queryset(public=False).get(pk=hub.pk), public=False)
    assert sheets.check(data) == sheets.of_hub(hub)


def test_check_names_every_bad_field():
    with pytest.raises(sheets.SheetError) as e:
        sheets.check({"name": "", "website": "ftp://x", "lat": 10,
                      "contacts": [{"email": "ok@x.eu"}, {"email": "not an address"}],
                      "technologies": [{"name": "Quantum knitting", "level": 3}],
                      "region": "ZZ99", "colour": "red"})
    fields = {err["field"]: err["reason"] for err in e.value.errors}
    assert set(fields) >= {"name", "website", "contacts.1.email", "colour"}
    with pytest.raises(sheets.SheetError) as e:
        sheets.check({"name": "x", "lat": 10, "region": "ZZ99",
                      "technologies": [{"name": "Quantum knitting", "level": 3}]})
    fields = {err["field"]: err["reason"] for err in e.value.errors}
    assert "no NUTS region 'ZZ99'" in fields["region"]
    assert "lat" in fields and "technologies.0.name" in fields


def test_nul_characters_are_refused_where_they_are():
    with pytest.raises(sheets.SheetError) as e:
        sheets.check({"name": "a\x00b", "contacts": [{"name": "ok"}, {"role": "x\x00"}]})
    assert [err["field"] for err in e.value.errors] == ["name", "contacts.1.role"]


@pytest.mark.parametrize("doc", [None, [], "x", 3, {"name": {"a": 1}}, {"name": "x" * 301},
                                 {"name": "x", "contacts": [1]}, {"name": "x", "social": []}])
def test_check_refuses_junk_with_an_error_not_an_exception(doc):
    with pytest.raises(sheets.SheetError):
        sheets.check(doc)


def test_html_is_sanitized_and_text_is_kept_as_text():
    doc = sheets.check({"name": "<script>alert(1)</script>Hub",
                        "description": '<p onclick="x()">Hi <strong>you</strong></p>'
                                       '<script>alert(2)</script><img src=x onerror=alert(3)>'})
    assert doc["description"] == "<p>Hi <strong>you</strong></p>"
    assert doc["name"] == "<script>alert(1)</script>Hub"  # plain text: escaped where shown


def test_editing_a_draft_does_not_change_the_public_hub(hub, people):
    manager, _ = people
    draft = workflow.start_draft(hub, manager)
    doc = dict(draft.sheet, name="Hub Alpha renamed")
    workflow.save_draft(draft, doc, manager)
    assert Hub.objects.get(pk=hub.pk).name == "Hub Alpha"
    assert workflow.start_draft(hub, manager).pk == draft.pk  # one open draft, shared
    assert workflow.changes(draft) == [{"field": "name", "label": "Name", "old": "Hub Alpha",
                                        "new": "Hub Alpha renamed"}]


def test_publish_writes_the_draft_and_keeps_both_versions(hub, people):
    manager, coordinator = people
    draft = workflow.start_draft(hub, manager)
    doc = dict(draft.sheet, name="Hub Beta",
               technologies=draft.sheet["technologies"] + [
                   {"name": "Internet of Things", "vocabulary": "edih", "level": 2}],
               contacts=[])
    workflow.save_draft(draft, doc, manager)
    with pytest.raises(workflow.WorkflowError):
        workflow.publish(draft, coordinator)  # not submitted yet
    workflow.submit(draft, manager)
    workflow.publish(draft, coordinator)
    hub.refresh_from_db()
    assert hub.name == "Hub Beta" and hub.contacts.count() == 0
    assert hub.hub_terms.get(term__name="Internet of Things").level == 2
    assert Draft.objects.get(pk=draft.pk).state == Draft.State.PUBLISHED
    first, latest = workflow.history(hub)[::-1]
    assert first["version"].reason == "first known state" and first["version"].user is None
    assert latest["version"].user == coordinator
    changes = {c["field"]: c for c in latest["changes"]}
    assert changes["name"]["old"] == "Hub Alpha" and changes["name"]["new"] == "Hub Beta"
    assert changes["technologies"]["added"] == ["Internet of Things [edih] (level 2)"]
    assert changes["contacts"]["removed"][0].startswith("Ana")


def test_revert_brings_back_an_earlier_sheet_as_a_new_version(hub, people):
    manager, coordinator = people
    draft = workflow.start_draft(hub, manager)
    workflow.save_draft(draft, dict(draft.sheet, name="Wrong name", contacts=[]), manager)
    workflow.submit(draft, manager)
    workflow.publish(draft, coordinator)
    first = HubVersion.objects.filter(hub=hub).order_by("created_at", "id").first()
    workflow.revert(hub, first, coordinator)
    hub.refresh_from_db()
    assert hub.name == "Hub Alpha" and hub.contacts.get().email == "ana@alpha.example"
    assert HubVersion.objects.filter(hub=hub).count() == 3
    assert workflow.history(hub)[0]["version"].reason.startswith("reverted to the version of")


def test_send_back_needs_a_comment_and_editing_reopens_the_draft(hub, people):
    manager, coordinator = people
    draft = workflow.start_draft(hub, manager)
    workflow.submit(draft, manager)
    with pytest.raises(workflow.WorkflowError, match="comment"):
        workflow.send_back(draft, coordinator, "  ")
    workflow.send_back(draft, coordinator, "Please add a service example.")
    assert draft.state == Draft.State.SENT_BACK
    workflow.save_draft(draft, draft.sheet, manager)
    assert draft.state == Draft.State.EDITING


def test_a_bad_sheet_keeps_the_draft_as_it_was(hub, people):
    manager, _ = people
    draft = workflow.start_draft(hub, manager)
    with pytest.raises(sheets.SheetError):
        workflow.save_draft(draft, dict(draft.sheet, website="not a url"), manager)
    assert Draft.objects.get(pk=draft.pk).sheet["website"] == "https://alpha.example"


def test_registered_hubs_are_hidden_until_published_and_archived_ones_leave(people):
    _, coordinator = people
    draft = workflow.register("Hub Gamma", "es", coordinator)
    hub = draft.hub
    assert hub.validation == Validation.DRAFT and hub.country == "ES"
    assert not hubs_queryset().filter(pk=hub.pk).exists()
    workflow.submit(draft, coordinator)
    workflow.publish(draft, coordinator)
    assert hubs_queryset().filter(pk=hub.pk).exists()
    workflow.archive(hub, coordinator, "closed in 2026")
    assert not hubs_queryset().filter(pk=hub.pk).exists()
    with pytest.raises(workflow.WorkflowError, match="archived"):
        workflow.start_draft(hub, coordinator)
    with pytest.raises(workflow.WorkflowError, match="archived already"):
        workflow.archive(hub, coordinator)
    workflow.restore(hub, coordinator)
    assert hubs_queryset().filter(pk=hub.pk).exists()
    with pytest.raises(workflow.WorkflowError, match="only an archived hub"):
        workflow.restore(hub, coordinator)
    new = workflow.register("Hub Delta", "es", coordinator).hub
    with pytest.raises(workflow.WorkflowError):
        workflow.restore(new, coordinator)


def test_an_address_change_places_the_hub_again_unless_set_by_hand(hub, people):
    manager, coordinator = people
    region("ES", "España", "ES")
    draft = workflow.start_draft(hub, manager)
    doc = dict(draft.sheet, lat=None, lon=None, region=None,
               address={"street": "", "postcode": "", "city": "Madrid", "country": "ES",
                        "text": ""})
    workflow.save_draft(draft, doc, manager)
    workflow.submit(draft, manager)
    workflow.publish(draft, coordinator)
    hub.refresh_from_db()
    assert hub.lat == pytest.approx(40.4, abs=0.3) and hub.lon == pytest.approx(-3.7, abs=0.3)
    draft = workflow.start_draft(hub, manager)
    workflow.save_draft(draft, dict(draft.sheet, lat=41.0, lon=2.0), manager)
    workflow.submit(draft, manager)
    workflow.publish(draft, coordinator)
    hub.refresh_from_db()
    assert (hub.lat, hub.lon, hub.coords_from) == (41.0, 2.0, "manual")


def test_completeness_counts_what_is_missing(hub):
    score, missing = sheets.completeness(sheets.of_hub(hub))
    assert 0 < score < 100
    assert "a description" in missing and "a website" not in missing
    full = sheets.of_hub(hub)
    assert sheets.completeness(dict(full, website=""))[0] < score


def test_stale_hubs_are_the_published_ones_untouched_for_a_year(hub, people):
    old = timezone.now() - timedelta(days=400)
    Hub.objects.filter(pk=hub.pk).update(updated_at=old)
    make_hub("Fresh hub")
    hidden = make_hub("Old draft hub", validation=Validation.DRAFT)
    Hub.objects.filter(pk=hidden.pk).update(updated_at=old)
    assert list(workflow.stale_hubs()) == [hub]
    hub.refresh_from_db()
    assert workflow.is_stale(hub)
    workflow.confirm_current(hub, people[0])
    hub.refresh_from_db()
    assert not workflow.is_stale(hub) and list(workflow.stale_hubs()) == []


def test_an_import_that_changes_a_hub_keeps_the_sheet_before_and_after(tmp_path):
    from dihub.catalogue.imports import import_file

    path = tmp_path / "hubs.csv"
    header = "slug,name,country,city,technologies (edih)\n"
    path.write_text(header + "hub-delta,Hub Delta,DE,Bonn,\n")
    import_file(path, "csv")
    hub = Hub.objects.get(name="Hub Delta")
    assert not HubVersion.objects.filter(hub=hub).exists()  # created: nothing to compare yet
    path.write_text(header + "hub-delta,Hub Delta,DE,Köln,\n")
    import_file(path, "csv")
    versions = workflow.history(hub)
    assert [v["version"].reason for v in versions] == ["import of hubs.csv",
                                                        "first known state"]
    assert versions[0]["changes"][0]["field"] == "address"


def test_no_hub_takes_a_slug_the_api_uses_for_something_else(people, client):
    from dihub.catalogue.importers.apply import run
    from dihub.catalogue.importers.record import HubRecord

    registered = workflow.register("Summary", "es", people[1]).hub
    run([HubRecord(source="dihub", source_id="s1", name="Summary", country="DE")])
    imported = Hub.objects.exclude(pk=registered.pk).get(name="Summary")
    assert {registered.slug, imported.slug}.isdisjoint(RESERVED_SLUGS)
    assert "summary" in RESERVED_SLUGS
    assert set(client.get("/api/hubs/summary").json()) == {"total", "by_type", "by_country"}
