"""The reader's language: the first visit follows the browser, the API also takes ?lang=."""

from django.conf import settings
from django.http import HttpResponseRedirect, JsonResponse
from django.urls import translate_url
from django.utils import translation

# paths that are not pages: no redirect to a language prefix
NOT_PAGES = ("/api/", "/admin/", "/static/", "/i18n/")
LANGUAGE_CODES = tuple(code for code, _ in settings.LANGUAGES)


def first_visit_language(get_response):
    """A first visit (no language cookie) to a page without a prefix goes to the page in the
    browser's language when that is one of ours and not the default."""

    def middleware(request):
        if (request.method == "GET" and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES
                and not request.path.startswith(NOT_PAGES)
                and not any(request.path.startswith(f"/{c}/") for c in LANGUAGE_CODES)):
            wanted = translation.get_language_from_request(request, check_path=False)
            if wanted and wanted != settings.LANGUAGE_CODE:
                url = translate_url(request.path, wanted)
                if url != request.path:
                    query = request.GET.urlencode()
                    return _vary(HttpResponseRedirect(f"{url}?{query}" if query else url))
        return get_response(request)

    return middleware


def _vary(response):
    response["Vary"] = "Accept-Language, Cookie"
    return response


def api_language(get_response):
    """/api/ answers in the language of ?lang= or else Accept-Language, and says which in
    Content-Language. An unknown ?lang= is a 422 naming the languages there are."""

    def middleware(request):
        if not request.path.startswith("/api/"):
            return get_response(request)
        lang = request.GET.get("lang", "").strip().lower()
        if lang == "":
            # LocaleMiddleware gives unprefixed paths the default language: the API reads
            # Accept-Language itself
            accepted = _accepted(request)
            if accepted and accepted != translation.get_language():
                translation.activate(accepted)
                request.LANGUAGE_CODE = accepted
                response = get_response(request)
                response["Content-Language"] = accepted
                return response
            return get_response(request)
        if lang not in LANGUAGE_CODES:
            choices = ", ".join(LANGUAGE_CODES)
            detail = f"lang: one of {choices}"
            return JsonResponse({"detail": detail, "errors": [
                {"field": "lang", "reason": f"one of {choices}"}]},
                status=422, headers={"Content-Language": settings.LANGUAGE_CODE})
        translation.activate(lang)
        request.LANGUAGE_CODE = lang
        response = get_response(request)
        response["Content-Language"] = lang
        return response

    return middleware


def _accepted(request):
    """The first of our languages that Accept-Language names, or None."""
    from django.utils.translation.trans_real import parse_accept_lang_header

    for code, _quality in parse_accept_lang_header(request.META.get("HTTP_ACCEPT_LANGUAGE", "")):
        if code == "*":
            break
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            continue
    return None
