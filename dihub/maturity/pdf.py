"""The report of an assessment as a PDF, drawn with ReportLab: no network, no system font.

    content = render(report, base_url="https://dihub.example/")   # bytes, %PDF-...

The text is set in DejaVu Sans (vendored from the npm registry with its licence, under
dihub/web/static/vendor/dejavu-fonts-ttf/), which has the letters of every EU language
(ó, ü, ł, ą, ő, ș...); the radar is a polygon drawn with reportlab.graphics. Everything a
person typed (the company's name) is escaped before it reaches ReportLab's markup.
"""

import math
from functools import cache
from io import BytesIO
from pathlib import Path
from urllib.parse import urljoin
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext
from reportlab.graphics.shapes import Circle, Drawing, Line, Polygon, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    KeepTogether,
    ListFlowable,
    ListItem,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from .report import Report

FONT_DIR = (Path(__file__).resolve().parent.parent / "web" / "static" / "vendor"
            / "dejavu-fonts-ttf")
FONT, BOLD = "DejaVuSans", "DejaVuSans-Bold"
INK = colors.HexColor("#1b2733")
MUTED = colors.HexColor("#55606b")
ACCENT = colors.HexColor("#0b5cad")
PEER = colors.HexColor("#b35900")
GRID = colors.HexColor("#c5ccd3")
RINGS = (25, 50, 75, 100)  # the levels' upper bounds


@cache
def fonts() -> tuple[str, str]:
    """Register DejaVu Sans (regular and bold) once; the names to use."""
    pdfmetrics.registerFont(TTFont(FONT, str(FONT_DIR / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(FONT_DIR / "DejaVuSans-Bold.ttf")))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=BOLD, italic=FONT, boldItalic=BOLD)
    return FONT, BOLD


def styles() -> dict[str, ParagraphStyle]:
    regular, bold = fonts()
    base = ParagraphStyle("body", fontName=regular, fontSize=10, leading=14, textColor=INK,
                          spaceAfter=4)
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8.5, leading=11,
                                textColor=MUTED),
        "title": ParagraphStyle("title", parent=base, fontName=bold, fontSize=20, leading=25,
                                spaceAfter=6),
        "h2": ParagraphStyle("h2", parent=base, fontName=bold, fontSize=14, leading=18,
                             spaceBefore=10, spaceAfter=6, keepWithNext=1),
        "h3": ParagraphStyle("h3", parent=base, fontName=bold, fontSize=11, leading=15,
                             spaceBefore=8, spaceAfter=3, keepWithNext=1),
        "big": ParagraphStyle("big", parent=base, fontName=bold, fontSize=13, leading=18),
        "cell": ParagraphStyle("cell", parent=base, fontSize=9, leading=12, spaceAfter=0),
        "caption": ParagraphStyle("caption", parent=base, fontSize=8.5, leading=11,
                                  textColor=MUTED, alignment=TA_CENTER),
    }


def text(value) -> str:
    """Plain text made safe for ReportLab's paragraph markup."""
    return escape(str(value))


def link(url: str, label: str) -> str:
    return f'<a href="{escape(url, {chr(34): "&quot;"})}" color="#0b5cad">{text(label)}</a>'


def fmt(score: float | None) -> str:
    """A score with one decimal, as the language writes it (48.5, 48,5)."""
    return "–" if score is None else number_format(round(score, 1), 1)


# -- the radar -------------------------------------------------------------------------------

def radar(report: Report, width: float = 16 * cm, height: float = 9.5 * cm) -> Drawing:
    """The dimensions' scores (and the peers' medians) on six axes, 0 in the middle, 100 at
    the rim; rings at the levels' bounds 25, 50, 75 and 100. The first axis points up, the
    others follow clockwise, as on the page."""
    regular, _ = fonts()
    drawing = Drawing(width, height)
    cx, cy, r = width / 2, height / 2 - 0.1 * cm, min(width, height) / 2 - 1.1 * cm
    n = len(report.dimensions)

    def point(i, value):
        angle = math.pi / 2 - 2 * math.pi * i / n
        return cx + r * value / 100 * math.cos(angle), cy + r * value / 100 * math.sin(angle)

    for ring in RINGS:
        drawing.add(Polygon([c for i in range(n) for c in point(i, ring)], fillColor=None,
                            strokeColor=GRID, strokeWidth=0.6))
        x, y = point(0, ring)
        drawing.add(String(x + 3, y - 3, str(ring), fontName=regular, fontSize=6.5,
                           fillColor=MUTED))
    for i, d in enumerate(report.dimensions):
        x, y = point(i, 100)
        drawing.add(Line(cx, cy, x, y, strokeColor=GRID, strokeWidth=0.6))
        lx, ly = point(i, 112)
        anchor = "middle" if abs(lx - cx) < 4 else ("start" if lx > cx else "end")
        lines = wrap(d.name, 24)
        top = ly + (len(lines) - 1) * 4.5 - (3 if ly < cy else 0)
        for k, line in enumerate(lines):
            drawing.add(String(lx, top - 9 * k, line, fontName=regular, fontSize=7.5,
                               fillColor=INK, textAnchor=anchor))
    if report.peers:
        peer_points = [c for i, d in enumerate(report.dimensions)
                       for c in point(i, d.peer_median or 0)]
        drawing.add(Polygon(peer_points, fillColor=None, strokeColor=PEER, strokeWidth=1.2,
                            strokeDashArray=[3, 2]))
    points = [c for i, d in enumerate(report.dimensions) for c in point(i, d.score)]
    drawing.add(Polygon(points, fillColor=colors.Color(0.04, 0.36, 0.68, alpha=0.25),
                        strokeColor=ACCENT, strokeWidth=1.6))
    for i, d in enumerate(report.dimensions):
        x, y = point(i, d.score)
        drawing.add(Circle(x, y, 2, fillColor=ACCENT, strokeColor=ACCENT))
    return drawing


