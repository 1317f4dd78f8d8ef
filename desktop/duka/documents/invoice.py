"""Quotes, invoices and credit notes as PDFs on A4 or Letter.

Every text arrives translated and formatted (money, dates, quantities in the document's
locale); this module lays them out: the shop's logo and details, the document's title and
number, the customer's details, the lines in a table whose header repeats on every page, tax
by rate, totals, terms, notes and a payment QR code, and "page N of M" on each page. In a
right-to-left document everything that starts at the left starts at the right and the
table's columns run from the right.

The whole document is laid out before anything is drawn: the heading, the running heading
of the later pages and the closing part (taxes, totals, terms, notes, QR code) become blocks
of drawing steps relative to their own top, the lines become measured rows, and the pages
are counted before the first one is drawn. A row never splits over two pages, and the
closing part stays in one piece: when it does not fit under the last row it starts a page
of its own.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache, partial
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from reportlab.lib.pagesizes import A4, LETTER

from duka.documents.output import atomic_path
from duka.documents.pdf_table import (
    MM,
    Column,
    LaidRow,
    Table,
    TableStyle,
    Text,
    measure,
)
from duka.documents.text import (
    Align,
    draw_text,
    font_name,
    is_right_to_left,
    text_width,
    wrap_text,
)

if TYPE_CHECKING:
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

PageSize = Literal["A4", "Letter"]
PageLabel = Callable[[int, int], str]


def _plain_page_label(page: int, pages: int) -> str:
    return f"{page} / {pages}"


@dataclass(frozen=True, slots=True)
class InvoiceColumn:
    """A column of the lines table: its title, its share of the width, and whether its texts
    line up at the end of the cell (numbers and money)."""

    title: str
    width: float
    align_end: bool = False


@dataclass(frozen=True, slots=True)
class InvoiceDocument:
    title: str  # "Tax invoice", "Quote", "Credit note"
    number: str  # "INV-2026-00012"; a draft's "Draft"
    facts: Sequence[tuple[str, str]]  # (label, value): date, due date, reference...
    shop_lines: Sequence[str]  # the shop's name first (drawn bold), then address, phone, tax id
    customer_title: str  # "Bill to"
    customer_lines: Sequence[str]  # name first (bold), then address, phone, tax number
    columns: Sequence[InvoiceColumn]
    lines: Sequence[Sequence[str]]  # one cell text per column; descriptions may wrap
    tax_columns: Sequence[InvoiceColumn] = ()  # rate, net, tax, gross
    tax_rows: Sequence[Sequence[str]] = ()
    totals: Sequence[tuple[str, str, bool]] = ()  # (label, value, emphasised)
    terms: str = ""  # "Payment within 30 days, by 29 December 2026."
    notes: str = ""
    legal_note: str = ""  # what the law asks the document to say ("Reverse charge: ...")
    qr_payload: str | None = None
    qr_caption: str = ""  # "Scan to pay"
    footer: str = ""  # a line at the foot of every page (bank details, registration)
    watermark: str = ""  # "DRAFT" across a draft's pages; "" on issued documents
    logo: bytes | None = field(default=None, repr=False)
    page_label: PageLabel = _plain_page_label
    page_size: PageSize = "A4"
    right_to_left: bool = False
    language: str = "en"  # the PDF's /Lang
    author: str = ""  # the shop's name in the PDF's properties


# -- measures ------------------------------------------------------------------------------

_PAGE_SIZES = {"A4": A4, "Letter": LETTER}
_SIDE = 16 * MM
_TOP = 15 * MM
_FOOT = 12 * MM  # the baseline of the page number

_TITLE = 20.0
_NUMBER = 11.0
_SHOP_NAME = 13.0
_CUSTOMER_NAME = 10.5
_DETAIL = 8.5  # the shop's and the customer's lines, the facts
_CAPTION = 7.5  # "Bill to"
_BODY = 9.0
_TAX = 8.0
_TOTAL = 9.0
_TOTAL_EMPHASISED = 11.0
_PARAGRAPH = 8.5
_FOOTER = 7.5
_LEADING = 1.45  # baseline to baseline, in font sizes, for lines of running text

_LOGO_BOX = (35 * MM, 20 * MM)
_LOGO_PIXELS = 600  # a larger logo is scaled down: 600 pixels over 35 mm are 435 dpi
_QR = 25 * MM
_GAP = 6 * MM  # between the parts of the page
_COLUMN_GAP = 8 * MM  # between side-by-side parts
_DESCRIPTION_LINES = 24  # a row must fit on a page, whatever the description
_PARAGRAPH_LINES = 15  # terms and notes each; the closing part must fit on a page

_INK = 0.0
_SECONDARY = 0.3  # addresses, phone numbers, the footer
_CAPTION_GREY = 0.45
_WATERMARK_GREY = 0.9

_BODY_STYLE = TableStyle(size=_BODY)
_TAX_STYLE = TableStyle(size=_TAX, cell_pad=2.5, row_pad=2.5, header_lines=1)

Op = Callable[["Canvas"], None]


@dataclass(frozen=True, slots=True)
class _Frame:
    """The page's writing area across, mirrored for a right-to-left document."""

    left: float
    right: float
    rtl: bool

    @property
    def width(self) -> float:
        return self.right - self.left

    @property
    def start_align(self) -> Align:
        return "right" if self.rtl else "left"

    @property
    def end_align(self) -> Align:
        return "left" if self.rtl else "right"

    def start(self, inset: float = 0.0) -> float:
        """The x `inset` points in from the start edge."""
        return self.right - inset if self.rtl else self.left + inset

    def end(self, inset: float = 0.0) -> float:
        """The x `inset` points in from the end edge."""
        return self.left + inset if self.rtl else self.right - inset

    def span(self, inset: float, width: float) -> tuple[float, float]:
        """The left and right edges of a band `width` wide, `inset` in from the start."""
        x = self.start(inset)
        return (x - width, x) if self.rtl else (x, x + width)


