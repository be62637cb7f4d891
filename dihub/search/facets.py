"""Facet counts on the bitmap index: each facet counted over the search with its own filter
left out; and the facets as data, each value with whether it is selected and the query
toggling it."""

from dataclasses import replace

from pyroaring import BitMap

from dihub.catalogue.languages import language_name
from dihub.catalogue.models import HubType, Status
from dihub.catalogue.serialize import country_name
from dihub.regions.models import Region

from .filters import TERM_KINDS, join_query, part

TYPE_LABELS = dict(HubType.choices)
STATUS_LABELS = dict(Status.choices)


def _rows(rows, label):
    out = [{"value": v, "label": label(v), "count": n} for v, n in rows if v and n]
    return sorted(out, key=lambda f: (-f["count"], f["label"]))


def _counts(found, index, field):
    """(value, how many hubs of found have it) of each value of a field."""
    return [(value, found.intersection_cardinality(hubs))
            for value, hubs in index.values(field)]


def facets(params, index) -> dict:
    """Each facet counted over the search with its own filter left out."""
    from .engine import matching

    found = {}

    def over(leave_out):  # a facet whose filter is not set counts over the whole search
        if leave_out not in _set(params):
            leave_out = ""
        if leave_out not in found:
            found[leave_out] = matching(params, leave_out, index)
        return found[leave_out]

    result = {"country": _rows(_counts(over("country"), index, "country"), country_name)}
    nuts2 = _counts(over("region"), index, "nuts2")
    names = index.cached("nuts2 names", lambda: dict(Region.objects.filter(
        code__in=[code for code, _hubs in index.values("nuts2")]).values_list("code", "name")))
    result["region"] = _rows(nuts2, lambda code: names.get(code, code))
    for kind in TERM_KINDS:
        result[kind] = _terms(over(kind), index, kind, params.min_level)
    result["type"] = _rows(_counts(over("type"), index, "type"),
                           lambda v: str(TYPE_LABELS.get(v, v)))
    result["status"] = _rows(_counts(over("status"), index, "status"),
                             lambda v: str(STATUS_LABELS.get(v, v)))
    result["language"] = _rows(_counts(over("language"), index, "language"), language_name)
    return result


def _set(params) -> set:
    """The facets whose filter params set."""
    return {kind for kind in ("country", "region", "type", "status", "language")
            if getattr(params, kind)} | set(params.term_ids)


def _terms(found, index, kind, min_level):
    """Hubs of found per term slug (the vocabularies' terms of one slug count once),
    labelled with the first name of its terms these hubs have."""
    by_slug = {}
    for term_id in index.term_ids():
        term_kind, slug, name = index.terms.get(term_id, ("", "", ""))
        if term_kind == kind:
            hubs = index.with_term(term_id, min_level)
            if found.intersect(hubs):
                by_slug.setdefault(slug, []).append((name, hubs))
    out = [{"value": slug, "label": min(name for name, _h in terms),
            "count": found.intersection_cardinality(BitMap.union(*(h for _n, h in terms)))}
           for slug, terms in by_slug.items()]
    return sorted(out, key=lambda f: (-f["count"], f["label"]))


REPEATED = ("country", "language", *TERM_KINDS)  # several values at once (OR); the others take one


def selectable(found: dict, params) -> dict:
    """The facets as data: each value with `selected` and `query`, the canonical query
    string that toggles it (page 1). A term typed as a name ("Internet of things") selects
    the value it names; one chosen but counted nowhere is listed with count 0, so that the
    next click keeps it."""
    out, parts = {}, replace(params, page=1).query_parts()
    for kind, items in found.items():
        chosen = _chosen(kind, params)
        toggled = _toggler(parts, params, kind)
        rows = []
        for item in items:
            matched = [c for c in chosen if _names(item, c)] if chosen else []
            rows.append({**item, "selected": bool(matched),
                         "query": toggled(item["value"], matched)})
        for value in chosen:
            if not any(_names(r, value) for r in rows):
                slug, label = _named(kind, value)
                rows.append({"value": slug, "label": label, "count": 0, "selected": True,
                             "query": toggled(value, [value])})
        out[kind] = rows
    return out


def _chosen(kind, params) -> list:
    if kind in REPEATED:
        return list(getattr(params, kind))
    if kind == "region":
        return [params.region] if params.region else []
    return [getattr(params, kind)] if getattr(params, kind) else []


def _names(item, given) -> bool:
    """Whether a value given in the query names this facet value (slug, code or label)."""
    return given == item["value"] or given.casefold() == item["label"].casefold()


def _named(kind, value) -> tuple:
    """(value as the facet gives it, label) of a value given in the query."""
    if kind in TERM_KINDS:
        from dihub.taxonomy.models import Term

        term = (Term.objects.filter(kind=kind, slug=value).first()
                or Term.objects.filter(kind=kind, name__iexact=value).first())
        return (term.slug, term.name) if term else (value, value)
    if kind == "country":
        return value, country_name(value)
    if kind == "language":
        return value, language_name(value)
    if kind == "region":
        return value, Region.objects.filter(code=value).values_list("name", flat=True).first(
        ) or value
    labels = TYPE_LABELS if kind == "type" else STATUS_LABELS
    return value, str(labels.get(value, value))


def _toggler(parts, params, kind):
    """toggled(value, matched): the query string of params, page 1, with this value of kind
    toggled (matched: the values given that name it); the other parts joined once."""
    keys = list(parts)
    before = join_query({k: parts[k] for k in keys[:keys.index(kind)]})
    after = join_query({k: parts[k] for k in keys[keys.index(kind) + 1:]})
    now = getattr(params, kind) if kind in REPEATED else None

    def toggled(value, matched) -> str:
        if kind in REPEATED:
            new = tuple(v for v in now if v not in matched) if matched else (*now, value)
        else:
            new = "" if matched else value
        return "&".join(p for p in (before, part(kind, new), after) if p)

    return toggled
