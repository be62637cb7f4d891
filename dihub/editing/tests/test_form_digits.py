"""Only ASCII digits are numbers on the edit page: a superscript or an Arabic-Indic digit
in a term id, a level or a row count is an invalid value (never a 500, never an id)."""

import pytest

from dihub.catalogue import sheet as sheets
from dihub.catalogue.models import Draft
from dihub.catalogue.tests.factories import full_hub, term

from .helpers import form_data, manager, seen
from .test_pages import as_user, text

pytestmark = pytest.mark.django_db

ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def posted(hub, editor, **fields):
    data = form_data(sheets.of_hub(hub))
    data["seen"] = seen(text(editor.get(f"/hubs/{hub.slug}/edit/")))
    for key, value in fields.items():
        data[key] = value
    return data, editor.post(f"/hubs/{hub.slug}/edit/", data)


@pytest.mark.parametrize("digit", ["²", "٣", "¹²", "１"])
def test_a_term_id_written_in_other_digits_is_no_term(digit):
    hub = full_hub()
    editor = as_user(manager(hub))
    data = form_data(sheets.of_hub(hub))
    response = posted(hub, editor, technologies=data["technologies"] + [digit])[1]
    assert response.status_code in (200, 302)


def test_arabic_indic_digits_do_not_name_a_term():
    hub = full_hub()
    cyber = term("Cybersecurity")
    editor = as_user(manager(hub))
    data = form_data(sheets.of_hub(hub))
    disguised = str(cyber.pk).translate(ARABIC_INDIC)
    response = posted(hub, editor, technologies=data["technologies"] + [disguised],
                      **{f"technologies-level-{disguised}": "5"})[1]
    assert response.status_code == 302
    names = {t["name"] for t in Draft.objects.get(hub=hub).sheet["technologies"]}
    assert "Cybersecurity" not in names


@pytest.mark.parametrize("digit", ["²", "٣"])
def test_a_level_in_other_digits_is_no_level(digit):
    hub = full_hub()
    cyber = term("Cybersecurity")
    editor = as_user(manager(hub))
    data = form_data(sheets.of_hub(hub))
    response = posted(hub, editor, technologies=data["technologies"] + [str(cyber.pk)],
                      **{f"technologies-level-{cyber.pk}": digit})[1]
    assert response.status_code == 302
    techs = Draft.objects.get(hub=hub).sheet["technologies"]
    assert {"name": "Cybersecurity", "vocabulary": "edih", "level": None} in techs


@pytest.mark.parametrize("digit", ["²", "٣"])
@pytest.mark.parametrize("count", ["TOTAL_FORMS", "INITIAL_FORMS"])
def test_a_row_count_in_other_digits_is_refused_with_a_message(digit, count):
    hub = full_hub()
    editor = as_user(manager(hub))
    before = sheets.of_hub(hub)
    response = posted(hub, editor, **{f"contacts-{count}": digit})[1]
    assert response.status_code == 200  # the page again, with the error
    assert not Draft.objects.filter(hub=hub).exists() or (
        Draft.objects.get(hub=hub).sheet["contacts"] == before["contacts"])