@dataclass(slots=True)
class _Block:
    """Drawing steps relative to the block's top (y = 0, downwards negative)."""

    height: float = 0.0
    ops: list[Op] = field(default_factory=list)

    def text(
        self,
        x: float,
        y: float,
        text: str,
        size: float,
        *,
        bold: bool = False,
        align: Align = "left",
        max_width: float,
        rtl: bool | None = None,
    ) -> None:
        self.ops.append(Text(x, y, text, size, bold, align, max_width, rtl).draw)

    def grey(self, level: float) -> None:
        self.ops.append(partial(_fill_grey, level=level))

    def draw(self, canvas: Canvas, top: float) -> None:
        canvas.saveState()
        canvas.translate(0, top)
        for op in self.ops:
            op(canvas)
        canvas.restoreState()


def _fill_grey(canvas: Canvas, level: float) -> None:
    canvas.setFillGray(level)


def _line_op(canvas: Canvas, x1: float, y1: float, x2: float, y2: float, width: float) -> None:
    canvas.setLineWidth(width)
    canvas.line(x1, y1, x2, y2)


# -- the heading ---------------------------------------------------------------------------


def _lines_block(
    block: _Block,
    lines: Sequence[str],
    frame: _Frame,
    inset: float,
    width: float,
    y: float,
    first_size: float,
) -> float:
    """Lines at the start side of a band (`inset`, `width`): the first bold and `first_size`,
    the others smaller and grey; each wraps once. Returns the last baseline."""
    x, align = frame.start(inset), frame.start_align
    for index, line in enumerate(lines):
        size = first_size if index == 0 else _DETAIL
        if index == 1:
            block.grey(_SECONDARY)
        rtl = is_right_to_left(line)
        for part in wrap_text(line, size, width, bold=index == 0, max_lines=2, rtl=rtl):
            y -= size * _LEADING if index else size * 1.15
            block.text(x, y, part, size, bold=index == 0, align=align, max_width=width, rtl=rtl)
        if index == 0:
            y -= size * 0.25
    if len(lines) > 1:
        block.grey(_INK)
    return y


