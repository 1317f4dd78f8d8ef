"""The Money screen: accounts with balances, a book, and moving money through the dialog."""

from __future__ import annotations

from duka.core.money import Money
from duka.core.money_accounts import AccountKind
from duka.ui.dialogs.money_account import MoneyAccountDialog
from duka.ui.dialogs.money_transfer import MoneyTransferDialog
from duka.ui.main_window import MainWindow
from duka.ui.screens.money import MoneyScreen
from duka.ui.widgets.money_choice import DRAWER


def kes(amount: str) -> Money:
    return Money.of(amount, "KES")


def test_banking_the_drawer_through_the_dialog(window: MainWindow) -> None:
    state = window.state
    shop = state.shop
    screen = window.show_screen("money")
    assert isinstance(screen, MoneyScreen)
    bank = next(a for a in shop.money.accounts() if a.kind is AccountKind.BANK)
    before = bank.balance
    assert shop.money.drawer_expected() == kes("2000")

    dialog = MoneyTransferDialog(state, None, screen)
    assert dialog.source.currentData() == DRAWER
    dialog.target.setCurrentIndex(dialog.target.findData(bank.id))
    dialog.amount.setText("2500")
    dialog.accept()  # more than the drawer holds: refused, nothing written
    assert "cannot be taken out" in dialog.error.text()
    assert shop.money.get(bank.id).balance == before
    dialog.amount.setText("1,500")
    dialog.note.setText("slip 42")
    dialog.accept()
    assert dialog.result() == 1
    assert shop.money.get(bank.id).balance == before + kes("1500")
    assert shop.money.drawer_expected() == kes("500")

    # The screen shows the bank's new balance and, chosen, its book ending with the deposit.
    rows = [screen.accounts_model.rows[r] for r in range(screen.accounts_model.rowCount())]
    assert rows[0][0] == "Cash drawer" and rows[0][2] == "Ksh\u00a0500.00"
    screen.accounts_view.selectRow(screen._ids.index(bank.id))
    assert screen.book_model.rows[0][1] == "Brought forward"  # from three months ago
    last = screen.book_model.rows[-1]
    assert "slip 42" in last[2] and last[3] == "Ksh\u00a01,500.00"
    screen.accounts_view.selectRow(0)  # the drawer's book: the float, then the banking
    assert [r[3] for r in screen.book_model.rows] == ["Ksh\u00a02,000.00", "-Ksh\u00a01,500.00"]
    # Closed, the drawer's last session stays there to read.
    state.perform(lambda: shop.cash.close(kes("500")))
    screen.accounts_view.selectRow(0)
    assert screen.accounts_model.rows[0][2] == "closed"
    assert screen.session.isVisibleTo(screen) and len(screen.book_model.rows) == 2


def test_a_new_account_from_the_dialog(window: MainWindow) -> None:
    screen = window.show_screen("money")
    dialog = MoneyAccountDialog(window.state, screen)
    dialog.name.setText("Airtel Money")
    dialog.kind.setCurrentIndex(dialog.kind.findData(AccountKind.MOBILE_MONEY))
    dialog.opening.setText("750")
    dialog.accept()
    assert dialog.account_id is not None
    made = window.state.shop.money.get(dialog.account_id)
    assert made.balance == kes("750") and made.kind is AccountKind.MOBILE_MONEY
    again = MoneyAccountDialog(window.state, screen)
    again.name.setText("airtel money")
    again.accept()
    assert "already an account" in again.error.text()
