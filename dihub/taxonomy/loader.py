"""Keep the Term and Crosswalk tables in step with the data files in taxonomy/data/.

The files are the source of truth for known terms and crosswalk links. Terms met in
imports that no vocabulary knows are kept (known=False) and never deleted here.
"""

from dataclasses import dataclass

from django.db import DEFAULT_DB_ALIAS, IntegrityError, transaction
from django.utils.text import slugify

from .labels import i18n_of
from .models import Crosswalk, Kind, Term, Vocabulary
from .vocab import (
    LABELS_FILE,
    read_crosswalk,
    read_labels,
    read_terms,
    vocabulary_names,  # noqa: F401 (re-exported)
)

UNKNOWN_POSITION = 1_000_000  # unknown terms sort after the vocabulary's own


@dataclass
class SyncReport:
    created: int = 0
    updated: int = 0
    demoted: int = 0
    links_created: int = 0
    links_updated: int = 0
    links_deleted: int = 0

    @property
    def changed(self):
        return any(vars(self).values())

    def __str__(self):
        return ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in vars(self).items())


def term_key(vocabulary: str, kind: str, name: str) -> tuple[str, str, str]:
    """The key of term_index(): vocabulary, kind and the name in lower case, single-spaced."""
    return vocabulary, kind, " ".join(name.split()).lower()


def _base_slug(name):
    return slugify(name)[:200] or "term"


def _free_slug(base, taken):
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug


def sync_taxonomies(using=None, models=None, data_dir=None) -> SyncReport:
    """Write the data files' terms and links to the database; safe to run again and again."""
    term_model, link_model = models or (Term, Crosswalk)
    db = using or DEFAULT_DB_ALIAS
    terms = term_model._default_manager.db_manager(db)
    links = link_model._default_manager.db_manager(db)
    report = SyncReport()
    wanted = {term_key(t.vocabulary, t.kind, t.name): t for t in read_terms(data_dir)}
    with_labels = any(f.name == "i18n" for f in term_model._meta.concrete_fields)
    translations = _labels(data_dir) if with_labels else {}

    with transaction.atomic(using=db):
        all_terms = list(terms.order_by("id"))
        bound = {}  # file key -> the row that holds it (an exact spelling wins)
        for term in all_terms:
            key = term_key(term.vocabulary, term.kind, term.name)
            if key in wanted and (key not in bound or term.name == wanted[key].name):
                bound[key] = term

        final_slug, vocab_slugs = {}, {}  # slugs of file terms, by (vocabulary, kind)
        for key, spec in wanted.items():
            taken = vocab_slugs.setdefault(key[:2], set())
            final_slug[key] = _free_slug(_base_slug(spec.name), taken)
            taken.add(final_slug[key])
        bound_ids = {t.pk for t in bound.values()}
        other_slugs = {}
        for term in all_terms:
            if term.pk not in bound_ids:
                other_slugs.setdefault((term.vocabulary, term.kind), set()).add(term.slug)

        to_create, to_update, reslug = [], [], []
        for key, spec in wanted.items():
            values = {
                "name": spec.name,
                "slug": final_slug[key],
                "source_id": spec.source_id,
                "position": spec.position,
                "known": True,
            }
            if with_labels:
                values["i18n"] = i18n_of(translations.get(key, {}))
            term = bound.get(key)
            if term is None:
                to_create.append(term_model(vocabulary=spec.vocabulary, kind=spec.kind, **values))
            elif any(_stored(term, f) != v for f, v in values.items()):
                if term.slug != values["slug"]:
                    reslug.append(term)
                for field, value in values.items():
                    setattr(term, field, value)
                to_update.append(term)

        for term in all_terms:
            if term.pk in bound_ids:
                continue
            group = (term.vocabulary, term.kind)
            changed = False
            if term.known:  # left the vocabulary: kept for the hubs that use it
                term.known = False
                report.demoted += 1
                changed = True
            taken = vocab_slugs.get(group, set())
            if term.slug in taken:  # a vocabulary term now needs this slug
                reslug.append(term)
                term.slug = _free_slug(term.slug, taken | other_slugs[group])
                other_slugs[group].add(term.slug)
                changed = True
            if changed:
                to_update.append(term)

        if reslug:  # free the slugs first: unique constraints are checked row by row
            final = {term.pk: term.slug for term in reslug}
            for term in reslug:
                term.slug = f"~{term.pk}"
            terms.bulk_update(reslug, ["slug"])
            for term in reslug:
                term.slug = final[term.pk]
        fields = ["name", "slug", "source_id", "position", "known"]
        if with_labels:
            fields.append("i18n")
        terms.bulk_update(to_update, fields, batch_size=500)
        terms.bulk_create(to_create, batch_size=500)
        report.created = len(to_create)
        report.updated = len(to_update) - report.demoted

        _sync_links(terms, links, link_model, data_dir, report)
    return report


