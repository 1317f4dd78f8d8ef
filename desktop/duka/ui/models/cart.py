"""The lines of the sale being built, as the Sell screen's table shows them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QStandardItem, QStandardItemModel

from duka.core.pricing import RETAIL
from duka.core.sale import Cart, CartLine
from duka.i18n import N_, _
from duka.ui.amounts import amount_text, quantity_text
from duka.ui.models.windowed import isolate
from duka.ui.price_source import source_text
from duka.ui.state import AppState

_TITLES = (N_("Item"), N_("Quantity"), N_("Price"), N_("Discount"), N_("Total"))
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole.value)
_FONT = int(Qt.ItemDataRole.FontRole.value)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole.value)
# A line's batches and whether one expired (duka.ui.sell_batches draws them under the name).
BATCH_ROLE = int(Qt.ItemDataRole.UserRole.value) + 1
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole.value)
_START = int((Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter).value)
_END = int((Qt.AlignmentFlag.AlignTrailing | Qt.AlignmentFlag.AlignVCenter).value)
_FLAGS = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemNeverHasChildren
_EXPIRED = QColor("#c62828")
_AMOUNTS = 2  # the columns from here on hold amounts only: digits and separators
# Text of these needs no shaping: Latin letters and digits (below the combining accents,
# U+0300, which shaping places over their letter) and the marks the cart adds.
_PLAIN_UP_TO = 0x300
_PLAIN_MARKS = frozenset("\u2068\u2069\u2605\u00a0\u202f\n")


def _plain(text: str) -> bool:
    return all(ord(char) < _PLAIN_UP_TO or char in _PLAIN_MARKS for char in text)


class CartModel(QStandardItemModel):
    """The cells are Qt's own items, written when a line comes or changes: a view asks
    every cell for a dozen roles at each paint, and answering them in Python was most of
    the time a scan took to show."""

    def __init__(self, state: AppState, cart: Cart) -> None:
        super().__init__(0, len(_TITLES))
        self.state = state
        self.cart = cart
        # Lines of products keeping batches (by row): the batches they are taken from, in
        # short (under the name) and in full (its tooltip), and whether one has expired.
        self.batch_notes: dict[int, tuple[str, str, bool]] = {}
        self.list_names: dict[int, str] = {}  # price lists' names, read when a line needs one
        self._shown: list[CartLine] = []  # the line each row shows
        self.written: list[int] = []  # the rows the last change wrote (to measure them)
        self._formats = state.formats  # the texts' formats (another country, other digits)
        # Drawn without shaping (no kerning or ligatures) where nothing needs it: the cart is
        # drawn a third quicker. Arabic must be shaped (its letters join, its brackets
        # mirror), and in a right-to-left window so must Latin words (their brackets).
        self._unshaped = QFont()
        self._unshaped.setStyleStrategy(QFont.StyleStrategy.PreferNoShaping)
        self.retranslate()

    def set_cart(self, cart: Cart) -> None:
        """Show `cart`, writing only the rows whose line came or changed (a scan adds or
        changes one line)."""
        everything = cart.price_list_id != self.cart.price_list_id  # each line's list name
        self.cart = cart
        wanted = {line.source.list_id for line in cart.lines if line.source is not None}
        if wanted - {RETAIL} - set(self.list_names):
            self.list_names = self.state.shop.price_lists.names()
            everything = True
        if self.state.formats is not self._formats:
            self._formats = self.state.formats  # another country, other digits
            everything = True
        self._show(everything)

    def _show(self, everything: bool) -> None:
        lines = self.cart.lines
        self.written = []
        if len(self._shown) > len(lines):
            self.removeRows(len(lines), len(self._shown) - len(lines))
            del self._shown[len(lines) :]
            # A row made again starts without its notes.
            self.batch_notes = {row: n for row, n in self.batch_notes.items() if row < len(lines)}
        left_to_right = QGuiApplication.layoutDirection() == Qt.LayoutDirection.LeftToRight
        for row, line in enumerate(lines):
            if row < len(self._shown) and not everything and self._shown[row] == line:
                continue
            texts = [self._text(line, column) for column in range(len(_TITLES))]
            tip = None
            if line.promotion is not None:
                tip = _("{promotion}: saves {amount}").format(
                    promotion=line.promotion.name,
                    amount=amount_text(self.state, line.promotion.saving),
                )
            if row == len(self._shown):
                self.appendRow([self._item(column, text) for column, text in enumerate(texts)])
                self._shown.append(line)
            else:
                for column, text in enumerate(texts):
                    self.item(row, column).setText(text)
                self._shown[row] = line
            for column, text in enumerate(texts):
                plain = column >= _AMOUNTS or (left_to_right and _plain(text))
                self.item(row, column).setData(self._unshaped if plain else None, _FONT)
            self.written.append(row)
            for column in range(1, len(_TITLES)):  # the name's tip is its batches'
                self.item(row, column).setData(tip, _TOOLTIP)

    @staticmethod
    def _item(column: int, text: str) -> QStandardItem:
        item = QStandardItem(text)
        item.setFlags(_FLAGS)
        item.setData(_START if column == 0 else _END, _ALIGNMENT)
        return item

    def set_batch_notes(self, notes: dict[int, tuple[str, str, bool]]) -> list[int]:
        """Show each line's batches; the rows whose notes changed."""
        before, self.batch_notes = self.batch_notes, notes
        changed = []
        for row in set(before) | set(notes):
            note = notes.get(row)
            if row >= len(self._shown) or (row in before and note == before[row]):
                continue
            changed.append(row)
            item = self.item(row, 0)
            item.setData((note[0], note[2]) if note is not None else None, BATCH_ROLE)
            item.setData(note[1] if note is not None else None, _TOOLTIP)
            item.setData(_EXPIRED if note is not None and note[2] else None, _FOREGROUND)
        return changed

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

    def retranslate(self) -> None:
        """Another language: other words and digits."""
        for section, title in enumerate(_TITLES):
            self.setHeaderData(section, Qt.Orientation.Horizontal, _(title))
            self.setHeaderData(
                section, Qt.Orientation.Horizontal, _START if section == 0 else _END, _ALIGNMENT
            )
        self._show(everything=True)
