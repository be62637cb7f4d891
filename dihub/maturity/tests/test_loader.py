"""The questionnaire files and their loader: structure, checks, versions."""

import re
import shutil

import pytest
import yaml

from dihub.maturity import loader
from dihub.maturity.loader import FOLDER, DefinitionError, UnknownQuestionnaire


@pytest.fixture(params=["sme", "public"])
def definition(request):
    return loader.get(request.param)


def test_both_questionnaires_are_listed_with_their_versions():
    found = {q["key"]: q for q in loader.available()}
    assert set(found) == {"sme", "public"}
    assert found["sme"] == {"key": "sme", "version": 1, "versions": [1],
                            "title": "Digital maturity of SMEs and mid-caps"}


def test_sme_has_the_jrc_structure():
    q = loader.get("sme", 1)
    profile, scored = q.modules
    assert not profile.scored and scored.scored
    assert profile.questions == ("company_name", "size_class", "sector_primary",
                                 "sector_secondary", "country", "nuts_region")
    assert [o.key for o in q.question("size_class").options] == [
        "micro", "small", "medium", "mid_cap", "large"]
    assert len(q.question("sector_primary").options) == 21  # NACE sections A-U
    assert [d.key for d in q.dimensions] == [
        "digital_business_strategy", "digital_readiness", "human_centric_digitalisation",
        "data_management", "automation_ai", "green_digitalisation"]
    assert [(x.key, x.type) for x in q.scored_questions] == [
        ("q1", "matrix"), ("q2", "checkbox"), ("q3", "checkbox"), ("q4", "scale"),
        ("q5", "checkbox"), ("q6", "checkbox"), ("q7", "checkbox"), ("q8", "checkbox"),
        ("q9", "scale"), ("q10", "checkbox"), ("q11", "ternary")]
    q1, q2 = q.question("q1"), q.question("q2")
    assert len(q1.items) == 10 and q1.cells == ("invested", "planned") and q1.max_points == 20
    assert len(q2.items) == 10 and q2.max_points == 10
    assert q.dimensions[0].rule == "pooled"
    not_digital = q.question("q7").item("not_digital")
    assert not_digital.exclusive and not_digital.negative and not not_digital.scoring
    assert {i.key for i in q.question("q4").items} >= {
        "simulation_digital_twins", "vr_ar", "cad_cam", "mes", "iot", "blockchain",
        "additive_manufacturing"}
    assert [i.key for i in q.question("q9").items] == [
        "nlp", "computer_vision", "audio", "robotics", "business_intelligence"]


def test_public_has_its_six_dimensions():
    q = loader.get("public")
    assert [d.name for d in q.dimensions] == [
        "Digital strategy and investments", "Digital readiness", "Human-centric digitalisation",
        "Data management and security", "Interoperability", "Green digitalisation"]
    assert {x.type for x in q.scored_questions} == {"matrix", "checkbox", "scale", "ternary"}


def test_columns_are_unique_and_in_the_dma_style(definition):
    columns = definition.columns()
    assert len(columns) == len(set(columns))
    prefix = {"sme": "sme", "public": "ps"}[definition.key]
    style = re.compile(rf"^{prefix}_m[12]_\d+(_\d+)?(_invested|_planned)?$")
    assert [c for c in columns if not style.match(c)] == []
    if definition.key == "sme":
        assert columns[columns.index("sme_m2_1_1_invested") + 1] == "sme_m2_1_1_planned"


def test_every_scored_question_can_reach_ten(definition):
    for q in definition.scored_questions:
        assert q.max_points > 0, q.key
        assert q.dimension in {d.key for d in definition.dimensions}


def test_the_definition_as_json_keeps_every_question(definition):
    data = definition.to_dict()
    keys = [q["key"] for m in data["modules"] for q in m["questions"]]
    keys += [q["key"] for m in data["modules"] for d in m["dimensions"] for q in d["questions"]]
    assert sorted(keys) == sorted(q.key for q in definition.questions)


# -- versions --------------------------------------------------------------------------------

def test_an_old_version_stays_when_a_new_one_is_added(tmp_path):
    one, both = tmp_path / "one", tmp_path / "both"
    one.mkdir()
    both.mkdir()
    shutil.copy(FOLDER / "sme-v1.yaml", one)
    shutil.copy(FOLDER / "sme-v1.yaml", both)
    data = yaml.safe_load((FOLDER / "sme-v1.yaml").read_text(encoding="utf-8"))
    data["version"] = 2
    data["title"] = "SME maturity, second edition"
    q3 = data["modules"][1]["dimensions"][1]["questions"][0]
    q3["items"].append({"key": "smart_glasses", "label": "Smart glasses",
                        "column": "sme_m2_3_9"})
    (both / "sme-v2.yaml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")

    before = loader.get("sme", folder=one)
    assert before.version == 1
    old = loader.get("sme", 1, folder=both)
    new = loader.get("sme", folder=both)
    assert (old.version, old.title) == (1, "Digital maturity of SMEs and mid-caps")
    assert old.columns() == before.columns() == loader.get("sme", 1).columns()
    assert "sme_m2_3_9" not in old.columns()
    assert (new.version, new.title) == (2, "SME maturity, second edition")
    assert "sme_m2_3_9" in new.columns() and new.question("q3").max_points == 9
    assert loader.versions("sme", folder=both) == [1, 2]
    assert loader.available(folder=both)[0]["versions"] == [1, 2]
    assert loader.get("sme", 1, folder=both) is old  # read once, then kept


