"""dihub import --format s3-priorities | region-indicators: report, exit codes, upserts."""

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from dihub.catalogue.models import ImportRun
from dihub.s3.models import IndicatorValue, Priority

pytestmark = pytest.mark.django_db
DATA = Path(__file__).resolve().parent.parent / "data"


def dihub_import(path, *args):
    out = io.StringIO()
    try:
        call_command("import", str(path), *args, stdout=out)
    except CommandError as exc:
        return exc.returncode, str(exc), out.getvalue()
    return 0, "", out.getvalue()


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_examples_import_and_say_they_are_examples():
    code, _, out = dihub_import(DATA / "s3-priorities.example.csv", "--format", "s3-priorities")
    assert code == 0 and "created 6" in out
    assert Priority.objects.count() == 6
    assert all("EXAMPLE" in p.source and p.title.startswith("Example:")
               for p in Priority.objects.all())
    code, _, out = dihub_import(DATA / "region-indicators.example.csv")  # detected
    assert code == 0 and "created 7" in out
    assert all("EXAMPLE" in v.source for v in IndicatorValue.objects.all())
    run = ImportRun.objects.get(format="region-indicators")
    assert run.file_name == "region-indicators.example.csv" and run.report["created"] == 7


def test_the_templates_are_a_header_and_nothing_else():
    for name, fmt in (("s3-priorities.template.csv", "s3-priorities"),
                      ("region-indicators.template.csv", "region-indicators")):
        lines = (DATA / name).read_text(encoding="utf-8").splitlines()
        assert len(lines) == 1
        code, message, _ = dihub_import(DATA / name, "--format", fmt)
        assert code == 2 and "a header and no rows" in message


def test_a_second_import_changes_nothing_and_a_changed_row_is_updated(tmp_path):
    path = DATA / "s3-priorities.example.csv"
    dihub_import(path)
    before = {p.pk: (p.imported_at, p.import_run_id) for p in Priority.objects.all()}
    code, _, out = dihub_import(path)
    assert code == 0 and "created 0, updated 0, unchanged 6" in out
    assert {p.pk: (p.imported_at, p.import_run_id) for p in Priority.objects.all()} == before

    changed = path.read_text(encoding="utf-8").replace("C29;C28;C25", "C29")
    code, _, out = dihub_import(write(tmp_path, "p.csv", changed))
    assert "created 0, updated 1, unchanged 5" in out
    assert Priority.objects.get(title__startswith="Example: Advanced").nace_codes == ["C29"]
    assert Priority.objects.count() == 6


def test_indicator_values_upsert_by_region_name_and_year(tmp_path):
    head = "nuts_code,indicator,year,value,unit,source\n"
    dihub_import(write(tmp_path, "a.csv", head + "ES41,population,2023,10,persons,x\n"))
    rows = "ES41,population,2023,11,persons,x\nES41,population,2022,9,persons,x\n"
    code, _, out = dihub_import(write(tmp_path, "b.csv", head + rows))
    assert code == 0 and "created 1, updated 1, unchanged 0" in out
    values = dict(IndicatorValue.objects.values_list("year", "value"))
    assert values == {2023: 11.0, 2022: 9.0}


def test_bad_rows_are_reported_and_good_rows_kept(tmp_path):
    path = write(tmp_path, "ind.csv",
                 "nuts_code,indicator,year,value,unit,source\n"
                 "ES41,population,2023,100,persons,test\n"
                 "XX41,population,2023,100,persons,test\n"
                 "ES41,enterprises,2023,lots,,test\n"
                 "ES41,enterprises,3023,5,,test\n")
    report_path = tmp_path / "report.json"
    code, message, out = dihub_import(path, "--report", str(report_path))
    assert code == 1 and "3 row(s) rejected" in message
    assert IndicatorValue.objects.count() == 1
    report = json.loads(report_path.read_text())
    assert report["created"] == 1 and report["rejected"] == 3
    by_row = {p["row"]: p for p in report["problems"]}
    assert by_row[3]["column"] == "nuts_code" and "unknown NUTS code 'XX41'" in by_row[3]["reason"]
    assert by_row[4]["column"] == "value" and by_row[4]["value"] == "lots"
    assert by_row[5]["column"] == "year" and "out of range" in by_row[5]["reason"]
    assert "row 3, nuts_code: unknown NUTS code 'XX41'" in out


def test_a_bad_nace_code_is_reported_and_the_priority_kept(tmp_path):
    path = write(tmp_path, "p.csv",
                 "nuts_code,period,title,nace_codes\n"
                 "ES41,2021-2027,Agri-food,A01;Z99\n"
                 "ES41,2021-2027,,C10\n")
    code, _, _ = dihub_import(path, "--format", "s3-priorities", "--report",
                              str(tmp_path / "r.json"))
    report = json.loads((tmp_path / "r.json").read_text())
    assert code == 1 and report["created"] == 1
    assert Priority.objects.get().nace_codes == ["A01"]
    assert {(p["row"], p["column"]) for p in report["problems"]} == {(2, "nace_codes"),
                                                                     (3, "title")}


def test_unusable_files_exit_2(tmp_path):
    path = write(tmp_path, "p.csv", "nuts_code,title\nES41,Agri-food\n")
    code, message, _ = dihub_import(path, "--format", "s3-priorities")
    assert code == 2 and "missing column(s) period" in message
    assert Priority.objects.count() == 0


def test_dry_run_keeps_nothing():
    code, _, out = dihub_import(DATA / "s3-priorities.example.csv", "--dry-run")
    assert code == 0 and "created 6" in out and "dry run" in out
    assert Priority.objects.count() == 0 and ImportRun.objects.count() == 0
