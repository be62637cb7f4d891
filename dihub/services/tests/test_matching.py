"""Matching a need to services: hand-built cases, and the table against the loop."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dihub.services.matching import (
    PARTS,
    WEIGHTS,
    Corpus,
    Excluded,
    Match,
    Need,
    ServiceFacts,
    ServiceTable,
    evaluate,
    explain,
    pair_factors,
    prepare,
    rank_loop,
)

MUNICH = (48.137, 11.575)
AUGSBURG = (48.371, 10.898)  # about 55 km from Munich
NUREMBERG = (49.452, 11.077)  # about 150 km
LISBON = (38.722, -9.139)  # about 2000 km
AI, FOOD, ROBOTS = 1, 2, 3


def service(id, place=MUNICH, **kw):
    lat, lon = place if place else (None, None)
    kw.setdefault("country", "DE")
    return ServiceFacts(id=id, lat=lat, lon=lon, **kw)


def need(place=MUNICH, **kw):
    lat, lon = place if place else (None, None)
    return Need(lat=lat, lon=lon, **kw)


def both(n, services, limit=10):
    """rank_loop and ServiceTable.rank, checked equal, and the list."""
    loop = rank_loop(n, services, limit)
    table = ServiceTable.build(services).rank(n, limit)
    assert table == loop
    return loop


def ids(matches):
    return [m.service_id for m in matches]


def part(m, name):
    return dict(m.parts)[name]


def test_a_nearby_ai_for_food_service_beats_a_far_one():
    far = service(1, NUREMBERG, text="AI for food producers", technologies=frozenset({AI}),
                  sectors=frozenset({FOOD}))
    near = service(2, AUGSBURG, text="AI for food producers", technologies=frozenset({AI}),
                   sectors=frozenset({FOOD}))
    other = service(3, MUNICH, text="robots for metal workshops",
                    technologies=frozenset({ROBOTS}))
    found = both(need(text="AI in food processing", technologies=frozenset({AI}),
                      sectors=frozenset({FOOD})), [far, near, other])
    assert ids(found) == [2, 1, 3]
    assert part(found[0], "proximity") > part(found[1], "proximity") > 0
    assert 50 < found[0].explanation["distance_km"] < 60
    assert found[0].explanation["technologies"] == [AI]
    assert found[0].explanation["sectors"] == [FOOD]
    assert found[0].explanation["words"] == ["ai", "food"]
    assert part(found[2], "technology") == part(found[2], "text") == 0


def test_a_remote_service_is_not_excluded_by_distance():
    on_site = service(1, LISBON, delivery=frozenset({"on_site"}), cross_border=True)
    remote = service(2, LISBON, delivery=frozenset({"remote", "on_site"}), cross_border=True)
    at_company = service(3, LISBON, delivery=frozenset({"at_company"}), cross_border=True)
    unknown = service(4, LISBON, cross_border=True)  # no delivery given: on site
    n = need(max_km=300)
    found = both(n, [on_site, remote, at_company, unknown])
    assert ids(found) == [2]
    assert part(found[0], "proximity") == WEIGHTS["proximity"]
    assert found[0].explanation["remote"] is True
    assert found[0].explanation["distance_km"] > 1900
    for s in (on_site, at_company, unknown):
        assert explain(n, s) == Excluded(s.id, ("distance",))
    assert ids(both(need(max_km=2500), [on_site, remote])) == [2, 1]


def test_no_place_known_no_distance_exclusion_and_no_proximity():
    s = service(1, None)
    m = explain(need(MUNICH), s)
    assert isinstance(m, Match) and m.explanation["distance_km"] is None
    assert part(m, "proximity") == 0
    assert part(explain(need(None), service(2, LISBON)), "proximity") == 0


def test_cross_border_exclusion_and_inclusion():
    domestic = service(1, country="DE")
    open_ = service(2, country="DE", cross_border=True)
    serves_at = service(3, country="DE", countries_served=frozenset({"DE", "AT"}))
    n = need(country="AT")
    assert explain(n, domestic) == Excluded(1, ("country",))
    found = both(n, [domestic, open_, serves_at])
    assert ids(found) == [3, 2]
    assert found[0].explanation["cross_border"] is False
    assert part(found[0], "home_country") == WEIGHTS["home_country"]
    assert found[1].explanation["cross_border"] is True
    assert part(found[1], "home_country") == 0
    assert ids(both(need(country="DE"), [domestic, open_])) == [1, 2]
    assert ids(both(need(), [domestic, open_, serves_at])) == [1, 2, 3]


def test_language():
    german = service(1, languages=frozenset({"de"}))
    unknown = service(2)
    both_ = service(3, languages=frozenset({"de", "it"}))
    n = need(languages=frozenset({"it", "en"}))
    assert explain(n, german) == Excluded(1, ("language",))
    found = both(n, [german, unknown, both_])
    assert ids(found) == [3, 2]
    assert found[0].explanation["language"] == "it"
    assert part(found[0], "language") == WEIGHTS["language"]
    assert found[1].explanation["language"] is None and part(found[1], "language") == 0
    assert ids(both(need(), [german, unknown, both_])) == [1, 2, 3]


def test_budget():
    dear = service(1, price_model="paid", price_min=500.0, price_max=900.0)
    range_ = service(2, price_model="paid", price_min=100.0, price_max=500.0)
    paid = service(3, price_model="paid", price_min=100.0, price_max=200.0)
    subsidised = service(4, price_model="subsidised", price_min=50.0, price_max=250.0)
    free = service(5, price_model="free")
    n = need(budget=300.0)
    assert explain(n, dear) == Excluded(1, ("budget",))
    found = both(n, [dear, range_, paid, subsidised, free])
    assert ids(found) == [5, 4, 3, 2]
    assert [part(m, "price") for m in found] == [5.0, 3.0, 1.5, 0.75]
    assert [m.explanation["price"]["within_budget"] for m in found] == [True, True, True, False]
    assert found[3].explanation["price"] == {"model": "paid", "min": 100.0, "max": 500.0,
                                             "within_budget": False}
    # no budget: price is not scored
    assert ids(both(need(), [dear, range_, paid, subsidised, free])) == [1, 2, 3, 4, 5]
    assert explain(need(budget=0.0), free).explanation["price"]["within_budget"] is True


def test_capacity():
    full = service(1, capacity_left=0)
    some = service(2, capacity_left=2)
    unlimited = service(3)
    assert explain(need(), full) == Excluded(1, ("capacity",))
    found = both(need(), [full, some, unlimited])
    assert ids(found) == [2, 3]
    assert [m.explanation["capacity_left"] for m in found] == [2, None]
    assert found[0].score == found[1].score  # capacity left is shown, not scored


def test_dma_gaps_lift_a_service_that_addresses_the_weak_dimension():
    strategy = service(1, dimensions=frozenset({"digital_business_strategy"}))
    ai = service(2, dimensions=frozenset({"automation_ai", "data_management"}))
    gaps = {"digital_business_strategy": 0.2, "automation_ai": 0.9, "data_management": 0.4}
    found = both(need(gaps=gaps), [strategy, ai])
    assert ids(found) == [2, 1]
    assert part(found[0], "dma_gap") == WEIGHTS["dma_gap"]  # 0.9 + 0.4 capped at 1
    assert part(found[1], "dma_gap") == 0.2 * WEIGHTS["dma_gap"]
    assert found[0].explanation["dimensions"] == {"automation_ai": 0.9, "data_management": 0.4}
    # without an assessment the two tie, by id
    assert ids(both(need(), [ai, strategy])) == [1, 2]
    assert explain(need(), ai).explanation["dimensions"] == {"automation_ai": None,
                                                             "data_management": None}


def test_category_target_and_size():
    s = service(1, category="investment", targets=frozenset({"sme"}),
                sizes=frozenset({"micro", "small"}))
    for_all = service(2, category="skills_training")
    n = need(categories=frozenset({"skills_training"}), target="public_sector", size="large")
    assert explain(n, s) == Excluded(1, ("category", "target", "size"))
    assert ids(both(n, [s, for_all])) == [2]
    assert ids(both(need(target="sme", size="small"), [s, for_all])) == [1, 2]


def test_every_reason_at_once():
    s = service(1, LISBON, country="PT", category="investment", targets=frozenset({"sme"}),
                sizes=frozenset({"micro"}), languages=frozenset({"pt"}), price_min=1000.0,
                capacity_left=0)
    n = need(categories=frozenset({"skills_training"}), target="startup", size="large",
             country="DE", languages=frozenset({"de"}), budget=10.0)
    assert explain(n, s).reasons == ("category", "target", "size", "country", "language",
                                     "budget", "capacity", "distance")


def test_parts_add_up_to_the_score():
    services = [service(i, place, text=text, technologies=frozenset(t),
                        dimensions=frozenset(d), price_model=pm, delivery=frozenset(dl),
                        languages=frozenset({"de", "en"}))
                for i, (place, text, t, d, pm, dl) in enumerate([
                    (AUGSBURG, "machine learning for bakeries", {AI}, {"automation_ai"},
                     "paid", {"on_site"}),
                    (NUREMBERG, "food safety testing with sensors", {FOOD}, set(),
                     "subsidised", {"at_company"}),
                    (MUNICH, "learning robots and food", {AI, ROBOTS},
                     {"green_digitalisation"}, "free", {"remote"}),
                ], start=1)]
    n = need(text="machine learning robots for food", technologies=frozenset({AI, FOOD}),
             country="DE", languages=frozenset({"en"}), budget=1000.0,
             gaps={"automation_ai": 0.37, "green_digitalisation": 0.61})
    found = both(n, services)
    assert len(found) == 3
    for m in found:
        assert [name for name, _ in m.parts] == list(PARTS)
        assert sum(points for _, points in m.parts) == m.score
        assert all(round(points, 2) == points for _, points in m.parts)
        assert 0 < m.score <= sum(WEIGHTS.values())
    assert sum(WEIGHTS.values()) == 100


def test_ties_broken_by_id():
    services = [service(i, text="data spaces", technologies=frozenset({AI}))
                for i in (9, 3, 5, 7)]
    found = both(need(text="data", technologies=frozenset({AI})), services, limit=3)
    assert ids(found) == [3, 5, 7]
    assert len({m.score for m in found}) == 1


def test_a_need_with_nothing_specified_ranks_by_id():
    services = [
        service(4, AUGSBURG, text="AI", technologies=frozenset({AI}), price_model="paid"),
        service(2, LISBON, dimensions=frozenset({"automation_ai"}), languages=frozenset({"pt"})),
        service(7, None, category="investment", cross_border=True),
        service(1, NUREMBERG, delivery=frozenset({"remote"}), capacity_left=5),
    ]
    found = both(Need(), services)
    assert ids(found) == [1, 2, 4, 7]
    assert all(m.score == 0 for m in found)


def test_limits():
    services = [service(i) for i in range(1, 6)]
    assert both(need(), services, limit=0) == []
    assert ids(both(need(), services, limit=2)) == [1, 2]
    assert ids(both(need(), services, limit=50)) == [1, 2, 3, 4, 5]
    assert ServiceTable.build([]).rank(need()) == []


def test_text_similarity_prefers_the_closer_description():
    services = [service(1, text="laser cutting"),
                service(2, text="cybersecurity training for banks and insurers"),
                service(3, text="cybersecurity audits for hospitals")]
    found = both(need(text="cybersecurity for hospitals"), services)
    assert ids(found) == [3, 2, 1]
    assert found[0].explanation["words"] == ["cybersecurit", "hospital"]  # stems
    assert found[1].explanation["words"] == ["cybersecurit"]
    assert part(found[0], "text") > part(found[1], "text") > part(found[2], "text") == 0


def test_the_table_explains_with_the_catalogue_corpus():
    services = [service(1, text="digital twins"), service(2, text="digital skills")]
    table = ServiceTable.build(services)
    n = need(text="digital twins")
    assert table.explain(n, 1) == rank_loop(n, services)[0]
    assert table.explain(n, 1) == explain(n, services[0], table.corpus)
    with pytest.raises(KeyError):
        table.explain(n, 3)


def test_bad_input():
    with pytest.raises(ValueError):
        Need(max_km=0)
    with pytest.raises(ValueError):
        ServiceTable.build([service(1), service(1)])


# -- the table against the loop ---------------------------------------------------------------

WORDS = ["ai", "food", "robots", "robotics", "data", "cloud", "skills", "testing", "green",
         "energy", "twin", "digital", "sme", "audit", "cyber", "laser"]
COUNTRIES = ["DE", "AT", "FR", "PT"]
LANGS = ["de", "en", "fr", "pt"]
DIMS = ["automation_ai", "data_management", "digital_readiness", "green_digitalisation"]
PLACES = [MUNICH, AUGSBURG, NUREMBERG, LISBON, None]


def subset(values, max_size=3):
    return st.frozensets(st.sampled_from(values), max_size=max_size)


place = st.one_of(st.sampled_from(PLACES), st.tuples(st.floats(35, 70), st.floats(-10, 30)))
price = st.one_of(st.none(), st.sampled_from([0.0, 50.0, 100.0, 300.0, 1000.0]))
text = st.lists(st.sampled_from(WORDS), max_size=8).map(" ".join)


def _ordered(pair):
    lo, hi = pair
    return (hi, lo) if lo is not None and hi is not None and hi < lo else (lo, hi)


FACTS = {
    "text": text,
    "category": st.sampled_from(["test_before_invest", "skills_training", "investment"]),
    "technologies": subset(range(6)),
    "sectors": subset(range(4)),
    "targets": subset(["sme", "startup", "public_sector"], 2),
    "sizes": subset(["micro", "small", "medium", "large"], 2),
    "delivery": subset(["on_site", "remote", "at_company"], 2),
    "languages": subset(LANGS, 2),
    "country": st.sampled_from(COUNTRIES),
    "countries_served": subset(COUNTRIES, 2),
    "cross_border": st.booleans(),
    "price_model": st.sampled_from(["free", "subsidised", "paid"]),
    "prices": st.tuples(price, price).map(_ordered),
    "capacity_left": st.one_of(st.none(), st.integers(0, 3)),
    "dimensions": subset(DIMS, 3),
    "place": place,
}
one_service = st.fixed_dictionaries(FACTS)


@st.composite
def services(draw):
    ids_ = draw(st.lists(st.integers(1, 200), max_size=25, unique=True))
    out = []
    for i in ids_:
        facts = dict(draw(one_service))
        facts["price_min"], facts["price_max"] = facts.pop("prices")
        out.append(service(i, facts.pop("place"), **facts))
    return out


def maybe(strategy):
    return st.one_of(st.none(), strategy)


one_need = st.fixed_dictionaries({
    "place": place,
    "text": text,
    "technologies": subset(range(8)),
    "sectors": subset(range(5)),
    "target": maybe(st.sampled_from(["sme", "startup", "small_midcap"])),
    "size": maybe(st.sampled_from(["micro", "small", "large"])),
    "country": maybe(st.sampled_from([*COUNTRIES, "IT"])),
    "languages": subset([*LANGS, "it"], 2),
    "budget": maybe(st.sampled_from([0.0, 99.5, 300.0, 5000.0])),
    "gaps": st.dictionaries(st.sampled_from([*DIMS, "human_centric_digitalisation"]),
                            st.floats(0, 1), max_size=4),
    "max_km": st.sampled_from([50.0, 300.0, 1000.0, 3000.0]),
    "categories": subset(["test_before_invest", "skills_training", "investment"], 2),
})
needs = one_need.map(lambda d: need(d["place"], **{k: v for k, v in d.items() if k != "place"}))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(services(), needs, st.integers(0, 30))
def test_the_table_ranks_as_the_loop(catalogue, n, limit):
    table = ServiceTable.build(catalogue)
    loop = rank_loop(n, catalogue, limit)
    ranked = table.rank(n, limit)
    assert [(m.service_id, m.score, m.parts) for m in ranked] == \
        [(m.service_id, m.score, m.parts) for m in loop]
    assert ranked == loop
    # every service, not only the top ones: the same exclusions, the same floats before
    # rounding (to the bit), the same cents
    corpus = Corpus.build(catalogue)
    p = prepare(n, corpus)
    rows, factors = table.factors(prepare(n, table.corpus))
    _, cents = table.cents(prepare(n, table.corpus))
    at = {int(row): k for k, row in enumerate(rows)}
    for i, s in enumerate(table.services):
        result = evaluate(p, s, corpus.doc(s))
        if isinstance(result, Excluded):
            assert i not in at
            assert table.explain(n, s.id) == result == pair_factors(p, s, corpus.doc(s))
        else:
            k = at[i]
            assert cents[k] == round(result.score * 100)
            assert {name: float(v[k]) for name, v in factors.items()} == \
                pair_factors(p, s, corpus.doc(s))
            assert sum(points for _, points in result.parts) == result.score
