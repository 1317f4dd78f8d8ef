"""Receiving a delivery: the supplier, their invoice number, what came (scanned or typed) at
what cost, its batch and expiry date for a product that keeps batches, and whether it was
paid on the spot or is owed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from duka.core.access import Permission
from duka.core.errors import InvalidInput
from duka.core.money import Money
from duka.core.products import Product
from duka.core.quantity import Quantity
from duka.core.suppliers import GoodsReceivedDraft, ReceivedLine
from duka.i18n import N_, TranslatableError, _
from duka.ui.amounts import (
    amount_text,
    currency,
    money_text,
    parse_money,
    parse_quantity,
    quantity_text,
)
from duka.ui.batch_text import parse_expiry
from duka.ui.dialogs.form import FormDialog
from duka.ui.dialogs.supplier_payment import fill_methods
from duka.ui.models.windowed import isolate
from duka.ui.state import AppState
from duka.ui.widgets.product_picker import ProductPicker

_END = Qt.AlignmentFlag.AlignTrailing | Qt.AlignmentFlag.AlignVCenter


# The columns: the batch and its expiry date are shown beside the product (moved there on
# screen), kept last in the model so the first four stay where they always were.
_BATCH, _EXPIRY = 4, 5


@dataclass
class _Line:
    product: Product
    quantity: Quantity
    unit_cost: Money
    batched: bool = False  # the product keeps batches: a batch and an expiry date are asked
    batch: str = ""
    expiry: dt.date | None = None


class ReceiveGoodsDialog(FormDialog):
    title_id = N_("Receive a delivery")

    def __init__(
        self, state: AppState, supplier_id: int | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("receiveGoods")
        self.state = state
        self.number: str | None = None
        self.lines: list[_Line] = []
        self._filling = False
        self.supplier = QComboBox()
        for supplier in state.shop.suppliers.suppliers(active_only=True):
            self.supplier.addItem(supplier.name, supplier.id)
        self.supplier.setCurrentIndex(max(0, self.supplier.findData(supplier_id)))
        self.reference = QLineEdit()
        self.picker = ProductPicker(state)
        self.picker.picked.connect(self.add)
        self.picker.not_found.connect(
            lambda text: self.error.setText(
                _("No product has the code or name “{text}”.").format(text=text)
            )
        )
        self.table = QTableWidget(0, 6)
        self.table.setObjectName("receivedLines")
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.moveSection(_BATCH, 1)
        header.moveSection(_EXPIRY, 2)
        self.table.itemChanged.connect(self._edited)
        self.remove_button = QPushButton()
        self.remove_button.clicked.connect(self.remove_selected)
        self.total = QLabel()
        self.total.setObjectName("receivedTotal")
        self.paid = QCheckBox()
        self.method = QComboBox()
        may_pay = state.may(Permission.PAY_SUPPLIERS)
        self.paid.setEnabled(may_pay)
        self.paid.toggled.connect(self.method.setEnabled)
        self.method.setEnabled(False)
        self.row(N_("Supplier"), self.supplier)
        self.row(N_("Their invoice or delivery note"), self.reference)
        self.row(N_("Product"), self.picker)
        under = QWidget()
        line = QHBoxLayout(under)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.total, 1)
        line.addWidget(self.paid)
        line.addWidget(self.method)
        line.addWidget(self.remove_button)
        self.finish_layout(self.table, under)
        self.resize(760, 520)

    # -- lines -------------------------------------------------------------------------

    def add(self, product: Product, units: Quantity, by_scan: bool = True) -> None:
        """A product scanned or chosen: a new line at its current cost, or one more unit."""
        self.error.clear()
        found = next((i for i, n in enumerate(self.lines) if n.product.id == product.id), None)
        batched = self.state.shop.batches.tracks(product.id)
        if batched:  # each batch is a line of its own: a new one is typed in it
            found = next(
                (i for i, n in enumerate(self.lines) if n.product.id == product.id and not n.batch),
                None,
            )
        if found is None:
            self.lines.append(_Line(product, units, product.draft.cost_price, batched))
            found = len(self.lines) - 1
        elif by_scan:
            self.lines[found].quantity = self.lines[found].quantity + units
        self._show()
        self.table.selectRow(found)
        quantity = self.table.item(found, _BATCH if batched else 1)
        if quantity is not None and (batched or not by_scan):
            self.table.editItem(quantity)

    def remove_selected(self) -> None:
        for row in sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True):
            del self.lines[row]
        self._show()

    def _edited(self, item: QTableWidgetItem) -> None:
        if self._filling or item.column() not in (1, 2, _BATCH, _EXPIRY):
            return
        line = self.lines[item.row()]
        try:
            if item.column() == 1:
                line.quantity = parse_quantity(self.state, item.text())
            elif item.column() == _BATCH:
                line.batch = " ".join(item.text().split())
            elif item.column() == _EXPIRY:
                line.expiry = parse_expiry(item.text())
            else:
                line.unit_cost = parse_money(self.state, item.text())
            self.error.clear()
        except TranslatableError as error:
            self.error.setText(error.message)
        self._show()

    def _show(self) -> None:
        self._filling = True
        self.table.setRowCount(len(self.lines))
        total = Money.zero(currency(self.state))
        for row, line in enumerate(self.lines):
            amount = ReceivedLine(line.product.id, line.quantity, line.unit_cost).total
            total = total + amount
            cells = (
                isolate(line.product.name),
                quantity_text(self.state, line.quantity),
                amount_text(self.state, line.unit_cost),
                money_text(self.state, amount),
                line.batch,
                line.expiry.isoformat() if line.expiry is not None else "",
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column in (1, 2, 3):
                    item.setTextAlignment(_END)
                fixed = column in (0, 3) or (column in (_BATCH, _EXPIRY) and not line.batched)
                if fixed:
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                if column == _EXPIRY and line.batched:
                    item.setToolTip(_("YYYY-MM-DD or day/month/year"))
                self.table.setItem(row, column, item)
        # The batch columns only when a product that keeps batches is in the delivery.
        shown = any(line.batched for line in self.lines)
        self.table.setColumnHidden(_BATCH, not shown)
        self.table.setColumnHidden(_EXPIRY, not shown)
        self._filling = False
        self.total.setText(_("Total: {amount}").format(amount=money_text(self.state, total)))

    def retranslate(self) -> None:
        super().retranslate()
        self.table.setHorizontalHeaderLabels(
            [_("Product"), _("Quantity"), _("Unit cost"), _("Line total"), _("Batch"),
             _("Expiry")]
        )  # fmt: skip
        self.remove_button.setText(_("Remove"))
        self.paid.setText(_("Paid now"))
        self.reference.setPlaceholderText(_("optional"))
        fill_methods(self.method)
        self.picker.retranslate()
        self._show()

    def submit(self) -> bool:
        supplier_id = self.supplier.currentData()
        if supplier_id is None:
            raise InvalidInput(N_("Add the supplier first (Suppliers, New supplier)."))
        draft = GoodsReceivedDraft(
            supplier_id,
            tuple(
                ReceivedLine(n.product.id, n.quantity, n.unit_cost, n.batch, n.expiry)
                for n in self.lines
            ),
            paid=self.paid.isChecked(),
            method=self.method.currentData(),
            reference=self.reference.text().strip(),
        )
        suppliers = self.state.shop.suppliers
        self.number = self.state.perform(lambda: suppliers.receive(draft)).value
        return True
