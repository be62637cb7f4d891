"""CSV export and import: a round trip gives the same rows; bad rows are reported with
row, column and reason and the good rows kept; importing again changes nothing."""

import csv
import io

import pytest
from django.core.management import call_command
from django.test import Client

from dihub.accounts.permissions import COORDINATOR
from dihub.accounts.tests.helpers import person
from dihub.maturity import assessments, csvio, loader
from dihub.maturity.models import Assessment, Company

from .dma import hub, manager
from .test_scoring import WORKED

pytestmark = pytest.mark.django_db
SME = loader.get("sme", 1)


def taken(user, name, answers, **kwargs):
    a = assessments.start(user, "sme", name, **kwargs)
    assessments.save_answers(a, answers, user)
    return assessments.complete(a, user)


def export(h, questionnaire="sme") -> str:
    out = io.StringIO()
    csvio.export_hub(out, h, questionnaire)
    return out.getvalue()


def rows(text) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture
def world():
    h = hub("Hub A", slug="hub-a")
    ann = person("ann@acme.example")
    t0 = taken(ann, "Acme Tools", WORKED, hub=h, phase="t0")
    later = {**WORKED, "q3": ["connectivity"], "q4": {"cad_cam": 5, "iot": 0},
             "q6": ["awareness", "autonomy"], "q8": None}
    t1 = taken(ann, "Acme Tools", later, hub=h, phase="t1")
    bea = person("bea@beta.example")
    beta = taken(bea, "=HYPERLINK(\"x\")", {**WORKED, "company_name": "-Beta", "q1": {},
                                             "q2": [], "q7": ["not_digital"]})
    assessments.share(beta, h, bea)
    taken(bea, "Not shared", WORKED)  # not shared with the hub
    assessments.start(ann, "sme", "Acme Tools", hub=h)  # not completed
    return h, t0, t1, beta


def test_the_export_has_the_columns_of_the_definition(world):
    h, t0, t1, beta = world
    found = rows(export(h))
    header = list(found[0])
    assert header[:9] == list(csvio.META)
    assert "sme_m1_2" in header and "sme_m2_1_1_invested" in header and "sme_m2_4_3" in header
    assert header[-8:] == ["overall", "level"] + [f"score_{d.key}" for d in SME.dimensions]
    assert [r["external_id"] for r in found] == [t0.external_id, t1.external_id,
                                                 beta.external_id]
    first = found[0]
    assert (first["company"], first["hub"], first["phase"]) == ("Acme Tools", "hub-a", "t0")
    assert (first["sme_m1_2"], first["sme_m2_1_1_invested"], first["sme_m2_1_2_planned"],
            first["sme_m2_4_3"], first["sme_m2_4_6"], first["sme_m2_11_2"]) == (
        "small", "1", "", "3", "", "partially")  # an area left out: empty
    assert (first["overall"], first["level"], first["score_green_digitalisation"]) == (
        "32.26", "average", "25.00")
    assert found[1]["baseline"] == t0.external_id
    assert found[1]["sme_m2_8_1"] == ""  # q8 unanswered at T1: empty, not 0
    # a formula is not run by a spreadsheet: a leading '
    assert found[2]["company"] == "'=HYPERLINK(\"x\")" and found[2]["sme_m1_1"] == "'-Beta"
    assert found[2]["hub"] == "" and found[2]["sme_m2_1_1_invested"] == ""  # {} unanswered
    assert found[2]["sme_m2_2_1"] == "0"  # [] answered, nothing ticked


def test_round_trip_into_an_empty_database_gives_the_same_rows(world):
    h = world[0]
    first = export(h)
    Assessment.objects.all().delete()
    Company.objects.all().delete()
    boss = manager("boss@hub-a.example", h)
    report = csvio.import_csv(first.encode(), h, boss)
    assert (report.rows, report.created, report.problems) == (3, 3, [])
    assert export(h) == first
    t1 = Assessment.objects.get(phase="t1")
    assert t1.baseline.phase == "t0" and t1.company == t1.baseline.company
    assert t1.imported and t1.created_by == boss and list(t1.shared_with.all()) == [h]
    assert round(t1.overall, 2) == round(world[2].overall, 2)
    # importing the same file again: nothing new, nothing changed
    again = csvio.import_csv(first.encode(), h, boss)
    assert (again.created, again.updated, again.unchanged, again.problems) == (0, 0, 3, [])
    assert Assessment.objects.count() == 3 and Company.objects.count() == 2
    assert export(h) == first