def _pairs_widths(pairs: Sequence[tuple[str, str]], size: float) -> tuple[float, float]:
    """The widest label (bold) and the widest value of label/value pairs."""
    labels = max((text_width(label, size, True) for label, _ in pairs), default=0.0)
    values = max((text_width(value, size) for _, value in pairs), default=0.0)
    return labels, values


def _heading(document: InvoiceDocument, frame: _Frame, logo: ImageReader | None) -> _Block:
    """The first page's top: logo, shop and customer at the start side; title, number and
    facts at the end side."""
    block = _Block()
    inner = frame.width

    # The end side takes what its texts need, between a third and a half of the width.
    labels, values = _pairs_widths(document.facts, _DETAIL)
    needed = max(
        text_width(document.title, _TITLE, True),
        text_width(document.number, _NUMBER, True),
        labels + 4 * MM + values if document.facts else 0.0,
    )
    end_width = min(max(needed, inner * 0.36), inner * 0.5)
    start_width = inner - end_width - _COLUMN_GAP

    # The logo stands at the start edge with the shop's lines beside it: a heading as tall
    # as the logo leaves room for more lines on the first page.
    inset, y_logo = 0.0, 0.0
    if logo is not None:
        box_width, box_height = _LOGO_BOX
        pixels_wide, pixels_high = logo.getSize()
        scale = min(box_width / pixels_wide, box_height / pixels_high)
        width, height = pixels_wide * scale, pixels_high * scale
        x = frame.start(width) if frame.rtl else frame.start()
        block.ops.append(partial(_draw_logo, image=logo, box=(x, -height, width, height)))
        inset, y_logo = width + 4 * MM, -height
    shop_width = start_width - inset
    y_shop = _lines_block(block, document.shop_lines, frame, inset, shop_width, 0.0, _SHOP_NAME)
    y_start = min(y_logo, y_shop)

    end, end_align = frame.end(), frame.end_align
    y_end = -_TITLE * 0.95
    block.text(end, y_end, document.title, _TITLE, bold=True, align=end_align, max_width=end_width)
    if document.number:
        y_end -= _NUMBER * 1.6
        block.text(
            end, y_end, document.number, _NUMBER, bold=True, align=end_align, max_width=end_width
        )
    if document.facts:
        y_end -= 2 * MM
        label_width = min(labels, end_width * 0.5)
        value_width = end_width - label_width - 4 * MM
        label_x = frame.end(end_width)
        for label, value in document.facts:
            y_end -= _DETAIL * _LEADING
            block.grey(_SECONDARY)
            block.text(
                label_x,
                y_end,
                label,
                _DETAIL,
                bold=True,
                align=frame.start_align,
                max_width=label_width,
            )
            block.grey(_INK)
            block.text(end, y_end, value, _DETAIL, align=end_align, max_width=value_width)

    # The customer goes under the shop, in the same column: the facts beside them.
    y = y_start
    if document.customer_title or document.customer_lines:
        y -= _GAP
        if document.customer_title:
            y -= _CAPTION * 1.2
            block.grey(_CAPTION_GREY)
            block.text(
                frame.start(),
                y,
                document.customer_title,
                _CAPTION,
                bold=True,
                align=frame.start_align,
                max_width=start_width,
            )
            block.grey(_INK)
            y -= _CAPTION * 0.3
        y = _lines_block(block, document.customer_lines, frame, 0.0, start_width, y, _CUSTOMER_NAME)
    block.height = -min(y, y_end) + _GAP
    return block


def _draw_logo(canvas: Canvas, image: ImageReader, box: tuple[float, float, float, float]) -> None:
    x, y, width, height = box
    canvas.drawImage(image, x, y, width, height)


