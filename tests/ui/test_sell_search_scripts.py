"""At the Sell screen, typing one or two letters of a Thai, Chinese or Tamil name offers it."""

import os

import pytest
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from duka.core.money import Money
from duka.core.products import ProductDraft
from duka.ui.main_window import MainWindow
from duka.ui.screens.sell import SellScreen
from duka.ui.state import AppState


@pytest.fixture
def screen(window: MainWindow, state: AppState) -> SellScreen:
    for name in ("绿茶 Green tea", "ชาเขียว", "น้ำชา", "தேங்காய் பால்"):
        state.shop.products.add(
            ProductDraft(
                name=name, sell_price=Money.of("90", "KES"), cost_price=Money.of("60", "KES")
            )
        )
    found = window.show_screen("sell")
    assert isinstance(found, SellScreen)
    return found


@pytest.mark.parametrize(
    ("typed", "offered"),
    [("茶", ["绿茶 Green tea"]), ("ชา", ["ชาเขียว", "น้ำชา"]), ("பால்", ["தேங்காய் பால்"])],
)
def test_letters_typed_anywhere_in_the_name_offer_it(
    qtbot: QtBot, screen: SellScreen, typed: str, offered: list[str]
) -> None:
    for char in typed:  # a code point at a time, as a keyboard or input method sends them
        event = QInputMethodEvent()
        event.setCommitString(char)
        QApplication.sendEvent(screen.scan, event)
    qtbot.waitUntil(lambda: screen.results.isVisible(), timeout=3000)
    shown = [screen.results.item(n).text() for n in range(screen.results.count())]
    assert len(shown) == len(offered)
    assert all(any(name in text for text in shown) for name in offered), shown
    if os.environ.get("DUKA_SHOTS"):
        screen.window().grab().save(f"{os.environ['DUKA_SHOTS']}/sell_search_{len(typed)}.png")
