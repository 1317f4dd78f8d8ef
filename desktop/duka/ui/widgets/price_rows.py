"""The prices of one product on one list, as rows to edit: from how many, the price per
unit. An empty quantity is the list's price from the first unit."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QLineEdit, QPushButton, QWidget

from duka.core.money import Money
from duka.core.quantity import Quantity
from duka.i18n import _
from duka.ui.amounts import amount_text, parse_money, parse_quantity, quantity_text
from duka.ui.state import AppState


class PriceRows(QWidget):
    def __init__(self, state: AppState, retail: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.retail = retail  # retail's rows are breaks only: its first price is the product's
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.from_title = QLabel()
        self.price_title = QLabel()
        self.grid.addWidget(self.from_title, 0, 0)
        self.grid.addWidget(self.price_title, 0, 1)
        self.rows: list[tuple[QLineEdit, QLineEdit, QPushButton]] = []
        self.add_button = QPushButton()
        self.add_button.setObjectName("addPrice")
        self.add_button.clicked.connect(lambda: self.add_row())
        self.grid.addWidget(self.add_button, 99, 0, 1, 3, Qt.AlignmentFlag.AlignLeading)
        self.retranslate()

    def retranslate(self) -> None:
        self.from_title.setText(
            _("From quantity") if self.retail else _("From quantity (empty: any)")
        )
        self.price_title.setText(_("Price per unit"))
        self.add_button.setText(_("Add a quantity break") if self.retail else _("Add a price"))
        for _quantity, _price, remove in self.rows:
            remove.setText(_("Remove"))

    def set_prices(self, prices: list[tuple[Quantity, Money]]) -> None:
        for quantity, price in prices:
            shown = quantity_text(self.state, quantity) if quantity.milli else ""
            self.add_row(shown, amount_text(self.state, price))

    def add_row(self, quantity: str = "", price: str = "") -> None:
        amount, cost = QLineEdit(quantity), QLineEdit(price)
        for field in (amount, cost):
            field.setAlignment(Qt.AlignmentFlag.AlignTrailing)
        remove = QPushButton(_("Remove"))
        row = (amount, cost, remove)
        remove.clicked.connect(lambda: self._remove(row))
        line = len(self.rows) + 1
        self.grid.addWidget(amount, line, 0)
        self.grid.addWidget(cost, line, 1)
        self.grid.addWidget(remove, line, 2)
        self.rows.append(row)
        amount.setFocus()

    def _remove(self, row: tuple[QLineEdit, QLineEdit, QPushButton]) -> None:
        self.rows.remove(row)
        for widget in row:
            widget.deleteLater()

    def prices(self) -> list[tuple[Quantity, Money]]:
        """What the rows say (rows left empty are dropped); a TranslatableError for a
        number that cannot be read."""
        found = []
        for amount, cost in ((a.text().strip(), c.text().strip()) for a, c, _r in self.rows):
            if not cost and not amount:
                continue
            quantity = parse_quantity(self.state, amount) if amount else Quantity(0)
            found.append((quantity, parse_money(self.state, cost)))
        return found
