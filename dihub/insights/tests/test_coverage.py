"""The coverage core against brute force on small random data. No database."""

import numpy as np
import pytest

from dihub.insights import coverage as C
from dihub.insights import places as P


def random_points(rng, n, lat=(35, 70), lon=(-25, 40)):
    return rng.uniform(*lat, n), rng.uniform(*lon, n)


def make_places(rng, n=400, regions=("DE111", "DE112", "DE121", "FR101", "")):
    lat, lon = random_points(rng, n)
    codes = [regions[i] for i in rng.integers(0, len(regions), n)]
    return C.Places(lat=lat, lon=lon, population=rng.integers(500, 50_000, n),
                    nuts3=codes, country=[c[:2] or "DE" for c in codes])


@pytest.mark.parametrize("seed", range(5))
def test_tree_distances_equal_brute_force(seed):
    rng = np.random.default_rng(seed)
    places = make_places(rng)
    hub_lat, hub_lon = random_points(rng, 1 + seed * 7)
    tree = C.nearest_km(places, hub_lat, hub_lon)
    brute = C.nearest_km_brute(hub_lat, hub_lon, places.lat, places.lon, chunk=37)
    np.testing.assert_allclose(tree, brute, rtol=1e-9, atol=1e-6)


def test_distances_across_the_antimeridian_and_near_a_pole():
    places = C.Places(lat=[0.0, 89.9, 10.0], lon=[179.9, 0.0, -179.5], population=[1, 1, 1],
                      nuts3=["", "", ""], country=["FJ", "NO", "FJ"])
    hub_lat, hub_lon = [0.0, 89.9], [-179.9, 180.0]
    tree = C.nearest_km(places, hub_lat, hub_lon)
    assert tree[0] == pytest.approx(22.24, abs=0.01)  # 0.2 degrees of longitude at the equator
    assert tree[1] == pytest.approx(C.haversine_km(89.9, 0, 89.9, 180), rel=1e-9)
    np.testing.assert_allclose(tree, C.nearest_km_brute(hub_lat, hub_lon, places.lat,
                                                        places.lon))


def test_no_hub_means_infinite_distance():
    places = make_places(np.random.default_rng(1), n=10)
    result = C.coverage(places, [], [], [])
    assert np.isinf(result.distance).all()
    assert result.suggestion is None
    assert result.overall["beyond_100"] == 1


def brute_weighted_median(values, weights):
    order = np.argsort(values, kind="stable")
    total, running = weights.sum(), 0.0
    for i in order:
        running += weights[i]
        if running >= total / 2:
            return values[i]
    return np.nan


@pytest.mark.parametrize("seed", range(5))
def test_weighted_medians_equal_brute_force(seed):
    rng = np.random.default_rng(seed)
    n, groups = 300, 7
    values = rng.integers(0, 50, n).astype(float)  # ties on purpose
    weights = rng.integers(1, 1000, n).astype(float)
    group = rng.integers(0, groups - 1, n)  # the last group stays empty
    got = C.weighted_medians(values, weights, group, groups)
    for g in range(groups - 1):
        m = group == g
        assert got[g] == brute_weighted_median(values[m], weights[m])
    assert np.isnan(got[groups - 1])


def test_region_summaries_equal_brute_force():
    rng = np.random.default_rng(7)
    places = make_places(rng, n=600)
    hub_lat, hub_lon = random_points(rng, 12)
    hub_regions = ["DE111", "DE111", "DE121", "", "XX999"] + [""] * 7
    result = C.coverage(places, hub_lat, hub_lon, hub_regions, candidate_population=0)
    d = C.nearest_km_brute(hub_lat, hub_lon, places.lat, places.lon)
    w = places.population
    codes3 = np.asarray(places.nuts3)
    for i, code in enumerate(places.codes3):
        m = codes3 == code
        assert result.nuts3["population"][i] == w[m].sum()
        assert result.nuts3["mean_km"][i] == pytest.approx((w[m] * d[m]).sum() / w[m].sum())
        assert result.nuts3["beyond_50"][i] == pytest.approx(w[m & (d > 50)].sum() / w[m].sum())
        assert result.nuts3["beyond_100"][i] == pytest.approx(
            w[m & (d > 100)].sum() / w[m].sum())
        assert result.nuts3["median_km"][i] == pytest.approx(brute_weighted_median(d[m], w[m]))
    hubs3 = dict(zip(places.codes3, result.nuts3["hubs"], strict=True))
    assert hubs3 == {"": 0, "DE111": 2, "DE112": 0, "DE121": 1, "FR101": 0}
    hubs2 = dict(zip(places.codes2, result.nuts2["hubs"], strict=True))
    assert hubs2 == {"": 0, "DE11": 2, "DE12": 1, "FR10": 0}
    assert result.overall["mean_km"] == pytest.approx((w * d).sum() / w.sum())


