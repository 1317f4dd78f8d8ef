"""A sale's receipt as a PDF on 58 or 80 mm roll paper: one page exactly as long as it needs.

Everything arrives as formatted strings (money is never a float here). Lines are laid out
first, so the page's height is known before anything is drawn; in a right-to-left language
the columns mirror (names on the right, amounts on the left).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from duka.documents.output import atomic_path
from duka.documents.text import Align, draw_text, font_name, text_width, wrap_text

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas

MM = 72 / 25.4
MARGIN = 3 * MM
SIZE = 8.0
SMALL = 7.0
BIG = 12.0
LEADING = 1.3
LEFT: Align = "left"
RIGHT: Align = "right"


@dataclass(frozen=True, slots=True)
class ReceiptLine:
    name: str
    detail: str  # "2 × 520.00"
    amount: str
    note: str = ""  # "discount −20.00", "price changed from 540.00"


@dataclass(frozen=True, slots=True)
class ReceiptData:
    shop_name: str
    header: Sequence[str]  # address lines, phone, tax number
    title: str  # "Receipt S-000123"
    meta: Sequence[str]  # date and time, cashier, customer
    lines: Sequence[ReceiptLine]
    totals: Sequence[tuple[str, str]]  # subtotal, discount...
    total: tuple[str, str]
    taxes: Sequence[tuple[str, str]]
    payments: Sequence[tuple[str, str]]
    footer: Sequence[str]
    number: str  # printed as a barcode
    rtl: bool = False
    width_mm: int = 80
    logo: bytes | None = field(default=None, repr=False)


@dataclass(frozen=True, slots=True)
class _Row:
    kind: str  # "text", "pair", "rule", "barcode", "gap"
    start: str = ""
    end: str = ""
    size: float = SIZE
    bold: bool = False
    centre: bool = False

    @property
    def height(self) -> float:
        if self.kind == "rule":
            return SIZE * 0.8
        if self.kind == "gap":
            return SIZE * 0.5
        if self.kind == "barcode":
            return 12 * MM
        return self.size * LEADING


def _plan(data: ReceiptData, width: float) -> list[_Row]:
    rows: list[_Row] = []

    def centred(text: str, size: float = SIZE, bold: bool = False) -> None:
        for part in wrap_text(text, size, width, bold=bold):
            rows.append(_Row("text", part, size=size, bold=bold, centre=True))

    def wrapped(text: str, size: float = SIZE, bold: bool = False) -> None:
        for part in wrap_text(text, size, width, bold=bold):
            rows.append(_Row("text", part, size=size, bold=bold))

    def pair(start: str, end: str, size: float = SIZE, bold: bool = False) -> None:
        room = width - text_width(end, size, bold) - 2 * MM
        parts = wrap_text(start, size, max(room, width / 3), bold=bold) or [""]
        rows.append(_Row("pair", parts[0], end, size=size, bold=bold))
        for more in parts[1:]:
            rows.append(_Row("text", more, size=size, bold=bold))

    centred(data.shop_name, BIG, bold=True)
    for text in data.header:
        centred(text, SMALL)
    rows.append(_Row("gap"))
    centred(data.title, SIZE, bold=True)
    for text in data.meta:
        centred(text, SMALL)
    rows.append(_Row("rule"))
    for item in data.lines:
        wrapped(item.name)
        pair("   " + item.detail, item.amount)
        if item.note:
            wrapped("   " + item.note, SMALL)
    rows.append(_Row("rule"))
    for label, value in data.totals:
        pair(label, value)
    pair(data.total[0], data.total[1], BIG, bold=True)
    if data.taxes:
        rows.append(_Row("gap"))
        for label, value in data.taxes:
            pair(label, value, SMALL)
    rows.append(_Row("rule"))
    for label, value in data.payments:
        pair(label, value)
    rows.append(_Row("gap"))
    rows.append(_Row("barcode", data.number))
    for text in data.footer:
        centred(text, SMALL)
    return rows


def write_receipt(path: Path, data: ReceiptData) -> None:
    """The receipt as a one-page PDF at `path` (written whole or not at all)."""
    from reportlab.pdfgen.canvas import Canvas

    page_width = data.width_mm * MM
    width = page_width - 2 * MARGIN
    rows = _plan(data, width)
    height = sum(row.height for row in rows) + 2 * MARGIN
    with atomic_path(Path(path)) as part:
        canvas = Canvas(str(part), pagesize=(page_width, height), initialFontName=font_name())
        canvas.setTitle(data.title)
        y = height - MARGIN
        for row in rows:
            y -= row.height
            _draw(canvas, row, y, page_width, width, data)
        canvas.showPage()
        canvas.save()


def _draw(
    canvas: Canvas, row: _Row, y: float, page_width: float, width: float, data: ReceiptData
) -> None:
    left, right = MARGIN, page_width - MARGIN
    baseline = y + row.height * 0.25
    rtl = data.rtl
    if row.kind == "rule":
        canvas.setDash(1, 2)
        canvas.setLineWidth(0.5)
        canvas.line(left, y + row.height / 2, right, y + row.height / 2)
        canvas.setDash()
    elif row.kind == "text":
        if row.centre:
            draw_text(canvas, page_width / 2, baseline, row.start, row.size, bold=row.bold,
                      align="centre", max_width=width)  # fmt: skip
        else:
            x, align = (right, RIGHT) if rtl else (left, LEFT)
            draw_text(canvas, x, baseline, row.start, row.size, bold=row.bold, align=align,
                      max_width=width, rtl=rtl)  # fmt: skip
    elif row.kind == "pair":
        start_x, start_align = (right, RIGHT) if rtl else (left, LEFT)
        end_x, end_align = (left, LEFT) if rtl else (right, RIGHT)
        draw_text(canvas, start_x, baseline, row.start, row.size, bold=row.bold,
                  align=start_align, rtl=rtl)  # fmt: skip
        draw_text(canvas, end_x, baseline, row.end, row.size, bold=row.bold, align=end_align)
    elif row.kind == "barcode":
        from reportlab.graphics.barcode.code128 import Code128

        module = 0.3 * MM
        bars = Code128(row.start, barWidth=module, barHeight=8 * MM, humanReadable=False)
        x = (page_width - float(bars.width)) / 2
        bars.drawOn(canvas, x, y + 3.5 * MM)
        draw_text(canvas, page_width / 2, y + 0.8 * MM, row.start, SMALL, align="centre")
