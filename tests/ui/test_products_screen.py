"""The Products screen: searching, filtering, sorting, and its dialogs, as a user drives them."""

from pathlib import Path

import pytest
from PySide6.QtCore import QThreadPool
from pytestqt.qtbot import QtBot

from duka.core.money import Money
from duka.core.moving_in.products import Field
from duka.core.products import ProductQuery
from duka.core.quantity import Quantity
from duka.core.stock import MovementKind
from duka.ui.dialogs.import_preview import ImportDialog
from duka.ui.dialogs.price_change import PriceChangeDialog
from duka.ui.dialogs.product_editor import ProductEditor
from duka.ui.dialogs.stock_adjust import StockAdjustDialog
from duka.ui.dialogs.stock_history import StockHistoryDialog
from duka.ui.main_window import MainWindow
from duka.ui.screens.products import ProductsScreen
from tests.ui.helpers import cell


@pytest.fixture
def screen(window: MainWindow) -> ProductsScreen:
    found = window.show_screen("products")
    assert isinstance(found, ProductsScreen)
    return found


def names(screen: ProductsScreen) -> list[str]:
    return [cell(screen.model, row, 0) for row in range(screen.model.rowCount())]


def select(screen: ProductsScreen, name: str) -> None:
    screen.table.selectRow(names(screen).index(name))


def test_typing_searches_and_filters_narrow_the_list(qtbot: QtBot, screen: ProductsScreen) -> None:
    qtbot.keyClicks(screen.search, "sug")
    qtbot.waitUntil(lambda: "Sugar 1 kg" in names(screen) and len(names(screen)) < 10)
    assert all("sug" in n.casefold() for n in names(screen))
    screen.search.setText("6160040001611")  # a scanned barcode
    screen.apply_filter()
    assert names(screen) == ["Bath soap (aloe) 100 g"]
    screen.search.clear()
    screen.low_box.setChecked(True)
    low = names(screen)
    assert (
        low and len(low) == screen.state.shop.products.listing(ProductQuery(low_stock=True)).count
    )
    screen.low_box.setChecked(False)
    food = screen.category_box.findText("Food > Snacks")
    screen.category_box.setCurrentIndex(food)
    screen.apply_filter()
    assert names(screen) and all(cell(screen.model, r, 3) == "Food > Snacks"
                                 for r in range(screen.model.rowCount()))  # fmt: skip


def test_a_header_click_sorts_and_a_second_reverses(screen: ProductsScreen) -> None:
    header = screen.table.horizontalHeader()
    header.sectionClicked.emit(4)  # price
    prices = [screen.model.row(r).sell_price for r in range(screen.model.rowCount())]  # type: ignore[union-attr]
    assert prices == sorted(prices)
    header.sectionClicked.emit(4)
    prices = [screen.model.row(r).sell_price for r in range(screen.model.rowCount())]  # type: ignore[union-attr]
    assert prices == sorted(prices, reverse=True)
    header.sectionClicked.emit(1)  # barcodes do not sort: the order stays
    assert screen.query.descending


def test_a_new_product_is_saved_and_a_bad_price_keeps_the_dialog_open(
    screen: ProductsScreen,
) -> None:
    editor = ProductEditor(screen.state, None, screen)
    editor.name.setText("Chapati flour 2 kg")
    editor.price.setText("58,99")  # the comma mistake: refused, not read as 5899
    editor.cost.setText("40")
    editor.category.setCurrentText("Food > Flour")
    editor.barcodes.entry.setText("6161234567890")
    editor.barcodes.add_entry()
    editor.opening.setText("12")
    editor.accept()
    assert editor.error.text() and editor.result() == 0
    assert not screen.state.shop.products.search("Chapati")
    editor.price.setText("158.50")
    editor.accept()
    assert editor.error.text() == "" and editor.saved_id is not None
    product = screen.state.shop.products.get(editor.saved_id)
    assert product.draft.sell_price == Money.of("158.50", "KES")
    assert product.draft.category == ("Food", "Flour") and product.stock == Quantity.of(12)
    assert "Chapati flour 2 kg" in names(screen)  # the list followed


def test_changing_a_product_and_its_stock(screen: ProductsScreen) -> None:
    select(screen, "Sugar 1 kg")
    product = screen.selected_product()
    assert product is not None
    editor = ProductEditor(screen.state, product, screen)
    assert editor.price.text() == "180.00" and editor.name.text() == "Sugar 1 kg"
    editor.price.setText("185")
    editor.accept()
    assert screen.state.shop.products.get(product.id).draft.sell_price == Money.of("185", "KES")
    adjust = StockAdjustDialog(screen.state, screen.state.shop.products.get(product.id), screen)
    adjust.choice.setCurrentIndex(2)  # write off
    adjust.quantity.setText("2")
    adjust.reason.setCurrentText("Torn bags")
    adjust.accept()
    assert adjust.new_level == product.stock - Quantity.of(2)
    history = StockHistoryDialog(screen.state, screen.state.shop.products.get(product.id), screen)
    assert history.table.item(0, 1).text().strip("\u2068\u2069") == MovementKind.WRITE_OFF.label  # type: ignore[union-attr]
    assert history.table.item(0, 5).text().strip("\u2068\u2069") == "Torn bags"  # type: ignore[union-attr]


