from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from dihub.api import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("i18n/setlang/", set_language, name="set_language"),
]
# every page in each language: /de/hubs/, /fr/hubs/...; English without a prefix
urlpatterns += i18n_patterns(
    path("accounts/", include("dihub.accounts.urls")),
    path("", include("dihub.web.urls")),
    path("", include("dihub.search.urls")),
    path("", include("dihub.catalogue.urls")),
    path("", include("dihub.editing.urls")),
    path("", include("dihub.regionpages.urls")),
    path("", include("dihub.insights.urls")),
    path("", include("dihub.maturity.urls")),
    path("", include("dihub.maturity.report_urls")),
    prefix_default_language=False,
)