def _logo(data: bytes) -> ImageReader | None:
    """The logo ready to draw; None when the bytes are not a picture: a broken logo must
    not stop an invoice from being printed."""
    from reportlab.lib.utils import ImageReader

    prepared = _prepared_logo(data)
    if isinstance(prepared, bytes):
        # A JPEG is read from its own file object while the PDF is written: a fresh reader
        # for each document, so that documents written at once never share one.
        return ImageReader(BytesIO(prepared))
    return prepared


@lru_cache(maxsize=4)
def _prepared_logo(data: bytes) -> ImageReader | bytes | None:
    """The logo prepared once and kept for the next document: a JPEG's bytes, or a reader
    over an image without transparency.

    Every image costs its compression again in each PDF (pure Python work in reportlab), so
    a large one is scaled down to what 35 mm need, a photo stays a JPEG (copied into the PDF
    as it is) and a transparent logo is laid on white paper once, rather than drawn through
    a second, soft-mask image in every document."""
    from PIL import Image, UnidentifiedImageError
    from reportlab.lib.utils import ImageReader

    try:
        image: Image.Image = Image.open(BytesIO(data))
        if image.format == "JPEG":
            if max(image.size) <= _LOGO_PIXELS and image.mode in ("RGB", "L"):
                return data
            image.thumbnail((_LOGO_PIXELS, _LOGO_PIXELS))
            if image.mode not in ("RGB", "L"):
                # A CMYK photo has no meaning beside the sRGB output intent of a PDF/A
                image = image.convert("RGB")
            smaller = BytesIO()
            image.save(smaller, format="JPEG", quality=90)
            return smaller.getvalue()
        image.thumbnail((_LOGO_PIXELS, _LOGO_PIXELS))
        if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
            image = image.convert("RGBA")
            paper = Image.new("RGB", image.size, "white")
            paper.paste(image, mask=image.getchannel("A"))
            image = paper
        elif image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        reader = ImageReader(image)
        reader.getRGBData()  # decoded here, once, rather than by the first two documents
        return reader
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, ValueError):
        return None


def _running_heading(document: InvoiceDocument, frame: _Frame) -> _Block:
    """The top of the pages after the first: the shop at the start side, the document at
    the end side, over a rule."""
    block = _Block()
    y = -_BODY * 1.1
    half = frame.width / 2 - 2 * MM
    shop = document.shop_lines[0] if document.shop_lines else ""
    block.text(frame.start(), y, shop, _BODY, bold=True, align=frame.start_align, max_width=half)
    label = f"{document.title} {document.number}".strip()
    block.text(frame.end(), y, label, _BODY, align=frame.end_align, max_width=half, rtl=frame.rtl)
    y -= _BODY * 0.7
    block.ops.append(partial(_line_op, x1=frame.left, y1=y, x2=frame.right, y2=y, width=0.5))
    block.height = -y + 4 * MM
    return block


# -- the lines table -----------------------------------------------------------------------


def _description_column(columns: Sequence[InvoiceColumn]) -> int | None:
    """The column that wraps: the widest of those whose texts start at the start."""
    best: int | None = None
    for index, column in enumerate(columns):
        if not column.align_end and (best is None or column.width > columns[best].width):
            best = index
    return best


def _lines_table(document: InvoiceDocument, frame: _Frame) -> Table:
    wrapping = _description_column(document.columns)
    columns = [
        Column(column.width, column.align_end, _DESCRIPTION_LINES)
        if index == wrapping
        else Column(column.width, column.align_end, shrink=True)
        for index, column in enumerate(document.columns)
    ]
    metrics = measure(
        _BODY,
        [column.title for column in document.columns],
        [cell for line in document.lines for cell in line],
    )
    return Table(
        columns, frame.left, frame.right, rtl=frame.rtl, metrics=metrics, style=_BODY_STYLE
    )


