from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language


def site(request):
    return {"tile_url": settings.DIHUB_TILE_URL, "site_name": "dihub",
            "translations": translations(request)}


def translations(request):
    """This page in each language: code, name, URL, whether it is the one shown."""
    current = get_language()
    path = request.get_full_path()
    return [{"code": code, "name": name, "url": translate_url(path, code),
             "current": code == current} for code, name in settings.LANGUAGES]
