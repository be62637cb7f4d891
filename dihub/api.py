"""The JSON API: each app contributes its router."""

from ninja import NinjaAPI

from dihub.accounts.api import router as accounts_router
from dihub.catalogue.api import router as catalogue_router
from dihub.insights.api import router as insights_router
from dihub.maturity.api import router as maturity_router
from dihub.regions.api import router as regions_router
from dihub.s3.api import router as s3_router
from dihub.search.api import geo_router as search_geo_router
from dihub.search.api import router as search_router
from dihub.taxonomy.api import router as taxonomy_router

api = NinjaAPI(
    title="dihub API",
    version="1",
    description="Digital Innovation Hubs: catalogue, search, taxonomies and more.",
    docs_url="/docs",
)
# search first: /hubs and /hubs/suggest before the catalogue's /hubs/{id}
api.add_router("/hubs", search_router)
api.add_router("", search_geo_router)
api.add_router("/hubs", catalogue_router)
# /me, /claims, /invitations and POST /hubs/{id}/claim, /hubs/{id}/invitations: a person
# signed in or with a token (dihub.accounts.api_auth: Bearer and session schemes)
api.add_router("", accounts_router)
api.add_router("/taxonomies", taxonomy_router)
api.add_router("/regions", regions_router)
api.add_router("/s3", s3_router)
api.add_router("/insights", insights_router)
api.add_router("/maturity", maturity_router)
