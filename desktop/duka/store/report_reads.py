"""The reads behind the reports: the daily summary rows (kept by store.summaries) added up
over a period, and the lists and balances that reports read straight from the documents and
ledgers. Each read gives named, typed rows (core.report_rows); the services make report
tables of them.

Money is read in integer minor units; a counter document's time becomes the shop computer's
local date here (`local_day`), as the summaries date it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from operator import itemgetter

from duka.core.report_rows import (
    CancelledSale,
    CashierSums,
    Contact,
    CreditNoteEntry,
    DaySums,
    DiscountEntry,
    ExpenseCategory,
    ExpenseTax,
    MonthSums,
    Owing,
    PayableEntry,
    PaymentSums,
    ProductLabel,
    ProductSums,
    PurchaseTax,
    RefundEntry,
    Rows,
    StockHolding,
    TaxSums,
    UnsoldStock,
)
from duka.core.reports import DocKind
from duka.store.sql import Executor
from duka.store.summaries import rounded_sql


def local_day(at: str) -> dt.date:
    """The shop computer's local date of a stored UTC time."""
    return dt.datetime.fromisoformat(at).astimezone().date()


# Rows of the longer reads are made with tuple.__new__, and a day's kind is found in a dict:
# the named tuple's own constructor and the enum's are Python functions, and calling them
# for each row made sales by day over three years, and receivables, a tenth slower to read.
_new = tuple.__new__
_KINDS = {kind.value: kind for kind in DocKind}
_DAY = dt.date.fromisoformat


def day_rows(conn: Executor, first: str, last: str) -> list[DaySums]:
    """Each day's summary per kind of document, of the days first..last."""
    return [
        _new(DaySums, (_DAY(day), _KINDS[kind], documents, gross, net, tax, discount, cost))
        for day, kind, documents, gross, net, tax, discount, cost in conn.execute(
            "SELECT day, kind, documents, gross, net, tax, discount, cost FROM report_days "
            "WHERE day BETWEEN ? AND ?",
            (first, last),
        )
    ]


# A period's products as whole months, whole weeks and the days left over (core.reports.spans):
# seven ranges, those not needed empty, so that the statement (and its plan) never changes.
# Each range is a search of its table's key; the sums are of what a report shows.
_PIECE = "product_id, quantity, back_quantity, gross, back_gross, tax, back_tax, cost, back_cost"
PRODUCTS_SQL = f"""
    SELECT a.product_id, p.category_id, a.quantity, a.returned, a.gross, a.refunds, a.tax,
        a.cost
    FROM (
        SELECT product_id, sum(quantity) AS quantity, sum(back_quantity) AS returned,
            sum(gross) AS gross, sum(back_gross) AS refunds, sum(tax - back_tax) AS tax,
            sum(cost - back_cost) AS cost
        FROM (
            SELECT {_PIECE} FROM report_product_months WHERE month BETWEEN ? AND ?
            UNION ALL SELECT {_PIECE} FROM report_product_weeks WHERE week BETWEEN ? AND ?
            UNION ALL SELECT {_PIECE} FROM report_product_weeks WHERE week BETWEEN ? AND ?
            UNION ALL SELECT {_PIECE} FROM report_products WHERE day BETWEEN ? AND ?
            UNION ALL SELECT {_PIECE} FROM report_products WHERE day BETWEEN ? AND ?
            UNION ALL SELECT {_PIECE} FROM report_products WHERE day BETWEEN ? AND ?
            UNION ALL SELECT {_PIECE} FROM report_products WHERE day BETWEEN ? AND ?
        ) GROUP BY product_id
    ) a LEFT JOIN products p ON p.id = a.product_id
"""
_NONE = ("9", "0")  # a range with nothing in it


def horizon(conn: Executor) -> dt.date | None:
    """The last day with documents."""
    row = conn.execute("SELECT max(day) FROM report_days").fetchone()
    return dt.date.fromisoformat(row[0]) if row and row[0] else None


