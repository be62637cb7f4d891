from django.urls import path

from dihub.search.views import hub_list

from . import views

urlpatterns = [
    path("hubs/", hub_list, name="hub-list"),
    path("hubs/<slug:slug>/", views.hub_detail, name="hub-detail"),
]