def brute_best(places, d, candidates):
    """For each candidate, the mean distance with one more hub there, computed directly."""
    w = places.population
    means = []
    for c in candidates:
        to_c = C.haversine_km(places.lat, places.lon, places.lat[c], places.lon[c])
        means.append((w * np.minimum(d, to_c)).sum() / w.sum())
    return np.array(means)


@pytest.mark.parametrize("seed", range(4))
def test_best_new_hub_equals_brute_force(seed):
    rng = np.random.default_rng(seed)
    places = make_places(rng, n=500)
    hub_lat, hub_lon = random_points(rng, 3 + seed)
    d = C.nearest_km(places, hub_lat, hub_lon)
    mask = np.ones(len(places), bool)
    candidates = C.candidate_places(places, d, mask, 0, limit=len(places))
    found = C.best_new_hub(places, d, mask, candidates, budget=10**9)
    means = brute_best(places, d, candidates)
    assert found.mean_after == pytest.approx(means.min(), rel=1e-9)
    assert found.place == candidates[int(np.argmin(means))]
    w = places.population
    to_best = C.haversine_km(places.lat, places.lon, places.lat[found.place],
                             places.lon[found.place])
    assert found.newly_near == w[(d > 50) & (to_best <= 50)].sum()
    assert found.mean_before == pytest.approx((w * d).sum() / w.sum())


def test_a_small_budget_tries_fewer_candidates_but_stays_exact_for_them():
    rng = np.random.default_rng(3)
    places = make_places(rng, n=500)
    d = C.nearest_km(places, [50.0], [10.0])
    mask = np.ones(len(places), bool)
    candidates = C.candidate_places(places, d, mask, 0, limit=len(places))
    found = C.best_new_hub(places, d, mask, candidates, budget=5000)
    assert found.candidates < len(candidates)
    tried = candidates[:found.candidates]
    assert found.mean_after == pytest.approx(brute_best(places, d, tried).min(), rel=1e-9)


def test_candidates_most_population_times_distance_first_within_the_mask():
    places = C.Places(lat=[0, 0, 0, 0], lon=[0, 1, 2, 3], population=[10, 5000, 100, 9000],
                      nuts3=[""] * 4, country=["AA", "AA", "AA", "BB"])
    d = np.array([0.0, 10.0, 1000.0, 50.0])
    mask = np.array([True, True, True, False])
    assert list(C.candidate_places(places, d, mask, 50)) == [2, 1]
    assert list(C.candidate_places(places, d, mask, 200)) == [1]


def test_mask_restricts_the_places_counted():
    rng = np.random.default_rng(5)
    places = make_places(rng, n=200)
    mask = np.asarray(places.country) == "FR"
    result = C.coverage(places, [48.85], [2.35], ["FR101"], mask)
    assert result.overall["population"] == places.population[mask].sum()
    assert result.suggestion is None or mask[result.suggestion.place]


def test_city_sections_drop_districts_not_neighbour_towns():
    # a city of 1,000,000 (core radius about 6.3 km), a district 3 km away, a town 30 km away
    lat = np.array([50.0, 50.027, 50.27, 50.0])
    lon = np.array([10.0, 10.0, 10.0, 10.05])
    pop = np.array([1_000_000, 90_000, 20_000, 2_000_000], float)
    # the fourth, bigger place is 3.6 km away: the first is a section of it
    assert list(P.city_sections(lat, lon, pop)) == [True, True, False, False]


def test_fill_takes_the_region_of_the_nearest_placed_place_of_the_country():
    lat = np.array([50.0, 50.05, 50.0, 51.0, 50.01])
    lon = np.array([10.0, 10.0, 10.2, 10.0, 10.0])
    country = np.array(["DE", "DE", "DE", "DE", "CZ"])
    nuts3 = np.array(["DE111", "", "", "", ""], dtype=object)
    how = np.array([1, 0, 0, 0, 0])
    P.fill(lat, lon, country, nuts3, how, km=20)
    # 5.6 km: filled; 14.3 km: filled; 111 km: too far; another country: not filled
    assert list(nuts3) == ["DE111", "DE111", "DE111", "", ""]
    assert list(how) == [1, 2, 2, 0, 0]
