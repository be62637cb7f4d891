from django.urls import path

from . import views

urlpatterns = [
    path("hubs/", views.hub_list, name="hub-list"),
]
