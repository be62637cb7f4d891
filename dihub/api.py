"""The JSON API: each app contributes its router."""

from ninja import NinjaAPI

from dihub.catalogue.api import router as catalogue_router
from dihub.taxonomy.api import router as taxonomy_router

api = NinjaAPI(
    title="dihub API",
    version="1",
    description="Digital Innovation Hubs: catalogue, taxonomies and more.",
    docs_url="/docs",
)
api.add_router("/hubs", catalogue_router)
api.add_router("/taxonomies", taxonomy_router)
