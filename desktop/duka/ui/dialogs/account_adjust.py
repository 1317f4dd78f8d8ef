"""Correcting a customer's account (a manager's right): an adjustment up or down, store
credit given, or the opening balance carried over from the old notebook. Each needs a
reason, and becomes an entry of its own; nothing already on the account changes."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QWidget

from duka.core.access import Approvals, Permission
from duka.i18n import N_, _
from duka.ui.amounts import parse_money
from duka.ui.dialogs.form import FormDialog
from duka.ui.models.windowed import isolate
from duka.ui.state import AppState

ADJUST = "adjust"
CREDIT = "credit"
OPENING = "opening"


class AccountAdjustDialog(FormDialog):
    title_id = N_("Correct an account")
    intro_id = N_(
        "A positive amount adds to what the customer owes; a negative one takes off. "
        "The reason is kept with the entry."
    )

    def __init__(self, state: AppState, customer_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("accountAdjust")
        self.state = state
        self.customer = state.shop.customers.get(customer_id)
        self.number: str | None = None
        self.kind = QComboBox()
        self.amount = QLineEdit()
        self.amount.setAlignment(Qt.AlignmentFlag.AlignTrailing)
        self.reason = QLineEdit()
        self.row(N_("Customer"), QLabel(isolate(self.customer.name)))
        self.row(N_("What"), self.kind)
        self.row(N_("Amount"), self.amount)
        self.row(N_("Reason"), self.reason)
        self.finish_layout()
        self.setMinimumWidth(480)

    def retranslate(self) -> None:
        super().retranslate()
        keep = self.kind.currentData()
        self.kind.clear()
        self.kind.addItem(_("Adjustment"), ADJUST)
        self.kind.addItem(_("Store credit given"), CREDIT)
        if not self.state.shop.accounts.entry_count(self.customer.id):
            self.kind.addItem(_("Opening balance"), OPENING)
        self.kind.setCurrentIndex(max(0, self.kind.findData(keep)))
        self.reason.setPlaceholderText(_("e.g. counted twice, goodwill, from the old notebook"))

    def submit(self) -> bool:
        from duka.ui.approval import approved

        amount = parse_money(self.state, self.amount.text())
        reason = self.reason.text()
        kind = self.kind.currentData()
        accounts = self.state.shop.accounts
        customer = self.customer.id

        def run(given: Approvals) -> str:
            approval = given.get(Permission.ADJUST_ACCOUNTS)
            if kind == CREDIT:
                return accounts.give_store_credit(customer, amount, reason, approval)
            if kind == OPENING:
                accounts.set_opening(customer, amount, reason, approval)
                return ""
            return accounts.adjust(customer, amount, reason, approval)

        done = approved(
            self, self.state, run, asks=(Permission.ADJUST_ACCOUNTS,), show_refusals=False
        )
        if done is None:
            return False
        self.number = done.value
        return True
