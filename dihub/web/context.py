from django.conf import settings


def site(request):
    return {"tile_url": settings.DIHUB_TILE_URL, "site_name": "dihub"}
