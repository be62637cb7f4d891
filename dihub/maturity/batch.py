"""Scoring many assessments at once with numpy. No Django.

An assessment is a row of small whole numbers, one column per scored column of the
definition (`layout(definition).columns`, the CSV column names, e.g. sme_m2_1_1_invested),
in the definition's order:

    checkbox item, matrix cell    0 or 1 (ticked)
    scale item                    0..5
    ternary item                  0, 1, 2 (no, partially, yes)

An unanswered item is 0, as in scoring.py. `encode()` turns answers into rows, `decode()`
rows into answers, `score_batch()` scores an (n, columns) integer array and gives, for each
row, the very same floats as scoring.score() on its answers: the same rules as whole
numbers (scoring.plan), products and sums of whole numbers are exact in float64, and each
score is one division, correctly rounded on both paths.
"""

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .loader import SCALE_TOP, TERNARY, Questionnaire
from .scoring import LEVELS, TERNARY_POINTS, InvalidAnswers, plan, validate

LEVEL_KEYS = tuple(key for key, _, _ in LEVELS)
_BOUNDS = np.array([top for _, _, top in LEVELS[:-1]], dtype=np.float64)
CHUNK = 1 << 16  # rows scored at a time: bounds the memory of the float copy


@dataclass(frozen=True, eq=False)
class Layout:
    columns: tuple[str, ...]
    top: np.ndarray  # (columns,) the highest value of each column: 1, 5 or 2
    question: np.ndarray  # (columns,) index of the column's question in plan().questions
    earns: np.ndarray  # (columns, questions) float32: 1 where the column's value is points
    exclusive: tuple[tuple[int, np.ndarray], ...]  # (column, the other columns of its question)
    slots: dict  # (question key, item key, cell or None) -> column index
    # (questions + exclusive items, columns) float32: the rows of earns, then one row per
    # exclusive item, 1 for the other columns of its question. sums @ x.T: the points of
    # each question, then the other ticks of each exclusive item (BLAS is faster this way
    # round than x @ sums.T)
    sums: np.ndarray


@lru_cache(maxsize=32)
def layout(definition: Questionnaire) -> Layout:
    p = plan(definition)
    columns, top, question, earns, exclusive, slots = [], [], [], [], [], {}
    for qi, q in enumerate(p.questions):
        first = len(columns)
        for item in q.items:
            cells = q.cells if q.type == "matrix" else (None,)
            for cell in cells:
                slots[(q.key, item.key, cell)] = len(columns)
                columns.append(f"{item.column}_{cell}" if cell else item.column)
                top.append({"scale": SCALE_TOP, "ternary": len(TERNARY) - 1}.get(q.type, 1))
                question.append(qi)
                earns.append(q.type != "checkbox" or item.scoring)
        for item in q.items:
            if q.type == "checkbox" and item.exclusive:
                col = slots[(q.key, item.key, None)]
                others = [c for c in range(first, len(columns)) if c != col]
                exclusive.append((col, np.array(others, dtype=np.intp)))
    matrix = np.zeros((len(columns), len(p.questions)), dtype=np.float32)
    matrix[np.arange(len(columns)), question] = np.array(earns, dtype=np.float32)
    others = np.zeros((len(columns), len(exclusive)), dtype=np.float32)
    for k, (_, cols) in enumerate(exclusive):
        others[cols, k] = 1
    return Layout(columns=tuple(columns), top=np.array(top, dtype=np.int8),
                  question=np.array(question, dtype=np.intp), earns=matrix,
                  exclusive=tuple(exclusive), slots=slots,
                  sums=np.ascontiguousarray(np.concatenate([matrix, others], axis=1).T))


def encode(definition: Questionnaire, many) -> np.ndarray:
    """An (n, columns) int8 array of n answers; InvalidAnswers (with .row) for the first
    invalid one."""
    lay = layout(definition)
    out = np.zeros((len(many), len(lay.columns)), dtype=np.int8)
    for row, answers in enumerate(many):
        if errors := validate(definition, answers):
            exc = InvalidAnswers(errors)
            exc.row = row
            raise exc
        for qkey, answer in answers.items():
            q = definition.question(qkey)
            if answer is None or not q.scored:
                continue
            if q.type == "checkbox":
                for item in answer:
                    out[row, lay.slots[(qkey, item, None)]] = 1
            elif q.type == "matrix":
                for item, cells in answer.items():
                    for cell in cells or ():
                        out[row, lay.slots[(qkey, item, cell)]] = 1
            else:
                for item, value in answer.items():
                    if value is not None:
                        out[row, lay.slots[(qkey, item, None)]] = (
                            value if q.type == "scale" else TERNARY_POINTS[value])
    return out


def decode(definition: Questionnaire, row) -> dict:
    """The answers of one row: what encode() would turn back into that row (a question with
    nothing ticked or above 0 is left out, as unanswered)."""
    lay = layout(definition)
    answers = {}
    for (qkey, item, cell), col in lay.slots.items():
        value = int(row[col])
        if not value:
            continue
        q = definition.question(qkey)
        if q.type == "checkbox":
            answers.setdefault(qkey, []).append(item)
        elif q.type == "matrix":
            answers.setdefault(qkey, {}).setdefault(item, []).append(cell)
        elif q.type == "scale":
            answers.setdefault(qkey, {})[item] = value
        else:
            answers.setdefault(qkey, {})[item] = TERNARY[value]
    return answers


@dataclass(frozen=True)
class Problem:
    row: int
    column: str
    reason: str  # "out_of_range" or "exclusive_with_others", as in scoring.REASONS


