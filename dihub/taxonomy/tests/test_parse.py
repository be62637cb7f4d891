"""The taxonomy cell parser: plain functions, no database."""

import re

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from dihub.taxonomy.parse import TermParser, normalize
from dihub.taxonomy.vocab import KINDS, vocabulary_names

from .test_data import looks_like_programme

EDIH_TECH = vocabulary_names("edih", "technology")
ALL_VOCABULARIES = {
    (vocabulary, kind): vocabulary_names(vocabulary, kind)
    for vocabulary in ("edih", "jrc")
    for kind in KINDS
}


def parse_terms(cell, vocabulary):
    return TermParser(vocabulary).parse(cell)


def join(items):
    """Terms joined the way the EDIH export joins them."""
    return ", ".join(name if level is None else f"{name} - {level}" for name, level in items)


def test_terms_with_levels():
    cell = "Artificial Intelligence & Decision support - 5, Big data - 4"
    parsed = parse_terms(cell, EDIH_TECH)
    assert parsed.terms == [
        ("Artificial Intelligence & Decision support", 5, True),
        ("Big data", 4, True),
    ]
    assert parsed.problems == []


def test_terms_with_a_comma_or_a_dash_inside_are_matched_whole():
    cell = (
        "Micro- and nanoelectronics, optoelectronics - 2, "
        "New technologies for Audio-Visual sector - Media - 5, data - 3, Big data - 1"
    )
    assert parse_terms(cell, EDIH_TECH).terms == [
        ("Micro- and nanoelectronics, optoelectronics", 2, True),
        ("New technologies for Audio-Visual sector - Media", 5, True),
        ("data", 3, True),
        ("Big data", 1, True),
    ]


def test_cells_without_levels():
    parsed = parse_terms("Robotics, Big data", EDIH_TECH)
    assert parsed.terms == [("Robotics", None, True), ("Big data", None, True)]
    assert parsed.problems == []


def test_case_and_spaces_do_not_matter_and_the_vocabulary_spelling_wins():
    parsed = parse_terms("  big   DATA -4 ;ROBOTICS  -  2 ", EDIH_TECH)
    assert parsed.terms == [("Big data", 4, True), ("Robotics", 2, True)]


def test_unknown_terms_are_kept_and_reported():
    parsed = parse_terms("Robotics - 3, Quantum sensing - 4, Big data - 2", EDIH_TECH)
    assert parsed.terms == [
        ("Robotics", 3, True),
        ("Quantum sensing", 4, False),
        ("Big data", 2, True),
    ]
    assert parsed.problems == ["unknown term 'Quantum sensing'"]


def test_an_unknown_term_with_a_comma_stays_whole_when_levels_mark_the_ends():
    parsed = parse_terms("Edge, fog and cloud - 4, Robotics - 1", EDIH_TECH)
    assert parsed.terms == [("Edge, fog and cloud", 4, False), ("Robotics", 1, True)]


def test_unknown_terms_without_levels_split_at_commas():
    parsed = parse_terms("Foo, Robotics, Bar", EDIH_TECH)
    assert parsed.terms == [("Foo", None, False), ("Robotics", None, True), ("Bar", None, False)]


@pytest.mark.parametrize("level", [0, 6, 42])
def test_a_level_out_of_range_is_a_problem_and_the_term_is_kept_without_level(level):
    parsed = parse_terms(f"Robotics - {level}, Big data - 3", EDIH_TECH)
    assert parsed.terms == [("Robotics", None, True), ("Big data", 3, True)]
    assert parsed.problems == [f"'Robotics': level {level} is not between 1 and 5"]


def test_a_repeated_term_is_reported_and_the_first_kept():
    parsed = parse_terms("Robotics - 3, robotics - 5", EDIH_TECH)
    assert parsed.terms == [("Robotics", 3, True)]
    assert parsed.problems == [
        "'Robotics' appears more than once (levels 3 and 5); the first is kept"
    ]


def test_a_level_without_a_term():
    parsed = parse_terms("- 5, Robotics - 2", EDIH_TECH)
    assert parsed.terms == [("Robotics", 2, True)]
    assert parsed.problems == ["level 5 without a term"]


@pytest.mark.parametrize("cell", ["", None, "  ", ", ,", 3.0])
def test_empty_cells(cell):
    parsed = TermParser(EDIH_TECH).parse(cell)
    assert parsed.terms == [] and parsed.problems == []


