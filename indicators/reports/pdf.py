"""The report as a PDF in the layout of a Vietnamese administrative document.

Layout after Decree 30/2020/NĐ-CP: A4, margins 20/15/20/30 mm (top, right,
bottom, left); the issuing body top left with the number under it; the national
motto top right with the place and date under it; the title centred; body text
justified with an indented first line; page numbers centred at the top from
page 2; "Nơi nhận" bottom left and the signature block bottom right.

Fonts: Noto Serif (SIL OFL 1.1, vendored in ``fonts/``), which covers every
Vietnamese letter; it is embedded (subset), so the PDF needs nothing at run
time and its text stays extractable. The chart is drawn with ReportLab's own
shapes: no network, no browser.
"""

import io
from datetime import datetime
from pathlib import Path
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    HRFlowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from indicators.report_sections import PART_ORDER, PART_TITLES, RESULTS, SECTIONS
from indicators.reports.labels import (
    MET,
    NOT_MET,
    ROMAN,
    blank_date,
    long_date,
    number,
    percent,
    verdict_text,
)

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT = "NotoSerif"
FONT_FILES = {
    FONT: "NotoSerif-Regular.ttf",
    f"{FONT}-Bold": "NotoSerif-Bold.ttf",
    f"{FONT}-Italic": "NotoSerif-Italic.ttf",
    f"{FONT}-BoldItalic": "NotoSerif-BoldItalic.ttf",
}
BOLD, ITALIC, BOLD_ITALIC = f"{FONT}-Bold", f"{FONT}-Italic", f"{FONT}-BoldItalic"

MARGINS = {"top": 20 * mm, "right": 15 * mm, "bottom": 20 * mm, "left": 30 * mm}
FRAME_WIDTH = A4[0] - MARGINS["left"] - MARGINS["right"]
BODY_SIZE = 13
INK = colors.HexColor("#1a1a1a")
BAR = colors.HexColor("#4a6fa5")
GRID = colors.HexColor("#cccccc")
MUTED = colors.HexColor("#666666")


def register_fonts():
    """Register Noto Serif with ReportLab once per process."""
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    for name, filename in FONT_FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / filename)))
    pdfmetrics.registerFontFamily(
        FONT, normal=FONT, bold=BOLD, italic=ITALIC, boldItalic=BOLD_ITALIC
    )


def _style(name, **values):
    defaults = {"fontName": FONT, "fontSize": BODY_SIZE, "leading": 18, "textColor": INK}
    return ParagraphStyle(name, **{**defaults, **values})


def _styles():
    return {
        "issuer": _style("issuer", fontName=BOLD, fontSize=12, leading=15, alignment=TA_CENTER),
        "number": _style("number", alignment=TA_CENTER, leading=16),
        "motto": _style("motto", fontName=BOLD, fontSize=12, leading=15, alignment=TA_CENTER),
        "motto2": _style("motto2", fontName=BOLD, leading=16, alignment=TA_CENTER),
        "dateline": _style("dateline", fontName=ITALIC, leading=16, alignment=TA_CENTER),
        "title": _style("title", fontName=BOLD, fontSize=14, leading=19, alignment=TA_CENTER),
        "body": _style(
            "body", alignment=TA_JUSTIFY, firstLineIndent=10 * mm, spaceAfter=4, leading=18
        ),
        "part": _style(
            "part",
            fontName=BOLD,
            firstLineIndent=10 * mm,
            spaceBefore=8,
            spaceAfter=4,
            keepWithNext=1,
        ),
        "section": _style(
            "section", fontName=BOLD, firstLineIndent=10 * mm, spaceAfter=3, keepWithNext=1
        ),
        "cell": _style("cell", fontSize=10.5, leading=13),
        "cell_center": _style("cell_center", fontSize=10.5, leading=13, alignment=TA_CENTER),
        "cell_head": _style(
            "cell_head", fontName=BOLD, fontSize=10.5, leading=13, alignment=TA_CENTER
        ),
        "caption": _style(
            "caption", fontName=ITALIC, fontSize=11, leading=14, alignment=TA_CENTER, spaceAfter=4
        ),
        "recipients_head": _style(
            "recipients_head", fontName=BOLD_ITALIC, fontSize=12, leading=15, alignment=TA_LEFT
        ),
        "recipients": _style("recipients", fontSize=11, leading=13),
        "signer": _style("signer", fontName=BOLD, leading=17, alignment=TA_CENTER),
    }