class InvalidBatch(ValueError):
    """Rows that cannot be scored: .problems lists the first of them, .rows counts them."""

    def __init__(self, problems: list[Problem], rows: int):
        self.problems, self.rows = problems, rows
        shown = "; ".join(f"row {p.row} {p.column}: {p.reason}" for p in problems[:5])
        super().__init__(f"{rows} invalid row(s): {shown}")


def _bad_rows(lay: Layout, x: np.ndarray, sums=None) -> tuple[np.ndarray, np.ndarray]:
    """(rows out of range, rows with an exclusive item ticked with another) of one chunk;
    sums: lay.sums @ x.T, when already computed."""
    if x.dtype == np.int8:  # a negative int8 is above 127 as uint8: one comparison
        over = x.view(np.uint8) > lay.top
    else:
        over = (x < 0) | (x > lay.top)
    # one pass over the whole chunk first: a row-wise any() is slower, and rarely needed
    out = over.any(axis=1) if over.any() else np.zeros(len(x), dtype=bool)
    clash = np.zeros(len(x), dtype=bool)
    nq = lay.earns.shape[1]
    for k, (col, others) in enumerate(lay.exclusive):
        ticked_others = (sums[nq + k] > 0) if sums is not None else (
            (x[:, others] != 0).any(axis=1))
        clash |= (x[:, col] != 0) & ticked_others
    return out, clash


def check(definition: Questionnaire, x: np.ndarray, limit: int = 20) -> list[Problem]:
    """The problems of the first `limit` invalid rows ([] when every row can be scored)."""
    lay, x = layout(definition), _array(definition, x)
    problems = []
    for start in range(0, len(x), CHUNK):
        part = x[start:start + CHUNK]
        out, clash = _bad_rows(lay, part)
        for row in np.flatnonzero(out | clash):
            if len(problems) >= limit:
                return problems
            values = part[row]
            for col in np.flatnonzero((values < 0) | (values > lay.top)):
                problems.append(Problem(start + int(row), lay.columns[col], "out_of_range"))
            for col, others in lay.exclusive:
                if values[col] and values[others].any():
                    problems.append(Problem(start + int(row), lay.columns[col],
                                            "exclusive_with_others"))
    return problems


def _array(definition: Questionnaire, x) -> np.ndarray:
    x = np.asarray(x)
    width = len(layout(definition).columns)
    if x.ndim != 2 or x.shape[1] != width:
        raise ValueError(f"expected an (n, {width}) array for {definition.key} "
                         f"v{definition.version}, got shape {x.shape}")
    if not np.issubdtype(x.dtype, np.integer):
        raise ValueError(f"expected whole numbers, got {x.dtype}")
    return x


@dataclass(frozen=True)
class BatchScores:
    overall: np.ndarray  # (n,) 0-100
    level: np.ndarray  # (n,) int8, index into LEVELS / LEVEL_KEYS
    dimensions: np.ndarray  # (n, dimensions) 0-100, in the definition's order
    questions: np.ndarray  # (n, questions) 0-10
    points: np.ndarray  # (n, questions) int32
    dimension_keys: tuple[str, ...]
    question_keys: tuple[str, ...]

    def dimension_levels(self) -> np.ndarray:
        return levels(self.dimensions)


def levels(scores: np.ndarray) -> np.ndarray:
    """Level index of each score; a boundary (25, 50, 75) belongs to the lower level."""
    return np.searchsorted(_BOUNDS, scores, side="left").astype(np.int8)


def score_batch(definition: Questionnaire, x) -> BatchScores:
    """Scores of every row of x (see the module's docstring); InvalidBatch when a row
    has a value out of range or an exclusive item ticked with another."""
    p, lay, x = plan(definition), layout(definition), _array(definition, x)
    nq, nd = len(p.questions), len(p.dimension_keys)
    weights = np.zeros((nq, nd), dtype=np.float64)
    for d, pairs in enumerate(p.dimension_weights):
        for i, w in pairs:
            weights[i, d] = w
    top = np.array(p.top, dtype=np.float64)
    dim_den = np.array(p.dimension_den, dtype=np.float64)
    overall_w = np.array(p.overall_weights, dtype=np.float64)

    n = len(x)
    pts = np.empty((nq, n), dtype=np.int32)  # one row per question: contiguous below
    bad_count, problems = 0, []
    for start in range(0, n, CHUNK):
        part = x[start:start + CHUNK]
        # points of each question, then the other ticks of each exclusive item: sums of
        # small whole numbers, exact in float32
        sums = lay.sums @ part.astype(np.float32).T
        out, clash = _bad_rows(lay, part, sums)
        if (bad := out | clash).any():
            bad_count += int(bad.sum())
            if not problems:
                problems = check(definition, x[start:], limit=20)
                problems = [Problem(pr.row + start, pr.column, pr.reason) for pr in problems]
            continue
        pts[:, start:start + len(part)] = sums[:nq]
    if bad_count:
        raise InvalidBatch(problems, bad_count)
    got = pts.astype(np.float64)
    questions = 10 * got / top[:, None]
    num = weights.T @ got  # (dimensions, n) whole numbers below 2**53: exact
    dimensions = 100 * num / dim_den[:, None]
    overall = 100 * (overall_w @ num) / p.overall_den
    # (n, questions) and (n, dimensions) views of the row-per-question arrays
    return BatchScores(overall=overall, level=levels(overall), dimensions=dimensions.T,
                       questions=questions.T, points=pts.T, dimension_keys=p.dimension_keys,
                       question_keys=tuple(q.key for q in p.questions))
