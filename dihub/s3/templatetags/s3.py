"""{% hub_alignment hub_id %}: the fact-sheet's S3 section, owned here so the catalogue
knows nothing of S3. Renders nothing when the hub's regions have no priorities."""

from django import template

from dihub.catalogue.models import Hub

from ..alignment import for_hub_page

register = template.Library()


@register.inclusion_tag("s3/_hub_alignment.html")
def hub_alignment(hub_id):
    hub = Hub.objects.select_related("region").filter(pk=hub_id).first()
    return {"alignment": for_hub_page(hub) if hub else None}
