"""Taking a payment towards what a customer owes: the amount, how it was paid, and which
debts it settles (the oldest first unless some are ticked). More than is owed is kept as
store credit only when the person says so. A payment taken is confirmed in the dialog, with the
customer's new balance, before it closes."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from duka.core.ledger import PaymentMethod
from duka.core.money import Money
from duka.i18n import N_, _
from duka.ui.amounts import amount_text, money_text, parse_money
from duka.ui.dialogs.form import FormDialog
from duka.ui.models.windowed import isolate
from duka.ui.operations import ask
from duka.ui.state import AppState

_END = Qt.AlignmentFlag.AlignTrailing | Qt.AlignmentFlag.AlignVCenter


class AccountPaymentDialog(FormDialog):
    title_id = N_("Take a payment on account")
    intro_id = N_(
        "The payment settles the oldest debts first. Tick debts to settle those first instead."
    )

    def __init__(self, state: AppState, customer_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("accountPayment")
        self.state = state
        self.customer = state.shop.customers.get(customer_id)
        self.number: str | None = None
        self.debts = state.shop.accounts.open_debts(customer_id)
        owed = self.customer.balance
        self.owed = QLabel()
        self.amount = QLineEdit(amount_text(state, owed) if owed.minor > 0 else "")
        self.amount.setAlignment(Qt.AlignmentFlag.AlignTrailing)
        self.method = QComboBox()
        self.reference = QLineEdit()
        self.table = QTableWidget(len(self.debts), 4)
        self.table.setObjectName("openDebts")
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        for row, debt in enumerate(self.debts):
            moment = dt.datetime.fromisoformat(debt.at).astimezone()
            tick = QTableWidgetItem(state.formats.date(moment.date(), "short"))
            tick.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            tick.setCheckState(Qt.CheckState.Unchecked)
            self.table.setItem(row, 0, tick)
            self.table.setItem(row, 1, QTableWidgetItem(isolate(debt.document)))
            for column, minor in ((2, debt.amount), (3, debt.open)):
                cell = QTableWidgetItem(money_text(state, Money(minor, owed.currency)))
                cell.setTextAlignment(_END)
                self.table.setItem(row, column, cell)
        self.row(N_("Customer"), QLabel(isolate(self.customer.name)))
        self.row(N_("Owes"), self.owed)
        self.row(N_("Amount paid"), self.amount)
        self.row(N_("Paid by"), self.method)
        self.row(N_("Reference"), self.reference)
        self.confirmation = QLabel()
        self.confirmation.setObjectName("dialogSuccess")
        self.confirmation.setWordWrap(True)
        self.confirmation.hide()
        self.finish_layout(self.table, self.confirmation)
        self.table.setVisible(bool(self.debts))
        self.table.resizeColumnsToContents()
        self.setMinimumWidth(520)
        self.amount.selectAll()
        self.amount.setFocus()

    def retranslate(self) -> None:
        super().retranslate()
        balance = self.customer.balance
        self.owed.setText(
            money_text(self.state, balance)
            if balance.minor >= 0
            else _("Nothing; store credit {amount}").format(amount=money_text(self.state, -balance))
        )
        keep = self.method.currentData()
        self.method.clear()
        for method in PaymentMethod:
            self.method.addItem(_(method.label), method)
        self.method.setCurrentIndex(max(0, self.method.findData(keep)))
        self.reference.setPlaceholderText(_("e.g. the M-Pesa code"))
        self.table.setHorizontalHeaderLabels([_("Date"), _("Document"), _("Amount"), _("Open")])

    def picked(self) -> list[int]:
        return [
            debt.entry_id
            for row, debt in enumerate(self.debts)
            if (item := self.table.item(row, 0)) is not None
            and item.checkState() == Qt.CheckState.Checked
        ]

    def submit(self) -> bool:
        amount = parse_money(self.state, self.amount.text())
        accounts = self.state.shop.accounts
        keep = False
        owed = self.customer.balance
        if amount.minor > 0 and amount > owed:
            extra = amount - max(owed, Money.zero(owed.currency))
            if not ask(
                self,
                _("More than is owed"),
                _("{amount} is more than is owed. Keep {extra} as store credit for {name}?").format(
                    amount=money_text(self.state, amount),
                    extra=money_text(self.state, extra),
                    name=isolate(self.customer.name),
                ),
            ):
                return False
            keep = True
        customer_id, method, reference, picked = (
            self.customer.id,
            self.method.currentData(),
            self.reference.text(),
            self.picked(),
        )
        self.number = self.state.perform(
            lambda: accounts.receive_payment(
                customer_id, amount, method, reference, picked, keep_as_credit=keep
            )
        ).value
        self._confirm(amount)
        return False  # stays open with the confirmation; Enter or Close closes it

    def _confirm(self, amount: Money) -> None:
        """The payment's number and the customer's new balance, in the colour of success."""
        assert self.number is not None
        balance = self.state.shop.accounts.balance(self.customer.id)
        name = isolate(self.customer.name)
        if balance.minor > 0:
            after = _("{name} now owes {balance}.").format(
                name=name, balance=money_text(self.state, balance)
            )
        elif balance.minor < 0:
            after = _("{name} now has {amount} of store credit.").format(
                name=name, amount=money_text(self.state, -balance)
            )
        else:
            after = _("{name} owes nothing now.").format(name=name)
        self.confirmation.setText(
            _("Payment {number} of {amount} received.").format(
                number=self.number, amount=money_text(self.state, amount)
            )
            + " "
            + after
        )
        self.confirmation.show()
        for field in (self.amount, self.method, self.reference, self.table):
            field.setEnabled(False)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).hide()
        close = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        close.setText(_("Close"))
        close.setFocus()

    def accept(self) -> None:
        if self.number is not None:  # taken and confirmed: closing says it was done
            QDialog.accept(self)
            return
        super().accept()

    def reject(self) -> None:
        if self.number is not None:
            self.accept()
            return
        super().reject()
