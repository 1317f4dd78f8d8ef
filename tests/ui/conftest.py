"""Fixtures for interface tests: the app state over a shop, a window, captured dialogs."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication

from duka.i18n import TranslatableError
from duka.services.shop import Shop
from duka.ui import operations
from duka.ui.language import apply_country, apply_language
from duka.ui.main_window import MainWindow
from duka.ui.state import AppState


@pytest.fixture(autouse=True)
def english_interface(qapp: object) -> Iterator[None]:
    apply_language("en")
    apply_country(None)  # no shop's country left over from another test: Qt's digits are en's
    yield
    # Dialogs a test left open go first: the language change below would make them re-read
    # a shop that has closed by now.
    from PySide6.QtWidgets import QApplication

    for widget in QApplication.topLevelWidgets():
        widget.close()
        widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    apply_language("en")
    apply_country(None)


@pytest.fixture(autouse=True)
def no_blocking_dialogs(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """A modal box would wait forever offscreen: record its text and answer it instead."""
    from PySide6.QtWidgets import QMessageBox

    shown: list[str] = []

    def answer(box: QMessageBox) -> int:
        shown.append(box.text())
        return int(QMessageBox.StandardButton.Discard)

    monkeypatch.setattr(QMessageBox, "exec", answer)
    return shown


@pytest.fixture
def refusals(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Messages the interface would have shown in a refusal box (instead of blocking)."""
    shown: list[str] = []

    def capture(_parent: object, error: TranslatableError) -> None:
        shown.append(error.message)

    monkeypatch.setattr(operations, "show_refusal", capture)
    for module in ("duka.ui.screens.settings", "duka.ui.dialogs.first_run"):
        try:
            monkeypatch.setattr(f"{module}.show_refusal", capture)
        except AttributeError:
            pass
    return shown


@pytest.fixture
def state(demo_shop: Shop) -> AppState:
    """The demo shop at the counter in the middle of a day: this computer's cash drawer is
    open (tests of a day's first sale close it first, see `closed_drawer`)."""
    from duka.core.money import Money

    demo_shop.cash.open(Money.of("2000", "KES"))
    return AppState(demo_shop)


@pytest.fixture
def closed_drawer(state: AppState) -> AppState:
    """Before the day's first sale: no cash drawer is open on this computer."""
    cash = state.shop.cash
    cash.close(cash.report().expected)
    return state


@pytest.fixture
def window(qtbot: object, state: AppState) -> Iterator[MainWindow]:
    win = MainWindow(state)
    win.show()
    yield win
    # Destroy it now, before its shop is closed: a window left to a later event loop would
    # still receive that test's language changes.
    win.close()
    win.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture
def styled(qapp: QApplication) -> Iterator[None]:
    """The shop's fonts and style sheet, as the app runs with them (their paddings decide
    what fits; the sale's total is 28 points)."""
    from duka.ui.startup import load_fonts, load_style

    load_fonts(qapp)
    load_style(qapp)
    yield
    qapp.setStyleSheet("")
