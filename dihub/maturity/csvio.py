"""Assessments in CSV files, one row per assessment, in the column style of the DMA tool's
exports: the row's keys, the profile columns and each item's `column` of the definition
(sme_m1_2, sme_m2_1_1_invested, sme_m2_4_3...), then the scores.

    external_id     the row's stable key: importing a file again updates, never duplicates
    company_key     the company's stable key: the T0 and T1 rows of one company share it
    company         the company's name (left empty in an anonymised export)
    hub             the slug of the hub that supports the company, if any
    questionnaire   sme, public
    version         the questionnaire's version
    phase           empty (a self-assessment), t0 or t1
    baseline        a T1's T0 (its external_id)
    completed_at    ISO 8601
    <columns>       a text or an option key; a checkbox item or a matrix cell 1 (ticked) or
                    0; a scale item 0-5; a ternary item no, partially or yes; an empty cell
                    is unanswered (a question whose cells are all empty is unanswered)
    overall, level, score_<dimension>   the scores (recomputed on import)

A cell starting with = + - @ is written with a leading ' (spreadsheets would run it as a
formula) and read back without it.

Exports: a hub's (its shared, completed assessments: export_hub) and, for coordinators,
everything completed with the companies anonymised (export_all: no names, keys replaced by
pseudonyms that stay the same on this installation). Import (import_csv): a hub manager's
file for their hub; each bad row is reported with its row (the header is row 1), column and
reason, the good rows are kept.
"""

import csv
import hashlib
import hmac
import io
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from dihub.catalogue.models import Hub

from . import assessments, i18n, loader, privacy
from .models import Assessment, Company, new_key

META = ("external_id", "company_key", "company", "hub", "questionnaire", "version", "phase",
        "baseline", "completed_at")
MAX_ROWS = 100_000
MAX_BYTES = 20 * 1024 * 1024
_FORMULA = ("=", "+", "-", "@", "\t", "\r")
_KEY = re.compile(r"^[^\x00-\x1f]{1,64}$")
_INT = re.compile(r"^[+-]?[0-9]{1,6}$")


def score_columns(definition) -> list[str]:
    return ["overall", "level", *(f"score_{d.key}" for d in definition.dimensions)]


def columns(definition) -> list[str]:
    return [*META, *definition.columns(), *score_columns(definition)]


def _needs_escape(text: str) -> bool:
    while text[:1] == "'":
        text = text[1:]
    return text[:1] in _FORMULA and text != ""


def escape(text: str) -> str:
    return "'" + text if text and _needs_escape(text) else text


def unescape(text: str) -> str:
    return text[1:] if text[:1] == "'" and _needs_escape(text[1:]) else text


def pseudonym(value: str) -> str:
    """A stable stand-in for a key in anonymised exports (HMAC with the SECRET_KEY)."""
    if not value:
        return ""
    digest = hmac.new(settings.SECRET_KEY.encode(), value.encode("utf-8", "replace"),
                      hashlib.sha256)
    return "anon-" + digest.hexdigest()[:20]


# -- export ----------------------------------------------------------------------------------

def answer_cells(definition, answers) -> dict:
    """The cells of the answers, column -> text."""
    cells = {}
    for q in definition.questions:
        a = answers.get(q.key)
        if q.type in ("text", "choice"):
            cells[q.column] = a if isinstance(a, str) else ""
        elif q.type == "checkbox":
            for item in q.items:
                cells[item.column] = ("1" if item.key in a else "0") if isinstance(a, list) else ""
        elif q.type == "matrix":
            for item in q.items:
                ticked = a.get(item.key) if isinstance(a, dict) else None
                for cell in q.cells:
                    cells[f"{item.column}_{cell}"] = (
                        ("1" if cell in ticked else "0") if isinstance(ticked, list) else "")
        else:
            for item in q.items:
                value = a.get(item.key) if isinstance(a, dict) else None
                cells[item.column] = "" if value is None else str(value)
    return cells


def _score(value) -> str:
    return "" if value is None else f"{value:.2f}"


