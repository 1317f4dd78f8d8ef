"""Reports and the dashboard of one till: a shop of two tills trades on the same days (sales,
a refund of the other till's sale, invoices, a credit note, discounts, a cancelled sale),
the tills exchange through a folder, and at the hub every report of one till equals the
figures worked out here from that till's documents alone, the tills' reports add up to the
shop's, the reports of stock and accounts stay the shop's, and the shop's own summaries are
neither read nor changed (the one-till rows live in temporary tables that go afterwards,
also after an error)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from duka.cli import main
from duka.core.errors import InvalidInput
from duka.core.invoices import DocKind, Draft
from duka.core.quantity import Quantity
from duka.core.reports import REPORT_NAMES, ColumnKind, ReportTable
from duka.core.sale import PaymentMethod, Tender
from duka.core.tills import till_of
from duka.services.reports.service import BUILDERS, SHOP_WIDE
from duka.services.shop import Shop
from duka.store import sql, summaries
from tests.conftest import OWNER_PIN
from tests.services.test_reports import (
    Doc,
    Trade,
    as_dicts,
    at,
    by_day,
    cart_of,
    documents,
    kes,
    margin_of,
    pay_cash,
    trade,
)

D = Decimal
# From December: till 2 invoices in 2025, so the period crosses a year.
FIRST, LAST = dt.date(2025, 12, 1), dt.date(2026, 4, 3)
DATED = [name for name in REPORT_NAMES if name not in SHOP_WIDE]
TABLES = (*summaries.TABLES, *summaries.ROLLUPS)


@dataclass
class Tills:
    hub: Shop
    traded: Trade
    two_sales: list[str]


def _trade_at_till_two(two: Shop, traded: Trade) -> list[str]:
    """Till 2's own trading on the hub's days and one more: a discounted sale, a sale on
    card, a refund of the hub's first sale, an invoice and a credit note of it, a cancelled
    sale. Its invoice and credit note are of December 2025 (the same year as the hub's is
    tests/services/test_sync_tills.py's)."""
    p = traded.products
    day1, day2, day3, _day4 = traded.days
    at(two, day1, 7)
    two.cash.open(kes("500"))
    at(two, day1, 13)
    sold = [pay_cash(two, cart_of(two, (p["soap"], "2"), (p["tea"], "1")).with_discount(kes("3")))]
    at(two, day2, 9)
    card = cart_of(two, (p["rice"], "0.5"), (p["milk"], "3"), (p["oil"], "1"))
    tender = Tender(PaymentMethod.CARD, card.totals().gross, reference="7")
    sold.append(two.checkout.complete(None, card, [tender]).number)
    at(two, day2, 15)
    hub_sale = two.returns.find("S-000001")  # the hub's, in this copy from the start
    two.returns.refund(
        "S-000001", {hub_sale.lines[1].line_id: (Quantity.of(1), True)}, PaymentMethod.CASH
    )
    at(two, dt.date(2025, 12, 15), 11)
    invoice = Draft(
        kind=DocKind.INVOICE,
        currency="KES",
        mode=two.settings.load().tax_mode,
        customer_id=traded.customer,
        lines=(
            two.invoices.product_line(two.products.get(p["salt"]), Quantity.of(4)),
            two.invoices.product_line(two.products.get(p["tea"]), Quantity.of(2)),
        ),
        terms_days=14,
    )
    issued = two.invoices.issue(two.invoices.save_draft(invoice)).id
    note = two.invoices.get(two.invoices.credit_draft(issued, restock=True))
    two.invoices.issue(
        two.invoices.save_draft(replace(note.draft, lines=note.draft.lines[:1]), note.id)
    )
    at(two, day3, 11)
    two.carts.cancel(None, cart_of(two, (p["oil"], "1")), "no money")
    at(two, dt.date(2026, 3, 20), 10)
    sold.append(pay_cash(two, cart_of(two, (p["salt"], "5"))))
    return sold


@pytest.fixture(params=[True, False], ids=["inclusive", "exclusive"])
def tills(shop: Shop, tmp_path: Path, private_home: Path, request: Any) -> Iterator[Tills]:
    traded = trade(shop, request.param)
    hub = traded.shop
    folder = tmp_path / "folder"
    folder.mkdir()
    two_path = hub.tills.make(tmp_path / "till2.sqlite3", "Back counter").path
    with Shop.open(two_path, backup_dir=private_home / "backups-2") as two:
        two.context.actor = two.access.sign_in(OWNER_PIN, "Zawadi")
        sold = _trade_at_till_two(two, traded)
        two.sync.exchange(folder)
    report = hub.sync.exchange(folder)
    assert not report.refused and report.applied.get(2), report
    at(hub, traded.last, 18)
    yield Tills(hub, traded, sold)


def _ids(db: Any) -> dict[tuple[str, str], int]:
    found: dict[tuple[str, str], int] = {}
    for table in ("sales", "refunds", "invoices"):
        for number, row_id in db.execute(f"SELECT number, id FROM {table}"):
            found[(table, str(number))] = int(row_id)
    return found


def documents_of(shop: Shop, till: int | None) -> list[Doc]:
    """The counted documents of till `till` (every till's: None), read raw."""
    db = shop.context.db
    ids = _ids(db)
    tables = {"sale": "sales", "refund": "refunds", "invoice": "invoices"}
    return [
        d
        for d in documents(db)
        if till is None or till_of(ids[(tables.get(d.kind, "invoices"), d.number)]) == till
    ]


def main_summaries(shop: Shop) -> dict[str, list[tuple[Any, ...]]]:
    db = shop.context.db
    return {t: db.execute(f"SELECT * FROM main.{t} ORDER BY 1, 2, 3").fetchall() for t in TABLES}


def temp_tables(shop: Shop) -> list[str]:
    return [str(r[0]) for r in shop.context.db.execute("SELECT name FROM sqlite_temp_master")]


def test_each_till_s_sales_reports_equal_its_own_documents(tills: Tills) -> None:
    hub = tills.hub
    reports = hub.reports
    for till in (1, 2):
        docs = [d for d in documents_of(hub, till) if FIRST <= d.day <= LAST]
        assert docs and {d.kind for d in docs} >= {"sale", "refund", "invoice", "credit_note"}
        days = by_day(docs)
        table = reports.run("sales-by-day", FIRST, LAST, till=till)
        assert (table.till, table.till_name) == (till, "" if till == 1 else "Back counter")
        keys = ("sales", "gross", "discounts", "refunds", "tax", "net", "cost", "profit")
        for row in as_dicts(table):
            wanted = days.get(row["date"], {})  # type: ignore[call-overload]
            assert {k: row[k] for k in keys} == {k: wanted.get(k, 0) for k in keys}, row
            assert row["margin"] == margin_of(wanted.get("profit", 0), wanted.get("net", 0))
        weeks = reports.run("sales-by-week", FIRST, LAST, till=till)
        for row in as_dicts(weeks):
            monday = row["week"]
            assert isinstance(monday, dt.date)
            in_week = [f for d, f in days.items() if monday <= d < monday + dt.timedelta(7)]
            assert row["gross"] == sum(f["gross"] for f in in_week)
        months = reports.run("sales-by-month", FIRST, LAST, till=till)
        assert [
            (m, n) for m, n in zip(months.values("month"), months.values("net"), strict=True)
        ] == [
            (m, sum(f["net"] for d, f in days.items() if d.replace(day=1) == m))
            for m in (
                dt.date(2025, 12, 1),
                dt.date(2026, 1, 1),
                dt.date(2026, 2, 1),
                dt.date(2026, 3, 1),
                dt.date(2026, 4, 1),
            )
        ]
        profit = reports.run("profit", FIRST, LAST, till=till, group="week")
        assert profit.values("profit") == weeks.values("profit")

        products: dict[int | None, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for doc in docs:
            for line in doc.lines:
                figures = products[line.product]
                sign = -1 if doc.back else 1
                figures["returned" if doc.back else "quantity"] += line.quantity
                figures["refunds" if doc.back else "gross"] += line.gross
                figures["net"] += sign * line.net
                figures["cost"] += sign * line.cost
        rows = {
            r["product_id"]: r
            for r in as_dicts(reports.run("sales-by-product", FIRST, LAST, till=till))
        }
        assert set(rows) == set(products)
        for key, figures in products.items():
            assert {k: rows[key][k] for k in figures} == dict(figures), (till, key)

        cashiers = as_dicts(reports.run("sales-by-cashier", FIRST, LAST, till=till))
        sold = [d for d in docs if not d.back]
        assert [(r["sales"], r["gross"]) for r in cashiers] == [
            (len(sold), sum(d.gross for d in sold))
        ]
        methods: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for doc in docs:
            for method, amount in doc.payments:
                methods[method]["refunds" if doc.back else "amount"] += amount
        payments = as_dicts(reports.run("sales-by-payment", FIRST, LAST, till=till))
        assert {r["method"]: {k: r[k] for k in methods[str(r["method"])]} for r in payments} == {
            m: dict(f) for m, f in methods.items()
        }
        taxes: dict[tuple[str, D], list[int]] = defaultdict(lambda: [0, 0, 0, 0])
        for doc in docs:
            for code, percent, net, tax in doc.taxes:
                sums = taxes[(code, percent.normalize())]
                sums[2 if doc.back else 0] += net
                sums[3 if doc.back else 1] += tax
        tax_rows = as_dicts(reports.run("tax", FIRST, LAST, till=till))
        assert {
            (r["tax_code"], r["percent"]): [
                r["sales_net"],
                r["sales_tax"],
                r["refunds_net"],
                r["refunds_tax"],
            ]
            for r in tax_rows
        } == dict(taxes)

        listed = as_dicts(reports.run("refunds", FIRST, LAST, till=till))
        assert [(r["number"], r["amount"]) for r in listed if r["section"] == "refund"] == [
            (d.number, d.gross) for d in docs if d.kind == "refund"
        ]
        assert [r["amount"] for r in listed if r["section"] == "credit_note"] == [
            d.gross for d in docs if d.kind == "credit_note"
        ]
        assert {r["number"] for r in listed if r["section"] == "discount"} == {
            d.number for d in sold if sum(line.discount for line in d.lines)
        }
        voids = [r["reason"] for r in listed if r["section"] == "void"]
        assert voids == (["customer changed her mind"] if till == 1 else ["no money"])
    # Till 2 refunded the hub's sale: the refund is till 2's, the sale stays till 1's.
    two_refunds = [d.number for d in documents_of(hub, 2) if d.kind == "refund"]
    assert len(two_refunds) == 1 and two_refunds[0] not in {d.number for d in documents_of(hub, 1)}
    assert set(tills.two_sales) <= {d.number for d in documents_of(hub, 2)}


def _summed(tables: list[ReportTable]) -> dict[Any, list[Any]]:
    """Each row's amounts and counts added up over the tables, by the row's first cell."""
    found: dict[Any, list[Any]] = {}
    for table in tables:
        for row in table.rows:
            sums = found.setdefault(row[0], [0] * len(row))
            for index, (column, cell) in enumerate(zip(table.columns, row, strict=True)):
                additive = column.kind in (ColumnKind.MONEY, ColumnKind.COUNT)
                if index and additive and column.key != "average":
                    sums[index] += cell or 0
                else:
                    sums[index] = None  # the key, a ratio, a quantity of mixed units
    return found


def test_the_tills_reports_add_up_to_the_whole_shop_s(tills: Tills) -> None:
    reports = tills.hub.reports
    for name in DATED:
        if name in ("refunds", "sales-by-category", "promotions"):
            # A list of documents; categories are keyed by name (checked below); these tills
            # run no promotion (tests/services/test_promotions.py reads one till's).
            continue
        shop = reports.run(name, FIRST, LAST)
        each = [reports.run(name, FIRST, LAST, till=till) for till in (1, 2)]
        assert all(t.rows for t in each), name
        whole = _summed([shop])
        assert _summed(each) == {k: whole[k] for k in _summed(each)}, name
        assert set(whole) >= set(_summed(each))
        if name.startswith("sales-by-") and name not in ("sales-by-day",):
            assert set(whole) == set(_summed(each)), name
    listed = [reports.run("refunds", FIRST, LAST, till=till) for till in (1, 2)]
    whole_list = reports.run("refunds", FIRST, LAST)
    assert sorted(map(str, listed[0].rows + listed[1].rows)) == sorted(map(str, whole_list.rows))
    for till_figures, title in ((0, "Refunds"), (1, "Number of cancelled sales")):
        del till_figures
        assert sum(f.value for t in listed for f in t.figures if f.title == title) == next(  # type: ignore[misc]
            f.value for f in whole_list.figures if f.title == title
        )


def test_stock_and_accounts_stay_the_shop_s_when_a_till_is_chosen(tills: Tills) -> None:
    reports = tills.hub.reports
    for name in sorted(SHOP_WIDE):
        shop, one = reports.run(name, FIRST, LAST), reports.run(name, FIRST, LAST, till=2)
        assert one.rows == shop.rows and one.totals == shop.totals, name
        assert one.whole_shop and one.till is None and not shop.whole_shop


def test_the_dashboard_of_one_till(tills: Tills) -> None:
    hub = tills.hub
    day = tills.traded.days[1]
    at(hub, day, 18)
    whole = hub.reports.dashboard()
    for till in (1, 2):
        dash = hub.reports.dashboard(till=till)
        wanted = by_day(documents_of(hub, till))[day]
        assert dash.till == till
        assert (dash.sales.minor, dash.sales_count) == (wanted["gross"], wanted["sales"])
        assert dash.refunds.minor == wanted["refunds"]
        assert dash.gross_profit.minor == wanted["profit"]
        # Stock and what customers owe stay the shop's.
        assert (dash.low_stock, dash.receivables, dash.overdue) == (
            whole.low_stock,
            whole.receivables,
            whole.overdue,
        )
        assert len(dash.last_30_days) == 30
    ones = [hub.reports.dashboard(till=till) for till in (1, 2)]
    assert sum(d.sales.minor for d in ones) == whole.sales.minor
    assert [
        a[1].minor + b[1].minor for a, b in zip(*(d.last_30_days for d in ones), strict=True)
    ] == [amount.minor for _day, amount in whole.last_30_days]
    # The drawer is this computer's, till 1's; till 2's is counted at till 2.
    assert ones[0].cash_expected == whole.cash_expected is not None
    assert ones[1].cash_expected is None


def test_one_till_leaves_the_shop_s_summaries_alone_and_no_tables_behind(
    tills: Tills, monkeypatch: pytest.MonkeyPatch
) -> None:
    hub = tills.hub
    hub.reports.run("sales-by-day", FIRST, LAST)  # the documents that waited, folded in
    before = main_summaries(hub)
    for name in DATED:
        hub.reports.run(name, FIRST, LAST, till=2)
        assert temp_tables(hub) == [], name
    hub.reports.dashboard(till=2)
    assert temp_tables(hub) == []
    assert main_summaries(hub) == before
    assert hub.maintenance.verify()  # runs; the summaries still equal the documents
    assert summaries.problems(hub.context.db) == []

    def broken(*_args: object) -> ReportTable:
        assert temp_tables(hub)  # the one-till tables are there while a report runs
        raise RuntimeError("a report that breaks")

    monkeypatch.setitem(BUILDERS, "profit", broken)
    with pytest.raises(RuntimeError):
        hub.reports.run("profit", FIRST, LAST, till=2)
    assert temp_tables(hub) == [] and not hub.context.db.in_transaction
    assert main_summaries(hub) == before


def test_one_till_reads_on_a_read_only_connection(tills: Tills) -> None:
    path = Path(hub_path(tills.hub))
    conn = sql.open_read_only(path)
    try:
        conn.execute("BEGIN")
        with summaries.one_till(conn, 2, FIRST, LAST):
            (gross,) = conn.execute(
                "SELECT sum(gross) FROM report_days WHERE kind = 'sale'"
            ).fetchall()[0]
        # Only the days asked for: the other tables are there, empty, never the shop's.
        with summaries.one_till(conn, 2, FIRST, LAST, ()):
            counts = [
                conn.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0]
                for t in ("report_days", "report_products", "report_product_months")
            ]
        conn.execute("COMMIT")
        assert counts[0] > 0 and counts[1:] == [0, 0]
        assert conn.execute("SELECT count(*) FROM sqlite_temp_master").fetchone()[0] == 0
    finally:
        conn.close()
    wanted = sum(d.gross for d in documents_of(tills.hub, 2) if d.kind == "sale")
    assert gross == wanted


def hub_path(shop: Shop) -> str:
    from duka.store.database import database_path

    return database_path(shop.context.db)


def test_an_unknown_till_is_refused(tills: Tills) -> None:
    with pytest.raises(InvalidInput) as refused:
        tills.hub.reports.run("sales-by-day", FIRST, LAST, till=3)
    assert "no till 3" in refused.value.message and "1, 2" in refused.value.message
    with pytest.raises(InvalidInput):
        tills.hub.reports.dashboard(till=0)


def test_on_a_shop_of_one_till_its_reports_are_the_shop_s(shop: Shop) -> None:
    reports = trade(shop, True).shop.reports
    for name in REPORT_NAMES:
        whole, one = reports.run(name, FIRST, LAST), reports.run(name, FIRST, LAST, till=1)
        assert (list(one.rows), one.totals, one.figures) == (
            list(whole.rows),
            whole.totals,
            whole.figures,
        ), name


def test_duka_report_takes_a_till(tills: Tills, capsys: pytest.CaptureFixture[str]) -> None:
    path = hub_path(tills.hub)
    code = main(["report", "sales-by-month", "--db", path, "--from", "2026-03-01",
                 "--to", "2026-03-31", "--till", "2"])  # fmt: skip
    out = capsys.readouterr().out.splitlines()
    assert code == 0 and out[0].startswith("month,")
    wanted = tills.hub.reports.run(
        "sales-by-month", dt.date(2026, 3, 1), dt.date(2026, 3, 31), till=2
    )
    gross = wanted.index("gross")
    assert D(out[1].split(",")[gross]) == D(wanted.rows[0][gross]) / 100  # type: ignore[arg-type]
    code = main(["report", "profit", "--db", path, "--till", "5"])
    assert code == 2 and "no till 5" in capsys.readouterr().err


def test_the_pdf_says_whose_figures_it_holds(tills: Tills, tmp_path: Path) -> None:
    from tests.documents.pdf_reading import page_texts

    reports = tills.hub.reports
    path = tmp_path / "one.pdf"
    reports.write_pdf(reports.run("sales-by-month", FIRST, LAST, till=2), path)
    text = " ".join(page_texts(path)[0].split())
    assert "Only the sales, refunds and invoices of Till 2: Back counter" in text
    reports.write_pdf(reports.run("stock-valuation", FIRST, LAST, till=2), path)
    assert "whole shop" in " ".join(page_texts(path)[0].split())
    reports.write_pdf(reports.run("sales-by-month", FIRST, LAST), path)
    text = " ".join(page_texts(path)[0].split())
    assert "Only the sales" not in text and "whole shop" not in text