def products_parameters(first: dt.date, last: dt.date, end: dt.date | None) -> list[str]:
    """PRODUCTS_SQL's parameters for the days first..last (`end`: `horizon`)."""
    from duka.core.reports import spans

    found = spans(first, last, end)
    months = [d.strftime("%Y-%m") for d in found.months] if found.months else list(_NONE)
    weeks = [d.isoformat() for span in found.weeks for d in span]
    days = [d.isoformat() for span in found.days for d in span]
    return (
        months
        + weeks
        + list(_NONE) * (2 - len(found.weeks))
        + days
        + list(_NONE) * (4 - len(found.days))
    )


def product_rows(conn: Executor, first: dt.date, last: dt.date) -> Rows[ProductSums]:
    """Each product's figures over the days first..last, most sold (gross) first. Only
    numbers: a month of a busy shop sells 20,000 products, and reading their names and codes
    with the sums made Python build three strings a row that a screen shows a page of
    (`product_labels` reads a page's)."""
    parameters = products_parameters(first, last, horizon(conn))
    rows = conn.execute(PRODUCTS_SQL, parameters).fetchall()
    # Sorted here: SQLite's sorter carries every column of 20,000 rows and took twice as
    # long as the query without it. (The rows come by product already, which the first
    # sort only confirms.)
    rows.sort(key=_BY_PRODUCT)
    rows.sort(key=_BY_GROSS, reverse=True)
    return Rows(ProductSums, rows)


_BY_PRODUCT = itemgetter(ProductSums._fields.index("product_id"))
_BY_GROSS = itemgetter(ProductSums._fields.index("gross"))


def product_labels(conn: Executor, ids: Sequence[int]) -> dict[int, ProductLabel]:
    """The labels of the products `ids` that exist (a report's page: 512 at most is one
    statement)."""
    found: dict[int, ProductLabel] = {}
    for start in range(0, len(ids), 512):
        chunk = list(ids[start : start + 512])
        marks = ",".join("?" * len(chunk))
        for pid, name, sku, unit in conn.execute(
            f"SELECT id, name, sku, unit FROM products WHERE id IN ({marks})", chunk
        ):
            found[int(pid)] = ProductLabel(str(name), sku, str(unit))
    return found


CASHIERS_SQL = """
    SELECT actor, sum(sales), sum(gross), sum(discount), sum(refunds), sum(refunded)
    FROM report_cashiers WHERE day BETWEEN ? AND ? GROUP BY +actor
"""


def cashier_rows(conn: Executor, first: str, last: str) -> list[CashierSums]:
    """What each person sold and refunded on the days first..last."""
    return list(map(CashierSums._make, conn.execute(CASHIERS_SQL, (first, last))))


PAYMENTS_SQL = """
    SELECT method, sum(payments), sum(amount), sum(refunds), sum(refunded)
    FROM report_payments WHERE day BETWEEN ? AND ? GROUP BY +method
"""


def payment_rows(conn: Executor, first: str, last: str) -> list[PaymentSums]:
    """What each payment method took and paid back on the days first..last."""
    return list(map(PaymentSums._make, conn.execute(PAYMENTS_SQL, (first, last))))


TAXES_SQL = """
    SELECT tax_code, percent, max(exempt), sum(sales_net), sum(sales_tax), sum(refunds_net),
        sum(refunds_tax),
        (SELECT name FROM report_taxes n WHERE n.tax_code = t.tax_code
            AND n.percent = t.percent AND n.day <= ? ORDER BY n.day DESC LIMIT 1)
    FROM report_taxes t WHERE day BETWEEN ? AND ? GROUP BY +tax_code, +percent
"""


def tax_rows(conn: Executor, first: str, last: str) -> list[TaxSums]:
    """Each tax rate's figures on the days first..last."""
    return [
        TaxSums(code, percent, bool(exempt), s_net, s_tax, r_net, r_tax, name)
        for code, percent, exempt, s_net, s_tax, r_net, r_tax, name in conn.execute(
            TAXES_SQL, (last, first, last)
        )
    ]


# The documents a list reads may be one till's: its ids (low, high], as `+id` so that the
# times or dates still choose the index. Nothing is added to the SQL for every till's.
Ids = tuple[int, int] | None


def _of_till(alias: str, ids: Ids) -> str:
    if ids is None:
        return ""
    return f" AND +{alias}.id > {int(ids[0])} AND +{alias}.id <= {int(ids[1])}"