def _when(value) -> str:
    return value.astimezone(UTC).isoformat() if value else ""


def row_of(a, definition, hub=None, anonymise=False) -> list[str]:
    """One assessment's row. hub: the hub the export is for (a baseline is named only when
    that hub sees it too)."""
    baseline = ""
    if a.baseline_id is not None:
        base = a.baseline
        if hub is None or base.shared_with.filter(pk=hub.pk).exists():
            baseline = base.external_id
    name_column = {definition.question(k).column for k in assessments.NAME_QUESTIONS
                   if definition.question(k) is not None}
    cells = answer_cells(definition, a.answers)
    if anonymise:
        for column in name_column:
            cells[column] = ""
    meta = {
        "external_id": pseudonym(a.external_id) if anonymise else a.external_id,
        "company_key": pseudonym(a.company.key) if anonymise else a.company.key,
        "company": "" if anonymise else a.company.name,
        "hub": a.hub.slug if a.hub_id else "",
        "questionnaire": a.questionnaire, "version": str(a.version), "phase": a.phase,
        "baseline": pseudonym(baseline) if anonymise else baseline,
        "completed_at": _when(a.completed_at),
    }
    scores = {"overall": _score(a.overall), "level": a.level or ""}
    for d in definition.dimensions:
        scores[f"score_{d.key}"] = _score((a.dimensions or {}).get(d.key))
    values = {**meta, **cells, **scores}
    return [escape(values.get(c, "")) for c in columns(definition)]


def _completed(questionnaire, version):
    definition = loader.get(questionnaire, version)
    found = (Assessment.objects
             .filter(questionnaire=definition.key, version=definition.version,
                     completed_at__isnull=False)
             .select_related("company", "hub", "baseline")
             .order_by("completed_at", "external_id", "pk"))
    return definition, found


def write(out, definition, rows):
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns(definition))
    for row in rows:
        writer.writerow(row)


def export_hub(out, hub, questionnaire="sme", version=None):
    """The hub's completed assessments (those shared with it) of one questionnaire
    version, with the companies' names. Returns how many rows were written."""
    definition, found = _completed(questionnaire, version)
    return _export(out, definition, found.filter(shared_with=hub), hub=hub)


def export_all(out, questionnaire="sme", version=None):
    """Every completed assessment of one questionnaire version, anonymised: no company
    names (in the company column and the profile's name), keys replaced by pseudonyms."""
    definition, found = _completed(questionnaire, version)
    return _export(out, definition, found, anonymise=True)


def _export(out, definition, found, **row_options) -> int:
    n = 0

    def rows():
        nonlocal n
        for a in found.iterator(chunk_size=2000):
            n += 1
            yield row_of(a, definition, **row_options)

    write(out, definition, rows())
    return n


# -- import ----------------------------------------------------------------------------------

@dataclass
class Problem:
    row: int  # the header is row 1, the first assessment row 2
    column: str
    reason: str

    def __str__(self):
        where = f"row {self.row}" + (f", column {self.column}" if self.column else "")
        return f"{where}: {self.reason}"


@dataclass
class Report:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list = field(default_factory=list)

    @property
    def refused(self) -> int:
        return len({p.row for p in self.problems if p.row > 1})

    def lines(self) -> list[str]:
        out = [f"{self.rows} row(s): {self.created} created, {self.updated} updated, "
               f"{self.unchanged} unchanged, {self.refused} refused"]
        out += [str(p) for p in self.problems]
        return out


@dataclass
class _Row:
    number: int
    external_id: str
    company_key: str
    company: str
    hub: Hub | None
    definition: loader.Questionnaire
    phase: str
    baseline: str
    completed_at: datetime | None
    answers: dict


class _Refused(Exception):
    pass


def _definition_of_header(header) -> loader.Questionnaire | None:
    best, overlap = None, 0
    for key, _version in loader.catalogue():
        definition = loader.get(key)
        n = len(set(definition.columns()) & set(header))
        if n > overlap:
            best, overlap = definition, n
    return best


