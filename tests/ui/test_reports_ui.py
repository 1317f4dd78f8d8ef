"""The day at a glance and the Reports screen, as an owner uses them."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QApplication, QFileDialog
from pytestqt.qtbot import QtBot

from duka.core.reports import REPORT_NAMES
from duka.services.reports import ReportService
from duka.ui.main_window import MainWindow
from duka.ui.screens.dashboard import DashboardScreen
from duka.ui.screens.reports import ReportsScreen, period_of
from tests.ui.helpers import cell


def test_the_dashboard_shows_the_days_figures(qtbot: QtBot, window: MainWindow) -> None:
    screen = window.show_screen("home")
    assert isinstance(screen, DashboardScreen)
    figures = window.state.shop.reports.dashboard()
    state = window.state
    assert screen.tiles["sales"].value.text() == state.formats.money(
        figures.sales.amount, figures.sales.currency
    )
    assert screen.tiles["count"].value.text() == state.formats.number(figures.sales_count)
    # Counted in the background (it reads every product), then shown.
    assert figures.low_stock is not None
    low = state.formats.number(figures.low_stock)
    qtbot.waitUntil(lambda: screen.tiles["low"].value.text() == low, timeout=5000)
    bars = screen.chart.bars()
    assert len(bars) == 30
    assert [b.value for b in bars] == [amount.minor for _day, amount in figures.last_30_days]
    assert sum(b.value for b in bars) > 0  # the demo sold over the last weeks
    screen.tiles["low"].clicked.emit()
    assert window.current_key() == "stock"


def test_a_count_that_arrives_after_the_dashboard_is_gone_is_dropped(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The low-stock count comes from the thread pool: if the window closed meanwhile, its
    result must not reach the deleted labels (it raised in Qt's event loop)."""
    screen = window.show_screen("home")
    assert isinstance(screen, DashboardScreen)
    qtbot.waitUntil(lambda: QThreadPool.globalInstance().activeThreadCount() == 0)
    release = threading.Event()
    counted = ReportService.low_stock_count

    def slow_count(service: ReportService) -> int:
        release.wait(5)
        return counted(service)

    monkeypatch.setattr(ReportService, "low_stock_count", slow_count)
    screen.refresh()
    shiboken6.delete(screen)
    release.set()
    assert QThreadPool.globalInstance().waitForDone(5000)
    QApplication.processEvents()  # delivers the count: dropped, not an error


def test_every_report_runs_and_shows_its_totals(qtbot: QtBot, window: MainWindow) -> None:
    screen = window.show_screen("reports")
    assert isinstance(screen, ReportsScreen)
    screen._set_period("30d")
    for row, name in enumerate(REPORT_NAMES):
        screen.list.setCurrentRow(row)
        table = screen.table_data
        assert table is not None and table.name == name
        shown = screen.model.rowCount()
        assert shown == len(table.rows) + (1 if table.totals is not None and table.rows else 0)
    screen.list.setCurrentRow(REPORT_NAMES.index("sales-by-day"))
    table = screen.table_data
    assert table is not None and table.rows
    last = screen.model.rowCount() - 1
    assert cell(screen.model, last, 0) == "Total"
    gross = table.index("gross")
    total = table.total("gross")
    assert isinstance(total, int)
    assert (
        cell(screen.model, last, gross) == window.state.formats.number(total / 100, 2)
        or cell(screen.model, last, gross).replace(",", "") == f"{total / 100:.2f}"
    )
    assert screen.chart.isVisibleTo(screen) and len(screen.chart.bars()) == len(table.rows)


def test_a_report_is_saved_as_csv(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    screen = window.show_screen("reports")
    assert isinstance(screen, ReportsScreen)
    screen.list.setCurrentRow(REPORT_NAMES.index("sales-by-product"))
    target = tmp_path / "by-product"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(target), "CSV (*.csv)")
    )
    screen.export("csv")
    written = (tmp_path / "by-product.csv").read_text(encoding="utf-8").splitlines()
    assert written[0].split(",")[:2] == ["product_id", "product"]
    table = screen.table_data
    assert table is not None and len(written) == len(table.rows) + 1


def test_ready_periods() -> None:
    today = dt.date(2026, 3, 11)  # a Wednesday
    assert period_of("week", today) == (dt.date(2026, 3, 9), today)
    assert period_of("last_month", today) == (dt.date(2026, 2, 1), dt.date(2026, 2, 28))
    assert period_of("last_year", today) == (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert period_of("custom", today) is None
