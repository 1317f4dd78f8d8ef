"""Guards against Qt bindings that lose references to None, True and False.

PySide6 6.12.0 dropped a reference to None each time Qt called a Python override such as
changeEvent, or a translator with no disambiguation, and to True/False in item views; after
some minutes of use the interpreter aborted. pyproject.toml keeps that release out; these
tests fail if a release with the same fault comes back.
"""

import gc
import sys

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import QApplication, QComboBox
from pytestqt.qtbot import QtBot

from duka.ui.language import apply_language
from duka.ui.main_window import MainWindow

ROUNDS = 200


def counts() -> tuple[int, int, int]:
    # Collected first: garbage freed by chance during a round would look like a leak.
    gc.collect()
    return sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False)


def not_drained(before: tuple[int, int, int], after: tuple[int, int, int]) -> bool:
    return all(b - a < ROUNDS // 2 for b, a in zip(before, after, strict=True))


def test_language_switches_and_overrides_keep_references(qtbot: QtBot, window: MainWindow) -> None:
    window.show_screen("settings")
    window.show_screen("products")
    before = counts()
    for round_ in range(ROUNDS // 20):
        apply_language(("ar", "hi", "fr", "en")[round_ % 4])
        window.grab()
    for _ in range(ROUNDS):
        QApplication.sendEvent(window, QEvent(QEvent.Type.LanguageChange))
        QCoreApplication.translate("QPlatformTheme", "Cancel")
    assert not_drained(before, counts())


def test_item_views_and_combos_keep_references(qtbot: QtBot, window: MainWindow) -> None:
    products = window.show_screen("products")
    combo = QComboBox()
    qtbot.addWidget(combo)
    before = counts()
    for _ in range(ROUNDS):
        combo.clear()
        combo.addItem("a", "x")
        combo.findData("x")
    for _ in range(10):
        products.grab()
        window.nav.setCurrentRow(1)
    QApplication.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    QApplication.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
    assert not_drained(before, counts())
