"""The region pages over the real EDIH catalogue: counts add up through the tree."""

import pytest

from dihub.catalogue.imports import import_file
from dihub.catalogue.models import Hub
from dihub.regionpages.listing import ListParams, region_list
from dihub.regionpages.summary import region_summary

pytestmark = pytest.mark.django_db


def test_counts_add_up_over_the_real_catalogue(edih_file, client):
    import_file(edih_file)
    placed = Hub.objects.filter(validation="published").exclude(region=None).count()
    countries = region_list(ListParams(level=0, page_size=500))["results"]
    assert sum(r["hubs"] for r in countries) == placed > 350
    spain = region_summary("ES")
    assert spain["hubs"]["count"] == next(r["hubs"] for r in countries if r["code"] == "ES")
    assert spain["hubs"]["count"] == sum(c["hubs"] for c in spain["children"]) > 10
    assert spain["technologies"] and spain["technologies"][0]["count"] <= spain["hubs"]["count"]
    for kid in spain["children"]:
        if kid["hubs"]:
            below = region_summary(kid["code"])
            assert below["hubs"]["count"] == kid["hubs"]
            assert sum(c["hubs"] for c in below["children"]) == kid["hubs"]
            assert not {h["slug"] for h in below["nearest"]} & {
                h["slug"] for h in below["hubs"]["shown"]}
    search = client.get("/api/hubs", {"region": "ES"}).json()
    assert search["count"] == spain["hubs"]["count"]  # the page's link finds the same hubs
