"""The benchmark's own URLconf: the product's URLs plus a trivial view as the latency floor."""

from django.http import JsonResponse
from django.urls import include, path


def ping(request):
    return JsonResponse({"ok": True})


urlpatterns = [
    path("_bench/ping", ping),
    path("", include("dihub.urls")),
]
