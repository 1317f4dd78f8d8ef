"""The variants a grid will make, as the grid dialog's preview table shows them: each
combination's code, barcode, price, cost and opening stock, editable before saving. Cells
hold what is typed; the dialog reads them in the shop's locale when saving."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from duka.core.variants import VariantDraft
from duka.i18n import N_, _
from duka.ui.models.windowed import isolate

Index = QModelIndex | QPersistentModelIndex

VARIANT, SKU, BARCODE, PRICE, COST, STOCK = range(6)
TITLES = (N_("Variant"), N_("Code (SKU)"), N_("Barcode"), N_("Price"), N_("Cost"), N_("Stock"))
_DISPLAY = int(Qt.ItemDataRole.DisplayRole.value)
_EDIT = int(Qt.ItemDataRole.EditRole.value)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole.value)
_TIP = int(Qt.ItemDataRole.ToolTipRole.value)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole.value)
_START = int((Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter).value)
_END = int((Qt.AlignmentFlag.AlignTrailing | Qt.AlignmentFlag.AlignVCenter).value)


@dataclass(slots=True)
class GridRow:
    """One variant as typed: empty price and cost are the parent's."""

    values: tuple[str, ...]
    sku: str = ""
    barcode: str = ""
    price: str = ""
    cost: str = ""
    stock: str = ""

    def cell(self, column: int) -> str:
        return (" / ".join(self.values), self.sku, self.barcode, self.price, self.cost, self.stock)[
            column
        ]


class VariantGridModel(QAbstractTableModel):
    def __init__(self, shows_costs: bool = True) -> None:
        super().__init__()
        self.rows: list[GridRow] = []
        self.shows_costs = shows_costs
        self.parent_price = ""  # shown, greyed, where a variant follows the parent's price
        self.parent_cost = ""

    def set_plan(self, planned: list[VariantDraft]) -> None:
        """The grid's rows for these combinations, keeping what was typed in rows that stay."""
        typed = {row.values: row for row in self.rows}
        self.beginResetModel()
        self.rows = [typed.get(p.values) or GridRow(p.values, sku=p.sku or "") for p in planned]
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(TITLES)

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() != VARIANT and (self.shows_costs or index.column() != COST):
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        row, column = self.rows[index.row()], index.column()
        if role == _DISPLAY:
            text = row.cell(column)
            if column == VARIANT:
                return " / ".join(isolate(v) for v in row.values)
            if not text and column == PRICE:
                return self.parent_price
            if not text and column == COST:
                return self.parent_cost if self.shows_costs else ""
            return text
        if role == _EDIT:
            return row.cell(column)
        if role == _ALIGNMENT:
            return _END if column in (PRICE, COST, STOCK) else _START
        if role == _FOREGROUND and column in (PRICE, COST) and not row.cell(column):
            return QColor("#8a8a8a")  # the product's, followed: greyed until one is typed
        if role == _TIP and column in (PRICE, COST) and not row.cell(column):
            return _("The parent product's: empty follows it")
        return None

    def setData(self, index: Index, value: Any, role: int = _EDIT) -> bool:
        if role != _EDIT or not index.isValid() or index.column() == VARIANT:
            return False
        row = self.rows[index.row()]
        text = " ".join(str(value).split())
        field = ("", "sku", "barcode", "price", "cost", "stock")[index.column()]
        setattr(row, field, text)
        self.dataChanged.emit(index, index)
        return True

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        # Return None, never super().headerData(): on PySide6 6.12 that drains None's refcount.
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(TITLES):
            if role == Qt.ItemDataRole.DisplayRole:
                return _(TITLES[section])
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return _END if section in (PRICE, COST, STOCK) else _START
        return None

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(TITLES) - 1)
