"""Reading what a table model shows, without the bidi isolation marks around each cell."""

from PySide6.QtCore import QAbstractItemModel


def cell(model: QAbstractItemModel, row: int, column: int) -> str:
    text = model.data(model.index(row, column))
    return "" if text is None else str(text).strip("\u2068\u2069")
