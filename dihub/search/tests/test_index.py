"""The bitmap index follows every write: generations, the change log, patches equal to a
rebuild, and searches that see a change at once."""

import pytest
from django.db import transaction
from django.http import QueryDict

from dihub.catalogue.models import Hub, HubTerm, ServiceLanguage, Validation
from dihub.catalogue.signals import changed
from dihub.catalogue.tests.factories import make_hub, region, term
from dihub.search import changes, engine, state
from dihub.search.filters import SearchParams

pytestmark = pytest.mark.django_db


def search(query=""):
    return engine.run(SearchParams.from_query(QueryDict(query)))


def same(a, b):
    """Two indexes hold the same hubs under the same keys."""
    assert a.published == b.published
    assert {k: v for k, v in a.sets.items() if v} == {k: v for k, v in b.sets.items() if v}
    assert a.hubs == b.hubs


def test_each_write_is_a_generation_that_names_its_hubs():
    before = changes.generation()
    hub = make_hub(country="PT")
    after = changes.generation()
    assert after[0] > before[0] and after[1] != before[1]
    assert hub.pk in changes.since(*before)
    assert changes.since(*after) == set()


def test_the_log_cannot_vouch_for_a_rolled_back_generation():
    make_hub()
    with pytest.raises(RuntimeError), transaction.atomic():
        changes.bump([123])
        lost = changes.generation()
        raise RuntimeError("the write fails")
    changes.bump([456])  # the same count again, another stamp
    assert changes.generation()[0] == lost[0] and changes.generation() != lost
    assert changes.since(*lost) is None


def test_pruned_changes_make_a_behind_index_rebuild(monkeypatch):
    monkeypatch.setattr(changes, "KEEP", 3)
    make_hub()
    old = changes.generation()
    for n in range(100 - old[0] % 100 + 1):  # passes a multiple of 100: pruning runs
        changes.bump([n])
    assert changes.since(*old) is None


def test_a_search_sees_every_kind_of_write_at_once():
    robotics = term("Robotics")
    assert search("country=PT").count == 0
    hub = make_hub("Porto Robots", country="PT", terms=[("Robotics", "technology", 4)])
    assert search("country=PT").count == 1
    assert search(f"technology={robotics.slug}&min_level=4").count == 1
    hub.country = "ES"
    hub.save()
    assert (search("country=PT").count, search("country=ES").count) == (0, 1)
    HubTerm.objects.filter(hub=hub).update(level=2)
    changed([hub.pk])
    assert search(f"technology={robotics.slug}&min_level=4").count == 0
    ServiceLanguage.objects.create(hub=hub, code="pt")
    changed([hub.pk])
    assert search("language=pt").count == 1
    hub.validation = Validation.DRAFT
    hub.save()
    assert search("country=ES").count == 0
    hub.validation = Validation.PUBLISHED
    hub.save()
    assert search("country=ES").count == 1
    hub.delete()
    assert search("country=ES").count == 0


def test_a_patched_index_equals_a_rebuilt_one():
    region("PT11", "Norte", "PT")
    ai, food = term("Artificial Intelligence"), term("Food", "sector")
    hubs = [make_hub(country=c, region_id=r, lat=lat, lon=lon, terms=t) for c, r, lat, lon, t in [
        ("PT", "PT11", 41.1, -8.6, [("Artificial Intelligence", "technology", 3)]),
        ("ES", None, None, None, [("Food", "sector", None)]),
        ("DE", None, 48.7, 9.1, [])]]
    state.current()
    hubs[0].country, hubs[0].region_id = "ES", None
    hubs[0].save()
    HubTerm.objects.create(hub=hubs[2], term=food, level=5)
    HubTerm.objects.filter(hub=hubs[1]).delete()
    HubTerm.objects.create(hub=hubs[1], term=ai, level=1)
    ServiceLanguage.objects.create(hub=hubs[2], code="de")
    changed([hubs[1].pk, hubs[2].pk])
    hubs[1].lat, hubs[1].lon = 40.4, -3.7
    hubs[1].save()
    make_hub(country="FR")
    patched = state.current()
    same(patched, state.rebuilt())
    assert not patched.get("country", "PT") and not patched.get("region", "PT1")


def test_a_patch_shares_what_the_change_did_not_touch():
    make_hub(country="PT")
    other = make_hub(country="IT")
    first = state.current()
    other.title = "New"
    other.save()
    second = state.current()
    assert second is not first
    assert second.sets[("country", "PT")] is first.sets[("country", "PT")]
    assert second.sets[("country", "IT")] == first.sets[("country", "IT")]


def test_too_many_changes_rebuild_the_index(monkeypatch):
    monkeypatch.setattr(state, "PATCH_LIMIT", 1)
    hub = make_hub(country="PT")
    first = state.current()
    Hub.objects.filter(pk=hub.pk).update(country="IT")  # no signal: the next line tells
    make_hub(country="PT")
    changed([hub.pk])  # two hubs changed since the first index: more than the limit
    assert list(state.current().get("country", "IT")) == [hub.pk]
    assert state.current().sets is not first.sets


def test_the_orders_are_carried_through_a_patch_as_the_database_orders():
    from dihub.search import orders

    hubs = [make_hub(name) for name in ("Beta", "alpha", "Gamma", "Beta", "delta")]
    first = state.current()
    for key in orders.ORDERS:
        orders.order(first, key)
    hubs[0].name = "Zeta"
    hubs[0].save()
    hubs[1].validation = Validation.DRAFT
    hubs[1].save()
    make_hub("Alpha")
    changed([hubs[3].pk])  # touched, not moved
    second = state.current()
    for key, fields in orders.ORDERS.items():
        carried = second.cache[("order", key)]
        assert carried.tolist() == orders._read(fields).tolist(), key
    by_name = orders.order(second, "name")
    assert orders.rank(second, "name")[by_name].tolist() == list(range(len(by_name)))


def test_a_request_checks_the_generation_once_and_again_after_its_own_write():
    from django.db.models import F

    from dihub.search.models import Generation

    make_hub("First", country="IT")
    with state.pinned():
        index = state.current()
        Generation.objects.update(value=F("value") + 1)  # another process wrote
        assert state.current() is index
        make_hub("Second", country="IT")  # this request writes: it sees its write
        assert state.current() is not index
        assert len(state.current().published) == 2
    assert state.current().generation == changes.generation()
