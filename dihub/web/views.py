from django.shortcuts import render
from django.urls import reverse

from dihub.catalogue.serialize import summary_data


def home(request):
    """The front page: how many hubs, of which types, in which countries."""
    return render(request, "web/home.html", {
        "summary": summary_data(),
        "json_url": reverse("api-1:hubs-summary"),
    })
