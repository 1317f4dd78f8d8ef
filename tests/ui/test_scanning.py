"""A scan is one event, delivered once, to the place it was aimed at: tested as a scanner
types (a burst of keys a few ms apart, then Enter) into the window in front."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from duka.core.quantity import Quantity
from duka.ui.main_window import MainWindow
from duka.ui.screens.sell import SellScreen
from duka.ui.state import AppState
from tests.ui.scanner import REAL_BOX_EXEC, Counter, open_modal, scan
from tests.ui.test_sell_screen import barcode

UNKNOWN = "6164009999995"


@pytest.fixture
def real_boxes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Boxes wait in exec() for the cashier, as they do in the app."""
    monkeypatch.setattr(QMessageBox, "exec", REAL_BOX_EXEC)


@pytest.fixture
def sell(window: MainWindow, qtbot: QtBot) -> SellScreen:
    found = window.show_screen("sell")
    assert isinstance(found, SellScreen)
    window.activateWindow()
    qtbot.wait(900)  # the cashier starts once the window is up and settled
    return found


def names(screen: SellScreen) -> list[str]:
    return [line.name for line in screen.cart.lines]


def test_scans_on_the_sell_screen_each_add_one_line(
    qtbot: QtBot, sell: SellScreen, state: AppState
) -> None:
    sugar = barcode(state.shop, "Sugar 1 kg")
    milk = barcode(state.shop, "Maziwa fresh (milk) 500 ml")
    scan(qtbot, None, sugar)
    scan(qtbot, None, milk)
    scan(qtbot, None, sugar)
    assert names(sell) == ["Sugar 1 kg", "Maziwa fresh (milk) 500 ml"]
    assert sell.cart.lines[0].quantity.milli == 2000


def test_an_unknown_barcode_asks_once_and_one_esc_answers_it(
    qtbot: QtBot, sell: SellScreen, state: AppState, real_boxes: None
) -> None:
    seen: list[str | None] = []
    counter = (
        Counter(qtbot)
        .scan(UNKNOWN)
        .wait(150)
        .then(lambda: seen.append(open_modal()))
        .press(Qt.Key.Key_Escape)
        .wait(300)
        .then(lambda: seen.append(open_modal()))
        .run()
    )
    assert seen[0] is not None and UNKNOWN in seen[0]
    assert seen[1] is None, "a second box was left after one No"
    assert counter.left_open == []
    assert names(sell) == []


def test_a_scan_while_the_box_is_open_waits_for_the_sale(
    qtbot: QtBot, sell: SellScreen, state: AppState, real_boxes: None
) -> None:
    """Scan an unknown code, scan a known one while the box asks, Esc once, scan again: the
    box is never answered by a scanner's Enter and both known scans reach the sale."""
    from duka.ui.scanning import scanner

    sugar = barcode(state.shop, "Sugar 1 kg")
    milk = barcode(state.shop, "Maziwa fresh (milk) 500 ml")
    seen: list[str | None] = []
    counter = (
        Counter(qtbot)
        .scan(UNKNOWN)
        .wait(150)
        .then(lambda: setattr(scanner(), "notice_text", ""))
        .scan(sugar)
        .wait(150)
        .then(lambda: seen.append(open_modal()))
        .then(
            lambda: seen.append(scanner().notice_text.replace("\u2068", "").replace("\u2069", ""))
        )
        .press(Qt.Key.Key_Escape)
        .wait(300)
        .then(lambda: seen.append(open_modal()))
        .scan(milk)
        .run()
    )
    assert seen[0] is not None and UNKNOWN in seen[0], "the scanner's Enter answered the box"
    assert seen[1] == f"The scan {sugar} is kept: it goes in once this window is closed."
    assert seen[2] is None
    assert counter.left_open == []
    assert names(sell) == ["Sugar 1 kg", "Maziwa fresh (milk) 500 ml"]
    assert sell.scan.text() == ""


def test_two_scans_in_quick_succession(qtbot: QtBot, sell: SellScreen, state: AppState) -> None:
    sugar = barcode(state.shop, "Sugar 1 kg")
    milk = barcode(state.shop, "Maziwa fresh (milk) 500 ml")
    Counter(qtbot).scan(sugar).scan(milk).run()
    assert names(sell) == ["Sugar 1 kg", "Maziwa fresh (milk) 500 ml"]


