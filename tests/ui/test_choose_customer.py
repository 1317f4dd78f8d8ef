"""The customer picker (F9) adds a new customer without leaving the sale."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from duka.ui.dialogs.choose_customer import CustomerDialog
from duka.ui.main_window import MainWindow
from duka.ui.screens.sell import SellScreen
from duka.ui.state import AppState
from tests.ui.test_sell_screen import barcode, in_dialog, scan


def open_picker(qtbot: QtBot, state: AppState) -> CustomerDialog:
    dialog = CustomerDialog(state)
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):
        dialog.show()
        dialog.activateWindow()
    return dialog


def test_a_new_customer_is_added_and_chosen_with_the_keyboard(
    qtbot: QtBot, state: AppState
) -> None:
    dialog = open_picker(qtbot, state)
    QTest.keyClicks(dialog.search, "0722 555 123")  # nobody has it
    assert dialog.list.count() == 0
    QTest.keyClick(dialog.search, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert dialog.new_box.isVisible() and dialog.new_name.hasFocus()
    assert dialog.new_phone.text() == "0722 555 123"  # what was typed was a phone
    assert dialog.new_limit.isVisible()  # the owner may give credit
    QTest.keyClicks(dialog.new_name, "Baraka Otieno")
    dialog.new_limit.setText("")
    QTest.keyClicks(dialog.new_limit, "2000")
    QTest.keyClick(dialog.new_limit, Qt.Key.Key_Return)
    assert dialog.result() == CustomerDialog.DialogCode.Accepted
    added = state.shop.customers.get(dialog.chosen)  # type: ignore[arg-type]
    assert (added.name, added.phone, added.credit_limit.minor) == (
        "Baraka Otieno",
        "0722 555 123",
        200000,
    )
    assert len(state.shop.customers.search("Baraka", 10)) == 1  # added once


def test_a_missing_name_is_said_and_nothing_is_added(qtbot: QtBot, state: AppState) -> None:
    dialog = open_picker(qtbot, state)
    before = len(state.shop.customers.search("", 1000))
    dialog.new_button.click()
    QTest.keyClick(dialog.new_name, Qt.Key.Key_Return)
    assert dialog.new_error.text() and dialog.isVisible()
    assert len(state.shop.customers.search("", 1000)) == before


def test_a_cashier_adds_a_customer_without_a_credit_limit(qtbot: QtBot, state: AppState) -> None:
    state.sign_in("1357", "Wanjiru")  # a cashier
    dialog = open_picker(qtbot, state)
    QTest.keyClicks(dialog.search, "Mama Mboga")
    dialog.new_button.click()
    assert dialog.new_name.text() == "Mama Mboga"
    assert not dialog.new_limit.isVisible()
    QTest.keyClicks(dialog.new_phone, "0700 111 222")
    dialog.add_button.click()
    added = state.shop.customers.get(dialog.chosen)  # type: ignore[arg-type]
    assert added.name == "Mama Mboga" and added.credit_limit.minor == 0


def test_f9_on_the_sell_screen_puts_the_new_customer_on_the_sale(
    window: MainWindow, state: AppState
) -> None:
    screen = window.show_screen("sell")
    assert isinstance(screen, SellScreen)
    scan(screen, barcode(state.shop, "Sugar 1 kg"))

    def add(dialog: object) -> None:
        assert isinstance(dialog, CustomerDialog)
        dialog.show_new_form()
        dialog.new_name.setText("Neema")
        dialog.add_button.click()

    in_dialog(add)
    QTest.keyClick(screen.scan, Qt.Key.Key_F9)
    assert screen.cart.customer_id is not None
    assert state.shop.customers.get(screen.cart.customer_id).name == "Neema"
    assert len(screen.cart.lines) == 1  # the sale is still there