def test_unknown_questionnaire_or_version_says_what_exists():
    with pytest.raises(UnknownQuestionnaire, match="unknown questionnaire 'nope'; known: "
                                                   "public, sme"):
        loader.get("nope")
    with pytest.raises(UnknownQuestionnaire, match="has no version 7; versions: 1"):
        loader.get("sme", 7)
    with pytest.raises(UnknownQuestionnaire):
        loader.get("sme", True)  # not version 1
    with pytest.raises(UnknownQuestionnaire):
        loader.get("sme", "1")


# -- broken files ----------------------------------------------------------------------------

MINIMAL = """\
key: tiny
version: 1
title: Tiny
modules:
  - key: m1
    title: Profile
    questions:
      - {key: name, type: text, text: Name, column: t_m1_1}
  - key: m2
    title: Maturity
    dimensions:
      - key: d1
        name: One
        questions:
          - key: q1
            type: checkbox
            text: Which?
            items:
              - {key: a, label: A, column: t_m2_1_1}
              - {key: b, label: B, column: t_m2_1_2}
"""


def write(tmp_path, text, name="tiny-v1.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_minimal_file_loads(tmp_path):
    q = loader.load_file(write(tmp_path, MINIMAL))
    assert (q.key, q.version, q.columns()) == ("tiny", 1, ("t_m1_1", "t_m2_1_1", "t_m2_1_2"))


@pytest.mark.parametrize("old, new, message", [
    ("      - {key: b, label: B, column: t_m2_1_2}",
     "      - {key: a, label: B, column: t_m2_1_2}", r"duplicate item key 'a'"),
    ("      - {key: b, label: B, column: t_m2_1_2}",
     "      - {key: b, label: B, column: t_m2_1_1}", r"column 't_m2_1_1' already used"),
    ("type: checkbox", "type: slider", r"unknown question type 'slider'"),
    ("      - {key: name, type: text, text: Name, column: t_m1_1}",
     "      - {key: q1, type: text, text: Name, column: t_m1_1}", r"duplicate question key 'q1'"),
    ("title: Tiny\n", "title: Tiny\ntitle: Again\n", r"duplicate key 'title' .*line 4"),
    ("{key: a, label: A, column: t_m2_1_1}", "{key: a, label: A, column: t_m2_1_1, exclusve: true}",
     r"unknown field\(s\) exclusve"),
    ("version: 1", "version: one", r"version 'one': expected a positive integer"),
    ("      - {key: name, type: text, text: Name, column: t_m1_1}",
     "      - {key: name, type: scale, text: Name, items: [{key: a, label: A, column: x1}]}",
     r"a scale question belongs in a dimension"),
    ("{key: a, label: A, column: t_m2_1_1}", "{key: a, label: A, column: t_m2_1_1, "
     "exclusive: true}\n              - {key: c, label: C, column: t_m2_1_3, exclusive: true}",
     None),
    ("              - {key: b, label: B, column: t_m2_1_2}\n", "",
     None),
    ("name: One", "name: One\n        rule: average", r"unknown rule 'average'"),
    ("key: q1", "key: Q 1", r"key 'Q 1': expected lower-case"),
    ("text: Which?", "text: ''", r"text: expected a non-empty string"),
])
def test_a_broken_file_is_refused_with_a_clear_message(tmp_path, old, new, message):
    assert old in MINIMAL
    text = MINIMAL.replace(old, new, 1)
    if message is None:  # still valid: the control cases
        loader.load_file(write(tmp_path, text))
        return
    with pytest.raises(DefinitionError, match=message) as exc:
        loader.load_file(write(tmp_path, text))
    assert str(exc.value).startswith("tiny-v1.yaml: ")


def test_a_checkbox_needs_an_item_that_scores(tmp_path):
    text = MINIMAL.replace("{key: a, label: A, column: t_m2_1_1}",
                           "{key: a, label: A, column: t_m2_1_1, negative: true}").replace(
        "{key: b, label: B, column: t_m2_1_2}",
        "{key: b, label: B, column: t_m2_1_2, exclusive: true}")
    with pytest.raises(DefinitionError, match="neither exclusive nor negative"):
        loader.load_file(write(tmp_path, text))


def test_the_file_name_must_say_key_and_version(tmp_path):
    with pytest.raises(DefinitionError, match="must be named tiny-v1.yaml"):
        loader.load_file(write(tmp_path, MINIMAL, "tiny-v2.yaml"))
    with pytest.raises(DefinitionError, match="not valid YAML"):
        loader.load_file(write(tmp_path, "key: [unclosed", "bad-v1.yaml"))


def test_the_loader_imports_no_django():
    import subprocess
    import sys

    code = ("import sys, dihub.maturity.loader, dihub.maturity.scoring, dihub.maturity.batch; "
            "print(any(m == 'django' or m.startswith('django.') for m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "False"
