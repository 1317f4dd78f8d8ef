"""The profit and loss and the tax summary against the documents: every figure worked out
again here from the sales, refunds, invoices and credit notes (test_reports' own reading of
them), the expenses' rows and the stock written off, in a shop whose days are not UTC days,
for prices with and without tax; the CSV's columns as the contract says; one till's; the
Today screen's figure."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import defaultdict
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from duka.core.access import Role
from duka.core.errors import InvalidInput, NotAllowed
from duka.core.quantity import Quantity
from duka.core.stock import MovementKind
from duka.core.tills import SPAN
from duka.services.clock import days_between
from duka.services.shop import Shop
from duka.store import summaries
from duka.store.database import transaction
from duka.store.tills import new_id
from tests.services.test_reports import Trade, at, by_day, documents, kolkata, times, trade

__all__ = ["kolkata"]  # the fixture, used by name

STAMP = "2026-01-01T00:00:00+00:00"
PNL_HEAD = [
    "month",
    "net_sales",
    "cost_of_goods",
    "gross_profit",
    "expenses",
    "written_off",
    "net_profit",
]


# -- expenses, drawings and write-offs, put in as the expenses' service would --------------------


def account(shop: Shop) -> int:
    db = shop.context.db
    with transaction(db):
        found = new_id(db, "money_accounts")
        db.execute(
            "INSERT INTO money_accounts (id, name, kind, created_at, created_by, updated_at, "
            "updated_by) VALUES (?, 'KCB', 'bank', ?, 'test', ?, 'test')",
            (found, STAMP, STAMP),
        )
    return found


def owner_category(shop: Shop, name: str) -> int:
    db = shop.context.db
    with transaction(db):
        found = new_id(db, "expense_categories")
        db.execute(
            "INSERT INTO expense_categories (id, name, created_at, created_by) "
            "VALUES (?, ?, ?, 'test')",
            (found, name, STAMP),
        )
    return found


def category(shop: Shop, key: str) -> int:
    row = shop.context.db.execute("SELECT id FROM expense_categories WHERE key = ?", (key,))
    return int(row.fetchone()[0])


def expense(
    shop: Shop,
    day: dt.date,
    category_id: int,
    net: int,
    tax: int = 0,
    code: str | None = None,
    *,
    paid_from: int,
    row_id: int | None = None,
) -> int:
    """A valid expense row paid from account `paid_from` (`row_id`: another till's id)."""
    db = shop.context.db
    with transaction(db):
        found = row_id or new_id(db, "expenses")
        count = int(db.execute("SELECT count(*) FROM expenses").fetchone()[0])
        db.execute(
            "INSERT INTO expenses (id, number, day, category_id, net, tax, gross, tax_code, "
            "method, account_id, at, actor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'account', ?, ?, "
            "'test')",
            (found, f"EX-{count + 1:06d}", day.isoformat(), category_id, net, tax, net + tax,
             code, paid_from, STAMP),
        )  # fmt: skip
    return found


def drawing(shop: Shop, day: dt.date, amount: int, paid_from: int) -> None:
    db = shop.context.db
    with transaction(db):
        found = new_id(db, "drawings")
        db.execute(
            "INSERT INTO drawings (id, number, day, kind, what, amount, method, account_id, "
            "at, actor) VALUES (?, ?, ?, 'drawing', 'money', ?, 'account', ?, ?, 'test')",
            (found, f"DR-{found:06d}", day.isoformat(), amount, paid_from, STAMP),
        )


def write_off(shop: Shop, moment: dt.datetime, product: int, quantity: str) -> None:
    shop.context.clock = lambda: moment
    shop.stock.adjust(product, Quantity.of(quantity), "expired", kind=MovementKind.WRITE_OFF)


# -- the back office of a shop that traded ---------------------------------------------------------


def back_office(traded: Trade) -> dict[str, int]:
    """Expenses in four months and three rates (one of an owner's category, one in May after
    the period), a drawing (not an expense), stock written off either side of midnight at a
    month's end (in local time) and after the period."""
    shop = traded.shop
    bank = account(shop)
    rent, power, other = (
        category(shop, "rent"),
        category(shop, "electricity"),
        category(shop, "other"),
    )
    guard = owner_category(shop, "Security guard")
    expense(shop, dt.date(2026, 2, 28), rent, 2500000, paid_from=bank)
    expense(shop, dt.date(2026, 3, 1), rent, 2500000, paid_from=bank)
    expense(shop, dt.date(2026, 3, 15), power, 431034, 68966, "S", paid_from=bank)
    expense(shop, dt.date(2026, 3, 31), guard, 150000, paid_from=bank)
    expense(shop, dt.date(2026, 4, 1), power, 120001, 9600, "R", paid_from=bank)
    expense(shop, dt.date(2026, 4, 2), other, 999, paid_from=bank)
    expense(shop, dt.date(2026, 5, 1), rent, 2500000, paid_from=bank)  # after the period
    drawing(shop, dt.date(2026, 3, 20), 1000000, bank)
    products = traded.products
    write_off(shop, dt.datetime(2026, 3, 31, 23, 30).astimezone(), products["milk"], "2")
    write_off(shop, dt.datetime(2026, 4, 1, 0, 30).astimezone(), products["rice"], "0.333")
    write_off(shop, dt.datetime(2026, 5, 2, 9, 0).astimezone(), products["oil"], "1")
    return {"bank": bank, "rent": rent, "power": power, "other": other, "guard": guard}


@pytest.fixture(params=[True, False], ids=["inclusive", "exclusive"])
def office(shop: Shop, kolkata: None, request: pytest.FixtureRequest) -> Iterator[Trade]:
    traded = trade(shop, request.param)
    back_office(traded)
    yield traded


def month_of(day: dt.date) -> dt.date:
    return day.replace(day=1)


def wanted(shop: Shop, first: dt.date, last: dt.date) -> dict[dt.date, dict[str, int]]:
    """The profit and loss worked out from the documents, month by month."""
    db = shop.context.db
    months: dict[dt.date, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    day = first
    while day <= last:
        months[month_of(day)]  # every month of the period, empty ones too
        day += dt.timedelta(days=1)
    for day, figures in by_day(documents(db)).items():
        if first <= day <= last:
            months[month_of(day)]["net_sales"] += figures["net"]
            months[month_of(day)]["cost_of_goods"] += figures["cost"]
    keys = {int(i): key or name for i, key, name in db.execute(
        "SELECT id, key, name FROM expense_categories")}  # fmt: skip
    for day_text, category_id, net in db.execute("SELECT day, category_id, net FROM expenses"):
        day = dt.date.fromisoformat(day_text)
        if first <= day <= last:
            months[month_of(day)]["expenses"] += net
            months[month_of(day)][f"expense:{keys[category_id]}"] += net
    refunds = {number for (number,) in db.execute("SELECT number FROM refunds")}
    for stamp, quantity, cost, document in db.execute(
        "SELECT at, quantity, unit_cost, document FROM stock_movements WHERE kind = 'write_off'"
    ):
        day = dt.datetime.fromisoformat(stamp).astimezone().date()
        if first <= day <= last and document not in refunds:  # a damaged return's is in cost
            months[month_of(day)]["written_off"] += times(cost, -quantity)
    for figures in months.values():
        figures["gross_profit"] = figures["net_sales"] - figures["cost_of_goods"]
        figures["net_profit"] = (
            figures["gross_profit"] - figures["expenses"] - figures["written_off"]
        )
    return months


FIRST, LAST = dt.date(2026, 2, 1), dt.date(2026, 4, 30)


def test_the_profit_and_loss_equals_the_documents_month_by_month(office: Trade) -> None:
    shop = office.shop
    table = shop.reports.run("profit-and-loss", FIRST, LAST)
    months = wanted(shop, FIRST, LAST)
    assert table.values("month") == [dt.date(2026, 2, 1), dt.date(2026, 3, 1), dt.date(2026, 4, 1)]
    expense_keys = [k for k in table.keys if k.startswith("expense:")]
    # The starting list's in its order, the owner's by name, "other" last.
    assert expense_keys == [
        "expense:rent",
        "expense:electricity",
        "expense:Security guard",
        "expense:other",
    ]
    assert list(table.keys) == PNL_HEAD + expense_keys
    for row in table.rows:
        got = dict(zip(table.keys, row, strict=True))
        month = got.pop("month")
        assert isinstance(month, dt.date)
        assert got == {k: months[month].get(k, 0) for k in got}, month
    # Every month something happened: a sale, an expense, a write-off either side of midnight.
    march, april = months[dt.date(2026, 3, 1)], months[dt.date(2026, 4, 1)]
    assert march["net_sales"] and march["written_off"] and april["written_off"]
    assert table.total("net_profit") == sum(f["net_profit"] for f in months.values())
    assert table.total("expense:rent") == 5000000
    # The drawing is no expense; what May spent and wrote off is not in the period.
    assert table.total("expenses") == 2500000 + 2500000 + 431034 + 150000 + 120001 + 999
    # Net sales and cost are those of the gross profit report, which reads the same summaries.
    profit = shop.reports.run("profit", FIRST, LAST, group="month")
    assert profit.values("net") == table.values("net_sales")
    assert profit.values("cost") == table.values("cost_of_goods")
    assert summaries.problems(shop.context.db) == []


def test_one_row_for_the_whole_period(office: Trade) -> None:
    shop = office.shop
    table = shop.reports.run("profit-and-loss", FIRST, LAST, group="period")
    monthly = shop.reports.run("profit-and-loss", FIRST, LAST)
    assert table.keys[:2] == ("first", "last") and table.keys[2:] == monthly.keys[1:]
    assert len(table.rows) == 1 and table.totals is None
    assert table.rows[0][:2] == (FIRST, LAST)
    assert table.rows[0][2:] == monthly.totals[1:]  # type: ignore[index]
    with pytest.raises(InvalidInput):
        shop.reports.run("profit-and-loss", FIRST, LAST, group="week")


def test_the_csv_is_the_contract(office: Trade) -> None:
    shop = office.shop
    rows = shop.reports.csv_rows(shop.reports.run("profit-and-loss", FIRST, LAST))
    assert rows[0] == [
        *PNL_HEAD,
        "expense:rent",
        "expense:electricity",
        "expense:Security guard",
        "expense:other",
    ]
    assert [r[0] for r in rows[1:]] == ["2026-02", "2026-03", "2026-04"]
    months = wanted(shop, FIRST, LAST)
    for row in rows[1:]:
        figures = months[dt.date.fromisoformat(row[0] + "-01")]
        for key, text in zip(rows[0][1:], row[1:], strict=True):
            assert Decimal(text) == Decimal(figures.get(key, 0)) / 100, (row[0], key)
    # A month without expenses has no category columns beyond those used in the period.
    february = shop.reports.csv_rows(
        shop.reports.run("profit-and-loss", dt.date(2026, 2, 1), dt.date(2026, 2, 28))
    )
    assert february[0] == [*PNL_HEAD, "expense:rent"]


def test_one_till_s_profit_and_loss_counts_its_own_expenses(office: Trade) -> None:
    shop = office.shop
    bank = account(shop)
    theirs = expense(shop, dt.date(2026, 3, 5), category(shop, "transport"), 7777,
                     paid_from=bank, row_id=SPAN + 5)  # fmt: skip
    assert theirs == SPAN + 5
    everyone = shop.reports.run("profit-and-loss", FIRST, LAST)
    ours = shop.reports.run("profit-and-loss", FIRST, LAST, till=1)
    assert "expense:transport" in everyone.keys and "expense:transport" not in ours.keys
    assert everyone.total("expenses") == ours.total("expenses") + 7777  # type: ignore[operator]
    assert ours.values("net_sales") == everyone.values("net_sales")  # every sale is till 1's
    assert ours.till == 1


def test_the_tax_summary_balances_output_and_input_tax_by_rate(office: Trade) -> None:
    shop = office.shop
    db = shop.context.db
    table = shop.reports.run("tax-summary", FIRST, LAST)
    sales: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for doc in documents(db):
        if FIRST <= doc.day <= LAST:
            for code, _percent, net, tax in doc.taxes:
                sign = -1 if doc.back else 1
                sales[code][0] += sign * net
                sales[code][1] += sign * tax
    spent: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for day, code, net, tax in db.execute("SELECT day, tax_code, net, tax FROM expenses"):
        if FIRST.isoformat() <= day <= LAST.isoformat():
            spent[code or ""][0] += net
            spent[code or ""][1] += tax
    # The trade's deliveries were recorded without tax: in the period, one, under no rate.
    bought = db.execute(
        "SELECT sum(total) FROM goods_received WHERE at >= ? AND at < ?",
        days_between(FIRST, LAST),
    ).fetchone()[0]
    rows = {str(r[0]): dict(zip(table.keys, r, strict=True)) for r in table.rows}
    assert set(rows) == set(sales) | set(spent) | {""}
    for code, row in rows.items():
        assert (row["sales_net"], row["output_tax"]) == tuple(sales.get(code, [0, 0])), code
        assert (row["expenses_net"], row["expenses_tax"]) == tuple(spent.get(code, [0, 0])), code
        assert (row["purchases_net"], row["purchases_tax"]) == ((bought, 0) if not code else (0, 0))
        assert row["input_tax"] == row["expenses_tax"]
        assert row["balance"] == row["output_tax"] - row["input_tax"]  # type: ignore[operator]
    assert rows["S"]["percent"] == Decimal(16) and rows["R"]["percent"] == Decimal(8)
    assert rows["S"]["input_tax"] == 68966 and rows["R"]["input_tax"] == 9600
    assert table.total("balance") == sum(s[1] for s in sales.values()) - 68966 - 9600
    assert "claim back" in table.note  # what the balance's sign means
    assert shop.reports.csv_rows(table)[0] == [
        "tax_code",
        "name",
        "percent",
        "sales_net",
        "output_tax",
        "purchases_net",
        "purchases_tax",
        "expenses_net",
        "expenses_tax",
        "input_tax",
        "balance",
    ]


def test_today_shows_this_month_s_net_profit_to_owners_and_not_to_cashiers(
    office: Trade,
) -> None:
    shop = office.shop
    at(shop, dt.date(2026, 4, 2), 18)
    dash = shop.reports.dashboard()
    april = wanted(shop, dt.date(2026, 4, 1), dt.date(2026, 4, 2))[dt.date(2026, 4, 1)]
    assert dash.month_net_profit is not None
    assert dash.month_net_profit.minor == april["net_profit"]
    assert april["expenses"] and april["written_off"]
    shop.access.add_user("Baraka", Role.MANAGER, "2468")
    shop.access.add_user("Wanjiru", Role.CASHIER, "1357")
    shop.access.sign_in("2468")
    assert shop.reports.dashboard().month_net_profit == dash.month_net_profit
    shop.access.sign_in("1357")
    with pytest.raises(NotAllowed):
        shop.reports.dashboard()
    for name in ("profit-and-loss", "tax-summary"):
        with pytest.raises(NotAllowed):
            shop.reports.run(name)


def test_files_name_the_categories_in_the_shop_s_language(office: Trade, tmp_path: Path) -> None:
    from duka.i18n import speaking
    from tests.documents.pdf_reading import page_texts

    shop = office.shop
    table = shop.reports.run("profit-and-loss", FIRST, LAST)
    with speaking("fr"):
        shop.reports.write_pdf(table, tmp_path / "pnl.pdf")
        titles = [c.heading for c in table.columns]
    text = " ".join(page_texts(tmp_path / "pnl.pdf"))
    assert "Loyer" in titles and "Security guard" in titles
    assert "Loyer" in text and "Security guard" in text
    assert shop.reports.write_xlsx(table, tmp_path / "pnl.xlsx") == 3
    out = io.StringIO()
    csv.writer(out).writerows(shop.reports.csv_rows(table))
    assert "expense:rent" in out.getvalue()


def test_the_profit_and_loss_runs_on_an_empty_shop(kenya_shop: Shop) -> None:
    table = kenya_shop.reports.run("profit-and-loss", dt.date(2026, 1, 1), dt.date(2026, 1, 31))
    assert list(table.keys) == PNL_HEAD
    assert table.rows == ((dt.date(2026, 1, 1), 0, 0, 0, 0, 0, 0),)