def wrap(words: str, width: int) -> list[str]:
    lines, line = [], ""
    for word in words.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return lines + [line] if line else lines


# -- the document ----------------------------------------------------------------------------

def render(report: Report, base_url: str = "") -> bytes:
    """The report as PDF bytes; links are made absolute with base_url."""
    s = styles()
    a, company = report.assessment, report.company
    buffer = BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=2 * cm, rightMargin=2 * cm,
                            topMargin=1.8 * cm, bottomMargin=1.8 * cm,
                            title=_("Digital maturity report: %(company)s")
                            % {"company": company.name},
                            author="dihub", subject=report.title)
    story = [
        Paragraph(text(_("Digital maturity report")), s["small"]),
        Paragraph(text(company.name), s["title"]),
        Paragraph(text(_meta(report)), s["small"]),
        Spacer(1, 6),
        Paragraph(text(_("Overall score: %(score)s out of 100, level %(level)s")
                       % {"score": fmt(report.overall), "level": "\x00"}).replace(
                           "\x00", f"<b>{text(report.level_name)}</b>"), s["big"]),
        Paragraph(text(_("Each dimension is scored from 0 to 100. The levels: Basic up to 25, "
                         "Average up to 50, Moderately advanced up to 75, Advanced above.")),
                  s["small"]),
        radar(report),
        Paragraph(text(ngettext("Blue: this assessment; dashed orange: the median of "
                                "%(count)s peer",
                                "Blue: this assessment; dashed orange: the median of "
                                "%(count)s peers", report.peers.count)
                       % {"count": report.peers.count} if report.peers
                       else _("Blue: this assessment")), s["caption"]),
        Spacer(1, 6),
        score_table(report, s),
        Spacer(1, 6),
        Paragraph(text(_("Compared with peers")), s["h3"]),
        Paragraph(text(peers_sentence(report)), s["body"]),
    ]
    if report.weakest:
        story.append(Paragraph(text(_("Where to get help")), s["h2"]))
        story.append(Paragraph(text(help_intro(report)), s["body"]))
        for d, found in report.weakest:
            story += help_section(d, found, base_url, s)
    story.append(Paragraph(text(_("The six dimensions")), s["h2"]))
    labels = (("measures", _("What it measures.")), ("low", _("A low score usually means:")),
              ("first_steps", _("First steps:")))
    for d in report.dimensions:
        story.append(KeepTogether([
            Paragraph(f"{text(d.name)}: {fmt(d.score)}, {text(d.level_name)}", s["h3"]),
            *(Paragraph(f"<b>{text(label)}</b> {text(d.help[key])}", s["body"])
              for key, label in labels if d.help.get(key)),
        ]))
    story.append(Spacer(1, 10))
    made = text(_("Made by dihub on %(date)s. The report online: %(link)s.") % {
        "date": date_format(timezone.localdate(), "DATE_FORMAT"), "link": "\x00"})
    story.append(Paragraph(made.replace("\x00", link(urljoin(base_url, _report_path(a.pk)),
                                                      _("open it"))), s["small"]))
    doc.build(story, onFirstPage=_footer, onLaterPages=_footer)
    return buffer.getvalue()


def _report_path(pk) -> str:
    from django.urls import reverse

    return reverse("maturity-report", args=[pk])


