"""Writing HubRecords to the database: create, update, merge, report.

One file is one transaction. A record whose fingerprint has not changed since the
last import is left alone, so a repeated import changes nothing.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import islice

from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from dihub.regions.models import Region
from dihub.taxonomy import loader as taxonomy

from .. import placement, suppression, workflow
from ..languages import i18n_of
from ..models import (
    RESERVED_SLUGS,
    Contact,
    FundingSource,
    Hub,
    HubTerm,
    ImportRun,
    MergeCandidate,
    Organisation,
    Placement,
    ServiceExample,
    ServiceLanguage,
    SourceRecord,
)
from ..signals import changed
from .clean import domain
from .conform import conform, stored_faults
from .match import Matcher
from .record import HubRecord

RANK = {"jrc": 1, "jrc-portal": 1, "edih": 2, "dihub": 3}
SCALARS = (
    "name", "local_name", "title", "description", "local_description", "hub_type", "status",
    "street", "postcode", "city", "country", "address_text", "website", "social", "initiative",
)
LISTS = {
    "contacts": (Contact, ("name", "role", "email", "phone", "publish")),
    "organisations": (Organisation, ("name", "role", "country", "website")),
    "examples": (ServiceExample, ("title", "client_profile", "need", "solution", "result")),
    "funding": (FundingSource, ("programme", "description")),
}
SOURCE_COLUMNS = ("hub", "source", "source_id", "fingerprint", "first_run", "last_run",
                  "imported_at")
TERM_COLUMNS = ("hub", "term", "level")
GEO_VERSION = "geo-1"  # bump to re-place every hub on the next import
BATCH = 500
ANALYZE_AFTER = 1000  # rows written


@dataclass
class Report:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    merged: list = field(default_factory=list)
    doubtful: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    unplaced: list = field(default_factory=list)

    def as_dict(self):
        return dict(self.__dict__)


def insert_rows(model, columns, rows):
    """A plain INSERT of many rows: for the small, numerous rows of an import, without
    building a model object for each (which costs more than the insert itself)."""
    if not rows:
        return
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    names = ", ".join(quote(model._meta.get_field(c).column) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # COPY: several times faster than INSERTs
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)


def is_rejected(rec: HubRecord) -> bool:
    return not rec.name or not rec.source_id or any(
        "rejected" in p.reason for p in rec.problems
    )


def run(records: Iterable[HubRecord], *, file_name="", fmt="", dry_run=False,
        progress: Callable[[int], None] | None = None) -> Report:
    """Import records in one transaction; with dry_run, report without keeping anything."""
    report = Report()
    with transaction.atomic():
        import_run = ImportRun.objects.create(file_name=file_name, format=fmt)
        writer = Writer(import_run, report)
        records = iter(records)
        while batch := list(islice(records, BATCH)):
            writer.write(batch)
            if progress:
                progress(len(batch))
        import_run.report = report.as_dict()
        import_run.save(update_fields=["report"])
        if dry_run:
            transaction.set_rollback(True)
    if not dry_run:
        changed(writer.touched)  # indexes derived from hubs (full text) follow
    if not dry_run and report.created + report.updated >= ANALYZE_AFTER:
        refresh_statistics()
    return report


def refresh_statistics():
    """After a large import, the query planner needs fresh statistics of every table, the
    derived ones included: without them PostgreSQL sorts the whole table for the first page
    of the list (59 ms instead of 0.1 ms at 20k hubs), and counts the search's facets from
    the wrong end (10k hubs: 436 ms instead of 81 ms for a `near` search)."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