def refund_list(conn: Executor, since: str, until: str, ids: Ids = None) -> list[RefundEntry]:
    """Refunds made in [since, until) (of the till whose ids are `ids`), in the order they
    were made."""
    return [
        _new(RefundEntry, (local_day(at), number, actor, sale, reason, gross))
        for at, number, actor, sale, reason, gross in conn.execute(
            "SELECT f.at, f.number, f.actor, s.number, f.reason, f.gross FROM refunds f "
            f"JOIN sales s ON s.id = f.sale_id WHERE f.at >= ? AND f.at < ?{_of_till('f', ids)} "
            "ORDER BY f.at, f.id",
            (since, until),
        )
    ]


def credit_note_list(
    conn: Executor, first: str, last: str, ids: Ids = None
) -> list[CreditNoteEntry]:
    """Credit notes issued first..last (of the till whose ids are `ids`), in the order they
    were issued."""
    return [
        _new(CreditNoteEntry, (_DAY(day), number, actor, invoice, notes, gross))
        for day, number, actor, invoice, notes, gross in conn.execute(
            "SELECT n.issue_date, n.number, n.actor, ifnull(i.number, ''), n.notes, n.gross "
            "FROM invoices n LEFT JOIN invoices i ON i.id = n.source_id "
            "WHERE n.kind = 'credit_note' AND n.state = 'issued' "
            f"AND n.issue_date BETWEEN ? AND ?{_of_till('n', ids)} ORDER BY n.issue_date, n.id",
            (first, last),
        )
    ]


def discount_list(
    conn: Executor, since: str, until: str, first: str, last: str, ids: Ids = None
) -> list[DiscountEntry]:
    """Sales made in [since, until), then invoices issued first..last, that were sold below
    their list prices (of the till whose ids are `ids`)."""
    sales = conn.execute(
        f"""
        SELECT * FROM (
            SELECT s.at, s.number, s.actor, ifnull(s.approved_by, ''),
                (SELECT sum({rounded_sql("l.list_price", "l.quantity")} - l.amount)
                    FROM sale_lines l WHERE l.sale_id = s.id) AS discount
            FROM sales s WHERE s.at >= ? AND s.at < ?{_of_till("s", ids)} ORDER BY s.id
        ) WHERE discount != 0
        """,
        (since, until),
    ).fetchall()
    invoices = conn.execute(
        f"""
        SELECT * FROM (
            SELECT i.issue_date, i.number, i.actor, '',
                (SELECT sum({rounded_sql("l.unit_price", "l.quantity")} - l.amount)
                    FROM invoice_lines l WHERE l.invoice_id = i.id) AS discount
            FROM invoices i WHERE i.kind = 'invoice' AND i.state = 'issued'
                AND i.sale_id IS NULL AND i.issue_date BETWEEN ? AND ?{_of_till("i", ids)}
            ORDER BY i.id
        ) WHERE discount != 0
        """,
        (first, last),
    ).fetchall()
    return [
        _new(DiscountEntry, (local_day(at), number, actor, approved_by, discount))
        for at, number, actor, approved_by, discount in sales
    ] + [
        _new(DiscountEntry, (_DAY(day), number, actor, approved_by, discount))
        for day, number, actor, approved_by, discount in invoices
    ]


def cancelled_sales(conn: Executor, since: str, until: str, ids: Ids = None) -> list[CancelledSale]:
    """Sales cancelled at the till in [since, until) (at the till whose ids are `ids`: an
    audit entry's id is its till's too), as the audit trail holds them."""
    return [
        _new(CancelledSale, (local_day(at), actor, before, after))
        for at, actor, before, after in conn.execute(
            "SELECT a.at, a.actor, a.before, a.after FROM audit a "
            "WHERE a.action = 'sale_cancelled' "
            f"AND a.at >= ? AND a.at < ?{_of_till('a', ids)} ORDER BY a.at, a.id",
            (since, until),
        )
    ]


# -- the profit and loss and the tax summary: expenses and stock written off -----------------
# An expense is dated by its day; a till's are those with ids in its range, as its documents.


def expense_categories(conn: Executor) -> list[ExpenseCategory]:
    """Every expense category, the starting list's first (by id)."""
    return [
        _new(ExpenseCategory, (int(i), key, str(name)))
        for i, key, name in conn.execute("SELECT id, key, name FROM expense_categories ORDER BY id")
    ]


