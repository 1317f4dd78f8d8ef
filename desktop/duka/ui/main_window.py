"""The main window: navigation on the side, one screen at a time, made when first shown.

Over everything sits the lock screen when nobody is signed in. Locking (F11 or Ctrl+L, or
the idle timer) only covers the screens: what was on them stays for whoever signs in next.
The navigation shows only the screens the signed-in user may use.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer
from PySide6.QtGui import (
    QCloseEvent,
    QFont,
    QFontMetrics,
    QKeySequence,
    QResizeEvent,
    QShortcut,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from duka.core.access import Actor, Permission
from duka.core.settings import SHOP_NAME
from duka.i18n import N_, _
from duka.ui.screens.base import Screen
from duka.ui.screens.lock import LockScreen
from duka.ui.state import AppState
from duka.ui.widgets.screen_fit import clamp_to_screen, fit_window

if TYPE_CHECKING:
    from duka.ui.auto_backup import AutoBackups


def _signed_in_as(name: str, role: str) -> str:
    # One line where it fits (it wraps otherwise): the navigation needs the height.
    return f"{name} · {role}"


@dataclass(frozen=True)
class ScreenEntry:
    """A screen in the navigation: its key, title, maker and permission."""

    key: str
    title: str  # catalog string
    make: Callable[[AppState], Screen]
    permission: Permission | None = None  # who sees it in the navigation (None: everyone)


def _home(state: AppState) -> Screen:
    from duka.ui.screens.dashboard import DashboardScreen

    return DashboardScreen(state)


def _reports(state: AppState) -> Screen:
    from duka.ui.screens.reports import ReportsScreen

    return ReportsScreen(state)


def _sell(state: AppState) -> Screen:
    from duka.ui.screens.sell import SellScreen

    return SellScreen(state)


def _products(state: AppState) -> Screen:
    from duka.ui.screens.products import ProductsScreen

    return ProductsScreen(state)


def _stock(state: AppState) -> Screen:
    from duka.ui.screens.stock import StockScreen

    return StockScreen(state)


def _suppliers(state: AppState) -> Screen:
    from duka.ui.screens.suppliers import SuppliersScreen

    return SuppliersScreen(state)


def _money(state: AppState) -> Screen:
    from duka.ui.screens.money import MoneyScreen

    return MoneyScreen(state)


def _expenses(state: AppState) -> Screen:
    from duka.ui.screens.expenses import ExpensesScreen

    return ExpensesScreen(state)


def _customers(state: AppState) -> Screen:
    from duka.ui.screens.customers import CustomersScreen

    return CustomersScreen(state)


def _receivables(state: AppState) -> Screen:
    from duka.ui.screens.receivables import ReceivablesScreen

    return ReceivablesScreen(state)


def _invoices(state: AppState) -> Screen:
    from duka.ui.screens.invoices import InvoicesScreen

    return InvoicesScreen(state)


def _settings(state: AppState) -> Screen:
    from duka.ui.screens.settings import SettingsScreen

    return SettingsScreen(state)


def _audit(state: AppState) -> Screen:
    from duka.ui.screens.audit import AuditScreen

    return AuditScreen(state)


def _users(state: AppState) -> Screen:
    from duka.ui.screens.users import UsersScreen

    return UsersScreen(state)


SCREENS: tuple[ScreenEntry, ...] = (
    # The first screen someone may use is where they land after signing in: the day at a
    # glance for owners and managers, the Sell screen for cashiers.
    ScreenEntry("home", N_("Today"), _home, Permission.SEE_COSTS),
    ScreenEntry("sell", N_("Sell"), _sell, Permission.SELL),
    ScreenEntry("products", N_("Products"), _products),
    ScreenEntry("stock", N_("Stock"), _stock, Permission.ADJUST_STOCK),
    ScreenEntry("suppliers", N_("Suppliers"), _suppliers, Permission.RECEIVE_STOCK),
    ScreenEntry("money", N_("Money"), _money, Permission.MANAGE_MONEY),
    ScreenEntry("expenses", N_("Expenses"), _expenses, Permission.CASH_SESSION),
    ScreenEntry("customers", N_("Customers"), _customers, Permission.MANAGE_CUSTOMERS),
    ScreenEntry("receivables", N_("Who owes"), _receivables, Permission.TAKE_PAYMENTS),
    ScreenEntry("invoices", N_("Invoices"), _invoices, Permission.ISSUE_INVOICES),
    ScreenEntry("reports", N_("Reports"), _reports, Permission.SEE_COSTS),
    ScreenEntry("audit", N_("Audit trail"), _audit, Permission.VIEW_AUDIT),
    ScreenEntry("users", N_("Users"), _users, Permission.MANAGE_USERS),
    ScreenEntry("settings", N_("Settings"), _settings, Permission.VIEW_AUDIT),
)
SCREEN_KEYS = tuple(entry.key for entry in SCREENS)

NAV_PADDING = 2 * 14 + 12  # the style sheet's item padding, and room for a selection mark
# A 1024x600 netbook leaves about 1000x540 to a window once its panel and title bar are
# drawn; the window may be made smaller still, down to what its screens need.
MIN_SIZE = QSize(800, 500)
DEFAULT_SIZE = QSize(1366, 768)


class _Navigation(QListWidget):
    """The list of screens; it says when its size changed (its rows may need to close up).
    A subclass rather than a filter on its viewport: asking Qt for the viewport makes PySide
    load every widget class it has (about 15 ms at each start)."""

    def __init__(self, resized: Callable[[], None]) -> None:
        super().__init__()
        self._resized = resized

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._resized()


class MainWindow(QMainWindow):
    def __init__(self, state: AppState) -> None:
        super().__init__()
        self.state = state
        self.setObjectName("mainWindow")
        self.activation: QObject | None = None  # listens for a second start (startup.py)
        # A backup chosen to replace the shop: the window closes, the start-up restores it
        # with the shop closed, and opens the window again over the restored shop.
        self.restore_from: Path | None = None
        self.restored_by: Actor | None = None
        # The automatic backups are made when first needed (2 s after the first paint, or a
        # cash-up closing before that): their code is not read at start.
        self._auto_backups: AutoBackups | None = None
        state.cash_closed.connect(self._cash_closed)
        from duka.ui.auto_sync import AutoSync

        # Syncing with the other tills: started after the first paint (duka.ui.startup).
        self.auto_sync = AutoSync(state, self)
        self._screens: dict[str, Screen] = {}
        self._shown: Screen | None = None
        self._roomy_height = 0  # the navigation's rows at their usual spacing

        self.nav = _Navigation(self._fit_navigation)
        self.nav.setObjectName("nav")
        # As wide as the longest screen name in the language shown (retranslate), no wider.
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.nav.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        for number, entry in enumerate(SCREENS, start=1):
            item = QListWidgetItem()
            item.setData(Qt.ItemDataRole.UserRole, entry.key)
            self.nav.addItem(item)
            # Ctrl+1 ... Ctrl+9 for the first nine, Ctrl+0 for Settings, the last.
            digit = number if number <= 9 else 0 if number == len(SCREENS) else None
            if digit is not None:
                shortcut = QShortcut(QKeySequence(f"Ctrl+{digit}"), self)
                shortcut.activated.connect(lambda key=entry.key: self._shortcut(key))
        self.nav.currentRowChanged.connect(self._row_chosen)

        self.shop_label = QLabel()
        self.shop_label.setObjectName("shopName")
        self.shop_label.setWordWrap(True)
        self.user_label = QLabel()
        self.user_label.setObjectName("userName")
        self.user_label.setWordWrap(True)
        self.switch_button = QPushButton()
        self.switch_button.setObjectName("switchUser")
        self.switch_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.switch_button.clicked.connect(self.lock)
        # The last round of syncing with the other tills, quietly (nothing before the first).
        self.sync_label = QLabel()
        self.sync_label.setObjectName("syncStatus")
        self.sync_label.setWordWrap(True)
        self.sync_label.hide()
        state.sync_changed.connect(self._show_sync)
        for keys in ("F11", "Ctrl+L"):
            QShortcut(QKeySequence(keys), self).activated.connect(self.lock)
        side = QWidget()
        side.setObjectName("side")
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 12)
        side_layout.addWidget(self.shop_label)
        side_layout.addWidget(self.nav, 1)
        side_layout.addWidget(self.sync_label)
        side_layout.addWidget(self.user_label)
        side_layout.addWidget(self.switch_button)

        self.stack = QStackedWidget()
        self.app_page = QWidget()
        layout = QHBoxLayout(self.app_page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(side)
        layout.addWidget(self.stack, 1)
        self._lock_screen: LockScreen | None = None
        self.pages = QStackedWidget()
        self.pages.addWidget(self.app_page)
        self.setCentralWidget(self.pages)
        self.setMinimumSize(MIN_SIZE)
        fit_window(self, DEFAULT_SIZE)

        state.settings_changed.connect(self.retranslate)
        state.signed_in.connect(self._signed_in)
        state.locked.connect(self._locked)
        self.retranslate()
        if state.actor is None:
            self._locked()
        else:
            self._apply_permissions()

    # -- screens ------------------------------------------------------------------------

    def screen_for(self, key: str) -> Screen:
        """The screen called `key`, made the first time it is asked for."""
        found = self._screens.get(key)
        if found is None:
            entry = next(e for e in SCREENS if e.key == key)
            found = entry.make(self.state)
            self._screens[key] = found
            self.stack.addWidget(found)
            from duka.ui.widgets.touch import has_touch_screen, touch_scrolling

            if has_touch_screen():  # every list and table scrolls with a finger
                from PySide6.QtWidgets import QAbstractItemView

                for view in found.findChildren(QAbstractItemView):
                    touch_scrolling(view)
            leads = getattr(found, "go_to", None)
            if leads is not None:  # a screen whose figures lead to the screens behind them
                leads.connect(self._shortcut)
        return found

    def show_screen(self, key: str) -> Screen:
        row = SCREEN_KEYS.index(key)
        if self.nav.currentRow() != row:
            self.nav.setCurrentRow(row)  # comes back through _row_chosen
        screen = self.screen_for(key)
        # The first screen made is the stack's current one already (Qt makes the first
        # widget added current), so what was last shown is tracked here.
        if self._shown is not screen:
            self.stack.setCurrentWidget(screen)
            self._shown = screen
            screen.shown()
        return screen

    def current_key(self) -> str:
        return SCREENS[self.nav.currentRow()].key

    def allowed(self, key: str) -> bool:
        entry = SCREENS[SCREEN_KEYS.index(key)]
        return entry.permission is None or self.state.may(entry.permission)

    def first_allowed(self) -> str:
        """Where someone lands after signing in: Today for owners and managers, Sell for
        cashiers."""
        return next(entry.key for entry in SCREENS if self.allowed(entry.key))

    @property
    def auto_backups(self) -> AutoBackups:
        if self._auto_backups is None:
            from duka.ui.auto_backup import AutoBackups

            self._auto_backups = AutoBackups(self.state, self)
        return self._auto_backups

    def _show_sync(self) -> None:
        news = self.state.sync_news
        self.sync_label.setText(news)
        self.sync_label.setToolTip(news)
        self.sync_label.setProperty("trouble", self.state.sync_trouble)
        self.sync_label.style().unpolish(self.sync_label)
        self.sync_label.style().polish(self.sync_label)
        self.sync_label.setVisible(bool(news))

    def _cash_closed(self) -> None:
        if self._auto_backups is None:  # made now, it hears the next closes itself
            self.auto_backups.run_now()

    def start_screen(self) -> str:
        """The screen of a start that signs nobody in (the command line's own window: a
        screenshot, a test of the start): the counter's, as it has always been."""
        return "sell" if self.allowed("sell") else self.first_allowed()

    def _shortcut(self, key: str) -> None:
        if self.pages.currentWidget() is self.app_page and self.allowed(key):
            self.show_screen(key)

    def _row_chosen(self, row: int) -> None:
        if 0 <= row < len(SCREENS):
            self.show_screen(SCREENS[row].key)

    # -- who is signed in ---------------------------------------------------------------

    def lock(self) -> None:
        if self.state.actor is not None:
            self.state.lock()  # comes back through _locked

    @property
    def lock_screen(self) -> LockScreen:
        """The lock screen, made the first time someone locks (or at a locked start)."""
        if self._lock_screen is None:
            self._lock_screen = LockScreen(self.state)
            self.pages.addWidget(self._lock_screen)
        return self._lock_screen

    def _locked(self) -> None:
        self.lock_screen.refresh()
        self.pages.setCurrentWidget(self.lock_screen)
        self.lock_screen.setFocus()

    def _signed_in(self) -> None:
        self._apply_permissions()
        self.pages.setCurrentWidget(self.app_page)
        current = self.nav.currentRow()
        if current < 0 or not self.allowed(SCREENS[current].key):
            self.show_screen(self.first_allowed())

    def _apply_permissions(self) -> None:
        for row, entry in enumerate(SCREENS):
            self.nav.item(row).setHidden(not self.allowed(entry.key))
        self._fit_navigation()
        for screen in self._screens.values():
            screen.permissions_changed()
        actor = self.state.actor
        if actor is None:
            self.user_label.clear()
        else:
            self.user_label.setText(_signed_in_as(actor.shown_name, _(actor.role.label)))
        self.switch_button.setVisible(actor is not None and actor.user_id is not None)

    # -- placement and texts ------------------------------------------------------------

    def restore_placement(self) -> None:
        """Put the window where it was last time on this computer."""
        from duka.ui.machine import machine_settings

        saved = machine_settings().value("window/geometry")
        if saved is not None:
            self.restoreGeometry(saved)
        # A placement saved on a larger screen (or a screen since unplugged) comes back
        # inside this one.
        clamp_to_screen(self)

    def fit_to_screen(self) -> None:
        """The size a first start opens at: 1366x768, or the screen's free area if smaller."""
        fit_window(self, DEFAULT_SIZE)

    def save_placement(self) -> None:
        from duka.ui.machine import machine_settings

        store = machine_settings()
        store.setValue("window/geometry", self.saveGeometry())
        store.sync()

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
            item.setToolTip(f"Ctrl+{(row + 1) % 10}")
        self.switch_button.setText(_("Switch user (F11)"))
        self._fit_navigation(fresh=True)
        actor = self.state.actor
        if actor is not None:
            self.user_label.setText(_signed_in_as(actor.shown_name, _(actor.role.label)))

    def _size_navigation(self) -> None:
        # The longest name decides, measured in the navigation's own (larger, bold when
        # chosen) font, so no language gets a cut name or a scroll bar.
        self.nav.ensurePolished()
        font = QFont(self.nav.font())
        font.setBold(True)
        metrics = QFontMetrics(font)
        widest = max(
            (metrics.horizontalAdvance(self.nav.item(r).text()) for r in range(self.nav.count())),
            default=0,
        )
        widest = max(
            widest,
            self.switch_button.sizeHint().width(),
            QFontMetrics(self.user_label.font()).horizontalAdvance("M" * 12),
        )
        self.nav.setFixedWidth(min(max(widest + NAV_PADDING, 160), 260))

    def _fit_navigation(self, fresh: bool = False) -> None:
        """Closer rows where every screen's name would not fit otherwise (a netbook, a taller
        script), so the navigation never needs a scroll bar. `fresh`: the names changed, so
        the roomy rows are measured again."""
        if fresh:
            if self.nav.property("compact"):
                self._set_compact(False)
            self._size_navigation()  # in the usual font, so compact rows fit it too
        rows = [r for r in range(self.nav.count()) if not self.nav.item(r).isHidden()]
        room = self.nav.contentsRect().height()  # the rows' room: it never scrolls sideways
        if not self.nav.property("compact"):
            self._roomy_height = sum(self.nav.sizeHintForRow(r) for r in rows)
            if self._roomy_height > room:
                self._set_compact(True)
        elif self._roomy_height <= room:
            self._set_compact(False)

    def _set_compact(self, compact: bool) -> None:
        self.nav.setProperty("compact", compact)
        self.nav.style().unpolish(self.nav)
        self.nav.style().polish(self.nav)
        self.nav.doItemsLayout()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # The frame a window manager draws is only known once shown: keep it on the screen.
        QTimer.singleShot(0, self, lambda: clamp_to_screen(self))

    def restore(self, backup: Path) -> None:
        """Close, so that the start-up puts `backup` in place of the shop and opens again,
        as whoever confirmed it (the screen may have locked while the preview was open)."""
        if not self.state.may(Permission.BACKUP_RESTORE):
            from duka.core.errors import NotAllowed
            from duka.ui.operations import show_refusal

            show_refusal(self, NotAllowed(N_("Sign in first.")))
            return
        self.restore_from, self.restored_by = backup, self.state.actor
        self.close()
        if self.isVisible():  # the owner chose to stay (unsaved settings)
            self.restore_from = self.restored_by = None

    @property
    def backup_running(self) -> bool:
        """Whether an automatic backup (or Back up now) is being made."""
        return self._auto_backups is not None and self._auto_backups.running

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
