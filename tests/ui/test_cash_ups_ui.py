"""The day's first sale at the counter opens the drawer, asking the float once (Enter takes
what the last close left); a shop that wants F3 first says so before the first scan."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from duka.core import settings as spec
from duka.core.money import Money
from duka.core.quantity import Quantity
from duka.core.sale import PaymentMethod, Tender
from duka.ui.amounts import amount_text
from duka.ui.dialogs.opening_float import OpeningFloatDialog
from duka.ui.dialogs.payment import PaymentDialog
from duka.ui.main_window import MainWindow
from duka.ui.screens.sell import SellScreen
from duka.ui.state import AppState
from tests.ui.test_sell_screen import barcode, scan


def when_open(kind: type[QDialog], action: Callable[[QDialog], object]) -> None:
    """Do `action` to the `kind` of dialog about to open modally, once it waits in exec()."""

    def act() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, kind):
            QTimer.singleShot(20, act)
            return
        action(dialog)

    QTimer.singleShot(20, act)


def press(key: Qt.Key) -> Callable[[QDialog], object]:
    return lambda dialog: QTest.keyClick(dialog, key)


def back_at_the_counter(window: MainWindow, qtbot: QtBot) -> None:
    """Offscreen, no window is active after two dialogs in a row (a real one is)."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)


def sales(state: AppState) -> int:
    return int(state.shop.context.db.execute("SELECT count(*) FROM sales").fetchone()[0])


def test_the_days_first_sale_asks_the_float_once_and_enter_takes_it(
    closed_drawer: AppState, window: MainWindow, qtbot: QtBot
) -> None:
    state = closed_drawer
    cash = state.shop.cash
    left = cash.usual_float()  # what the last close counted
    assert left.minor > 0
    screen = window.show_screen("sell")
    assert isinstance(screen, SellScreen) and not screen.notice.text()
    scan(screen, barcode(state.shop, "Sugar 1 kg"))
    before = sales(state)

    seen: list[str] = []

    def the_float(dialog: QDialog) -> None:
        assert isinstance(dialog, OpeningFloatDialog)
        seen.append(dialog.amount.text())
        when_open(PaymentDialog, press(Qt.Key.Key_Escape))  # the customer is not ready
        QTest.keyClick(dialog, Qt.Key.Key_Return)

    when_open(OpeningFloatDialog, the_float)
    QTest.keyClick(screen.scan, Qt.Key.Key_F12)
    assert seen == [amount_text(state, left)]
    assert sales(state) == before and cash.current() is None  # nothing written yet
    back_at_the_counter(window, qtbot)

    # Paying now asks no float again: F12, Enter.
    when_open(PaymentDialog, press(Qt.Key.Key_Return))
    QTest.keyClick(screen.scan, Qt.Key.Key_F12)
    assert sales(state) == before + 1 and len(seen) == 1
    report = cash.report()
    assert report.float == left and report.sums.sales == 1

    back_at_the_counter(window, qtbot)
    scan(screen, barcode(state.shop, "Sugar 1 kg"))  # the drawer is open: F12, Enter
    when_open(PaymentDialog, press(Qt.Key.Key_Return))
    QTest.keyClick(screen.scan, Qt.Key.Key_F12)
    assert sales(state) == before + 2 and len(seen) == 1


def test_a_float_typed_by_the_cashier_opens_the_drawer(
    closed_drawer: AppState, window: MainWindow
) -> None:
    state = closed_drawer
    screen = window.show_screen("sell")
    assert isinstance(screen, SellScreen)
    scan(screen, barcode(state.shop, "Sugar 1 kg"))

    def the_float(dialog: QDialog) -> None:
        assert isinstance(dialog, OpeningFloatDialog)
        when_open(PaymentDialog, press(Qt.Key.Key_Return))
        QTest.keyClicks(dialog.amount, "1500")  # replaces the amount offered
        QTest.keyClick(dialog.amount, Qt.Key.Key_Return)

    when_open(OpeningFloatDialog, the_float)
    QTest.keyClick(screen.scan, Qt.Key.Key_F12)
    assert state.shop.cash.report().float == Money.of("1500", "KES")


def test_a_refund_with_the_drawer_closed_opens_it_too(
    closed_drawer: AppState, qtbot: QtBot
) -> None:
    from duka.ui.dialogs.return_goods import ReturnDialog

    state = closed_drawer
    shop = state.shop
    cash = shop.cash
    # A sale from the morning, on another computer's drawer.
    shop.context.computer, here = "office", shop.context.computer
    checkout = shop.checkout
    sugar = checkout.scan(barcode(shop, "Sugar 1 kg"))
    assert sugar is not None
    cart, _ = checkout.new_cart().add(checkout.line_for(sugar.product, Quantity.of(1)))
    number = checkout.complete(None, cart, [Tender(PaymentMethod.CASH, cart.totals().gross)])
    shop.context.computer = here
    assert cash.current() is None

    left = cash.usual_float()
    dialog = ReturnDialog(state)
    qtbot.addWidget(dialog)
    dialog.number.setText(number.number)
    dialog.look_up()
    dialog.table.item(0, 3).setText("1")  # type: ignore[union-attr]
    when_open(OpeningFloatDialog, press(Qt.Key.Key_Return))
    dialog.accept()
    assert dialog.refunded is not None
    report = cash.report()  # the refund is in this computer's new session
    assert report.sums.refunds == 1 and report.float == left


def test_the_sell_screen_says_f3_first_before_any_scan(
    closed_drawer: AppState, window: MainWindow, refusals: list[str]
) -> None:
    state = closed_drawer
    state.shop.settings.save({spec.DRAWER_OPENED_FIRST.key: True})
    screen = window.show_screen("sell")
    assert isinstance(screen, SellScreen)
    assert "F3" in screen.notice.text() and screen.notice.property("state") == "warning"
    scan(screen, barcode(state.shop, "Sugar 1 kg"))
    before = sales(state)
    QTest.keyClick(screen.scan, Qt.Key.Key_F12)  # no payment dialog, nothing sold
    assert QApplication.activeModalWidget() is None and sales(state) == before
    assert "F3" in screen.notice.text()

    state.shop.cash.open(Money.of("500", "KES"))
    screen.shown()
    assert "F3" not in screen.notice.text()
    when_open(PaymentDialog, press(Qt.Key.Key_Return))
    QTest.keyClick(screen.scan, Qt.Key.Key_F12)
    assert sales(state) == before + 1 and refusals == []
