"""A region's S3 section: its priorities, those no hub near covers, its indicators.

`for_region(code)` serves GET /api/s3/regions/{code} and the region page's section
(template s3/_region_section.html).
"""

from django.utils.translation import gettext as _

from dihub.regions.models import Region

from . import alignment, indicators


class UnknownRegion(LookupError):
    pass


def for_region(code: str, period: str | None = None) -> dict:
    """{region, near, priorities, covered_count, uncovered, indicators}; UnknownRegion for a
    bad code."""
    code = (code or "").upper()
    region = None
    if code.isalnum():  # a NUTS code; PostgreSQL refuses a NUL character in text
        region = Region.objects.select_related("parent").filter(code=code).first()
    if region is None:
        raise UnknownRegion(_("no region with the NUTS code %(code)s") % {"code": repr(code[:20])})
    priorities = alignment.coverage(region, period)
    area = alignment.near_area(region)
    return {
        "region": {"code": region.code, "name": region.name, "level": region.level},
        "near": {"code": area, "name": region.parent.name if region.parent else region.name,
                 "rule": _("published hubs placed anywhere in this region count as near")},
        "priorities": priorities,
        "covered_count": sum(p["covered"] for p in priorities),
        "uncovered": [p for p in priorities if not p["covered"]],
        "indicators": indicators.latest(region.code),
    }