class Writer:
    def __init__(self, import_run, report):
        self.run, self.report = import_run, report
        self.terms = taxonomy.term_index()
        self.now = timezone.now()
        self.seen = {}  # (source, source_id) -> row, in this file
        self.regions = dict(Region.objects.values_list("code", "level"))
        self.slugs = set(Hub.objects.values_list("slug", flat=True)) | RESERVED_SLUGS
        self.known = {
            (s, i): (hub_id, fp)
            for s, i, hub_id, fp in SourceRecord.objects.values_list(
                "source", "source_id", "hub_id", "fingerprint"
            )
        }
        self.hub_sources: dict[int, set[str]] = {}
        for (source, _), (hub_id, _) in self.known.items():
            self.hub_sources.setdefault(hub_id, set()).add(source)
        self.touched: set[int] = set()  # hubs created or updated by this run
        self.erased = suppression.Checker()
        self.matcher = Matcher()
        for hub_id, country, name, title, website in Hub.objects.values_list(
            "id", "country", "name", "title", "website"
        ):
            self.matcher.add(hub_id, self.hub_sources.get(hub_id, ()), country, [name, title],
                             domain(website))

    # -- one batch ---------------------------------------------------------
    def write(self, batch: list[HubRecord]):
        new = []
        for rec in batch:
            conform(rec, self.erased)
            self.report.problems += [p.as_dict() for p in rec.problems]
            if is_rejected(rec):
                self.report.rejected += 1
                continue
            key = (rec.source, rec.source_id)
            if key in self.seen:
                rec.problem("key", f"the same hub as row {self.seen[key]} (row rejected)",
                            rec.source_id)
                self.report.problems.append(rec.problems[-1].as_dict())
                self.report.rejected += 1
                continue
            self.seen[key] = rec.row
            fingerprint = rec.fingerprint(GEO_VERSION)
            if key in self.known:
                hub_id, old = self.known[key]
                if old == fingerprint:
                    self.report.unchanged += 1
                    continue
                self.update(Hub.objects.get(pk=hub_id), rec, fingerprint)
                self.report.updated += 1
                continue
            hub_id, match = self.find_existing(rec)
            if hub_id:
                self.update(Hub.objects.get(pk=hub_id), rec, fingerprint, new_source=True)
                self.report.merged.append(
                    {"row": rec.row, "name": rec.name, "hub": hub_id, "reasons": match}
                )
                self.report.updated += 1
                continue
            new.append((rec, fingerprint, match))
        if new:
            self.create(new)

    def find_existing(self, rec):
        """(hub id, reasons) of a hub this record certainly describes, else (None, doubt)."""
        for key in rec.same_as:
            if key in self.known:
                return self.known[key][0], [f"same id in {key[0]}"]
        found = self.matcher.find(rec.source, rec.country, [rec.name, rec.title],
                                  domain(rec.website))
        if found and found.certain:
            return found.hub_id, found.reasons
        return None, found

    # -- creating ----------------------------------------------------------
    def create(self, new):
        hubs = []
        for rec, _, _ in new:
            hub = Hub(slug=self.unique_slug(rec))
            self.set_fields(hub, rec, rank_ok=True)
            self.place(hub, rec)
            hubs.append(hub)
        Hub.objects.bulk_create(hubs)
        sources, terms, languages, children = [], [], [], {name: [] for name in LISTS}
        for hub, (rec, fingerprint, doubt) in zip(hubs, new, strict=True):
            self.report.created += 1
            self.remember(hub, rec, fingerprint)
            sources.append(self.source_row(hub, rec.source, rec.source_id, fingerprint))
            sources += self.provenance(hub, rec)
            terms += self.hub_terms(hub, rec)
            languages += self.languages(hub, rec)
            for name, (model, fields) in LISTS.items():
                children[name] += self.children(hub, model, fields, getattr(rec, name))
            if doubt:
                MergeCandidate.objects.get_or_create(
                    hub=hub, other_id=doubt.hub_id,
                    defaults={"score": doubt.score, "reasons": doubt.reasons},
                )
                self.report.doubtful.append({"row": rec.row, "name": rec.name, "hub": hub.pk,
                                             "maybe_same_as": doubt.hub_id,
                                             "reasons": doubt.reasons})
        insert_rows(SourceRecord, SOURCE_COLUMNS, sources)
        insert_rows(HubTerm, TERM_COLUMNS, terms)
        for name, (model, _) in LISTS.items():
            model.objects.bulk_create(children[name])
        ServiceLanguage.objects.bulk_create(languages)

    def remember(self, hub, rec, fingerprint):
        self.touched.add(hub.pk)
        self.known[(rec.source, rec.source_id)] = (hub.pk, fingerprint)
        self.hub_sources.setdefault(hub.pk, set()).add(rec.source)
        self.matcher.add(hub.pk, {rec.source}, hub.country, [hub.name, hub.title],
                         domain(hub.website))
        if not (hub.lat is not None and hub.region_id):
            self.report.unplaced.append({"row": rec.row, "name": rec.name,
                                         "reason": self.unplaced_reason(hub)})

    def provenance(self, hub, rec):
        """dihub's own files carry the hub's other source keys: keep them, unfingerprinted."""
        if rec.source != "dihub":
            return []
        rows = []
        for source, source_id in rec.same_as:
            if (source, source_id) not in self.known:
                self.known[(source, source_id)] = (hub.pk, "")
                self.hub_sources[hub.pk].add(source)
                rows.append(self.source_row(hub, source, source_id, ""))
        return rows

    def source_row(self, hub, source, source_id, fingerprint):
        return (hub.pk, source, source_id, fingerprint, self.run.pk, self.run.pk, self.now)

    def unique_slug(self, rec):
        slug = slugify(rec.slug)[:110].strip("-") if rec.slug else ""
        slug = slug or slugify(rec.name)[:80].strip("-") or "hub"
        if slug in self.slugs and rec.country:
            slug = f"{slug}-{rec.country.lower()}"
        stem, n = slug, 2
        while slug in self.slugs:
            slug, n = f"{stem}-{n}", n + 1
        self.slugs.add(slug)
        return slug

    # -- updating ----------------------------------------------------------
    def update(self, hub, rec, fingerprint, new_source=False):
        others = self.hub_sources.get(hub.pk, set()) - {rec.source}
        rank_ok = RANK.get(rec.source, 0) >= max((RANK.get(s, 0) for s in others), default=0)
        workflow.ensure_baseline(hub)
        self.repair(hub)
        self.set_fields(hub, rec, rank_ok)
        self.place(hub, rec)
        hub.save()
        pairs = self.described(rec)
        stale = HubTerm.objects.filter(hub=hub)
        keep = [t for t in stale.select_related("term") if (t.term.vocabulary, t.term.kind)
                not in pairs]
        HubTerm.objects.filter(hub=hub).exclude(pk__in=[t.pk for t in keep]).delete()
        have = {t.term_id for t in keep}
        insert_rows(HubTerm, TERM_COLUMNS,
                    [t for t in self.hub_terms(hub, rec) if t[1] not in have])
        for name, (model, fields) in LISTS.items():
            items = getattr(rec, name)
            if items and (rank_ok or not model.objects.filter(hub=hub).exists()):
                model.objects.filter(hub=hub).delete()
                model.objects.bulk_create(self.children(hub, model, fields, items))
        if rec.languages is not None and (rank_ok or not hub.service_languages.exists()):
            ServiceLanguage.objects.filter(hub=hub).delete()
            ServiceLanguage.objects.bulk_create(self.languages(hub, rec))
        if new_source:
            insert_rows(SourceRecord, SOURCE_COLUMNS,
                        [self.source_row(hub, rec.source, rec.source_id, fingerprint)])
        else:
            SourceRecord.objects.filter(source=rec.source, source_id=rec.source_id).update(
                fingerprint=fingerprint, last_run=self.run)
        self.known[(rec.source, rec.source_id)] = (hub.pk, fingerprint)
        self.hub_sources.setdefault(hub.pk, set()).add(rec.source)
        self.touched.add(hub.pk)
        workflow.record(hub, None, f"import of {self.run.file_name or rec.source}")

    @staticmethod
    def repair(hub):
        """Empty what an earlier import stored against the sheet's rules (a latitude of
        999, a description of a megabyte): the record fills it again if it can."""
        for attr in stored_faults(hub):
            setattr(hub, attr, Hub._meta.get_field(attr).get_default())
            if attr == "lat" and hub.coords_from != Placement.MANUAL:
                hub.coords_from = Placement.NONE

    @staticmethod
    def set_fields(hub, rec, rank_ok):
        for name in SCALARS:
            value = getattr(rec, name)
            if value and (rank_ok or not getattr(hub, name)):
                setattr(hub, name, value)
        # only records that carry them (dihub's own files) set the texts in other languages
        if rec.translations is not None and (rank_ok or not hub.i18n):
            hub.i18n = i18n_of(rec.translations)

    @staticmethod
    def languages(hub, rec):
        """The record's ServiceLanguage rows; none when it does not speak for them."""
        return [ServiceLanguage(hub=hub, code=code) for code in rec.languages or ()]

    @staticmethod
    def described(rec):
        if rec.described:
            return set(rec.described)
        return {(t.vocabulary, t.kind) for t in rec.terms}

    def hub_terms(self, hub, rec):
        """Rows of TERM_COLUMNS; terms no vocabulary knows are created, marked unknown."""
        seen, rows = set(), []
        for ref in rec.terms:
            key = taxonomy.term_key(ref.vocabulary, ref.kind, ref.name)
            term_id = self.terms.get(key)
            if term_id is None:
                term_id = taxonomy.get_or_create_unknown(ref.vocabulary, ref.kind, ref.name).pk
                self.terms[key] = term_id
            if term_id in seen:
                continue
            seen.add(term_id)
            level = ref.level if ref.level in (1, 2, 3, 4, 5) else None
            rows.append((hub.pk, term_id, level))
        return rows

    @staticmethod
    def children(hub, model, fields, items):
        rows = []
        for item in items:
            values = {f: item.get(f) for f in fields if item.get(f) not in (None, "")}
            if item.get("translations"):  # a service example's own (dihub's files)
                values["i18n"] = i18n_of(item["translations"])
            rows.append(model(hub=hub, **values))
        return rows

    # -- placing -----------------------------------------------------------
    def place(self, hub, rec):
        """Coordinates and NUTS region from the record, the rest from the address; what a
        person set by hand stays."""
        lock_coords = hub.coords_from == Placement.MANUAL
        lock_region = hub.region_from == Placement.MANUAL
        if rec.lat is not None and rec.lon is not None and not lock_coords:
            hub.lat, hub.lon, hub.coords_from = rec.lat, rec.lon, Placement.SOURCE
        source_region = bool(rec.region and rec.region in self.regions)
        if source_region and not lock_region:
            hub.region_id, hub.region_from = rec.region, Placement.SOURCE
        found = None
        if not source_region or hub.lat is None:
            found = placement.from_address(hub, self.regions, region=not source_region)
        hub._placement_reason = found.reason if found else ""

    def unplaced_reason(self, hub):
        reason = getattr(hub, "_placement_reason", "") or "no address the gazetteer knows"
        missing = [w for w, ok in (("coordinates", hub.lat is not None),
                                   ("region", bool(hub.region_id))) if not ok]
        return f"no {' and no '.join(missing)}: {reason}"
