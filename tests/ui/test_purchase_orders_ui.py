"""The Stock screen's purchase orders as a user drives them: ordering what runs low, receiving
against an order (asked before taking more than was ordered), cancelling, sending goods back."""

import pytest

from duka.core.money import Money
from duka.core.purchases import OrderState
from duka.core.quantity import Quantity
from duka.ui.dialogs.cancel_order import CancelOrderDialog
from duka.ui.dialogs.order_low_stock import OrderLowStockDialog
from duka.ui.dialogs.purchase_order import PurchaseOrderDialog
from duka.ui.dialogs.receive_order import ReceiveOrderDialog
from duka.ui.dialogs.supplier_return import SupplierReturnDialog
from duka.ui.main_window import MainWindow
from duka.ui.screens.stock import StockScreen

SOAP = "6160040001611"  # Bath soap (aloe) 100 g in the demo shop


def orders_page(window: MainWindow):  # type: ignore[no-untyped-def]
    screen = window.show_screen("stock")
    assert isinstance(screen, StockScreen)
    screen.tabs.setCurrentWidget(screen.orders)
    return screen.orders


def test_the_orders_list_shows_state_and_what_is_still_to_come(window: MainWindow) -> None:
    page = orders_page(window)
    orders = window.state.shop.purchases.orders()
    assert page.table.rowCount() == len(orders)
    shown = {page.table.item(r, 0).text().strip("\u2068\u2069"): r for r in range(len(orders))}
    partly = next(o for o in orders if o.state is OrderState.PARTLY_RECEIVED)
    row = shown[partly.number]
    assert page.table.item(row, 2).text() == "Partly received"
    assert page.table.item(row, 5).text().replace("\u00a0", " ").startswith("Ksh ")
    page.table.selectRow(row)
    assert page.receive_button.isEnabled() and page.cancel_button.isEnabled()
    cancelled = next(o for o in orders if o.state is OrderState.CANCELLED)
    page.table.selectRow(shown[cancelled.number])
    assert not page.receive_button.isEnabled() and page.pdf_button.isEnabled()


def test_ordering_from_low_stock_makes_one_order_per_supplier(window: MainWindow) -> None:
    page = orders_page(window)
    shop = window.state.shop
    before = len(shop.purchases.orders())
    dialog = OrderLowStockDialog(window.state, page)
    assert dialog.suggestions
    for choice in dialog.choices:  # every product to the first two suppliers, alternately
        choice.setCurrentIndex(1)
    dialog.choices[0].setCurrentIndex(2)
    dialog.accept()
    assert len(dialog.numbers) == 2
    placed = [shop.purchases.find(n) for n in dialog.numbers]
    assert sum(len(o.lines) for o in placed) == len(dialog.suggestions)
    assert len({o.supplier_id for o in placed}) == 2
    page.refresh()
    assert page.table.rowCount() == before + 2


def test_receiving_more_than_ordered_asks_first(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = orders_page(window)
    shop = window.state.shop
    dialog = PurchaseOrderDialog(window.state, None, page)
    dialog.picker.setText(SOAP)
    dialog.picker.look_up()
    dialog.table.item(0, 1).setText("5")  # type: ignore[union-attr]
    dialog.reference.setText("Deliver before Friday")
    dialog.accept()
    assert dialog.number is not None
    order = shop.purchases.find(dialog.number)
    assert order.note == "Deliver before Friday" and order.lines[0].ordered == Quantity.of(5)
    soap = order.lines[0].product_id
    stock = shop.stock.level(soap)

    answers: list[bool] = [False]
    monkeypatch.setattr("duka.ui.dialogs.receive_order.ask", lambda *_a: answers.pop(0))
    receive = ReceiveOrderDialog(window.state, order, page)
    assert receive.table.item(0, 4).text() == "5"  # type: ignore[union-attr]
    receive.table.item(0, 4).setText("7")  # type: ignore[union-attr]
    # The demo shop is registered for tax: the line takes the product's rate, and the
    # supplier's tax invoice is named.
    assert receive.table.cellWidget(0, 6).currentData() == "S"  # type: ignore[attr-defined]
    assert "Tax:" in receive.total.text()
    receive.reference.setText("INV-77")
    receive.accept()
    assert receive.number is None and shop.stock.level(soap) == stock  # said no: nothing
    answers.append(True)
    receive.accept()
    assert receive.number is not None
    assert shop.stock.level(soap) == stock + Quantity.of(7)
    assert shop.purchases.get(order.id).state is OrderState.RECEIVED


def test_cancelling_asks_for_a_reason(window: MainWindow) -> None:
    page = orders_page(window)
    shop = window.state.shop
    order = next(o for o in shop.purchases.orders() if o.state is OrderState.OPEN)
    dialog = CancelOrderDialog(window.state, order, page)
    dialog.accept()
    assert "why" in dialog.error.text()
    dialog.reason.setText("Found it cheaper")
    dialog.accept()
    assert shop.purchases.get(order.id).cancel_reason == "Found it cheaper"


def test_a_supplier_return_from_the_orders_page(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = orders_page(window)
    shop = window.state.shop
    supplier = shop.suppliers.suppliers(active_only=True)[0]
    dialog = SupplierReturnDialog(window.state, supplier.id, page)
    dialog.picker.setText(SOAP)
    dialog.picker.look_up()
    soap = dialog.lines[0].product.id
    stock, owed = shop.stock.level(soap), shop.suppliers.get(supplier.id).owed
    dialog.table.item(0, 1).setText("1")  # type: ignore[union-attr]
    dialog.accept()
    assert "why" in dialog.error.text().lower()
    dialog.reference.setText("Wrong flavour")
    monkeypatch.setattr("duka.ui.dialogs.supplier_return.ask", lambda *_a: True)
    dialog.accept()
    assert dialog.number is not None and dialog.number.startswith("SR-")
    assert shop.stock.level(soap) == stock - Quantity.of(1)
    # The demo shop is registered for tax: the soap goes back at its rate, and the supplier
    # credits its cost with the tax.
    assert dialog.table.cellWidget(0, 3).currentData() == "S"  # type: ignore[attr-defined]
    cost = dialog.lines[0].unit_cost
    credited = cost + Money.rounded(cost.amount * 16 / 100, cost.currency)
    assert shop.suppliers.get(supplier.id).owed == owed - credited


def test_an_order_s_lines_take_no_tax(window: MainWindow) -> None:
    dialog = PurchaseOrderDialog(window.state, None, orders_page(window))
    dialog.picker.setText(SOAP)
    dialog.picker.look_up()
    shown = [c for c in range(dialog.table.columnCount()) if not dialog.table.isColumnHidden(c)]
    assert len(shown) == 4 and dialog.table.cellWidget(0, 3) is None
    assert dialog.total.text().startswith("Total:")
