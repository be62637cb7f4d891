"""A region's indicator values: the figures other views divide by (hubs per 100,000
enterprises) and the region page shows. Names are as imported; docs/s3.md suggests
`population`, `enterprises` and `eipe` (with `eipe: <sub-indicator>`)."""

from django.utils.formats import number_format

from .models import IndicatorValue

POPULATION = "population"
ENTERPRISES = "enterprises"
EIPE = "eipe"


def value(region_code: str, name: str, year: int | None = None) -> float | None:
    """The value of an indicator for a region in a year, or in the latest year it has
    when year is None; None when there is none."""
    rows = IndicatorValue.objects.filter(region_id=region_code, name=name)
    if year is not None:
        rows = rows.filter(year=year)
    found = rows.order_by("-year").values_list("value", flat=True).first()
    return found


def latest(region_code: str) -> list[dict]:
    """The latest value of each indicator of a region, by name."""
    seen, out = set(), []
    for v in IndicatorValue.objects.filter(region_id=region_code).order_by("name", "-year"):
        if v.name in seen:
            continue
        seen.add(v.name)
        out.append(indicator_dict(v))
    return out


def indicator_dict(v: IndicatorValue) -> dict:
    return {"name": v.name, "value": v.value, "unit": v.unit, "year": v.year,
            "source": v.source, "shown": shown(v.value)}


def shown(value: float) -> str:
    """A value for people in the active language: 2,383,139 or 0.52 (up to 6 decimals, no
    trailing zeros); German 2.383.139 or 0,52."""
    if float(value).is_integer():
        return number_format(int(value), force_grouping=True)
    decimals = f"{value:.6f}".rstrip("0").split(".")[1]
    return number_format(round(value, len(decimals)), len(decimals), force_grouping=True)
