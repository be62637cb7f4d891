"""The report of one completed assessment: what the page, its PDF and its JSON twin show.

    report = build(assessment)     # Report: scores, levels, help, peers, weakest, help nearby
    report.to_dict()               # the JSON of GET /api/maturity/assessments/{id}/report

- Scores and levels are the ones kept when the assessment was completed (overall, level,
  dimensions); dimension names and order come from its questionnaire version.
- Each dimension is explained in data/help_dimensions.yaml (measures, low, first_steps).
- Peers: the latest completed assessment of each *other* company that answered the same
  questionnaire with the same sector and size class; their medians are shown only when
  there are at least MIN_PEERS of them (`peers` is None otherwise, `peers_reason` says why).
- The weakest dimensions: the WEAKEST lowest scores; a tie goes to the dimension that comes
  first in the questionnaire. For each, recommend.recommend(): terms and nearest hubs.

Who may see a report is dihub.maturity.privacy.can_see's answer; the callers ask it.
"""

import statistics
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml
from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext_lazy as _

from . import i18n, loader, recommend
from .models import Assessment
from .scoring import level

DATA = Path(__file__).resolve().parent / "data"
HELP_FILE = DATA / "help_dimensions.yaml"
HELP_FIELDS = ("measures", "low", "first_steps")
MIN_PEERS = 5
WEAKEST = 2
PEER_REASONS = {  # in the language of the request
    "no_profile": _("The assessment does not say the company's sector and size class, so it "
                    "cannot be compared with peers."),
    "too_few_peers": _("Too few companies of the same sector and size class have completed "
                       "this assessment to compare with (%(count)s; at least %(min)s are "
                       "needed)."),
}


class NotCompleted(LookupError):
    """The assessment has no scores yet: it has no report."""


