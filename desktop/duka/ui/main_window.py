"""The main window: navigation on the side, one screen at a time, made when first shown."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from duka.core.settings import SHOP_NAME
from duka.i18n import N_, _
from duka.ui.screens.base import Screen
from duka.ui.state import AppState


@dataclass(frozen=True)
class ScreenEntry:
    key: str
    title: str  # catalog string
    make: Callable[[AppState], Screen]


def _sell(state: AppState) -> Screen:
    from duka.ui.screens.coming import ComingScreen

    return ComingScreen(
        state,
        N_("Sell"),
        N_(
            "Selling at the counter (scanning, payments and receipts) arrives in an update of Duka."
        ),
    )


def _products(state: AppState) -> Screen:
    from duka.ui.screens.products import ProductsScreen

    return ProductsScreen(state)


def _customers(state: AppState) -> Screen:
    from duka.ui.screens.customers import CustomersScreen

    return CustomersScreen(state)


def _invoices(state: AppState) -> Screen:
    from duka.ui.screens.coming import ComingScreen

    return ComingScreen(
        state,
        N_("Invoices"),
        N_("Invoices, quotes and credit notes arrive in an update of Duka."),
    )


def _reports(state: AppState) -> Screen:
    from duka.ui.screens.coming import ComingScreen

    return ComingScreen(
        state,
        N_("Reports"),
        N_("Reports on sales, profit, tax and stock arrive in an update of Duka."),
    )


def _settings(state: AppState) -> Screen:
    from duka.ui.screens.settings import SettingsScreen

    return SettingsScreen(state)


SCREENS: tuple[ScreenEntry, ...] = (
    ScreenEntry("sell", N_("Sell"), _sell),
    ScreenEntry("products", N_("Products"), _products),
    ScreenEntry("customers", N_("Customers"), _customers),
    ScreenEntry("invoices", N_("Invoices"), _invoices),
    ScreenEntry("reports", N_("Reports"), _reports),
    ScreenEntry("settings", N_("Settings"), _settings),
)

MIN_SIZE = QSize(1024, 640)
DEFAULT_SIZE = QSize(1366, 768)


class MainWindow(QMainWindow):
    def __init__(self, state: AppState) -> None:
        super().__init__()
        self.state = state
        self.setObjectName("mainWindow")
        self._screens: dict[str, Screen] = {}

        self.nav = QListWidget()
        self.nav.setObjectName("nav")
        self.nav.setFixedWidth(190)
        self.nav.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        for number, entry in enumerate(SCREENS, start=1):
            item = QListWidgetItem()
            item.setData(Qt.ItemDataRole.UserRole, entry.key)
            self.nav.addItem(item)
            shortcut = QShortcut(QKeySequence(f"Ctrl+{number}"), self)
            shortcut.activated.connect(lambda key=entry.key: self.show_screen(key))
        self.nav.currentRowChanged.connect(self._row_chosen)

        self.shop_label = QLabel()
        self.shop_label.setObjectName("shopName")
        self.shop_label.setWordWrap(True)
        side = QWidget()
        side.setObjectName("side")
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(self.shop_label)
        side_layout.addWidget(self.nav, 1)

        self.stack = QStackedWidget()
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(side)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.setMinimumSize(MIN_SIZE)
        self.resize(DEFAULT_SIZE)

        state.settings_changed.connect(self.retranslate)
        self.retranslate()

    def restore_placement(self) -> None:
        """Put the window where it was last time on this computer."""
        from duka.ui.machine import machine_settings

        saved = machine_settings().value("window/geometry")
        if saved is not None:
            self.restoreGeometry(saved)

    def save_placement(self) -> None:
        from duka.ui.machine import machine_settings

        store = machine_settings()
        store.setValue("window/geometry", self.saveGeometry())
        store.sync()

    def screen_for(self, key: str) -> Screen:
        """The screen called `key`, made the first time it is asked for."""
        found = self._screens.get(key)
        if found is None:
            entry = next(e for e in SCREENS if e.key == key)
            found = entry.make(self.state)
            self._screens[key] = found
            self.stack.addWidget(found)
        return found

    def show_screen(self, key: str) -> Screen:
        row = next(i for i, e in enumerate(SCREENS) if e.key == key)
        if self.nav.currentRow() != row:
            self.nav.setCurrentRow(row)  # comes back through _row_chosen
        screen = self.screen_for(key)
        if self.stack.currentWidget() is not screen:
            self.stack.setCurrentWidget(screen)
            screen.shown()
        return screen

    def current_key(self) -> str:
        return SCREENS[self.nav.currentRow()].key

    def _row_chosen(self, row: int) -> None:
        if 0 <= row < len(SCREENS):
            self.show_screen(SCREENS[row].key)

    def bring_forward(self) -> None:
        self.showNormal() if self.isMinimized() else self.show()
        self.raise_()
        self.activateWindow()

    def retranslate(self) -> None:
        name = self.state.settings[SHOP_NAME]
        self.setWindowTitle(f"{name} — Duka" if name else "Duka")
        self.shop_label.setText(name or "Duka")
        for row, entry in enumerate(SCREENS):
            item = self.nav.item(row)
            item.setText(_(entry.title))
            item.setToolTip(f"Ctrl+{row + 1}")

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        settings = self._screens.get("settings")
        if settings is not None and getattr(settings, "is_dirty", lambda: False)():
            from duka.ui.dialogs.unsaved import ask_unsaved

            answer = ask_unsaved(self)
            if answer == "cancel":
                event.ignore()
                return
            if answer == "save" and not settings.save():  # type: ignore[attr-defined]
                event.ignore()
                return
        self.save_placement()
        event.accept()