def test_importing_its_own_export_into_the_same_database_changes_nothing(world):
    h = world[0]
    text = export(h)
    report = csvio.import_csv(text, h)
    assert (report.unchanged, report.created, report.problems) == (3, 0, [])


def test_an_imported_row_is_updated_one_answered_in_dihub_is_not(world):
    h, t0 = world[0], world[1]
    found = rows(export(h))
    changed = dict(found[0], sme_m2_3_2="0")
    imported = dict(found[0], external_id="row-1", company_key="acme-key")
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=list(found[0]))
    writer.writeheader()
    writer.writerows([changed, imported])
    report = csvio.import_csv(text.getvalue(), h)
    assert [(p.row, p.column) for p in report.problems] == [(2, "external_id")]
    assert "answered in dihub" in report.problems[0].reason
    assert report.created == 1
    t0.refresh_from_db()
    assert "website" in t0.answers["q3"]  # unchanged
    new = Assessment.objects.get(external_id="row-1")
    assert new.company.key == "acme-key" and new.company != t0.company
    imported["sme_m2_3_2"] = "0"
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=list(found[0]))
    writer.writeheader()
    writer.writerow(imported)
    report = csvio.import_csv(text.getvalue(), h)
    assert (report.updated, report.problems) == (1, [])
    new.refresh_from_db()
    assert "website" not in new.answers["q3"] and new.overall < t0.overall


BAD_FILE = (
    "external_id,company,questionnaire,phase,baseline,completed_at,sme_m1_2,sme_m1_5,"
    "sme_m2_2_1,sme_m2_4_3,sme_m2_7_1,sme_m2_7_8,sme_m2_11_1,colour\n"
    "ok-1,Good Ltd,sme,t0,,2024-05-01,small,DE,1,3,1,0,yes,red\n"
    "bad-scale,Bad Ltd,sme,,,,small,DE,1,7,0,0,,\n"
    "bad-tick,Bad Ltd,sme,,,,small,DE,x,2,0,0,,\n"
    "bad-excl,Bad Ltd,sme,,,,small,DE,1,2,1,1,,\n"
    "bad-phase,Bad Ltd,sme,t2,,,small,DE,1,2,0,0,,\n"
    ",Bad Ltd,sme,,,,small,DE,1,2,0,0,,\n"
    "ok-1,Again Ltd,sme,,,,small,DE,1,2,0,0,,\n"
    "no-name,,sme,,,,small,DE,1,2,0,0,,\n"
    "bad-q,Bad Ltd,xyz,,,,small,DE,1,2,0,0,,\n"
    "bad-date,Bad Ltd,sme,,,31/12/2024,small,DE,1,2,0,0,,\n"
    "bad-base,Bad Ltd,sme,t1,nope,,small,DE,1,2,0,0,,\n"
    "bad-choice,Bad Ltd,sme,,,,giant,de,1,2,0,0,maybe,\n"
    "\n"
    "ok-2,Good Ltd,sme,t1,ok-1,2025-05-01,small,DE,1,5,1,0,yes,\n"
)


def test_bad_rows_are_reported_and_good_rows_kept():
    h = hub("Hub A")
    report = csvio.import_csv(BAD_FILE.encode(), h)
    found = [(p.row, p.column, p.reason.split(":")[0]) for p in report.problems]
    assert found == [
        (1, "colour", "unknown column"),
        (3, "sme_m2_4_3", "out_of_range"),
        (4, "sme_m2_2_1", "expected 1 (ticked), 0 or empty, got 'x'"),
        (5, "sme_m2_7_8", "exclusive_with_others"),
        (6, "phase", "expected empty, t0 or t1, got 't2'"),
        (7, "external_id", "empty"),
        (8, "external_id", "'ok-1' is already on row 2"),
        (9, "company", "empty"),
        (10, "questionnaire", "unknown questionnaire 'xyz'; known"),
        (11, "completed_at", "expected a date and time, ISO 8601 (2024-05-31T14"),
        (12, "baseline", "'nope' is not a completed T0 of the same company in this hub's "
                         "assessments"),
        (13, "sme_m1_2", "unknown_value"), (13, "sme_m1_5", "bad_format"),
        (13, "sme_m2_11_1", "unknown_value"),
    ]
    assert (report.rows, report.created, report.refused) == (13, 2, 11)  # a blank line
    t0, t1 = Assessment.objects.order_by("completed_at")
    assert (t0.external_id, t1.external_id, t1.baseline) == ("ok-1", "ok-2", t0)
    assert t0.company == t1.company and t0.company.name == "Good Ltd"
    assert t0.answers["q4"] == {"cad_cam": 3} and t0.answers["q7"] == ["data_policy"]
    assert t0.completed_at.isoformat().startswith("2024-05-01T00:00:00")
    assert report.lines()[0] == "13 row(s): 2 created, 0 updated, 0 unchanged, 11 refused"