def test_an_unknown_then_a_known_code_in_quick_succession(
    qtbot: QtBot, sell: SellScreen, state: AppState, real_boxes: None
) -> None:
    sugar = barcode(state.shop, "Sugar 1 kg")
    seen: list[str | None] = []
    counter = (
        Counter(qtbot)
        .scan(UNKNOWN)
        .scan(sugar)
        .wait(200)
        .then(lambda: seen.append(open_modal()))
        .press(Qt.Key.Key_Escape)
        .run()
    )
    assert seen[0] is not None and UNKNOWN in seen[0]
    assert counter.left_open == []
    assert names(sell) == ["Sugar 1 kg"]


def test_a_scan_while_a_dialog_of_the_sell_screen_is_open(
    qtbot: QtBot, sell: SellScreen, state: AppState
) -> None:
    """F2 opens the quantity dialog; a scan then must not type into its field nor press its
    OK: it goes to the sale once the dialog is closed."""
    sugar = barcode(state.shop, "Sugar 1 kg")
    milk = barcode(state.shop, "Maziwa fresh (milk) 500 ml")
    scan(qtbot, None, sugar)
    seen: list[str | None] = []
    counter = (
        Counter(qtbot)
        .press(Qt.Key.Key_F2)
        .wait(150)
        .then(lambda: seen.append(open_modal()))
        .scan(milk)
        .wait(200)
        .then(lambda: seen.append(open_modal()))
        .press(Qt.Key.Key_Escape)
        .run()
    )
    assert seen[0] is not None and seen[0] == seen[1], "the scan closed the dialog"
    assert counter.left_open == []
    assert names(sell) == ["Sugar 1 kg", "Maziwa fresh (milk) 500 ml"]
    assert sell.cart.lines[0].quantity.milli == 1000


def test_an_unknown_code_becomes_a_product_with_its_pack_code_scanned_in(
    qtbot: QtBot, sell: SellScreen, state: AppState, real_boxes: None
) -> None:
    """Enter (typed) says Yes; in the editor a scan adds a code and stays; Enter with no
    price names the price and puts the cursor there; the product then goes on the sale."""
    from PySide6.QtWidgets import QApplication

    from duka.ui.dialogs.product_editor import ProductEditor

    pack = "6164009999988"
    seen: dict[str, object] = {}

    def editor() -> ProductEditor:
        found = QApplication.activeModalWidget()
        assert isinstance(found, ProductEditor)
        return found

    def look() -> None:
        seen["codes"] = [
            editor().barcodes.table.item(r, 0).text()  # type: ignore[union-attr]
            for r in range(editor().barcodes.table.rowCount())
        ]
        seen["still open"] = editor().isVisible()

    def refused() -> None:
        seen["error"] = editor().error.text()
        seen["focus on price"] = QApplication.focusWidget() is editor().price

    sugar = barcode(state.shop, "Sugar 1 kg")
    counter = (
        Counter(qtbot)
        .scan(UNKNOWN)
        .wait(150)
        .scan(sugar)  # kept for the sale while the question is open
        .wait(150)
        .press(Qt.Key.Key_Return)  # the cashier read the question: Yes
        .wait(150)
        .scan(pack)
        .scan(pack)  # read twice by the scanner: one code
        .then(lambda: editor().barcodes.entry.setFocus())
        .type("2020")  # a code typed by hand, then Enter: added, the editor stays
        .press(Qt.Key.Key_Return)
        .wait(100)
        .then(look)
        .then(lambda: editor().name.setFocus())
        .type("Kahawa")
        .press(Qt.Key.Key_Return)
        .wait(100)
        .then(refused)
        .type("350")
        .press(Qt.Key.Key_Return)
        .run()
    )
    assert counter.left_open == []
    assert seen["codes"] == [UNKNOWN, pack, "2020"] and seen["still open"]
    assert "price" in str(seen["error"]) and seen["focus on price"]
    assert names(sell) == ["Kahawa", "Sugar 1 kg"]
    found = state.shop.checkout.scan(pack)
    assert found is not None and found.product.name == "Kahawa"


def modal_named(name: str) -> object:
    from PySide6.QtWidgets import QApplication

    found = QApplication.activeModalWidget()
    assert found is not None and found.objectName() == name, open_modal()
    return found


