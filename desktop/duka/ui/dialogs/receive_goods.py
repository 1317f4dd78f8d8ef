"""Receiving a delivery: the supplier, their invoice number, what came (scanned or typed) at
what cost (with the batch and expiry date of a product that keeps batches), and whether it
was paid on the spot or is owed. Where the shop is registered for
tax, each line takes the rate on the supplier's invoice (the product's own at first) and the
costs are typed before tax, as a tax invoice prints them (core.purchase_tax)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import count

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
from duka.core.purchase_tax import BoughtLine, purchase_totals
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
from duka.ui.widgets.rows import select_row
from duka.ui.widgets.tax_choice import default_code, tax_choice, totals_text

_END = Qt.AlignmentFlag.AlignTrailing | Qt.AlignmentFlag.AlignVCenter


_SERIALS = count()


@dataclass
class _Line:
    product: Product
    quantity: Quantity
    unit_cost: Money
    tax_code: str | None = None
    serial: int = field(default_factory=lambda: next(_SERIALS))  # which line a rate box is
    batched: bool = False  # the product keeps batches: a batch and an expiry date are asked
    batch: str = ""
    expiry: dt.date | None = None


_QUANTITY, _COST, _TAX = 1, 2, 3


class ReceiveGoodsDialog(FormDialog):
    title_id = N_("Receive a delivery")
    taxed = True  # the lines take a tax rate where the shop is registered (an order's not)
    batched = True  # a product that keeps batches asks its batch and expiry (an order's not)

    def __init__(
        self, state: AppState, supplier_id: int | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("receiveGoods")
        self.state = state
        self.number: str | None = None
        self.lines: list[_Line] = []
        self._filling = False
        self.rates = state.shop.suppliers.tax_rates() if self.taxed else ()
        self._total_column = _TAX + 1 if self.rates else _TAX
        # The batch and its expiry date: last in the model, shown beside the product.
        self._batch_column = self._total_column + 1
        self._expiry_column = self._total_column + 2
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
        self.table = QTableWidget(0, self._expiry_column + 1)
        self.table.setObjectName("receivedLines")
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.moveSection(self._batch_column, 1)
        header.moveSection(self._expiry_column, 2)
        if self.rates:  # the figures and the rate fit their titles
            for column in range(1, self._total_column + 1):
                self.table.horizontalHeader().setSectionResizeMode(
                    column, QHeaderView.ResizeMode.ResizeToContents
                )
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
        batched = self.batched and self.state.shop.batches.tracks(product.id)
        if batched:  # each batch is a line of its own: a new one is typed in it
            found = next(
                (i for i, n in enumerate(self.lines) if n.product.id == product.id and not n.batch),
                None,
            )
        if found is None:
            code = default_code(product.draft.tax_code, self.rates)
            self.lines.append(
                _Line(product, units, product.draft.cost_price, code, batched=batched)
            )
            found = len(self.lines) - 1
        elif by_scan:
            self.lines[found].quantity = self.lines[found].quantity + units
        self._show()
        select_row(self.table, found)
        quantity = self.table.item(found, self._batch_column if batched else _QUANTITY)
        if quantity is not None and (batched or not by_scan):
            self.table.editItem(quantity)

    def remove_selected(self) -> None:
        for row in sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True):
            del self.lines[row]
        self._show()

    def _edited(self, item: QTableWidgetItem) -> None:
        batch_columns = (self._batch_column, self._expiry_column)
        if self._filling or item.column() not in (_QUANTITY, _COST, *batch_columns):
            return
        line = self.lines[item.row()]
        try:
            if item.column() == _QUANTITY:
                line.quantity = parse_quantity(self.state, item.text())
            elif item.column() == self._batch_column:
                line.batch = " ".join(item.text().split())
            elif item.column() == self._expiry_column:
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
        for row, line in enumerate(self.lines):
            amount = ReceivedLine(line.product.id, line.quantity, line.unit_cost).total
            cells = {
                0: isolate(line.product.name),
                _QUANTITY: quantity_text(self.state, line.quantity),
                _COST: amount_text(self.state, line.unit_cost),
                self._total_column: money_text(self.state, amount),
                self._batch_column: line.batch,
                self._expiry_column: line.expiry.isoformat() if line.expiry is not None else "",
            }
            for column, text in cells.items():
                item = QTableWidgetItem(text)
                if column in (_QUANTITY, _COST, self._total_column):
                    item.setTextAlignment(_END)
                batch_cell = column in (self._batch_column, self._expiry_column)
                if column in (0, self._total_column) or (batch_cell and not line.batched):
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                if column == self._expiry_column and line.batched:
                    item.setToolTip(_("YYYY-MM-DD or day/month/year"))
                self.table.setItem(row, column, item)
            if self.rates:
                self._show_rate(row, line)
        # The batch columns only when a product that keeps batches is in the delivery.
        shown = any(line.batched for line in self.lines)
        self.table.setColumnHidden(self._batch_column, not shown)
        self.table.setColumnHidden(self._expiry_column, not shown)
        self._filling = False
        self._show_total()

    def _show_rate(self, row: int, line: _Line) -> None:
        """The line's rate box: kept while the row holds the same line (a box made again
        on each scan would take the focus and the choice away)."""
        box = self.table.cellWidget(row, _TAX)
        if box is not None and box.property("line") == line.serial:
            return
        box = tax_choice(self.rates, line.tax_code, self._chose(line))
        box.setProperty("line", line.serial)
        self.table.setCellWidget(row, _TAX, box)

    def _chose(self, line: _Line) -> Callable[[str | None], None]:
        def chosen(code: str | None) -> None:
            line.tax_code = code
            self._show_total()

        return chosen

    def _show_total(self) -> None:
        """The total as the supplier's invoice shows it: with tax where the shop claims it."""
        bought = [BoughtLine(n.quantity, n.unit_cost, n.tax_code) for n in self.lines]
        totals = purchase_totals(bought, self.rates, currency(self.state))
        if self.rates:
            self.total.setText(totals_text(self.state, totals))
        else:
            self.total.setText(
                _("Total: {amount}").format(amount=money_text(self.state, totals.gross))
            )

    def cost_title(self) -> str:
        """The cost column's title: a delivery's cost is before tax where it carries tax."""
        return _("Cost before tax") if self.rates else _("Unit cost")

    def retranslate(self) -> None:
        super().retranslate()
        self.table.setHorizontalHeaderLabels(
            [
                _("Product"),
                _("Quantity"),
                self.cost_title(),
                *([_("Tax")] if self.rates else []),
                _("Line total"),
                _("Batch"),
                _("Expiry"),
            ]
        )
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
                ReceivedLine(
                    n.product.id,
                    n.quantity,
                    n.unit_cost,
                    tax_code=n.tax_code,
                    batch=n.batch,
                    expiry=n.expiry,
                )
                for n in self.lines
            ),
            paid=self.paid.isChecked(),
            method=self.method.currentData(),
            reference=self.reference.text().strip(),
        )
        suppliers = self.state.shop.suppliers
        self.number = self.state.perform(lambda: suppliers.receive(draft)).value
        return True
