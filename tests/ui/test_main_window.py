from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from duka.ui.language import apply_language
from duka.ui.main_window import SCREENS, MainWindow
from duka.ui.screens.dashboard import DashboardScreen
from duka.ui.screens.invoices import InvoicesScreen
from duka.ui.screens.products import ProductsScreen
from duka.ui.screens.reports import ReportsScreen
from duka.ui.screens.sell import SellScreen
from duka.ui.screens.settings import SettingsScreen
from tests.ui.helpers import cell


def test_navigation_reaches_every_screen(window: MainWindow) -> None:
    for entry in SCREENS:
        screen = window.show_screen(entry.key)
        assert window.stack.currentWidget() is screen
        assert window.current_key() == entry.key
    assert isinstance(window.screen_for("settings"), SettingsScreen)
    assert isinstance(window.screen_for("sell"), SellScreen)
    assert isinstance(window.screen_for("invoices"), InvoicesScreen)
    assert isinstance(window.screen_for("reports"), ReportsScreen)
    assert isinstance(window.screen_for("home"), DashboardScreen)
    assert window.first_allowed() == "home"  # the owner lands on the day at a glance


def test_screens_are_made_only_when_first_shown(window: MainWindow) -> None:
    window.show_screen("sell")
    assert window.stack.count() == 1
    window.show_screen("products")
    window.show_screen("sell")
    assert window.stack.count() == 2


def test_keyboard_shortcuts_switch_screens(qtbot: QtBot, window: MainWindow) -> None:
    window.activateWindow()
    window.show_screen("sell")
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert isinstance(window.stack.currentWidget(), ProductsScreen)
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert isinstance(window.stack.currentWidget(), DashboardScreen)
    qtbot.keyClick(window, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert isinstance(window.stack.currentWidget(), SettingsScreen)


def test_the_window_shows_the_shop_and_lists_its_products(window: MainWindow) -> None:
    assert window.windowTitle() == "Duka la Mama Amina — Duka"
    products = window.show_screen("products")
    assert isinstance(products, ProductsScreen)
    count = window.state.shop.products.count()
    assert products.summary.text() == f"{count} products"
    model = products.model
    assert model.rowCount() == count
    # A variant is indented under its product (its name is the product's and its values).
    names = [cell(model, row, 0).lstrip("\u2003") for row in range(count)]
    assert names == sorted(names, key=str.casefold)  # by name, as the shopkeeper reads
    tee = names.index("T-shirt")
    assert cell(model, tee + 1, 0).startswith("\u2003") and names[tee + 1].startswith("T-shirt (")
    sugar = names.index("Sugar 1 kg")
    assert cell(model, sugar, 4) == "Ksh\u00a0180.00"


def test_everything_fits_1366_by_768_in_every_language(window: MainWindow, styled: None) -> None:
    for key in ("settings", "products", "customers", "sell"):
        window.show_screen(key)
    for language in ("en", "fr", "ar", "hi"):
        apply_language(language)
        QApplication.processEvents()
        hint = window.minimumSizeHint()
        assert hint.width() <= 1366 and hint.height() <= 768, (language, hint)
        settings = window.screen_for("settings")
        assert isinstance(settings, SettingsScreen)
        window.resize(1366, 768)
        window.show_screen("settings")
        QApplication.processEvents()
        assert settings.scroll_area.horizontalScrollBar().maximum() == 0, language
        assert window.nav.verticalScrollBar().maximum() == 0, language  # every screen shows


def test_arabic_mirrors_the_window(window: MainWindow) -> None:
    apply_language("ar")
    QApplication.processEvents()
    assert QApplication.layoutDirection() == Qt.LayoutDirection.RightToLeft
    nav_x = window.nav.mapTo(window, QPoint(0, 0)).x()
    stack_x = window.stack.mapTo(window, QPoint(0, 0)).x()
    assert nav_x > stack_x  # the navigation moved to the right-hand side
    assert window.nav.item(1).text() == "البيع"
    apply_language("hi")
    assert QApplication.layoutDirection() == Qt.LayoutDirection.LeftToRight
    assert window.nav.item(window.nav.count() - 1).text() == "सेटिंग्स"


def test_the_window_remembers_its_place_on_this_computer(
    qtbot: QtBot, state: object, private_home: object
) -> None:
    from duka.ui.state import AppState

    assert isinstance(state, AppState)
    first = MainWindow(state)
    qtbot.addWidget(first)
    first.show()
    first.resize(1100, 700)  # the offscreen screen is 800 wide: only the height fits as is
    first.close()
    assert (Path(str(private_home)) / "duka.ini").is_file()
    again = MainWindow(state)
    qtbot.addWidget(again)
    assert again.height() != 700
    again.restore_placement()
    assert again.height() == 700