def _text(value):
    return escape(value or "").replace("\n", "<br/>")


def _fitted(text, style, width):
    """The style, its size reduced until the text fits one line (the motto must not wrap)."""
    size = style.fontSize
    while size > 9 and pdfmetrics.stringWidth(text, style.fontName, size) > width:
        size -= 0.5
    if size == style.fontSize:
        return style
    return ParagraphStyle(f"{style.name}-fit", parent=style, fontSize=size, leading=size * 1.25)


def _header(report, snapshot, styles, final):
    left_width, right_width = 68 * mm, FRAME_WIDTH - 68 * mm
    issuer_lines = [line.strip().upper() for line in (report.issuer or "").splitlines()]
    issuer_lines = [line for line in issuer_lines if line] or [snapshot["unit"]["name"].upper()]
    left = [
        Paragraph(_text(line), _fitted(line, styles["issuer"], left_width - 6))
        for line in issuer_lines
    ]
    left += [
        HRFlowable(width="35%", thickness=0.6, color=INK, spaceBefore=3, spaceAfter=5),
        Paragraph(_text(_("Số: %(number)s") % {"number": report.number or "…"}), styles["number"]),
    ]
    nation = _("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    motto = _("Độc lập - Tự do - Hạnh phúc")
    motto_style = _fitted(motto, styles["motto2"], right_width - 6)
    motto_width = pdfmetrics.stringWidth(motto, motto_style.fontName, motto_style.fontSize)
    year = datetime.fromisoformat(snapshot["period"]["end"]).year
    if report.issued_on:
        day_text = long_date(report.issued_on)
    else:
        day_text = blank_date(max(year, timezone.localdate().year))
    place = report.place or ""
    dateline = f"{place}, {day_text}" if place else day_text[:1].upper() + day_text[1:]
    right = [
        Paragraph(_text(nation), _fitted(nation, styles["motto"], right_width - 6)),
        Paragraph(_text(motto), motto_style),
        HRFlowable(
            width=motto_width,
            thickness=0.6,
            color=INK,
            spaceBefore=1,
            spaceAfter=6,
            hAlign="CENTER",
        ),
        Paragraph(_text(dateline), styles["dateline"]),
    ]
    table = Table([[left, right]], colWidths=[left_width, right_width])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return [table, Spacer(1, 8 * mm)]


def _title(snapshot, styles):
    return [
        Paragraph(_("BÁO CÁO"), styles["title"]),
        Paragraph(
            _text(_("Kết quả công tác truyền thông phòng, chống mại dâm"))
            + "<br/>"
            + _text(snapshot["period"]["label"]),
            styles["title"],
        ),
        HRFlowable(width="25%", thickness=0.6, color=INK, spaceBefore=2, spaceAfter=8 * mm),
    ]


def _paragraphs(text, styles):
    return [
        Paragraph(_text(line.strip()), styles["body"]) for line in text.splitlines() if line.strip()
    ]


def indicator_table(snapshot, styles):
    rows = [
        [
            Paragraph(_("TT"), styles["cell_head"]),
            Paragraph(_("Chỉ tiêu"), styles["cell_head"]),
            Paragraph(_("Kết quả"), styles["cell_head"]),
            Paragraph(_("Tỷ lệ"), styles["cell_head"]),
            Paragraph(_("Chỉ tiêu kế hoạch"), styles["cell_head"]),
            Paragraph(_("Đánh giá"), styles["cell_head"]),
        ]
    ]
    for index, reading in enumerate(snapshot["readings"], start=1):
        counted = f"{number(reading['numerator'])}/{number(reading['denominator'])}"
        if reading["counted"]:
            counted += f" {reading['counted']}"
        verdict = verdict_text(reading["verdict"])
        if reading["verdict"] in (MET, NOT_MET):
            verdict = f"<b>{escape(verdict)}</b>"
        rows.append(
            [
                Paragraph(str(index), styles["cell_center"]),
                Paragraph(_text(reading["name"]), styles["cell"]),
                Paragraph(_text(counted), styles["cell_center"]),
                Paragraph(percent(reading["value"]), styles["cell_center"]),
                Paragraph(_text(_target_cell(reading)), styles["cell_center"]),
                Paragraph(verdict, styles["cell_center"]),
            ]
        )
    widths = [11 * mm, 57 * mm, 30 * mm, 18 * mm, 22 * mm]
    widths.append(FRAME_WIDTH - sum(widths))
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, INK),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8ebf0")),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return table


