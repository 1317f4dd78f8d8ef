"""At the till: a variant's barcode adds that variant; the parent's name offers the product,
and choosing it opens a picker worked from the keyboard."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from duka.ui.dialogs.variant_picker import VariantPicker
from duka.ui.main_window import MainWindow
from duka.ui.screens.sell import SellScreen
from duka.ui.state import AppState
from tests.ui.helpers import cell
from tests.ui.test_sell_screen import barcode, in_dialog, scan


def bare(text: str) -> str:
    return text.replace("\u2068", "").replace("\u2069", "")


@pytest.fixture
def screen(window: MainWindow) -> SellScreen:
    found = window.show_screen("sell")
    assert isinstance(found, SellScreen)
    return found


def test_scanning_a_variant_adds_that_variant(screen: SellScreen, state: AppState) -> None:
    scan(screen, barcode(state.shop, "T-shirt (M / Blue)"))
    assert cell(screen.model, 0, 0) == "T-shirt (M / Blue)"


def test_the_parent_offers_a_picker_of_its_variants(
    qtbot: QtBot, screen: SellScreen, state: AppState
) -> None:
    QTest.keyClicks(screen.scan, "T-shirt")
    screen._offer()
    labels = [screen.results.item(i).text() for i in range(screen.results.count())]
    assert "choose a variant" in labels[0] and "T-shirt" in labels[0]
    seen: list[list[str]] = []

    def pick(dialog: object) -> None:
        assert isinstance(dialog, VariantPicker)
        QTest.keyClicks(dialog.search, "xl bl")  # narrows to the extra large blue and black
        seen.append([bare(dialog.list.item(i).text()) for i in range(dialog.list.count())])
        QTest.keyClick(dialog.search, Qt.Key.Key_Down)  # from the field: the second
        QTest.keyClick(dialog.search, Qt.Key.Key_Return)

    in_dialog(pick)
    QTest.keyClick(screen.scan, Qt.Key.Key_Return)
    assert len(seen[0]) == 2 and "XL / Blue" in seen[0][0] and "XL / Black" in seen[0][1]
    assert cell(screen.model, 0, 0) == "T-shirt (XL / Black)"
    # Esc in the picker goes back to the sale with nothing added
    QTest.keyClicks(screen.scan, "T-shirt")
    screen._offer()
    in_dialog(lambda dialog: QTest.keyClick(dialog, Qt.Key.Key_Escape))  # type: ignore[arg-type]
    QTest.keyClick(screen.scan, Qt.Key.Key_Return)
    assert len(screen.cart.lines) == 1
