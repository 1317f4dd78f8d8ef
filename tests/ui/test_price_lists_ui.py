"""Price lists in the app, on the demo shop (its Wholesale list, Kiosk ya Juma on it): the
till and the invoice editor price lines by the customer's list and the quantity reached,
and name the price that applied; the Products screen's Price lists tab and the customer
editor."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from duka.core.invoices import DocKind
from duka.core.quantity import Quantity
from duka.services.shop import Shop
from duka.ui.main_window import MainWindow
from duka.ui.screens.sell import SellScreen
from duka.ui.state import AppState
from tests.ui.helpers import cell as shown
from tests.ui.test_sell_screen import in_dialog, scan


def cell(model: object, row: int, column: int) -> str:
    """A cell's text without the direction marks that keep names apart."""
    return shown(model, row, column).replace("\u2068", "").replace("\u2069", "")  # type: ignore[arg-type]


def kiosk(shop: Shop) -> int:
    return int(
        shop.context.db.execute("SELECT id FROM customers WHERE name = 'Kiosk ya Juma'").fetchone()[
            0
        ]
    )


def wholesale_product(shop: Shop) -> tuple[int, str]:
    """A product the Wholesale list prices, and its barcode."""
    row = shop.context.db.execute(
        "SELECT l.product_id, b.code FROM price_list_prices l "
        "JOIN price_lists p ON p.id = l.list_id AND p.name = 'Wholesale' "
        "JOIN barcodes b ON b.product_id = l.product_id AND b.quantity = 1000 "
        "ORDER BY l.product_id LIMIT 1"
    ).fetchone()
    return int(row[0]), str(row[1])


@pytest.fixture
def screen(window: MainWindow) -> SellScreen:
    found = window.show_screen("sell")
    assert isinstance(found, SellScreen)
    return found


def test_the_till_reprices_on_the_customer_and_the_quantity(
    screen: SellScreen, state: AppState
) -> None:
    from duka.ui.dialogs.choose_customer import CustomerDialog

    shop = state.shop
    product_id, code = wholesale_product(shop)
    own = shop.products.get(product_id).draft.sell_price
    prices = {
        p.from_quantity.milli: p.price
        for p in shop.price_lists.prices_of(product_id)
        if p.list_id != 0
    }
    scan(screen, code)
    assert screen.cart.lines[0].unit_price == own
    assert "Wholesale" not in cell(screen.model, 0, 0)

    def choose(dialog: object) -> None:
        assert isinstance(dialog, CustomerDialog)
        dialog.search.setText("Kiosk ya")
        dialog.accept()

    in_dialog(choose)
    QTest.keyClick(screen.scan, Qt.Key.Key_F9)
    assert screen.cart.customer_id == kiosk(shop)
    assert screen.cart.lines[0].unit_price == prices[0]
    assert cell(screen.model, 0, 0).endswith("(Wholesale)")
    assert "Wholesale" in screen.customer.text()
    # ten of them: the break from 10
    screen._replace(0, replace(screen.cart.lines[0], quantity=Quantity.of(10)))
    assert screen.cart.lines[0].unit_price == prices[10_000]
    assert cell(screen.model, 0, 0).endswith("(Wholesale from 10)")
    saved = shop.carts.open_cart()[1]
    assert saved.lines[0].unit_price == prices[10_000] and saved.price_list_id is not None

    def clear(dialog: object) -> None:
        assert isinstance(dialog, CustomerDialog)
        dialog.none_button.click()

    in_dialog(clear)
    screen.choose_customer()
    assert screen.cart.customer_id is None and screen.cart.price_list_id is None
    retail, _source = shop.price_lists.price(product_id, None, Quantity.of(10))
    assert screen.cart.lines[0].unit_price == retail  # retail, with its own breaks


def test_the_invoice_editor_reprices_on_the_customer(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    from duka.ui.dialogs.invoice_editor import InvoiceEditor

    state = window.state
    shop = state.shop
    product_id, _code = wholesale_product(shop)
    product = shop.products.get(product_id)
    editor = InvoiceEditor(state, shop.invoices.new_draft(DocKind.INVOICE))
    qtbot.addWidget(editor)
    editor.picker.picked.emit(product, Quantity.of(4), True)
    assert editor.draft.lines[0].unit_price == product.draft.sell_price

    class Chosen:
        chosen = kiosk(shop)
        cleared = False

        def __init__(self, *_args: object) -> None:
            pass

        def exec(self) -> int:
            return 1

    monkeypatch.setattr("duka.ui.dialogs.choose_customer.CustomerDialog", Chosen)
    editor.choose_customer()
    wholesale = {
        p.from_quantity.milli: p.price for p in shop.price_lists.prices_of(product_id) if p.list_id
    }
    assert editor.draft.lines[0].unit_price == wholesale[0]
    assert cell(editor.model, 0, 0).endswith("(Wholesale)")
    editor.picker.picked.emit(product, Quantity.of(6), True)  # ten: the break
    assert editor.draft.lines[0].unit_price == wholesale[10_000]
    assert cell(editor.model, 0, 0).endswith("(Wholesale from 10)")


def test_the_price_lists_tab_and_the_customer_editor(qtbot: QtBot, window: MainWindow) -> None:
    from duka.ui.dialogs.customer_editor import CustomerEditor

    state = window.state
    shop = state.shop
    products = window.show_screen("products")
    products.tabs.setCurrentIndex(2)  # type: ignore[attr-defined]
    page = products.price_lists  # type: ignore[attr-defined]
    page.list_box.setCurrentIndex(page.list_box.findText("Wholesale"))
    page.reload()
    listed = shop.price_lists.count_listed(page.list_id())
    assert listed > 0 and page.model.rowCount() == listed
    assert "from" in cell(page.model, 0, 4)
    editor = CustomerEditor(state, shop.customers.get(kiosk(shop)))
    qtbot.addWidget(editor)
    assert editor.price_list.currentText() == "Wholesale"
    editor.price_list.setCurrentIndex(0)  # retail
    editor.accept()
    assert shop.price_lists.customer_list(kiosk(shop)) is None
