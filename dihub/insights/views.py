"""The coverage page, /insights/coverage: the same parameters and figures as the API."""

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy

from dihub.params import BadParameter
from dihub.regions.maps import map_data
from dihub.taxonomy.models import Term

from . import places, service
from .params import DEFAULT_MIN_POPULATION, CoverageParams

KINDS = (("technology", gettext_lazy("Technology")), ("sector", gettext_lazy("Sector")),
         ("service", gettext_lazy("Service")))


def coverage(request):
    context = {"form": request.GET, "choices": _choices(), "kinds": KINDS,
               "levels": range(1, 6), "chosen": request.GET.getlist("country"),
               "default_population": DEFAULT_MIN_POPULATION}
    status = 200
    try:
        params = CoverageParams.from_query(request.GET)
        found = service.report(params)
    except BadParameter as exc:
        status = 400
        context.update(error=f"{exc.param}: {exc.message}", suggestions=exc.suggestions)
    else:
        query = params.to_query()
        context.update(
            found=found, params=params, query=query,
            json_url=reverse("api-1:insights-coverage") + ("?" + query if query else ""),
            csv_url=reverse("api-1:insights-coverage-csv") + ("?" + query if query else ""),
            map_data=map_data(far=found["map"]["far"], hubs=found["map"]["hubs"],
                              suggestion=found["suggestion"]),
        )
    return render(request, "insights/coverage.html", context, status=status)


def _choices() -> dict:
    """Term names per kind (both vocabularies) and the countries, for the form."""
    terms = {}
    for kind, name in Term.objects.filter(known=True).order_by("name").values_list(
            "kind", "name").distinct():
        terms.setdefault(kind, []).append(name)
    countries = sorted(places.countries())
    return {"technology": terms.get("technology", []), "sector": terms.get("sector", []),
            "service": terms.get("service", []), "countries": countries}
