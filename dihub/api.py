"""The JSON API: each app contributes its router."""

from django.conf import settings
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationError
from ninja.parser import Parser

from dihub.accounts.api import router as accounts_router
from dihub.catalogue.api import router as catalogue_router
from dihub.editing.api import add_register
from dihub.editing.api import router as editing_router
from dihub.insights.api import router as insights_router
from dihub.maturity.api import router as maturity_router
from dihub.maturity.report_api import router as maturity_report_router
from dihub.regionpages.api import router as regions_router
from dihub.s3.api import router as s3_router
from dihub.schemas import field_reason
from dihub.search.api import geo_router as search_geo_router
from dihub.search.api import router as search_router
from dihub.taxonomy.api import router as taxonomy_router


class ObjectBodies(Parser):
    """A JSON body is an object: ninja alone reads 0, [] or "" as an empty one (400)."""

    def parse_body(self, request):
        data = super().parse_body(request)
        if not isinstance(data, dict):
            raise ValueError(_("the body must be a JSON object"))
        return data


class Api(NinjaAPI):
    def get_openapi_schema(self, **kwargs):
        """Every body is measured by dihub.bodylimit before a view runs: 413 when its
        Content-Length is too large, 400 when that header cannot be read."""
        schema = super().get_openapi_schema(**kwargs)
        message = {"description": "", "content": {"application/json": {
            "schema": {"$ref": "#/components/schemas/Message"}}}}
        for path in schema["paths"].values():
            for operation in path.values():
                if "requestBody" in operation:
                    for code, text in ((400, "Bad Request"), (413, "Too large")):
                        operation["responses"].setdefault(code, {**message, "description": text})
        return schema


api = Api(
    parser=ObjectBodies(),
    title="dihub API",
    version="1",
    description="Digital Innovation Hubs: catalogue, search, taxonomies and more.",
    docs_url="/docs",
)


@api.exception_handler(ValidationError)
def unusable_input(request, exc):
    """Ninja's own checks of a path, query or body (a body field of the wrong type, an id
    out of range): 422 in the one shape of every 422 (schemas.FieldErrors), the reasons in
    the language of the request (the field names as they are)."""
    found = [{"field": ".".join(str(p) for p in e.get("loc", ()) if p != "body"),
              "reason": field_reason(e)}
             for e in exc.errors]
    first = found[0] if found else {"field": "", "reason": _("invalid")}
    detail = (_("%(field)s: %(reason)s") % first) if first["field"] else first["reason"]
    return api.create_response(request, {"detail": detail, "errors": found}, status=422)


# ninja's own words, in the language of the request (with DEBUG, ninja adds the cause)
NINJA_WORDS = {
    "Cannot parse request body": gettext_lazy("Cannot parse request body"),
    "Unauthorized": gettext_lazy("Unauthorized"),
    "Forbidden": gettext_lazy("Forbidden"),
    "Too many requests.": gettext_lazy("Too many requests."),
}


@api.exception_handler(HttpError)
def http_error(request, exc):
    """{"detail": ...} as ninja answers, its own English said in the reader's language."""
    message = str(exc)
    for english, words in NINJA_WORDS.items():
        if message == english or message.startswith(f"{english} ("):
            message = str(words) + message[len(english):]
            break
    return api.create_response(request, {"detail": message}, status=exc.status_code)


@api.exception_handler(Http404)
def not_found(request, exc):
    message = _("Not Found")
    if settings.DEBUG:
        message += f": {exc}"
    return api.create_response(request, {"detail": message}, status=404)


# POST /hubs (register a hub) shares its path with the search's GET /hubs: ninja answers
# a path from one router, so it joins the search router, before that router is added
add_register(search_router)
# search first: /hubs and /hubs/suggest before the catalogue's /hubs/{id}
api.add_router("/hubs", search_router)
api.add_router("", search_geo_router)
api.add_router("/hubs", catalogue_router)
# /hubs/{id_or_slug}/draft, .../history, .../archive ...: two segments or more, after the
# catalogue's /hubs/{id} (one segment) and the search's /hubs/suggest; every call needs a
# person (dihub.editing.api)
api.add_router("/hubs", editing_router)
# /me, /claims, /invitations and POST /hubs/{id}/claim, /hubs/{id}/invitations: a person
# signed in or with a token (dihub.accounts.api_auth: Bearer and session schemes)
api.add_router("", accounts_router)
api.add_router("/taxonomies", taxonomy_router)
api.add_router("/regions", regions_router)
api.add_router("/s3", s3_router)
api.add_router("/insights", insights_router)
api.add_router("/maturity", maturity_router)
# /maturity/assessments/{id}/report: a person who may see the assessment (a token or session)
api.add_router("/maturity", maturity_report_router)
