"""The profit and loss on the Reports screen and this month's net profit on Today, as an
owner sees them; a cashier sees neither."""

from __future__ import annotations

import datetime as dt

from pytestqt.qtbot import QtBot

from duka.core.access import Role
from duka.core.reports import REPORT_NAMES
from duka.ui.main_window import MainWindow
from duka.ui.screens.dashboard import DashboardScreen
from duka.ui.screens.reports import ReportsScreen
from tests.services.test_profit_and_loss import account, category, expense, owner_category
from tests.ui.helpers import cell


def test_today_shows_this_month_s_net_profit(qtbot: QtBot, window: MainWindow) -> None:
    shop = window.state.shop
    bank = account(shop)
    expense(shop, shop.reports.today(), category(shop, "rent"), 1_234_500, paid_from=bank)
    screen = window.show_screen("home")
    assert isinstance(screen, DashboardScreen)
    figures = shop.reports.dashboard()
    assert figures.month_net_profit is not None
    wanted = window.state.formats.money(
        figures.month_net_profit.amount, figures.month_net_profit.currency
    )
    assert screen.month_profit.text() == f"Net profit this month: <b>\u2068{wanted}\u2069</b>"
    assert figures.month_net_profit.minor < 0  # the demo's month less our rent
    shop.access.add_user("Till Cashier", Role.CASHIER, "97531")
    shop.access.sign_in("97531")
    assert not window.allowed("home") and not window.allowed("reports")
    assert window.first_allowed() == "sell"


def test_the_reports_screen_shows_the_profit_and_loss_by_month_or_whole(
    qtbot: QtBot, window: MainWindow
) -> None:
    shop = window.state.shop
    bank = account(shop)
    today = shop.reports.today()
    expense(shop, today, category(shop, "electricity"), 300_000, paid_from=bank)
    expense(shop, today, owner_category(shop, "Security guard"), 150_000, paid_from=bank)
    screen = window.show_screen("reports")
    assert isinstance(screen, ReportsScreen)
    screen._set_period("year")
    screen.list.setCurrentRow(REPORT_NAMES.index("profit-and-loss"))
    table = screen.table_data
    assert table is not None and table.name == "profit-and-loss"
    assert screen.group.isVisible() or not screen.isVisible()
    assert [screen.group.itemData(i) for i in range(screen.group.count())] == ["month", "period"]
    headers = [screen.model.headerData(i, _horizontal()) for i in range(len(table.columns))]
    # The starting list's categories in their order (the demo's and ours), the owner's after.
    assert "Electricity" in headers and headers[-1] == "Security guard"
    assert table.values("month")[-1] == today.replace(day=1)
    last = len(table.rows) - 1
    spent = shop.context.db.execute(
        "SELECT sum(net) FROM expenses WHERE day BETWEEN ? AND ?",
        (today.replace(day=1).isoformat(), today.isoformat()),
    ).fetchone()[0]
    assert table.rows[last][table.index("expenses")] == spent >= 450_000
    shown = window.state.formats.number(table.money(spent).amount, 2)  # type: ignore[union-attr]
    assert cell(screen.model, last, table.index("expenses")) == shown
    screen.group.setCurrentIndex(1)
    screen.group.activated.emit(1)
    whole = screen.table_data
    assert whole is not None and len(whole.rows) == 1 and whole.keys[:2] == ("first", "last")
    # Back to a report grouped by day: its own choices again.
    screen.list.setCurrentRow(REPORT_NAMES.index("profit"))
    assert [screen.group.itemData(i) for i in range(screen.group.count())] == [
        "day",
        "week",
        "month",
    ]
    assert dt.date.today()  # the screen ran on today's period


def _horizontal() -> object:
    from PySide6.QtCore import Qt

    return Qt.Orientation.Horizontal
