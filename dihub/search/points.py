"""The map's points: every hub a search finds that has coordinates, as compact columns.

`points(params) -> dict` is the whole interface (GET /api/hubs.points encodes it; the format
is in docs/api.md). One list per field, the i-th entry of each being the i-th hub, in id
order:

    {"count": 2, "scale": 100000, "types": ["edih", "seal", "dih", ...], "url": "/hubs/",
     "id": [7, 12], "lat": [4246600, 4878000], "lon": [-244500, 918000],
     "type": [0, 0], "slug": ["rioja-robotics", "stuttgart-ai"],
     "name": ["Rioja Robotics", "Stuttgart AI"]}

Coordinates are integers: degrees x `scale`, rounded (5 decimals, about 1 m, and shorter
than the decimals in JSON). `type` indexes `types`, which lists every hub type in a fixed
order (types not in the catalogue's list follow, as met). A hub's fact-sheet is `url` +
slug + "/".

`encoded(params)` is that dict as the API sends it: the JSON bytes, their gzip and an ETag,
kept for the last few searches of the current search index (see Cache).
"""

import gzip
import hashlib
import json
import threading
import weakref
from collections import OrderedDict
from dataclasses import dataclass, replace

from django.urls import reverse
from django.utils.translation import get_language

from dihub.catalogue.models import HubType

from . import engine, state
from .filters import SearchParams

SCALE = 100_000  # coordinates as integers: 5 decimals
TYPES = tuple(HubType.values)
GZIP_LEVEL = 6  # as Django's gzip_page
GZIP_MIN_BYTES = 200  # smaller answers go as they are (as Django's gzip_page)


def points(params: SearchParams) -> dict:
    """The hubs of params with coordinates, in id order, as columns."""
    return _points(params, state.current())


def _points(params, index) -> dict:
    types = {t: n for n, t in enumerate(TYPES)}
    ids, lats, lons, kinds, slugs, names = [], [], [], [], [], []
    for hub_id, slug, name, hub_type, lat, lon in engine.located(params, index):
        ids.append(hub_id)
        lats.append(round(lat * SCALE))
        lons.append(round(lon * SCALE))
        kinds.append(types.setdefault(hub_type, len(types)))
        slugs.append(slug)
        names.append(name)
    return {"count": len(ids), "scale": SCALE, "types": list(types),
            "url": reverse("hub-detail", args=["x"])[:-2],
            "id": ids, "lat": lats, "lon": lons, "type": kinds, "slug": slugs, "name": names}


# -- the answer as sent, cached --------------------------------------------------------------

@dataclass(frozen=True)
class Encoded:
    body: bytes  # UTF-8 JSON, no spaces
    gzipped: bytes | None  # None when the body is too small to be worth it
    etag: str  # of the body, quoted: '"<hash>"'

    @property
    def size(self) -> int:
        return len(self.body) + len(self.gzipped or b"")


def encode(data: dict) -> Encoded:
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    gzipped = (gzip.compress(body, compresslevel=GZIP_LEVEL, mtime=0)
               if len(body) >= GZIP_MIN_BYTES else None)
    return Encoded(body, gzipped, f'"{hashlib.blake2b(body, digest_size=16).hexdigest()}"')


class Cache:
    """The encoded answers of the last searches, for one search index only: the index
    changes with every write to the hubs (state.current() follows the database's
    generation), and the cache empties whenever state.current() hands out another index.
    The key is everything else a body depends on: the language (text stems, the fact-sheet
    URL's prefix) and the search as resolved (canonical query, term ids, place). Bounded
    by entries and bytes; threads share it under a lock (a race computes a body twice,
    harmlessly)."""

    def __init__(self, entries=32, max_bytes=64_000_000):
        self.entries, self.max_bytes = entries, max_bytes
        self._lock = threading.Lock()
        self._owner = None  # weak reference to the index the entries were built from
        self._items: OrderedDict = OrderedDict()
        self._bytes = 0

    def get(self, index, key, make) -> Encoded:
        with self._lock:
            if self._owner is None or self._owner() is not index:
                self._items.clear()
                self._bytes = 0
                self._owner = weakref.ref(index)
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
                return found
        found = make()
        with self._lock:
            if self._owner() is index and key not in self._items \
                    and found.size <= self.max_bytes:
                self._items[key] = found
                self._bytes += found.size
                while len(self._items) > self.entries or self._bytes > self.max_bytes:
                    _key, dropped = self._items.popitem(last=False)
                    self._bytes -= dropped.size
        return found

    def clear(self):
        with self._lock:
            self._items.clear()
            self._bytes = 0
            self._owner = None


CACHE = Cache()


def cache_key(params: SearchParams) -> tuple:
    """What the body of params depends on besides the index (page and sort do not count)."""
    search = replace(params, page=1, page_size=1, sort="")
    return (get_language(), search.to_query(),
            tuple(sorted((kind, tuple(sorted(ids))) for kind, ids in params.term_ids.items())),
            params.near_point)


def encoded(params: SearchParams) -> Encoded:
    """points(params) as sent: JSON, gzip and ETag, from the cache when it has them."""
    index = state.current()
    return CACHE.get(index, cache_key(params), lambda: encode(_points(params, index)))