def _known_columns() -> set:
    known = set(META)
    for key, version in loader.catalogue():
        definition = loader.get(key, version)
        known.update(definition.columns(), score_columns(definition))
    return known


def _parse_when(text):
    text = text.strip()
    if not text:
        return None
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        return _Refused
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when


def parse_answers(definition, cell, problem) -> dict:
    """Answers from one row's cells; `cell(column)` gives a cell's text, `problem(column,
    reason)` records what cannot be read."""
    answers = {}
    for q in definition.questions:
        if q.type in ("text", "choice"):
            value = cell(q.column)
            if value != "":
                answers[q.key] = value
        elif q.type == "checkbox":
            values = [(item, cell(item.column).strip()) for item in q.items]
            if any(v for _, v in values):
                ticked = []
                for item, v in values:
                    if v == "1":
                        ticked.append(item.key)
                    elif v not in ("", "0"):
                        problem(item.column, _("expected 1 (ticked), 0 or empty, got %(value)s")
                                % {"value": repr(v[:20])})
                answers[q.key] = ticked
        elif q.type == "matrix":
            areas = {}
            for item in q.items:
                values = [(c, cell(f"{item.column}_{c}").strip()) for c in q.cells]
                if any(v for _, v in values):
                    areas[item.key] = []
                    for c, v in values:
                        if v == "1":
                            areas[item.key].append(c)
                        elif v not in ("", "0"):
                            problem(f"{item.column}_{c}",
                                    _("expected 1 (ticked), 0 or empty, got %(value)s")
                                    % {"value": repr(v[:20])})
            if areas:
                answers[q.key] = areas
        elif q.type == "scale":
            values = {}
            for item in q.items:
                v = cell(item.column).strip()
                if not v:
                    continue
                if not _INT.match(v):
                    problem(item.column, "not_an_integer: " + _(
                        "expected a whole number 0 to 5, got %(value)s")
                        % {"value": repr(v[:20])})
                    continue
                values[item.key] = int(v)
            if values:
                answers[q.key] = values
        else:  # ternary
            values = {}
            words = {"0": "no", "1": "partially", "2": "yes"}
            for item in q.items:
                v = cell(item.column).strip().lower()
                if not v:
                    continue
                v = words.get(v, v)
                if v not in loader.TERNARY:
                    problem(item.column, "unknown_value: " + _(
                        "expected no, partially or yes, got %(value)s")
                        % {"value": repr(v[:20])})
                    continue
                values[item.key] = v
            if values:
                answers[q.key] = values
    return answers


def _error_column(definition, error) -> str:
    q = definition.question(error.question)
    if q is None:
        return error.question or ""
    item = q.item(error.item) if error.item else None
    if item is not None:
        return f"{item.column}_*" if q.type == "matrix" else item.column
    return q.column or (q.items[0].column if q.items else q.key)


def _read(text, hub, report) -> list[_Row]:
    try:
        records = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        report.problems.append(Problem(1, "", _("not a CSV file: %(error)s") % {"error": exc}))
        return []
    if not records or not any(c.strip() for c in records[0]):
        report.problems.append(Problem(1, "", _("the file is empty: expected a header row")))
        return []
    header = [c.strip().lstrip("\ufeff") for c in records[0]]
    index = {}
    for n, name in enumerate(header):
        if name in index:
            report.problems.append(Problem(1, name, _("the column appears twice")))
            return []
        index[name] = n
    if "external_id" not in index:
        report.problems.append(Problem(1, "external_id", _("missing column: every row needs a "
                                         "stable key, so that importing again never "
                                         "duplicates")))
        return []
    known = _known_columns()
    for name in header:
        if name and name not in known:
            report.problems.append(Problem(1, name, _("unknown column: ignored")))
    fallback = _definition_of_header(header)
    data = records[1:]
    if len(data) > MAX_ROWS:
        report.problems.append(Problem(MAX_ROWS + 2, "", _("more than %(n)s rows: the rest of "
                                         "the file is not read") % {"n": MAX_ROWS}))
        data = data[:MAX_ROWS]
    rows, seen = [], {}
    for number, values in enumerate(data, start=2):
        if not any(v.strip() for v in values):
            continue  # a blank line
        report.rows += 1
        found = _row(number, values, header, index, hub, fallback, report)
        if found is None:
            continue
        if found.external_id in seen:
            report.problems.append(Problem(
                number, "external_id", _("%(key)s is already on row %(row)s")
                % {"key": repr(found.external_id), "row": seen[found.external_id]}))
            continue
        seen[found.external_id] = number
        rows.append(found)
    return rows


