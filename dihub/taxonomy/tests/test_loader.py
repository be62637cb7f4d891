"""Writing the vocabularies and the crosswalk to the database."""

import csv
import shutil

import pytest
from django.apps import apps as django_apps

from dihub.taxonomy import loader
from dihub.taxonomy.loader import (
    get_or_create_unknown,
    sync_after_migrate,
    sync_taxonomies,
    term_index,
    vocabulary_names,
)
from dihub.taxonomy.models import Crosswalk, Term
from dihub.taxonomy.vocab import DATA_DIR, read_crosswalk, read_terms

pytestmark = pytest.mark.django_db


@pytest.fixture
def data_dir(tmp_path):
    """A copy of the data files that a test may edit."""
    for path in DATA_DIR.glob("*.csv"):
        shutil.copy(path, tmp_path / path.name)
    return tmp_path


def edit_rows(path, change):
    """Rewrite a CSV file with change(rows) -> rows."""
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        fields, rows = reader.fieldnames, list(reader)
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(change(rows))


def test_migrate_loaded_every_term_and_link():
    assert Term.objects.filter(known=True).count() == len(read_terms())
    assert Crosswalk.objects.count() == len(read_crosswalk())
    term = Term.objects.get(vocabulary="jrc", kind="technology", name="Internet of things")
    assert term.source_id == "9" and term.slug == "internet-of-things"
    link = Crosswalk.objects.get(jrc=term)
    assert link.edih.name == "Internet of Things" and link.relation == "exact"


def test_sync_is_idempotent():
    before = list(Term.objects.values_list("id", "name", "slug", "known", "position"))
    report = sync_taxonomies()
    assert not report.changed, report
    assert list(Term.objects.values_list("id", "name", "slug", "known", "position")) == before


def test_sync_fills_an_empty_database():
    Crosswalk.objects.all().delete()
    Term.objects.all().delete()
    report = sync_taxonomies()
    assert report.created == len(read_terms()) == Term.objects.count()
    assert report.links_created == len(read_crosswalk()) == Crosswalk.objects.count()


def test_unknown_terms_survive_a_sync():
    term = get_or_create_unknown("edih", "technology", "Quantum  sensing")
    assert (term.name, term.known, term.slug) == ("Quantum sensing", False, "quantum-sensing")
    sync_taxonomies()
    term.refresh_from_db()
    assert term.known is False


def test_get_or_create_unknown_finds_any_case_and_creates_once():
    known = get_or_create_unknown("edih", "technology", "big DATA")
    assert known.name == "Big data" and known.known
    first = get_or_create_unknown("jrc", "sector", "Space economy")
    again = get_or_create_unknown("jrc", "sector", "SPACE ECONOMY")
    assert first.pk == again.pk
    assert Term.objects.filter(name__iexact="space economy").count() == 1


def test_get_or_create_unknown_gives_free_slugs():
    one = get_or_create_unknown("edih", "sector", "Robotics!")
    two = get_or_create_unknown("edih", "sector", "Robotics?")
    assert (one.slug, two.slug) == ("robotics", "robotics-2")
    clash = get_or_create_unknown("edih", "sector", "Energy!")  # "energy" belongs to Energy
    assert clash.slug == "energy-2"


def test_get_or_create_unknown_refuses_bad_input():
    with pytest.raises(ValueError):
        get_or_create_unknown("xyz", "sector", "Energy")
    with pytest.raises(ValueError):
        get_or_create_unknown("edih", "colour", "Energy")
    with pytest.raises(ValueError):
        get_or_create_unknown("edih", "sector", "   ")


def add_edih_technology(data_dir, name):
    row = {"vocabulary": "edih", "kind": "technology", "name": name, "source_id": "",
           "position": "99"}
    edit_rows(data_dir / "edih-2025.csv", lambda rows: [*rows, row])


def test_a_term_entering_the_vocabulary_becomes_known_in_place(data_dir):
    unknown = get_or_create_unknown("edih", "technology", "edge  computing")
    add_edih_technology(data_dir, "Edge Computing")
    report = sync_taxonomies(data_dir=data_dir)
    assert report.created == 0 and report.updated == 1
    unknown.refresh_from_db()
    assert (unknown.name, unknown.known, unknown.position) == ("Edge Computing", True, 99)
    assert unknown.slug == "edge-computing"
    assert not sync_taxonomies(data_dir=data_dir).changed