EXPENSES_SQL = """
    SELECT substr(day, 1, 7), category_id, sum(net) FROM expenses
    WHERE day BETWEEN ? AND ?{till} GROUP BY 1, 2
"""


def expense_months(conn: Executor, first: str, last: str, ids: Ids = None) -> list[MonthSums]:
    """Each month's expenses (before tax) by category, of the days first..last."""
    return [
        _new(MonthSums, (str(month), int(category), int(net)))
        for month, category, net in conn.execute(
            EXPENSES_SQL.replace("{till}", _of_till("expenses", ids)), (first, last)
        )
    ]


EXPENSE_TAXES_SQL = """
    SELECT ifnull(tax_code, ''), sum(net), sum(tax) FROM expenses
    WHERE day BETWEEN ? AND ?{till} GROUP BY 1
"""


def expense_taxes(conn: Executor, first: str, last: str, ids: Ids = None) -> list[ExpenseTax]:
    """The expenses of the days first..last by tax code: before tax and their input tax."""
    return [
        _new(ExpenseTax, (str(code), int(net), int(tax)))
        for code, net, tax in conn.execute(
            EXPENSE_TAXES_SQL.replace("{till}", _of_till("expenses", ids)), (first, last)
        )
    ]


# What deliveries (and goods sent back) came to by rate, in [since, until): from their rates
# when they carry tax, else their whole total under no rate (code "", 0%).
PURCHASE_TAXES_SQL = """
    SELECT t.tax_code, t.percent, t.name, sum(t.net), sum(t.tax), {returned}
    FROM {table} d JOIN {rates} t ON t.{parent} = d.id
    WHERE d.at >= :since AND d.at < :until{till}
    GROUP BY 1, 2, 3
    UNION ALL
    SELECT '', '0', '', sum(d.total), 0, {returned} FROM {table} d
    WHERE d.at >= :since AND d.at < :until{till}
        AND NOT EXISTS (SELECT 1 FROM {rates} t WHERE t.{parent} = d.id)
    HAVING count(*)
"""


def purchase_taxes(conn: Executor, since: str, until: str, ids: Ids = None) -> list[PurchaseTax]:
    """Deliveries and supplier returns made in [since, until) by rate, before tax and their
    tax (see PURCHASE_TAXES_SQL)."""
    found = []
    for returned, table, rates, parent in (
        (0, "goods_received", "goods_received_taxes", "receipt_id"),
        (1, "supplier_returns", "supplier_return_taxes", "return_id"),
    ):
        sql = PURCHASE_TAXES_SQL.format(
            returned=returned, table=table, rates=rates, parent=parent, till=_of_till("d", ids)
        )
        for code, percent, name, net, tax, back in conn.execute(
            sql, {"since": since, "until": until}
        ):
            found.append(
                _new(PurchaseTax, (str(code), str(percent), str(name), int(net), int(tax),
                                   bool(back)))
            )  # fmt: skip
    return found


# Stock written off at the cost it carried, by the local month of its time, through the
# partial index of write-offs. A damaged return's write-off is left out: its refund took no
# cost back (core.reports), so its loss is already in the cost of the goods sold.
WRITTEN_OFF_SQL = f"""
    SELECT substr(date(m.at, 'localtime'), 1, 7), 0,
        sum({rounded_sql("m.unit_cost", "-m.quantity")})
    FROM stock_movements m INDEXED BY stock_movements_written_off
    WHERE m.kind = 'write_off' AND m.at >= ? AND m.at < ?{{till}}
        AND NOT EXISTS (SELECT 1 FROM refunds f WHERE f.number = m.document)
    GROUP BY 1
"""


def written_off_months(conn: Executor, since: str, until: str, ids: Ids = None) -> list[MonthSums]:
    """Stock written off in [since, until) by local month, at its cost (damaged returns
    left out, see WRITTEN_OFF_SQL)."""
    return [
        _new(MonthSums, (str(month), 0, int(cost)))
        for month, _none, cost in conn.execute(
            WRITTEN_OFF_SQL.replace("{till}", _of_till("m", ids)), (since, until)
        )
    ]