def _row(number, values, header, index, hub, fallback, report) -> _Row | None:
    problems = []

    def problem(column, reason):
        problems.append(Problem(number, column, reason))

    if len(values) > len(header) and any(v.strip() for v in values[len(header):]):
        report.problems.append(Problem(number, "", _("%(n)s cells, the header has %(m)s")
                                       % {"n": len(values), "m": len(header)}))
        return None

    def cell(column):
        n = index.get(column)
        return unescape(values[n]) if n is not None and n < len(values) else ""

    external_id = cell("external_id").strip()
    if not _KEY.match(external_id):
        problem("external_id", _("expected a key of 1 to 64 characters") if external_id
                else "empty: " + _("every row needs a stable key"))
    company_key = cell("company_key").strip()
    if company_key and not _KEY.match(company_key):
        problem("company_key", _("expected a key of 1 to 64 characters"))
    key, version = cell("questionnaire").strip(), cell("version").strip()
    definition = fallback
    try:
        if key or version:
            if version and not (_INT.match(version) and int(version) >= 1):
                raise loader.UnknownQuestionnaire(_("%(value)s is not a version")
                                                  % {"value": repr(version[:20])})
            definition = loader.get(key or (fallback.key if fallback else ""),
                                    int(version) if version else None)
    except loader.UnknownQuestionnaire as exc:
        problem("questionnaire" if not version else "version", str(exc))
        definition = None
    if definition is None:
        if not problems:
            problem("questionnaire", _("which questionnaire? name it (sme, public)"))
        report.problems.extend(problems)
        return None
    phase = cell("phase").strip().lower()
    if phase not in assessments.PHASES:
        problem("phase", _("expected empty, t0 or t1, got %(value)s") % {"value": repr(phase[:20])})
    row_hub = hub
    if "hub" in index:
        slug = cell("hub").strip()
        if slug and slug != hub.slug:
            row_hub = Hub.objects.filter(slug=slug[:120]).first()
            if row_hub is None:
                problem("hub", _("no hub with the slug %(slug)s") % {"slug": repr(slug[:60])})
        elif not slug and not phase:
            row_hub = None
    when = _parse_when(cell("completed_at"))
    if when is _Refused:
        problem("completed_at", _("expected a date and time, ISO 8601 (2024-05-31T14:00:00Z)"))
    answers = parse_answers(definition, cell, problem)
    for error in assessments.scoring.validate(definition, answers):
        problem(_error_column(definition, error),
                f"{error.reason}: {i18n.reason(error.reason)} ({error.message})")
    name = cell("company").strip()
    for k in assessments.NAME_QUESTIONS:
        if not name and isinstance(answers.get(k), str):
            name = answers[k].strip()
    if not name:
        problem("company", "empty: " + _("the company's name is needed (or its profile column)"))
    elif len(name) > 300 or "\x00" in name:
        problem("company", _("at most 300 characters, no NUL"))
    baseline = cell("baseline").strip()
    if baseline and phase != "t1":
        problem("baseline", _("only a T1 has a baseline"))
    if problems:
        report.problems.extend(problems)
        return None
    return _Row(number, external_id, company_key, name, row_hub, definition, phase, baseline,
                when, answers)


def _existing(hub, external_id):
    shared = Assessment.shared_with.through.objects.filter(assessment=OuterRef("pk"), hub=hub)
    return (Assessment.objects.filter(external_id=external_id)
            .filter(Exists(shared)).select_related("company").order_by("pk").first())


