"""The list screens' declared buttons: made in their order, enabled for who may and while a
row is chosen, and run once from a button, a shortcut, a double-click or Enter."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog, QPushButton, QWidget

from duka.ui.main_window import MainWindow
from duka.ui.screens.listing import ListingScreen

LISTS = ("customers", "suppliers", "users", "invoices", "receivables", "products")


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[QDialog]:
    """The dialogs a screen opened, each answered at once (Cancel) instead of waiting."""
    shown: list[QDialog] = []

    def answer(dialog: QDialog) -> int:
        shown.append(dialog)
        return 0

    monkeypatch.setattr(QDialog, "exec", answer)
    return shown


def list_screen(window: MainWindow, key: str) -> ListingScreen:
    screen = window.show_screen(key)
    assert isinstance(screen, ListingScreen)
    return screen


def choose(screen: ListingScreen, row: int | None) -> None:
    index = QModelIndex() if row is None else screen.model.index(row, 0)
    screen.table.setCurrentIndex(index)


def button(screen: ListingScreen, name: str) -> QPushButton:
    found = getattr(screen, name)
    assert isinstance(found, QPushButton)
    return found


@pytest.mark.parametrize("key", LISTS)
def test_the_declared_buttons_are_made_in_order_and_follow_the_chosen_row(
    window: MainWindow, key: str
) -> None:
    screen = list_screen(window, key)
    declared = [button(screen, action.button) for action in screen.list_actions]
    shown = [b for b in screen.findChildren(QPushButton) if b in declared]
    assert shown == declared  # one button each, in the declared order
    focus: list[QWidget] = []
    widget = screen.nextInFocusChain()
    while widget is not screen and len(focus) < 100:
        if widget in declared:
            focus.append(widget)
        widget = widget.nextInFocusChain()
    assert focus == declared  # Tab goes through them in that order too
    primary = [b for b in declared if b.objectName() == "primary"]
    assert (
        primary == [button(screen, a.button) for a in screen.list_actions if a.primary]
        and len(primary) <= 1
    )
    assert all(b.text() for b in declared)
    choose(screen, None)
    for action in screen.list_actions:
        if action.row:
            assert not button(screen, action.button).isEnabled(), action.button
    choose(screen, 0)
    for action in screen.list_actions:
        if action.row and action.when is None:
            assert button(screen, action.button).isEnabled(), action.button


def test_a_cashier_may_not_press_what_needs_a_permission(window: MainWindow) -> None:
    window.state.sign_in("1357", "Wanjiru")  # a cashier: no export, no managing products
    screen = list_screen(window, "products")
    choose(screen, 0)
    assert button(screen, "edit_button").isEnabled()
    for name in ("archive_button", "prices_button", "import_button", "export_button"):
        assert not button(screen, name).isEnabled(), name
    customers = list_screen(window, "customers")
    assert not customers.export_button.isEnabled()
    assert customers.add_button.isEnabled()


def test_a_double_click_or_enter_opens_the_row_once(
    window: MainWindow, opened: list[QDialog]
) -> None:
    from duka.ui.dialogs.product_editor import ProductEditor

    screen = list_screen(window, "products")
    choose(screen, 0)
    chosen = screen.selected()
    assert chosen is not None
    place = screen.table.visualRect(screen.model.index(0, 0)).center()
    viewport = screen.table.viewport()
    left, plain = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    QTest.mousePress(viewport, left, plain, place)
    QTest.mouseRelease(viewport, left, plain, place)
    QTest.mouseDClick(viewport, left, plain, place)
    # Once: the editor did not come back after it was closed (a double-click is also Qt's
    # "activated", which opened it a second time before).
    assert [type(d) for d in opened] == [ProductEditor]
    editor = opened[0]
    assert isinstance(editor, ProductEditor) and editor.product is not None
    assert editor.product.id == chosen.id
    opened.clear()
    screen.table.setFocus()
    QTest.keyClick(screen.table, Qt.Key.Key_Return)
    assert [type(d) for d in opened] == [ProductEditor]


def test_the_open_button_opens_the_chosen_customer(
    window: MainWindow, opened: list[QDialog]
) -> None:
    from duka.ui.dialogs.customer_page import CustomerPage

    screen = list_screen(window, "customers")
    choose(screen, 2)
    chosen = screen.selected()
    assert chosen is not None
    screen.open_button.click()  # clicked(False) once reached the page as a customer "False"
    assert [type(d) for d in opened] == [CustomerPage]
    page = opened[0]
    assert isinstance(page, CustomerPage) and page.customer.id == chosen.id


def test_a_list_without_a_row_action_opens_nothing(
    window: MainWindow, opened: list[QDialog]
) -> None:
    screen = list_screen(window, "users")
    choose(screen, 0)
    screen.table.setFocus()
    QTest.keyClick(screen.table, Qt.Key.Key_Return)
    assert opened == []


def test_a_shortcut_runs_its_action_only_when_it_may(
    window: MainWindow, opened: list[QDialog]
) -> None:
    from duka.ui.dialogs.invoice_editor import InvoiceEditor

    screen = list_screen(window, "invoices")
    QTest.keyClick(screen, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert [type(d) for d in opened] == [InvoiceEditor]
    opened.clear()
    suppliers = list_screen(window, "suppliers")
    receive = next(a for a in suppliers.list_actions if a.button == "receive_button")
    window.state.sign_in("1357", "Wanjiru")  # a cashier does not receive deliveries
    suppliers.trigger(receive)
    assert opened == []


def test_a_toggle_names_what_it_will_do_to_the_chosen_row(window: MainWindow) -> None:
    screen = list_screen(window, "suppliers")
    choose(screen, 0)
    supplier = screen.selected()
    assert supplier is not None and supplier.active
    assert screen.archive_button.text() == "Archive"
    screen.archive_button.click()
    row = next(r for r in range(screen.model.rowCount()) if screen.model.row(r).id == supplier.id)
    choose(screen, row)
    assert screen.archive_button.text() == "Bring back"
