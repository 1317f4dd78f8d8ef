"""Columns of a table as wide as their widest cell, measuring only the rows that changed.

Qt's ResizeToContents measures every cell of the column again whenever the model is reset
and not at all when a cell's text changes; the Sell screen's cart changes a row or two at
each scan, and measuring only those keeps a scan quick and the figures whole."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QHeaderView, QTableView

# What changes every cell's width: measured again.
_MEASURE_AGAIN = (QEvent.Type.FontChange, QEvent.Type.StyleChange, QEvent.Type.Polish)


class FittedColumns(QObject):
    def __init__(self, table: QTableView, columns: Iterable[int]) -> None:
        super().__init__(table)
        self.table = table
        self.columns = list(columns)
        self._widths: list[list[int]] = []  # each row's cells' widths, in self.columns' order
        for column in self.columns:
            table.horizontalHeader().setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
        table.installEventFilter(self)

    def fit(self, written: Iterable[int], rows: int) -> None:
        """`rows` rows now, of which those `written` are new or changed: measure them and
        widen or narrow each column to its widest cell or its title."""
        del self._widths[rows:]
        self._widths.extend([0] * len(self.columns) for _ in range(rows - len(self._widths)))
        model = self.table.model()
        for row in written:
            self._widths[row] = [
                self.table.sizeHintForIndex(model.index(row, column)).width()
                for column in self.columns
            ]
        header = self.table.horizontalHeader()
        grid = 1 if self.table.showGrid() else 0  # as Qt counts a cell's width
        for place, column in enumerate(self.columns):
            wanted = max(
                [header.sectionSizeHint(column), header.minimumSectionSize()]
                + [widths[place] + grid for widths in self._widths]
            )
            if header.sectionSize(column) != wanted:
                header.resizeSection(column, wanted)

    def refit(self) -> None:
        """Every row measured again (another font, language or format)."""
        rows = self.table.model().rowCount()
        self.fit(range(rows), rows)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table and event.type() in _MEASURE_AGAIN:
            self.refit()
        return False
