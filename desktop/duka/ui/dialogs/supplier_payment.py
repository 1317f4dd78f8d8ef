"""Paying a supplier all or part of what the shop owes them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QWidget

from duka.core.suppliers import PaymentMethod, Supplier
from duka.i18n import N_, _
from duka.ui.amounts import amount_text, money_text, parse_money
from duka.ui.dialogs.form import FormDialog
from duka.ui.state import AppState


def fill_methods(box: QComboBox) -> None:
    keep = box.currentData()
    box.clear()
    for method in PaymentMethod:
        box.addItem(_(method.label), method)
    box.setCurrentIndex(max(0, box.findData(keep)))


class SupplierPaymentDialog(FormDialog):
    title_id = N_("Pay a supplier")

    def __init__(self, state: AppState, supplier: Supplier, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("supplierPayment")
        self.state = state
        self.supplier = supplier
        self.number: str | None = None
        self.owed = QLabel()
        self.amount = QLineEdit(amount_text(state, supplier.owed))
        self.amount.setAlignment(Qt.AlignmentFlag.AlignTrailing)
        self.method = QComboBox()
        self.reference = QLineEdit()
        self.row(N_("Supplier"), QLabel(supplier.name))
        self.row(N_("Owed"), self.owed)
        self.row(N_("Amount paid"), self.amount)
        self.row(N_("Paid by"), self.method)
        self.row(N_("Reference"), self.reference)
        self.finish_layout()
        self.setMinimumWidth(420)

    def retranslate(self) -> None:
        super().retranslate()
        self.owed.setText(money_text(self.state, self.supplier.owed))
        fill_methods(self.method)
        self.reference.setPlaceholderText(_("e.g. the transfer or receipt number"))

    def submit(self) -> bool:
        suppliers, supplier_id = self.state.shop.suppliers, self.supplier.id
        amount = parse_money(self.state, self.amount.text())
        method, reference = self.method.currentData(), self.reference.text()
        self.number = self.state.perform(
            lambda: suppliers.pay(supplier_id, amount, method, reference)
        ).value
        return True