def test_the_return_dialog_loads_on_enter_and_refunds_only_on_its_own_key(
    qtbot: QtBot, sell: SellScreen, state: AppState
) -> None:
    from duka.ui.dialogs.return_goods import ReturnDialog

    shop = state.shop
    refunds = shop.context.db.execute("SELECT count(*) FROM refunds").fetchone()[0]
    seen: list[object] = []

    def dialog() -> ReturnDialog:
        found = modal_named("returnDialog")
        assert isinstance(found, ReturnDialog)
        return found

    def loaded() -> None:
        seen.append(dialog().sale.number if dialog().sale else None)
        dialog().table.item(0, 3).setText("1")  # type: ignore[union-attr]
        dialog().table.setFocus()

    def counted() -> None:
        refunded = shop.context.db.execute("SELECT count(*) FROM refunds").fetchone()[0]
        seen.append(refunded - refunds)
        seen.append(open_modal())

    counter = (
        Counter(qtbot)
        .press(Qt.Key.Key_F6)
        .wait(150)
        .type("S-000001")
        .press(Qt.Key.Key_Return)
        .wait(100)
        .then(loaded)
        .press(Qt.Key.Key_Return)  # Enter in the table
        .scan("S-000001")  # the receipt scanned once more
        .wait(100)
        .then(counted)
        .press(Qt.Key.Key_F12)
        .run()
    )
    assert counter.left_open == []
    assert seen[0] == "S-000001"
    assert seen[1] == 0 and seen[2] == "returnDialog", "Enter or a scan refunded"
    refunded = shop.context.db.execute("SELECT count(*) FROM refunds").fetchone()[0]
    assert refunded == refunds + 1
    assert sell.notice.text().startswith("Refund R-")


def test_a_scan_in_the_invoice_editor_adds_a_line_and_opens_nothing(
    qtbot: QtBot, state: AppState
) -> None:
    from duka.core.invoices import DocKind
    from duka.ui.dialogs.invoice_editor import InvoiceEditor

    sugar = barcode(state.shop, "Sugar 1 kg")
    editor = InvoiceEditor(state, state.shop.invoices.new_draft(DocKind.INVOICE))
    qtbot.addWidget(editor)
    seen: list[object] = []

    def look() -> None:
        seen.append(open_modal())
        seen.append([(line.description, line.quantity.milli) for line in editor.draft.lines])
        editor.notes.setFocus()  # the cashier clicked into the notes

    def look_again() -> None:
        seen.append(open_modal())
        seen.append(editor.notes.toPlainText())

    counter = (
        Counter(qtbot)
        .then(editor.exec)
        .wait(150)
        .scan(sugar)
        .scan(sugar)
        .wait(100)
        .then(look)
        .scan(sugar)
        .wait(100)
        .then(look_again)
        .press(Qt.Key.Key_Escape)
        .run()
    )
    assert counter.left_open == []
    assert seen[0] == "invoiceEditor", "a scan opened something over the editor"
    assert seen[1] == [("Sugar 1 kg", 2000)]
    assert seen[2] == "invoiceEditor" and seen[3] == ""
    assert editor.draft.lines[0].quantity.milli == 3000


def test_a_scan_when_receiving_goods_adds_the_line_and_never_presses_ok(
    qtbot: QtBot, state: AppState
) -> None:
    from duka.ui.dialogs.receive_goods import ReceiveGoodsDialog

    sugar = barcode(state.shop, "Sugar 1 kg")
    dialog = ReceiveGoodsDialog(state)
    dialog.setModal(True)
    qtbot.addWidget(dialog)
    received = state.shop.context.db.execute("SELECT count(*) FROM goods_received").fetchone()
    seen: list[object] = []

    def look() -> None:
        seen.append(open_modal())
        seen.append([(line.product.name, line.quantity.milli) for line in dialog.lines])
        seen.append(dialog.reference.text())

    counter = (
        Counter(qtbot)
        .then(dialog.exec)
        .wait(150)
        .at(dialog.reference)
        .scan(sugar)
        .scan(sugar)
        .wait(100)
        .then(look)
        .press(Qt.Key.Key_Escape)
        .run()
    )
    assert counter.left_open == []
    assert seen == ["receiveGoods", [("Sugar 1 kg", 2000)], ""]
    after = state.shop.context.db.execute("SELECT count(*) FROM goods_received").fetchone()
    assert after == received


def test_a_stocktake_counts_each_scan_once_wherever_the_focus_is(
    qtbot: QtBot, window: MainWindow, state: AppState
) -> None:
    from duka.ui.screens.stock import StockScreen

    screen = window.show_screen("stock")
    assert isinstance(screen, StockScreen)
    screen.tabs.setCurrentWidget(screen.count)
    window.activateWindow()
    sugar = barcode(state.shop, "Sugar 1 kg")
    Counter(qtbot).at(screen.count.picker).scan(sugar).scan(sugar).run()
    Counter(qtbot).at(screen.count.note).scan(sugar).run()
    page = screen.count
    assert [(line.product.name, line.counted) for line in page.lines] == [
        ("Sugar 1 kg", Quantity.of(3))
    ]
    assert page.note.text() == "" and page.picker.text() == ""