def _stored(term, field):
    value = getattr(term, field)
    return (value or {}) if field == "i18n" else value


def _labels(data_dir):
    """term_key -> {language: label} from labels.csv (none when the data folder has no such
    file, as test folders may not)."""
    from pathlib import Path

    from .vocab import DATA_DIR

    if not (Path(data_dir or DATA_DIR) / LABELS_FILE).exists():
        return {}
    return {term_key(*key): texts for key, texts in read_labels(data_dir).items()}


def _sync_links(terms, links, link_model, data_dir, report):
    ids = _index(terms)
    wanted = {}
    for link in read_crosswalk(data_dir):
        jrc = ids.get(term_key("jrc", link.kind, link.jrc))
        edih = ids.get(term_key("edih", link.kind, link.edih))
        if jrc is None or edih is None:
            raise ValueError(f"crosswalk row names a term missing from the vocabularies: {link}")
        wanted[(jrc, edih)] = link.relation

    existing = {(c.jrc_id, c.edih_id): c for c in links.all()}
    stale = [c.pk for pair, c in existing.items() if pair not in wanted]
    changed = []
    for pair, relation in wanted.items():
        if pair in existing and existing[pair].relation != relation:
            existing[pair].relation = relation
            changed.append(existing[pair])
    new = [
        link_model(jrc_id=jrc, edih_id=edih, relation=relation)
        for (jrc, edih), relation in wanted.items()
        if (jrc, edih) not in existing
    ]
    if stale:
        links.filter(pk__in=stale).delete()
    links.bulk_update(changed, ["relation"], batch_size=500)
    links.bulk_create(new, batch_size=500)
    report.links_created, report.links_updated, report.links_deleted = (
        len(new),
        len(changed),
        len(stale),
    )


def sync_after_migrate(apps=None, using=None, verbosity=1, **kwargs):
    """post_migrate handler: load the vocabularies once the tables exist."""
    models = None
    if apps is not None:
        try:
            models = (apps.get_model("taxonomy", "Term"), apps.get_model("taxonomy", "Crosswalk"))
        except LookupError:  # migrated back before the taxonomy tables existed
            return
    report = sync_taxonomies(using=using, models=models)
    if report.changed and verbosity >= 1:
        print(f"  Taxonomies synced: {report}")


def term_index(using=None) -> dict[tuple[str, str, str], int]:
    """Every term, known or not: term_key(vocabulary, kind, name) -> Term id."""
    return _index(Term.objects.using(using or DEFAULT_DB_ALIAS))


def _index(terms):
    rows = terms.values_list("id", "vocabulary", "kind", "name")
    return {term_key(v, k, n): pk for pk, v, k, n in rows}


def get_or_create_unknown(vocabulary: str, kind: str, name: str) -> Term:
    """The term of that name (any case), or a new one marked known=False."""
    if vocabulary not in Vocabulary.values or kind not in Kind.values:
        raise ValueError(f"no such vocabulary or kind: {vocabulary!r}, {kind!r}")
    name = " ".join(name.split())[: Term._meta.get_field("name").max_length]
    if not name:
        raise ValueError("a term needs a name")
    same = Term.objects.filter(vocabulary=vocabulary, kind=kind)
    for _attempt in range(3):
        term = same.filter(name__iexact=name).order_by("-known", "id").first()
        if term is not None:
            return term
        taken = set(same.values_list("slug", flat=True))
        slug = _free_slug(_base_slug(name), taken)
        try:
            with transaction.atomic():
                return Term.objects.create(
                    vocabulary=vocabulary,
                    kind=kind,
                    name=name,
                    slug=slug,
                    known=False,
                    position=UNKNOWN_POSITION,
                )
        except IntegrityError:  # created meanwhile by someone else: look again
            continue
    raise IntegrityError(f"could not create the term {name!r}")
