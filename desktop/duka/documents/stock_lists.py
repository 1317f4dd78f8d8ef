"""Tables on A4: the low-stock list, account statements and reports, over one writer.

Every text arrives formatted and translated (titles, quantities, money, dates); this module
lays them out. A table's header row repeats on each page and each page is numbered "page N of
M" through the caller's `page_label`. In a right-to-left document the columns run from the
right, and everything that starts at the left in a left-to-right one starts at the right.

The writer lays the whole document out before drawing it, so it knows the number of pages
when it writes the first page's number.
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
from duka.documents.text import draw_text, font_name, text_width

PageLabel = Callable[[int, int], str]

_FOOTER = 8.0  # the page number


@dataclass(frozen=True, slots=True)
class Sizes:
    """Margins and font sizes of a document: lists read at arm's length; reports, with up to
    fourteen columns of money, are set a little tighter."""

    margin: float
    body: float  # font size of the table
    title: float
    shop: float
    subtitle: float
    style: TableStyle


LIST_SIZES = Sizes(15 * MM, 9.0, 16.0, 11.0, 9.5, TableStyle(size=9.0))
REPORT_SIZES = Sizes(12 * MM, 8.5, 15.0, 10.5, 9.0, TableStyle(size=8.5, cell_pad=2.5, row_pad=2.5))


def plain_page_label(page: int, pages: int) -> str:
    """ "3 / 7": a page number any reader understands, for callers without a translation."""
    return f"{page} / {pages}"


@dataclass(frozen=True, slots=True)
class ColumnSpec:
    """A column: its translated title, its share of the table's width, whether its texts
    line up at the end of the cell (numbers and money), and how many lines a cell may take."""

    title: str
    width: float
    align_end: bool = False
    max_lines: int = 1
    shrink: bool = False  # a figure too wide for its column is set smaller, never cut


@dataclass(frozen=True, slots=True)
class TableRow:
    cells: Sequence[str]
    bold: bool = False  # totals and balances


@dataclass(frozen=True, slots=True)
class TableDocument:
    """A titled table over as many pages as it needs.

    `details` are (label, value) pairs shown as a small form under the subtitle lines
    (a supplier's name and phone); `footer_lines` follow the table's last row, in bold
    unless `footer_bold` is off (a report's key figures).
    """

    title: str
    columns: Sequence[ColumnSpec]
    rows: Sequence[TableRow]
    shop_name: str = ""
    subtitle_lines: Sequence[str] = ()
    details: Sequence[tuple[str, str]] = ()
    footer_lines: Sequence[str] = ()
    footer_bold: bool = True
    page_label: PageLabel = plain_page_label
    right_to_left: bool = False
    landscape: bool = False
    sizes: Sizes = LIST_SIZES


# -- layout --------------------------------------------------------------------------------


@dataclass(slots=True)
class _Page:
    rows: list[LaidRow] = field(default_factory=list)
    footer: bool = False  # the footer lines end this page


def _table(document: TableDocument, page_width: float) -> Table:
    sizes = document.sizes
    bold = [column.title for column in document.columns]
    bold += [cell for row in document.rows if row.bold for cell in row.cells]
    regular = {cell for row in document.rows if not row.bold for cell in row.cells}
    return Table(
        [Column(c.width, c.align_end, c.max_lines, c.shrink) for c in document.columns],
        sizes.margin,
        page_width - sizes.margin,
        rtl=document.right_to_left,
        metrics=measure(sizes.body, bold, regular),
        style=sizes.style,
    )


def _title_block(document: TableDocument, geometry: Table, top: float) -> tuple[list[Text], float]:
    """The first page's heading (shop, title, subtitles, details) and where it ends."""
    start, align = geometry.start, geometry.start_align
    width = geometry.right - geometry.left
    shop, title, small = document.sizes.shop, document.sizes.title, document.sizes.subtitle
    texts: list[Text] = []
    y = top
    if document.shop_name:
        y -= shop * 1.1
        texts.append(Text(start, y, document.shop_name, shop, True, align, width))
        y -= shop * 0.4
    y -= title * 1.1
    texts.append(Text(start, y, document.title, title, True, align, width))
    y -= title * 0.3
    for line in document.subtitle_lines:
        y -= small * 1.5
        texts.append(Text(start, y, line, small, False, align, width))
    if document.details:
        label_width = max(text_width(label, small, True) for label, _ in document.details)
        label_width = min(label_width + 4 * MM, width * 0.4)
        value_x = start - label_width if geometry.rtl else start + label_width
        for label, value in document.details:
            y -= small * 1.5
            texts.append(Text(start, y, label, small, True, align, label_width - 2 * MM))
            texts.append(Text(value_x, y, value, small, False, align, width - label_width))
    return texts, y - 5 * MM


def _running_header(
    document: TableDocument, geometry: Table, top: float
) -> tuple[list[Text], float]:
    """The heading of the pages after the first: shop and title on one small line."""
    small = document.sizes.subtitle
    y = top - small * 1.1
    title = " · ".join(part for part in (document.shop_name, document.title) if part)
    width = geometry.right - geometry.left
    text = Text(geometry.start, y, title, small, True, geometry.start_align, width)
    return [text], y - 4 * MM


def _footer_block(document: TableDocument, geometry: Table, top: float) -> tuple[list[Text], float]:
    """The lines after the table's last row."""
    small, bold = document.sizes.subtitle, document.footer_bold
    texts: list[Text] = []
    y = top - 2 * MM
    width = geometry.right - geometry.left
    for line in document.footer_lines:
        y -= small * 1.6
        texts.append(Text(geometry.start, y, line, small, bold, geometry.start_align, width))
    return texts, y


def _paginate(
    document: TableDocument,
    geometry: Table,
    header: LaidRow,
    rows: list[LaidRow],
    page_height: float,
) -> list[_Page]:
    top = page_height - document.sizes.margin
    floor = document.sizes.margin + _FOOTER * 2.5  # below it only the page number
    pages = [_Page()]
    y = _title_block(document, geometry, top)[1] - header.height
    for row in rows:
        # A row taller than a whole page still gets a page of its own, and no more.
        if y - row.height < floor and pages[-1].rows:
            pages.append(_Page())
            y = _running_header(document, geometry, top)[1] - header.height
        pages[-1].rows.append(row)
        y -= row.height
    if _footer_block(document, geometry, y)[1] - document.sizes.subtitle * 0.5 < floor:
        pages.append(_Page())
    pages[-1].footer = True
    return pages


# -- drawing -------------------------------------------------------------------------------


def write_table_pdf(path: Path, document: TableDocument) -> int:
    """Write `document` to the PDF at `path` (atomically); returns the number of pages."""
    from reportlab.pdfgen.canvas import Canvas

    page_size = landscape(A4) if document.landscape else A4
    width, height = page_size
    geometry = _table(document, width)
    titles = [column.title for column in document.columns]
    header = geometry.lay_row(titles, header=True)
    rows = [geometry.lay_row(row.cells, bold=row.bold) for row in document.rows]
    pages = _paginate(document, geometry, header, rows, height)
    with atomic_path(path) as part:
        canvas = Canvas(str(part), pagesize=page_size, initialFontName=font_name())
        canvas.setTitle(document.title)
        canvas.setCreator("Duka")
        for number, page in enumerate(pages, start=1):
            top = height - document.sizes.margin
            heading = _title_block if number == 1 else _running_header
            texts, y = heading(document, geometry, top)
            draw_texts(canvas, texts)
            if page.rows or number == 1:
                y = geometry.draw_row(canvas, header, y, header=True)
            for row in page.rows:
                y = geometry.draw_row(canvas, row, y)
            if page.footer:
                draw_texts(canvas, _footer_block(document, geometry, y)[0])
            label = document.page_label(number, len(pages))
            draw_text(canvas, width / 2, document.sizes.margin, label, _FOOTER, align="centre")
            canvas.showPage()
        canvas.save()
    return len(pages)


# -- the low-stock list --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LowStockItem:
    """One product below its reorder level; quantities formatted in the user's locale."""

    name: str
    sku: str
    on_hand: str
    reorder_level: str
    suggested_order: str
    unit: str


@dataclass(frozen=True, slots=True)
class LowStockTitles:
    """The list's translated title and column titles."""

    title: str
    name: str
    sku: str
    on_hand: str
    reorder_level: str
    suggested_order: str
    unit: str


def write_low_stock_list(
    path: Path,
    items: Sequence[LowStockItem],
    *,
    titles: LowStockTitles,
    shop_name: str,
    date_text: str,
    page_label: PageLabel = plain_page_label,
    right_to_left: bool = False,
) -> int:
    """The products to reorder, as a PDF at `path`; returns the number of pages."""
    columns = (
        ColumnSpec(titles.name, 0.36, max_lines=2),
        ColumnSpec(titles.sku, 0.16),
        ColumnSpec(titles.on_hand, 0.12, align_end=True),
        ColumnSpec(titles.reorder_level, 0.12, align_end=True),
        ColumnSpec(titles.suggested_order, 0.13, align_end=True),
        ColumnSpec(titles.unit, 0.11),
    )
    rows = [
        TableRow(
            (item.name, item.sku, item.on_hand, item.reorder_level, item.suggested_order, item.unit)
        )
        for item in items
    ]
    document = TableDocument(
        title=titles.title,
        columns=columns,
        rows=rows,
        shop_name=shop_name,
        subtitle_lines=(date_text,) if date_text else (),
        page_label=page_label,
        right_to_left=right_to_left,
    )
    return write_table_pdf(path, document)


# -- an account's statement -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StatementEntry:
    """A delivery, a payment or a return; `amount` and `balance` are formatted money."""

    date: str
    number: str
    description: str
    amount: str
    balance: str


@dataclass(frozen=True, slots=True)
class AccountStatement:
    shop_name: str
    party_name: str
    period: str
    opening_balance: str
    closing_balance: str
    entries: Sequence[StatementEntry]
    party_phone: str = ""
    party_tax_id: str = ""
    footer_lines: Sequence[str] = ()  # what is due and how to pay it


@dataclass(frozen=True, slots=True)
class StatementTitles:
    """The statement's translated title, labels and column titles."""

    title: str
    party: str
    phone: str
    tax_id: str
    period: str
    opening_balance: str
    closing_balance: str
    date: str
    number: str
    description: str
    amount: str
    balance: str


def write_statement(
    path: Path,
    statement: AccountStatement,
    *,
    titles: StatementTitles,
    page_label: PageLabel = plain_page_label,
    right_to_left: bool = False,
) -> int:
    """What the shop and a supplier or customer owe each other over a period, as a PDF at
    `path`; returns the number of pages."""
    columns = (
        ColumnSpec(titles.date, 0.14),
        ColumnSpec(titles.number, 0.15),
        ColumnSpec(titles.description, 0.35, max_lines=2),
        ColumnSpec(titles.amount, 0.18, align_end=True),
        ColumnSpec(titles.balance, 0.18, align_end=True),
    )
    rows = [TableRow(("", "", titles.opening_balance, "", statement.opening_balance), bold=True)]
    rows += [
        TableRow((entry.date, entry.number, entry.description, entry.amount, entry.balance))
        for entry in statement.entries
    ]
    rows.append(TableRow(("", "", titles.closing_balance, "", statement.closing_balance), True))
    details = [(titles.party, statement.party_name)]
    if statement.party_phone:
        details.append((titles.phone, statement.party_phone))
    if statement.party_tax_id:
        details.append((titles.tax_id, statement.party_tax_id))
    details.append((titles.period, statement.period))
    document = TableDocument(
        title=titles.title,
        columns=columns,
        rows=rows,
        shop_name=statement.shop_name,
        details=details,
        footer_lines=statement.footer_lines,
        page_label=page_label,
        right_to_left=right_to_left,
    )
    return write_table_pdf(path, document)
