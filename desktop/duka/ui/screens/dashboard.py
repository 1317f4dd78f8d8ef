"""Today at a glance, the first screen an owner or a manager sees: today's sales, how many
and the average sale, gross profit, this month's net profit, the cash that should be in the
drawer, products running low, what customers owe (and how much of it is overdue), and the
last 30 days' sales."""

from __future__ import annotations

import html
from dataclasses import replace

from PySide6.QtCore import QDate, QLocale, Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from duka.core.access import Permission
from duka.core.changes import Area, Changes
from duka.core.money import Money
from duka.i18n import N_, _
from duka.services.reports import Dashboard
from duka.ui.amounts import money_text
from duka.ui.models.windowed import isolate
from duka.ui.qt_locale import qt_locale
from duka.ui.screens.base import Screen
from duka.ui.state import AppState
from duka.ui.widgets.chart import Bar, BarChart
from duka.ui.widgets.till_choice import fill_tills
from duka.ui.widgets.tills_heard import TillsHeardLine

TILES = (
    ("sales", N_("Sales today")),
    ("count", N_("Number of sales")),
    ("average", N_("Average sale")),
    ("profit", N_("Gross profit")),
    ("cash", N_("Cash in the drawer")),
    ("low", N_("Low stock")),
    ("owed", N_("Customers owe")),
    ("overdue", N_("Overdue")),
)
# Where a tile leads when clicked: the screen that explains its figure.
LEADS = {"low": "stock", "owed": "receivables", "overdue": "invoices", "sales": "reports"}
PER_ROW = 4  # tiles side by side: two rows leave the chart its room at 1024x600
# This month's net profit is a line beside the title, not a tile: a ninth tile took a third
# row (or a fifth column) that 1024x600 has no room for in longer languages.
MONTH_PROFIT = N_("Net profit this month")
MONTH_PROFIT_NOTE = N_("less expenses and stock written off")


