"""A report's table as the Reports screen shows it: its rows, then its totals in bold.

The rows are plain values already in memory (a report of 20,000 products is a list of
tuples); only the cells on screen are turned into text, in the shop's locale.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from duka.core.reports import TOTAL, ReportTable
from duka.i18n import _
from duka.i18n.formatting import Formats
from duka.services.reports import cell_text
from duka.ui.models.windowed import isolate

Index = QModelIndex | QPersistentModelIndex

_DISPLAY = int(Qt.ItemDataRole.DisplayRole.value)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole.value)
_FONT = int(Qt.ItemDataRole.FontRole.value)
_START = int((Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter).value)
_END = int((Qt.AlignmentFlag.AlignTrailing | Qt.AlignmentFlag.AlignVCenter).value)


class ReportModel(QAbstractTableModel):
    def __init__(self, formats: Formats) -> None:
        super().__init__()
        self.formats = formats
        self.table: ReportTable | None = None
        self._bold = QFont()
        self._bold.setBold(True)

    def set_table(self, table: ReportTable | None, formats: Formats | None = None) -> None:
        self.beginResetModel()
        self.table = table
        if formats is not None:
            self.formats = formats
        self.endResetModel()

    def _has_totals(self) -> bool:
        return self.table is not None and self.table.totals is not None and bool(self.table.rows)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or self.table is None:
            return 0
        return len(self.table.rows) + (1 if self._has_totals() else 0)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or self.table is None:
            return 0
        return len(self.table.columns)

    def is_totals(self, row: int) -> bool:
        return self.table is not None and self._has_totals() and row == len(self.table.rows)

    def text(self, row: int, column: int) -> str:
        table = self.table
        if table is None:
            return ""
        spec = table.columns[column]
        if self.is_totals(row):
            assert table.totals is not None
            value = table.totals[column]
            if column == 0 and value in (None, ""):
                return _(TOTAL)
        else:
            value = table.rows[row][column]
        shown = cell_text(spec, value, self.formats, table.currency, plain_money=True)
        return shown if spec.numeric else isolate(shown)

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        if not index.isValid() or self.table is None or index.row() >= self.rowCount():
            return None
        if role == _DISPLAY:
            return self.text(index.row(), index.column())
        if role == _ALIGNMENT:
            return _END if self.table.columns[index.column()].numeric else _START
        if role == _FONT and self.is_totals(index.row()):
            return self._bold
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        # Return None, never super().headerData(): on PySide6 6.12 that drains None's refcount.
        table = self.table
        if table is None or orientation != Qt.Orientation.Horizontal:
            return None
        if not 0 <= section < len(table.columns):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return table.columns[section].heading
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _END if table.columns[section].numeric else _START
        return None

    def retranslate(self, formats: Formats) -> None:
        self.formats = formats
        if self.table is not None:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.table.columns) - 1)
            if self.rowCount():
                last = self.index(self.rowCount() - 1, len(self.table.columns) - 1)
                self.dataChanged.emit(self.index(0, 0), last)
