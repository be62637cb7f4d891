"""Bad files get a clear error and lose nothing."""

import io
import json
import os
import subprocess
import sys

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from dihub.catalogue.importers.edih import COLUMNS
from dihub.catalogue.imports import import_file
from dihub.catalogue.models import Hub

pytestmark = pytest.mark.django_db


def dihub_import(path, *args):
    out = io.StringIO()
    try:
        call_command("import", str(path), *args, stdout=out)
    except CommandError as exc:
        return exc.returncode, str(exc), out.getvalue()
    return 0, "", out.getvalue()


def edih_workbook(path, rows):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "EDIH Catalogue"
    sheet.append(COLUMNS)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


GOOD = ["AIR4S", "AI & Robotics for SDGs", "<p>About</p>", "Spain", "Contact person 1",
        "Calle Serrano 117, 28006 Madrid, Spain", "EDIH", "https://air4s.eu",
        "Health care - 4", "Prototyping - 5", "Robotics - 5, Big data - 3"]


@pytest.mark.parametrize("content, reason", [
    (b"", "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00binary", "not a known format"),
    (b"PK\x03\x04\x14\x00\x00\x00garbage", "not a readable spreadsheet"),
    (b'[{"type": "DigitalInnovationHub", "id": ', "broken JSON"),
])
def test_unusable_files_exit_2_with_a_reason(tmp_path, content, reason):
    path = tmp_path / "hubs.xls"
    path.write_bytes(content)
    code, message, _ = dihub_import(path)
    assert code == 2 and reason in message
    assert Hub.objects.count() == 0


def test_a_truncated_workbook_is_unusable(tmp_path):
    whole = edih_workbook(tmp_path / "whole.xlsx", [GOOD]).read_bytes()
    cut = tmp_path / "cut.xls"
    cut.write_bytes(whole[: len(whole) // 2])
    code, message, _ = dihub_import(cut)
    assert code == 2 and message


def test_a_missing_file_is_unusable(tmp_path):
    code, message, _ = dihub_import(tmp_path / "nowhere.xls")
    assert code == 2 and "cannot read" in message


def test_garbage_rows_are_rejected_and_good_rows_kept(tmp_path):
    rows = [GOOD, ["", "no name", "", "Spain"] + [""] * 7,
            ["X" * 3, "bad country", "", "Atlantis", "", "", "Hub of hubs", "Website",
             "Quantum Tea - 9, Robotics - 2", "", ""]]
    path = edih_workbook(tmp_path / "export.xls", rows)
    report_path = tmp_path / "report.json"
    code, message, out = dihub_import(path, "--report", str(report_path))
    assert code == 1 and "1 row(s) rejected" in message
    report = json.loads(report_path.read_text())
    assert (report["created"], report["rejected"]) == (2, 1)
    by_column = {}
    for p in report["problems"]:
        key = (p["row"], p["column"])
        by_column[key] = by_column.get(key, "") + p["reason"]
    assert "needs a name" in by_column[(3, "EDIH Name")]
    assert "unknown country" in by_column[(4, "Country")]
    assert "not a URL" in by_column[(4, "Website")]
    assert "kept as other" in by_column[(4, "EDIH/SoE")]
    sectors = by_column[(4, "Formatted sectors")]
    assert "level 9" in sectors and "unknown term 'Quantum Tea'" in sectors
    odd = Hub.objects.get(name="XXX")
    assert odd.hub_type == "other" and odd.website == ""
    assert odd.hub_terms.filter(term__name="Quantum Tea", term__known=False).exists()
    assert "created 2" in out


def test_one_file_is_one_transaction(tmp_path):
    path = edih_workbook(tmp_path / "export.xlsx", [GOOD] * 1 + [
        [f"Hub {i}"] + GOOD[1:] for i in range(600)
    ])

    def crash(_done):
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        import_file(path, progress=crash)
    assert Hub.objects.count() == 0


def test_the_command_line_exits_2_on_an_empty_file(tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    env = dict(os.environ, DIHUB_VAR_DIR=str(tmp_path))
    done = subprocess.run([sys.executable, "-m", "dihub.cli", "import", str(empty)],
                          capture_output=True, text=True, env=env)
    assert done.returncode == 2
    assert "empty" in done.stderr.strip().splitlines()[-1]
    helped = subprocess.run([sys.executable, "-m", "dihub.cli", "import", "--help"],
                            capture_output=True, text=True, env=env)
    assert helped.returncode == 0 and "--dry-run" in helped.stdout and "--report" in helped.stdout


def test_a_hub_twice_in_one_file_is_rejected_the_second_time(tmp_path):
    path = edih_workbook(tmp_path / "twice.xlsx", [GOOD, GOOD])
    report = import_file(path)
    assert (report.created, report.rejected) == (1, 1)
    assert any("the same hub as row 2" in p["reason"] and p["row"] == 3 for p in report.problems)


def test_planner_statistics_refresh_runs_on_this_database(monkeypatch, tmp_path):
    from dihub.catalogue.importers import apply

    monkeypatch.setattr(apply, "ANALYZE_AFTER", 1)  # a threshold, not a mock: the ANALYZE is real
    path = edih_workbook(tmp_path / "one.xlsx", [GOOD])
    assert import_file(path).created == 1
    apply.refresh_statistics()
