"""Figures over many companies: for a hub's customers, a region (a NUTS code and its
sub-regions), a sector, or all of them.

Each company counts once, with its latest completed assessment of the questionnaire
(among those the filter keeps). A group gives the number of companies, how many are at
each level, and the mean and median of the overall score and of each dimension.

Small cells are suppressed everywhere these figures are shown (pages for anyone, the
public API, hub managers too): a group of fewer than THRESHOLD companies shows neither
its number nor any score, only "fewer than 5"; in a group that is shown, a level held by
1 to 4 companies shows "fewer than 5" instead of its count. Only the views of one
assessment (seen by those privacy.can_see allows) show one company's scores.

The scores are those kept when each assessment was completed; numpy computes the means
and medians.
"""

import re
from dataclasses import dataclass

import numpy as np
from django.utils.translation import gettext as _

from dihub.catalogue.models import Hub, Validation
from dihub.params import BadParameter
from dihub.regions.models import Region

from . import i18n, loader, scoring
from .models import Assessment

THRESHOLD = 5
SECTORS = "ABCDEFGHIJKLMNOPQRSTU"  # NACE Rev. 2 sections
_NUTS = re.compile(r"^[A-Z]{2}[0-9A-Z]{0,3}$")
BREAKDOWNS = ("sector", "country")


class BadFilter(BadParameter):
    """A filter that cannot be used: .param names it, .status is 400 or 404."""

    def __init__(self, param, message, status=400):
        super().__init__(param, message)
        self.args = (message,)  # str() is the message alone, as the API answers it
        self.status = status


@dataclass(frozen=True)
class Filters:
    definition: loader.Questionnaire
    hub: Hub | None = None
    region: str = ""  # a NUTS code, upper case
    region_name: str = ""
    sector: str = ""  # a NACE section, upper case

    def describe(self) -> dict:
        return {"questionnaire": self.definition.key,
                "hub": self.hub.slug if self.hub else None,
                "region": self.region or None, "sector": self.sector or None}

    def label(self) -> str:
        parts = []
        if self.hub:
            parts.append(_("customers of %(hub)s") % {"hub": self.hub.name})
        if self.region:
            parts.append(_("region %(code)s") % {"code": self.region}
                         + (f" {self.region_name}" if self.region_name else ""))
        if self.sector:
            parts.append(_("sector %(code)s") % {"code": self.sector})
        return ", ".join(parts) or _("all companies")


def clean(questionnaire="", hub="", region="", sector="") -> Filters:
    """Filters from a query's text; BadFilter for one that cannot be used. A hub is a
    published hub's slug or id; a region a NUTS code of any level; a sector a NACE
    section letter."""
    key = (questionnaire or "sme").strip()
    try:
        definition = i18n.localize(loader.get(key))
    except loader.UnknownQuestionnaire as exc:
        raise BadFilter("questionnaire", str(exc)) from None
    found = None
    hub = (hub or "").strip()
    if hub:
        found = Hub.objects.filter(validation=Validation.PUBLISHED).by_key(hub)
        if found is None:
            raise BadFilter("hub", _("No published hub with this slug or id."), 404)
    region = (region or "").strip().upper()
    name = ""
    if region:
        if not _NUTS.match(region):
            raise BadFilter("region", _("region: expected a NUTS code such as DE, DE1 or DE11"))
        known = Region.objects.filter(code=region).first()
        name = known.name if known else ""
    sector = (sector or "").strip().upper()
    if sector and (len(sector) != 1 or sector not in SECTORS):
        raise BadFilter("sector", _("sector: expected a NACE Rev. 2 section letter, A to U"))
    return Filters(definition=definition, hub=found, region=region, region_name=name,
                   sector=sector)