@pytest.mark.parametrize("data, reason", [
    (b"\xff\xfe\x00", "not UTF-8"), (b"", "the file is empty"),
    (b"company,sme_m1_2\nAcme,small\n", "missing column"),
    (b"external_id,external_id\n1,2\n", "the column appears twice"),
    (b"external_id\n\x00\n", "NUL"),
])
def test_a_file_that_cannot_be_read(data, reason):
    report = csvio.import_csv(data, hub("Hub A"))
    assert report.problems[0].row == 1 and reason in report.problems[0].reason
    assert not Assessment.objects.exists()


def test_the_anonymised_export_names_no_company(world):
    out = io.StringIO()
    csvio.export_all(out)
    text = out.getvalue()
    for name in ("Acme", "Beta", "HYPERLINK", "Not shared"):
        assert name not in text
    found = rows(text)
    assert len(found) == 4 and all(r["company"] == "" and r["sme_m1_1"] == "" for r in found)
    assert all(r["external_id"].startswith("anon-") for r in found)
    t0, t1 = found[0], found[1]
    assert t1["baseline"] == t0["external_id"] and t1["company_key"] == t0["company_key"]
    again = io.StringIO()
    csvio.export_all(again)
    assert again.getvalue() == text  # the same pseudonyms each time


def test_downloads_and_upload_on_the_hub_page(world):
    h = world[0]
    boss = manager("boss@hub-a.example", h)
    c = Client()
    c.force_login(boss)
    answer = c.get(f"/maturity/hubs/{h.slug}/export.csv")
    assert answer.status_code == 200 and answer["Content-Type"].startswith("text/csv")
    assert "attachment" in answer["Content-Disposition"]
    assert answer.content.decode() == export(h)
    upload = io.BytesIO(BAD_FILE.encode())
    upload.name = "file.csv"
    page = c.post(f"/maturity/hubs/{h.slug}/import/", {"file": upload})
    assert page.status_code == 200
    assert b"13 rows: 2 created, 0 updated, 0 unchanged, 11 refused." in page.content
    assert b"sme_m2_4_3" in page.content
    outsider = Client()
    outsider.force_login(person("x@example.org"))
    assert outsider.get(f"/maturity/hubs/{h.slug}/export.csv").status_code == 403
    assert outsider.post(f"/maturity/hubs/{h.slug}/import/").status_code == 403
    assert outsider.get("/maturity/export.csv").status_code == 403
    coordinator = Client()
    coordinator.force_login(person("cora@net.example", group=COORDINATOR))
    everything = coordinator.get("/maturity/export.csv")
    assert everything.status_code == 200 and b"Acme" not in everything.content
    assert coordinator.get(f"/maturity/hubs/{h.slug}/export.csv").status_code == 403


def test_the_commands(world, tmp_path, capsys):
    h = world[0]
    path = tmp_path / "hub.csv"
    call_command("maturity", "export", "--hub", h.slug, "-o", str(path))
    assert path.read_bytes().decode() == export(h)
    call_command("maturity", "import", str(path), "--hub", h.slug)
    assert "3 row(s): 0 created, 0 updated, 3 unchanged, 0 refused" in capsys.readouterr().out
    call_command("maturity", "export")
    assert "Acme" not in capsys.readouterr().out
    other = hub("Hub B", slug="hub-b")
    call_command("maturity", "import", str(path), "--hub", other.slug)
    assert Assessment.objects.filter(shared_with=other).count() == 3
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="no hub"):
        call_command("maturity", "import", str(path), "--hub", "nope")
    with pytest.raises(CommandError):
        call_command("maturity", "export", "--questionnaire", "nope")


def test_another_hub_importing_the_same_keys_gets_its_own_rows(world):
    h = world[0]
    text = export(h)
    other = hub("Hub B", slug="hub-b")
    report = csvio.import_csv(text, other)
    assert report.created == 3
    t0 = world[1]
    assert Assessment.objects.filter(external_id=t0.external_id).count() == 2
    t0.refresh_from_db()
    assert list(t0.shared_with.all()) == [h]  # the original is not touched
