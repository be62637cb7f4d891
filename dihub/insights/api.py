"""GET /api/insights/coverage (JSON) and /api/insights/coverage.csv (the region table).

Parameters as CoverageParams reads them; a bad value answers 400 with
{"detail", "param", "suggestions"}.
"""

import csv
import io

from django.http import HttpResponse
from ninja import Router, Schema, Status

from dihub.search.filters import BadParameter

from . import service
from .params import CoverageParams

router = Router(tags=["insights"])

PARAMETERS = [
    *((kind, {"type": "string"}, f"{kind} name or slug, either vocabulary (crosswalk)")
      for kind in ("technology", "sector", "service")),
    ("min_level", {"type": "integer", "minimum": 1, "maximum": 5},
     "engagement level of the term (with no term: any term at that level)"),
    ("country", {"type": "array", "items": {"type": "string"}},
     "ISO code of a country with NUTS regions, or EU (repeatable); default: all"),
    ("min_population", {"type": "integer", "minimum": 500, "default": 5000},
     "smallest place counted"),
    ("cross_border", {"type": "string", "enum": ["1", "0"], "default": "1"},
     "0: only hubs of the chosen countries count"),
]
OPENAPI = {"parameters": [
    {"in": "query", "name": name, "required": False, "schema": schema, "description": text,
     **({"style": "form", "explode": True} if schema["type"] == "array" else {})}
    for name, schema, text in PARAMETERS]}
DOC = ("Distance from each populated place to the nearest hub that offers the term, "
       "summarised per NUTS 2 and NUTS 3 region, the regions with no such hub, and the place "
       "where one more hub would cut the population-weighted mean distance the most. "
       "format=csv gives the region table as CSV. See docs/coverage.md.")


class BadRequest(Schema):
    detail: str
    param: str
    suggestions: list[str]


def _bad(exc: BadParameter):
    return Status(400, {"detail": str(exc), "param": exc.param, "suggestions": exc.suggestions})


def csv_response(found: dict) -> HttpResponse:
    out = io.StringIO()
    csv.writer(out).writerows(service.csv_rows(found))
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="coverage.csv"'
    return response


@router.get("/coverage", response={200: dict, 400: BadRequest}, summary="Coverage and white spots",
            url_name="insights-coverage", description=DOC, openapi_extra=OPENAPI)
def coverage(request):
    try:
        fmt = (request.GET.get("format") or "json").strip().lower()
        if fmt not in ("json", "csv"):
            raise BadParameter("format", "expected json or csv", ["json", "csv"])
        found = service.report(CoverageParams.from_query(request.GET))
    except BadParameter as exc:
        return _bad(exc)
    return csv_response(found) if fmt == "csv" else found


@router.get("/coverage.csv", response={200: None, 400: BadRequest},
            summary="Coverage per region as CSV", url_name="insights-coverage-csv",
            description=DOC, openapi_extra=OPENAPI)
def coverage_csv(request):
    try:
        found = service.report(CoverageParams.from_query(request.GET))
    except BadParameter as exc:
        return _bad(exc)
    return csv_response(found)