def stock_rows(conn: Executor) -> Rows[StockHolding]:
    """Products with stock on hand (or below zero), by name."""
    return Rows(
        StockHolding,
        conn.execute(
            "SELECT p.id, p.name, ifnull(p.sku, ''), p.category_id, p.unit, s.quantity, "
            "p.cost_price, p.sell_price FROM stock_levels s "
            "JOIN products p ON p.id = s.product_id "
            "WHERE s.quantity != 0 ORDER BY p.name COLLATE NOCASE, p.id"
        ).fetchall(),
    )


def in_stock(conn: Executor, before: str) -> Rows[UnsoldStock]:
    """Active products with stock on hand and the time of the last counter sale of each
    before `before` (a stored UTC time), found through the sale lines' product index."""
    return Rows(UnsoldStock, conn.execute(IN_STOCK_SQL, {"before": before}).fetchall())


IN_STOCK_SQL = """
    SELECT p.id, p.name, ifnull(p.sku, ''), p.category_id, p.unit, s.quantity, p.cost_price,
        (SELECT f.at FROM sales f WHERE f.id = (SELECT max(l.sale_id) FROM sale_lines l
            WHERE l.product_id = p.id AND l.sale_id < ifnull((SELECT id FROM sales
                WHERE at >= :before ORDER BY at LIMIT 1), 1 << 62)))
    FROM stock_levels s JOIN products p ON p.id = s.product_id
    WHERE s.quantity > 0 AND p.active = 1
"""


def last_invoiced(conn: Executor, before: str) -> dict[int, dt.date]:
    """The last issue date before `before` of each product on an invoice (not one made for a
    counter sale)."""
    return {
        int(product): dt.date.fromisoformat(day)
        for product, day in conn.execute(
            """
            SELECT l.product_id, max(i.issue_date) FROM invoice_lines l
            JOIN invoices i ON i.id = l.invoice_id
            WHERE i.kind = 'invoice' AND i.state = 'issued' AND i.sale_id IS NULL
                AND i.issue_date < ? AND l.product_id IS NOT NULL
            GROUP BY l.product_id
            """,
            (before,),
        )
    }


def low_stock_count(conn: Executor) -> int:
    """Active products at or below their reorder level (as the low stock list has them)."""
    return int(
        conn.execute(
            "SELECT count(*) FROM products p LEFT JOIN stock_levels s ON s.product_id = p.id "
            "WHERE p.active = 1 AND p.reorder_level > 0 "
            "AND ifnull(s.quantity, 0) <= p.reorder_level"
        ).fetchone()[0]
    )


def cash_expected(conn: Executor, session: int) -> int:
    """The cash that should be in the drawer of session `session`: the float, cash taken for
    sales and for debts, paid in, less paid out and cash refunds (as its X report says)."""
    return int(
        conn.execute(
            """
            SELECT
                (SELECT ifnull(sum(CASE kind WHEN 'pay_out' THEN -amount ELSE amount END), 0)
                    FROM cash_events WHERE session_id = :s AND kind IN ('open', 'pay_in',
                    'pay_out'))
                + (SELECT ifnull(sum(p.amount), 0) FROM sales s
                    JOIN sale_payments p ON p.sale_id = s.id
                    WHERE s.session_id = :s AND p.method = 'cash')
                - (SELECT ifnull(sum(p.amount), 0) FROM refunds f
                    JOIN refund_payments p ON p.refund_id = f.id
                    WHERE f.session_id = :s AND p.method = 'cash')
                - (SELECT ifnull(sum(amount), 0) FROM customer_ledger
                    WHERE session_id = :s AND kind = 'payment' AND method = 'cash')
            """,
            {"s": session},
        ).fetchone()[0]
    )