# -- the closing part ----------------------------------------------------------------------


def _closing(document: InvoiceDocument, frame: _Frame) -> _Block:
    """Taxes at the start side beside the totals at the end side; under them terms and notes
    at the start side beside the payment QR code at the end side."""
    block = _Block()
    inner = frame.width

    totals_width = inner * 0.42
    taxes_width = inner - totals_width - _COLUMN_GAP
    y_taxes = 0.0
    if document.tax_columns and document.tax_rows:
        y_taxes = _tax_table(block, document, frame, taxes_width)
    y_totals = _totals(block, document, frame, totals_width)
    y = min(y_taxes, y_totals)
    paragraphs = [
        text for text in (document.legal_note, document.terms, document.notes) if text.strip()
    ]
    if not paragraphs and not document.qr_payload:
        block.height = -y
        return block

    y -= _GAP
    y_text = y
    width = inner - _QR - _COLUMN_GAP if document.qr_payload else inner
    for index, paragraph in enumerate(paragraphs):
        if index:
            y_text -= _GAP * 0.6
        y_text = _paragraph(block, paragraph, frame, width, y_text)
    y_code = y
    if document.qr_payload:
        left = frame.end() if frame.rtl else frame.end(_QR)
        block.ops.append(partial(_draw_qr, payload=document.qr_payload, x=left, y=y - _QR))
        y_code -= _QR
        caption = _CAPTION + 0.5
        rtl = is_right_to_left(document.qr_caption)
        for line in wrap_text(document.qr_caption, caption, _QR, max_lines=2, rtl=rtl):
            y_code -= caption * 1.3
            block.text(
                left + _QR / 2,
                y_code,
                line,
                caption,
                bold=True,
                align="centre",
                max_width=_QR,
                rtl=rtl,
            )
    block.height = -min(y_text - _PARAGRAPH * 0.4, y_code)
    return block


def _paragraph(block: _Block, text: str, frame: _Frame, width: float, y: float) -> float:
    """`text` wrapped at the start side from below `y`; returns its last baseline."""
    # Every line keeps the paragraph's direction, also one that starts with a Latin word.
    rtl = is_right_to_left(text)
    for line in wrap_text(text, _PARAGRAPH, width, max_lines=_PARAGRAPH_LINES, rtl=rtl):
        y -= _PARAGRAPH * _LEADING
        block.text(
            frame.start(), y, line, _PARAGRAPH, align=frame.start_align, max_width=width, rtl=rtl
        )
    return y


def _tax_table(block: _Block, document: InvoiceDocument, frame: _Frame, width: float) -> float:
    """The tax by rate, as a small table at the start side; returns where it ends."""
    columns = [Column(c.width, c.align_end, shrink=True) for c in document.tax_columns]
    titles = [column.title for column in document.tax_columns]
    metrics = measure(_TAX, titles, [cell for row in document.tax_rows for cell in row])
    left, right = frame.span(0.0, width)
    table = Table(columns, left, right, rtl=frame.rtl, metrics=metrics, style=_TAX_STYLE)
    rows = [table.lay_row(titles, header=True)]
    rows += [table.lay_row(row) for row in document.tax_rows]
    y = 0.0
    for index, row in enumerate(rows):
        block.ops.append(partial(_draw_table_row, table=table, row=row, top=y, header=index == 0))
        y -= row.height
    return y


def _draw_table_row(canvas: Canvas, table: Table, row: LaidRow, top: float, header: bool) -> None:
    table.draw_row(canvas, row, top, header=header)