def test_a_scan_on_the_products_screen_opens_that_product(
    qtbot: QtBot, window: MainWindow, state: AppState
) -> None:
    screen = window.show_screen("products")
    window.activateWindow()
    seen: list[object] = []
    counter = (
        Counter(qtbot)
        .at(screen.table)  # type: ignore[attr-defined]
        .scan(barcode(state.shop, "Sugar 1 kg"))
        .wait(200)
        .then(lambda: seen.append(open_modal()))
        .then(lambda: seen.append(modal_named("productEditor").name.text()))  # type: ignore[attr-defined]
        .press(Qt.Key.Key_Escape)
        .run()
    )
    assert counter.left_open == []
    assert seen == ["productEditor", "Sugar 1 kg"]


def test_a_scan_where_nothing_takes_scans_is_refused_with_a_notice(
    qtbot: QtBot, window: MainWindow, state: AppState
) -> None:
    from duka.ui.scanning import scanner

    window.show_screen("reports")
    window.activateWindow()
    scan(qtbot, None, barcode(state.shop, "Sugar 1 kg"))
    assert "Nothing here takes scans" in scanner().notice_text


def test_typing_still_works_in_a_dialog_and_a_count_before_a_scan_stays(
    qtbot: QtBot, sell: SellScreen, state: AppState
) -> None:
    """People type slower than a scanner: their keys and Enter go where they type, even a
    short burst typed fast; "3*" typed before a scan sells three."""
    sugar = barcode(state.shop, "Sugar 1 kg")
    milk = barcode(state.shop, "Maziwa fresh (milk) 500 ml")
    Counter(qtbot).type("3*").wait(300).scan(sugar).run()
    assert [(line.name, line.quantity.milli) for line in sell.cart.lines] == [("Sugar 1 kg", 3000)]
    counter = (
        Counter(qtbot)
        .press(Qt.Key.Key_F2)
        .wait(150)
        .type("12", gap_ms=20)  # quick, but too short for a scan
        .press(Qt.Key.Key_Return)
        .run()
    )
    assert counter.left_open == []
    assert sell.cart.lines[0].quantity.milli == 12000
    scan(qtbot, None, milk)
    assert names(sell) == ["Sugar 1 kg", "Maziwa fresh (milk) 500 ml"]


def test_a_scan_while_cancelling_the_sale_goes_to_the_next_sale(
    qtbot: QtBot, sell: SellScreen, state: AppState, real_boxes: None
) -> None:
    """The box's answer is acted on before a scan kept during it goes in: a sale cancelled
    with Yes is cancelled without the scan, which starts the next sale."""
    sugar = barcode(state.shop, "Sugar 1 kg")
    milk = barcode(state.shop, "Maziwa fresh (milk) 500 ml")
    seen: list[str | None] = []
    counter = (
        Counter(qtbot)
        .scan(sugar)
        .wait(100)
        .press(Qt.Key.Key_Escape)
        .wait(150)
        .then(lambda: seen.append(open_modal()))
        .scan(milk)
        .wait(150)
        .press(Qt.Key.Key_Return)  # Yes: cancel it
        .run()
    )
    assert seen[0] is not None and seen[0].startswith("Cancel this sale")
    assert counter.left_open == []
    assert names(sell) == ["Maziwa fresh (milk) 500 ml"]


def test_a_pin_rolled_fast_on_the_keypad_still_signs_in(
    qtbot: QtBot, window: MainWindow, state: AppState
) -> None:
    """As fast as a scanner, but into a hidden PIN field that it fits: typed, not a scan.
    A barcode longer than any PIN there is still a scan (refused on the lock screen)."""
    from duka.demo.shop import OWNER
    from duka.ui.scanning import scanner

    window.lock()
    assert state.actor is None
    window.activateWindow()
    scanner().notice_text = ""
    scan(qtbot, window.lock_screen.pin, "6164009999995")
    assert state.actor is None and "Nothing here takes scans" in scanner().notice_text
    assert window.lock_screen.pin.text() == ""
    scan(qtbot, window.lock_screen.pin, OWNER[1], gap_ms=20)
    assert state.actor is not None and state.actor.name == OWNER[0]
