"""A product without a fixed price at the Sell screen: scanned, chosen or tapped, its price
is asked (Enter takes it, Esc adds nothing, a scan meanwhile waits for the sale); and the
product editor's checkbox makes such a product."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from duka.core.barcodes import Barcode, check_digit
from duka.core.money import Money
from duka.core.products import ProductDraft
from duka.ui.dialogs.product_editor import ProductEditor
from duka.ui.dialogs.sale_line import AskedPriceDialog
from duka.ui.main_window import MainWindow
from duka.ui.screens.sell import SellScreen
from duka.ui.state import AppState
from tests.ui.scanner import Counter, open_modal
from tests.ui.test_sell_screen import barcode

REPAIR = "616400000771"
REPAIR += check_digit(REPAIR)


def kes(amount: str) -> Money:
    return Money.of(amount, "KES")


@pytest.fixture
def repair(state: AppState) -> int:
    """A phone repair: no price of its own, no suggestion."""
    return state.shop.products.add(
        ProductDraft(
            "Phone repair", kes("0"), kes("0"), barcodes=(Barcode(REPAIR),), price_asked=True
        )
    )


@pytest.fixture
def sell(window: MainWindow, qtbot: QtBot, repair: int) -> SellScreen:
    found = window.show_screen("sell")
    assert isinstance(found, SellScreen)
    window.activateWindow()
    qtbot.wait(900)  # the cashier starts once the window is up and settled
    return found


def lines(screen: SellScreen) -> list[tuple[str, int]]:
    return [(line.name, line.unit_price.minor) for line in screen.cart.lines]


def test_a_scan_asks_the_price_and_enter_sells_at_it(qtbot: QtBot, sell: SellScreen) -> None:
    seen: list[str | None] = []
    counter = (
        Counter(qtbot)
        .scan(REPAIR)
        .wait(200)
        .then(lambda: seen.append(open_modal()))
        .type("250")
        .press(Qt.Key.Key_Return)
        .run()
    )
    assert seen == ["askedPriceDialog"] and counter.left_open == []
    assert lines(sell) == [("Phone repair", 25000)]
    assert sell.cart.lines[0].asked
    saved = sell.state.shop.carts.open_cart()[1]
    assert saved == sell.cart  # kept at once, as every change to the sale


def test_esc_adds_nothing(
    qtbot: QtBot, sell: SellScreen, state: AppState, no_blocking_dialogs: list[str]
) -> None:
    seen: list[str | None] = []
    counter = (
        Counter(qtbot)
        .scan(barcode(state.shop, "Sugar 1 kg"))
        .scan(REPAIR)
        .wait(200)
        .then(lambda: seen.append(open_modal()))
        .type("25")
        .press(Qt.Key.Key_Escape)
        .run()
    )
    assert seen == ["askedPriceDialog"] and counter.left_open == []
    assert [line.name for line in sell.cart.lines] == ["Sugar 1 kg"]
    assert sell.scan.text() == ""
    assert no_blocking_dialogs == []  # the sale on screen was not offered for cancelling


def test_a_scan_while_the_price_is_asked_waits_for_the_sale(
    qtbot: QtBot, sell: SellScreen, state: AppState
) -> None:
    sugar = barcode(state.shop, "Sugar 1 kg")
    seen: list[str | None] = []
    (
        Counter(qtbot)
        .scan(REPAIR)
        .wait(200)
        .scan(sugar)  # neither typed into the price nor pressing its OK
        .wait(200)
        .then(lambda: seen.append(open_modal()))
        .type("40")
        .press(Qt.Key.Key_Return)
        .run()
    )
    assert seen == ["askedPriceDialog"]
    assert lines(sell) == [("Phone repair", 4000), ("Sugar 1 kg", lines(sell)[1][1])]


def test_a_price_of_zero_is_refused_in_the_dialog(qtbot: QtBot, sell: SellScreen) -> None:
    errors: list[str] = []

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, AskedPriceDialog)
        errors.append(dialog.error.text())

    (
        Counter(qtbot)
        .scan(REPAIR)
        .wait(200)
        .type("0")
        .press(Qt.Key.Key_Return)
        .wait(100)
        .then(look)
        .press(Qt.Key.Key_Escape)
        .run()
    )
    assert errors == ["Type a price above zero."]
    assert sell.cart.is_empty


def test_choosing_it_by_name_asks_the_price(qtbot: QtBot, sell: SellScreen) -> None:
    counter = (
        Counter(qtbot)
        .at(sell.scan)
        .type("phone rep", gap_ms=80)
        .wait(400)  # the matches are offered
        .press(Qt.Key.Key_Return)
        .wait(200)
        .type("1200")
        .press(Qt.Key.Key_Return)
        .run()
    )
    assert counter.left_open == []
    assert lines(sell) == [("Phone repair", 120000)]


def test_a_tile_asks_the_price_with_the_suggestion_offered(
    qtbot: QtBot, sell: SellScreen, state: AppState, repair: int
) -> None:
    product = state.shop.products.get(repair)
    state.shop.products.update(repair, replace(product.draft, sell_price=kes("300")))
    offered: list[str] = []

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, AskedPriceDialog)
        offered.append(dialog.price.text())
        offered.append(dialog.hint.text())

    (
        Counter(qtbot)
        .then(lambda: sell.tile_chosen(repair))
        .wait(200)
        .then(look)
        .press(Qt.Key.Key_Return)  # the suggestion, as it is
        .run()
    )
    assert offered[0] == "300.00"
    assert "Suggested price: Ksh" in offered[1] and "300.00" in offered[1]
    assert lines(sell) == [("Phone repair", 30000)]
    assert sell.cart.lines[0].suggested == kes("300")


def test_the_editor_checkbox_makes_a_product_whose_price_is_asked(
    qtbot: QtBot, state: AppState
) -> None:
    editor = ProductEditor(state, None)
    qtbot.addWidget(editor)
    editor.show()
    assert editor._price_label.text() == "Price"
    qtbot.keyClicks(editor.name, "Tailoring")
    qtbot.mouseClick(editor.price_asked, Qt.MouseButton.LeftButton)
    assert editor.price_asked.isChecked()
    assert editor._price_label.text() == "Suggested price"  # the price field may stay empty
    QTest.keyClick(editor.name, Qt.Key.Key_Return)
    assert editor.saved_id is not None, editor.error.text()
    saved = state.shop.products.get(editor.saved_id).draft
    assert saved.price_asked and saved.sell_price == kes("0")
    again = ProductEditor(state, state.shop.products.get(editor.saved_id))
    qtbot.addWidget(again)
    again.show()
    assert again.price_asked.isChecked() and again.price.text() == ""
    qtbot.mouseClick(again.price_asked, Qt.MouseButton.LeftButton)  # a fixed price again
    QTest.keyClick(again.name, Qt.Key.Key_Return)
    assert again.error.text() == "Type the product's price."


def test_a_tile_shows_no_price_or_the_suggestion(
    qtbot: QtBot, sell: SellScreen, state: AppState, repair: int
) -> None:
    from duka.core.quick_keys import Layout
    from duka.ui.machine import machine_settings

    try:
        state.shop.quick_keys.save(Layout().add_page("Huduma").add_tile(0, repair))
        sell.quick.reload()
        assert sell.quick.tiles[0].price == "1 · —"
        assert sell.quick.tiles[0].accessibleName() == "Phone repair asked at the sale"
        product = state.shop.products.get(repair)
        state.shop.products.update(repair, replace(product.draft, sell_price=kes("300")))
        sell.quick.reload()
        assert sell.quick.tiles[0].price.startswith("1 · ≈ ")
    finally:
        machine_settings().remove("quick_keys")


def test_the_products_list_says_the_price_is_asked(state: AppState, window: MainWindow) -> None:
    from duka.ui.screens.products import ProductsScreen
    from tests.ui.helpers import cell

    state.shop.products.add(
        ProductDraft("Tailoring", kes("0"), kes("0"), sku="TAIL", price_asked=True)
    )
    state.shop.products.add(
        ProductDraft("Shoe repair", kes("150"), kes("0"), sku="SHOE", price_asked=True)
    )
    screen = window.show_screen("products")
    assert isinstance(screen, ProductsScreen)
    prices = {}
    for text in ("Tailoring", "Shoe repair"):
        screen.search.setText(text)
        screen.apply_filter()
        prices[cell(screen.model, 0, 0)] = cell(screen.model, 0, 4)
    assert prices == {
        "Tailoring": "asked at the sale",
        "Shoe repair": "Ksh\u00a0150.00 (asked at the sale)",
    }
