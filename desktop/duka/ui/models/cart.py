"""The lines of the sale being built, as the Sell screen's table shows them."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from duka.core.pricing import RETAIL
from duka.core.sale import Cart, CartLine
from duka.i18n import N_, _
from duka.ui.amounts import amount_text, quantity_text
from duka.ui.models.windowed import isolate
from duka.ui.price_source import source_text
from duka.ui.state import AppState

Index = QModelIndex | QPersistentModelIndex

_TITLES = (N_("Item"), N_("Quantity"), N_("Price"), N_("Discount"), N_("Total"))
_DISPLAY = int(Qt.ItemDataRole.DisplayRole.value)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole.value)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole.value)
# A line's batches and whether one expired (duka.ui.sell_batches draws them under the name).
BATCH_ROLE = int(Qt.ItemDataRole.UserRole.value) + 1
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole.value)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole.value)
_START = int((Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter).value)
_END = int((Qt.AlignmentFlag.AlignTrailing | Qt.AlignmentFlag.AlignVCenter).value)
_ROLES = frozenset({_DISPLAY, _FOREGROUND, _TOOLTIP, BATCH_ROLE, _ALIGNMENT})


class CartModel(QAbstractTableModel):
    def __init__(self, state: AppState, cart: Cart) -> None:
        super().__init__()
        self.state = state
        self.cart = cart
        # Lines of products keeping batches (by row): the batches they are taken from, in
        # short (under the name) and in full (its tooltip), and whether one has expired.
        self.batch_notes: dict[int, tuple[str, str, bool]] = {}
        self.list_names: dict[int, str] = {}  # price lists' names, read when a line needs one
        # Each line's cell texts, kept while the line is in the cart: a scan makes a new cart
        # whose other lines are the very same, and formatting amounts in the user's locale
        # is a good part of a scan's time.
        self._texts: dict[tuple[CartLine, bool, int], str] = {}
        self._formats = state.formats  # the texts' formats (another country, other digits)

    def set_cart(self, cart: Cart) -> None:
        self.beginResetModel()
        self.cart = cart
        wanted = {line.source.list_id for line in cart.lines if line.source is not None}
        if wanted - {RETAIL} - set(self.list_names):
            self.list_names = self.state.shop.price_lists.names()
            self._texts.clear()
        if len(self._texts) > 500 or self.state.formats is not self._formats:
            self._texts.clear()  # lines gone from the cart long ago, or other formats
            self._formats = self.state.formats
        self.endResetModel()

    def set_batch_notes(self, notes: dict[int, tuple[str, str, bool]]) -> None:
        self.batch_notes = notes
        if self.cart.lines:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.cart.lines) - 1, 0))

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.cart.lines)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(_TITLES)

    def _text(self, line: CartLine, column: int) -> str:
        if column == 0:
            if line.overridden:
                text = (
                    isolate(line.name)
                    + f"  ({_('was')} {amount_text(self.state, line.list_price)})"
                )
            else:
                # The price that applied ("Wholesale from 10"), beside the name as a price
                # changed at the till is: the price column stays narrow.
                named = source_text(
                    self.state, line.source, self.list_names, self.cart.price_list_id is not None
                )
                text = isolate(line.name) + (f"  ({named})" if named else "")
            promotion = f"\n★ {isolate(line.promotion.name)}" if line.promotion else ""
            return text + promotion
        if column == 1:
            unit = f" {_(line.unit.label)}" if line.unit.measured else ""
            return quantity_text(self.state, line.quantity) + unit
        if column == 2:
            return amount_text(self.state, line.unit_price)
        if column == 3:  # the cashier's discount and a promotion's saving
            off = line.taken_off()
            return amount_text(self.state, off) if off else ""
        return amount_text(self.state, line.amount())

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        # The view asks each cell for a dozen roles at every paint: most go no further.
        if role not in _ROLES or not index.isValid() or index.row() >= len(self.cart.lines):
            return None
        if role == _DISPLAY:
            line = self.cart.lines[index.row()]
            key = (line, self.cart.price_list_id is not None, index.column())
            text = self._texts.get(key)
            if text is None:
                text = self._texts[key] = self._text(line, key[2])
            return text
        if role == BATCH_ROLE and index.column() == 0:
            note = self.batch_notes.get(index.row())
            return (note[0], note[2]) if note is not None else None
        if role == _TOOLTIP and index.column() == 0:
            note = self.batch_notes.get(index.row())
            return note[1] if note is not None else None
        if role == _FOREGROUND and index.column() == 0:
            note = self.batch_notes.get(index.row())
            return QColor("#c62828") if note is not None and note[2] else None
        if role == _ALIGNMENT:
            return _START if index.column() == 0 else _END
        if role == _TOOLTIP:
            line = self.cart.lines[index.row()]
            if line.promotion is not None:
                return _("{promotion}: saves {amount}").format(
                    promotion=line.promotion.name,
                    amount=amount_text(self.state, line.promotion.saving),
                )
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        # Return None, never super().headerData(): on PySide6 6.12 that drains None's refcount.
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(_TITLES):
            if role == Qt.ItemDataRole.DisplayRole:
                return _(_TITLES[section])
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return _START if section == 0 else _END
        return None

    def retranslate(self) -> None:
        self._texts.clear()  # another language, other words and digits
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(_TITLES) - 1)
        if self.cart.lines:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.cart.lines) - 1, 4))