def _totals(block: _Block, document: InvoiceDocument, frame: _Frame, width: float) -> float:
    """The totals at the end side, labels at the start of their band and values at the
    end; emphasised ones bold, larger and under a rule. Returns where they end."""
    values = max(
        (
            text_width(value, _TOTAL_EMPHASISED if bold else _TOTAL, bold)
            for _, value, bold in document.totals
        ),
        default=0.0,
    )
    value_width = min(values, width * 0.6)
    label_width = width - value_width - 3 * MM
    left, right = frame.span(frame.width - width, width)
    label_x = frame.end(width)
    y = 0.0
    for label, value, emphasised in document.totals:
        size = _TOTAL_EMPHASISED if emphasised else _TOTAL
        if emphasised:
            y -= 1.5 * MM
            block.ops.append(partial(_line_op, x1=left, y1=y, x2=right, y2=y, width=0.8))
        y -= size * _LEADING
        block.text(
            label_x,
            y,
            label,
            size,
            bold=emphasised,
            align=frame.start_align,
            max_width=label_width,
        )
        block.text(
            frame.end(),
            y,
            value,
            size,
            bold=emphasised,
            align=frame.end_align,
            max_width=value_width,
        )
        if emphasised:
            y -= size * 0.35
    return y


def _draw_qr(canvas: Canvas, payload: str, x: float, y: float) -> None:
    canvas.saveState()
    canvas.translate(x, y)
    canvas.setFillGray(0)
    canvas.addLiteral(_qr_path(payload))
    canvas.restoreState()


@lru_cache(maxsize=16)
def _qr_path(payload: str) -> str:
    """The payment QR code as PDF path operators filling a _QR square from its bottom left
    corner: the dark runs that reportlab's QrCodeWidget lays out, made into one path once
    per payload. Encoding the code and drawing hundreds of separate shapes for it cost as
    much as the rest of a page."""
    from reportlab.graphics.barcode.qr import QrCodeWidget
    from reportlab.graphics.shapes import Rect

    widget = QrCodeWidget(payload, barWidth=_QR, barHeight=_QR, barBorder=2, barLevel="M")
    group: Any = widget.draw()
    runs = [
        f"{shape.x:.3f} {shape.y:.3f} {shape.width:.3f} {shape.height:.3f} re"
        for shape in group.contents
        if isinstance(shape, Rect) and shape.fillColor is not None
    ]
    return "\n".join([*runs, "f"])


# -- pages ---------------------------------------------------------------------------------


@dataclass(slots=True)
class _Page:
    heading: _Block
    rows: list[LaidRow] = field(default_factory=list)
    table_header: bool = True
    closing: bool = False


def _paginate(
    heading: _Block,
    running: _Block,
    header: LaidRow,
    rows: Sequence[LaidRow],
    closing: _Block,
    top: float,
    floor: float,
) -> list[_Page]:
    pages = [_Page(heading)]
    y = top - heading.height - header.height
    for row in rows:
        # A row taller than a page's room still gets a page of its own, and no more.
        if y - row.height < floor and pages[-1].rows:
            pages.append(_Page(running))
            y = top - running.height - header.height
        pages[-1].rows.append(row)
        y -= row.height
    if y - _GAP - closing.height < floor:
        pages.append(_Page(running, table_header=False))
    pages[-1].closing = True
    return pages


def _foot_layout(
    document: InvoiceDocument, frame: _Frame, pages: int
) -> tuple[list[str], float, float]:
    """The footer's lines (centred, clear of the page number at the end side), the footer's
    width and the top of the foot."""
    label_width = text_width(document.page_label(pages, pages), _FOOTER) + 4 * MM
    width = max(frame.width - 2 * label_width, frame.width * 0.4)
    # Its parts (each in an isolate of its own) follow one another in the document's direction.
    footer = document.footer
    lines = wrap_text(footer, _FOOTER, width, max_lines=2, rtl=frame.rtl) if footer else []
    top = _FOOT + _FOOTER * 1.2 + _FOOTER * _LEADING * max(len(lines) - 1, 0)
    return lines, width, top + 2 * MM


