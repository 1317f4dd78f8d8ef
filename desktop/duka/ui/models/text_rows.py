"""A small table of rows already turned into text (an account list, a book): headers named
by catalog strings, amounts aligned to the trailing edge."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from duka.i18n import _

Index = QModelIndex | QPersistentModelIndex

_DISPLAY = int(Qt.ItemDataRole.DisplayRole.value)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole.value)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole.value)
_HORIZONTAL = Qt.Orientation.Horizontal
_START = int((Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter).value)
_END = int((Qt.AlignmentFlag.AlignTrailing | Qt.AlignmentFlag.AlignVCenter).value)
_NEGATIVE = QColor("#a12a2a")


class TextRowsModel(QAbstractTableModel):
    def __init__(self, headers: Sequence[str], numeric: frozenset[int] = frozenset()) -> None:
        super().__init__()
        self.headers = list(headers)  # catalog strings
        self.numeric = numeric
        self.rows: list[tuple[str, ...]] = []
        self.negative: list[bool] = []  # rows whose amounts read in red

    def set_rows(
        self, rows: Sequence[tuple[str, ...]], negative: Sequence[bool] | None = None
    ) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.negative = list(negative) if negative is not None else [False] * len(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        column = index.column()
        if role == _DISPLAY:
            return self.rows[index.row()][column]
        if role == _ALIGNMENT:
            return _END if column in self.numeric else _START
        if role == _FOREGROUND and column in self.numeric and self.negative[index.row()]:
            return _NEGATIVE
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> Any:
        # Return None, never super().headerData(): see the design guide's known traps.
        if role == _DISPLAY and orientation == _HORIZONTAL and section < len(self.headers):
            return _(self.headers[section])
        if role == _ALIGNMENT and orientation == _HORIZONTAL:
            return _END if section in self.numeric else _START
        return None

    def retranslate(self) -> None:
        self.headerDataChanged.emit(_HORIZONTAL, 0, max(0, len(self.headers) - 1))
