"""Customers, their accounts and who owes: the screens and dialogs as a user drives them."""

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from duka.core.customers import NewCustomer
from duka.core.ledger import EntryKind
from duka.core.money import Money
from duka.ui.dialogs.account_adjust import CREDIT, AccountAdjustDialog
from duka.ui.dialogs.account_payment import AccountPaymentDialog
from duka.ui.dialogs.customer_editor import CustomerEditor
from duka.ui.dialogs.customer_page import CustomerPage
from duka.ui.dialogs.import_preview import CUSTOMERS, ImportDialog
from duka.ui.dialogs.reminder import ReminderDialog
from duka.ui.main_window import MainWindow
from duka.ui.screens.customers import CustomersScreen
from duka.ui.screens.receivables import BY_AGE, ReceivablesScreen
from duka.ui.state import AppState
from tests.ui.helpers import cell


def kes(amount: str) -> Money:
    return Money.of(amount, "KES")


def debtor(state: AppState) -> int:
    """The demo customer who owes the most."""
    found = state.shop.accounts.receivables()
    return max(found.rows, key=lambda r: r.total).customer_id


def test_search_as_you_type_shows_balances(qtbot: QtBot, window: MainWindow) -> None:
    screen = window.show_screen("customers")
    assert isinstance(screen, CustomersScreen)
    total = screen.model.rowCount()
    assert total == window.state.shop.customers.count()
    screen.search.setText("+254 72")
    found = [cell(screen.model, r, 1) for r in range(screen.model.rowCount())]
    assert found and all("+254 72" in phone for phone in found)
    screen.search.setText("राजेश")
    assert screen.model.rowCount() == 1
    row = window.state.shop.customers.search("राजेश")[0]
    assert cell(screen.model, 0, 2) == window.state.formats.money(row.balance.amount, "KES")
    screen.search.setText("nobody like this")
    assert screen.model.rowCount() == 0
    screen.search.clear()
    assert screen.model.rowCount() == total


def test_adding_a_customer_warns_of_a_shared_phone(window: MainWindow) -> None:
    editor = CustomerEditor(window.state)
    editor.name.setText("Wambui")
    editor.phone.setText("+254 712 345 678")  # Njeri's and Grace's in the demo
    assert not editor.phone_note.isHidden()
    editor.limit.setText("-5")
    editor.accept()
    assert "negative" in editor.error.text()
    editor.limit.setText("2500")
    editor.accept()
    assert editor.saved_id is not None
    saved = window.state.shop.customers.get(editor.saved_id)
    assert (saved.name, saved.credit_limit) == ("Wambui", kes("2500"))


def test_the_customer_page_takes_a_payment_against_a_chosen_debt(window: MainWindow) -> None:
    state = window.state
    customer = debtor(state)
    before = state.shop.customers.get(customer).balance
    page = CustomerPage(state, customer)
    assert page.ledger.rowCount() == state.shop.accounts.entry_count(customer)
    assert page.documents.rowCount() == len(state.shop.accounts.documents(customer)) > 0
    assert page.tabs.tabText(2) == "Documents"
    assert page.balance.text() == state.formats.money(before.amount, "KES")
    dialog = AccountPaymentDialog(state, customer, page)
    debts = state.shop.accounts.open_debts(customer)
    assert dialog.table.rowCount() == len(debts)
    last = len(debts) - 1
    dialog.table.item(last, 0).setCheckState(Qt.CheckState.Checked)  # type: ignore[union-attr]
    dialog.amount.setText("100")
    dialog.accept()
    assert dialog.number is not None and dialog.number.startswith("CP-")
    after = state.shop.customers.get(customer).balance
    assert after == before - kes("100")
    # Confirmed on screen, with the new balance, before the dialog closes.
    assert dialog.confirmation.isVisibleTo(dialog)
    assert dialog.confirmation.objectName() == "dialogSuccess"
    assert dialog.number in dialog.confirmation.text()
    assert state.formats.money(after.amount, "KES") in dialog.confirmation.text()
    assert not dialog.amount.isEnabled()
    dialog.reject()  # Esc after paying still closes as done
    assert dialog.result() == AccountPaymentDialog.DialogCode.Accepted
    left = {d.entry_id: d.open for d in state.shop.accounts.open_debts(customer)}
    assert left.get(debts[last].entry_id, 0) == debts[last].open - 10000
    page.load()
    assert page.ledger.item(0, 1).text().strip("\u2068\u2069") == dialog.number  # type: ignore[union-attr]
    dialog = AccountPaymentDialog(state, customer, page)
    dialog.amount.setText("-3")
    dialog.accept()
    assert dialog.error.text() and dialog.number is None