@cache
def dimension_help(path: Path = HELP_FILE) -> dict[str, dict[str, str]]:
    """{dimension key: {"measures", "low", "first_steps"}}, in plain words."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError(f"{path.name}: expected a mapping of dimension keys")
    out = {}
    for key, entry in data.items():
        if not isinstance(entry, dict) or set(entry) != set(HELP_FIELDS) or not all(
                isinstance(entry[f], str) and entry[f].strip() for f in HELP_FIELDS):
            raise ValueError(f"{path.name}: {key}: expected {', '.join(HELP_FIELDS)} as text")
        out[str(key)] = {f: " ".join(entry[f].split()) for f in HELP_FIELDS}
    return out


@dataclass
class DimensionResult:
    key: str
    name: str
    score: float
    level: str
    help: dict  # measures, low, first_steps
    peer_median: float | None = None

    @property
    def level_name(self) -> str:
        return i18n.level_name(self.level)

    def to_dict(self) -> dict:
        return {"key": self.key, "name": self.name, "score": self.score, "level": self.level,
                "level_name": self.level_name, "peer_median": self.peer_median,
                "help": dict(self.help)}


@dataclass
class Peers:
    count: int  # companies compared with
    overall: float  # median overall score
    dimensions: dict  # dimension key: median score

    def to_dict(self) -> dict:
        return {"count": self.count, "overall_median": self.overall,
                "dimensions": dict(self.dimensions)}


@dataclass
class Report:
    assessment: Assessment
    title: str  # the questionnaire's
    overall: float
    level: str
    dimensions: list  # [DimensionResult], in the questionnaire's order
    peers: Peers | None
    peers_reason: str  # "" when peers is given, else a key of PEER_REASONS
    peers_message: str
    peer_count: int
    place: recommend.Place | None
    weakest: list = field(default_factory=list)  # [(DimensionResult, recommend.Help)]

    @property
    def level_name(self) -> str:
        return i18n.level_name(self.level)

    @property
    def company(self):
        return self.assessment.company

    def to_dict(self) -> dict:
        a = self.assessment
        return {
            "assessment": {
                "id": a.pk, "questionnaire": a.questionnaire, "version": a.version,
                "title": self.title, "phase": a.phase, "completed_at": a.completed_at,
                "sector": a.sector, "size_class": a.size_class,
                "region": a.region_id or None,
                "hub": {"slug": a.hub.slug, "name": a.hub.name} if a.hub else None,
            },
            "company": {"id": self.company.pk, "name": self.company.name,
                        "country": self.company.country},
            "overall": self.overall, "level": self.level, "level_name": self.level_name,
            "dimensions": [d.to_dict() for d in self.dimensions],
            "peers": self.peers.to_dict() if self.peers else None,
            "peers_reason": self.peers_reason or None,
            "peers_message": self.peers_message,
            "place": self.place.to_dict() if self.place else None,
            "weakest": [{"key": d.key, "name": d.name, "score": d.score, "level": d.level,
                         **h.to_dict()} for d, h in self.weakest],
        }


# -- plain functions -------------------------------------------------------------------------

def weakest(scores: list[tuple[str, float]], n: int = WEAKEST) -> list[str]:
    """The keys of the n lowest scores; a tie goes to the one listed first."""
    ranked = sorted(enumerate(scores), key=lambda pair: (pair[1][1], pair[0]))
    return [key for _, (key, _) in ranked[:n]]


def medians(rows: list[tuple[float, dict]], keys) -> tuple[float, dict]:
    """The median overall score and the median of each dimension key over rows of
    (overall, {dimension key: score}); a dimension no row has is left out."""
    overall = statistics.median(r[0] for r in rows)
    dims = {}
    for key in keys:
        values = [r[1][key] for r in rows if isinstance(r[1].get(key), (int, float))]
        if values:
            dims[key] = statistics.median(values)
    return overall, dims


# -- from the database -----------------------------------------------------------------------

def peer_rows(assessment: Assessment) -> list[tuple[float, dict]]:
    """(overall, dimensions) of the latest completed assessment of each other company with
    the same questionnaire, sector and size class."""
    same = Assessment.objects.filter(
        questionnaire=assessment.questionnaire, sector=assessment.sector,
        size_class=assessment.size_class, completed_at__isnull=False, overall__isnull=False,
    ).exclude(company_id=assessment.company_id)
    latest = (Assessment.objects.filter(company_id=OuterRef("company_id"),
                                         questionnaire=assessment.questionnaire,
                                         completed_at__isnull=False)
              .order_by("-completed_at", "-id").values("id")[:1])
    rows = same.filter(id=Subquery(latest)).values_list("overall", "dimensions")
    return [(overall, dims if isinstance(dims, dict) else {}) for overall, dims in rows]


def build(assessment: Assessment, with_help: bool = True) -> Report:
    """The report of a completed assessment; NotCompleted when it has no scores."""
    if not assessment.is_complete or assessment.overall is None:
        raise NotCompleted(f"assessment {assessment.pk} is not completed")
    definition = i18n.localize(loader.get(assessment.questionnaire, assessment.version))
    texts = i18n.dimension_help()
    stored = assessment.dimensions or {}
    dimensions = []
    for d in definition.dimensions:
        value = float(stored.get(d.key) or 0.0)
        dimensions.append(DimensionResult(key=d.key, name=d.name, score=value,
                                          level=level(value), help=texts.get(d.key, {})))

    peers, reason, message, count = None, "", "", 0
    if not (assessment.sector and assessment.size_class):
        reason = "no_profile"
    else:
        rows = peer_rows(assessment)
        count = len(rows)
        if count >= MIN_PEERS:
            overall, dims = medians(rows, [d.key for d in dimensions])
            peers = Peers(count=count, overall=overall, dimensions=dims)
            for d in dimensions:
                d.peer_median = dims.get(d.key)
        else:
            reason = "too_few_peers"
    if reason:
        message = str(PEER_REASONS[reason]) % {"count": count, "min": MIN_PEERS}

    report = Report(
        assessment=assessment, title=definition.title, overall=float(assessment.overall),
        level=level(assessment.overall), dimensions=dimensions,
        peers=peers, peers_reason=reason, peers_message=message, peer_count=count,
        place=None)
    if with_help:
        report.place = recommend.place_for(assessment)
        by_key = {d.key: d for d in dimensions}
        for key in weakest([(d.key, d.score) for d in dimensions]):
            report.weakest.append((by_key[key], recommend.recommend(key, report.place)))
    return report
