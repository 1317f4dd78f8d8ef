"""Moving money between two accounts, or between the cash drawer and an account (banking
the day's cash, withdrawing from M-Pesa into the drawer)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from duka.i18n import N_, _
from duka.ui.amounts import parse_money
from duka.ui.dialogs.form import FormDialog
from duka.ui.state import AppState
from duka.ui.widgets.money_choice import DRAWER, chosen, fill_places


class MoneyTransferDialog(FormDialog):
    title_id = N_("Move money")
    intro_id = N_(
        "Bank the drawer's cash, take cash out of an account into the drawer, or move money "
        "between two accounts."
    )

    def __init__(
        self, state: AppState, source: int | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("moneyTransfer")
        self.state = state
        self.source = QComboBox()
        self.source.setObjectName("transferFrom")
        self.target = QComboBox()
        self.target.setObjectName("transferTo")
        self.amount = QLineEdit()
        self.amount.setObjectName("transferAmount")
        self.amount.setAlignment(Qt.AlignmentFlag.AlignTrailing)
        self.note = QLineEdit()
        self.note.setObjectName("transferNote")
        self.row(N_("From"), self.source)
        self.row(N_("To"), self.target)
        self.row(N_("Amount"), self.amount)
        self.row(N_("Note"), self.note)
        fill_places(self.source, state)
        fill_places(self.target, state)
        first = source if source is not None else DRAWER
        self.source.setCurrentIndex(max(0, self.source.findData(first)))
        self.target.setCurrentIndex(1 if self.source.currentIndex() == 0 else 0)
        self.finish_layout()
        self.setMinimumWidth(560)

    def retranslate(self) -> None:
        super().retranslate()
        fill_places(self.source, self.state)
        fill_places(self.target, self.state)
        self.note.setPlaceholderText(_("e.g. the deposit slip's number"))

    def submit(self) -> bool:
        money = self.state.shop.money
        amount = parse_money(self.state, self.amount.text())
        source, target, note = chosen(self.source), chosen(self.target), self.note.text()
        self.state.perform(lambda: money.transfer(source, target, amount, note))
        return True