def test_bulk_price_change_applies_to_the_filtered_list(screen: ProductsScreen) -> None:
    screen.search.setText("Honey")
    screen.apply_filter()
    before = {r.id: r.sell_price for r in (screen.model.row(i) for i in range(2)) if r}
    dialog = PriceChangeDialog(screen.state, screen.query, screen.model.rowCount(), screen)
    assert "2 products" in dialog.scope.text()
    dialog.percent.setText("+10")
    dialog.round_to.setText("5")
    dialog.accept()
    assert dialog.changed == 2
    for product_id, price in before.items():
        new = screen.state.shop.products.get(product_id).draft.sell_price
        assert new.minor % 500 == 0 and new > price


def test_import_preview_then_import(qtbot: QtBot, screen: ProductsScreen, tmp_path: Path) -> None:
    source = tmp_path / "list.csv"
    source.write_text(
        "Désignation;Prix;Qté;Couleur\nمعجون طماطم;120,50;6;rouge\nचाय पत्ती;95;x;\n", "utf-8"
    )
    dialog = ImportDialog(screen.state, source, screen)
    qtbot.waitUntil(lambda: dialog.preview is not None and not dialog._checking, timeout=10000)
    boxes = [dialog._column_box(r).currentData() for r in range(4)]
    assert boxes == [Field.NAME, Field.PRICE, Field.STOCK, None]
    assert "2 rows: 1 new, 0 to update, 0 unchanged, 1 with problems" in dialog.summary.text()
    assert not dialog.import_button.isEnabled()  # a bad row stops it...
    dialog.skip_box.setChecked(True)  # ...unless the user skips it
    assert dialog.import_button.isEnabled()
    dialog.start_import()
    qtbot.waitUntil(lambda: dialog.outcome is not None, timeout=10000)
    assert dialog.outcome is not None and dialog.outcome.added == 1
    found = screen.state.shop.products.search("طماطم")
    assert found and found[0].sell_price == Money.of("120.50", "KES")
    assert found[0].stock == Quantity.of(6)


FIXTURES = Path(__file__).parents[1] / "fixtures" / "moving_in"


def test_another_systems_export_is_named_with_its_notes_and_columns_left_aside(
    qtbot: QtBot, screen: ProductsScreen
) -> None:
    dialog = ImportDialog(screen.state, FIXTURES / "shopify_products.csv", screen)
    qtbot.waitUntil(lambda: dialog.preview is not None and not dialog._checking, timeout=10000)
    assert dialog.system_line.text() == "Recognised as an export of \u2068Shopify\u2069."
    assert "Body (HTML)" in dialog.unused_line.whole_text()
    assert dialog.unused_line.toolTip() == dialog.unused_line.whole_text()
    handle = dialog._column_box(0)
    assert handle.currentData() is Field.HANDLE  # what only Shopify's layout reads is shown
    assert dialog._column_box(2).findData(Field.HANDLE) == -1  # and offered nowhere else
    rows = dialog.rows_table
    actions = [rows.item(r, 1).text().strip("\u2068\u2069") for r in range(rows.rowCount())]
    texts = [rows.item(r, 2).text() for r in range(rows.rowCount())]
    assert actions[:2] == ["Note", "Note"]  # notes before the rows to be written
    assert "kept as the shop's own code" in texts[0]
    assert any("Classic Tee (Red, M)" in text for text in texts)
    assert dialog.import_button.isEnabled()


def test_a_column_matched_by_hand_is_checked_again(
    qtbot: QtBot, screen: ProductsScreen, tmp_path: Path
) -> None:
    source = tmp_path / "odd.csv"
    source.write_text("Kitu,Thamani\nKalamu,25\n", "utf-8")
    dialog = ImportDialog(screen.state, source, screen)
    qtbot.waitUntil(
        lambda: dialog._checking is False and dialog.summary.text() != "", timeout=10000
    )
    assert dialog.preview is None and "No column" in dialog.summary.text()


def test_export_runs_in_the_background(
    qtbot: QtBot, screen: ProductsScreen, tmp_path: Path
) -> None:
    target = tmp_path / "all.xlsx"
    screen.export_to(target)
    qtbot.waitUntil(target.exists, timeout=10000)
    QThreadPool.globalInstance().waitForDone(5000)
    table = screen.state.shop.exchange.read(target)
    assert len(table.rows) == screen.state.shop.products.count()


def test_labels_for_the_selected_products(screen: ProductsScreen, tmp_path: Path) -> None:
    from duka.ui.dialogs.labels import LabelsDialog

    screen.search.setText("Honey")
    screen.apply_filter()
    screen.table.selectAll()
    dialog = LabelsDialog(screen.state, screen._selected_ids(), screen)
    assert dialog.which.currentText() == "the products selected (2)"
    dialog.stock.setCurrentIndex(dialog.stock.findData("roll-58"))
    assert not dialog.first.isEnabled()  # a roll has no partly used sheet
    dialog.copies.setValue(2)
    assert dialog.write_to(tmp_path / "honey.pdf") == 4
    dialog.stock.setCurrentIndex(dialog.stock.findData("a4-l7651"))
    assert dialog.first.maximum() == 65
