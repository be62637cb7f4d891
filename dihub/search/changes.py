"""Generations of the hubs: bumped with every write, read before every search.

`bump(hub_ids)` runs inside the writing transaction (the catalogue's signals call it);
`generation()` is (value, stamp) as this connection sees it; `since(value, stamp)` the hubs
changed after that generation, or None when it is not an ancestor of the current one (a
write rolled back, a flushed database, changes pruned): the index is then rebuilt."""

from uuid import uuid4

from django.db import connection, transaction
from django.db.models import F

from .models import Change, Generation

KEEP = 5000  # changes kept for processes that are behind; older ones rebuild their index
ROW = 1


def generation() -> tuple[int, str]:
    with connection.cursor() as cursor:  # before every search: plain SQL, no ORM to build
        cursor.execute(f"SELECT value, stamp FROM {Generation._meta.db_table} WHERE id = %s",
                       [ROW])
        found = cursor.fetchone()
    return tuple(found) if found else (0, "")


def bump(hub_ids) -> int:
    """A new generation for these hubs, in the caller's transaction."""
    stamp = uuid4().hex
    with transaction.atomic():
        rows = Generation.objects.filter(pk=ROW)
        if not rows.update(value=F("value") + 1, stamp=stamp):  # the row is gone (flush)
            Generation.objects.bulk_create([Generation(pk=ROW)], ignore_conflicts=True)
            rows.update(value=F("value") + 1, stamp=stamp)
        value = rows.values_list("value", flat=True).get()
        Change.objects.create(generation=value, stamp=stamp, hub_ids=sorted(set(hub_ids)))
        if value % 100 == 0:
            Change.objects.filter(generation__lte=value - KEEP).delete()
    from . import state

    state.unpin()
    return value


def since(value: int, stamp: str) -> set[int] | None:
    """The hubs changed after generation (value, stamp); None when the log cannot say."""
    if value and not Change.objects.filter(generation=value, stamp=stamp).exists():
        return None
    rows = list(Change.objects.filter(generation__gt=value).order_by("generation")
                .values_list("generation", "hub_ids"))
    if any(g != value + n for n, (g, _ids) in enumerate(rows, 1)):
        return None  # a gap: pruned, or written by a transaction this one cannot see yet
    return {hub_id for _g, ids in rows for hub_id in ids}