def test_store_credit_needs_a_reason(window: MainWindow) -> None:
    state = window.state
    customer = debtor(state)
    dialog = AccountAdjustDialog(state, customer)
    dialog.kind.setCurrentIndex(dialog.kind.findData(CREDIT))
    dialog.amount.setText("50")
    dialog.accept()
    assert "why" in dialog.error.text()
    dialog.reason.setText("late delivery")
    dialog.accept()
    entry = state.shop.accounts.entries(customer)[-1]
    assert (entry.kind, entry.amount, entry.note) == (
        EntryKind.STORE_CREDIT,
        kes("-50"),
        "late delivery",
    )


def test_receivables_sort_by_amount_or_age(window: MainWindow) -> None:
    screen = window.show_screen("receivables")
    assert isinstance(screen, ReceivablesScreen)
    rows = screen.model.rowCount()
    assert rows == len(window.state.shop.accounts.receivables().rows) > 0
    amounts = [r.total for r in screen._rows]
    assert amounts == sorted(amounts, reverse=True)
    screen.sort.setCurrentIndex(screen.sort.findData(BY_AGE))
    screen._reload()
    oldest = [r.oldest for r in screen._rows]
    assert oldest == sorted(oldest)
    assert "over 90 days" in screen.totals.text()


def test_a_reminder_picture_to_send(window: MainWindow, tmp_path: Path) -> None:
    state = window.state
    customer = state.shop.customers.get(debtor(state))
    dialog = ReminderDialog(state, customer)
    assert dialog.png.exists() and dialog.pdf.exists()
    pixmap = dialog.picture.pixmap()
    assert pixmap is not None and pixmap.width() > 300
    dialog.copy_picture()
    dialog.reject()
    assert not dialog.png.exists()  # the temporary files go with the dialog


def test_importing_customers_through_the_preview(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    source = tmp_path / "people.csv"
    source.write_text("Jina,Simu,Deni\nKamau,0711 000 999,150\n", encoding="utf-8")
    dialog = ImportDialog(window.state, source, kind=CUSTOMERS)
    qtbot.waitUntil(lambda: dialog.preview is not None and not dialog._checking, timeout=5000)
    assert dialog.windowTitle() == "Import customers"
    assert dialog.import_button.isEnabled()
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        dialog.start_import()
    found = [c for c in window.state.shop.customers.search("Kamau") if c.name == "Kamau"]
    assert len(found) == 1 and found[0].balance == kes("150")


def test_the_sell_screen_shows_the_balance_and_asks_for_approval_beyond_the_limit(
    window: MainWindow,
) -> None:
    from duka.ui.screens.sell import SellScreen

    state = window.state
    shop = state.shop
    customer = shop.customers.add(NewCustomer("Zuri", kes("100")))
    shop.accounts.set_opening(customer, kes("80"))
    screen = window.show_screen("sell")
    assert isinstance(screen, SellScreen)
    screen._change(screen.cart.with_customer(customer))
    assert "Owes Ksh\u00a080.00 of a Ksh\u00a0100.00 limit" in screen.customer.text()
    assert shop.checkout.beyond_credit_limit(customer, kes("21"))
    assert not shop.checkout.beyond_credit_limit(customer, kes("20"))


def test_paying_everything_owed_is_confirmed_as_owing_nothing(
    qtbot: QtBot, window: MainWindow
) -> None:
    state = window.state
    customer = debtor(state)
    owed = state.shop.customers.get(customer).balance
    dialog = AccountPaymentDialog(state, customer)
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):
        dialog.show()
        dialog.activateWindow()
    assert dialog.amount.text()  # what is owed, proposed
    QTest.keyClick(dialog.amount, Qt.Key.Key_Return)
    assert state.shop.customers.get(customer).balance.minor == 0
    assert dialog.confirmation.text().endswith("owes nothing now.")
    assert state.formats.money(owed.amount, "KES") in dialog.confirmation.text()
    QTest.keyClick(dialog, Qt.Key.Key_Return)  # Enter again closes it
    assert dialog.result() == AccountPaymentDialog.DialogCode.Accepted
