"""For random filter combinations, the API's count equals a plain Python filter's."""

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dihub.catalogue.models import Hub
from dihub.catalogue.tests.factories import make_hub, region
from dihub.search.engine import distance_km
from dihub.taxonomy.models import Crosswalk, Term

pytestmark = pytest.mark.django_db

WORDS = ["quokka", "zephyr", "obsidian", "marmalade"]
REGIONS = [("ES411", "ES"), ("ES413", "ES"), ("ES230", "ES"), ("DE111", "DE"), ("FR101", "FR")]
TECHS = ["Robotics", "Big data", "Cloud Services", "Cybersecurity"]
TYPES = ["edih", "dih", "seal"]
STATUSES = ["operational", "in-preparation"]


def build(seed=7, n=40):
    rng = random.Random(seed)
    data = []
    for i in range(n):
        code, country = rng.choice(REGIONS)
        words = rng.sample(WORDS, rng.randint(0, 2))
        terms = [(t, "technology", rng.randint(1, 5)) for t in rng.sample(TECHS, rng.randint(0, 2))]
        placed = rng.random() < 0.9
        lat, lon = (rng.uniform(38, 52), rng.uniform(-6, 12)) if placed else (None, None)
        make_hub(f"Hub {i}", country=country, region=region(code, code, country),
                 hub_type=rng.choice(TYPES), status=rng.choice(STATUSES),
                 description=" ".join(["Plain text"] + words), terms=terms, lat=lat, lon=lon)
        data.append({"words": set(words), "country": country, "region": code,
                     "type": None, "terms": {t: lvl for t, _, lvl in terms},
                     "lat": lat, "lon": lon})
    for row, hub in zip(data, Hub.objects.order_by("id"), strict=True):
        row["type"], row["status"] = hub.hub_type, hub.status
    return data


def tech_names(name):
    """The technology and its crosswalk equivalents, by name."""
    term_ids = set(Term.objects.filter(kind="technology", name=name).values_list("id", flat=True))
    for jrc, edih in Crosswalk.objects.values_list("jrc_id", "edih_id"):
        if jrc in term_ids or edih in term_ids:
            term_ids |= {jrc, edih}
    return set(Term.objects.filter(id__in=term_ids).values_list("name", flat=True))


def expected(data, f):
    def keep(row):
        if "q" in f and not set(f["q"].split()) <= row["words"]:
            return False
        if "technology" in f:
            names = set().union(*(tech_names(t) for t in f["technology"]))
            levels = [lvl for t, lvl in row["terms"].items() if t in names]
            if not any(lvl >= f.get("min_level", 0) for lvl in levels):
                return False
        elif "min_level" in f and not any(v >= f["min_level"] for v in row["terms"].values()):
            return False
        if "country" in f and row["country"] not in f["country"]:
            return False
        if "region" in f and not row["region"].startswith(f["region"]):
            return False
        if "type" in f and row["type"] != f["type"]:
            return False
        if "status" in f and row["status"] != f["status"]:
            return False
        if "bbox" in f:
            w, s, e, n = f["bbox"]
            if row["lat"] is None or not (s <= row["lat"] <= n and w <= row["lon"] <= e):
                return False
        if "near" in f:
            lat, lon, r = f["near"]
            if row["lat"] is None or distance_km(lat, lon, row["lat"], row["lon"]) > r:
                return False
        return True
    return sum(1 for row in data if keep(row))


filters = st.fixed_dictionaries({}, optional={
    "q": st.lists(st.sampled_from(WORDS), min_size=1, max_size=2, unique=True).map(" ".join),
    "technology": st.lists(st.sampled_from(TECHS), min_size=1, max_size=2, unique=True),
    "min_level": st.integers(1, 5),
    "country": st.lists(st.sampled_from(["ES", "DE", "FR", "IT"]), min_size=1, max_size=2,
                        unique=True),
    "region": st.sampled_from(["ES", "ES4", "ES41", "ES413", "DE1", "FR101"]),
    "type": st.sampled_from(TYPES),
    "status": st.sampled_from(STATUSES),
    "bbox": st.tuples(st.integers(-6, 5), st.integers(38, 45), st.integers(5, 12),
                      st.integers(45, 52)),
    "near": st.tuples(st.floats(38, 52), st.floats(-6, 12), st.integers(50, 800)),
})


@settings(max_examples=80, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(f=filters)
def test_count_equals_a_plain_python_filter(client, f):
    global _data
    if not Hub.objects.exists():
        _data = build()
    params = {k: v for k, v in f.items() if k not in ("bbox", "near")}
    if "bbox" in f:
        params["bbox"] = ",".join(str(x) for x in f["bbox"])
    if "near" in f:
        lat, lon, r = f["near"]
        params.update(near=f"{lat!r},{lon!r}", radius_km=r)
    answer = client.get("/api/hubs", params)
    assert answer.status_code == 200, answer.content
    assert answer.json()["count"] == expected(_data, f)
    geo = client.get("/api/hubs.geojson", params).json()
    placed = [row for row in _data if row["lat"] is not None]
    assert len(geo["features"]) == expected(placed, f)


_data = []
