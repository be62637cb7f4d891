"""The DMA API, stateless (nothing is stored):

    GET  /api/maturity/questionnaires              each questionnaire: key, version, title
    GET  /api/maturity/questionnaires/{key}        the current definition (?version=N: that one)
    POST /api/maturity/score                       {questionnaire, version?, answers} -> scores

and, from api_assessments.py, the stored assessments (a person is needed), the hubs'
T0/T1 progress and the public aggregates.

An unknown questionnaire or version answers 404 {"detail"}; a bad ?version= 400 {"detail",
"param", "suggestions"}, as the search API answers a bad parameter. The score's body is
read by hand, so that any body answers 4xx with {"detail", "errors": [{question, item,
reason, message}]}, never 500: 400 when the body itself cannot be used (not JSON, not an
object, unknown questionnaire...), 422 when the answers break the definition. See
docs/maturity.md.
"""

import json

from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from dihub.schemas import BadRequest, Message

from . import i18n, loader, scoring
from .api_assessments import router as assessments_router

router = Router(tags=["maturity"])
MAX_ERRORS = 100  # errors listed in one answer; detail says how many there were
BODY_FIELDS = ("questionnaire", "version", "answers")


class QuestionnaireRef(Schema):
    key: str
    version: int
    title: str
    versions: list[int]


class ItemOut(Schema):
    key: str
    label: str
    column: str
    exclusive: bool
    negative: bool
    columns: list[str] | None = None


class OptionOut(Schema):
    key: str
    label: str


class QuestionOut(Schema):
    key: str
    type: str
    text: str
    help: str
    dimension: str | None
    column: str | None
    items: list[ItemOut] | None = None
    cells: list[str] | None = None
    labels: list[str] | None = None
    values: list[int | str] | None = None
    options: list[OptionOut] | None = None
    required: bool | None = None
    max_length: int | None = None
    pattern: str | None = None
    max_points: int


class DimensionOut(Schema):
    key: str
    name: str
    description: str
    rule: str
    questions: list[QuestionOut]


class ModuleOut(Schema):
    key: str
    title: str
    description: str
    scored: bool
    dimensions: list[DimensionOut]
    questions: list[QuestionOut]


class DefinitionOut(Schema):
    key: str
    version: int
    title: str
    description: str
    language: str
    modules: list[ModuleOut]


class AnswerErrorOut(Schema):
    question: str | None
    item: str | None
    reason: str
    message: str


class ScoreErrors(Schema):
    detail: str
    errors: list[AnswerErrorOut]


class DimensionScoreOut(Schema):
    key: str
    name: str
    score: float
    level: str
    level_name: str


class QuestionScoreOut(Schema):
    key: str
    dimension: str
    score: float
    points: int
    max_points: int
    answered: bool


class ScoreOut(Schema):
    questionnaire: str
    version: int
    overall: float
    level: str
    level_name: str
    dimensions: list[DimensionScoreOut]
    questions: list[QuestionScoreOut]


SCORE_BODY = {"requestBody": {"required": True, "content": {"application/json": {"schema": {
    "type": "object",
    "required": ["questionnaire", "answers"],
    "properties": {
        "questionnaire": {"type": "string", "enum": loader.keys()},
        "version": {"type": ["integer", "null"], "minimum": 1,
                    "description": "default: the current version"},
        "answers": {"type": "object", "description": "question key -> answer; see "
                    "docs/maturity.md (checkbox: list of item keys; matrix: area -> list "
                    "of cells; scale: item -> 0..5; ternary: item -> no|partially|yes)"},
    },
    "additionalProperties": False,
}}}}}


@router.get("/questionnaires", response={200: list[QuestionnaireRef]},
            summary="DMA questionnaires", url_name="maturity-questionnaires")
def questionnaires(request):
    """Each questionnaire once: its key, current version, title (in the language of the
    request), and every version kept."""
    return i18n.available()


