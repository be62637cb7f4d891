"""The DMA pages, under /maturity/ (included at the root by dihub/urls.py, as editing's).

The report of one assessment, `maturity-report` at maturity/assessments/<pk>/report/,
belongs to the report pages (report_urls.py, included by dihub/urls.py too); without it,
the end of the questionnaire and the lists lead to the summary (views.report_url)."""

from django.urls import path

from . import views

urlpatterns = [
    path("maturity/", views.home, name="maturity-home"),
    path("maturity/start/", views.start, name="maturity-start"),
    path("maturity/assessments/", views.mine, name="maturity-mine"),
    path("maturity/assessments/<int:pk>/", views.resume, name="maturity-resume"),
    path("maturity/assessments/<int:pk>/step/<int:index>/", views.step, name="maturity-step"),
    path("maturity/assessments/<int:pk>/summary/", views.summary, name="maturity-summary"),
    path("maturity/assessments/<int:pk>/progress/", views.progress, name="maturity-progress"),
    path("maturity/assessments/<int:pk>/sharing/", views.share, name="maturity-share"),
    path("maturity/companies/<int:pk>/people/", views.people, name="maturity-people"),
    path("maturity/hubs/<slug:slug>/", views.hub, name="maturity-hub"),
    path("maturity/hubs/<slug:slug>/start/", views.hub_start, name="maturity-hub-start"),
    path("maturity/hubs/<slug:slug>/progress/", views.hub_progress, name="maturity-hub-progress"),
    path("maturity/hubs/<slug:slug>/export.csv", views.hub_export, name="maturity-hub-export"),
    path("maturity/hubs/<slug:slug>/import/", views.hub_import, name="maturity-hub-import"),
    path("maturity/export.csv", views.export_all, name="maturity-export"),
    path("maturity/aggregates/", views.aggregates_page, name="maturity-aggregates"),
]
