"""The float, asked once when the first sale, refund or payment of a cash-up opens the drawer:
Enter takes what the last close of this computer left in it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLineEdit, QWidget

from duka.core.errors import InvalidInput
from duka.core.money import Money
from duka.i18n import N_
from duka.ui.amounts import amount_text, parse_money
from duka.ui.dialogs.form import FormDialog
from duka.ui.state import AppState


class OpeningFloatDialog(FormDialog):
    title_id = N_("Open the drawer")
    intro_id = N_(
        "This is the first cash of the day on this computer: the drawer opens with it. "
        "How much change is in the drawer to start with?"
    )

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("openingFloat")
        self.state = state
        self.amount = QLineEdit(amount_text(state, state.shop.cash.usual_float()))
        self.amount.setAlignment(Qt.AlignmentFlag.AlignTrailing)
        self.amount.selectAll()  # typing replaces it; Enter keeps it
        self.row(N_("Float"), self.amount)
        self.value: Money | None = None
        self.finish_layout()
        self.setMinimumWidth(360)

    def submit(self) -> bool:
        self.value = parse_money(self.state, self.amount.text())
        if self.value.minor < 0:
            raise InvalidInput(N_("The float cannot be negative."), field="amount")
        return True


def opening_float(parent: QWidget, state: AppState) -> tuple[bool, Money | None]:
    """(go on, the float to open the drawer with): (True, None) when the drawer is open or the
    shop wants it opened with F3 first (the service then says so); (False, None) when the
    cashier backed out."""
    if not state.shop.cash.needs_opening():
        return True, None
    dialog = OpeningFloatDialog(state, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.value is None:
        return False, None
    return True, dialog.value
