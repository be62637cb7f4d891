"""Writing S3 priorities and indicator values to the database: an upsert by natural key.

Called by `dihub import FILE --format s3-priorities|region-indicators` through the
catalogue's import entry point; answers with the catalogue's Report, so that the command,
its exit codes and `--report` work as for hubs. One file is one transaction.
"""

from django.db import transaction
from django.utils import timezone

from dihub.catalogue.importers.apply import Report
from dihub.catalogue.models import ImportRun
from dihub.regions.models import Region

from . import csvfiles
from .models import IndicatorValue, Priority

PRIORITY_FIELDS = ("description", "nace_codes", "scientific_domains", "policy_objectives",
                   "source", "title")
INDICATOR_FIELDS = ("value", "unit", "source")


def known_regions() -> dict[str, tuple[str, int]]:
    return {code: (name, level)
            for code, name, level in Region.objects.values_list("code", "name", "level")}


def import_data(data: bytes, fmt: str, *, file_name="", dry_run=False) -> Report:
    """Import a file's rows; UnusableInput (exit code 2) when the file cannot be read."""
    table = csvfiles.read_table(data, fmt)
    now = timezone.now()
    if fmt == csvfiles.PRIORITIES:
        rows = csvfiles.parse_priorities(table, known_regions())
    else:
        rows = csvfiles.parse_indicators(table, known_regions(), last_year=now.year)
    report = Report(problems=[p.as_dict() for p in table.problems])
    with transaction.atomic():
        run = ImportRun.objects.create(file_name=file_name, format=fmt)
        good = [r for r in rows if not r.rejected]
        if fmt == csvfiles.PRIORITIES:
            _upsert(report, good, Priority, PRIORITY_FIELDS, _priority_key, _priority_values,
                    run, now)
        else:
            _upsert(report, good, IndicatorValue, INDICATOR_FIELDS, _indicator_key,
                    _indicator_values, run, now)
        report.rejected = len(rows) - len(good)
        report.problems += [p.as_dict() for r in rows for p in r.problems]
        run.report = report.as_dict()
        run.save(update_fields=["report"])
        if dry_run:
            transaction.set_rollback(True)
    return report


def _priority_key(obj):
    return obj.region_id, obj.period, obj.title_key


def _priority_values(rec):
    return {"region_id": rec.region, "period": rec.period, "title": rec.title,
            "title_key": csvfiles.title_key(rec.title), "description": rec.description,
            "nace_codes": rec.nace_codes, "scientific_domains": rec.scientific_domains,
            "policy_objectives": rec.policy_objectives, "source": rec.source}


def _indicator_key(obj):
    return obj.region_id, obj.name, obj.year


def _indicator_values(rec):
    return {"region_id": rec.region, "name": rec.indicator, "year": rec.year,
            "value": rec.value, "unit": rec.unit, "source": rec.source}


def _upsert(report, records, model, fields, key_of, values_of, run, now):
    """Create the new rows, update the changed ones, leave the same ones alone."""
    regions = {r.region for r in records}
    existing = {key_of(obj): obj for obj in model.objects.filter(region_id__in=regions)}
    new, changed = [], []
    for rec in records:
        values = values_of(rec)
        obj = existing.get(rec.key)
        if obj is None:
            new.append(model(**values, import_run=run, imported_at=now))
        elif any(getattr(obj, f) != values[f] for f in fields):
            for f in fields:
                setattr(obj, f, values[f])
            obj.import_run, obj.imported_at = run, now
            changed.append(obj)
    model.objects.bulk_create(new, batch_size=500)
    model.objects.bulk_update(changed, (*fields, "import_run", "imported_at"), batch_size=500)
    report.created, report.updated = len(new), len(changed)
    report.unchanged = len(records) - len(new) - len(changed)
