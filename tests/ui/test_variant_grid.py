"""The variant grid dialog: options typed make the preview; cells edited before saving;
a grid that repeats a code is refused with the reason and nothing written; the products
list shows the variants under their product."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from duka.core.money import Money
from duka.core.products import ProductDraft, ProductQuery
from duka.ui.dialogs.product_editor import ProductEditor
from duka.ui.dialogs.variant_grid import VariantGridDialog
from duka.ui.models.variant_grid import BARCODE, PRICE, SKU, STOCK, VARIANT
from duka.ui.state import AppState
from tests.ui.test_sell_screen import in_dialog

SANDALS = ProductDraft("Sandals", Money.of("1200", "KES"), Money.of("700", "KES"), sku="SND")


def products(state: AppState) -> int:
    return int(state.shop.context.db.execute("SELECT count(*) FROM products").fetchone()[0])


def typed(grid: VariantGridDialog, *options: tuple[str, str]) -> None:
    for number, (name, values) in enumerate(options):
        grid.names[number].setText(name)
        grid.values[number].setText(values)
    grid.refresh()


def cells(grid: VariantGridDialog, column: int) -> list[str]:
    model = grid.model
    return [str(model.data(model.index(r, column))) for r in range(model.rowCount())]


def test_the_grid_previews_every_combination_and_saves_them(qtbot: QtBot, state: AppState) -> None:
    grid = VariantGridDialog(state, SANDALS)
    qtbot.addWidget(grid)
    typed(grid, ("Size", "40, 41, 42"), ("Colour", "Brown، Black"))  # an Arabic comma too
    assert grid.model.rowCount() == 6
    assert cells(grid, SKU)[:2] == ["SND-40-BROWN", "SND-40-BLACK"]
    assert cells(grid, PRICE)[0] == "1,200.00"  # the product's, until one is typed
    model = grid.model
    model.setData(model.index(5, PRICE), "1,350")
    model.setData(model.index(0, BARCODE), "2000000000992")
    model.setData(model.index(0, STOCK), "4")
    assert "6 variants to make" in grid.count.text()
    before = products(state)
    grid.accept()
    assert grid.error.text() == "" and grid.saved_id is not None
    assert products(state) == before + 7
    family = state.shop.variants.family(grid.saved_id)
    assert [v.price.minor for v in family.variants][-2:] == [120000, 135000]
    assert family.variants[0].barcode == "2000000000992"
    assert family.variants[0].stock.milli == 4000


def test_a_grid_repeating_a_code_says_so_and_writes_nothing(qtbot: QtBot, state: AppState) -> None:
    grid = VariantGridDialog(state, SANDALS)
    qtbot.addWidget(grid)
    typed(grid, ("Size", "40, 41"))
    grid.model.setData(grid.model.index(1, SKU), "SND-40")
    before = products(state)
    grid.accept()
    assert "40 and 41 would both have the code “SND-40”" in grid.error.text().replace(
        "\u2068", ""
    ).replace("\u2069", "")
    assert grid.saved_id is None and products(state) == before
    # a barcode the shop already has
    grid.model.setData(grid.model.index(1, SKU), "")
    taken = state.shop.context.db.execute("SELECT code FROM barcodes LIMIT 1").fetchone()[0]
    grid.model.setData(grid.model.index(1, BARCODE), taken)
    grid.accept()
    assert "which another product has" in grid.error.text()
    assert products(state) == before
    # options named twice are refused while typing
    typed(grid, ("Size", "40"), ("size", "41"))
    assert "twice" in grid.error.text() and grid.model.rowCount() == 0


def test_the_editor_opens_the_grid_and_the_list_shows_variants_under_their_product(
    qtbot: QtBot, state: AppState
) -> None:
    editor = ProductEditor(state, None)
    qtbot.addWidget(editor)
    editor.name.setText("Kanga")
    editor.price.setText("500")
    editor.sku.setText("KNG")

    def fill(dialog: object) -> None:
        assert isinstance(dialog, VariantGridDialog)
        typed(dialog, ("Pattern", "Maua, Samaki"))
        assert cells(dialog, VARIANT) == ["\u2068Maua\u2069", "\u2068Samaki\u2069"]
        QTest.mouseClick(
            dialog.buttons.button(dialog.buttons.StandardButton.Save), Qt.MouseButton.LeftButton
        )

    in_dialog(fill)
    editor.variants_button.click()
    assert editor.saved_id is not None and editor.result() == 1, editor.error.text()
    listing = state.shop.products.listing(ProductQuery(text="Kanga"))
    from duka.ui.screens.products import _indented

    names = [_indented(r) for r in listing.page(0, 10)]
    assert names == ["Kanga", "\u2003\u2003Kanga (Maua)", "\u2003\u2003Kanga (Samaki)"]
    # the parent's editor adds a value: only the new variants are proposed
    parent = state.shop.products.get(editor.saved_id)
    grid = VariantGridDialog(state, parent.draft, state.shop.variants.family(parent.id))
    qtbot.addWidget(grid)
    grid.values[0].setText("Maua, Samaki, Nyota")
    grid.refresh()
    assert cells(grid, SKU) == ["KNG-NYOTA"] and grid.names[0].isReadOnly()
    grid.accept()
    assert len(state.shop.variants.family(parent.id).variants) == 3
