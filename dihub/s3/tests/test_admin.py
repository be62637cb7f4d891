import pytest

from dihub.s3.models import IndicatorValue, Priority

pytestmark = pytest.mark.django_db


def test_admin_lists_priorities_and_indicators(admin_client):
    p = Priority.objects.create(region_id="ES41", period="2021-2027", title="  Agri   Food ")
    assert p.title_key == "agri food"  # kept in step with the title on every save
    IndicatorValue.objects.create(region_id="ES41", name="population", year=2023, value=1.0)
    for url in ("/admin/s3/priority/", "/admin/s3/indicatorvalue/",
                f"/admin/s3/priority/{p.pk}/change/"):
        assert admin_client.get(url).status_code == 200
