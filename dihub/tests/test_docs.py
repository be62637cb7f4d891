"""The tables in docs/ written from the code (cog blocks) are up to date."""

import re
import sys
from pathlib import Path

import pytest
from cogapp import Cog

ROOT = Path(__file__).resolve().parents[2]
DOCS = sorted(p for p in (ROOT / "docs").glob("*.md") if "[[[cog" in p.read_text("utf-8"))


def stale(path) -> bool:
    """Cog in check mode: True when running it would change the page."""
    cog = Cog()
    cog.set_output(stdout=sys.stdout, stderr=sys.stderr)
    return cog.main(["cog", "--check", "-I", str(ROOT / "scripts"), str(path)]) != 0


def test_the_pages_with_generated_tables():
    assert {p.name for p in DOCS} >= {"README.md", "search.md", "regions.md"}


@pytest.mark.parametrize("path", DOCS, ids=lambda p: p.name)
def test_generated_tables_are_up_to_date(path):
    assert not stale(path), f"docs/{path.name} has a stale table: run `make docs`"


def test_a_stale_table_is_found(tmp_path):
    page = tmp_path / "page.md"
    text = (ROOT / "docs" / "README.md").read_text("utf-8")
    page.write_text(re.sub(r"`dihub serve` \|", "`dihub serve-old` |", text), "utf-8")
    assert stale(page)
