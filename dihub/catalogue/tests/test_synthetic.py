"""The seeded generator of synthetic catalogues, and the benchmark harness's plain parts."""

from collections import Counter
from dataclasses import asdict

import pytest

from benchmarks import report, timing
from dihub.catalogue import synthetic
from dihub.catalogue.synthetic import COUNTRY_WEIGHTS, HUB_TYPE_WEIGHTS, synthetic_records
from dihub.regions import countries


def test_same_seed_same_records_other_seed_other_records():
    first = [asdict(r) for r in synthetic_records(200, seed=7)]
    again = [asdict(r) for r in synthetic_records(200, seed=7)]
    other = [asdict(r) for r in synthetic_records(200, seed=8)]
    assert first == again
    assert [r["name"] for r in first] != [r["name"] for r in other]
    assert {r["source_id"] for r in first}.isdisjoint({r["source_id"] for r in other})


def test_a_longer_run_starts_with_the_same_hubs():
    short = [asdict(r) for r in synthetic_records(50)]
    long = [asdict(r) for r in synthetic_records(500)][:50]
    assert short == long


def test_shape_of_each_record():
    records = list(synthetic_records(1000))
    assert len(records) == 1000
    assert len({r.source_id for r in records}) == 1000
    assert len({r.name for r in records}) == 1000
    vocabulary = synthetic.edih_vocabulary()
    for rec in records:
        assert rec.source == "synthetic"
        assert rec.hub_type in HUB_TYPE_WEIGHTS
        assert rec.country in COUNTRY_WEIGHTS
        assert rec.name and rec.title and rec.description.startswith("<p>")
        assert 3 <= len(rec.terms) <= 12
        assert len({(t.kind, t.name) for t in rec.terms}) == len(rec.terms)
        for term in rec.terms:
            assert term.vocabulary == "edih"
            assert term.level in (1, 2, 3, 4, 5)
            assert term.name in vocabulary[term.kind]
        assert not rec.problems
        if rec.website:
            assert rec.website.startswith("https://")


def test_places_are_near_a_real_city_of_the_country():
    cities = synthetic.city_table()
    for rec in synthetic_records(300):
        near = [c for c in cities[rec.country] if c["name"] == rec.city]
        assert near, f"{rec.city} is not a city of {rec.country}"
        assert abs(rec.lat - near[0]["lat"]) < 0.5 and abs(rec.lon - near[0]["lon"]) < 0.5
        if rec.region:
            nuts_country = countries.nuts_country(rec.country)
            assert rec.region.startswith(nuts_country) and len(rec.region) == 5


def test_some_cities_have_a_nuts_region_and_the_biggest_ones_the_right_one():
    cities = {c["name"]: c["nuts3"] for c in synthetic.city_table()["DE"]}
    assert cities["Berlin"] == "DE300"
    regions = [r.region for r in synthetic_records(1000)]
    assert 0 < sum(1 for r in regions if r) < len(regions)


def test_types_and_countries_follow_the_real_catalogue():
    records = list(synthetic_records(5000, seed=1))
    total_types = sum(HUB_TYPE_WEIGHTS.values())
    types = Counter(r.hub_type for r in records)
    for hub_type, weight in HUB_TYPE_WEIGHTS.items():
        assert abs(types[hub_type] / 5000 - weight / total_types) < 0.03
    countries = Counter(r.country for r in records)
    assert {c for c, _ in countries.most_common(3)} == {"IT", "DE", "ES"}
    assert countries["IT"] > 10 * countries["LU"]


def test_nuts3_of_matches_whole_words_only():
    regions = [("XX001", ["grad", "zagreb"]), ("XX002", ["splitsko", "dalmatinska"])]
    assert synthetic.nuts3_of(regions, ["Zagreb"]) == "XX001"
    assert synthetic.nuts3_of(regions, ["Split"]) == ""
    assert synthetic.nuts3_of([("YY000", ["anything"])], ["Nowhere"]) == "YY000"


@pytest.mark.django_db
def test_importing_n_synthetic_hubs_makes_n_hubs_and_a_second_run_changes_nothing():
    from dihub.catalogue.importers.apply import run
    from dihub.catalogue.models import Hub, HubTerm, SourceRecord
    from dihub.taxonomy.models import Term

    records = list(synthetic_records(300, seed=3))
    first = run(records, file_name="synthetic", fmt="synthetic")
    assert (first.created, first.rejected) == (300, 0)
    assert Hub.objects.count() == 300
    assert SourceRecord.objects.filter(source="synthetic").count() == 300
    assert HubTerm.objects.count() == sum(len(r.terms) for r in records)
    assert not Term.objects.filter(known=False).exists(), "terms outside the EDIH vocabulary"
    second = run(synthetic_records(300, seed=3), file_name="synthetic", fmt="synthetic")
    assert (second.created, second.updated, second.unchanged) == (0, 0, 300)


def test_percentile_and_latency_summary():
    values = [0.001 * i for i in range(1, 101)]
    assert timing.percentile(values, 95) == pytest.approx(0.095)
    assert timing.percentile(values, 50) == pytest.approx(0.050)
    summary = timing.latency_summary([0.002, 0.004, 0.010])
    assert summary == {"median_ms": pytest.approx(4.0), "p95_ms": pytest.approx(10.0), "n": 3}


def test_ratios_are_taken_against_the_baseline_of_the_same_database():
    results = [
        {"db": "sqlite", "key": "bulk", "label": "raw", "seconds": 2.0, "baseline": "",
         "is_baseline": True},
        {"db": "sqlite", "key": "import", "label": "import", "seconds": 10.0, "baseline": "bulk"},
        {"db": "postgres", "key": "bulk", "label": "raw", "seconds": 4.0, "baseline": ""},
        {"db": "postgres", "key": "import", "label": "import", "seconds": 10.0,
         "baseline": "bulk"},
        {"db": "postgres", "key": "ping", "label": "ping", "median_ms": 1.0, "p95_ms": 2.0,
         "n": 5, "baseline": ""},
        {"db": "postgres", "key": "page", "label": "page", "median_ms": 3.0, "p95_ms": 8.0,
         "n": 5, "baseline": "ping"},
        {"db": "postgres", "key": "gone", "label": "gone", "skipped": "HTTP 404",
         "baseline": "ping"},
    ]
    report.add_ratios(results)
    assert results[1]["ratio"] == pytest.approx(5.0)
    assert results[3]["ratio"] == pytest.approx(2.5)
    assert (results[5]["ratio"], results[5]["p95_ratio"]) == (pytest.approx(3.0), 4.0)
    assert "ratio" not in results[6]
    text = report.table(results)
    assert "x5.0" in text and "x2.5" in text and "skipped: HTTP 404" in text
    assert text.count("baseline") == 2  # the header and the one row marked as a baseline
