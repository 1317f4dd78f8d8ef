"""A table on a reportlab canvas, for the documents that lay out their own pages (lists,
statements, invoices).

Columns take a share of the table's width; a cell wraps onto as many lines as its column
allows; the header row is filled grey and thin rules part the rows. In a right-to-left
document the columns run from the right, and texts that line up at the end of their cells
(numbers, money) still line up at the end: the cell's left side.

Rows are laid out (wrapped and measured) before anything is drawn, so that a document can
split them over pages and know its page count before it draws the first page.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from duka.documents.text import (
    Align,
    draw_text,
    is_right_to_left,
    one_line,
    text_extent,
    text_width,
    wrap_text,
)

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas

MM = 72 / 25.4  # points in a millimetre


@dataclass(frozen=True, slots=True)
class Column:
    """A column's share of the table's width, whether its texts line up at the end of the
    cell, and how many lines a cell may take (None: as many as its text needs). A `shrink`
    column keeps its cells on one line and shrinks a text that is too wide, rather than
    cutting it with "…": a sum of money must never lose digits."""

    width: float
    align_end: bool = False
    max_lines: int | None = 1
    shrink: bool = False


@dataclass(frozen=True, slots=True)
class TableStyle:
    size: float = 9.0  # font size of every cell
    cell_pad: float = 3.0  # points of blank space at each side of a cell
    row_pad: float = 3.0  # points above and below a row's text
    rule_grey: float = 0.85  # the lines between rows
    header_fill: float = 0.92
    header_lines: int = 2  # a long column title wraps once, then is cut


@dataclass(frozen=True, slots=True)
class Metrics:
    """Where a line's baseline sits in it: the tallest ink above, the deepest below, of every
    text in the table, so that all rows are alike and none of them clips a script."""

    ascent: float
    descent: float
    gap: float

    @property
    def line(self) -> float:
        return self.ascent + self.descent + self.gap


def measure(size: float, bold_texts: Iterable[str], regular_texts: Iterable[str] = ()) -> Metrics:
    """The metrics of a table at `size` whose cells hold these texts."""
    ascent, descent = size * 0.8, size * 0.25
    for texts, bold in ((bold_texts, True), (regular_texts, False)):
        for text in texts:
            up, down = text_extent(text, size, bold)
            ascent, descent = max(ascent, up), max(descent, down)
    return Metrics(ascent, descent, size * 0.25)


@dataclass(frozen=True, slots=True)
class Cell:
    lines: tuple[str, ...]
    rtl: bool
    fits: bool  # every line fits its column as it is: drawing need not fit it again


@lru_cache(maxsize=4096)
def _cell(
    text: str, size: float, width: float, bold: bool, max_lines: int | None, shrink: bool
) -> Cell:
    """A cell's text laid out in its column, kept for the next document: the same products
    and titles come back on invoice after invoice."""
    rtl = is_right_to_left(text)
    if shrink:
        lines: tuple[str, ...] = (one_line(text),)  # its direction marks kept for bidi
    else:
        lines = tuple(wrap_text(text, size, width, bold=bold, max_lines=max_lines, rtl=rtl))
        lines = lines or ("",)
    fits = all(text_width(line, size, bold, rtl=rtl) <= width for line in lines)
    return Cell(lines, rtl, fits)


@dataclass(slots=True)
class LaidRow:
    cells: list[Cell]
    bold: bool
    height: float


class Table:
    """Column edges and alignments between `left` and `right`, mirrored when `rtl`; lays
    out and draws rows."""

    def __init__(
        self,
        columns: Sequence[Column],
        left: float,
        right: float,
        *,
        rtl: bool,
        metrics: Metrics,
        style: TableStyle,
    ) -> None:
        self.columns = columns
        self.left = left
        self.right = right
        self.rtl = rtl
        self.metrics = metrics
        self.style = style
        total = sum(column.width for column in columns) or 1.0
        width = right - left
        self.edges: list[tuple[float, float]] = []
        x = right if rtl else left
        for column in columns:
            step = width * column.width / total
            if rtl:
                self.edges.append((x - step, x))
                x -= step
            else:
                self.edges.append((x, x + step))
                x += step

    @property
    def start(self) -> float:
        return self.right if self.rtl else self.left

    @property
    def start_align(self) -> Align:
        return "right" if self.rtl else "left"

    def cell_width(self, index: int) -> float:
        left, right = self.edges[index]
        return right - left - 2 * self.style.cell_pad

    def anchor(self, index: int) -> tuple[float, Align]:
        """The x to draw a cell's text at, and its alignment."""
        left, right = self.edges[index]
        at_right = self.columns[index].align_end != self.rtl
        if at_right:
            return right - self.style.cell_pad, "right"
        return left + self.style.cell_pad, "left"

    def lay_row(self, cells: Sequence[str], *, bold: bool = False, header: bool = False) -> LaidRow:
        """A row's cells wrapped to their columns, and the row's height."""
        size = self.style.size
        bold = bold or header
        laid: list[Cell] = []
        lines_needed = 1
        for index, column in enumerate(self.columns):
            text = cells[index] if index < len(cells) else ""
            limit = self.style.header_lines if header else column.max_lines
            shrink = column.shrink and not header
            cell = _cell(text, size, self.cell_width(index), bold, limit, shrink)
            laid.append(cell)
            lines_needed = max(lines_needed, len(cell.lines))
        height = lines_needed * self.metrics.line - self.metrics.gap + 2 * self.style.row_pad
        return LaidRow(laid, bold, height)

    def draw_row(self, canvas: Canvas, row: LaidRow, top: float, *, header: bool = False) -> float:
        """Draw `row` from `top` down; returns where it ends."""
        style = self.style
        bottom = top - row.height
        width = self.right - self.left
        canvas.saveState()
        if header:
            canvas.setFillGray(style.header_fill)
            canvas.rect(self.left, bottom, width, row.height, stroke=0, fill=1)
        if row.bold:  # a total or a balance: set off by a line above it
            canvas.setLineWidth(0.8)
            canvas.line(self.left, top, self.right, top)
        canvas.setStrokeGray(style.rule_grey)
        canvas.setLineWidth(0.4)
        canvas.line(self.left, bottom, self.right, bottom)
        canvas.restoreState()
        bold = row.bold or header
        for index, cell in enumerate(row.cells):
            x, align = self.anchor(index)
            width = self.cell_width(index)
            y = top - style.row_pad - self.metrics.ascent
            for line in cell.lines:
                draw_text(
                    canvas,
                    x,
                    y,
                    line,
                    style.size,
                    bold=bold,
                    align=align,
                    max_width=None if cell.fits else width,
                    rtl=cell.rtl,
                )
                y -= self.metrics.line
        return bottom


@dataclass(frozen=True, slots=True)
class Text:
    """One line of text placed on a page, drawn fitted into `max_width`."""

    x: float
    y: float
    text: str
    size: float
    bold: bool
    align: Align
    max_width: float
    rtl: bool | None = None

    def draw(self, canvas: Canvas) -> None:
        draw_text(
            canvas,
            self.x,
            self.y,
            self.text,
            self.size,
            bold=self.bold,
            align=self.align,
            max_width=self.max_width,
            rtl=self.rtl,
        )


def draw_texts(canvas: Canvas, texts: Sequence[Text]) -> None:
    for text in texts:
        text.draw(canvas)
