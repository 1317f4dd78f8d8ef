"""Reports and the dashboard against the documents: every figure is worked out again here,
straight from the sales, refunds, invoices and credit notes (with a tax split of this file's
own), and must agree to the minor unit; the daily summaries written with each document must
equal the ones `rebuild` works out in SQL; verify names a summary that differs."""

from __future__ import annotations

import csv
import datetime as dt
import math
import re
import sqlite3
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from duka.core import settings as spec
from duka.core.access import Role
from duka.core.customers import NewCustomer
from duka.core.errors import InvalidInput, NotAllowed
from duka.core.invoices import DocKind, DocLine, Draft
from duka.core.money import Money
from duka.core.products import ProductDraft, Unit
from duka.core.quantity import Quantity
from duka.core.report_rows import DaySums, ProductSums
from duka.core.reports import REPORT_NAMES, LazyRows, ReportTable
from duka.core.reports import DocKind as SummaryKind
from duka.core.sale import Cart, PaymentMethod, Tender, TradeIn
from duka.core.suppliers import GoodsReceivedDraft, ReceivedLine, SupplierDraft
from duka.core.suppliers import PaymentMethod as SupplierMethod
from duka.core.tax import TaxRate
from duka.services.clock import days_between
from duka.services.reports.service import BUILDERS
from duka.services.shop import Shop
from duka.store import report_reads, sql, summaries
from duka.store.database import transaction
from tests.conftest import OWNER_PIN

D = Decimal
FIRST_DAY = dt.date(2026, 3, 2)  # a Monday


def kes(amount: str) -> Money:
    return Money.of(amount, "KES")


def at(shop: Shop, day: dt.date, hour: int = 10, minute: int = 0) -> None:
    """Make the shop's clock read `day` at `hour`, local time."""
    moment = dt.datetime.combine(day, dt.time(hour, minute)).astimezone()
    shop.context.clock = lambda: moment


def set_up(shop: Shop, inclusive: bool) -> None:
    shop.settings.save(
        {
            spec.TAX_RATES.key: (
                TaxRate("S", "VAT 16%", D(16)),
                TaxRate("R", "Reduced 8%", D(8)),
                TaxRate("E", "Exempt", D(0), exempt=True),
            ),
            spec.PRICES_INCLUDE_TAX.key: inclusive,
        }
    )


def product(
    shop: Shop,
    name: str,
    price: str,
    cost: str,
    tax: str | None = "S",
    unit: Unit = Unit.PIECE,
    stock: str = "100",
    category: tuple[str, ...] = (),
    reorder: str = "0",
) -> int:
    return shop.products.add(
        ProductDraft(
            name,
            kes(price),
            kes(cost),
            unit=unit,
            tax_code=tax,
            category=category,
            reorder_level=Quantity.of(reorder),
        ),
        opening_stock=Quantity.of(stock),
    )


def cart_of(shop: Shop, *items: tuple[int, str]) -> Cart:
    cart = shop.checkout.new_cart()
    for product_id, quantity in items:
        line = shop.checkout.line_for(shop.products.get(product_id), Quantity.of(quantity))
        cart, _ = cart.add(line)
    return cart


def pay_cash(shop: Shop, cart: Cart) -> str:
    due = cart.to_pay()
    return shop.checkout.complete(None, cart, [Tender(PaymentMethod.CASH, due)]).number


# -- the documents, read raw, and what they add up to ------------------------------------------


def half_up(value: Fraction) -> int:
    """`value` (not negative) rounded to a whole number, halves up."""
    return math.floor(value + Fraction(1, 2))


def times(minor: int, milli: int) -> int:
    """minor x milli / 1000, rounded half up (amounts here are never negative)."""
    return half_up(Fraction(minor * milli, 1000))


def split(tax: int, amounts: list[int]) -> list[int]:
    """Share `tax` over `amounts` by largest remainder, the first of equal remainders first:
    worked out here with fractions, apart from the code under test."""
    whole = sum(amounts)
    weights = amounts if whole else [1] * len(amounts)
    whole = sum(weights)
    exact = [Fraction(tax * w, whole) for w in weights]
    parts = [math.floor(x) for x in exact]
    order = sorted(range(len(parts)), key=lambda i: (-(exact[i] - parts[i]), i))
    for i in order[: tax - sum(parts)]:
        parts[i] += 1
    return parts


@dataclass
class Line:
    product: int | None
    quantity: int
    gross: int
    net: int
    tax: int
    cost: int
    discount: int


@dataclass
class Doc:
    kind: str  # sale, refund, invoice, credit_note
    day: dt.date
    number: str
    actor: str
    gross: int
    net: int
    tax: int
    lines: list[Line] = field(default_factory=list)
    taxes: list[tuple[str, D, int, int]] = field(default_factory=list)  # code, percent, net, tax
    payments: list[tuple[str, int]] = field(default_factory=list)

    @property
    def back(self) -> bool:
        return self.kind in ("refund", "credit_note")


def _lines(
    rows: list[tuple[int | None, int, int, str, int, int, int]],
    taxes: dict[str, int],
    inclusive: bool,
    back: bool,
) -> list[Line]:
    """Rows of (product, quantity, amount, code, unit cost, list amount, counts cost)."""
    shares = [0] * len(rows)
    for code in {r[3] for r in rows}:
        members = [i for i, r in enumerate(rows) if r[3] == code]
        for i, part in zip(
            members, split(taxes.get(code, 0), [rows[i][2] for i in members]), strict=True
        ):
            shares[i] = part
    found = []
    for (product, quantity, amount, _code, cost, listed, counts), tax in zip(
        rows, shares, strict=True
    ):
        gross, net = (amount, amount - tax) if inclusive else (amount + tax, amount)
        found.append(
            Line(
                product,
                quantity,
                gross,
                net,
                tax,
                times(cost, quantity) if counts else 0,
                0 if back else listed - amount,
            )
        )
    return found


def local_day(stamp: str) -> dt.date:
    return dt.datetime.fromisoformat(stamp).astimezone().date()


