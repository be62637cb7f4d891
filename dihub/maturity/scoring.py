"""Scoring one assessment: plain functions on plain data. No Django, no numpy.

    errors = validate(definition, answers)   # [] when the answers can be scored
    result = score(definition, answers)      # raises InvalidAnswers when errors != []

Answers are JSON-like, keyed by question key (docs/maturity.md, "Answers"):

    {"q1": {"product_design": ["invested", "planned"], "delivery": ["planned"]},   # matrix
     "q2": ["funding", "management"],                                          # checkbox
     "q4": {"cad_cam": 3, "iot": 5},                                           # scale 0-5
     "q11": {"procurement": "partially"},                                      # ternary
     "company_name": "Acme", "size_class": "small"}                            # profile

The rules (each a ratio of whole numbers, computed exactly and rounded once):

- a question scores 0-10: its points over its top points, times 10. A tick, a matrix cell,
  a scale step and a half-point of no/partially/yes (0/1/2 half-points) each earn one
  point. A checkbox's exclusive or negative item earns nothing and is not in the top;
- a dimension scores 0-100: the sum of its questions' scores over 10 x their number,
  times 100 (rule "sum"), or, for the strategy dimensions (rule "pooled"), the points of
  all its questions over all their top points, times 100: 20 matrix cells and 10
  readiness ticks of the SME questionnaire count alike, out of 30;
- overall: the mean of the dimensions;
- level: Basic when the score is at most 25, Average above 25 up to 50, Moderately
  advanced above 50 up to 75, Advanced above 75 (a boundary belongs to the lower level);
- an unanswered question (absent or null), item or cell earns 0.

batch.py scores many assessments at once with numpy, with the same integer weights
(`plan()`), and gives the very same floats.
"""

import math
import re
from dataclasses import dataclass
from functools import lru_cache

from .loader import SCALE_TOP, TERNARY, Question, Questionnaire

LEVELS = (  # (key, name, highest score of the level)
    ("basic", "Basic", 25),
    ("average", "Average", 50),
    ("moderately_advanced", "Moderately advanced", 75),
    ("advanced", "Advanced", 100),
)
LEVEL_NAMES = {key: name for key, name, _ in LEVELS}
TERNARY_POINTS = {value: n for n, value in enumerate(TERNARY)}  # no 0, partially 1, yes 2

# the reasons an answer is refused (AnswerError.reason)
REASONS = {
    "wrong_type": "the answer is not of the question's type",
    "unknown_question": "no such question in this questionnaire and version",
    "unknown_item": "no such item in the question",
    "unknown_value": "not one of the values the question or item allows",
    "duplicate_item": "the same item or cell is given twice",
    "not_an_integer": "a scale item is answered with a whole number",
    "out_of_range": f"a scale item is answered 0 to {SCALE_TOP}",
    "exclusive_with_others": "an exclusive item is ticked together with another item",
    "too_long": "the text is longer than the question allows",
    "bad_format": "the text does not have the form the question asks for",
}


def level(score: float) -> str:
    """The level key of a 0-100 score; a boundary (25, 50, 75) belongs to the lower level."""
    for key, _, top in LEVELS[:-1]:
        if score <= top:
            return key
    return LEVELS[-1][0]


# -- validation ------------------------------------------------------------------------------

@dataclass(frozen=True)
class AnswerError:
    question: str | None  # None: the answers as a whole
    item: str | None
    reason: str  # a key of REASONS
    message: str

    def to_dict(self) -> dict:
        return {"question": self.question, "item": self.item, "reason": self.reason,
                "message": self.message}


class InvalidAnswers(ValueError):
    """Answers that cannot be scored; .errors lists every problem."""

    def __init__(self, errors: list[AnswerError]):
        self.errors = list(errors)
        first = "; ".join(e.message for e in self.errors[:3])
        more = f" (and {len(self.errors) - 3} more)" if len(self.errors) > 3 else ""
        super().__init__(f"{len(self.errors)} invalid answer(s): {first}{more}")


def _show(value, limit=40) -> str:
    try:
        text = repr(value)
    except ValueError:  # an int too long to print
        text = f"<{type(value).__name__}>"
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def validate(definition: Questionnaire, answers) -> list[AnswerError]:
    """Every problem of the answers, in the order of the answers; [] when they can be scored.

    Only what is given is checked: an unanswered question is not an error (it scores 0).
    """
    if not isinstance(answers, dict):
        return [AnswerError(None, None, "wrong_type",
                            f"answers: expected an object keyed by question, got "
                            f"{type(answers).__name__}")]
    errors: list[AnswerError] = []
    for key, answer in answers.items():
        question = definition.question(key)
        if question is None:
            errors.append(AnswerError(
                str(key), None, "unknown_question",
                f"{_show(key)}: no such question in {definition.key} version "
                f"{definition.version}"))
        elif answer is not None:
            errors.extend(_CHECKS[question.type](question, answer))
    return errors


