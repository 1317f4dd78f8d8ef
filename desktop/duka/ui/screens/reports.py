"""Reports for any period: choose one on the side, the days at the top (or a ready period),
and read it as a table with a chart where one helps; export it to CSV or Excel, save it as a
PDF or print it, in the shop's language."""

from __future__ import annotations

import datetime as dt
import html
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QLocale, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from duka.core.access import Permission
from duka.core.batches import DEFAULT_EXPIRING_DAYS
from duka.core.changes import Area, Changes
from duka.core.money import Money
from duka.core.reports import Column, ColumnKind, ReportSpec, ReportTable
from duka.i18n import N_, TranslatableError, _
from duka.services.reports import cell_text, scope_text
from duka.ui.models.report_table import ReportModel
from duka.ui.models.windowed import isolate
from duka.ui.operations import attempt
from duka.ui.qt_locale import qt_locale
from duka.ui.screens.base import Screen
from duka.ui.state import AppState
from duka.ui.widgets.chart import Bar, BarChart
from duka.ui.widgets.flow import FlowLayout
from duka.ui.widgets.till_choice import fill_tills

PERIODS = (
    ("today", N_("Today")),
    ("yesterday", N_("Yesterday")),
    ("week", N_("This week")),
    ("7d", N_("Last 7 days")),
    ("month", N_("This month")),
    ("last_month", N_("Last month")),
    ("30d", N_("Last 30 days")),
    ("year", N_("This year")),
    ("last_year", N_("Last year")),
    ("custom", N_("Chosen days")),
)
GROUPS = (("day", N_("By day")), ("week", N_("By week")), ("month", N_("By month")))
# A report whose `group` option takes other choices than GROUPS.
GROUPS_OF = {"profit-and-loss": (("month", N_("By month")), ("period", N_("Whole period")))}
CHART_BARS = 40  # more bars than this would be too thin to read


def period_of(key: str, today: dt.date) -> tuple[dt.date, dt.date] | None:
    """The first and last day of a ready period (None for chosen days)."""
    if key == "today":
        return today, today
    if key == "yesterday":
        day = today - dt.timedelta(days=1)
        return day, day
    if key == "week":
        return today - dt.timedelta(days=today.weekday()), today
    if key == "7d":
        return today - dt.timedelta(days=6), today
    if key == "month":
        return today.replace(day=1), today
    if key == "last_month":
        last = today.replace(day=1) - dt.timedelta(days=1)
        return last.replace(day=1), last
    if key == "30d":
        return today - dt.timedelta(days=29), today
    if key == "year":
        return today.replace(month=1, day=1), today
    if key == "last_year":
        return dt.date(today.year - 1, 1, 1), dt.date(today.year - 1, 12, 31)
    return None


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(date: QDate) -> dt.date:
    return dt.date(date.year(), date.month(), date.day())