def documents(db: sqlite3.Connection) -> list[Doc]:
    """Every sale, refund, invoice (not made from a sale) and credit note, read raw."""
    found: list[Doc] = []
    for sale, number, stamp, actor, mode, gross, net, tax in db.execute(
        "SELECT id, number, at, actor, mode, gross, net, tax FROM sales"
    ):
        taxes = db.execute(
            "SELECT tax_code, percent, net, tax FROM sale_taxes WHERE sale_id = ?", (sale,)
        ).fetchall()
        rows = [
            (p, q, a, c or "", u, times(lp, q), 1)
            for p, q, a, c, u, lp in db.execute(
                "SELECT product_id, quantity, amount, tax_code, unit_cost, list_price "
                "FROM sale_lines WHERE sale_id = ? ORDER BY id",
                (sale,),
            )
        ]
        doc = Doc("sale", local_day(stamp), number, actor, gross, net, tax)
        doc.lines = _lines(rows, {t[0]: t[3] for t in taxes}, mode == "inclusive", False)
        doc.taxes = [(c, D(p), n, t) for c, p, n, t in taxes]
        doc.payments = db.execute(
            "SELECT method, amount FROM sale_payments WHERE sale_id = ?", (sale,)
        ).fetchall()
        found.append(doc)
    for refund, number, stamp, actor, mode, gross, net, tax in db.execute(
        "SELECT id, number, at, actor, mode, gross, net, tax FROM refunds"
    ):
        taxes = db.execute(
            "SELECT tax_code, percent, net, tax FROM refund_taxes WHERE refund_id = ?", (refund,)
        ).fetchall()
        rows = [
            (p, q, a, c or "", u, a, restock)
            for p, q, a, c, u, restock in db.execute(
                "SELECT r.product_id, r.quantity, r.amount, l.tax_code, l.unit_cost, r.restock "
                "FROM refund_lines r JOIN sale_lines l ON l.id = r.sale_line_id "
                "WHERE r.refund_id = ? ORDER BY r.id",
                (refund,),
            )
        ]
        doc = Doc("refund", local_day(stamp), number, actor, gross, net, tax)
        doc.lines = _lines(rows, {t[0]: t[3] for t in taxes}, mode == "inclusive", True)
        doc.taxes = [(c, D(p), n, t) for c, p, n, t in taxes]
        doc.payments = db.execute(
            "SELECT method, amount FROM refund_payments WHERE refund_id = ?", (refund,)
        ).fetchall()
        found.append(doc)
    for invoice, kind, number, day, actor, mode, gross, net, tax, restock in db.execute(
        "SELECT id, kind, number, issue_date, actor, mode, gross, net, tax, restock "
        "FROM invoices WHERE state = 'issued' AND (kind = 'credit_note' "
        "OR (kind = 'invoice' AND sale_id IS NULL))"
    ):
        back = kind == "credit_note"
        taxes = db.execute(
            "SELECT tax_code, percent, net, tax FROM invoice_taxes WHERE invoice_id = ?",
            (invoice,),
        ).fetchall()
        rows = [
            (p, q, a, c or "", u, a if back else times(price, q), 0 if back and not restock else 1)
            for p, q, a, c, u, price in db.execute(
                "SELECT product_id, quantity, amount, tax_code, unit_cost, unit_price "
                "FROM invoice_lines WHERE invoice_id = ? ORDER BY position",
                (invoice,),
            )
        ]
        doc = Doc(kind, dt.date.fromisoformat(day), number, actor, gross, net, tax)
        doc.lines = _lines(rows, {t[0]: t[3] for t in taxes}, mode == "inclusive", back)
        doc.taxes = [(c, D(p), n, t) for c, p, n, t in taxes]
        doc.payments = [("invoice", gross)]
        found.append(doc)
    return found