def _find_company(row, hub, made) -> Company | None:
    """The company of a row: one made earlier in this import, or the hub's customer with
    the row's company_key (without one: an imported customer, no members, of that name)."""
    if row.company_key:
        if row.company_key in made:
            return made[row.company_key]
        return privacy.hub_companies(hub).filter(key=row.company_key).order_by("pk").first()
    return (privacy.hub_companies(hub).filter(name__iexact=row.company, members__isnull=True)
            .order_by("pk").first())


def _new_company(row, user) -> Company:
    country = row.answers.get("country")
    return Company.objects.create(
        name=row.company[:300], key=row.company_key or new_key(), created_by=user,
        country=country if isinstance(country, str) and len(country) == 2 else "")


def _baseline(row, hub, company, report):
    if not row.baseline:
        if row.phase == "t1" and company is not None:
            return assessments.latest_t0(company, row.hub)
        return None
    found = _existing(hub, row.baseline)
    if found is None or company is None or found.company_id != company.pk or found.phase != "t0" \
            or not found.is_complete:
        report.problems.append(Problem(
            row.number, "baseline", _("%(key)s is not a completed T0 of the same company in "
                                      "this hub's assessments")
            % {"key": repr(row.baseline[:64])}))
        raise _Refused
    return found


def _same(a, row) -> bool:
    return (a.questionnaire == row.definition.key and a.version == row.definition.version
            and a.phase == row.phase
            and answer_cells(row.definition, a.answers)
            == answer_cells(row.definition, row.answers))


def _write(row, hub, user, report, made):
    existing = _existing(hub, row.external_id)
    if existing is not None:
        if _same(existing, row):
            report.unchanged += 1
            return
        if not existing.imported:
            report.problems.append(Problem(
                row.number, "external_id", _("an assessment with this key was answered in "
                                             "dihub: the file does not change it")))
            return
    steps = len(assessments.steps(row.definition))
    company = existing.company if existing else _find_company(row, hub, made)
    try:
        baseline = _baseline(row, hub, company, report)
    except _Refused:
        return
    with transaction.atomic():
        if company is None:
            company = _new_company(row, user)
        a = existing or Assessment(company=company, external_id=row.external_id,
                                   imported=True, created_by=user)
        a.questionnaire, a.version = row.definition.key, row.definition.version
        a.answers, a.phase, a.hub, a.step = row.answers, row.phase, row.hub, steps - 1
        a.baseline = baseline
        assessments.store_scores(a, row.definition)
        if row.completed_at is not None or a.completed_at is None:
            a.completed_at = row.completed_at or datetime.now(UTC)
        a.save()
        a.shared_with.add(hub)
    if row.company_key:
        made[row.company_key] = company
    if existing:
        report.updated += 1
    else:
        report.created += 1


def import_csv(data, hub, user=None) -> Report:
    """Import a CSV file (bytes or text) for `hub`: new assessments are completed, shared
    with the hub, of companies made for them (or the hub's customers of the same
    company_key). A row whose external_id the hub already sees is left alone when
    unchanged, updated when it came from an import, refused when it was answered in dihub."""
    report = Report()
    if isinstance(data, bytes):
        if len(data) > MAX_BYTES:
            report.problems.append(Problem(1, "", _("the file is larger than %(n)s MB")
                                           % {"n": MAX_BYTES // (1024 * 1024)}))
            return report
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            report.problems.append(Problem(1, "", _("not UTF-8 text: save the file as CSV "
                                             "UTF-8")))
            return report
    if "\x00" in data or re.search("[\ud800-\udfff]", data):
        report.problems.append(Problem(1, "", _("the file holds a NUL character or a "
                                         "lone surrogate: not a text CSV file")))
        return report
    rows = _read(data, hub, report)
    made = {}
    for row in sorted(rows, key=lambda r: (r.phase == "t1", r.number)):
        _write(row, hub, user, report, made)
    report.problems.sort(key=lambda p: (p.row, p.column))
    return report