def indicator_chart(snapshot, width=FRAME_WIDTH):
    """Horizontal bars of each indicator's value, with its target as a black mark.

    Readable in black and white: the value is a bar and a printed figure, the
    target a vertical line; an indicator without data says so in words.
    """
    readings = snapshot["readings"]
    label_width, value_room, row_height = 62 * mm, 24 * mm, 24
    left = label_width + 4
    scale_width = width - left - value_room
    top_room, bottom_room = 22, 22
    height = top_room + bottom_room + row_height * len(readings)
    drawing = Drawing(width, height)
    base = bottom_room

    def x_of(percent_value):
        return left + scale_width * max(0.0, min(float(percent_value), 100.0)) / 100

    for tick in (0, 25, 50, 75, 100):
        x = x_of(tick)
        drawing.add(Line(x, base, x, height - top_room, strokeColor=GRID, strokeWidth=0.5))
        drawing.add(
            String(x, base - 12, f"{tick}%", fontName=FONT, fontSize=8, textAnchor="middle")
        )
    for row, reading in enumerate(readings):
        y = height - top_room - row_height * (row + 1)
        middle = y + row_height / 2
        lines = simpleSplit(reading["name"], FONT, 8.5, label_width)[:2]
        for i, line in enumerate(lines):
            offset = (len(lines) - 1) * 5 - i * 10
            drawing.add(
                String(
                    label_width,
                    middle - 3 + offset,
                    line,
                    fontName=FONT,
                    fontSize=8.5,
                    textAnchor="end",
                )
            )
        value = reading["value"]
        if value is None:
            drawing.add(
                String(
                    left + 3,
                    middle - 3,
                    _("không có số liệu"),
                    fontName=ITALIC,
                    fontSize=8,
                    fillColor=MUTED,
                )
            )
        else:
            bar_end = x_of(value)
            drawing.add(
                Rect(
                    left, middle - 5, max(bar_end - left, 0.5), 10, fillColor=BAR, strokeColor=None
                )
            )
            drawing.add(
                String(
                    x_of(100) + 4,
                    middle - 3,
                    percent(value),
                    fontName=BOLD,
                    fontSize=8.5,
                )
            )
        if reading["target"] is not None:
            x = x_of(reading["target"])
            drawing.add(Line(x, middle - 9, x, middle + 9, strokeColor=INK, strokeWidth=2))
    # Legend.
    legend_y = height - 12
    drawing.add(Rect(left, legend_y - 1, 14, 7, fillColor=BAR, strokeColor=None))
    drawing.add(String(left + 18, legend_y, _("Kết quả (%)"), fontName=FONT, fontSize=8))
    drawing.add(
        Line(left + 95, legend_y - 3, left + 95, legend_y + 8, strokeColor=INK, strokeWidth=2)
    )
    drawing.add(String(left + 100, legend_y, _("Chỉ tiêu kế hoạch"), fontName=FONT, fontSize=8))
    return drawing


def _sections(report, snapshot, styles):
    texts = {section.code: section.text for section in report.sections.all()}
    story = _paragraphs(texts.get("intro", ""), styles)
    part_number = 0
    for part in PART_ORDER:
        members = [s for s in SECTIONS if s.part == part]
        filled = [s for s in members if texts.get(s.code, "").strip()]
        if part != RESULTS and not filled:
            continue  # an empty part is left out, and the parts after it renumbered
        story.append(Paragraph(f"{ROMAN[part_number]}. {PART_TITLES[part]}", styles["part"]))
        part_number += 1
        if part != RESULTS:
            for section in filled:
                story += _paragraphs(texts[section.code], styles)
            continue
        for number_in_part, section in enumerate(members, start=1):
            story.append(Paragraph(f"{number_in_part}. {section.title}", styles["section"]))
            story += _paragraphs(texts.get(section.code, ""), styles)
            if section.code == "indicators":
                story += [
                    Spacer(1, 3 * mm),
                    indicator_table(snapshot, styles),
                    Spacer(1, 5 * mm),
                    KeepTogether(
                        [
                            Paragraph(
                                _("Biểu đồ: Kết quả so với chỉ tiêu kế hoạch (%)"),
                                styles["caption"],
                            ),
                            indicator_chart(snapshot),
                        ]
                    ),
                    Spacer(1, 4 * mm),
                ]
    return story