def _assessments(filters: Filters):
    found = Assessment.objects.filter(questionnaire=filters.definition.key,
                                      completed_at__isnull=False, overall__isnull=False)
    if filters.hub is not None:
        found = found.filter(shared_with=filters.hub)
    if filters.region:
        found = found.filter(region__code__startswith=filters.region)
    if filters.sector:
        found = found.filter(sector=filters.sector)
    return found


def latest(filters: Filters) -> list[tuple]:
    """(overall, level, dimensions, sector, country) of each company's latest completed
    assessment among those the filters keep."""
    rows = (_assessments(filters)
            .order_by("company_id", "-completed_at", "-pk")
            .values_list("company_id", "overall", "level", "dimensions", "sector",
                         "region__country"))
    out, last = [], None
    for company, *rest in rows.iterator(chunk_size=5000):
        if company != last:
            out.append(tuple(rest))
            last = company
    return out


def summary(rows, definition, label="") -> dict:
    """The figures of one group of latest assessments, suppressed when small."""
    n = len(rows)
    out = {"label": label, "threshold": THRESHOLD, "suppressed": n < THRESHOLD,
           "companies": None, "note": "", "levels": None, "overall": None,
           "dimensions": None}
    if n < THRESHOLD:
        out["note"] = _("fewer than %(n)s companies: not shown") % {"n": THRESHOLD}
        return out
    out["companies"] = n
    levels = [r[1] for r in rows]
    out["levels"] = []
    for key, _name, _top in scoring.LEVELS:
        count = levels.count(key)
        small = 0 < count < THRESHOLD
        out["levels"].append({"key": key, "name": i18n.level_name(key),
                              "count": None if small else count,
                              "suppressed": small})
    overall = np.fromiter((r[0] for r in rows), dtype=np.float64, count=n)
    mean, median = float(overall.mean()), float(np.median(overall))
    out["overall"] = {"mean": mean, "median": median, "level": scoring.level(mean)}
    out["dimensions"] = []
    for d in definition.dimensions:
        values = np.array([r[2][d.key] for r in rows
                           if isinstance(r[2], dict) and isinstance(r[2].get(d.key),
                                                                    (int, float))],
                          dtype=np.float64)
        if len(values) < THRESHOLD:
            out["dimensions"].append({"key": d.key, "name": d.name, "mean": None,
                                      "median": None, "level": None})
            continue
        mean = float(values.mean())
        out["dimensions"].append({"key": d.key, "name": d.name, "mean": mean,
                                  "median": float(np.median(values)),
                                  "level": scoring.level(mean)})
    return out


def aggregate(filters: Filters) -> dict:
    """The figures of the group the filters describe."""
    rows = latest(filters)
    return {"filters": filters.describe(), "version": filters.definition.version,
            **summary(rows, filters.definition, filters.label())}


def breakdown(filters: Filters, by: str) -> list[dict]:
    """The group split by sector or by country: one suppressed-when-small summary each,
    in code order (companies without a sector or a region are left out).

    Secondary suppression: the whole group's figures less the cells shown give the
    figures of the suppressed cells together; when these hold 1 to 4 companies, the
    smallest cells shown are suppressed too, until they hold at least THRESHOLD."""
    column = {"sector": 3, "country": 4}[by]
    groups: dict[str, list] = {}
    for row in latest(filters):
        if row[column]:
            groups.setdefault(row[column], []).append(row)
    hidden = sum(len(g) for g in groups.values() if len(g) < THRESHOLD)
    also = set()
    if 0 < hidden < THRESHOLD:
        for key in sorted((k for k in groups if len(groups[k]) >= THRESHOLD),
                          key=lambda k: (len(groups[k]), k)):
            also.add(key)
            hidden += len(groups[key])
            if hidden >= THRESHOLD:
                break
    out = []
    for key in sorted(groups):
        rows = [] if key in also else groups[key]  # an empty group is suppressed
        cell = {"key": key, **summary(rows, filters.definition, key)}
        if key in also:
            cell["note"] = _("not shown, so that the smaller cells cannot be worked out")
        out.append(cell)
    return out
