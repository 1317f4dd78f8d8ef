"""A payment reminder: one card-sized page (A6) with the amount due, a friendly message and a
payment QR code, to print or to send as a picture through any messaging app.

Every text arrives translated and formatted; this module lays it out, mirrored for a
right-to-left language. `reminder_png` turns the page into a PNG the size of a phone screen.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from duka.documents.output import atomic_path
from duka.documents.text import Align, draw_text, font_name, wrap_text

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas

MM = 72 / 25.4
PAGE = (105 * MM, 148 * MM)  # A6, portrait: a phone's shape, and a quarter of an A4 sheet
_MARGIN = 8 * MM
_QR = 38 * MM
LEFT: Align = "left"
RIGHT: Align = "right"


@dataclass(frozen=True, slots=True)
class Reminder:
    shop_name: str
    title: str
    greeting: str  # "Dear Amina,"
    message: str  # the paragraph that says what is due since when
    amount_label: str
    amount: str
    details: list[tuple[str, str]] = field(default_factory=list)  # ageing lines, limit
    qr_payload: str | None = None
    qr_caption: str = ""  # "Scan to pay"
    pay_to: str = ""  # the UPI ID, IBAN or link, printed under the code
    pay_by: list[str] = field(default_factory=list)  # "M-Pesa Till 123456"
    shop_contact: str = ""  # phone or address line
    date_line: str = ""
    right_to_left: bool = False


def write_reminder(path: Path, reminder: Reminder) -> None:
    """The reminder as a one-page PDF at `path` (written whole or not at all)."""
    from reportlab.pdfgen.canvas import Canvas

    with atomic_path(Path(path)) as part:
        canvas = Canvas(str(part), pagesize=PAGE, initialFontName=font_name())
        canvas.setTitle(reminder.title)
        canvas.setCreator("Duka")
        _draw(canvas, reminder)
        canvas.showPage()
        canvas.save()


def _draw(canvas: Canvas, r: Reminder) -> None:
    width, height = PAGE
    inner = width - 2 * _MARGIN
    rtl = r.right_to_left
    start, align = (width - _MARGIN, RIGHT) if rtl else (_MARGIN, LEFT)
    end, end_align = (_MARGIN, LEFT) if rtl else (width - _MARGIN, RIGHT)
    centre = width / 2
    y = height - _MARGIN

    # A band of colour across the top with the shop's name, so the picture reads as a card.
    band = 18 * MM
    canvas.setFillColorRGB(0.13, 0.36, 0.55)
    canvas.rect(0, height - band, width, band, stroke=0, fill=1)
    canvas.setFillColorRGB(1, 1, 1)
    draw_text(canvas, centre, height - band / 2 - 2.2 * MM, r.shop_name, 14, bold=True,
              align="centre", max_width=inner)  # fmt: skip
    canvas.setFillColorRGB(0, 0, 0)
    y = height - band - 8 * MM
    draw_text(canvas, centre, y, r.title, 13, bold=True, align="centre", max_width=inner)
    y -= 8 * MM
    draw_text(canvas, start, y, r.greeting, 10, align=align, max_width=inner, rtl=rtl)
    for line in wrap_text(r.message, 9.5, inner, max_lines=4, rtl=rtl):
        y -= 5 * MM
        draw_text(canvas, start, y, line, 9.5, align=align, rtl=rtl)

    y -= 9 * MM
    draw_text(canvas, centre, y, r.amount_label, 9.5, align="centre", max_width=inner)
    y -= 9 * MM
    canvas.setFillColorRGB(0.72, 0.11, 0.11)
    draw_text(canvas, centre, y, r.amount, 20, bold=True, align="centre", max_width=inner)
    canvas.setFillColorRGB(0, 0, 0)
    y -= 3 * MM
    for label, value in r.details:
        y -= 4.6 * MM
        draw_text(canvas, start, y, label, 8.5, align=align, max_width=inner * 0.62, rtl=rtl)
        draw_text(canvas, end, y, value, 8.5, align=end_align, max_width=inner * 0.36)

    # The foot's height is known first: the code shrinks to leave the pay lines room above
    # the shop's contact line.
    footer_top = _MARGIN + 4 * MM * (bool(r.date_line) + bool(r.shop_contact)) + 2 * MM
    pay_by_height = (3 * MM + 5.5 * MM * len(r.pay_by)) if r.pay_by else 0.0
    if r.qr_payload:
        below_qr = 4 * MM * bool(r.qr_caption) + 4.2 * MM * bool(r.pay_to)
        room = y - 4 * MM - below_qr - pay_by_height - footer_top
        qr = max(min(_QR, room), 22 * MM)  # smaller than 22 mm, phones read it badly
        y -= 4 * MM + qr
        _draw_qr(canvas, r.qr_payload, centre - qr / 2, y, qr)
        if r.qr_caption:
            y -= 4 * MM
            draw_text(canvas, centre, y, r.qr_caption, 9, bold=True, align="centre",
                      max_width=inner)  # fmt: skip
        if r.pay_to:
            y -= 4.2 * MM
            draw_text(canvas, centre, y, r.pay_to, 8, align="centre", max_width=inner)
    if r.pay_by:
        y -= 3 * MM
        for line in r.pay_by:
            y -= 5.5 * MM
            draw_text(canvas, centre, y, line, 11, bold=True, align="centre", max_width=inner)

    footer = _MARGIN
    if r.date_line:
        draw_text(canvas, centre, footer, r.date_line, 7.5, align="centre", max_width=inner)
        footer += 4 * MM
    if r.shop_contact:
        draw_text(canvas, centre, footer, r.shop_contact, 8, align="centre", max_width=inner)


def _draw_qr(canvas: Canvas, payload: str, x: float, y: float, size: float = _QR) -> None:
    from reportlab.graphics import renderPDF
    from reportlab.graphics.barcode.qr import QrCodeWidget
    from reportlab.graphics.shapes import Drawing

    drawing = Drawing(size, size)
    drawing.initialFontName = font_name()  # not reportlab's Helvetica, which is not embedded
    drawing.add(QrCodeWidget(payload, barWidth=size, barHeight=size, barBorder=2, barLevel="M"))
    renderPDF.draw(drawing, canvas, x, y)


def reminder_png(pdf: Path, png: Path, width_px: int = 1080) -> None:
    """The reminder's page as a PNG `width_px` wide (a phone screen's width), drawn from the
    PDF itself so that the picture and the paper say exactly the same."""
    import pypdfium2

    document = pypdfium2.PdfDocument(str(pdf))
    try:
        page = document[0]
        scale = width_px / page.get_width()
        image = page.render(scale=scale).to_pil()
        with atomic_path(Path(png)) as part:
            image.save(part, format="PNG", optimize=True)
    finally:
        document.close()