def test_a_new_term_takes_its_slug_from_an_unknown_one(data_dir):
    squatter = get_or_create_unknown("edih", "technology", "Edge computing!")
    assert squatter.slug == "edge-computing"
    add_edih_technology(data_dir, "Edge computing")
    report = sync_taxonomies(data_dir=data_dir)
    assert report.created == 1 and report.updated == 1
    squatter.refresh_from_db()
    assert (squatter.slug, squatter.known) == ("edge-computing-2", False)
    new = Term.objects.get(vocabulary="edih", kind="technology", name="Edge computing")
    assert (new.slug, new.known) == ("edge-computing", True)
    assert not sync_taxonomies(data_dir=data_dir).changed


def test_a_term_leaving_the_vocabulary_is_kept_unknown_and_loses_its_links(data_dir):
    def drop(rows):
        return [r for r in rows if "Gamification" not in (r.get("name"), r.get("jrc"))]

    for name in ("edih-2025.csv", "jrc-2022.csv", "crosswalk.csv"):
        edit_rows(data_dir / name, drop)
    report = sync_taxonomies(data_dir=data_dir)
    assert report.demoted == 2 and report.links_deleted == 1
    gone = Term.objects.filter(name="Gamification")
    assert gone.count() == 2 and not gone.filter(known=True).exists()
    assert not Crosswalk.objects.filter(jrc__name="Gamification").exists()
    assert not sync_taxonomies(data_dir=data_dir).changed


def test_a_changed_relation_and_a_renamed_slug_are_written(data_dir):
    def relate(rows):
        for row in rows:
            if row["jrc"] == "Robotics":
                row["relation"] = "related"
        return rows

    edit_rows(data_dir / "crosswalk.csv", relate)
    report = sync_taxonomies(data_dir=data_dir)
    assert report.links_updated == 1 and report.links_created == report.links_deleted == 0
    assert Crosswalk.objects.get(jrc__name="Robotics").relation == "related"


def test_slugs_edited_by_hand_are_restored_even_when_swapped():
    """Swapping slugs back must not trip the unique constraint midway."""
    terms = Term.objects.filter(vocabulary="edih", kind="technology")
    photonics, displays = terms.get(name="Photonics"), terms.get(name="Displays")
    terms.filter(pk=photonics.pk).update(slug="tmp")
    terms.filter(pk=displays.pk).update(slug="photonics")
    terms.filter(pk=photonics.pk).update(slug="displays")
    report = sync_taxonomies()
    assert report.updated == 2
    assert terms.get(pk=photonics.pk).slug == "photonics"
    assert terms.get(pk=displays.pk).slug == "displays"


def test_a_crosswalk_row_with_a_missing_term_is_an_error(data_dir):
    def bad(rows):
        return [*rows, {"kind": "sector", "jrc": "Education", "edih": "Nowhere",
                        "relation": "exact", "note": ""}]

    edit_rows(data_dir / "crosswalk.csv", bad)
    with pytest.raises(ValueError, match="Nowhere"):
        sync_taxonomies(data_dir=data_dir)


def test_term_index_covers_known_and_unknown_terms():
    unknown = get_or_create_unknown("jrc", "service", "Hackathons")
    index = term_index()
    assert index["jrc", "service", "hackathons"] == unknown.pk
    big_data = Term.objects.get(vocabulary="edih", kind="technology", name="Big data")
    assert index["edih", "technology", "big data"] == big_data.pk
    assert len(index) == Term.objects.count()


def test_vocabulary_names_are_in_file_order():
    names = vocabulary_names("jrc", "service")
    assert names[0] == "Awareness creation" and names[-1] == "Other"
    assert len(names) == 16
    names.append("changed")  # callers get a copy
    assert len(vocabulary_names("jrc", "service")) == 16


def test_post_migrate_handler_uses_the_migration_state(capsys):
    Term.objects.filter(name="Robotics").delete()
    sync_after_migrate(apps=django_apps, using="default", verbosity=1)
    assert Term.objects.filter(name="Robotics", known=True).count() == 2
    assert "created 2" in capsys.readouterr().out


def test_post_migrate_handler_skips_when_the_tables_are_gone():
    class NoTaxonomy:
        def get_model(self, app_label, model_name):
            raise LookupError(model_name)

    assert sync_after_migrate(apps=NoTaxonomy(), using="default") is None


def test_loader_reexports_vocabulary_names():
    assert loader.vocabulary_names is vocabulary_names
