"""Properties of the scoring, checked by hypothesis on both questionnaires."""

import copy

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dihub.maturity import batch, loader
from dihub.maturity.loader import SCALE_TOP, TERNARY
from dihub.maturity.scoring import InvalidAnswers, score, validate

from .strategies import answers, json_values, near_answers

DEFINITIONS = [loader.get("sme", 1), loader.get("public", 1)]
both = pytest.mark.parametrize("definition", DEFINITIONS, ids=lambda d: d.key)


def all_scores(result):
    return ([result.overall] + [d.score for d in result.dimensions]
            + [q.score for q in result.questions])


def top_answers(definition):
    """Every item ticked (exclusive ones left out), every cell, every scale at 5, every yes."""
    out = {}
    for q in definition.scored_questions:
        if q.type == "checkbox":
            out[q.key] = [i.key for i in q.items if not i.exclusive]
        elif q.type == "matrix":
            out[q.key] = {i.key: list(q.cells) for i in q.items}
        else:
            out[q.key] = {i.key: SCALE_TOP if q.type == "scale" else "yes" for i in q.items}
    return out


@both
@given(data=st.data())
def test_scores_stay_within_their_ranges(definition, data):
    result = score(definition, data.draw(answers(definition)))
    assert 0 <= result.overall <= 100
    assert all(0 <= d.score <= 100 for d in result.dimensions)
    assert all(0 <= q.score <= 10 for q in result.questions)
    assert result.level in {"basic", "average", "moderately_advanced", "advanced"}


def one_more(definition, answers_, data):
    """The answers with one more tick, cell, scale step or half-point, or None when the
    drawn question is already at its top (or holds its exclusive item)."""
    q = data.draw(st.sampled_from(definition.scored_questions))
    raised = copy.deepcopy(answers_)
    current = raised.get(q.key)
    if q.type == "checkbox":
        current = current or []
        if any(q.item(k).exclusive for k in current):
            return None
        free = [i.key for i in q.items if not i.exclusive and i.key not in current]
        if not free:
            return None
        raised[q.key] = current + [data.draw(st.sampled_from(free))]
    elif q.type == "matrix":
        current = current or {}
        free = [(i.key, c) for i in q.items for c in q.cells if c not in (current.get(i.key) or [])]
        if not free:
            return None
        area, cell = data.draw(st.sampled_from(free))
        raised[q.key] = {**current, area: (current.get(area) or []) + [cell]}
    else:
        current = current or {}
        item = data.draw(st.sampled_from([i.key for i in q.items]))
        if q.type == "scale":
            now = current.get(item) or 0
            if now == SCALE_TOP:
                return None
            raised[q.key] = {**current, item: data.draw(st.integers(now + 1, SCALE_TOP))}
        else:
            now = TERNARY.index(current.get(item) or "no")
            if now == len(TERNARY) - 1:
                return None
            raised[q.key] = {**current, item: data.draw(st.sampled_from(TERNARY[now + 1:]))}
    return raised


@both
@given(data=st.data())
def test_one_more_tick_or_a_higher_scale_never_lowers_any_score(definition, data):
    before = data.draw(answers(definition))
    after = one_more(definition, before, data)
    if after is None:
        return
    low, high = score(definition, before), score(definition, after)
    assert all(h >= lo for h, lo in zip(all_scores(high), all_scores(low), strict=True))
    assert sum(q.points for q in high.questions) > sum(q.points for q in low.questions)
    assert high.overall > low.overall  # every point counts for something


@both
def test_everything_at_the_top_gives_100_everywhere(definition):
    result = score(definition, top_answers(definition))
    assert result.overall == 100 and result.level == "advanced"
    assert [d.score for d in result.dimensions] == [100] * len(definition.dimensions)
    assert {q.score for q in result.questions} == {10}


@both
def test_nothing_answered_gives_zero(definition):
    result = score(definition, {})
    assert all_scores(result) == [0] * len(all_scores(result))


@both
@settings(max_examples=60)
@given(data=st.data())
def test_the_batch_scorer_gives_the_very_same_floats(definition, data):
    many = data.draw(st.lists(answers(definition), min_size=1, max_size=12))
    found = batch.score_batch(definition, batch.encode(definition, many))
    for row, a in enumerate(many):
        one = score(definition, a)
        assert found.overall[row] == one.overall
        assert batch.LEVEL_KEYS[found.level[row]] == one.level
        assert list(found.dimensions[row]) == [d.score for d in one.dimensions]
        assert [batch.LEVEL_KEYS[i] for i in found.dimension_levels()[row]] == [
            d.level for d in one.dimensions]
        assert list(found.questions[row]) == [q.score for q in one.questions]
        assert list(found.points[row]) == [q.points for q in one.questions]


@both
@settings(max_examples=50)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(1, 300))
def test_random_arrays_score_alike_on_both_paths(definition, seed, n):
    """From arrays: decode each row to answers, score it alone, compare with the batch."""
    lay = batch.layout(definition)
    rng = np.random.default_rng(seed)
    x = (rng.random((n, len(lay.columns))) * (lay.top + 1)).astype(np.int8)
    for col, _ in lay.exclusive:  # an exclusive item stays alone
        x[:, col] = 0
    found = batch.score_batch(definition, x)
    for row in range(0, n, max(1, n // 10)):
        one = score(definition, batch.decode(definition, x[row]))
        assert found.overall[row] == one.overall
        assert list(found.dimensions[row]) == [d.score for d in one.dimensions]
        assert (batch.encode(definition, [batch.decode(definition, x[row])])[0] == x[row]).all()


@both
@given(value=json_values)
def test_any_json_is_validated_without_crashing(definition, value):
    errors = validate(definition, value)
    assert isinstance(errors, list)
    if errors:
        with pytest.raises(InvalidAnswers):
            score(definition, value)
    else:
        assert 0 <= score(definition, value).overall <= 100


@both
@given(data=st.data())
def test_near_misses_are_validated_or_scored_never_crash(definition, data):
    value = data.draw(near_answers(definition))
    errors = validate(definition, value)
    assert all(e.reason and e.message for e in errors)
    if not errors:
        assert 0 <= score(definition, value).overall <= 100