def _draw_foot(
    canvas: Canvas,
    document: InvoiceDocument,
    frame: _Frame,
    foot: tuple[list[str], float, float],
    number: int,
    pages: int,
) -> None:
    lines, width, top = foot
    centre = (frame.left + frame.right) / 2
    canvas.saveState()
    canvas.setFillGray(_SECONDARY)
    if lines:
        canvas.setStrokeGray(0.75)
        canvas.setLineWidth(0.4)
        canvas.line(frame.left, top, frame.right, top)
        y = _FOOT + _FOOTER * _LEADING * (len(lines) - 1)
        for line in lines:
            draw_text(
                canvas, centre, y, line, _FOOTER, align="centre", max_width=width, rtl=frame.rtl
            )
            y -= _FOOTER * _LEADING
    label = document.page_label(number, pages)
    draw_text(canvas, frame.end(), _FOOT, label, _FOOTER, align=frame.end_align)
    canvas.restoreState()


def _draw_watermark(canvas: Canvas, text: str, page: tuple[float, float]) -> None:
    """`text` large and light across the page's diagonal."""
    width, height = page
    diagonal = math.hypot(width, height)
    size = min(120.0, diagonal * 0.6 / max(text_width(text, 1.0, True), 0.01))
    canvas.saveState()
    canvas.translate(width / 2, height / 2)
    canvas.rotate(math.degrees(math.atan2(height, width)))
    canvas.setFillGray(_WATERMARK_GREY)
    draw_text(canvas, 0, -size * 0.35, text, size, bold=True, align="centre")
    canvas.restoreState()


# -- writing -------------------------------------------------------------------------------


def write_invoice(path: Path, document: InvoiceDocument) -> int:
    """Write `document` as a PDF at `path` (whole or not at all); returns the page count."""
    from reportlab.pdfgen.canvas import Canvas

    page = _PAGE_SIZES[document.page_size]
    page_width, page_height = page
    frame = _Frame(_SIDE, page_width - _SIDE, document.right_to_left)
    logo = _logo(document.logo) if document.logo else None

    heading = _heading(document, frame, logo)
    running = _running_heading(document, frame)
    table = _lines_table(document, frame)
    header = table.lay_row([column.title for column in document.columns], header=True)
    rows = [table.lay_row(line) for line in document.lines]
    closing = _closing(document, frame)
    top = page_height - _TOP
    # The page count only changes the footer's room when it adds a digit: lay out with a
    # guess, and again in the rare case the count's width moved the foot.
    foot = _foot_layout(document, frame, 1)
    pages = _paginate(heading, running, header, rows, closing, top, foot[2] + 3 * MM)
    final_foot = _foot_layout(document, frame, len(pages))
    if final_foot[2] != foot[2]:
        pages = _paginate(heading, running, header, rows, closing, top, final_foot[2] + 3 * MM)
        final_foot = _foot_layout(document, frame, len(pages))

    with atomic_path(Path(path)) as part:
        # Pages start in an embedded font: reportlab's default Helvetica is never embedded,
        # and a Factur-X invoice is a PDF/A-3, where every font must be.
        canvas = Canvas(
            str(part),
            pagesize=page,
            lang=document.language or None,
            initialFontName=font_name(),
            initialFontSize=_BODY,
        )
        canvas.setTitle(f"{document.title} {document.number}".strip())
        canvas.setAuthor(document.author)
        canvas.setCreator("Duka")
        for number, content in enumerate(pages, start=1):
            if document.watermark:
                _draw_watermark(canvas, document.watermark, page)
            content.heading.draw(canvas, top)
            y = top - content.heading.height
            if content.table_header:
                y = table.draw_row(canvas, header, y, header=True)
            for row in content.rows:
                y = table.draw_row(canvas, row, y)
            if content.closing:
                content_top = y - _GAP if content.rows or content.table_header else y
                closing.draw(canvas, content_top)
            _draw_foot(canvas, document, frame, final_foot, number, len(pages))
            canvas.showPage()
        canvas.save()
    return len(pages)
