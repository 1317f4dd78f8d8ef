"""The Sell screen's cart as the cashier sees it: every figure whole, a promotion's name drawn
under its line in Arabic as in English, the chosen line shown in a right-to-left window, the
total, Pay and the keys staying put while a sale grows, and a scan writing only its line."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QImage
from pytestqt.qtbot import QtBot

from duka.core.quantity import Quantity
from duka.ui.language import apply_language
from duka.ui.main_window import MainWindow
from duka.ui.screens.sell import SellScreen
from duka.ui.state import AppState
from tests.ui.scanner import scan

SOAP = "Bath soap (aloe) 100 g"  # the demo's "5 for 4"


def product_id(state: AppState, name: str) -> int:
    row = state.shop.context.db.execute("SELECT id FROM products WHERE name = ?", (name,))
    return int(row.fetchone()[0])


def some_products(state: AppState, count: int) -> list[int]:
    rows = state.shop.context.db.execute(
        "SELECT id FROM products WHERE active AND NOT price_asked AND NOT tracks_batches "
        "AND name GLOB '[A-Z]*' "
        "AND parent_id IS NULL AND options = '' AND id NOT IN "
        "(SELECT parent_id FROM products WHERE parent_id IS NOT NULL) "
        "ORDER BY sell_price DESC LIMIT ?",
        (count,),
    )
    return [int(found) for (found,) in rows]


@pytest.fixture
def sell(window: MainWindow) -> SellScreen:
    window.resize(800, 900)  # room to spare under the keys
    found = window.show_screen("sell")
    assert isinstance(found, SellScreen)
    return found


def selected(sell: SellScreen) -> list[int]:
    return [index.row() for index in sell.table.selectionModel().selectedRows()]


def test_every_figure_is_whole_as_lines_come_and_grow(qtbot: QtBot, sell: SellScreen) -> None:
    header = sell.table.horizontalHeader()

    def whole() -> bool:
        return all(
            header.sectionSize(column)
            >= sell.table.sizeHintForIndex(sell.model.index(row, column)).width()
            for row in range(sell.model.rowCount())
            for column in range(1, 5)
        )

    first, second = some_products(sell.state, 2)
    sell._add_product(first)
    sell._add_product(second)
    assert whole()
    narrow = header.sectionSize(4)
    # The same line again, a thousand of it: its row is written anew, its total is longer.
    sell._add_product(first, Quantity.of(1000))
    assert sell.cart.lines[0].quantity == Quantity.of(1001)
    wide = header.sectionSize(4)
    assert whole() and wide > narrow
    sell._change(replace(sell.cart, lines=sell.cart.lines[1:]))  # the long line goes
    assert whole() and header.sectionSize(4) < wide


def test_a_scan_writes_only_the_line_it_adds_or_changes(sell: SellScreen) -> None:
    first, second, third = some_products(sell.state, 3)
    sell._add_product(first)
    sell._add_product(second)
    assert sell.model.written == [1]
    sell._add_product(first)  # one more of the first line
    assert sell.model.written == [0]
    sell._add_product(third)
    assert sell.model.written == [2]
    shown = [sell.model.item(row, 0).text() for row in range(sell.model.rowCount())]
    assert [text.replace("\u2068", "").replace("\u2069", "") for text in shown] == [
        line.name for line in sell.cart.lines
    ]


def _ink_rows(image: QImage, top: int, bottom: int, left: int, right: int) -> int:
    """How many pixel rows of this part of the image have something dark drawn on them."""
    return sum(
        1
        for y in range(max(top, 0), min(bottom, image.height()))
        if any(image.pixelColor(x, y).lightness() < 110 for x in range(left, right, 2))
    )


@pytest.mark.parametrize("language", ["en", "ar", "hi"])
def test_a_promotions_name_is_drawn_under_its_line(
    styled: None, qtbot: QtBot, sell: SellScreen, language: str
) -> None:
    apply_language(language)
    # For a customer on a price list, the line says which price applied, in the language
    # shown: Arabic words on the line's first row, the promotion's name under them.
    db = sell.state.shop.context.db
    (customer,) = db.execute("SELECT id FROM customers WHERE price_list_id IS NOT NULL").fetchone()
    sell._change(sell.state.shop.price_lists.with_customer(sell.cart, customer))
    sell._add_product(product_id(sell.state, SOAP), Quantity.of(5))
    assert sell.cart.lines[0].promotion is not None
    sell.table.clearSelection()  # dark text on white, to count
    place = sell.table.visualRect(sell.model.index(0, 0))

    def drawn() -> int:
        qtbot.wait(10)
        image = sell.table.viewport().grab().toImage()
        rect = sell.table.visualRect(sell.model.index(0, 0))
        return _ink_rows(image, rect.top() + 1, rect.bottom() - 1, rect.left(), rect.right())

    as_shown = drawn()
    sell.table.setRowHeight(0, 2 * place.height())  # room for all its lines: the whole text
    whole = drawn()
    sell.table.setRowHeight(0, place.height())
    # A name cut to its first line (as Arabic was) has about half the ink rows.
    assert as_shown >= 0.8 * whole, (as_shown, whole)


def test_the_chosen_line_shows_in_a_right_to_left_window(qtbot: QtBot, sell: SellScreen) -> None:
    apply_language("ar")
    first, second = some_products(sell.state, 2)
    sell._add_product(first)
    sell._add_product(second)
    assert selected(sell) == [1]  # the line just added
    qtbot.keyClick(sell.scan, Qt.Key.Key_Up)
    assert selected(sell) == [0]
    assert sell.selected_row() == 0


def test_a_figure_appearing_moves_neither_pay_nor_the_keys(
    styled: None, qtbot: QtBot, sell: SellScreen
) -> None:
    def places() -> list[tuple[int, int]]:
        qtbot.wait(20)  # laid out again
        widgets = [sell.pay_button, *(button for button, _key, _label in sell.key_buttons)]
        return [widget.mapTo(sell, widget.rect().topLeft()).toTuple() for widget in widgets]

    before = places()
    sell._add_product(product_id(sell.state, SOAP), Quantity.of(5))  # items, saving, tax...
    assert not sell._figure_labels["saving"][1].isHidden()
    assert places() == before


def test_the_side_keeps_its_width_for_a_long_total(
    styled: None, qtbot: QtBot, sell: SellScreen
) -> None:
    (dear,) = some_products(sell.state, 1)
    side = sell.pay_button.parentWidget()
    narrow = side.width()
    sell._add_product(dear, Quantity.of(5000))  # a total of millions
    qtbot.wait(20)
    wide = side.width()
    assert wide > narrow
    sell._fresh()
    sell._add_product(dear)  # a short total: the screen does not jump back
    qtbot.wait(20)
    assert side.width() == wide


def test_plain_text_is_drawn_without_shaping_and_arabic_with_it(sell: SellScreen) -> None:
    def unshaped(row: int, column: int) -> bool:
        font = sell.model.item(row, column).data(Qt.ItemDataRole.FontRole)
        return font is not None and bool(font.styleStrategy() & QFont.StyleStrategy.PreferNoShaping)

    (first,) = some_products(sell.state, 1)
    sell._add_product(first)
    assert all(unshaped(0, column) for column in range(5))  # Latin words and digits
    apply_language("ar")
    assert not unshaped(0, 0) and not unshaped(0, 1)  # brackets to mirror, words to join
    assert all(unshaped(0, column) for column in range(2, 5))  # amounts: digits alone


def test_a_line_with_batches_has_room_for_them_under_its_name(sell: SellScreen) -> None:
    (plain_product,) = some_products(sell.state, 1)
    sell._add_product(plain_product)
    assert sell.table.itemDelegateForColumn(0) is not sell._batch_lines  # Qt draws it all
    para = next(row.id for row in sell.state.shop.products.search("MED-PARA", 5))
    sell._add_product(para)
    assert 1 in sell.model.batch_notes
    assert sell.table.itemDelegateForColumn(0) is sell._batch_lines
    lines = sell.table.fontMetrics().lineSpacing()
    assert sell.table.rowHeight(1) >= sell.table.rowHeight(0) + lines  # name, then batches
    sell._change(replace(sell.cart, lines=sell.cart.lines[:1]))
    assert sell.table.itemDelegateForColumn(0) is not sell._batch_lines


def _cells(sell: SellScreen) -> list[tuple[object, ...]]:
    model = sell.model
    roles = [
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.ForegroundRole,
        Qt.ItemDataRole.TextAlignmentRole,
        Qt.ItemDataRole.UserRole + 1,  # a line's batches
    ]
    found = []
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            item = model.item(row, column)
            font = item.data(Qt.ItemDataRole.FontRole)
            found.append(
                (row, column, *(_plain_value(item.data(role)) for role in roles), font is None)
            )
    return found


def _plain_value(found: object) -> object:
    return tuple(found) if isinstance(found, list) else found


def _sizes(sell: SellScreen) -> tuple[list[int], list[int]]:
    rows = [sell.table.rowHeight(row) for row in range(sell.model.rowCount())]
    columns = [sell.table.horizontalHeader().sectionSize(column) for column in range(1, 5)]
    return rows, columns


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_cart_changed_line_by_line_shows_as_one_drawn_afresh(
    sell: SellScreen, language: str
) -> None:
    apply_language(language)
    first, second = some_products(sell.state, 2)
    para = next(row.id for row in sell.state.shop.products.search("MED-PARA", 5))
    sell._add_product(first, Quantity.of(1000))
    sell._add_product(product_id(sell.state, SOAP), Quantity.of(5))  # two lines of text
    sell._add_product(para)  # its batches under it
    sell._add_product(second)
    lines = sell.cart.lines

    def as_afresh() -> None:
        step = (_cells(sell), _sizes(sell))
        sell.model.retranslate()  # every row written and measured again
        sell._show_cart()
        assert (_cells(sell), _sizes(sell)) == step

    for kept in (lines[1:], (lines[1], lines[3]), (lines[3],), ()):  # from the front, the middle
        sell._change(replace(sell.cart, lines=kept))
        as_afresh()
    sell._change(replace(sell.cart, lines=lines[:3]))
    sell._change(replace(sell.cart, lines=lines[:2]))  # the line with batches goes...
    as_afresh()
    sell._add_product(para)  # ...and comes back, in a row made anew
    as_afresh()


def test_words_that_need_shaping_are_shaped_in_any_window(sell: SellScreen) -> None:
    (first,) = some_products(sell.state, 1)
    sell._add_product(first)

    def named(name: str) -> bool:
        """Whether a line of this name is drawn unshaped."""
        line = replace(sell.cart.lines[0], name=name)
        sell._change(replace(sell.cart, lines=(line,)))
        return sell.model.item(0, 0).data(Qt.ItemDataRole.FontRole) is not None

    assert named("Café crème")  # accented letters of their own
    assert not named("Cafe\u0301")  # an accent placed on its letter by shaping
    assert not named("حليب طازج")  # Arabic letters join
    assert not named("हल्दी पाउडर")  # Devanagari letters combine


def test_a_line_with_a_promotion_and_batches_shows_all_three(
    styled: None, qtbot: QtBot, sell: SellScreen
) -> None:
    import datetime as dt

    from duka.core.promotions import Kind, PromotionDraft, Scope

    para = next(row.id for row in sell.state.shop.products.search("MED-PARA", 5))
    today = dt.date.today()
    draft = PromotionDraft(
        "Flu season",
        Kind.PERCENT,
        Scope.PRODUCTS,
        today,
        today + dt.timedelta(days=7),
        products=frozenset({para}),
        percent=Decimal(5),
    )
    sell.state.shop.promotions.create(draft, confirmed=True)
    sell._add_product(para)
    assert sell.cart.lines[0].promotion is not None and 0 in sell.model.batch_notes
    lines = sell.table.fontMetrics().lineSpacing()
    assert sell.table.rowHeight(0) >= 3 * lines  # the name, the promotion, the batches
    sell.table.clearSelection()
    qtbot.wait(10)
    image = sell.table.viewport().grab().toImage()
    rect = sell.table.visualRect(sell.model.index(0, 0))
    inked = [
        any(image.pixelColor(x, y).lightness() < 110 for x in range(rect.left(), rect.right(), 2))
        for y in range(rect.top() + 1, rect.bottom() - 1)
    ]
    starts = zip([False, *inked], inked, strict=False)
    bands = sum(1 for above, here in starts if here and not above)
    assert bands == 3  # three lines of text, one above the other


def test_a_scanners_bursts_in_arabic_choose_each_line_and_write_only_it(
    qtbot: QtBot, sell: SellScreen
) -> None:
    apply_language("ar")
    db = sell.state.shop.context.db

    def code(product: int) -> str:
        found = db.execute("SELECT code FROM barcodes WHERE product_id = ?", (product,))
        return str(found.fetchone()[0])

    first, second = some_products(sell.state, 2)
    scan(qtbot, sell, code(first))
    scan(qtbot, sell, code(second))
    assert [line.product_id for line in sell.cart.lines] == [first, second]
    assert selected(sell) == [1] and sell.model.written == [1]
    scan(qtbot, sell, code(first))  # one more of the first line
    assert sell.cart.lines[0].quantity == Quantity.of(2)
    assert selected(sell) == [0] and sell.model.written == [0]
