"""The lines of a quote, invoice or credit note being written, as the editor's table shows
them."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from duka.core.invoices import DocLine
from duka.core.vat import REVERSE_CHARGE_NAME, is_reverse_charge
from duka.i18n import N_, _
from duka.ui.amounts import amount_text, quantity_text
from duka.ui.models.windowed import isolate
from duka.ui.price_source import source_text
from duka.ui.state import AppState

Index = QModelIndex | QPersistentModelIndex

TITLES = (N_("Description"), N_("Qty"), N_("Unit price"), N_("Discount"), N_("Tax"), N_("Amount"))
_DISPLAY = int(Qt.ItemDataRole.DisplayRole.value)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole.value)
_START = int((Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter).value)
_END = int((Qt.AlignmentFlag.AlignTrailing | Qt.AlignmentFlag.AlignVCenter).value)
_TEXT_COLUMNS = (0, 4)


class DocLinesModel(QAbstractTableModel):
    def __init__(self, state: AppState) -> None:
        super().__init__()
        self.state = state
        self.lines: tuple[DocLine, ...] = ()
        self.on_list = False  # the customer buys at a price list: retail is named too
        self.list_names: dict[int, str] = {}

    def set_lines(self, lines: tuple[DocLine, ...], on_list: bool = False) -> None:
        self.beginResetModel()
        self.lines = lines
        self.on_list = on_list
        wanted = {line.source.list_id for line in lines if line.source is not None}
        if wanted - {0} - set(self.list_names):
            self.list_names = self.state.shop.price_lists.names()
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.lines)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(TITLES)

    def _text(self, line: DocLine, column: int) -> str:
        if column == 0:
            # The price that applied ("Wholesale from 10"), as the till shows it.
            named = source_text(self.state, line.source, self.list_names, self.on_list)
            return isolate(line.description) + (f"  ({named})" if named else "")
        if column == 1:
            unit = "" if line.unit.value == "piece" else f" {_(line.unit.label)}"
            return quantity_text(self.state, line.quantity) + unit
        if column == 2:
            return amount_text(self.state, line.unit_price)
        if column == 3:
            return amount_text(self.state, line.discount) if line.discount else ""
        if column == 4:
            if is_reverse_charge(line.rate):
                return _(REVERSE_CHARGE_NAME)
            return line.rate.name if line.rate is not None else _("No tax")
        return amount_text(self.state, line.tax_line().amount())

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        if not index.isValid() or index.row() >= len(self.lines):
            return None
        if role == _DISPLAY:
            return self._text(self.lines[index.row()], index.column())
        if role == _ALIGNMENT:
            return _START if index.column() in _TEXT_COLUMNS else _END
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        # Return None, never super().headerData(): on PySide6 6.12 that drains None's refcount.
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(TITLES):
            if role == Qt.ItemDataRole.DisplayRole:
                return _(TITLES[section])
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return _START if section in _TEXT_COLUMNS else _END
        return None

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(TITLES) - 1)
        if self.lines:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.lines) - 1, 5))
