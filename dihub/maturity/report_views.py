"""The report of a completed assessment, as a page and as a PDF:

    /maturity/assessments/<pk>/report/      maturity-report
    /maturity/assessments/<pk>/report.pdf   maturity-report-pdf

Who may not see the assessment (dihub.maturity.privacy.can_see), and an assessment that is
not completed, answer 404. The JSON twin is GET /api/maturity/assessments/{id}/report.
"""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from . import report as reports
from .models import Assessment


def visible_report(request, pk, with_help=True) -> reports.Report:
    """The report of an assessment the person may see; Http404 otherwise."""
    from .privacy import can_see

    assessment = get_object_or_404(
        Assessment.objects.select_related("company", "region", "hub"), pk=pk)
    if not can_see(request.user, assessment):
        raise Http404(_("No such assessment."))
    try:
        return reports.build(assessment, with_help=with_help)
    except reports.NotCompleted:
        raise Http404(_("This assessment is not completed yet: it has no report.")) from None


def chart_data(report: reports.Report) -> dict:
    """What the radar chart draws (read by static/maturity/report.js from json_script)."""
    data = {"labels": [d.name for d in report.dimensions],
            "scores": [round(d.score, 1) for d in report.dimensions],
            "label": report.company.name}
    if report.peers:
        data["peers"] = [None if d.peer_median is None else round(d.peer_median, 1)
                         for d in report.dimensions]
    return data


@never_cache
def report(request, pk):
    found = visible_report(request, pk)
    return render(request, "maturity/report.html", {
        "report": found,
        "company": found.company,
        "assessment": found.assessment,
        "chart": chart_data(found),
        "pdf_url": reverse("maturity-report-pdf", args=[pk]),
        "json_url": reverse("api-1:maturity-report", args=[pk]),
    })


@never_cache
def report_pdf(request, pk):
    from . import pdf

    found = visible_report(request, pk)
    content = pdf.render(found, base_url=request.build_absolute_uri("/"))
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="dma-report-{pk}.pdf"'
    return response
