"""Input tax on purchases: a registered shop's deliveries and supplier returns carry the
tax of their suppliers' invoices, rounded once per rate on the document; the stock is valued
before tax and the supplier is owed (or credits) the total with it; an unregistered shop sees
nothing change; bad input writes nothing. The tax summary against the documents: every
delivery's and return's tax worked out again here from its lines, with the sales' output tax
and the expenses' input tax, in a shop whose days are not UTC days, for prices with and
without tax."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import defaultdict
from collections.abc import Iterator
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest

from duka.core import settings as spec
from duka.core.errors import InvalidInput
from duka.core.money import Money
from duka.core.purchases import OrderLineDraft, PurchaseOrderDraft, SupplierReturnDraft
from duka.core.quantity import Quantity
from duka.core.suppliers import GoodsReceivedDraft, ReceivedLine, SupplierDraft
from duka.services.shop import Shop
from duka.store.database import transaction
from tests.services.test_profit_and_loss import back_office
from tests.services.test_reports import (
    Trade,
    documents,
    half_up,
    kolkata,
    local_day,
    product,
    set_up,
    times,
    trade,
)

__all__ = ["kolkata"]  # the fixture, used by name

PERCENTS = {"S": Fraction(16), "R": Fraction(8), "E": Fraction(0)}


def kes(amount: str) -> Money:
    return Money.of(amount, "KES")


def came(product_id: int, quantity: str, cost: str, code: str | None) -> ReceivedLine:
    return ReceivedLine(product_id, Quantity.of(quantity), kes(cost), code)


def counts(shop: Shop) -> tuple[int, ...]:
    tables = (
        "goods_received",
        "goods_received_lines",
        "goods_received_taxes",
        "supplier_returns",
        "supplier_return_lines",
        "supplier_return_taxes",
        "supplier_ledger",
        "stock_movements",
        "journal",
    )
    db = shop.context.db
    return tuple(int(db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]) for t in tables)


def verify_problems(shop: Shop) -> dict[str, tuple[str, ...]]:
    return {r.name: r.problems for r in shop.maintenance.verify() if r.problems}


def by_rate(lines: list[tuple[int, int, str | None]]) -> dict[str, tuple[int, int]]:
    """(quantity in thousandths, unit cost, code) lines: each rate's amount before tax (each
    line rounded once) and its tax, rounded once on that amount, halves up."""
    nets: dict[str, int] = defaultdict(int)
    for milli, cost, code in lines:
        nets[code or ""] += times(cost, milli)
    return {
        code: (net, half_up(Fraction(net) * PERCENTS.get(code, Fraction(0)) / 100))
        for code, net in nets.items()
    }


@pytest.fixture
def registered(kenya_shop: Shop) -> Shop:
    set_up(kenya_shop, inclusive=False)
    return kenya_shop


# -- receiving ---------------------------------------------------------------------------------


def test_a_delivery_s_tax_is_rounded_once_per_rate_and_the_supplier_is_owed_it(
    registered: Shop,
) -> None:
    shop = registered
    soap = product(shop, "Sabuni", "55", "40", stock="10")
    tea = product(shop, "Chai", "30", "20", tax="R", stock="0")
    milk = product(shop, "Maziwa", "60", "45", tax="E", stock="0")
    salt = product(shop, "Chumvi", "25", "17", tax=None, stock="0")
    supplier = shop.suppliers.add(SupplierDraft("Pwani Wholesalers", "0733", "P051999999Z"))
    lines = (
        came(soap, "1", "0.03", "S"),  # 0.48 cents of tax alone: 0 on each line, 1 on both
        came(soap, "1", "0.03", "S"),
        came(tea, "7", "2.17", "R"),
        came(milk, "2", "45", "E"),
        came(salt, "3", "16.5", None),
    )
    number = shop.suppliers.receive(GoodsReceivedDraft(supplier, lines, reference="INV-881"))
    db = shop.context.db
    expected = by_rate([(ln.quantity.milli, ln.unit_cost.minor, ln.tax_code) for ln in lines])
    assert expected["S"] == (6, 1) and expected["R"] == (1519, 122)
    rates = {
        code: (net, tax)
        for code, net, tax in db.execute(
            "SELECT t.tax_code, t.net, t.tax FROM goods_received_taxes t "
            "JOIN goods_received r ON r.id = t.receipt_id WHERE r.number = ?",
            (number,),
        )
    }
    assert rates == expected
    net = sum(n for n, _t in expected.values())
    tax = sum(t for _n, t in expected.values())
    total, stored_tax, reference = db.execute(
        "SELECT total, tax, reference FROM goods_received WHERE number = ?", (number,)
    ).fetchone()
    assert (total, stored_tax, reference) == (net + tax, tax, "INV-881")
    # The supplier is owed the total with tax; the stock came in at the cost before tax.
    assert shop.suppliers.get(supplier).owed.minor == net + tax
    costs = db.execute(
        "SELECT product_id, unit_cost FROM stock_movements WHERE document = ? ORDER BY id",
        (number,),
    ).fetchall()
    assert costs == [(ln.product_id, ln.unit_cost.minor) for ln in lines]
    assert shop.products.get(tea).draft.cost_price == kes("2.17")
    # Ten soaps at 40 and two at 0.03: the average of the costs before tax.
    assert shop.products.get(soap).draft.cost_price == kes("33.34")
    assert verify_problems(shop) == {}
    delivery = shop.suppliers.deliveries(supplier)[0]
    assert delivery.total.minor == net + tax
    # Paid on the spot: the payment is the total with the tax.
    paid = shop.suppliers.receive(
        GoodsReceivedDraft(supplier, (came(tea, "1", "100", "R"),), paid=True, reference="C-1")
    )
    assert db.execute(
        "SELECT amount FROM supplier_payments WHERE reference LIKE ?", (f"{paid}%",)
    ).fetchone() == (10800,)
    assert shop.suppliers.get(supplier).owed.minor == net + tax


def test_an_unregistered_shop_s_deliveries_stay_as_they_were(kenya_shop: Shop) -> None:
    shop = kenya_shop
    shop.settings.save({spec.TAX_RATES.key: ()})
    soap = product(shop, "Sabuni", "55", "40", tax=None, stock="0")
    supplier = shop.suppliers.add(SupplierDraft("Pwani Wholesalers", "0733"))
    before = counts(shop)
    with pytest.raises(InvalidInput) as refused:
        shop.suppliers.receive(
            GoodsReceivedDraft(supplier, (came(soap, "2", "40", "S"),), reference="INV-1")
        )
    assert "not registered" in refused.value.message
    assert counts(shop) == before
    number = shop.suppliers.receive(GoodsReceivedDraft(supplier, (came(soap, "2", "40", None),)))
    db = shop.context.db
    assert db.execute(
        "SELECT total, tax FROM goods_received WHERE number = ?", (number,)
    ).fetchone() == (8000, 0)
    assert db.execute("SELECT count(*) FROM goods_received_taxes").fetchone() == (0,)
    assert shop.suppliers.get(supplier).owed.minor == 8000
    # Its journal record is the one a delivery always had: no tax part.
    content = db.execute(
        "SELECT content FROM journal WHERE kind = 'goods_received' ORDER BY seq DESC LIMIT 1"
    ).fetchone()[0]
    assert b"|" not in bytes(content)
    assert verify_problems(shop) == {}


def test_bad_input_is_refused_and_writes_nothing(registered: Shop) -> None:
    shop = registered
    soap = product(shop, "Sabuni", "55", "40", stock="10")
    supplier = shop.suppliers.add(SupplierDraft("Pwani Wholesalers", "0733"))
    before = counts(shop)
    with pytest.raises(InvalidInput) as unknown:
        shop.suppliers.receive(
            GoodsReceivedDraft(supplier, (came(soap, "1", "40", "X"),), reference="INV-2")
        )
    assert "no tax rate X" in unknown.value.message
    with pytest.raises(InvalidInput) as no_invoice:
        shop.suppliers.receive(GoodsReceivedDraft(supplier, (came(soap, "1", "40", "S"),)))
    assert "tax invoice" in no_invoice.value.message
    with pytest.raises(InvalidInput):
        shop.suppliers.receive(
            GoodsReceivedDraft(supplier, (came(soap, "1", "-1", "S"),), reference="INV-3")
        )
    with pytest.raises(InvalidInput):
        shop.purchases.return_goods(
            SupplierReturnDraft(
                supplier, (OrderLineDraft(soap, Quantity.of(1), kes("40"), "X"),), "damaged"
            )
        )
    assert counts(shop) == before
    # Tax at 0% or exempt needs no invoice number: there is nothing to claim.
    shop.suppliers.receive(GoodsReceivedDraft(supplier, (came(soap, "1", "40", "E"),)))


def test_receiving_against_an_order_with_tax_names_the_supplier_s_invoice(
    registered: Shop,
) -> None:
    shop = registered
    soap = product(shop, "Sabuni", "55", "40")
    supplier = shop.suppliers.add(SupplierDraft("Pwani Wholesalers", "0733"))
    order = shop.purchases.find(
        shop.purchases.create(
            PurchaseOrderDraft(supplier, (OrderLineDraft(soap, Quantity.of(10), kes("40")),))
        )
    )
    before = counts(shop)
    with pytest.raises(InvalidInput):  # the order's number is no tax invoice's
        shop.purchases.receive(order.id, [came(soap, "4", "40", "S")])
    assert counts(shop) == before
    first = shop.purchases.receive(order.id, [came(soap, "4", "40", "S")], reference="INV-7")
    second = shop.purchases.receive(order.id, [came(soap, "6", "40", None)])
    db = shop.context.db
    rows = db.execute(
        "SELECT number, reference, total, tax FROM goods_received ORDER BY id"
    ).fetchall()
    assert rows == [(first, "INV-7", 18560, 2560), (second, order.number, 24000, 0)]
    assert shop.purchases.get(order.id).state.value == "received"
    assert shop.suppliers.get(supplier).owed.minor == 18560 + 24000
    assert verify_problems(shop) == {}


def test_goods_sent_back_reverse_their_input_tax(registered: Shop) -> None:
    shop = registered
    soap = product(shop, "Sabuni", "55", "40", stock="0")
    tea = product(shop, "Chai", "30", "20", tax="R", stock="0")
    supplier = shop.suppliers.add(SupplierDraft("Pwani Wholesalers", "0733"))
    shop.suppliers.receive(
        GoodsReceivedDraft(
            supplier, (came(soap, "10", "40.01", "S"), came(tea, "10", "20", "R")), reference="I-1"
        )
    )
    owed = shop.suppliers.get(supplier).owed.minor
    back = (
        OrderLineDraft(soap, Quantity.of(3), kes("40.01"), "S"),
        OrderLineDraft(tea, Quantity.of(1), kes("20"), "R"),
    )
    number = shop.purchases.return_goods(SupplierReturnDraft(supplier, back, "damaged"))
    expected = by_rate([(ln.quantity.milli, ln.unit_cost.minor, ln.tax_code) for ln in back])
    assert expected == {"S": (12003, 1920), "R": (2000, 160)}
    db = shop.context.db
    total, tax = db.execute(
        "SELECT total, tax FROM supplier_returns WHERE number = ?", (number,)
    ).fetchone()
    assert (total, tax) == (12003 + 2000 + 1920 + 160, 1920 + 160)
    assert shop.suppliers.get(supplier).owed.minor == owed - total
    assert db.execute(
        "SELECT product_id, quantity, unit_cost FROM stock_movements WHERE document = ? "
        "ORDER BY id",
        (number,),
    ).fetchall() == [(soap, -3000, 4001), (tea, -1000, 2000)]
    assert verify_problems(shop) == {}


def test_verify_finds_a_delivery_s_tax_changed_outside_duka(registered: Shop) -> None:
    shop = registered
    soap = product(shop, "Sabuni", "55", "40")
    supplier = shop.suppliers.add(SupplierDraft("Pwani Wholesalers", "0733"))
    number = shop.suppliers.receive(
        GoodsReceivedDraft(supplier, (came(soap, "10", "40", "S"),), reference="INV-9")
    )
    db = shop.context.db
    with transaction(db):
        db.execute("DROP TRIGGER goods_received_taxes_no_update")
        db.execute("UPDATE goods_received_taxes SET tax = tax + 100")
    found = verify_problems(shop)
    assert any(number in problem for problems in found.values() for problem in problems), found


# -- the tax summary -----------------------------------------------------------------------------


def bought(shop: Shop, traded: Trade) -> None:
    """Deliveries with tax either side of local midnight at the period's edges, one without
    tax, and goods sent back, around the trade and its expenses."""
    p = traded.products
    supplier = shop.suppliers.add(SupplierDraft("Mombasa Traders", "0744", "P051000111K"))

    def on(moment: dt.datetime) -> None:
        shop.context.clock = lambda: moment

    local = dt.datetime.astimezone
    on(local(dt.datetime(2026, 1, 31, 23, 50)))  # the day before the period
    shop.suppliers.receive(
        GoodsReceivedDraft(supplier, (came(p["soap"], "5", "39.99", "S"),), reference="A-1")
    )
    on(local(dt.datetime(2026, 2, 1, 0, 10)))  # its first minutes: 18:40 UTC the day before
    shop.suppliers.receive(
        GoodsReceivedDraft(
            supplier,
            (
                came(p["soap"], "12", "40.13", "S"),
                came(p["tea"], "9", "21.07", "R"),
                came(p["milk"], "24", "45.50", "E"),
                came(p["rice"], "10.375", "93.37", "S"),
                came(p["salt"], "40", "16.5", None),
            ),
            reference="A-2",
        )
    )
    on(local(dt.datetime(2026, 3, 10, 12)))
    shop.suppliers.receive(GoodsReceivedDraft(supplier, (came(p["oil"], "3", "250", None),)))
    on(local(dt.datetime(2026, 3, 11, 9)))
    shop.purchases.return_goods(
        SupplierReturnDraft(
            supplier,
            (
                OrderLineDraft(p["soap"], Quantity.of(2), kes("40.13"), "S"),
                OrderLineDraft(p["tea"], Quantity.of(1), kes("21.07"), "R"),
            ),
            "damaged",
        )
    )
    on(local(dt.datetime(2026, 4, 30, 23, 55)))  # the period's last minutes
    shop.suppliers.receive(
        GoodsReceivedDraft(supplier, (came(p["tea"], "3", "0.05", "R"),), reference="A-3")
    )
    on(local(dt.datetime(2026, 5, 1, 0, 5)))  # after it
    shop.suppliers.receive(
        GoodsReceivedDraft(supplier, (came(p["soap"], "1", "40", "S"),), reference="A-4")
    )


@pytest.fixture(params=[True, False], ids=["inclusive", "exclusive"])
def books(shop: Shop, kolkata: None, request: pytest.FixtureRequest) -> Iterator[Trade]:
    traded = trade(shop, request.param)
    back_office(traded)
    bought(shop, traded)
    yield traded


FIRST, LAST = dt.date(2026, 2, 1), dt.date(2026, 4, 30)


def wanted(shop: Shop) -> dict[str, dict[str, int]]:
    """The tax summary worked out from the documents, by code."""
    db = shop.context.db
    rates: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for doc in documents(db):
        if FIRST <= doc.day <= LAST:
            sign = -1 if doc.back else 1
            for code, _percent, net, tax in doc.taxes:
                rates[code]["sales_net"] += sign * net
                rates[code]["output_tax"] += sign * tax
    for table, lines, parent, sign in (
        ("goods_received", "goods_received_lines", "receipt_id", 1),
        ("supplier_returns", "supplier_return_lines", "return_id", -1),
    ):
        for document, stamp, total in db.execute(f"SELECT id, at, total FROM {table}"):
            if not FIRST <= local_day(stamp) <= LAST:
                continue
            found = by_rate(
                db.execute(
                    f"SELECT quantity, unit_cost, tax_code FROM {lines} WHERE {parent} = ?",
                    (document,),
                ).fetchall()
            )
            assert total == sum(net + tax for net, tax in found.values())
            for code, (net, tax) in found.items():
                rates[code]["purchases_net"] += sign * net
                rates[code]["purchases_tax"] += sign * tax
    for day, code, net, tax in db.execute("SELECT day, tax_code, net, tax FROM expenses"):
        if FIRST <= dt.date.fromisoformat(day) <= LAST:
            rates[code or ""]["expenses_net"] += net
            rates[code or ""]["expenses_tax"] += tax
    for figures in rates.values():
        figures["input_tax"] = figures["purchases_tax"] + figures["expenses_tax"]
        figures["balance"] = figures["output_tax"] - figures["input_tax"]
    return rates


def test_the_tax_summary_equals_the_documents_rate_by_rate(books: Trade) -> None:
    shop = books.shop
    table = shop.reports.run("tax-summary", FIRST, LAST)
    rates = wanted(shop)
    rows = {str(r[0]): dict(zip(table.keys, r, strict=True)) for r in table.rows}
    assert set(rows) == set(rates) == {"", "S", "R", "E"}
    for code, row in rows.items():
        figures = {k: v for k, v in row.items() if k not in ("tax_code", "name", "percent")}
        assert figures == {k: rates[code].get(k, 0) for k in figures}, code
    assert [rows[c]["percent"] for c in ("", "S", "R", "E")] == [0, 16, 8, 0]
    # Every part of the input tax is there: deliveries less returns, and expenses.
    assert rows["S"]["purchases_tax"] and rows["R"]["purchases_tax"] and rows["S"]["expenses_tax"]
    assert rows["E"]["purchases_net"] and not rows["E"]["purchases_tax"]
    assert table.total("input_tax") == sum(f["input_tax"] for f in rates.values())
    assert table.total("balance") == sum(f["balance"] for f in rates.values())
    # The delivery of the period's first local minutes (the day before in UTC) counts: the
    # only exempt goods bought.
    assert rows["E"]["purchases_net"] == 24 * 4550
    # This till's report: every delivery is this till's.
    assert shop.reports.run("tax-summary", FIRST, LAST, till=1).rows == table.rows


def test_the_tax_summary_s_files_hold_the_same_figures(books: Trade, tmp_path: Path) -> None:
    from tests.documents.pdf_reading import page_texts

    shop = books.shop
    table = shop.reports.run("tax-summary", FIRST, LAST)
    rows = shop.reports.csv_rows(table)
    assert rows[0] == [
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
    rates = wanted(shop)
    for row in rows[1:]:
        for key, text in zip(rows[0][3:], row[3:], strict=True):
            assert Decimal(text) == Decimal(rates[row[0]].get(key, 0)) / 100, (row[0], key)
        assert Decimal(row[9]) == Decimal(row[6]) + Decimal(row[8])
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    assert "purchases_tax" in out.getvalue()
    assert shop.reports.write_xlsx(table, tmp_path / "tax.xlsx") == len(table.rows)
    shop.reports.write_pdf(table, tmp_path / "tax.pdf")
    text = " ".join(" ".join(page_texts(tmp_path / "tax.pdf")).split())
    assert "Tax on purchases" in text and "claim back" in text


def test_the_tax_summary_reads_deliveries_and_returns_by_their_day(registered: Shop) -> None:
    """Through the index of their times, never the whole table: a shop's years of deliveries
    stay quick to sum for one quarter."""
    from duka.store.report_reads import PURCHASE_TAXES_SQL, _of_till

    db = registered.context.db
    for table, rates, parent in (
        ("goods_received", "goods_received_taxes", "receipt_id"),
        ("supplier_returns", "supplier_return_taxes", "return_id"),
    ):
        for till in (None, (0, 10**9)):
            sql = PURCHASE_TAXES_SQL.format(
                returned=0, table=table, rates=rates, parent=parent, till=_of_till("d", till)
            )
            plan = " ".join(
                str(row[-1])
                for row in db.execute(
                    f"EXPLAIN QUERY PLAN {sql}", {"since": "2026-01-01", "until": "2026-04-01"}
                )
            )
            assert f"SEARCH d USING COVERING INDEX {table}_at" in plan, plan
            assert "SCAN d" not in plan, plan
