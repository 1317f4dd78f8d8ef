"""A new bank, mobile-money or other account, with the balance it holds today."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QWidget

from duka.core.access import Permission
from duka.core.money_accounts import AccountDraft, AccountKind
from duka.i18n import N_, _
from duka.ui.amounts import parse_money
from duka.ui.dialogs.form import FormDialog
from duka.ui.state import AppState


class MoneyAccountDialog(FormDialog):
    title_id = N_("New account")

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("moneyAccount")
        self.state = state
        self.account_id: int | None = None
        self.name = QLineEdit()
        self.name.setObjectName("accountName")
        self.kind = QComboBox()
        self.kind.setObjectName("accountKind")
        self.opening = QLineEdit()
        self.opening.setObjectName("accountOpening")
        self.opening.setAlignment(Qt.AlignmentFlag.AlignTrailing)
        self.overdraft = QCheckBox()
        self.overdraft.setObjectName("accountOverdraft")
        self.overdraft.setVisible(state.may(Permission.OWNER_MONEY))
        self.row(N_("Name"), self.name)
        self.row(N_("Kind"), self.kind)
        self.row(N_("Balance today"), self.opening)
        self.row(N_("Overdraft"), self.overdraft).setVisible(state.may(Permission.OWNER_MONEY))
        self.finish_layout()
        self.setMinimumWidth(420)

    def retranslate(self) -> None:
        super().retranslate()
        keep = self.kind.currentData()
        self.kind.clear()
        for kind in AccountKind:
            self.kind.addItem(_(kind.label), kind)
        self.kind.setCurrentIndex(max(0, self.kind.findData(keep)))
        self.name.setPlaceholderText(_("e.g. KCB current account, M-Pesa till"))
        self.overdraft.setText(_("May go below zero"))

    def submit(self) -> bool:
        money = self.state.shop.money
        draft = AccountDraft(self.name.text(), self.kind.currentData(), self.overdraft.isChecked())
        text = self.opening.text().strip()
        opening = parse_money(self.state, text) if text else None
        self.account_id = self.state.perform(lambda: money.add_account(draft, opening)).value
        return True
