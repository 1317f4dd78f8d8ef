"""One line of a quote, invoice or credit note: what it is, how many, the price each, a
discount (an amount, or a percent such as 10%) and its tax rate. A credit note's line keeps
what its invoice said and only its quantity may go down."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from duka.core.invoices import DocLine
from duka.core.money import Money
from duka.core.tax import TaxRate
from duka.core.vat import REVERSE_CHARGE_NAME, is_reverse_charge
from duka.i18n import N_, _
from duka.ui.amounts import amount_text, currency, parse_money, parse_quantity, quantity_text
from duka.ui.dialogs.form import FormDialog
from duka.ui.dialogs.sale_line import DISCOUNT_INTRO, discount_intro, parse_discount
from duka.ui.state import AppState


class InvoiceLineDialog(FormDialog):
    title_id = N_("A line")
    intro_id = DISCOUNT_INTRO

    def intro_text(self) -> str:
        return discount_intro(self.state)

    def __init__(
        self,
        state: AppState,
        rates: Sequence[TaxRate],
        line: DocLine | None = None,
        parent: QWidget | None = None,
        fixed: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("invoiceLineDialog")
        self.state = state
        self.original = line
        self.line: DocLine | None = None
        self.description = QLineEdit(line.description if line else "")
        self.quantity = QLineEdit(quantity_text(state, line.quantity) if line else "1")
        self.price = QLineEdit(amount_text(state, line.unit_price) if line else "")
        self.discount = QLineEdit(
            amount_text(state, line.discount) if line and line.discount else ""
        )
        self.rate = QComboBox()
        self.rate.addItem("", None)
        for rate in rates:
            self.rate.addItem(rate.name, rate)
        if line is not None and line.rate is not None:
            found = next((i for i, r in enumerate(rates) if r == line.rate), None)
            if found is None:  # a rate the shop no longer has: the line keeps it
                name = line.rate.name
                if is_reverse_charge(line.rate):
                    name = _(REVERSE_CHARGE_NAME)
                self.rate.addItem(name, line.rate)
                found = self.rate.count() - 2
            self.rate.setCurrentIndex(found + 1)
        for field in (self.description, self.price, self.discount, self.rate):
            field.setEnabled(not fixed)
        self.row(N_("Description"), self.description)
        self.row(N_("Quantity"), self.quantity)
        self.row(N_("Price each"), self.price)
        self.row(N_("Discount"), self.discount)
        self.row(N_("Tax rate"), self.rate)
        self.finish_layout()
        self.setMinimumWidth(460)
        (self.quantity if fixed or line else self.description).setFocus()

    def retranslate(self) -> None:
        super().retranslate()
        self.rate.setItemText(0, _("No tax"))

    def submit(self) -> bool:
        quantity = parse_quantity(self.state, self.quantity.text())
        price = parse_money(self.state, self.price.text() or "0")
        gross = price.times(quantity.value)
        discount = parse_discount(self.state, self.discount.text(), gross)
        base = self.original or DocLine("", quantity, Money.zero(currency(self.state)), None)
        self.line = replace(
            base,
            description=self.description.text(),
            quantity=quantity,
            unit_price=price,
            discount=discount,
            rate=self.rate.currentData(),
        ).checked()
        if base.source is not None and (price != base.unit_price or discount is not None):
            self.line = replace(self.line, source=None)  # priced by hand: kept as typed
        return True
