"""Receiving against a purchase order: each line with what was ordered, what came before and
what is still to come; the user types what came now (the rest by default), its cost, and
for a product that keeps batches its batch and expiry date.
More than was ordered is received only once the user says yes."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from duka.core.access import Permission
from duka.core.purchases import NeedsConfirmation, PurchaseOrder
from duka.core.suppliers import ReceivedLine
from duka.i18n import N_, TranslatableError, _
from duka.ui.amounts import amount_text, parse_money, parse_quantity, quantity_text
from duka.ui.batch_text import parse_expiry
from duka.ui.dialogs.form import FormDialog
from duka.ui.dialogs.supplier_payment import fill_methods
from duka.ui.models.windowed import isolate
from duka.ui.operations import ask
from duka.ui.state import AppState

_END = Qt.AlignmentFlag.AlignTrailing | Qt.AlignmentFlag.AlignVCenter
_CAME, _COST = 4, 5
# A product that keeps batches: what came is one batch, its number and expiry typed here.
_BATCH, _EXPIRY = 6, 7


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
        tracked = state.shop.batches.tracked([line.product_id for line in order.lines])
        self.table = QTableWidget(len(order.lines), 8)
        self.table.setObjectName("orderLines")
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3, 4, 5):
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
                "",
                "",
            )
            asks_batch = line.product_id in tracked
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if 0 < column < _BATCH:
                    item.setTextAlignment(_END)
                editable = column in (_CAME, _COST) or (column >= _BATCH and asks_batch)
                if not editable:
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.table.setItem(row, column, item)
        for column in (_BATCH, _EXPIRY):  # only when a product of the order keeps batches
            self.table.setColumnHidden(column, not tracked)
        self.paid = QCheckBox()
        self.paid.setEnabled(state.may(Permission.PAY_SUPPLIERS))
        self.method = QComboBox()
        self.method.setEnabled(False)
        self.paid.toggled.connect(self.method.setEnabled)
        self.row(N_("Their invoice or delivery note"), self.reference)
        under = QWidget()
        payment = QHBoxLayout(under)
        payment.setContentsMargins(0, 0, 0, 0)
        payment.addStretch(1)
        payment.addWidget(self.paid)
        payment.addWidget(self.method)
        self.finish_layout(self.table, under)
        self.resize(820, 460)

    def intro_text(self) -> str:
        return _(self.intro_id).format(number=self.order.number, supplier=self.order.supplier_name)

    def retranslate(self) -> None:
        super().retranslate()
        self.table.setHorizontalHeaderLabels(
            [_("Product"), _("Ordered"), _("Received"), _("Still to come"), _("Came now"),
             _("Unit cost"), _("Batch"), _("Expiry")]
        )  # fmt: skip
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
            batch_item, expiry_item = self.table.item(row, _BATCH), self.table.item(row, _EXPIRY)
            batch = batch_item.text() if batch_item else ""
            expiry = parse_expiry(expiry_item.text()) if expiry_item else None
            lines.append(ReceivedLine(line.product_id, quantity, cost, batch, expiry))
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
