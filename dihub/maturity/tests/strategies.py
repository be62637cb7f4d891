"""Hypothesis strategies: valid answers to a definition, and any JSON at all."""

from hypothesis import strategies as st

from dihub.maturity.loader import SCALE_TOP, TERNARY, Question, Questionnaire


def answer_of(q: Question):
    """A valid answer to one scored question (possibly None: unanswered)."""
    keys = [i.key for i in q.items]
    if q.type == "checkbox":
        free = [i.key for i in q.items if not i.exclusive]
        alone = [i.key for i in q.items if i.exclusive]
        some = st.lists(st.sampled_from(free), unique=True)
        value = st.one_of(some, st.sampled_from(alone).map(lambda k: [k])) if alone else some
    elif q.type == "matrix":
        value = st.dictionaries(st.sampled_from(keys),
                                st.lists(st.sampled_from(q.cells), unique=True))
    elif q.type == "scale":
        value = st.dictionaries(st.sampled_from(keys),
                                st.one_of(st.none(), st.integers(0, SCALE_TOP)))
    else:
        value = st.dictionaries(st.sampled_from(keys),
                                st.one_of(st.none(), st.sampled_from(TERNARY)))
    return st.one_of(st.none(), value)


def answers(definition: Questionnaire):
    """Valid answers to the scored questions, any of them left out."""
    return st.fixed_dictionaries({}, optional={q.key: answer_of(q)
                                               for q in definition.scored_questions})


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False)
    | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=10), inner,
                                                                 max_size=5),
    max_leaves=30,
)


def near_answers(definition: Questionnaire):
    """Answers that look right but may be wrong anywhere: real keys mixed with junk."""
    keys = [q.key for q in definition.questions] + ["q99", ""]
    items = sorted({i.key for q in definition.questions for i in q.items}) + ["nope"]
    leaf = (st.none() | st.booleans() | st.integers(-3, 8) | st.floats(allow_nan=True)
            | st.sampled_from(items + list(TERNARY) + ["invested", "planned"]))
    value = st.recursive(
        leaf, lambda inner: st.lists(inner, max_size=4)
        | st.dictionaries(st.sampled_from(items), inner, max_size=4), max_leaves=12)
    return st.dictionaries(st.sampled_from(keys), value, max_size=6)
