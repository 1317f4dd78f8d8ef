"""The Stock and Suppliers screens as a user drives them: counting, receiving, paying."""

from pathlib import Path

from pytestqt.qtbot import QtBot

from duka.core.money import Money
from duka.core.quantity import Quantity
from duka.ui.dialogs.receive_goods import ReceiveGoodsDialog
from duka.ui.dialogs.supplier_editor import SupplierEditor
from duka.ui.dialogs.supplier_payment import SupplierPaymentDialog
from duka.ui.dialogs.supplier_statement import SupplierStatementDialog
from duka.ui.main_window import MainWindow
from duka.ui.screens.stock import StockScreen
from duka.ui.screens.suppliers import SuppliersScreen
from tests.ui.helpers import cell

SOAP = "6160040001611"  # Bath soap (aloe) 100 g in the demo shop


def test_low_stock_lists_what_to_order(window: MainWindow, tmp_path: Path) -> None:
    screen = window.show_screen("stock")
    assert isinstance(screen, StockScreen)
    low = screen.low
    expected = [line.product.name for line in window.state.shop.stock.low_stock()]
    assert [cell(low.model, r, 0) for r in range(low.model.rowCount())] == expected
    onions = expected.index("Onions (loose)")
    assert cell(low.model, onions, 2) == "0 kg" and cell(low.model, onions, 4) == "10 kg"
    assert low.summary.text().startswith(f"{len(expected)} products")
    count = window.state.shop.stock.export_low_stock(tmp_path / "low.csv")
    assert count == len(expected)


def test_a_stocktake_by_scanning_and_typing(qtbot: QtBot, window: MainWindow) -> None:
    screen = window.show_screen("stock")
    assert isinstance(screen, StockScreen)
    page = screen.count
    shop = window.state.shop
    soap = shop.products.by_barcode(SOAP)
    assert soap is not None
    product = soap[0]
    for _scan in range(3):
        qtbot.keyClicks(page.picker, SOAP)
        qtbot.keyClick(page.picker, "\r")
    assert page.counts() == {product.id: Quantity.of(3)}
    difference = 3 - product.stock.value
    shown = f"+{difference}" if difference > 0 else f"{difference}"
    assert page.table.item(0, 3).text() == shown  # type: ignore[union-attr]
    page.picker.setText("Honey 250")  # typed: the line is added to fill in
    page.picker.look_up()
    honey = page.lines[1].product
    page.table.item(1, 2).setText("7")  # type: ignore[union-attr]
    assert page.counts()[honey.id] == Quantity.of(7)
    page.picker.setText("no such thing")
    page.picker.look_up()
    assert "no such thing" in page.message.text()
    page.post()
    assert shop.stock.level(product.id) == Quantity.of(3)
    assert shop.stock.level(honey.id) == Quantity.of(7)
    assert page.lines == []


def test_receiving_paying_and_the_statement(window: MainWindow) -> None:
    screen = window.show_screen("suppliers")
    assert isinstance(screen, SuppliersScreen)
    shop = window.state.shop
    editor = SupplierEditor(window.state, None, screen)
    editor.name.setText("Mama Mboga Wholesale")
    editor.phone.setText("0722 111 222")
    editor.accept()
    names = [cell(screen.model, r, 0) for r in range(screen.model.rowCount())]
    assert "Mama Mboga Wholesale" in names
    supplier = next(s for s in shop.suppliers.suppliers() if s.name == "Mama Mboga Wholesale")
    soap = shop.products.by_barcode(SOAP)
    assert soap is not None
    before = soap[0].stock
    dialog = ReceiveGoodsDialog(window.state, supplier.id, screen)
    dialog.picker.setText(SOAP)
    dialog.picker.look_up()
    dialog.picker.setText(SOAP)
    dialog.picker.look_up()  # scanned twice: two
    dialog.table.item(0, 2).setText("40.50")  # type: ignore[union-attr]
    # The demo shop is registered for tax: the cost is before tax, the soap's rate added.
    tax = dialog.table.cellWidget(0, 3)
    assert tax.currentData() == "S"  # type: ignore[attr-defined]
    shown = dialog.total.text().replace("\u2068", "").replace("\u2069", "")
    assert shown == "Before tax: Ksh\u00a081.00   Tax: Ksh\u00a012.96   Total: Ksh\u00a093.96"
    tax.setCurrentIndex(0)  # type: ignore[attr-defined]
    assert "Total: \u2068Ksh\u00a081.00" in dialog.total.text()
    tax.setCurrentIndex(tax.findData("S"))  # type: ignore[attr-defined]
    dialog.reference.setText("INV-9")
    dialog.accept()
    assert dialog.number is not None and dialog.number.startswith("GRN-")
    assert shop.stock.level(soap[0].id) == before + Quantity.of(2)
    assert shop.products.get(soap[0].id).draft.cost_price.minor < 4600  # before tax
    owed = shop.suppliers.get(supplier.id)
    assert owed.owed == Money.of("93.96", "KES")
    payment = SupplierPaymentDialog(window.state, owed, screen)
    assert payment.amount.text() == "93.96"
    payment.amount.setText("100")
    payment.accept()
    assert "more than the" in payment.error.text()
    payment.amount.setText("30")
    payment.accept()
    assert payment.number is not None
    statement = SupplierStatementDialog(window.state, shop.suppliers.get(supplier.id), screen)
    assert statement.table.rowCount() == 2
    assert statement.closing.text() == "Owed at the end: Ksh\u00a063.96"
