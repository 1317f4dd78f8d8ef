"""How tall each line of the Sell screen's cart is: one row of text, or two for a line with
a promotion (its name under the product's) or with batches (where it is taken from)."""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable

from PySide6.QtGui import QFont, QTextLayout
from PySide6.QtWidgets import QTableView

from duka.core.sale import Cart


def fit_rows(table: QTableView, cart: Cart, rows: Iterable[int], noted: Collection[int]) -> None:
    """Size `rows` (those written since; sizing every row to its contents formats and
    measures every cell again at each scan); `noted` rows have their batches under the name."""
    header = table.verticalHeader()
    one = header.defaultSectionSize()
    two = one + table.fontMetrics().lineSpacing()
    model = table.model()
    for row in rows:
        wanted = one
        if cart.lines[row].promotion is not None or row in noted:
            text = str(model.index(row, 0).data()) + ("\n-" if row in noted else "")
            wanted = max(two, _lines_height(table.font(), text))
        if header.sectionSize(row) != wanted:
            table.setRowHeight(row, wanted)


def _lines_height(font: QFont, text: str) -> int:
    """How tall a cell must be for Qt to draw all of `text`'s lines rather than cut it to
    its first: each line as tall as the tallest, and a line with Arabic or Devanagari in it
    (drawn by another font) is taller than the table's own font says."""
    layout = QTextLayout(text.replace("\n", "\u2028"), font)  # as an item view lays it out
    layout.beginLayout()
    heights = []
    while (line := layout.createLine()).isValid():
        line.setLineWidth(1e6)
        heights.append(line.height())
    layout.endLayout()
    return math.ceil(max(heights, default=0) * len(heights)) + 2  # and the grid's line
