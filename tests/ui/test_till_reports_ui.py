"""One till or all on the Reports and Today screens, and when the other tills' batches came
beside the stock and a customer's balance, in a shop of two tills."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from duka.core.money import Money
from duka.core.quantity import Quantity
from duka.core.sale import PaymentMethod, Tender
from duka.demo.shop import OWNER
from duka.services.shop import Shop
from duka.ui.dialogs.customer_page import CustomerPage
from duka.ui.dialogs.customer_statement import CustomerStatementDialog
from duka.ui.screens.dashboard import DashboardScreen
from duka.ui.screens.reports import ReportsScreen
from duka.ui.screens.stock import StockScreen
from duka.ui.state import AppState


def sell(shop: Shop, quantity: str) -> str:
    checkout = shop.checkout
    product = shop.products.get(shop.products.page(0, 1)[0].id)
    cart, _shown = checkout.new_cart().add(checkout.line_for(product, Quantity.of(quantity)))
    tender = Tender(PaymentMethod.CASH, Money.of("100000", "KES"))
    return checkout.complete(None, cart, [tender], opening_float=Money.of("0", "KES")).number


@pytest.fixture
def two_tills(demo_shop: Shop, tmp_path: Path) -> Iterator[AppState]:
    """The demo shop (till 1) that has had today's sales of its till 2, "Counter 2"."""
    made = demo_shop.tills.make(tmp_path / "till2.sqlite3", "Counter 2")
    folder = tmp_path / "share"
    folder.mkdir()
    with Shop.open(made.path, backup_dir=tmp_path / "till2-backups") as two:
        two.access.sign_in(OWNER[1], OWNER[0])
        sell(two, "3")
        sell(two, "1")
        two.sync.exchange(folder)
    demo_shop.sync.exchange(folder)
    sell(demo_shop, "2")
    yield AppState(demo_shop)


def choose(combo: object, data: object) -> None:
    from PySide6.QtWidgets import QComboBox

    assert isinstance(combo, QComboBox)
    combo.setCurrentIndex(combo.findData(data))
    combo.activated.emit(combo.currentIndex())


def test_reports_show_one_till_or_all(two_tills: AppState, qtbot: QtBot) -> None:
    screen = ReportsScreen(two_tills)
    qtbot.addWidget(screen)
    screen.shown()
    till = screen.till
    assert till.isVisibleTo(screen)
    texts = [till.itemText(i) for i in range(till.count())]
    assert texts[0] == "All tills" and len(texts) == 3
    assert texts[2] == "Till 2: \u2068Counter 2\u2069"  # the name in its own direction
    screen.list.setCurrentRow(screen.list.count() - 1)  # a report of accounts
    screen.list.setCurrentRow(0)  # sales by day
    shop = screen.table_data
    assert shop is not None and shop.till is None
    choose(till, 2)
    one = screen.table_data
    assert one is not None and one.till == 2 and one.till_name == "Counter 2"
    shown = screen.figures.text().replace("\u2068", "").replace("\u2069", "")
    assert "Only the sales, refunds and invoices of Till 2: Counter 2" in shown
    first, last = shop.first, shop.last
    wanted = two_tills.shop.reports.run("sales-by-day", first, last, till=2)
    assert one.rows == wanted.rows and one.total("gross") != shop.total("gross")
    assert one.total("sales") == 2
    stock = [s.name for s in screen._specs].index("stock-valuation")
    screen.list.setCurrentRow(stock)
    assert screen.table_data is not None and screen.table_data.whole_shop
    assert "whole shop" in screen.figures.text()
    choose(till, None)
    assert screen.table_data.till is None and not screen.table_data.whole_shop


def test_a_single_till_shop_has_no_choice(state: AppState, qtbot: QtBot) -> None:
    reports, today = ReportsScreen(state), DashboardScreen(state)
    for screen in (reports, today):
        qtbot.addWidget(screen)
        screen.shown()
    assert not reports.till.isVisibleTo(reports) and not today.till.isVisibleTo(today)
    assert not today.tills_heard.isVisibleTo(today)


def test_today_shows_one_till_or_all(two_tills: AppState, qtbot: QtBot) -> None:
    screen = DashboardScreen(two_tills)
    qtbot.addWidget(screen)
    screen.shown()
    assert screen.till.isVisibleTo(screen)
    assert "till 2 as of" in screen.tills_heard.text()
    whole = screen.figures
    assert whole is not None and whole.till is None
    choose(screen.till, 2)
    one = screen.figures
    assert one is not None and one.till == 2 and one.sales_count == 2
    wanted = two_tills.shop.reports.dashboard(till=2).sales
    assert screen.tiles["sales"].value.text() == two_tills.formats.money(
        wanted.amount, wanted.currency
    )
    assert screen.tiles["owed"].note.text() == "the whole shop"
    assert screen.tiles["cash"].note.text() == "Counted at that till"
    choose(screen.till, 1)
    assert screen.figures is not None and screen.figures.sales_count == whole.sales_count - 2


def test_stock_and_a_customer_say_how_far_the_other_tills_came(
    two_tills: AppState, qtbot: QtBot
) -> None:
    stock = StockScreen(two_tills)
    qtbot.addWidget(stock)
    stock.shown()
    assert stock.tills_heard.isVisibleTo(stock)
    assert stock.tills_heard.text().startswith("The stock counts the other tills' sales")
    assert "till 2 as of" in stock.tills_heard.text()
    customer = two_tills.shop.customers.page(0, 1)[0]
    page = CustomerPage(two_tills, customer.id)
    qtbot.addWidget(page)
    assert page.tills_heard.isVisibleTo(page) and "till 2 as of" in page.tills_heard.text()
    statement = CustomerStatementDialog(two_tills, two_tills.shop.customers.get(customer.id))
    qtbot.addWidget(statement)
    assert statement.tills_heard.isVisibleTo(statement)
    assert statement.tills_heard.text().startswith("The balance counts")