def test_longest_term_wins():
    parser = TermParser(["Energy", "Energy, fuels and petroleum engineering", "Fuels"])
    assert parser.parse("Energy, fuels and petroleum engineering - 2, Energy - 1").terms == [
        ("Energy, fuels and petroleum engineering", 2, True),
        ("Energy", 1, True),
    ]
    assert parser.parse("Energy - 2, Fuels - 1").terms == [
        ("Energy", 2, True),
        ("Fuels", 1, True),
    ]


def test_semicolons_inside_a_term_match_a_semicolon_or_a_comma():
    parser = TermParser(vocabulary_names("jrc", "sector"))
    name = "Manufacture of pulp, paper and paper products; publishing and printing"
    assert parser.lookup(name.replace(";", ",")) == name
    parsed = parser.parse(f"{name}, Education")
    assert parsed.terms == [(name, None, True), ("Education", None, True)]


def test_normalize():
    assert normalize("  Micro-  and nanoelectronics ,optoelectronics ") == (
        "micro- and nanoelectronics, optoelectronics"
    )


def test_programmes_among_jrc_domains():
    assert looks_like_programme("Erasmus+ programme:Institutional framework for the third mission")
    assert not looks_like_programme("Manufacture of pulp, paper and paper products; publishing")
    assert not looks_like_programme("Life sciences & healthcare")
    assert not looks_like_programme("")


# -- properties ---------------------------------------------------------------------------


def _sequences(names, with_levels):
    level = st.integers(1, 5) if with_levels == "all" else st.none()
    if with_levels == "some":
        level = st.none() | st.integers(1, 5)
    return st.lists(st.tuples(st.sampled_from(names), level), unique_by=lambda t: t[0])


@st.composite
def vocabulary_and_items(draw, with_levels):
    vocabulary, kind = draw(st.sampled_from(sorted(ALL_VOCABULARIES)))
    names = ALL_VOCABULARIES[vocabulary, kind]
    return names, draw(_sequences(names, with_levels))


@pytest.mark.parametrize("with_levels", ["all", "none", "some"])
def test_any_sequence_of_real_terms_parses_back(with_levels):
    @given(vocabulary_and_items(with_levels))
    @example(
        (
            EDIH_TECH,
            [("Micro- and nanoelectronics, optoelectronics", 4), ("Big data", 2), ("data", 5)],
        )
    ).via("terms with a comma and a term that ends another")
    def check(case):
        names, items = case
        parsed = TermParser(names).parse(join(items))
        assert parsed.terms == [(name, level, True) for name, level in items]
        assert parsed.problems == []

    check()


WORD = st.text(alphabet="abcdefghijXYZé&()/.", min_size=1, max_size=6)
GLUE = st.sampled_from([" ", ", ", " - ", "-", " & "])


@st.composite
def made_up_term(draw):
    words = draw(st.lists(WORD, min_size=1, max_size=4))
    text = words[0]
    for word in words[1:]:
        text += draw(GLUE) + word
    return text


@given(
    st.lists(made_up_term(), min_size=1, max_size=12, unique_by=normalize).flatmap(
        lambda names: st.tuples(
            st.just(names),
            st.lists(
                st.tuples(st.sampled_from(names), st.integers(1, 5)), unique_by=lambda t: t[0]
            ),
        )
    )
)
def test_any_vocabulary_with_levels_parses_back(case):
    """Whatever the terms (commas, dashes, prefixes of each other), levels make cells exact."""
    names, items = case
    parsed = TermParser(names).parse(join(items))
    assert parsed.terms == [(name, level, True) for name, level in items]
    assert parsed.problems == []


@given(st.text())
@example("Robotics - , - - 3,,, ;; data - 99999999999999999999")
@example("\n- 1\n")
def test_arbitrary_text_never_crashes(cell):
    parsed = TermParser(EDIH_TECH).parse(cell)
    for name, level, known in parsed.terms:
        assert name and name == name.strip()
        assert level is None or 1 <= level <= 5
        assert known == (name in EDIH_TECH)
    unknown = [name for name, _, known in parsed.terms if not known]
    assert [p for p in parsed.problems if p.startswith("unknown term")] == [
        f"unknown term {name!r}" for name in unknown
    ]


def test_the_parser_keeps_no_state_between_cells():
    parser = TermParser(EDIH_TECH)
    first = parser.parse("Robotics - 3, Foo - 2")
    again = parser.parse("Robotics - 3, Foo - 2")
    assert first == again
    assert re.fullmatch(r"unknown term 'Foo'", first.problems[0])
