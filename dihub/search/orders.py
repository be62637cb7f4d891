"""The published hubs in the database's orders (its collation): read once per index, and
carried into the next index by placing only the changed hubs again."""

import numpy as np
from django.db.models import Q

from dihub.catalogue.models import Hub, Validation

ORDERS = {"name": ("name", "slug"), "name,id": ("name", "id"),
          "updated": ("-updated_at", "name", "id")}
CARRY_LIMIT = 50  # changed hubs placed one query each; more: the order is read again


def order(index, key) -> np.ndarray:
    """The published hubs' ids in this order."""
    return index.cached(("order", key), lambda: _read(ORDERS[key]))


def rank(index, key) -> np.ndarray:
    """Each hub's position in order(key), by hub id."""
    def make():
        ids = order(index, key)
        out = np.zeros(max(len(index.lat), int(ids.max(initial=0)) + 1), dtype=np.int64)
        out[ids] = np.arange(len(ids))
        return out

    return index.cached(("rank", key), make)


def carry(old, new, changed):
    """Give the new index the orders the old one had read, with the changed hubs placed
    again where the database puts them now."""
    if len(changed) > CARRY_LIMIT:
        return
    for key in ORDERS:
        before = old.cache.get(("order", key))
        if before is not None:
            new.cache[("order", key)] = _placed(before, changed, ORDERS[key])


def _read(fields) -> np.ndarray:
    return np.array(_published().order_by(*fields).values_list("id", flat=True),
                    dtype=np.int64)


def _published():
    return Hub.objects.filter(validation=Validation.PUBLISHED)


def _placed(ids, changed, fields) -> np.ndarray:
    kept = ids[~np.isin(ids, list(changed))]
    names = [f.lstrip("-") for f in fields]
    rows = _published().filter(id__in=list(changed)).values_list("id", *names)
    at = sorted((_before(fields, dict(zip(names, values, strict=True))).count(), hub_id)
                for hub_id, *values in rows)
    for position, hub_id in at:  # each hub's position counts every hub before it
        kept = np.insert(kept, position, hub_id)
    return kept


def _before(fields, values):
    """The published hubs ordered before a hub with these values."""
    before, same = Q(), Q()
    for field in fields:
        name = field.lstrip("-")
        lookup = "gt" if field.startswith("-") else "lt"
        before |= same & Q(**{f"{name}__{lookup}": values[name]})
        same &= Q(**{name: values[name]})
    return _published().filter(before)
