"""What every map of the site needs from the server: the base layer's sources."""

from django.conf import settings
from django.templatetags.static import static


def map_data(**more) -> dict:
    """The country outlines (offline), the tile server when one is set, and `more`."""
    return {"outlines": static("vendor/world-atlas/countries-50m.json"),
            "tiles": settings.DIHUB_TILE_URL, **more}
