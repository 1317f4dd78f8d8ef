"""Choosing a table's row from code, in either direction of writing."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import QTableView

_ONLY_THIS_ROW = (
    QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
)


def select_row(table: QTableView, row: int) -> None:
    """Select `row` alone and make it the current one. QTableView.selectRow selects nothing
    in a right-to-left window (it looks for its first column past the table's edge): an
    Arabic, Persian or Urdu cashier saw no line chosen and the arrow keys moved nothing."""
    table.selectionModel().setCurrentIndex(table.model().index(row, 0), _ONLY_THIS_ROW)