class ReportsScreen(Screen):
    watches = frozenset(
        {Area.SALES, Area.CASH, Area.STOCK, Area.PRODUCTS, Area.CUSTOMERS, Area.INVOICES}
        | {Area.SUPPLIERS, Area.MONEY}
    )

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(state, parent)
        self.table_data: ReportTable | None = None
        self._groups_for = ""  # the report whose choices the group box holds
        self._specs: tuple[ReportSpec, ...] = state.shop.reports.reports()
        self.title = QLabel()
        self.title.setObjectName("screenTitle")
        self.list = QListWidget()
        self.list.setObjectName("reportList")
        for spec in self._specs:
            item = QListWidgetItem()
            item.setData(Qt.ItemDataRole.UserRole, spec.name)
            self.list.addItem(item)
        self.list.currentRowChanged.connect(lambda _row: self.run())

        # One till's figures or all: shown only in a shop of several tills.
        self.till = QComboBox()
        self.till.setObjectName("reportTill")
        self.till.activated.connect(lambda _i: self.run())
        self.till.hide()
        self.period = QComboBox()
        self.period.setObjectName("reportPeriod")
        self.period.activated.connect(lambda _i: self._period_chosen())
        self.first = QDateEdit()
        self.last = QDateEdit()
        for edit in (self.first, self.last):
            edit.setCalendarPopup(True)
            edit.dateChanged.connect(lambda _d: self._dates_typed())
        self.group = QComboBox()
        self.group.setObjectName("reportGroup")
        self.group.activated.connect(lambda _i: self.run())
        self.days = QSpinBox()
        self.days.setRange(1, 3650)
        self.days.setValue(60)
        self.days.valueChanged.connect(lambda _v: self.run())
        self.days_label = QLabel()
        self.to_label = QLabel()
        self.heading = QLabel()
        self.heading.setObjectName("sectionTitle")
        self.description = QLabel()
        self.description.setWordWrap(True)
        self.figures = QLabel()
        self.figures.setObjectName("reportFigures")
        self.figures.setWordWrap(True)
        self.chart = BarChart()
        self.model = ReportModel(state.formats)
        self.view = QTableView()
        self.view.setObjectName("reportTable")
        self.view.setModel(self.model)
        self.view.setAlternatingRowColors(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setDefaultSectionSize(26)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.empty = QLabel()
        self.empty.setObjectName("emptyText")
        self.csv_button = QPushButton()
        self.csv_button.clicked.connect(lambda: self.export("csv"))
        self.xlsx_button = QPushButton()
        self.xlsx_button.clicked.connect(lambda: self.export("xlsx"))
        self.pdf_button = QPushButton()
        self.pdf_button.clicked.connect(lambda: self.export("pdf"))
        self.print_button = QPushButton()
        self.print_button.setObjectName("primary")
        self.print_button.clicked.connect(self.print_report)

        bar = FlowLayout()  # the dates and buttons wrap on a narrow window
        bar.addWidget(self.till)
        bar.addWidget(self.period)
        bar.addWidget(self.first)
        bar.addWidget(self.to_label)
        bar.addWidget(self.last)
        bar.addWidget(self.group)
        bar.addWidget(self.days_label)
        bar.addWidget(self.days)
        bar.addStretch()
        for button in (self.csv_button, self.xlsx_button, self.pdf_button, self.print_button):
            bar.addWidget(button)
        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(0, 0, 0, 0)
        body_layout.addLayout(bar)
        body_layout.addWidget(self.heading)
        body_layout.addWidget(self.description)
        body_layout.addWidget(self.figures)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.chart)
        splitter.addWidget(self.view)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        body_layout.addWidget(splitter, 1)
        body_layout.addWidget(self.empty)
        # Narrower on a netbook, where the report needs the room more than its name.
        self.list.setMinimumWidth(170)
        self.list.setMaximumWidth(270)
        self.list.setWordWrap(True)
        columns = QHBoxLayout()
        columns.addWidget(self.list)
        columns.addWidget(body, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(columns, 1)
        state.settings_changed.connect(self._dates_as_written_here)
        self.retranslate()
        self._set_period("month")
        self.list.setCurrentRow(0)

    # -- the period ---------------------------------------------------------------------

    def _set_period(self, key: str) -> None:
        self.period.setCurrentIndex(max(0, self.period.findData(key)))
        self._period_chosen()

    def _period_chosen(self) -> None:
        found = period_of(self.period.currentData() or "month", dt.date.today())
        if found is not None:
            for edit, day in ((self.first, found[0]), (self.last, found[1])):
                edit.blockSignals(True)
                edit.setDate(_qdate(day))
                edit.blockSignals(False)
            self.run()

    def _dates_typed(self) -> None:
        self.period.setCurrentIndex(self.period.findData("custom"))
        self.run()

    def chosen(self) -> ReportSpec | None:
        row = self.list.currentRow()
        return self._specs[row] if 0 <= row < len(self._specs) else None

    def _days_for(self, name: str) -> None:
        """The days box of slow movers (no sale in N days, 60 unless changed) or of
        expiring batches (within N days, 30 unless changed; 0: expired or expiring today)."""
        if name == "expiring":
            self.days_label.setText(_("Expiring within (days)"))
        else:
            self.days_label.setText(_("No sale in (days)"))
        if name == getattr(self, "_days_shown", ""):
            return
        self._days_shown = name
        self.days.blockSignals(True)
        if name == "expiring":
            self.days.setRange(0, 3650)
            self.days.setValue(DEFAULT_EXPIRING_DAYS)
        elif name:
            self.days.setRange(1, 3650)
            self.days.setValue(60)
        self.days.blockSignals(False)

    # -- running ------------------------------------------------------------------------

    def run(self) -> None:
        spec = self.chosen()
        if spec is None or not self.state.may(Permission.SEE_COSTS):
            return
        self.group.setVisible("group" in spec.options)
        if "group" in spec.options and self._groups_for != spec.name:
            self._fill_groups(spec.name)
        self.days.setVisible("days" in spec.options)
        self.days_label.setVisible("days" in spec.options)
        if "days" in spec.options:
            self._days_for(spec.name)
        for widget in (self.period, self.first, self.last, self.to_label):
            widget.setEnabled(spec.dated)
        options: dict[str, Any] = {}
        if "group" in spec.options:
            options["group"] = self.group.currentData() or self.group.itemData(0)
        if "days" in spec.options:
            options["days"] = self.days.value()
        first, last = _pydate(self.first.date()), _pydate(self.last.date())
        if first > last:
            first, last = last, first
        try:
            till = self.till.currentData()  # None: all tills
            table = self.state.shop.reports.run(spec.name, first, last, till=till, **options)
        except TranslatableError as error:
            self.empty.setText(error.message)
            self.empty.setVisible(True)
            return
        self.show_table(table)

    def show_table(self, table: ReportTable) -> None:
        self.table_data = table
        self.model.set_table(table, self.state.formats)
        self.view.resizeColumnsToContents()
        self._show_texts()
        self._draw_chart(table)

    def _show_texts(self) -> None:
        spec, table = self.chosen(), self.table_data
        if spec is None:
            return
        self.heading.setText(_(spec.title))
        self.description.setText(_(spec.description))
        if table is None:
            return
        formats = self.state.formats
        parts = []
        for figure in table.figures:
            value = cell_text(Column("", "", figure.kind), figure.value, formats, table.currency)
            parts.append(f"{_(figure.title)}: <b>{value}</b>")
        if table.as_of is not None and table.first is None:
            parts.insert(0, _("As it stands on {date}").format(date=formats.date(table.as_of)))
        # One till's figures, or the whole shop's stock and accounts; a till's name keeps its
        # own direction in a line of the other.
        scope = scope_text(replace(table, till_name=isolate(table.till_name)))
        if scope:
            parts.insert(0, f"<i>{html.escape(scope)}</i>")
        if table.note:
            parts.append(html.escape(_(table.note)))
        self.figures.setText(" · ".join(parts))
        self.figures.setVisible(bool(parts))
        nothing = not table.rows
        self.empty.setText(_("Nothing to show for these days."))
        self.empty.setVisible(nothing)
        self.view.setVisible(not nothing)
        for button in (self.csv_button, self.xlsx_button, self.pdf_button, self.print_button):
            button.setEnabled(not nothing)

    def _draw_chart(self, table: ReportTable) -> None:
        chart = table.chart
        if chart is None or not table.rows:
            self.chart.setVisible(False)
            return
        x = table.column(chart.x)
        y = table.column(chart.y[0])
        rows = list(table.rows[: chart.top] if chart.top else table.rows)
        if len(rows) > CHART_BARS and chart.top is None:
            rows = rows[-CHART_BARS:]  # the latest days or weeks
        formats, currency = self.state.formats, table.currency
        bars = []
        for row in rows:
            value = row[table.index(chart.y[0])]
            key = row[table.index(chart.x)]
            label = cell_text(x, key, formats, currency)
            amount = value if isinstance(value, int) else 0
            tip = f"{label}: {cell_text(y, value, formats, currency)}"
            bars.append(Bar(self._short(self._bar_label(x.kind, key, label)), amount, tip))

        def axis(value: int) -> str:
            if y.kind is ColumnKind.MONEY:
                return formats.number(Money(value, currency).amount, 0)
            return formats.number(value)

        self.chart.set_bars(bars, axis)
        self.chart.setVisible(True)

    def _bar_label(self, kind: ColumnKind, key: object, label: str) -> str:
        """Days and weeks under a bar without their year, months by their name: short
        enough for thirty bars side by side."""
        if isinstance(key, dt.date):
            if kind is ColumnKind.MONTH:
                return self.state.formats.date(key, "LLL")
            return self.state.formats.date(key, "d MMM")
        return label

    @staticmethod
    def _short(label: str) -> str:
        return label if len(label) <= 14 else label[:13] + "…"

    # -- output -------------------------------------------------------------------------

    def export(self, kind: str) -> None:
        table = self.table_data
        if table is None:
            return
        reports = self.state.shop.reports
        patterns = {
            "csv": _("CSV (*.csv)"),
            "xlsx": _("Excel workbook (*.xlsx)"),
            "pdf": _("PDF (*.pdf)"),
        }
        suffix = f".{kind}"
        till = f"-till-{table.till}" if table.till is not None else ""
        name = f"{table.name}{till}-{table.first or table.as_of or ''}{suffix}"
        chosen, _filter = QFileDialog.getSaveFileName(self, _("Save the report"), name,
                                                      patterns[kind])  # fmt: skip
        if not chosen:
            return
        path = Path(chosen)
        if path.suffix.lower() != suffix:
            path = path.with_name(path.name + suffix)
        writers = {"csv": reports.write_csv, "xlsx": reports.write_xlsx, "pdf": reports.write_pdf}
        attempt(self, lambda: writers[kind](table, path))

    def print_report(self) -> None:
        from duka.ui.printing import open_document

        table = self.table_data
        if table is None:
            return
        folder = Path(tempfile.mkdtemp(prefix="duka-report-"))
        path = folder / f"{table.name}.pdf"
        if attempt(self, lambda: self.state.shop.reports.write_pdf(table, path)) is not None:
            open_document(path)

    # -- keeping up ---------------------------------------------------------------------

    def data_changed(self, changes: Changes) -> None:
        self.run()

    def shown(self) -> None:
        fill_tills(self.till, self.state)  # a till made meanwhile in Settings
        self.run()

    def permissions_changed(self) -> None:
        self.run()

    def _fill_groups(self, name: str) -> None:
        """The `group` choices of report `name`, in the language being spoken, keeping the
        one chosen where the report has it."""
        keep = self.group.currentData()
        self.group.clear()
        for key, label in GROUPS_OF.get(name, GROUPS):
            self.group.addItem(_(label), key)
        self.group.setCurrentIndex(max(0, self.group.findData(keep)))
        self._groups_for = name

    def _dates_as_written_here(self) -> None:
        """Days as the shop's country writes them (31/10/2026 in Kenya, in Arabic-Indic
        digits in Egypt), not as the bare language's default country would."""
        locale = qt_locale(str(self.state.formats.locale))
        for edit in (self.first, self.last):
            edit.setLocale(locale)
            edit.setDisplayFormat(locale.dateFormat(QLocale.FormatType.ShortFormat))

    def retranslate(self) -> None:
        self.title.setText(_("Reports"))
        fill_tills(self.till, self.state)
        for row, spec in enumerate(self._specs):
            item = self.list.item(row)
            item.setText(_(spec.title))
            item.setToolTip(_(spec.description))
        keep = self.period.currentData()
        self.period.blockSignals(True)
        self.period.clear()
        for key, label in PERIODS:
            self.period.addItem(_(label), key)
        self.period.setCurrentIndex(max(0, self.period.findData(keep or "month")))
        self.period.blockSignals(False)
        chosen = self.chosen()
        self._fill_groups(chosen.name if chosen is not None else "")
        self.to_label.setText(_("to"))
        self._dates_as_written_here()
        chosen_days = self.chosen()
        self._days_for(chosen_days.name if chosen_days is not None else "")
        self.csv_button.setText(_("CSV…"))
        self.xlsx_button.setText(_("Excel…"))
        self.pdf_button.setText(_("PDF…"))
        self.print_button.setText(_("Print…"))
        self.model.retranslate(self.state.formats)
        if self.table_data is not None:
            self._show_texts()
            self._draw_chart(self.table_data)
