from django.contrib import admin
from django.urls import include, path

from dihub.api import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("accounts/", include("dihub.accounts.urls")),
    path("", include("dihub.web.urls")),
    path("", include("dihub.search.urls")),
    path("", include("dihub.catalogue.urls")),
    path("", include("dihub.editing.urls")),
    path("", include("dihub.regionpages.urls")),
    path("", include("dihub.insights.urls")),
    path("", include("dihub.maturity.urls")),
    path("", include("dihub.maturity.report_urls")),
]
