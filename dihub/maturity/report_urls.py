"""The report pages of a completed assessment (dihub.maturity.report_views)."""

from django.urls import path

from . import report_views

urlpatterns = [
    path("maturity/assessments/<int:pk>/report/", report_views.report, name="maturity-report"),
    path("maturity/assessments/<int:pk>/report.pdf", report_views.report_pdf,
         name="maturity-report-pdf"),
]