@router.get("/questionnaires/{key}",
            response={200: DefinitionOut, 400: BadRequest, 404: Message},
            summary="One questionnaire's definition", url_name="maturity-questionnaire",
            openapi_extra={"parameters": [{
                "in": "query", "name": "version", "required": False,
                "schema": {"type": "integer", "minimum": 1},
                "description": "an older version; default: the current one"}]})
def questionnaire(request, key: str):
    """Modules, dimensions, questions, items with their keys and columns; the words in the
    language of the request (`language` says which), the keys the same in all."""
    raw = request.GET.get("version", "").strip()
    version = None
    if raw:
        if not raw.isascii() or not raw.isdigit() or int(raw) < 1:
            known = [str(v) for v in loader.versions(key)] if _known(key) else []
            return Status(400, {"detail": _("version: expected a positive whole number, got "
                                            "%(value)s") % {"value": repr(raw[:20])},
                                "param": "version", "suggestions": known})
        version = int(raw) if len(raw) <= 9 else 10**9  # no such version: 404
    try:
        return i18n.localize(loader.get(key, version)).to_dict()
    except loader.UnknownQuestionnaire as exc:
        raise HttpError(404, str(exc)) from None


def _known(key) -> bool:
    return any(k == key for k, _ in loader.catalogue())


def _refuse(status: int, reason: str, message: str, question=None):
    return Status(status, {"detail": message, "errors": [
        {"question": question, "item": None, "reason": reason, "message": message}]})


@router.post("/score", response={200: ScoreOut, 400: ScoreErrors, 422: ScoreErrors},
             summary="Score answers (nothing stored)", url_name="maturity-score",
             openapi_extra=SCORE_BODY)
def score(request):
    """The overall score and level, each dimension's, and each question's 0-10 score."""
    try:
        body = json.loads(request.body)
    except (ValueError, RecursionError):
        return _refuse(400, "not_json", _("the body is not JSON"))
    if not isinstance(body, dict):
        return _refuse(400, "wrong_type", _("the body: expected an object with questionnaire "
                                            "and answers, got %(type)s") % {
            "type": _json_type(body)})
    if unknown := [k for k in body if k not in BODY_FIELDS]:
        shown = ", ".join(repr(k)[:40] for k in unknown[:5])
        return _refuse(400, "unknown_field", _("unknown field(s) %(fields)s; expected "
                                               "%(expected)s") % {
            "fields": shown, "expected": ", ".join(BODY_FIELDS)})
    key, version = body.get("questionnaire"), body.get("version")
    if not isinstance(key, str):
        return _refuse(400, "missing" if key is None else "wrong_type",
                       _("questionnaire: expected a questionnaire key, e.g. sme"))
    if isinstance(version, float) and version.is_integer():
        version = int(version)  # 2.0 is a whole number in JSON
    if version is not None and (isinstance(version, bool) or not isinstance(version, int)):
        return _refuse(400, "wrong_type", _("version: expected a whole number or null"))
    try:
        definition = i18n.localize(loader.get(key, version))
    except loader.UnknownQuestionnaire as exc:
        return _refuse(400, "unknown_questionnaire", str(exc))
    if "answers" not in body:
        return _refuse(400, "missing", _("answers: expected an object keyed by question"))
    errors = scoring.validate(definition, body["answers"])
    if errors:
        shown = errors[:MAX_ERRORS]
        return Status(422 if isinstance(body["answers"], dict) else 400, {
            "detail": i18n.invalid_answers(errors, MAX_ERRORS),
            "errors": [e.to_dict() for e in shown]})
    return localized_scores(scoring.score(definition, body["answers"]).to_dict())


def localized_scores(out: dict) -> dict:
    """Scores.to_dict() with the level names in the language of the request."""
    out["level_name"] = i18n.level_name(out["level"])
    for d in out["dimensions"]:
        d["level_name"] = i18n.level_name(d["level"])
    return out


# the stored assessments, hubs' progress and the public aggregates (api_assessments.py)
router.add_router("", assessments_router)


def _json_type(value) -> str:
    return {list: _("an array"), str: _("a string"), bool: _("a boolean"),
            type(None): "null", int: _("a number"), float: _("a number")}.get(
        type(value), type(value).__name__)
