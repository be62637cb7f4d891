"""GET /api/insights/coverage (JSON) and /api/insights/coverage.csv (the region table).

Parameters as CoverageParams reads them; a bad value answers 400 with
{"detail", "param", "suggestions"}.
"""

import csv
import io

from django.http import HttpResponse
from ninja import Router, Status

from dihub import params as P
from dihub.params import BadParameter
from dihub.schemas import BadRequest

from . import service
from .params import PARAMS, CoverageParams

router = Router(tags=["insights"])
FORMAT = P.choice("format", ("json", "csv"), "json (default) or csv, the region table",
                  default="json")
DOC = ("Distance from each populated place to the nearest hub that offers the term, "
       "summarised per NUTS 2 and NUTS 3 region, the regions with no such hub, and the place "
       "where one more hub would cut the population-weighted mean distance the most. "
       "format=csv gives the region table as CSV. See docs/coverage.md.")


def _bad(exc: BadParameter):
    return Status(400, exc.as_dict())


def csv_response(found: dict) -> HttpResponse:
    out = io.StringIO()
    csv.writer(out).writerows(service.csv_rows(found))
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="coverage.csv"'
    return response


@router.get("/coverage", response={200: dict, 400: BadRequest}, summary="Coverage and white spots",
            url_name="insights-coverage", description=DOC,
            openapi_extra={**P.openapi(*PARAMS, FORMAT), "responses": {200: {"content": {
                "text/csv": {"schema": {"type": "string"}}}}}})
def coverage(request):
    try:
        fmt = FORMAT(request.GET)
        found = service.report(CoverageParams.from_query(request.GET))
    except BadParameter as exc:
        return _bad(exc)
    return csv_response(found) if fmt == "csv" else found


@router.get("/coverage.csv", response={200: None, 400: BadRequest},
            summary="Coverage per region as CSV", url_name="insights-coverage-csv",
            description=DOC, openapi_extra=P.openapi(*PARAMS))
def coverage_csv(request):
    try:
        found = service.report(CoverageParams.from_query(request.GET))
    except BadParameter as exc:
        return _bad(exc)
    return csv_response(found)