def _closing(snapshot, styles):
    return Paragraph(
        _text(
            _(
                "Trên đây là báo cáo kết quả công tác truyền thông phòng, chống mại dâm "
                "%(period)s của %(unit)s./."
            )
            % {"period": snapshot["period"]["label"], "unit": snapshot["unit"]["name"]}
        ),
        styles["body"],
    )


def _signature(report, snapshot, styles):
    """The closing sentence, "Nơi nhận" and the signature, kept on one page together."""
    left = [Paragraph(_("Nơi nhận:"), styles["recipients_head"])]
    left += [
        Paragraph(_text(line), styles["recipients"])
        for line in (report.recipients or "").splitlines()
        if line.strip()
    ]
    right = [Paragraph(_text((report.signer_title or "").upper()), styles["signer"])]
    right += [Spacer(1, 22 * mm), Paragraph(_text(report.signer_name), styles["signer"])]
    table = Table([[left, right]], colWidths=[FRAME_WIDTH * 0.45, FRAME_WIDTH * 0.55])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return [KeepTogether([_closing(snapshot, styles), Spacer(1, 6 * mm), table])]


def _page_decorations(snapshot, final):
    built = timezone.localtime(datetime.fromisoformat(snapshot["built_at"]))
    stamp = (_("Số liệu chốt lúc %(time)s") if final else _("Số liệu tính lúc %(time)s")) % {
        "time": f"{built:%H:%M %d/%m/%Y}"
    }
    draft = _("DỰ THẢO")

    def decorate(canvas, doc):
        canvas.saveState()
        height = A4[1]
        page = canvas.getPageNumber()
        if page > 1:
            canvas.setFont(FONT, 12)
            canvas.drawCentredString(
                MARGINS["left"] + FRAME_WIDTH / 2, height - MARGINS["top"] / 2 - 4, str(page)
            )
        if not final:
            canvas.setFont(BOLD, 11)
            canvas.setFillColor(MUTED)
            canvas.drawString(MARGINS["left"], height - MARGINS["top"] / 2 - 4, draft)
        canvas.setFont(FONT, 7.5)
        canvas.setFillColor(MUTED)
        canvas.drawString(MARGINS["left"], MARGINS["bottom"] / 2, stamp)
        canvas.restoreState()

    return decorate


def write(report, snapshot, final=None) -> bytes:
    """The PDF's bytes. ``final`` drops the draft mark (defaults to the report's state)."""
    register_fonts()
    final = report.is_locked if final is None else final
    styles = _styles()
    buffer = io.BytesIO()
    unit, period = snapshot["unit"], snapshot["period"]
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGINS["left"],
        rightMargin=MARGINS["right"],
        topMargin=MARGINS["top"],
        bottomMargin=MARGINS["bottom"],
        title=_("Báo cáo kết quả công tác truyền thông phòng, chống mại dâm %(period)s")
        % {"period": period["label"]},
        author=unit["name"],
        subject=period["code"],
        lang="vi",
    )
    story = [
        *_header(report, snapshot, styles, final),
        *_title(snapshot, styles),
        *_sections(report, snapshot, styles),
        *_signature(report, snapshot, styles),
    ]
    decorate = _page_decorations(snapshot, final)
    document.build(story, onFirstPage=decorate, onLaterPages=decorate)
    return buffer.getvalue()


def _target_cell(reading):
    """The target that applies to the period, with its kind in words ("≥ 20% (mỗi năm)")."""
    if reading.get("target_rule"):
        return reading["target_rule"]
    if reading.get("target_elsewhere"):
        return _("không áp dụng cho kỳ này")
    return percent(reading["target"])
