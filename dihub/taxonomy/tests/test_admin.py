"""The Django admin pages of terms and crosswalk links."""

import pytest

from dihub.taxonomy.models import Crosswalk, Term

pytestmark = pytest.mark.django_db


def test_term_list_filters_and_search(admin_client):
    page = admin_client.get("/admin/taxonomy/term/", {"vocabulary__exact": "jrc", "q": "robot"})
    assert page.status_code == 200
    assert page.context["cl"].result_count == 1
    assert "Robotics" in page.content.decode()


def test_term_pages_show_the_other_vocabulary(admin_client):
    jrc = Term.objects.get(vocabulary="jrc", kind="technology", name="Robotics")
    page = admin_client.get(f"/admin/taxonomy/term/{jrc.pk}/change/")
    assert page.status_code == 200
    assert "EDIH equivalents" in page.content.decode()
    edih = Term.objects.get(vocabulary="edih", kind="technology", name="Robotics")
    page = admin_client.get(f"/admin/taxonomy/term/{edih.pk}/change/")
    assert "JRC equivalents" in page.content.decode()
    assert admin_client.get("/admin/taxonomy/term/add/").status_code == 200


def test_crosswalk_list(admin_client):
    page = admin_client.get("/admin/taxonomy/crosswalk/", {"relation__exact": "exact"})
    assert page.status_code == 200
    assert page.context["cl"].result_count == Crosswalk.objects.filter(relation="exact").count()
    page = admin_client.get("/admin/taxonomy/crosswalk/", {"q": "healthcare"})
    assert page.context["cl"].result_count == 2
