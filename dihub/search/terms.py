"""Term names and slugs to term ids, from memory: what `params.resolve_term` finds in the
database (the terms of a kind with that slug or name, either vocabulary, and their
crosswalk equivalents), read once per index generation; a term or crosswalk saved or
deleted starts a new generation (index.py)."""

from collections import defaultdict

from dihub.params import resolve_term
from dihub.taxonomy.models import Crosswalk, Term

from . import state


def resolve(kind, value) -> frozenset:
    """Ids of the terms of this kind named `value`; BadParameter as resolve_term when none."""
    by_slug, by_name, partners = state.current().cached("term names", _tables)
    found = by_slug.get((kind, value), set()) | by_name.get((kind, value.lower()), set())
    if not found:
        return resolve_term(kind, value)  # raises with the close names
    return frozenset(found.union(*(partners.get(i, ()) for i in found)))


def _tables():
    by_slug, by_name, partners = defaultdict(set), defaultdict(set), defaultdict(set)
    for pk, kind, slug, name in Term.objects.values_list("id", "kind", "slug", "name"):
        by_slug[kind, slug].add(pk)
        by_name[kind, name.lower()].add(pk)
    for jrc_id, edih_id in Crosswalk.objects.values_list("jrc_id", "edih_id"):
        partners[jrc_id].add(edih_id)
        partners[edih_id].add(jrc_id)
    return dict(by_slug), dict(by_name), dict(partners)
