from django.urls import path

from . import views

urlpatterns = [
    path("hubs/<slug:slug>/", views.hub_detail, name="hub-detail"),
]
