"""A report on A4 pages: the shop and the report's title, the period and what the amounts
are in, a table whose header repeats on every page, the totals row in bold, key figures
after it, and "page N of M".

Every text arrives formatted and translated. Number columns keep each figure on one line
and shrink one that is too wide rather than wrapping or cutting it (a sum of money never
loses a digit); text columns wrap onto two lines. Wide reports go landscape. In a
right-to-left document the columns run from the right.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib.pagesizes import A4, landscape

from duka.documents.output import atomic_path
from duka.documents.pdf_table import (
    MM,
    Column,
    LaidRow,
    Table,
    TableStyle,
    Text,
    draw_texts,
    measure,
)
from duka.documents.text import draw_text

PageLabel = Callable[[int, int], str]

_MARGIN = 12 * MM
_BODY = 8.5
_TITLE = 15.0
_SHOP = 10.5
_SUBTITLE = 9.0
_FOOTER = 8.0
_STYLE = TableStyle(size=_BODY, cell_pad=2.5, row_pad=2.5)


@dataclass(frozen=True, slots=True)
class ReportColumn:
    title: str
    width: float  # a share of the table's width
    number: bool = False  # lines up at the end of the cell; shrinks rather than wraps


@dataclass(frozen=True, slots=True)
class ReportDocument:
    title: str
    columns: Sequence[ReportColumn]
    rows: Sequence[Sequence[str]]
    totals: Sequence[str] | None = None
    shop_name: str = ""
    subtitle_lines: Sequence[str] = ()
    footer_lines: Sequence[str] = ()
    page_label: PageLabel = field(default=lambda page, pages: f"{page} / {pages}")
    right_to_left: bool = False
    landscape: bool = False


def _geometry(document: ReportDocument, page_width: float) -> Table:
    texts = [column.title for column in document.columns]
    texts += list(document.totals or ())
    regular = {cell for row in document.rows for cell in row}
    return Table(
        [
            Column(c.width, align_end=c.number, max_lines=1 if c.number else 2, shrink=c.number)
            for c in document.columns
        ],
        _MARGIN,
        page_width - _MARGIN,
        rtl=document.right_to_left,
        metrics=measure(_BODY, texts, regular),
        style=_STYLE,
    )


def _heading(
    document: ReportDocument, geometry: Table, top: float, first: bool
) -> tuple[list[Text], float]:
    start, align = geometry.start, geometry.start_align
    width = geometry.right - geometry.left
    texts: list[Text] = []
    y = top
    if not first:
        y -= _SUBTITLE * 1.1
        line = " · ".join(part for part in (document.shop_name, document.title) if part)
        texts.append(Text(start, y, line, _SUBTITLE, True, align, width))
        return texts, y - 3 * MM
    if document.shop_name:
        y -= _SHOP * 1.1
        texts.append(Text(start, y, document.shop_name, _SHOP, True, align, width))
        y -= _SHOP * 0.4
    y -= _TITLE * 1.1
    texts.append(Text(start, y, document.title, _TITLE, True, align, width))
    y -= _TITLE * 0.3
    for line in document.subtitle_lines:
        y -= _SUBTITLE * 1.5
        texts.append(Text(start, y, line, _SUBTITLE, False, align, width))
    return texts, y - 4 * MM


def _footer(document: ReportDocument, geometry: Table, top: float) -> tuple[list[Text], float]:
    texts: list[Text] = []
    y = top - 2 * MM
    width = geometry.right - geometry.left
    for line in document.footer_lines:
        y -= _SUBTITLE * 1.5
        texts.append(Text(geometry.start, y, line, _SUBTITLE, False, geometry.start_align, width))
    return texts, y


def write_report_pdf(path: Path, document: ReportDocument) -> int:
    """Write `document` to the PDF at `path` (atomically); returns the number of pages."""
    from reportlab.pdfgen.canvas import Canvas

    size = landscape(A4) if document.landscape else A4
    width, height = size
    geometry = _geometry(document, width)
    header = geometry.lay_row([c.title for c in document.columns], header=True)
    rows = [geometry.lay_row(row) for row in document.rows]
    if document.totals is not None:
        rows.append(geometry.lay_row(document.totals, bold=True))
    top = height - _MARGIN
    floor = _MARGIN + _FOOTER * 2.5
    pages: list[list[LaidRow]] = [[]]
    y = _heading(document, geometry, top, True)[1] - header.height
    for row in rows:
        if y - row.height < floor and pages[-1]:
            pages.append([])
            y = _heading(document, geometry, top, False)[1] - header.height
        pages[-1].append(row)
        y -= row.height
    footer_on_new_page = _footer(document, geometry, y)[1] - _SUBTITLE < floor
    if footer_on_new_page:
        pages.append([])
    with atomic_path(path) as part:
        canvas = Canvas(str(part), pagesize=size)
        canvas.setTitle(document.title)
        canvas.setCreator("Duka")
        for number, page in enumerate(pages, start=1):
            texts, y = _heading(document, geometry, top, number == 1)
            draw_texts(canvas, texts)
            if page or number == 1:
                y = geometry.draw_row(canvas, header, y, header=True)
            for row in page:
                y = geometry.draw_row(canvas, row, y)
            if number == len(pages):
                draw_texts(canvas, _footer(document, geometry, y)[0])
            label = document.page_label(number, len(pages))
            draw_text(canvas, width / 2, _MARGIN, label, _FOOTER, align="centre")
            canvas.showPage()
        canvas.save()
    return len(pages)
