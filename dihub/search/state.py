"""The process's search index, at the database's generation before every search.

`current()` compares the index's generation with the database's (one small query): when
they differ it re-reads the hubs changed since (changes.since), or the whole catalogue when
the log cannot say which or too many changed. Threads share one index; a lock lets one of
them refresh it while the others wait. Each process keeps its own index: the database is
the only source of truth, so several processes agree after every write. Within `pinned()`
(a request: middleware.py) the check runs once; a write in it (changes.bump) unpins."""

import threading
from contextlib import contextmanager
from contextvars import ContextVar

import numpy as np
from django.db import connection

from dihub.catalogue.models import Hub, HubTerm, ServiceLanguage, Validation
from dihub.taxonomy.models import Term

from . import changes, orders
from .bitmaps import HubIndex, HubRows

PATCH_LIMIT = 5000  # hubs changed at once beyond which a rebuild is cheaper
CHUNK = 500

_lock = threading.Lock()
_index: HubIndex | None = None
_pin: ContextVar[list | None] = ContextVar("search_index_pin", default=None)


def current() -> HubIndex:
    pin = _pin.get()
    if pin is None:
        return _checked()
    if pin[0] is None:
        pin[0] = _checked()
    return pin[0]


@contextmanager
def pinned():
    """Every current() inside is the index of the first one (one generation check)."""
    token = _pin.set([None])
    try:
        yield
    finally:
        _pin.reset(token)


def unpin():
    """The next current() checks the generation again (this thread just wrote)."""
    pin = _pin.get()
    if pin is not None:
        pin[0] = None


def _checked() -> HubIndex:
    global _index
    now = changes.generation()
    index = _index
    if index is not None and index.generation == now:
        return index
    with _lock:
        if _index is None or _index.generation != now:
            _index = _refreshed(_index, now)
        return _index


def forget():
    """Drop the index: the next search rebuilds it (tests that roll the database back)."""
    global _index
    with _lock:
        _index = None


def rebuilt() -> HubIndex:
    """A new index of the whole catalogue, now."""
    return HubIndex.built(changes.generation(), read(), terms())


def _refreshed(index, now) -> HubIndex:
    if index is not None:
        changed = changes.since(*index.generation)
        if changed is not None and len(changed) <= PATCH_LIMIT:
            new = index.patched(now, changed, read(changed), terms())
            orders.carry(index, new, changed)
            return new
    return HubIndex.built(now, read(), terms())


def read(hub_ids=None) -> HubRows:
    """The published hubs (of these ids), their terms and languages."""
    rows = HubRows()
    published = Hub.objects.filter(validation=Validation.PUBLISHED)
    fields = ("id", "country", "region_id", "hub_type", "status", "lat", "lon", "name", "slug")
    for part in _parts(hub_ids):
        found = published if part is None else published.filter(id__in=part)
        for values in found.values_list(*fields).iterator(chunk_size=5000):
            rows.add_hub(*values)
        rows.add_terms(_links(part))
        spoken = ServiceLanguage.objects.all() if part is None else \
            ServiceLanguage.objects.filter(hub_id__in=part)
        for hub_id, code in spoken.values_list("hub_id", "code"):
            rows.add_language(hub_id, code)
    return rows


def _links(hub_ids) -> np.ndarray:
    """(hub id, term id, level or 0) of these hubs' terms (all when None), as an array."""
    sql = (f"SELECT hub_id, term_id, COALESCE(level, 0) FROM {HubTerm._meta.db_table}"
           + ("" if hub_ids is None else f" WHERE hub_id IN ({', '.join(['%s'] * len(hub_ids))})"))
    with connection.cursor() as cursor:
        cursor.execute(sql, list(hub_ids or ()))
        return np.array(cursor.fetchall(), dtype=np.int64).reshape(-1, 3)


def _parts(hub_ids):
    if hub_ids is None:
        yield None
        return
    ids = sorted(hub_ids)
    for i in range(0, len(ids), CHUNK):
        yield ids[i : i + CHUNK]


def terms() -> dict:
    """term id -> (kind, slug, name)."""
    return {pk: (kind, slug, name) for pk, kind, slug, name in
            Term.objects.values_list("id", "kind", "slug", "name")}