def _wrong_type(q: Question, expected: str, answer) -> AnswerError:
    return AnswerError(q.key, None, "wrong_type",
                       f"{q.key} ({q.type}): expected {expected}, got {type(answer).__name__}")


def _item_error(q: Question, item, reason: str, message: str) -> AnswerError:
    key = item if isinstance(item, str) else None
    return AnswerError(q.key, key, reason, f"{q.key}.{item if key else _show(item)}: {message}")


def _check_keyed(q: Question, answer, expected: str, check_value) -> list[AnswerError]:
    """An object of item key -> value (matrix, scale, ternary)."""
    if not isinstance(answer, dict):
        return [_wrong_type(q, expected, answer)]
    errors = []
    for item, value in answer.items():
        if q.item(item) is None:
            errors.append(_item_error(q, item, "unknown_item", "no such item"))
        elif value is not None:
            errors.extend(check_value(item, value))
    return errors


def _check_checkbox(q: Question, answer) -> list[AnswerError]:
    if not isinstance(answer, list):
        return [_wrong_type(q, "a list of item keys", answer)]
    errors, seen = [], {}  # a dict keeps the order of the answer
    for item in answer:
        if not isinstance(item, str):
            errors.append(AnswerError(q.key, None, "wrong_type",
                                      f"{q.key}: expected item keys, got {_show(item)}"))
        elif q.item(item) is None:
            errors.append(_item_error(q, item, "unknown_item", "no such item"))
        elif item in seen:
            errors.append(_item_error(q, item, "duplicate_item", "ticked twice"))
        else:
            seen[item] = True
    if len(seen) > 1:
        for item in seen:
            if q.item(item).exclusive:
                others = ", ".join(k for k in seen if k != item)
                errors.append(_item_error(q, item, "exclusive_with_others",
                                          f"cannot be ticked with another item ({others})"))
    return errors


def _check_matrix(q: Question, answer) -> list[AnswerError]:
    cells = ", ".join(q.cells)

    def check(item, value):
        if not isinstance(value, list):
            return [_item_error(q, item, "wrong_type",
                                f"expected a list of cells ({cells}), got "
                                f"{type(value).__name__}")]
        errors, seen = [], set()
        for cell in value:
            if not isinstance(cell, str) or cell not in q.cells:
                errors.append(_item_error(q, item, "unknown_value",
                                          f"{_show(cell)} is not a cell; expected {cells}"))
            elif cell in seen:
                errors.append(_item_error(q, item, "duplicate_item", f"{cell} given twice"))
            else:
                seen.add(cell)
        return errors

    return _check_keyed(q, answer, f"an object of area -> list of cells ({cells})", check)


def _check_scale(q: Question, answer) -> list[AnswerError]:
    def check(item, value):
        if not _is_int(value):
            return [_item_error(q, item, "not_an_integer",
                                f"expected a whole number 0 to {SCALE_TOP}, got {_show(value)}")]
        if not 0 <= value <= SCALE_TOP:
            return [_item_error(q, item, "out_of_range",
                                f"{_show(value)} is outside 0 to {SCALE_TOP}")]
        return []

    return _check_keyed(q, answer, f"an object of item -> 0 to {SCALE_TOP}", check)


def _check_ternary(q: Question, answer) -> list[AnswerError]:
    values = ", ".join(TERNARY)

    def check(item, value):
        if not isinstance(value, str) or value not in TERNARY_POINTS:
            return [_item_error(q, item, "unknown_value",
                                f"expected one of {values}, got {_show(value)}")]
        return []

    return _check_keyed(q, answer, f"an object of item -> {values}", check)


def _check_text(q: Question, answer) -> list[AnswerError]:
    if not isinstance(answer, str):
        return [_wrong_type(q, "a string", answer)]
    if _UNSTORABLE.search(answer):  # PostgreSQL refuses NUL; UTF-8 has no lone surrogate
        return [AnswerError(q.key, None, "bad_format",
                            f"{q.key}: contains a NUL character or a lone surrogate")]
    if q.max_length is not None and len(answer) > q.max_length:
        return [AnswerError(q.key, None, "too_long",
                            f"{q.key}: {len(answer)} characters, at most {q.max_length}")]
    if q.pattern and answer and not _pattern(q.pattern).fullmatch(answer):
        return [AnswerError(q.key, None, "bad_format",
                            f"{q.key}: {_show(answer)} does not match {q.pattern}")]
    return []


def _check_choice(q: Question, answer) -> list[AnswerError]:
    if not isinstance(answer, str):
        return [_wrong_type(q, "an option key", answer)]
    if answer not in q.option_keys:
        shown = ", ".join(q.option_keys)
        return [AnswerError(q.key, None, "unknown_value",
                            f"{q.key}: {_show(answer)} is not an option; expected {shown}")]
    return []


_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


@lru_cache(maxsize=64)
def _pattern(pattern: str) -> re.Pattern:
    return re.compile(pattern)


_CHECKS = {"checkbox": _check_checkbox, "matrix": _check_matrix, "scale": _check_scale,
           "ternary": _check_ternary, "text": _check_text, "choice": _check_choice}


