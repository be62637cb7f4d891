"""/api/taxonomies: the vocabularies, their use by hubs and the JRC-EDIH crosswalk."""

from typing import Literal

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.errors import HttpError

from dihub.schemas import FieldErrors, Message

from .labels import label, labels
from .models import Crosswalk, Kind, Term

router = Router(tags=["taxonomies"])

# how the stored relation (the JRC term relative to the EDIH term) reads from the JRC side
_FROM_JRC = {"exact": "exact", "broader": "narrower", "narrower": "broader", "related": "related"}


class KindOut(Schema):
    kind: str
    label: str
    term_count: int
    known_count: int
    by_vocabulary: dict[str, int]


class EquivalentOut(Schema):
    id: int
    vocabulary: str
    name: str
    label: str = Field(description="the name in the language of the request")
    slug: str
    relation: str


class TermOut(Schema):
    id: int
    vocabulary: str
    name: str = Field(description="the canonical (English) name, as hubs and the search use it")
    label: str = Field(description="the name in the language of the request (?lang= or "
                                   "Accept-Language), the English name where none is known")
    labels: dict[str, str] = Field(description="the name in each language: en, de, fr, es, "
                                               "it, pl")
    slug: str
    source_id: str
    known: bool
    hub_count: int
    equivalents: list[EquivalentOut]


@router.get("", response=list[KindOut], summary="The taxonomy kinds with their term counts")
def list_kinds(request):
    rows = Term.objects.values("kind", "vocabulary").annotate(
        total=Count("id"), known=Count("id", filter=Q(known=True))
    )
    out = {
        kind: KindOut(kind=kind, label=str(label), term_count=0, known_count=0, by_vocabulary={})
        for kind, label in Kind.choices
    }
    for row in rows.order_by():
        item = out.get(row["kind"])
        if item is None:
            continue
        item.term_count += row["total"]
        item.known_count += row["known"]
        item.by_vocabulary[row["vocabulary"]] = row["total"]
    return list(out.values())


@router.get(
    "/{kind}",
    response={200: list[TermOut], 404: Message, 422: FieldErrors},
    summary="The terms of one kind, with hub counts and crosswalk equivalents",
    description=(
        "kind: technology, sector or service. An equivalent's relation says how it relates "
        "to the listed term: exact, broader (the equivalent is broader), narrower, related."
    ),
)
def list_terms(
    request,
    kind: str,
    vocabulary: Literal["edih", "jrc"] | None = None,
    known: bool | None = None,
):
    if kind not in Kind.values:
        raise HttpError(404, _("unknown kind %(kind)s: expected one of %(kinds)s")
                        % {"kind": repr(kind), "kinds": ", ".join(Kind.values)})
    terms = Term.objects.filter(kind=kind).annotate(hub_count=Count("hub_terms")).order_by(
        "vocabulary", "position", "name"
    )
    if vocabulary:
        terms = terms.filter(vocabulary=vocabulary)
    if known is not None:
        terms = terms.filter(known=known)
    terms = list(terms)
    equivalents = _equivalents(kind)
    return [
        TermOut(
            id=t.id,
            vocabulary=t.vocabulary,
            name=t.name,
            label=label(t),
            labels=labels(t),
            slug=t.slug,
            source_id=t.source_id,
            known=t.known,
            hub_count=t.hub_count,
            equivalents=equivalents.get(t.id, []),
        )
        for t in terms
    ]


def _equivalents(kind):
    """Term id -> its crosswalk links, seen from that term."""
    links = (
        Crosswalk.objects.filter(jrc__kind=kind)
        .select_related("jrc", "edih")
        .order_by("jrc__position", "edih__position")
    )
    found = {}
    for link in links:
        found.setdefault(link.jrc_id, []).append(
            _equivalent(link.edih, _FROM_JRC[link.relation])
        )
        found.setdefault(link.edih_id, []).append(_equivalent(link.jrc, link.relation))
    return found


def _equivalent(term, relation):
    return EquivalentOut(
        id=term.id,
        vocabulary=term.vocabulary,
        name=term.name,
        label=label(term),
        slug=term.slug,
        relation=relation,
    )