class Tile(QFrame):
    clicked = Signal()

    def __init__(self, key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tile")
        self.key = key
        self.caption = QLabel()
        self.caption.setObjectName("tileCaption")
        self.value = QLabel()
        self.value.setObjectName("tileValue")
        self.note = QLabel()
        self.note.setObjectName("tileNote")
        self.note.setWordWrap(True)  # a longer language takes two lines, not a cut note
        layout = QVBoxLayout(self)
        layout.addWidget(self.caption)
        layout.addWidget(self.value)
        layout.addWidget(self.note)
        if key in LEADS:
            self.setCursor(Qt.CursorShape.PointingHandCursor)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()
        super().mouseReleaseEvent(event)


class DashboardScreen(Screen):
    watches = frozenset(
        {Area.SALES, Area.CASH, Area.STOCK, Area.PRODUCTS, Area.CUSTOMERS, Area.INVOICES}
        | {Area.MONEY}
    )
    go_to = Signal(str)  # the key of a screen to show

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(state, parent)
        self.figures: Dashboard | None = None
        self._counting = 0  # which low-stock count is the latest asked for
        self.title = QLabel()
        self.title.setObjectName("screenTitle")
        self.tiles: dict[str, Tile] = {}
        grid = QGridLayout()
        grid.setSpacing(10)
        for number, (key, _caption) in enumerate(TILES):
            tile = Tile(key)
            tile.clicked.connect(lambda key=key: self._lead(key))
            self.tiles[key] = tile
            grid.addWidget(tile, number // PER_ROW, number % PER_ROW)
        self.chart_title = QLabel()
        self.chart_title.setObjectName("sectionTitle")
        self.chart = BarChart()
        # Lower than its own minimum: on a 1024x600 netbook the backup warning's line
        # comes out of the chart's height, never out of the tiles'.
        self.chart.setMinimumHeight(90)
        layout = QVBoxLayout(self)
        # With several tills, the day's figures hold the others' sales as far as they came.
        self.tills_heard = TillsHeardLine(
            state, N_("With the other tills' sales as far as they came: {tills}")
        )
        # ...and may be one till's: the choice shows only in a shop of several tills.
        self.till = QComboBox()
        self.till.setObjectName("dashboardTill")
        self.till.activated.connect(lambda _i: self.refresh())
        self.till.hide()
        self.month_profit = QLabel()
        self.month_profit.setObjectName("monthProfit")
        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.month_profit)
        head.addWidget(self.till)
        layout.addLayout(head)
        layout.addWidget(self.tills_heard)
        layout.addWidget(self._backup_warning())
        layout.addLayout(grid)
        layout.addWidget(self.chart_title)
        layout.addWidget(self.chart, 1)
        # Another country writes money and days in other digits (Egypt's Arabic-Indic).
        state.settings_changed.connect(self._show)
        state.backups_changed.connect(self.show_backup_warning)
        self.retranslate()

    def _backup_warning(self) -> QFrame:
        """A line over the tiles when the backups off this computer need the shopkeeper: the
        stick was not there, it was full, or the last copy there is too old."""
        self.backup_frame = QFrame()
        self.backup_frame.setObjectName("backupWarning")
        self.backup_text = QLabel()
        self.backup_text.setObjectName("backupWarningText")
        self.backup_text.setWordWrap(True)
        self.backup_button = QPushButton()
        self.backup_button.clicked.connect(self._back_up_now)
        row = QHBoxLayout(self.backup_frame)
        row.setContentsMargins(10, 4, 6, 4)
        row.addWidget(self.backup_text, 1)
        row.addWidget(self.backup_button)
        self.backup_frame.hide()
        return self.backup_frame

    def _back_up_now(self) -> None:
        window = self.window()
        backups = getattr(window, "auto_backups", None)
        if backups is not None:
            backups.run_now()

    def show_backup_warning(self) -> None:
        import datetime as dt

        from duka.ui.auto_backup import read_status, warning

        locale = qt_locale(str(self.state.formats.locale))

        def when(moment: dt.datetime) -> str:
            # Qt's calendar names, as the chart's: babel's would load the time-zone database.
            day = QDate(moment.year, moment.month, moment.day)
            return locale.toString(day, QLocale.FormatType.ShortFormat)

        text = warning(
            read_status(), dt.datetime.now(), self.state.may(Permission.BACKUP_RESTORE), when
        )
        running = bool(getattr(self.window(), "backup_running", False))
        self.backup_text.setText(text)
        self.backup_button.setEnabled(not running)
        self.backup_button.setText(_("Backing up…") if running else _("Back up now"))
        self.backup_frame.setVisible(bool(text))

    def _lead(self, key: str) -> None:
        if key in LEADS:
            self.go_to.emit(LEADS[key])

    def refresh(self) -> None:
        self.show_backup_warning()
        self.show_tills_heard()
        if not self.state.may(Permission.SEE_COSTS):
            return
        fill_tills(self.till, self.state)
        till = self.till.currentData()  # None: all tills (the only choice with one till)
        self.figures = self.state.shop.reports.dashboard(low_stock=False, till=till)
        self._show()
        self._count_low_stock()

    def _count_low_stock(self) -> None:
        """The low-stock count reads every product: on its own connection in the thread pool,
        so the screen shows at once even over a million products."""
        from duka.ui.workers import Worker, start, while_alive

        self._counting += 1
        asked = self._counting

        def count() -> int:
            with self.state.shop.detached() as own:
                return own.reports.low_stock_count()

        worker = Worker(count)
        worker.signals.done.connect(
            while_alive(self, lambda found: self._low_stock_counted(asked, found))
        )
        start(worker)

    def _low_stock_counted(self, asked: int, found: object) -> None:
        if asked != self._counting or self.figures is None or not isinstance(found, int):
            return  # a later refresh asked again
        self.figures = replace(self.figures, low_stock=found)
        self._show()

    def show_tills_heard(self) -> None:
        self.tills_heard.refresh()

    def _money(self, amount: Money | None) -> str:
        return money_text(self.state, amount) if amount is not None else "—"

    def _show(self) -> None:
        d = self.figures
        if d is None:
            return
        formats = self.state.formats
        values = {
            "sales": self._money(d.sales),
            "count": formats.number(d.sales_count),
            "average": self._money(d.average_sale),
            "profit": self._money(d.gross_profit),
            "cash": self._money(d.cash_expected),
            "low": formats.number(d.low_stock) if d.low_stock is not None else "…",
            "owed": self._money(d.receivables),
            "overdue": self._money(d.overdue),
        }
        notes = {
            "sales": _("refunds {amount}").format(amount=self._money(d.refunds))
            if d.refunds
            else "",
            "cash": "" if d.cash_expected is not None else _("No cash session is open"),
            "low": _("products at or below their reorder level"),
            "profit": _("net sales {amount}").format(amount=self._money(d.net_sales)),
        }
        if d.till is not None:  # one till's sales; the stock and the accounts stay the shop's
            notes["owed"] = notes["overdue"] = _("the whole shop")
            if d.cash_expected is None and d.till != self.state.shop.tills.this_till():
                notes["cash"] = _("Counted at that till")
        for key, tile in self.tiles.items():
            tile.value.setText(values[key])
            tile.note.setText(notes.get(key, ""))
            warn = (key == "overdue" and d.overdue.minor > 0) or (
                key == "low" and bool(d.low_stock)
            )
            tile.value.setProperty("state", "warning" if warn else "")
            tile.value.style().unpolish(tile.value)
            tile.value.style().polish(tile.value)
        # An amount below zero keeps its sign before it on a right-to-left screen.
        profit = html.escape(isolate(self._money(d.month_net_profit)))
        self.month_profit.setText(f"{html.escape(_(MONTH_PROFIT))}: <b>{profit}</b>")
        self.month_profit.setToolTip(_(MONTH_PROFIT_NOTE))
        currency = d.sales.currency
        # Qt's own calendar names: babel's date formatting loads the time-zone database,
        # which would slow the first screen an owner sees.
        locale = qt_locale(str(self.state.formats.locale))
        days = d.last_30_days
        bars = []
        for n, (day, amount) in enumerate(days):
            when = QDate(day.year, day.month, day.day)
            named = day.day == 1 or n in (0, len(days) - 1)
            label = locale.toString(when, "d MMM") if named else locale.toString(when, "d")
            tip = f"{locale.toString(when, 'ddd d MMM')}: {money_text(self.state, amount)}"
            bars.append(Bar(label, amount.minor, tip))
        self.chart.set_bars(bars, lambda minor: formats.number(Money(minor, currency).amount, 0))

    def data_changed(self, changes: Changes) -> None:
        self.refresh()

    def _refresh_if_shown(self) -> None:
        if self.isVisible():
            self.refresh()

    def shown(self) -> None:
        self.refresh()

    def permissions_changed(self) -> None:
        self._refresh_if_shown()

    def retranslate(self) -> None:
        self.title.setText(_("Today"))
        fill_tills(self.till, self.state)
        for key, caption in TILES:
            self.tiles[key].caption.setText(_(caption))
        self.chart_title.setText(
            _("Sales of the last {days} days").format(days=self.state.formats.count(30))
        )
        self._show()
        self.show_backup_warning()
