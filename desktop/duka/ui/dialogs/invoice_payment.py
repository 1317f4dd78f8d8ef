"""Taking a payment against one invoice: what is due is offered, more is refused; the payment
goes on the customer's account and settles this invoice."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from duka.core.ledger import PaymentMethod
from duka.core.money import Money
from duka.i18n import N_, _
from duka.ui.amounts import amount_text, money_text, parse_money
from duka.ui.dialogs.form import FormDialog
from duka.ui.state import AppState


class InvoicePaymentDialog(FormDialog):
    title_id = N_("Take a payment")

    def __init__(self, state: AppState, invoice_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("invoicePayment")
        self.state = state
        self.invoice_id = invoice_id
        self.number: str | None = None
        invoices = state.shop.invoices
        self.doc = invoices.get(invoice_id)
        self.due = Money(invoices.standing(invoice_id).due, self.doc.draft.currency)
        self.amount = QLineEdit(amount_text(state, self.due))
        self.amount.setAlignment(Qt.AlignmentFlag.AlignTrailing)
        self.method = QComboBox()
        for method in PaymentMethod:
            self.method.addItem("", method)
        self.reference = QLineEdit()
        self.row(N_("Amount"), self.amount)
        self.row(N_("Paid by"), self.method)
        self.row(N_("Reference (M-Pesa code, cheque…)"), self.reference)
        self.finish_layout()
        self.amount.selectAll()

    def retranslate(self) -> None:
        super().retranslate()
        self.intro.setText(
            _("{number}: {amount} due.").format(
                number=self.doc.number or "", amount=money_text(self.state, self.due)
            )
        )
        self.intro.setVisible(True)
        for index in range(self.method.count()):
            method = self.method.itemData(index)
            self.method.setItemText(index, _(method.label))

    def submit(self) -> bool:
        amount = parse_money(self.state, self.amount.text())
        invoices, invoice_id = self.state.shop.invoices, self.invoice_id
        method, reference = self.method.currentData(), self.reference.text()
        self.number = self.state.perform(
            lambda: invoices.receive_payment(invoice_id, amount, method, reference)
        ).value
        return True
