"""Receiving against a purchase order: each line with what was ordered, what came before and
what is still to come; the user types what came now (the rest by default) and its cost
(before tax, with the rate on the supplier's invoice, where the shop is registered for tax),
and for a product that keeps batches its batch and expiry date.
More than was ordered is received only once the user says yes."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from duka.core.access import Permission
from duka.core.purchase_tax import purchase_totals
from duka.core.purchases import NeedsConfirmation, PurchaseOrder
from duka.core.suppliers import ReceivedLine
from duka.i18n import N_, TranslatableError, _
from duka.ui.amounts import amount_text, currency, parse_money, parse_quantity, quantity_text
from duka.ui.batch_text import parse_expiry
from duka.ui.dialogs.form import FormDialog
from duka.ui.dialogs.supplier_payment import fill_methods
from duka.ui.models.windowed import isolate
from duka.ui.operations import ask
from duka.ui.state import AppState
from duka.ui.widgets.tax_choice import default_code, tax_choice, totals_text

_END = Qt.AlignmentFlag.AlignTrailing | Qt.AlignmentFlag.AlignVCenter
_CAME, _COST, _TAX = 4, 5, 6


class ReceiveOrderDialog(FormDialog):
    title_id = N_("Receive against an order")
    intro_id = N_("Order {number} from {supplier}: type what came now.")

    def __init__(self, state: AppState, order: PurchaseOrder, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("receiveOrder")
        self.state = state
        self.order = order
        self.number: str | None = None
        self.reference = QLineEdit()
        self.rates = state.shop.suppliers.tax_rates()
        self.codes = [
            default_code(state.shop.products.get(line.product_id).draft.tax_code, self.rates)
            for line in order.lines
        ]
        # A product that keeps batches: what came is one batch, its number and expiry typed
        # in the last two columns.
        tracked = state.shop.batches.tracked([line.product_id for line in order.lines])
        self._batch_column = _TAX + 1 if self.rates else _TAX
        self._expiry_column = self._batch_column + 1
        self.table = QTableWidget(len(order.lines), self._expiry_column + 1)
        self.table.setObjectName("orderLines")
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, self.table.columnCount()):
            self.table.horizontalHeader().setSectionResizeMode(
                column, QHeaderView.ResizeMode.ResizeToContents
            )
        for row, line in enumerate(order.lines):
            cells = (
                isolate(line.name),
                quantity_text(state, line.ordered),
                quantity_text(state, line.received),
                quantity_text(state, line.still_to_come),
                quantity_text(state, line.still_to_come),
                amount_text(state, line.unit_cost),
            )
            asks_batch = line.product_id in tracked
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column:
                    item.setTextAlignment(_END)
                if column not in (_CAME, _COST):
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.table.setItem(row, column, item)
            for column in (self._batch_column, self._expiry_column):
                item = QTableWidgetItem("")
                if not asks_batch:
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.table.setItem(row, column, item)
            if self.rates:
                self.table.setCellWidget(
                    row, _TAX, tax_choice(self.rates, self.codes[row], self._chose(row))
                )
        for column in (self._batch_column, self._expiry_column):
            self.table.setColumnHidden(column, not tracked)
        self.total = QLabel()
        self.total.setObjectName("receivedTotal")
        self.table.itemChanged.connect(lambda _item: self._show_total())
        self.paid = QCheckBox()
        self.paid.setEnabled(state.may(Permission.PAY_SUPPLIERS))
        self.method = QComboBox()
        self.method.setEnabled(False)
        self.paid.toggled.connect(self.method.setEnabled)
        self.row(N_("Their invoice or delivery note"), self.reference)
        under = QWidget()
        payment = QHBoxLayout(under)
        payment.setContentsMargins(0, 0, 0, 0)
        payment.addWidget(self.total, 1)
        payment.addWidget(self.paid)
        payment.addWidget(self.method)
        self.finish_layout(self.table, under)
        self.resize(820, 460)

    def _chose(self, row: int) -> Callable[[str | None], None]:
        def chosen(code: str | None) -> None:
            self.codes[row] = code
            self._show_total()

        return chosen

    def _show_total(self) -> None:
        """What came now, as the supplier's invoice shows it (nothing while a figure is
        wrong: the error says so when receiving)."""
        if not self.rates:
            return
        try:
            lines = self.came()
        except TranslatableError:
            self.total.clear()
            return
        bought = [line.bought for line in lines]
        self.total.setText(
            totals_text(self.state, purchase_totals(bought, self.rates, currency(self.state)))
        )

    def intro_text(self) -> str:
        return _(self.intro_id).format(number=self.order.number, supplier=self.order.supplier_name)

    def retranslate(self) -> None:
        super().retranslate()
        self.table.setHorizontalHeaderLabels(
            [_("Product"), _("Ordered"), _("Received"), _("Still to come"), _("Came now"),
             _("Cost before tax") if self.rates else _("Unit cost"),
             *([_("Tax")] if self.rates else []), _("Batch"), _("Expiry")]
        )  # fmt: skip
        self._show_total()
        self.reference.setPlaceholderText(_("optional"))
        self.paid.setText(_("Paid now"))
        fill_methods(self.method)

    def came(self) -> list[ReceivedLine]:
        lines = []
        for row, line in enumerate(self.order.lines):
            quantity_item, cost_item = self.table.item(row, _CAME), self.table.item(row, _COST)
            text = quantity_item.text().strip() if quantity_item else ""
            if not text:
                continue
            quantity = parse_quantity(self.state, text)
            cost = parse_money(self.state, cost_item.text()) if cost_item else line.unit_cost
            batch_item = self.table.item(row, self._batch_column)
            expiry_item = self.table.item(row, self._expiry_column)
            expiry_text = expiry_item.text().strip() if expiry_item else ""
            lines.append(
                ReceivedLine(
                    line.product_id,
                    quantity,
                    cost,
                    tax_code=self.codes[row],
                    batch=batch_item.text() if batch_item else "",
                    expiry=parse_expiry(expiry_text) if expiry_text else None,
                )
            )
        return lines

    def submit(self) -> bool:
        try:
            lines = self.came()
        except TranslatableError as error:
            self.error.setText(error.message)
            return False
        purchases = self.state.shop.purchases

        def receive(confirmed: bool) -> str:
            return purchases.receive(
                self.order.id,
                lines,
                reference=self.reference.text(),
                paid=self.paid.isChecked(),
                method=self.method.currentData(),
                confirmed=confirmed,
            )

        try:
            self.number = self.state.perform(lambda: receive(False)).value
        except NeedsConfirmation as question:
            if not ask(self, _("Receive against an order"), question.message):
                return False
            self.number = self.state.perform(lambda: receive(True)).value
        return True