def _meta(report: Report) -> str:
    a = report.assessment
    parts = [_("%(title)s (version %(version)s)") % {"title": report.title,
                                                   "version": a.version},
             _("completed %(date)s") % {
                 "date": date_format(timezone.localtime(a.completed_at), "DATE_FORMAT")}]
    if a.phase:
        parts.append(str(a.get_phase_display()))
    if a.hub:
        parts.append(_("with %(hub)s") % {"hub": a.hub.name})
    return " · ".join(parts)


def peers_sentence(report: Report) -> str:
    if report.peers is None:
        return report.peers_message
    return ngettext(
        "The median overall score of %(count)s other company of the same sector and size "
        "class is %(median)s (this assessment: %(score)s). The table gives the median of each "
        "dimension.",
        "The median overall score of %(count)s other companies of the same sector and size "
        "class is %(median)s (this assessment: %(score)s). The table gives the median of each "
        "dimension.", report.peers.count) % {
            "count": report.peers.count, "median": fmt(report.peers.overall),
            "score": fmt(report.overall)}


def help_intro(report: Report) -> str:
    names = [d.name for d, _found in report.weakest]
    if len(names) == 2:
        said = _("The weakest dimensions are %(first)s and %(second)s. These services and "
                 "technologies address them, and these hubs offer the services.") % {
            "first": names[0], "second": names[1]}
    else:
        said = _("The weakest dimensions are %(names)s. These services and technologies "
                 "address them, and these hubs offer the services.") % {
            "names": ", ".join(names)}
    if report.place:
        said += " " + (_("Distances are from %(place)s, the capital.")
                       if report.place.source == "capital"
                       else _("Distances are from %(place)s.")) % {"place": report.place.name}
    return said


def score_table(report: Report, s) -> Table:
    head = [_("Dimension"), _("Score"), pgettext("maturity level", "Level")] + (
        [_("Peers' median")] if report.peers else [])
    rows = [[Paragraph(f"<b>{text(h)}</b>", s["cell"]) for h in head]]
    for d in report.dimensions:
        row = [Paragraph(text(d.name), s["cell"]), fmt(d.score), d.level_name]
        if report.peers:
            row.append(fmt(d.peer_median))
        rows.append(row)
    total = [Paragraph(f"<b>{text(_('Overall'))}</b>", s["cell"]), fmt(report.overall),
             report.level_name]
    if report.peers:
        total.append(fmt(report.peers.overall))
    rows.append(total)
    widths = [7.5 * cm, 2 * cm, 4 * cm] + ([3 * cm] if report.peers else [])
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), FONT, 9),
        ("FONT", (0, -1), (-1, -1), BOLD, 9),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ("ALIGN", (1, 1), (1, -1), "RIGHT"),
        ("ALIGN", (3, 1), (3, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, INK),
        ("LINEABOVE", (0, -1), (-1, -1), 0.8, INK),
        ("ROWBACKGROUNDS", (0, 1), (-1, -2), [colors.white, colors.HexColor("#f2f4f6")]),
    ]))
    return table


def help_section(d, found, base_url, s) -> list:
    parts = [Paragraph(f"{text(d.name)} ({fmt(d.score)})", s["h3"])]
    for label, terms in ((_("Services:"), found.services),
                         (_("Technologies:"), found.technologies)):
        if terms:
            parts.append(Paragraph(f"<b>{text(label)}</b> " + ", ".join(
                link(urljoin(base_url, t.url), t.label or t.name) for t in terms), s["body"]))
    if found.hubs:
        items = []
        for h in found.hubs:
            where = ", ".join(x for x in (h.get("city"), h.get("country")) if x)
            km = ("" if h.get("distance_km") is None
                  else f", {number_format(round(h['distance_km']), 0)} km")
            items.append(ListItem(Paragraph(
                f"{link(urljoin(base_url, h['url']), h['name'])} ({text(where)}{km})",
                s["body"]), leftIndent=12))
        parts.append(ListFlowable(items, bulletType="bullet", start="•", leftIndent=12,
                                  bulletFontName=FONT))
    else:
        parts.append(Paragraph(text(_("No hub offering these services was found nearby.")),
                               s["body"]))
    if found.search_url:
        parts.append(Paragraph(link(urljoin(base_url, found.search_url),
                                    _("All hubs offering these services")) +
                               (" " + text(_("within %(km)s km") % {
                                   "km": number_format(round(found.radius_km), 0)})
                                if found.radius_km else ""),
                               s["body"]))
    return [KeepTogether(parts)]


def _footer(canvas, doc):
    canvas.saveState()
    canvas.setFont(FONT, 8)
    canvas.setFillColor(MUTED)
    canvas.drawRightString(A4[0] - 2 * cm, 1 * cm, _("page %(n)s") % {"n": doc.page})
    canvas.drawString(2 * cm, 1 * cm, _("dihub · digital maturity report"))
    canvas.restoreState()
