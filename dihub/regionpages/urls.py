from django.urls import path

from . import views

urlpatterns = [
    path("regions/", views.region_list_page, name="region-list"),
    path("regions/<str:code>/", views.region_detail, name="region-detail"),
]
