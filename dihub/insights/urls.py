from django.urls import path

from . import views

urlpatterns = [
    path("insights/coverage", views.coverage, name="insights-coverage"),
]
