"""The quick keys on the Sell screen: tiles that sell by a tap or Alt+number, arranged by the
owner in pages, for the whole shop or one computer, and hidden at a scanner-only counter."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog

from duka.core.quick_keys import Layout
from duka.ui.machine import QUICK_KEYS_HIDDEN, QUICK_KEYS_SCOPE, machine_settings
from duka.ui.main_window import MainWindow
from duka.ui.screens.sell import SellScreen
from duka.ui.state import AppState
from tests.ui.helpers import cell
from tests.ui.test_sell_screen import barcode, in_dialog, scan

TOMATOES, ONIONS, POTATOES = 3, 4, 5  # loose, by the kg, in the demo shop


def product_id(state: AppState, name: str) -> int:
    row = state.shop.context.db.execute("SELECT id FROM products WHERE name = ?", (name,))
    return int(row.fetchone()[0])


@pytest.fixture
def heaps(state: AppState) -> list[int]:
    """Three loose goods sold by the piece or the heap."""
    return [product_id(state, n) for n in ("Ndizi (bananas, each)", "Mandazi", "Sugar 500 g")]


@pytest.fixture
def sell(window: MainWindow, state: AppState, heaps: list[int]) -> Iterator[SellScreen]:
    layout = Layout().add_page("Sokoni")
    for pid in heaps:
        layout = layout.add_tile(0, pid)
    layout = layout.add_page("Mboga")
    for pid in (TOMATOES, ONIONS, POTATOES):
        layout = layout.add_tile(1, pid)
    state.shop.quick_keys.save(layout)
    found = window.show_screen("sell")
    assert isinstance(found, SellScreen)
    yield found
    machine_settings().remove("quick_keys")


def names(screen: SellScreen) -> list[str]:
    return [cell(screen.model, row, 0) for row in range(screen.model.rowCount())]


def tap(button: object) -> None:
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)  # type: ignore[arg-type]


def test_the_shops_pages_come_first_then_most_sold_this_month(sell: SellScreen) -> None:
    quick = sell.quick
    assert quick.isVisible()
    pages = [quick.tabs.tabText(i) for i in range(quick.tabs.count())]
    assert pages == ["Sokoni", "Mboga", "Most sold this month"]
    assert [t.tile.product.name for t in quick.tiles] == [
        "Ndizi (bananas, each)", "Mandazi", "Sugar 500 g",
    ]  # fmt: skip
    quick.tabs.setCurrentIndex(1)
    assert [t.tile.product.id for t in quick.tiles] == [TOMATOES, ONIONS, POTATOES]
    assert "/kg" in quick.tiles[0].price
    quick.tabs.setCurrentIndex(2)
    assert quick.tiles  # the demo's sales this month
    assert all(t.height() >= 42 and t.width() >= 42 for t in quick.tiles)  # 9 mm at 118 dpi


def test_a_tile_sells_one_and_adds_to_the_line_a_scan_made(
    sell: SellScreen, state: AppState
) -> None:
    scan(sell, barcode(state.shop, "Sugar 500 g"))
    tap(sell.quick.tiles[2])  # Sugar 500 g again
    tap(sell.quick.tiles[0])
    assert names(sell) == ["Sugar 500 g", "Ndizi (bananas, each)"]
    assert cell(sell.model, 0, 1) == "2"
    assert sell.scan.hasFocus()  # the scanner still lands in the scan field


def test_alt_and_a_number_sell_the_pages_tiles_from_the_keyboard(sell: SellScreen) -> None:
    QTest.keyClick(sell.scan, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    QTest.keyClick(sell.scan, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)
    QTest.keyClick(sell.scan, Qt.Key.Key_9, Qt.KeyboardModifier.AltModifier)  # no ninth tile
    assert names(sell) == ["Mandazi", "Sugar 500 g"]
    assert sell.scan.text() == ""


def test_a_weighed_tile_asks_the_weight_typed_on_the_keypad(sell: SellScreen) -> None:
    sell.quick.tabs.setCurrentIndex(1)

    def weigh(dialog: object) -> None:
        assert "(kg)" in dialog.intro.text()  # type: ignore[attr-defined]
        pad = dialog.keypad  # type: ignore[attr-defined]
        for key in ("1", "mark", "5"):
            tap(pad.keys[key])
        dialog.accept()  # type: ignore[attr-defined]

    in_dialog(weigh)
    tap(sell.quick.tiles[0])
    assert names(sell) == ["Tomatoes (loose)"]
    assert sell.cart.lines[0].quantity.milli == 1500


def test_backing_out_of_the_weight_sells_nothing(sell: SellScreen) -> None:
    sell.quick.tabs.setCurrentIndex(1)
    in_dialog(lambda dialog: dialog.reject())  # type: ignore[attr-defined]
    tap(sell.quick.tiles[1])
    assert sell.cart.is_empty


def test_a_product_without_a_price_asks_it(sell: SellScreen, state: AppState) -> None:
    state.shop.context.db.execute("UPDATE products SET sell_price = 0 WHERE id = ?", (ONIONS,))
    sell.quick.reload()
    sell.quick.tabs.setCurrentIndex(1)

    def weigh_then_price(dialog: object) -> None:
        dialog.field.setText("2")  # type: ignore[attr-defined]
        in_dialog(price)
        dialog.accept()  # type: ignore[attr-defined]

    def price(dialog: object) -> None:
        dialog.price.setText("80")  # type: ignore[attr-defined]
        dialog.accept()  # type: ignore[attr-defined]

    in_dialog(weigh_then_price)
    tap(sell.quick.tiles[1])
    line = sell.cart.lines[0]
    assert line.quantity.milli == 2000 and line.unit_price.minor == 8000


def test_five_taps_sell_three_loose_goods_for_exact_cash(sell: SellScreen, state: AppState) -> None:
    """3 tiles + Pay + OK: the payment opens holding the amount due, so OK takes exact cash."""
    shop = state.shop
    before = shop.context.db.execute("SELECT count(*) FROM sales").fetchone()[0]
    inputs = 0
    for tile in sell.quick.tiles[:3]:
        tap(tile)
        inputs += 1

    def confirm(dialog: object) -> None:
        nonlocal inputs
        ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)  # type: ignore[attr-defined]
        tap(ok)
        inputs += 1

    in_dialog(confirm)
    tap(sell.pay_button)
    inputs += 1
    assert inputs == 5
    assert shop.context.db.execute("SELECT count(*) FROM sales").fetchone()[0] == before + 1
    change = shop.context.db.execute("SELECT change FROM sales ORDER BY id DESC LIMIT 1")
    assert change.fetchone()[0] == 0
    assert sell.cart.is_empty


def test_three_weighed_goods_take_seventeen_taps_with_the_keypad(
    sell: SellScreen, state: AppState
) -> None:
    """Each weighed tile: the tile, three keypad keys (1.5) and OK; then Pay and OK."""
    sell.quick.tabs.setCurrentIndex(1)
    inputs = 0

    def weigh(dialog: object) -> None:
        nonlocal inputs
        for key in ("1", "mark", "5"):
            tap(dialog.keypad.keys[key])  # type: ignore[attr-defined]
            inputs += 1
        tap(dialog.buttons.button(dialog.buttons.StandardButton.Ok))  # type: ignore[attr-defined]
        inputs += 1

    for number in range(3):
        in_dialog(weigh)
        tap(sell.quick.tiles[number])
        inputs += 1
    assert [line.quantity.milli for line in sell.cart.lines] == [1500, 1500, 1500]

    def confirm(dialog: object) -> None:
        nonlocal inputs
        tap(dialog.buttons.button(dialog.buttons.StandardButton.Ok))  # type: ignore[attr-defined]
        inputs += 1

    in_dialog(confirm)
    tap(sell.pay_button)
    inputs += 1
    assert sell.cart.is_empty
    assert inputs == 17


def test_tiles_work_with_a_customer_on_account_and_park_and_resume(
    sell: SellScreen, state: AppState
) -> None:
    customer = state.shop.context.db.execute("SELECT id FROM customers LIMIT 1").fetchone()[0]
    sell._change(sell.cart.with_customer(customer))
    tap(sell.quick.tiles[0])
    assert sell.cart.customer_id == customer and names(sell) == ["Ndizi (bananas, each)"]
    QTest.keyClick(sell.scan, Qt.Key.Key_F8)  # park
    assert sell.cart.is_empty
    tap(sell.quick.tiles[1])
    in_dialog(lambda dialog: dialog.accept())  # type: ignore[attr-defined]
    QTest.keyClick(sell.scan, Qt.Key.Key_F7)
    assert "Ndizi (bananas, each)" in names(sell)


def test_arranging_by_buttons_and_keeping_it_for_this_computer_only(
    sell: SellScreen, state: AppState, heaps: list[int]
) -> None:
    from duka.ui.dialogs.quick_keys import ArrangeDialog

    dialog = ArrangeDialog(state, sell)
    dialog.tiles.setCurrentRow(2)
    tap(dialog.earlier)
    tap(dialog.earlier)
    dialog.add_product(ONIONS)
    dialog.for_shop.setChecked(False)
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert machine_settings().value(QUICK_KEYS_SCOPE) == "computer"
    shop_layout = state.shop.quick_keys.layout()
    assert [t.product_id for t in shop_layout.pages[0].tiles] == heaps  # the shop's unchanged
    sell.quick.reload()
    assert [t.tile.product.id for t in sell.quick.tiles] == [heaps[2], heaps[0], heaps[1], ONIONS]


def test_a_drag_in_the_list_of_tiles_reorders_them(sell: SellScreen, state: AppState) -> None:
    from duka.ui.dialogs.quick_keys import ArrangeDialog

    dialog = ArrangeDialog(state, sell)
    dialog.show()
    model = dialog.tiles.model()
    model.moveRow(model.index(0, 0).parent(), 0, model.index(0, 0).parent(), 3)  # as a drop does
    order = [t.product_id for t in dialog.layout_.pages[0].tiles]
    texts = [dialog.tiles.item(i).text() for i in range(dialog.tiles.count())]
    assert [dialog._name(pid) for pid in order] == [t.strip("\u2068\u2069") for t in texts]
    assert order[-1] == product_id(state, "Ndizi (bananas, each)")


def test_a_scanner_only_counter_hides_the_grid(sell: SellScreen, window: MainWindow) -> None:
    machine_settings().setValue(QUICK_KEYS_HIDDEN, True)
    window.show_screen("products")
    window.show_screen("sell")
    assert not sell.quick.isVisible()
    QTest.keyClick(sell.scan, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    assert sell.cart.is_empty
    assert sell.table.height() > 300  # the cart has the room


def test_the_keypad_keeps_its_digits_in_order_in_arabic(sell: SellScreen) -> None:
    from duka.ui.language import apply_language

    apply_language("ar")
    QApplication.processEvents()
    sell.quick.tabs.setCurrentIndex(1)
    seen: list[int] = []

    def look(dialog: object) -> None:
        pad = dialog.keypad  # type: ignore[attr-defined]
        seen.extend(pad.keys[k].mapTo(pad, QPoint(0, 0)).x() for k in ("7", "8", "9"))
        dialog.reject()  # type: ignore[attr-defined]

    in_dialog(look)
    tap(sell.quick.tiles[0])
    assert seen == sorted(seen) and len(set(seen)) == 3


def test_high_contrast_and_larger_text_apply_at_once_and_are_kept_for_this_computer(
    window: MainWindow, qapp: QApplication
) -> None:
    from duka.ui.machine import TEXT_SCALE, THEME
    from duka.ui.screens.settings import SettingsScreen
    from duka.ui.startup import load_fonts, load_style

    load_fonts(qapp)
    load_style(qapp)
    usual = qapp.font().pointSizeF()
    settings = window.show_screen("settings")
    assert isinstance(settings, SettingsScreen)
    look = settings.look_box
    look.theme.setCurrentIndex(look.theme.findData("contrast"))
    look.scale.setCurrentIndex(look.scale.findData(130))
    look.choose()
    try:
        assert machine_settings().value(THEME) == "contrast"
        assert qapp.font().pointSizeF() == pytest.approx(usual * 1.3)
        assert "#ffd400" in qapp.styleSheet()  # the contrast sheet
        assert "36.4pt" in qapp.styleSheet()  # the sale's total, 28pt, made larger
    finally:
        machine_settings().remove(THEME)
        machine_settings().remove(TEXT_SCALE)
        load_fonts(qapp)
        load_style(qapp)
    assert qapp.font().pointSizeF() == usual


def test_cash_given_is_typed_on_the_payments_keypad(sell: SellScreen, state: AppState) -> None:
    tap(sell.quick.tiles[0])  # bananas, 10.00

    def pay(dialog: object) -> None:
        pad = dialog.keypad  # type: ignore[attr-defined]
        for key in ("5", "0"):
            tap(pad.keys[key])
        assert dialog.cash.text() == "50"  # type: ignore[attr-defined]
        tap(pad.keys["erase"])
        tap(pad.keys["0"])
        tap(pad.keys["0"])
        assert pad.keys["0"].height() >= 42
        tap(dialog.buttons.button(dialog.buttons.StandardButton.Ok))  # type: ignore[attr-defined]

    in_dialog(pay)
    tap(sell.pay_button)
    change = state.shop.context.db.execute("SELECT change FROM sales ORDER BY id DESC LIMIT 1")
    assert change.fetchone()[0] == 49000  # 500.00 given for 10.00


def test_lists_scroll_with_a_finger_and_targets_are_nine_millimetres(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QScroller, QTableView

    from duka.ui.widgets import touch

    # The offscreen screen has no touch screen: a mouse-only computer grabs no gesture.
    stock = window.show_screen("stock")
    plain = stock.findChild(QTableView)
    assert plain is not None and not QScroller.hasScroller(plain.viewport())
    monkeypatch.setattr(touch, "has_touch_screen", lambda: True)
    products = window.show_screen("products")
    table = products.findChild(QTableView)
    assert table is not None and QScroller.hasScroller(table.viewport())
    assert touch.touch_px(window) >= 42  # 9 mm on a 118 dpi netbook (the offscreen one says 96)


def test_a_tiles_name_keeps_its_own_direction_in_any_window() -> None:
    from duka.ui.widgets.quick_keys import _direction

    assert _direction("(1) Viazi (potatoes, loose)") == Qt.LayoutDirection.LeftToRight
    assert _direction("٢ طماطم (سائبة)") == Qt.LayoutDirection.RightToLeft
    assert _direction("आलू") == Qt.LayoutDirection.LeftToRight
