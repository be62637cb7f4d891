import io

import pytest
from django.core.management import call_command

from dihub.catalogue.models import Contact, Hub

pytestmark = pytest.mark.django_db


def test_demo_loads_facts_only_and_once():
    out = io.StringIO()
    call_command("demo", "--if-empty", stdout=out)
    hubs = Hub.objects.count()
    assert hubs > 900 and f"{hubs} hubs created" in out.getvalue()
    assert not Hub.objects.exclude(description="").exists()
    assert not Contact.objects.exists()
    assert Hub.objects.filter(hub_type="edih").count() == 168
    assert Hub.objects.filter(lat__isnull=False).count() / hubs > 0.9
    assert Hub.objects.filter(hub_terms__term__vocabulary="edih").distinct().count() > 250

    call_command("demo", "--if-empty", stdout=out)
    assert "not loaded" in out.getvalue() and Hub.objects.count() == hubs
