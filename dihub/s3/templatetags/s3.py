"""{% hub_alignment hub_id %}: the fact-sheet's S3 section, owned here so the catalogue
knows nothing of S3. Renders nothing when the hub's regions have no priorities."""

from django import template
from django.utils.html import format_html_join

from dihub.catalogue.models import Hub
from dihub.taxonomy.labels import labels_by_name

from ..alignment import for_hub_page

register = template.Library()


@register.inclusion_tag("s3/_hub_alignment.html")
def hub_alignment(hub_id):
    hub = Hub.objects.select_related("region").filter(pk=hub_id).first()
    alignment = for_hub_page(hub) if hub else None
    if alignment:
        alignment = {**alignment, "priorities": _labelled(alignment["priorities"])}
    # the regions as one piece of HTML, for the sentence that names them
    regions = format_html_join(", ", '{} <span class="code">({})</span>',
                               ((r["name"], r["code"]) for r in alignment["regions"])
                               ) if alignment else ""
    return {"alignment": alignment, "regions": regions}


def _labelled(priorities):
    """The priorities with the names of the hub's sectors and technologies that meet them in
    the reader's language (the API keeps the canonical names)."""
    kinds = (("sectors", "sector"), ("technologies", "technology"))
    shown = labels_by_name((kind, name) for p in priorities for key, kind in kinds
                           for name in p[key])
    return [{**p, **{key: [shown.get((kind, name), name) for name in p[key]]
                     for key, kind in kinds}} for p in priorities]
