"""Writing the NUTS regions to the database."""

import pytest

from dihub.regions.loader import sync_after_migrate, sync_regions
from dihub.regions.models import Region
from dihub.regions.nuts import read_regions

pytestmark = pytest.mark.django_db


def test_migrate_filled_the_table():
    rows = read_regions()
    assert Region.objects.count() == len(rows) > 2000
    assert Region.objects.filter(level=0).count() == len({r.country for r in rows})


def test_counts_by_scheme_and_level():
    assert Region.objects.filter(scheme="NUTS2024", level=0).count() == 27
    assert Region.objects.filter(scheme="NUTS2024", level=3).exclude(code__endswith="ZZZ").exists()
    for country in ("CH", "NO", "TR", "UA", "XK", "RS", "UK"):
        assert Region.objects.filter(country=country, level=3).exists(), country


def test_greece_is_el_and_parents_link_up():
    athens = Region.objects.get(code="EL303")
    assert [r.code for r in athens.ancestors()] == ["EL", "EL3", "EL30", "EL303"]
    assert Region.objects.get(code="EL").name == "Greece"
    assert not Region.objects.filter(code__startswith="GR").exists()
    assert not Region.objects.filter(level__gt=0, parent__isnull=True).exists()
    for region in Region.objects.filter(level__gt=0).select_related("parent"):
        assert region.parent.level == region.level - 1 and region.parent.country == region.country


def test_irregular_uk_codes_find_their_parent():
    assert Region.objects.get(code="UKN10").parent_id == "UKN0"


def test_sync_is_idempotent_and_repairs():
    before = Region.objects.count()
    assert not sync_regions().changed
    Region.objects.filter(code="DE300").update(name="wrong")
    Region.objects.filter(code="XK004").delete()
    report = sync_regions()
    assert (report.created, report.updated) == (1, 1)
    assert Region.objects.get(code="DE300").name == "Berlin"
    assert Region.objects.count() == before


def test_after_migrate_only_for_the_default_database():
    Region.objects.filter(code="DE300").update(name="wrong")
    sync_after_migrate(using="other")
    assert Region.objects.get(code="DE300").name == "wrong"
    sync_after_migrate(using="default")
    assert Region.objects.get(code="DE300").name == "Berlin"
