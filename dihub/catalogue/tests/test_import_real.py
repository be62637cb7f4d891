"""The importers on the real catalogue files of ../shared/data."""

import pytest

from dihub.catalogue.importers.apply import run
from dihub.catalogue.imports import import_file, import_records, read_file
from dihub.catalogue.models import FundingSource, Hub, MergeCandidate, Placement, SourceRecord
from dihub.taxonomy.models import Term

pytestmark = pytest.mark.django_db


def test_edih_export_imports_every_row_with_levels_and_problems(edih_file):
    report = import_file(edih_file)
    assert (report.created, report.updated, report.rejected) == (457, 0, 0)
    assert Hub.objects.count() == 457
    assert Hub.objects.filter(hub_type="edih").count() == 168
    assert Hub.objects.filter(hub_type="seal").count() == 83
    assert Hub.objects.filter(hub_type="dih").count() == 206
    assert Hub.objects.values("country").distinct().count() == 38
    assert Hub.objects.filter(country="XK").exists() and Hub.objects.filter(country="TR").exists()

    micro = Term.objects.get(vocabulary="edih", name="Micro- and nanoelectronics, optoelectronics")
    assert micro.hub_terms.count() == 41 and micro.hub_terms.filter(level__isnull=True).count() == 0

    websites = [p for p in report.problems if p["column"] == "Website"]
    assert websites and all(p["row"] >= 2 for p in websites)
    assert any("ellipsis" in p["reason"] for p in websites)
    assert not Hub.objects.filter(website__contains="…").exists()
    assert not Hub.objects.filter(website__iexact="website").exists()


def test_edih_placement_meets_the_targets(edih_file):
    report = import_file(edih_file)
    hubs = Hub.objects.all()
    total = hubs.count()
    with_coords = hubs.filter(lat__isnull=False).count()
    nuts3 = hubs.filter(region__level=3).count()
    nuts2 = hubs.filter(region__level__gte=2).count()
    assert with_coords / total >= 0.95, with_coords
    assert nuts3 / total >= 0.80, nuts3
    assert nuts2 / total >= 0.90, nuts2
    unplaced = {u["name"] for u in report.unplaced}
    missing = set(hubs.filter(lat__isnull=True).values_list("name", flat=True))
    missing |= set(hubs.filter(region__isnull=True).values_list("name", flat=True))
    assert missing <= unplaced, "every hub without coordinates or region is in the report"
    assert all(u["reason"] for u in report.unplaced)


def test_reimport_changes_nothing(edih_file):
    import_file(edih_file)
    stamp = list(Hub.objects.order_by("pk").values_list("pk", "updated_at"))
    again = import_file(edih_file)
    assert (again.created, again.updated, again.unchanged, again.rejected) == (0, 0, 457, 0)
    assert list(Hub.objects.order_by("pk").values_list("pk", "updated_at")) == stamp


def test_a_location_set_by_hand_survives_a_changed_import(edih_file):
    import_file(edih_file)
    hub = Hub.objects.filter(lat__isnull=False, region__isnull=False).first()
    hub.lat, hub.lon, hub.coords_from = 1.5, 2.5, Placement.MANUAL
    hub.region_id, hub.region_from = hub.region.parent_id, Placement.MANUAL
    hub.save()
    fmt, records = import_records(read_file(edih_file))
    for rec in records:
        rec.description += "<p>changed</p>"
    report = run(records, fmt=fmt)
    assert report.updated == 457
    hub.refresh_from_db()
    assert (hub.lat, hub.lon, hub.coords_from) == (1.5, 2.5, Placement.MANUAL)
    assert hub.region_from == Placement.MANUAL and hub.region.level == 2
    assert hub.description.endswith("<p>changed</p>")


def test_dry_run_keeps_nothing(edih_file):
    report = import_file(edih_file, dry_run=True)
    assert report.created == 457
    assert Hub.objects.count() == 0


def test_jrc_ngsi_ld_imports_with_repairs_and_funding(jrc_ngsi_file):
    report = import_file(jrc_ngsi_file)
    assert report.created == 701 and report.rejected == 0
    assert Hub.objects.filter(name__contains="&amp;").count() == 0
    assert Hub.objects.filter(name="BI-REX - BIG DATA INNOVATION & RESEARCH EXCELLENCE").exists()
    assert FundingSource.objects.filter(programme__icontains="Swiss").exists()
    assert not Term.objects.filter(name__icontains="Swiss").exists()
    health = Term.objects.get(vocabulary="jrc", kind="sector", name="Life sciences & healthcare")
    assert health.hub_terms.count() == 270
    placed = Hub.objects.filter(lat__isnull=False).count()
    assert placed / 701 >= 0.85, placed


def test_two_sources_make_one_hub_with_two_records(jrc_ngsi_file, edih_file, jrc_geojson_file):
    import_file(jrc_ngsi_file)
    report = import_file(edih_file)
    assert report.merged, "many JRC 2022 hubs are EDIH 2025 hubs"
    assert report.created + len(report.merged) == 457
    for merge in report.merged:
        hub = Hub.objects.get(pk=merge["hub"])
        assert set(hub.sources.values_list("source", flat=True)) == {"jrc", "edih"}
    for pair in report.doubtful:
        assert MergeCandidate.objects.filter(hub_id=pair["hub"], other_id=pair["maybe_same_as"])
        assert Hub.objects.get(pk=pair["hub"]).sources.count() == 1, "doubtful pairs stay apart"
    assert Hub.objects.count() == 701 + report.created

    portal = import_file(jrc_geojson_file)
    assert portal.created == 0 and portal.updated == 1
    hub = SourceRecord.objects.get(source="jrc-portal", source_id="3276").hub
    assert hub.sources.filter(source="jrc", source_id="3276").exists()
    assert hub.coords_from == Placement.SOURCE and round(hub.lat, 3) == 55.765
    assert hub.status == "in-preparation"
    kinds = set(hub.hub_terms.values_list("term__kind", flat=True))
    assert kinds == {"sector", "technology", "service"}, "portal terms add to the NGSI sectors"