# -- the integer plan ------------------------------------------------------------------------

@dataclass(frozen=True)
class Plan:
    """The scoring rules of one definition as whole numbers, shared with batch.py.

    question i:  score = 10 * points_i / top[i]
    dimension d: score = 100 * sum(weight * points_i for i, weight in dimension_weights[d])
                         / dimension_den[d]
    overall:     score = 100 * sum(overall_weights[d] * dimension numerator d) / overall_den
    """

    questions: tuple[Question, ...]
    top: tuple[int, ...]
    dimension_keys: tuple[str, ...]
    dimension_names: tuple[str, ...]
    dimension_weights: tuple[tuple[tuple[int, int], ...], ...]
    dimension_den: tuple[int, ...]
    overall_weights: tuple[int, ...]
    overall_den: int


@lru_cache(maxsize=32)
def plan(definition: Questionnaire) -> Plan:
    questions = definition.scored_questions
    index = {q.key: i for i, q in enumerate(questions)}
    top = tuple(q.max_points for q in questions)
    weights, dens = [], []
    for d in definition.dimensions:
        idx = [index[k] for k in d.questions]
        if d.rule == "pooled":  # points over top points, all questions together
            weights.append(tuple((i, 1) for i in idx))
            dens.append(sum(top[i] for i in idx))
        else:  # mean of points_i / top_i  = sum(points_i * (L / top_i)) / (n * L)
            common = math.lcm(*(top[i] for i in idx))
            weights.append(tuple((i, common // top[i]) for i in idx))
            dens.append(len(idx) * common)
    common = math.lcm(*dens)
    overall_den = len(dens) * common
    if 100 * overall_den * max(top) >= 2**53:  # exact in float64, in batch.py too
        raise ValueError(f"{definition.key} v{definition.version}: denominators too large")
    return Plan(
        questions=questions, top=top,
        dimension_keys=tuple(d.key for d in definition.dimensions),
        dimension_names=tuple(d.name for d in definition.dimensions),
        dimension_weights=tuple(weights), dimension_den=tuple(dens),
        overall_weights=tuple(common // den for den in dens), overall_den=overall_den)


# -- scoring ---------------------------------------------------------------------------------

def points(question: Question, answer) -> int:
    """The points of one valid answer (see the module's docstring); None earns 0."""
    if answer is None:
        return 0
    kind = question.type
    if kind == "checkbox":
        return sum(1 for key in answer if question.item(key).scoring)
    if kind == "matrix":
        return sum(len(cells) for cells in answer.values() if cells)
    if kind == "scale":
        return sum(v for v in answer.values() if v is not None)
    if kind == "ternary":
        return sum(TERNARY_POINTS[v] for v in answer.values() if v is not None)
    raise ValueError(f"{question.key}: a {kind} question is not scored")


@dataclass(frozen=True)
class QuestionScore:
    key: str
    dimension: str
    score: float  # 0-10
    points: int
    max_points: int
    answered: bool


@dataclass(frozen=True)
class DimensionScore:
    key: str
    name: str
    score: float  # 0-100
    level: str


@dataclass(frozen=True)
class Scores:
    questionnaire: str
    version: int
    overall: float  # 0-100
    level: str
    dimensions: tuple[DimensionScore, ...]
    questions: tuple[QuestionScore, ...]

    def to_dict(self) -> dict:
        return {
            "questionnaire": self.questionnaire, "version": self.version,
            "overall": self.overall, "level": self.level,
            "level_name": LEVEL_NAMES[self.level],
            "dimensions": [{"key": d.key, "name": d.name, "score": d.score, "level": d.level,
                            "level_name": LEVEL_NAMES[d.level]} for d in self.dimensions],
            "questions": [{"key": q.key, "dimension": q.dimension, "score": q.score,
                           "points": q.points, "max_points": q.max_points,
                           "answered": q.answered} for q in self.questions],
        }


def score(definition: Questionnaire, answers) -> Scores:
    """The scores of one assessment; InvalidAnswers when validate() finds a problem."""
    if errors := validate(definition, answers):
        raise InvalidAnswers(errors)
    p = plan(definition)
    got = [points(q, answers.get(q.key)) for q in p.questions]
    questions = tuple(
        QuestionScore(key=q.key, dimension=q.dimension, score=10 * n / top, points=n,
                      max_points=top, answered=answers.get(q.key) is not None)
        for q, n, top in zip(p.questions, got, p.top, strict=True))
    dimensions, overall_num = [], 0
    for key, name, weights, den, w in zip(p.dimension_keys, p.dimension_names,
                                          p.dimension_weights, p.dimension_den,
                                          p.overall_weights, strict=True):
        num = sum(weight * got[i] for i, weight in weights)
        overall_num += w * num
        value = 100 * num / den
        dimensions.append(DimensionScore(key=key, name=name, score=value, level=level(value)))
    overall = 100 * overall_num / p.overall_den
    return Scores(questionnaire=definition.key, version=definition.version, overall=overall,
                  level=level(overall), dimensions=tuple(dimensions), questions=questions)