def by_day(docs: list[Doc]) -> dict[dt.date, dict[str, int]]:
    days: dict[dt.date, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for doc in docs:
        figures = days[doc.day]
        if doc.back:
            figures["refunds"] += doc.gross
            figures["tax"] -= doc.tax
            figures["cost"] -= sum(line.cost for line in doc.lines)
        else:
            figures["sales"] += 1
            figures["gross"] += doc.gross
            figures["tax"] += doc.tax
            figures["discounts"] += sum(line.discount for line in doc.lines)
            figures["cost"] += sum(line.cost for line in doc.lines)
    for figures in days.values():
        figures["net"] = figures["gross"] - figures["refunds"] - figures["tax"]
        figures["profit"] = figures["net"] - figures["cost"]
    return days


def as_dicts(table: ReportTable) -> list[dict[str, object]]:
    return [dict(zip(table.keys, row, strict=True)) for row in table.rows]


def margin_of(profit: int, net: int) -> int | None:
    """In hundredths of a percent, halves away from zero."""
    if not net:
        return None
    exact = D(profit) * 10000 / D(net)
    return int(exact.quantize(D(1), rounding=ROUND_HALF_UP))


# -- a shop that has traded ----------------------------------------------------------------------


@dataclass
class Trade:
    shop: Shop
    inclusive: bool
    days: list[dt.date]
    products: dict[str, int]
    customer: int
    last: dt.date


def trade(shop: Shop, inclusive: bool) -> Trade:
    """A few weeks of trading: sales with line and sale discounts, a changed price, weighed
    goods, three rates, refunds back on the shelf and damaged, an exchange, a sale on account,
    a cancelled sale, direct invoices, a credit note (goods back) and a void (no goods back),
    a tax invoice made for a counter sale, a quote, deliveries on credit and a payment."""
    shop.settings.first_run(
        "Duka la Test", "KE", language="en", owner_name="Zawadi", owner_pin=OWNER_PIN
    )
    set_up(shop, inclusive)
    day1, day2, day3, day4 = (
        FIRST_DAY,
        FIRST_DAY + dt.timedelta(1),
        dt.date(2026, 3, 9),
        dt.date(2026, 4, 1),
    )
    p = {
        "soap": product(shop, "Sabuni", "55.55", "40.13", category=("Household", "Cleaning")),
        "milk": product(shop, "Maziwa", "60", "45.50", tax="E", category=("Food", "Dairy")),
        "tea": product(shop, "Chai", "33.33", "21.07", tax="R", category=("Food",)),
        "rice": product(shop, "Mchele", "120", "93.37", unit=Unit.KILOGRAM, category=("Food",)),
        "oil": product(shop, "Mafuta", "310", "250", reorder="200"),
        "salt": product(shop, "Chumvi", "25", "17", tax=None),
        "jam": product(shop, "Jam", "200", "150.05", stock="12"),  # never sold: a slow mover
    }
    at(shop, day1, 8)
    shop.cash.open(kes("1000"))
    at(shop, day1, 9)
    first = cart_of(shop, (p["soap"], "1"), (p["milk"], "1"), (p["tea"], "2"), (p["salt"], "3"))
    first_sale = pay_cash(shop, first.with_discount(kes("7.77")))
    at(shop, day1, 11)
    second = cart_of(shop, (p["rice"], "1.375"), (p["soap"], "3"), (p["oil"], "1"))
    lines = list(second.lines)
    second = replace(
        second,
        lines=(
            lines[0],
            replace(lines[1], discount=kes("5")),
            replace(lines[2], unit_price=kes("299.99")),
        ),
    )
    second_sale = shop.checkout.complete(
        None, second, [Tender(PaymentMethod.CARD, second.totals().gross, reference="42")]
    ).number
    customer = shop.customers.add(NewCustomer("Juma Hardware", kes("100000"), phone="0722"))
    at(shop, day1, 14)
    on_account = cart_of(shop, (p["oil"], "2"), (p["tea"], "5")).with_customer(customer)
    shop.checkout.complete(
        None, on_account, [Tender(PaymentMethod.ACCOUNT, on_account.totals().gross)]
    )
    at(shop, day1, 15)
    shop.carts.cancel(None, cart_of(shop, (p["soap"], "2")), "customer changed her mind")
    at(shop, day2, 10)
    sold = shop.returns.find(first_sale)
    shop.returns.refund(
        first_sale,
        {
            sold.lines[0].line_id: (Quantity.of(1), True),
            sold.lines[2].line_id: (Quantity.of(1), False),
        },
        PaymentMethod.CASH,
        reason="wrong size",
    )
    at(shop, day2, 12)
    rice_line = shop.returns.find(second_sale).lines[0]
    swap = cart_of(shop, (p["tea"], "3")).with_trade_in(
        TradeIn(second_sale, ((rice_line.line_id, 500, True),), kes("0"))
    )
    pay_cash(shop, swap)
    at(shop, day2, 16)
    invoice = Draft(
        kind=DocKind.INVOICE,
        currency="KES",
        mode=shop.settings.load().tax_mode,
        customer_id=customer,
        lines=(
            shop.invoices.product_line(shop.products.get(p["soap"]), Quantity.of(10)),
            shop.invoices.product_line(shop.products.get(p["tea"]), Quantity.of(7)),
            DocLine(
                "Delivery to site", Quantity.of("1.5"), kes("150"), TaxRate("S", "VAT 16%", D(16))
            ),
        ),
        discount=kes("12.34"),
        terms_days=7,
    )
    invoice_id = shop.invoices.issue(shop.invoices.save_draft(invoice)).id
    at(shop, day3, 10)
    note = shop.invoices.get(shop.invoices.credit_draft(invoice_id, restock=True))
    shop.invoices.issue(
        shop.invoices.save_draft(replace(note.draft, lines=note.draft.lines[:1]), note.id)
    )
    second_invoice = shop.invoices.issue(
        shop.invoices.save_draft(replace(invoice, discount=None, lines=invoice.lines[1:]))
    ).id
    shop.invoices.void(second_invoice, "ordered twice")
    shop.invoices.invoice_sale(second_sale, customer)  # counted once: as the sale
    quote = replace(invoice, kind=DocKind.QUOTE, terms_days=30)
    shop.invoices.issue(shop.invoices.save_draft(quote))
    supplier = shop.suppliers.add(SupplierDraft("Pwani Wholesalers", "0733"))
    at(shop, dt.date(2025, 12, 1), 9)
    shop.suppliers.receive(
        GoodsReceivedDraft(supplier, (ReceivedLine(p["salt"], Quantity.of(40), kes("16.5")),))
    )
    at(shop, dt.date(2026, 2, 20), 9)
    shop.suppliers.receive(
        GoodsReceivedDraft(supplier, (ReceivedLine(p["oil"], Quantity.of(10), kes("250")),))
    )
    at(shop, day3, 17)
    shop.suppliers.pay(supplier, kes("500"), SupplierMethod.CASH)
    at(shop, day4, 10)
    pay_cash(shop, cart_of(shop, (p["milk"], "2"), (p["salt"], "1")))
    return Trade(shop, inclusive, [day1, day2, day3, day4], p, customer, day4)


@pytest.fixture(params=[True, False], ids=["inclusive", "exclusive"])
def traded(shop: Shop, request: pytest.FixtureRequest) -> Trade:
    return trade(shop, request.param)


# -- the summaries ---------------------------------------------------------------------------


def test_the_summaries_written_with_each_document_equal_those_worked_out_in_sql(
    traded: Trade,
) -> None:
    db = traded.shop.context.db
    summaries.fold_now(db)
    tables = (*summaries.TABLES, *summaries.ROLLUPS)
    written = {t: sorted(db.execute(f"SELECT * FROM {t}").fetchall()) for t in tables}
    assert summaries.problems(db) == []
    with db:
        summaries.rebuild(db)
    rebuilt = {t: sorted(db.execute(f"SELECT * FROM {t}").fetchall()) for t in tables}
    assert rebuilt == written
    assert all(written.values())
    checks = {result.name: result.problems for result in traded.shop.maintenance.verify()}
    assert checks["Report summaries"] == ()


def test_a_product_s_figures_add_up_to_the_documents_to_the_minor_unit(traded: Trade) -> None:
    db = traded.shop.context.db
    summaries.fold_now(db)
    docs = documents(db)
    for back, columns in ((False, "gross, tax"), (True, "back_gross, back_tax")):
        sums = db.execute(
            f"SELECT {', '.join(f'sum({c})' for c in columns.split(', '))} FROM report_products"
        ).fetchone()
        wanted = (
            sum(d.gross for d in docs if d.back is back),
            sum(d.tax for d in docs if d.back is back),
        )
        assert sums == wanted
        assert sum(line.net for d in docs if d.back is back for line in d.lines) == sum(
            d.net for d in docs if d.back is back
        )
    per_product: dict[tuple[str, int], list[int]] = defaultdict(lambda: [0] * 8)
    for doc in docs:
        for line in doc.lines:
            sums = per_product[(doc.day.isoformat(), line.product or 0)]
            offset = 4 if doc.back else 0
            for index, value in enumerate((line.quantity, line.gross, line.tax, line.cost)):
                sums[offset + index] += value
    stored = {
        (row[0], row[1]): list(row[2:]) for row in db.execute("SELECT * FROM report_products")
    }
    assert stored == dict(per_product)


def test_the_report_reads_give_named_rows_that_add_up_to_the_documents(traded: Trade) -> None:
    db = traded.shop.context.db
    summaries.fold_now(db)
    docs = documents(db)
    first, last = min(d.day for d in docs), max(d.day for d in docs)
    days = report_reads.day_rows(db, first.isoformat(), last.isoformat())
    assert all(isinstance(d, DaySums) and isinstance(d.kind, SummaryKind) for d in days)
    assert {(d.day, d.kind.value) for d in days} == {(doc.day, doc.kind) for doc in docs}
    products = report_reads.product_rows(db, first, last)
    assert all(isinstance(p, ProductSums) for p in products)
    assert [p.gross for p in products] == sorted((p.gross for p in products), reverse=True)
    for back in (False, True):
        wanted = sum(d.gross for d in docs if d.back is back)
        assert sum(p.refunds if back else p.gross for p in products) == wanted
        assert sum(d.gross for d in days if d.kind.takes_back is back) == wanted
    since, until = days_between(first, last)
    assert since is not None and until is not None
    refunds = report_reads.refund_list(db, since, until)
    assert refunds and all(isinstance(r.day, dt.date) for r in refunds)
    assert sum(r.gross for r in refunds) == sum(d.gross for d in docs if d.kind == "refund")


def test_every_report_has_a_builder() -> None:
    assert set(BUILDERS) == set(REPORT_NAMES)


def test_verify_names_the_day_and_product_whose_summary_differs(traded: Trade) -> None:
    db = traded.shop.context.db
    summaries.fold_now(db)
    soap = traded.products["soap"]
    day = traded.days[0].isoformat()
    db.execute(
        "UPDATE report_products SET tax = tax + 1 WHERE day = ? AND product_id = ?", (day, soap)
    )
    db.execute("DELETE FROM report_payments WHERE method = 'card'")
    db.execute("INSERT INTO report_days VALUES ('2026-03-20', 'sale', 1, 100, 100, 0, 0, 0)")
    found = {r.name: r.problems for r in traded.shop.maintenance.verify()}["Report summaries"]
    assert any(f"report_products day {day} product_id {soap}: tax" in p for p in found)
    assert any("report_payments" in p and "card: missing" in p for p in found)
    assert any("report_days day 2026-03-20 kind sale: no documents" in p for p in found)
    traded.shop.reports.rebuild()
    assert summaries.problems(db) == []


def test_documents_reach_the_summaries_in_batches_and_before_any_report(
    kenya_shop: Shop, monkeypatch: pytest.MonkeyPatch
) -> None:
    shop = kenya_shop
    set_up(shop, True)
    soap = product(shop, "Sabuni", "55", "40")
    db = shop.context.db
    done = pay_cash(shop, cart_of(shop, (soap, "1")))
    # the sale notes itself in its own transaction; the summaries are worked out later
    sale_id = db.execute("SELECT id FROM sales WHERE number = ?", (done,)).fetchone()[0]
    assert db.execute("SELECT kind, document FROM report_pending").fetchall() == [("sale", sale_id)]
    assert db.execute("SELECT count(*) FROM report_days").fetchone() == (0,)
    assert shop.reports.run("sales-by-day").total("sales") == 1  # a report adds them first
    assert db.execute("SELECT count(*) FROM report_pending").fetchone() == (0,)
    monkeypatch.setattr(summaries, "FOLD_EVERY", 2)
    pay_cash(shop, cart_of(shop, (soap, "1")))
    assert db.execute("SELECT count(*) FROM report_pending").fetchone() == (1,)
    pay_cash(shop, cart_of(shop, (soap, "1")))  # the second waiting: both are added
    assert db.execute("SELECT count(*) FROM report_pending").fetchone() == (0,)
    assert db.execute("SELECT documents FROM report_days").fetchone() == (3,)
    assert summaries.problems(db) == []
    db.execute("DROP TABLE report_pending")  # nothing can be noted: no sale either
    with pytest.raises(sql.SQLError):
        pay_cash(shop, cart_of(shop, (soap, "1")))
    assert db.execute("SELECT count(*) FROM sales").fetchone() == (3,)


def test_the_migration_works_out_the_summaries_of_a_shop_that_traded_before(
    traded: Trade, db_path: Path, private_home: Path
) -> None:
    shop = traded.shop
    db = shop.context.db
    summaries.fold_now(db)
    tables = (*summaries.TABLES, *summaries.ROLLUPS)
    written = {t: sorted(db.execute(f"SELECT * FROM {t}").fetchall()) for t in tables}
    with db:  # back to the shop as Duka 0010 left it
        for table in (*tables, "report_pending"):
            db.execute(f"DROP TABLE {table}")
        db.execute("DROP INDEX invoices_ledger_entry")
        db.execute("DELETE FROM _sqlite_migrations WHERE name = '0011_report_summaries'")
        db.execute("PRAGMA user_version = 10")
    shop.close()
    with Shop.open(db_path, backup_dir=private_home / "backups") as again:
        found = {
            t: sorted(again.context.db.execute(f"SELECT * FROM {t}").fetchall()) for t in tables
        }
    assert found == written


@pytest.fixture
def kolkata(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The shop's computer in India (UTC+5:30): local days are not UTC days."""
    import time

    monkeypatch.setenv("TZ", "Asia/Kolkata")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_a_sale_counts_on_the_local_day_of_the_shop(kenya_shop: Shop, kolkata: None) -> None:
    shop = kenya_shop
    set_up(shop, True)
    soap = product(shop, "Sabuni", "55", "40")
    late = dt.datetime(2026, 3, 2, 23, 50).astimezone()  # 18:20 UTC
    early = dt.datetime(2026, 3, 3, 0, 10).astimezone()  # 18:40 UTC, the day before in UTC
    for moment in (late, early):
        shop.context.clock = lambda moment=moment: moment
        pay_cash(shop, cart_of(shop, (soap, "1")))
    summaries.fold_now(shop.context.db)
    rows = shop.context.db.execute("SELECT day, documents FROM report_days").fetchall()
    assert rows == [("2026-03-02", 1), ("2026-03-03", 1)]
    assert summaries.problems(shop.context.db) == []
    table = shop.reports.run("sales-by-day", dt.date(2026, 3, 2), dt.date(2026, 3, 3))
    assert table.values("sales") == [1, 1]


# -- every report against the documents ----------------------------------------------------


def test_sales_by_day_week_and_month_and_profit_equal_the_documents(traded: Trade) -> None:
    reports = traded.shop.reports
    days = by_day(documents(traded.shop.context.db))
    first, last = dt.date(2026, 2, 25), dt.date(2026, 4, 3)
    table = reports.run("sales-by-day", first, last)
    assert table.values("date")[0] == first and table.values("date")[-1] == last
    keys = ("sales", "gross", "discounts", "refunds", "tax", "net", "cost", "profit")
    for row in as_dicts(table):
        wanted = days.get(row["date"], {})  # type: ignore[call-overload]
        assert {k: row[k] for k in keys} == {k: wanted.get(k, 0) for k in keys}, row["date"]
        assert row["margin"] == margin_of(wanted.get("profit", 0), wanted.get("net", 0))
    assert sum(days[d]["gross"] for d in traded.days) == table.total("gross")
    assert table.totals is not None and table.totals[0] is None
    whole = {k: sum(f.get(k, 0) for f in days.values()) for k in keys}
    assert table.total("margin") == margin_of(whole["profit"], whole["net"])

    weeks = reports.run("sales-by-week", first, last)
    assert weeks.values("week")[0] == dt.date(2026, 2, 23)  # the Monday of the first day
    for row in as_dicts(weeks):
        monday = row["week"]
        assert isinstance(monday, dt.date) and monday.weekday() == 0
        in_week = [f for d, f in days.items() if monday <= d < monday + dt.timedelta(7)]
        assert row["gross"] == sum(f["gross"] for f in in_week)
        assert row["profit"] == sum(f["profit"] for f in in_week)
    months = reports.run("sales-by-month", first, last)
    assert [m.isoformat() for m in months.values("month")] == [  # type: ignore[union-attr]
        "2026-02-01",
        "2026-03-01",
        "2026-04-01",
    ]
    assert months.values("net") == [
        sum(f["net"] for d, f in days.items() if d.month == month) for month in (2, 3, 4)
    ]
    profit = reports.run("profit", first, last, group="week")
    assert profit.values("profit") == weeks.values("profit")
    assert profit.values("cost") == weeks.values("cost")
    with pytest.raises(InvalidInput):
        reports.run("profit", first, last, group="year")


def test_sales_by_product_and_category_equal_the_documents(traded: Trade) -> None:
    shop = traded.shop
    docs = documents(shop.context.db)
    first, last = traded.days[0], traded.days[2]
    wanted: dict[int | None, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for doc in docs:
        if not first <= doc.day <= last:
            continue
        for line in doc.lines:
            figures = wanted[line.product]
            sign = -1 if doc.back else 1
            figures["returned" if doc.back else "quantity"] += line.quantity
            figures["refunds" if doc.back else "gross"] += line.gross
            figures["tax"] += sign * line.tax
            figures["net"] += sign * line.net
            figures["cost"] -= line.cost if doc.back else -line.cost
    table = shop.reports.run("sales-by-product", first, last)
    rows = {row["product_id"]: row for row in as_dicts(table)}
    assert set(rows) == set(wanted)
    for key, figures in wanted.items():
        row = rows[key]
        for name in ("quantity", "returned", "gross", "refunds", "tax", "net", "cost"):
            assert row[name] == figures[name], (key, name)
        assert row["profit"] == figures["net"] - figures["cost"]
        assert row["margin"] == margin_of(figures["net"] - figures["cost"], figures["net"])
    assert rows[None]["product"] == "Other items (free text)"
    assert rows[traded.products["soap"]]["category"] == "Household > Cleaning"
    assert rows[traded.products["rice"]]["unit"] == "kg"
    grosses = table.values("gross")
    assert grosses == sorted(grosses, reverse=True)  # best sellers first
    assert table.total("gross") == sum(f["gross"] for f in wanted.values())
    assert table.total("quantity") is None  # kilograms and pieces do not add up
    whole_net = sum(f["net"] for f in wanted.values())
    whole_cost = sum(f["cost"] for f in wanted.values())
    assert table.total("margin") == margin_of(whole_net - whole_cost, whole_net)

    categories = shop.reports.run("sales-by-category", first, last)
    by_name = {row["category"]: row for row in as_dicts(categories)}
    food = [traded.products[n] for n in ("milk", "tea", "rice")]
    assert by_name["Food"]["gross"] == sum(wanted[p]["gross"] for p in food[1:])
    assert by_name["Food > Dairy"]["net"] == wanted[traded.products["milk"]]["net"]
    assert by_name["No category"]["gross"] == sum(
        wanted[traded.products[n]]["gross"] for n in ("oil", "salt")
    )
    tops = shop.reports.run("sales-by-category", first, last, top_level=True)
    top = {row["category"]: row for row in as_dicts(tops)}
    assert top["Food"]["gross"] == sum(wanted[p]["gross"] for p in food)
    assert top["Food"]["products"] == 3
    assert categories.total("profit") == table.total("profit") == tops.total("profit")


def test_sales_by_cashier_and_by_payment_equal_the_documents(traded: Trade) -> None:
    shop = traded.shop
    docs = documents(shop.context.db)
    first, last = traded.days[0], traded.last
    cashiers = as_dicts(shop.reports.run("sales-by-cashier", first, last))
    assert [row["cashier"] for row in cashiers] == ["Zawadi"]
    row = cashiers[0]
    sales = [d for d in docs if not d.back]
    assert row["sales"] == len(sales)
    assert row["gross"] == sum(d.gross for d in sales)
    assert row["discounts"] == sum(line.discount for d in sales for line in d.lines)
    assert row["refund_count"] == len(docs) - len(sales)
    assert row["refunds"] == sum(d.gross for d in docs if d.back)
    assert row["average"] == int(
        (D(row["gross"]) / len(sales)).quantize(D(1), rounding=ROUND_HALF_UP)  # type: ignore[arg-type]
    )

    payments = {r["method"]: r for r in as_dicts(shop.reports.run("sales-by-payment", first, last))}
    wanted: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for doc in docs:
        for method, amount in doc.payments:
            wanted[method]["refund_count" if doc.back else "payments"] += 1
            wanted[method]["refunds" if doc.back else "amount"] += amount
    assert set(payments) == set(wanted) == {"cash", "card", "account", "exchange", "invoice"}
    for method, figures in wanted.items():
        got = payments[method]
        assert {k: got[k] for k in figures} == dict(figures)
        assert got["net"] == figures["amount"] - figures["refunds"]


def test_the_tax_report_equals_the_documents_rate_by_rate(traded: Trade) -> None:
    docs = documents(traded.shop.context.db)
    table = traded.shop.reports.run("tax", traded.days[0], traded.last)
    wanted: dict[tuple[str, D], list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for doc in docs:
        for code, percent, net, tax in doc.taxes:
            sums = wanted[(code, percent.normalize())]
            sums[2 if doc.back else 0] += net
            sums[3 if doc.back else 1] += tax
    rows = as_dicts(table)
    assert [(r["tax_code"], r["percent"]) for r in rows] == sorted(wanted)
    for row in rows:
        s_net, s_tax, r_net, r_tax = wanted[(row["tax_code"], row["percent"])]  # type: ignore[index]
        assert (row["sales_net"], row["sales_tax"], row["refunds_net"], row["refunds_tax"]) == (
            s_net,
            s_tax,
            r_net,
            r_tax,
        )
        assert (row["net"], row["tax"]) == (s_net - r_net, s_tax - r_tax)
    assert {r["tax_code"]: r["name"] for r in rows} == {
        "": "No tax rate",
        "E": "Exempt",
        "R": "Reduced 8%",
        "S": "VAT 16%",
    }
    day = by_day(docs)
    assert table.total("tax") == sum(f["tax"] for f in day.values())


def test_the_refunds_report_lists_refunds_credit_notes_discounts_and_cancelled_sales(
    traded: Trade,
) -> None:
    docs = documents(traded.shop.context.db)
    table = traded.shop.reports.run("refunds", traded.days[0], traded.last)
    rows = as_dicts(table)
    sections = [row["section"] for row in rows]
    assert sections == sorted(sections, key=["refund", "credit_note", "discount", "void"].index)
    refunds = [r for r in rows if r["section"] == "refund"]
    assert [(r["number"], r["amount"]) for r in refunds] == [
        (d.number, d.gross) for d in docs if d.kind == "refund"
    ]
    assert refunds[0]["reason"] == "wrong size" and refunds[0]["what"] == "S-000001"
    notes = [r for r in rows if r["section"] == "credit_note"]
    assert [r["amount"] for r in notes] == [d.gross for d in docs if d.kind == "credit_note"]
    assert notes[1]["reason"] == "ordered twice"
    discounts = {r["number"]: r["amount"] for r in rows if r["section"] == "discount"}
    assert discounts == {
        d.number: sum(line.discount for line in d.lines)
        for d in docs
        if not d.back and sum(line.discount for line in d.lines)
    }
    (void,) = [r for r in rows if r["section"] == "void"]
    assert void["reason"] == "customer changed her mind"
    assert void["amount"] == (11110 if traded.inclusive else 12888)  # 2 x 55.55 (+ 16%)
    assert "Sabuni" in str(void["what"])
    assert table.totals is None
    figures = {f.title: f.value for f in table.figures}
    assert figures["Refunds"] == sum(d.gross for d in docs if d.kind == "refund")
    assert figures["Number of cancelled sales"] == 1


def test_stock_value_and_slow_movers_equal_the_stock_ledger(traded: Trade) -> None:
    shop = traded.shop
    db = shop.context.db
    stock = dict(db.execute("SELECT product_id, sum(quantity) FROM stock_movements GROUP BY 1"))
    prices = {
        r[0]: (r[1], r[2]) for r in db.execute("SELECT id, cost_price, sell_price FROM products")
    }
    table = shop.reports.run("stock-valuation")
    assert table.first is None and table.as_of == shop.reports.today()
    rows = {row["product_id"]: row for row in as_dicts(table)}
    assert set(rows) == {p for p, q in stock.items() if q}
    for pid, row in rows.items():
        cost, price = prices[pid]  # type: ignore[index]
        assert row["quantity"] == stock[pid]
        assert row["cost_value"] == times(cost, stock[pid])
        assert row["price_value"] == times(price, stock[pid])
    assert table.total("cost_value") == sum(times(prices[p][0], q) for p, q in stock.items())

    slow = shop.reports.run("slow-movers", traded.days[2], traded.last)
    sold = {
        line.product
        for doc in documents(db)
        if not doc.back and traded.days[2] <= doc.day <= traded.last
        for line in doc.lines
    }
    names = {row["product_id"]: row for row in as_dicts(slow)}
    assert set(names) == {p for p, q in stock.items() if q > 0 and p not in sold}
    jam = names[traded.products["jam"]]
    assert jam["last_sold"] is None and jam["days"] is None
    soap = names[traded.products["soap"]]
    assert soap["last_sold"] == traded.days[1]  # sold on an invoice that day
    assert soap["days"] == (traded.last - traded.days[1]).days
    lately = shop.reports.run("slow-movers", last=traded.last, days=30)
    assert lately.first == traded.last - dt.timedelta(days=29)


def test_receivables_and_payables_age_what_is_owed(traded: Trade) -> None:
    shop = traded.shop
    today = dt.date(2026, 4, 20)
    at(shop, today)
    table = shop.reports.run("receivables")
    accounts = shop.accounts.receivables(today)
    assert [(r["customer_id"], r["total"]) for r in as_dicts(table)] == [
        (r.customer_id, r.total) for r in accounts.rows
    ]
    (row,) = as_dicts(table)
    (owed,) = list(accounts.rows)
    assert (row["days_0_30"], row["days_31_60"]) == (owed.ageing.current, owed.ageing.days_31_60)
    assert row["customer"] == "Juma Hardware" and row["phone"] == "0722"
    # the invoice was due after 7 days and the sale on account after the 30 days' terms
    db = shop.context.db
    open_debts = db.execute(
        "SELECT o.open, l.kind, l.document FROM customer_open o "
        "JOIN customer_ledger l ON l.id = o.entry_id WHERE o.open > 0"
    ).fetchall()
    assert row["overdue"] == sum(amount for amount, _kind, _doc in open_debts) == row["total"]
    dash = shop.reports.dashboard()
    assert dash.receivables.minor == table.total("total") and dash.overdue.minor == row["overdue"]
    at(shop, dt.date(2026, 3, 12))  # the invoice is past due; the sale on account is not yet
    (early,) = as_dicts(shop.reports.run("receivables"))
    invoice_debt = sum(amount for amount, kind, _doc in open_debts if kind == "invoice")
    assert 0 < early["overdue"] == invoice_debt < early["total"]
    assert shop.reports.dashboard().overdue.minor == invoice_debt
    at(shop, today)
    payables = as_dicts(shop.reports.run("payables"))
    assert len(payables) == 1
    (supplier,) = payables
    # 660.00 of salt (December) less the 500.00 paid; the oil (February) still owed
    assert supplier["total"] == 66000 - 50000 + 250000
    assert supplier["days_over_90"] == 16000
    assert supplier["days_31_60"] == 250000
    assert supplier["oldest"] == dt.date(2025, 12, 1)


def test_the_dashboard_shows_the_day_at_a_glance(traded: Trade) -> None:
    shop = traded.shop
    day = traded.days[1]
    at(shop, day, 18)
    dash = shop.reports.dashboard()
    wanted = by_day(documents(shop.context.db))[day]
    assert dash.today == day
    assert dash.sales.minor == wanted["gross"] and dash.sales_count == wanted["sales"]
    assert dash.refunds.minor == wanted["refunds"]
    assert dash.net_sales.minor == wanted["net"]
    assert dash.gross_profit.minor == wanted["profit"]
    assert dash.average_sale == Money(
        int((D(wanted["gross"]) / wanted["sales"]).quantize(D(1), rounding=ROUND_HALF_UP)), "KES"
    )
    assert dash.cash_expected == shop.cash.report().expected
    assert dash.low_stock == len(shop.stock.low_stock()) == 1
    assert dash.receivables == Money(shop.accounts.receivables(day).totals.total, "KES")
    assert dash.overdue == Money(0, "KES")  # nothing is due yet on the second day
    days = dash.last_30_days
    assert len(days) == 30 and days[-1][0] == day and days[0][0] == day - dt.timedelta(29)
    assert days[-1][1] == dash.sales
    assert days[-2][1].minor == by_day(documents(shop.context.db))[traded.days[0]]["gross"]
    assert dash.days.chart is not None and dash.days.chart.x == "date"
    shop.cash.close(dash.cash_expected or kes("0"))
    at(shop, dt.date(2026, 5, 30))
    later = shop.reports.dashboard()
    assert later.cash_expected is None and later.sales_count == 0 and later.average_sale is None
    assert later.overdue == later.receivables and later.receivables.minor > 0


def test_reports_need_the_right_to_see_costs(traded: Trade) -> None:
    shop = traded.shop
    shop.access.add_user("Wanjiru", Role.CASHIER, "1357")
    shop.access.sign_in("1357")
    for name in REPORT_NAMES:
        with pytest.raises(NotAllowed):
            shop.reports.run(name)
    with pytest.raises(NotAllowed):
        shop.reports.dashboard()


def test_a_report_refuses_an_unknown_name_a_backwards_period_and_unknown_options(
    traded: Trade,
) -> None:
    reports = traded.shop.reports
    with pytest.raises(InvalidInput):
        reports.run("sales-by-year")
    with pytest.raises(InvalidInput):
        reports.run("sales-by-day", dt.date(2026, 3, 5), dt.date(2026, 3, 1))
    with pytest.raises(ValueError):
        reports.run("sales-by-day", colour="red")
    with pytest.raises(InvalidInput):
        reports.run("slow-movers", days=0)
    at(traded.shop, dt.date(2026, 3, 17))
    this_month = reports.run("sales-by-day")
    assert (this_month.first, this_month.last) == (dt.date(2026, 3, 1), dt.date(2026, 3, 17))


def test_every_report_runs_on_an_empty_shop(kenya_shop: Shop) -> None:
    for name in REPORT_NAMES:
        table = kenya_shop.reports.run(name, dt.date(2026, 1, 1), dt.date(2026, 1, 31))
        assert table.columns and table.name == name
    dash = kenya_shop.reports.dashboard()
    assert dash.sales_count == 0 and dash.receivables.minor == 0


# -- files -------------------------------------------------------------------------------------


def test_csv_has_column_keys_iso_dates_and_point_decimals(traded: Trade, tmp_path: Path) -> None:
    shop = traded.shop
    table = shop.reports.run("sales-by-day", traded.days[0], traded.days[1])
    path = tmp_path / "days.csv"
    assert shop.reports.write_csv(table, path) == 2
    raw = path.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(raw.decode("utf-8").splitlines()))
    assert rows[0] == list(table.keys)
    assert rows[1][0] == traded.days[0].isoformat()
    gross = D(rows[1][2])
    assert gross == Money(table.rows[0][2], "KES").amount  # type: ignore[arg-type]
    assert "," not in rows[1][2] and rows[1][2].count(".") == 1
    months = shop.reports.csv_rows(shop.reports.run("sales-by-month", traded.days[0], traded.last))
    assert [r[0] for r in months[1:]] == ["2026-03", "2026-04"]
    actions = shop.context.db.execute("SELECT count(*) FROM audit WHERE action = 'export'")
    assert actions.fetchone()[0] == 2


def test_each_page_of_products_reads_its_own_names(
    traded: Trade, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The sums are read as numbers and each page's names and codes when it is shown: with
    pages of two rows, every row still carries its own product's name, code and unit."""
    monkeypatch.setattr(LazyRows, "PAGE", 2)
    shop = traded.shop
    table = shop.reports.run("sales-by-product", traded.days[0], traded.last)
    catalogue = {
        pid: (name, sku or "", unit)
        for pid, name, sku, unit in shop.context.db.execute(
            "SELECT id, name, sku, unit FROM products"
        )
    }
    rows = as_dicts(table)
    assert len(rows) > 4
    for row in rows:
        if row["product_id"] is None:
            assert row["product"] == "Other items (free text)" and row["unit"] == ""
        else:
            wanted = catalogue[row["product_id"]]
            assert (row["product"], row["sku"], row["unit"]) == wanted


def test_xlsx_keeps_numbers_as_numbers_with_a_bold_total(traded: Trade, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    shop = traded.shop
    table = shop.reports.run("sales-by-product", traded.days[0], traded.last)
    path = tmp_path / "products.xlsx"
    shop.reports.write_xlsx(table, path)
    sheet = load_workbook(path).active
    assert sheet is not None
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][1] == "Product" and values[-1][0] == "Total"
    assert D(str(values[-1][7])) == Money(table.total("gross"), "KES").amount  # type: ignore[arg-type]
    assert isinstance(values[1][7], float | int | D)
    assert sheet.cell(len(values), 8).font.bold


def test_the_pdf_has_the_title_the_period_and_the_totals(traded: Trade, tmp_path: Path) -> None:
    from tests.documents.pdf_reading import page_texts

    shop = traded.shop
    table = shop.reports.run("sales-by-day", traded.days[0], traded.days[2])
    path = tmp_path / "days.pdf"
    assert shop.reports.write_pdf(table, path) == 1
    text = page_texts(path)[0]
    assert "Sales by day" in text and "Duka la Test" in text
    assert "2 Mar 2026" in text and "9 Mar 2026" in text
    assert "Total" in text and "Amounts in Kenyan Shilling (KES)" in text
    total = Money(table.total("gross"), "KES").amount  # type: ignore[arg-type]
    assert f"{total:,.2f}" in text


def test_the_pdf_is_written_in_the_language_being_spoken(traded: Trade, tmp_path: Path) -> None:
    from duka.i18n import speaking
    from tests.documents.pdf_reading import page_texts

    shop = traded.shop
    table = shop.reports.run("refunds", traded.days[0], traded.last)
    with speaking("fr"):
        shop.reports.write_pdf(table, tmp_path / "fr.pdf")
    text = page_texts(tmp_path / "fr.pdf")[0]
    assert "mars 2026" in text  # dates and numbers as French writes them
    assert re.search(r"\n[^\n]+: 35,12\s*KES\n", text)  # the discounts, as French writes them


# -- the summaries stay equal to the documents, whatever is sold ---------------------------------


@st.composite
def baskets(draw: st.DrawFn) -> list[tuple[int, int, int, bool]]:
    """Lines of (product index, quantity, line discount in percent, price changed)."""
    return draw(
        st.lists(
            st.tuples(
                st.integers(0, 3),
                st.integers(1, 7),
                st.sampled_from([0, 0, 0, 5, 33]),
                st.booleans(),
            ),
            min_size=1,
            max_size=6,
        )
    )


@pytest.fixture
def random_shop(kenya_shop: Shop) -> tuple[Shop, list[int]]:
    shop = kenya_shop
    set_up(shop, True)
    ids = [
        product(shop, "A", "19.99", "13.37", stock="100000"),
        product(shop, "B", "7.03", "4.99", tax="R", stock="100000"),
        product(shop, "C", "250", "180.5", tax="E", stock="100000"),
        product(shop, "D", "0.99", "0.33", tax=None, stock="100000"),
    ]
    return shop, ids


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    basket=baskets(),
    sale_discount=st.integers(0, 40),
    exclusive=st.booleans(),
    back=st.lists(st.tuples(st.integers(0, 5), st.integers(1, 3), st.booleans()), max_size=3),
    day=st.integers(0, 3),
)
def test_any_sales_and_refunds_keep_the_summaries_equal_to_the_documents(
    random_shop: tuple[Shop, list[int]],
    basket: list[tuple[int, int, int, bool]],
    sale_discount: int,
    exclusive: bool,
    back: list[tuple[int, int, bool]],
    day: int,
) -> None:
    shop, ids = random_shop
    shop.settings.save({spec.PRICES_INCLUDE_TAX.key: not exclusive})
    at(shop, FIRST_DAY + dt.timedelta(days=day), 9 + day)
    cart = shop.checkout.new_cart()
    for index, quantity, percent, changed in basket:
        line = shop.checkout.line_for(shop.products.get(ids[index]), Quantity.of(quantity))
        if changed:
            line = replace(line, unit_price=line.unit_price - Money(1, "KES"))
        if percent:
            line = replace(line, discount=line.amount().times(D(percent) / 100))
        cart, _ = cart.add(line)
    subtotal = sum(line.amount().minor for line in cart.lines)
    cart = cart.with_discount(Money(subtotal * sale_discount // 100, "KES") or None)
    number = pay_cash(shop, cart)
    sold = shop.returns.find(number)
    wanted: dict[int, tuple[Quantity, bool]] = {}
    for index, quantity, restock in back:
        line = sold.lines[index % len(sold.lines)]
        left = line.returnable.milli - wanted.get(line.line_id, (Quantity(0), True))[0].milli
        if left >= 1000:
            taken = wanted.get(line.line_id, (Quantity(0), True))[0]
            wanted[line.line_id] = (taken + Quantity(min(quantity * 1000, left)), restock)
    if wanted:
        at(shop, FIRST_DAY + dt.timedelta(days=day + 1), 8)
        shop.returns.refund(number, wanted, PaymentMethod.CASH)
    db = shop.context.db
    assert summaries.problems(db) == []
    docs = documents(db)
    stored = db.execute(
        "SELECT sum(gross), sum(gross - tax), sum(tax), sum(cost), sum(back_gross), "
        "sum(back_gross - back_tax), "
        "sum(back_tax), sum(back_cost) FROM report_products"
    ).fetchone()
    assert stored == (
        sum(d.gross for d in docs if not d.back),
        sum(d.net for d in docs if not d.back),
        sum(d.tax for d in docs if not d.back),
        sum(line.cost for d in docs if not d.back for line in d.lines),
        sum(d.gross for d in docs if d.back),
        sum(d.net for d in docs if d.back),
        sum(d.tax for d in docs if d.back),
        sum(line.cost for d in docs if d.back for line in d.lines),
    )
    days = by_day(docs)
    for row in db.execute("SELECT day, kind, discount FROM report_days WHERE kind = 'sale'"):
        assert row[2] == days[dt.date.fromisoformat(row[0])]["discounts"]


# -- the query plans ------------------------------------------------------------------------------


def test_report_queries_narrow_the_days_by_the_key_even_after_analyze(kenya_shop: Shop) -> None:
    """SQLite once grouped "sales by product over 30 days" through an index that could not
    narrow the days (23 s instead of 125 ms at 10M lines): with statistics that tempt it
    otherwise, every summary is searched by its key's range of days (weeks, months), and the
    slow movers' last sales are found through the sale lines' product index."""
    db = kenya_shop.context.db
    start = dt.date(2023, 1, 1)
    rows = []
    for offset in range(900):
        day = (start + dt.timedelta(days=offset)).isoformat()
        rows += [(day, product, 1000, 1, 0, 1, 0, 0, 0, 0) for product in range(1, 60)]
    # One transaction: on this autocommit connection `with db:` committed (and synced) each
    # of the 56,700 rows on its own, a quarter of the whole suite's time on a slow disk.
    with transaction(db):
        db.executemany(f"INSERT INTO report_products VALUES ({', '.join('?' * 10)})", rows)
        days = [(r[0],) for r in rows[::59]]
        db.executemany("INSERT INTO report_days VALUES (?, 'sale', 1, 1, 1, 0, 0, 0)", days)
        for table, values in (
            ("report_cashiers", "'Amina', 1, 1, 0, 0, 0"),
            ("report_payments", "'cash', 1, 1, 0, 0"),
            ("report_taxes", "'S', '16', 'VAT', 0, 1, 1, 0, 0"),
        ):
            db.executemany(f"INSERT INTO {table} VALUES (?, {values})", days)
    db.execute("ANALYZE")
    plans = report_reads.query_plans(db)
    ranges = re.compile(r"^SEARCH (\w+) USING PRIMARY KEY \((day|week|month)>\? AND \2<\?\)$")
    for name, plan in plans.items():
        if name == "in_stock":
            continue
        steps = [s for s in plan if re.search(r"\breport_|SEARCH [tn] |SCAN [tn]\b", s)]
        assert steps, (name, plan)
        for step in steps:
            assert ranges.match(step) or step == "SEARCH n USING PRIMARY KEY (day<?)", (name, step)
    searched = [s for s in plans["products"] if s.startswith("SEARCH report_")]
    assert len(searched) == 7 and {s.split()[1] for s in searched} == {
        "report_products",
        "report_product_weeks",
        "report_product_months",
    }
    looked_up = [s for s in plans["in_stock"] if "sale_lines_product" in s]
    assert looked_up and all("(product_id=? AND sale_id<?)" in s for s in looked_up), plans
    assert not any(s.startswith("SCAN l") for s in plans["in_stock"]), plans
