"""A list to choose where money comes from or goes to: the cash drawer or an account."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QSizePolicy

from duka.i18n import _
from duka.ui.amounts import money_text
from duka.ui.models.windowed import isolate
from duka.ui.state import AppState

DRAWER = -1  # the cash drawer's entry (the services take None for it)


def fill_places(box: QComboBox, state: AppState, drawer: bool = True) -> None:
    """The drawer (when `drawer`) and each account in use, with its balance."""
    keep = box.currentData()
    # As wide as the longest name with its balance: a cut balance would mislead.
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    box.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    box.clear()
    if drawer:
        box.addItem(_("Cash drawer"), DRAWER)
    for account in state.shop.money.accounts(active_only=True):
        text = _("{name} ({balance})").format(
            name=isolate(account.name), balance=money_text(state, account.balance)
        )
        box.addItem(text, account.id)
    if keep is not None and box.findData(keep) >= 0:
        box.setCurrentIndex(box.findData(keep))


def chosen(box: QComboBox) -> int | None:
    """The account chosen, or None for the drawer."""
    value = box.currentData()
    return None if value == DRAWER or value is None else int(value)
