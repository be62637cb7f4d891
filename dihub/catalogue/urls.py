from django.urls import path

from . import views

urlpatterns = [
    path("hubs/", views.hub_list, name="hub-list"),
    path("hubs/<slug:slug>/", views.hub_detail, name="hub-detail"),
]