def receivable_totals(conn: Executor, today: str, cutoff: str) -> dict[int, Owing]:
    """What each customer owes and how much of it is overdue: an invoice's debt after its
    due date (before `today`), any other debt when it arose before `cutoff` (the shop's
    payment terms ago)."""
    return {
        int(customer): _new(Owing, (int(owed), int(overdue)))
        for customer, owed, overdue in conn.execute(
            """
            SELECT o.customer_id, sum(o.open), sum(CASE
                WHEN i.due_date IS NOT NULL THEN (CASE WHEN i.due_date < :today
                    THEN o.open ELSE 0 END)
                WHEN o.at < :cutoff THEN o.open ELSE 0 END)
            FROM customer_open o
            LEFT JOIN invoices i ON i.ledger_entry_id = o.entry_id AND i.kind = 'invoice'
                AND i.state = 'issued'
            WHERE o.open > 0 GROUP BY o.customer_id
            """,
            {"today": today, "cutoff": cutoff},
        )
    }


def receivables_due(conn: Executor, today: str, cutoff: str) -> Owing:
    """The shop's totals of `receivable_totals`, (owed, overdue), from the cached balances
    and the open debts by date through their indexes (a shop may have 100,000 customers
    owing): what is owed; the debts that arose before `cutoff`; then each open invoice's
    debt moved by its due date instead."""
    owed = conn.execute(
        "SELECT ifnull(sum(balance), 0) FROM customer_balances WHERE balance > 0"
    ).fetchone()[0]
    older = conn.execute(
        "SELECT ifnull(sum(open), 0) FROM customer_open WHERE open > 0 AND at < ?", (cutoff,)
    ).fetchone()[0]
    invoiced = conn.execute(
        """
        SELECT ifnull(sum(CASE WHEN i.due_date < :today THEN o.open ELSE 0 END), 0)
            - ifnull(sum(CASE WHEN o.at < :cutoff THEN o.open ELSE 0 END), 0)
        FROM invoices i JOIN customer_open o ON o.entry_id = i.ledger_entry_id
        WHERE i.kind = 'invoice' AND i.state = 'issued' AND i.due_date IS NOT NULL
            AND o.open > 0
        """,
        {"today": today, "cutoff": cutoff},
    ).fetchone()[0]
    return Owing(int(owed), int(older) + int(invoiced))


def supplier_entries(conn: Executor) -> list[PayableEntry]:
    """Every payables entry, oldest first per supplier."""
    return [
        _new(PayableEntry, (int(supplier), local_day(at), int(amount)))
        for supplier, at, amount in conn.execute(
            "SELECT supplier_id, at, amount FROM supplier_ledger ORDER BY supplier_id, at, id"
        )
    ]


def supplier_labels(conn: Executor) -> dict[int, Contact]:
    """Every supplier's name and phone."""
    return {
        int(supplier): _new(Contact, (str(name), str(phone)))
        for supplier, name, phone in conn.execute("SELECT id, name, phone FROM suppliers")
    }


def customer_labels(conn: Executor, ids: Sequence[int]) -> dict[int, Contact]:
    """The names and phones of the customers `ids` that exist."""
    found: dict[int, Contact] = {}
    for start in range(0, len(ids), 500):
        chunk = list(ids[start : start + 500])
        marks = ",".join("?" * len(chunk))
        for customer, name, phone in conn.execute(
            f"SELECT id, name, phone FROM customers WHERE id IN ({marks})", chunk
        ):
            found[int(customer)] = _new(Contact, (str(name), str(phone)))
    return found


def query_plans(conn: Executor) -> dict[str, list[str]]:
    """How SQLite runs the summary queries of the reports (EXPLAIN QUERY PLAN details), for
    the test that pins them."""
    day = "2026-01-01"
    example = (dt.date(2025, 12, 17), dt.date(2026, 2, 11), dt.date(2026, 3, 1))
    queries: dict[str, tuple[str, Sequence[object] | dict[str, object]]] = {
        "days": (
            "SELECT day, kind, documents, gross, net, tax, discount, cost FROM report_days "
            "WHERE day BETWEEN ? AND ?",
            (day, day),
        ),
        "products": (PRODUCTS_SQL, tuple(products_parameters(*example))),
        "cashiers": (CASHIERS_SQL, (day, day)),
        "payments": (PAYMENTS_SQL, (day, day)),
        "taxes": (TAXES_SQL, (day, day, day)),
        "in_stock": (IN_STOCK_SQL, {"before": day}),
    }
    return {
        name: [str(r[3]) for r in conn.execute(f"EXPLAIN QUERY PLAN {sql}", params)]
        for name, (sql, params) in queries.items()
    }
