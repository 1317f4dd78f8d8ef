"""The report summaries: rows per local day worked out from the documents, kept up as
documents are made, rebuilt from them in one set-based pass, and checked against them (what
`duka verify` runs). The reports read them through store.report_reads.

A sale, refund or issued invoice notes its id in report_pending in its own transaction
(checkout, returns and invoices call `add_sale`, `add_refund` and `add_invoice`): one small
row, where writing the summaries themselves touched a dozen pages of five tables and made a
sale's commit a third slower. `fold` then works the summaries out for the documents that wait,
in batches (every FOLD_EVERY documents, in that document's transaction, and before a report or
`duka verify` reads them): each document summarised in Python by `core.reports.summarise`,
the figures added up per summary row, each row written once. `rebuild` and `problems` work
the same figures out again in SQL from every document (the tax shared over lines by largest
remainder with window functions), so the two ways check each other; the tests compare both
with a third computation straight from the documents.

The day of a counter sale or refund is the shop computer's local date of its time
(SQLite's 'localtime' and Python's `astimezone` read the same time zone); an invoice's is
its issue date. After the computer's time zone changes, documents near midnight may fall
on another day than they were summarised on: `duka verify` then names those days and
`rebuild` puts them right.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from duka.i18n import _
from duka.store import sql
from duka.store.database import reading
from duka.store.sql import Executor, last_id

if TYPE_CHECKING:  # read when documents are added up, not when a sale notes itself
    from duka.core.reports import DocumentSummary, RateFigures

INVOICED = "invoice"  # as core.reports.INVOICED: the payment "method" of invoices

TABLES = ("report_days", "report_products", "report_cashiers", "report_payments", "report_taxes")
# Kept from report_products by its triggers (see migration 0011): the key and its SQL.
ROLLUPS = {
    "report_product_weeks": ("week", "date(day, '-6 days', 'weekday 1')"),
    "report_product_months": ("month", "substr(day, 1, 7)"),
}
_VALUES = (
    "quantity",
    "gross",
    "tax",
    "cost",
    "back_quantity",
    "back_gross",
    "back_tax",
    "back_cost",
)


# -- documents into the summaries ----------------------------------------------------------

FOLD_EVERY = 256  # documents: the summaries are worked out for this many at once


def add_sale(conn: Executor, sale_id: int) -> None:
    """Note a completed counter sale for the summaries of its day, in its transaction."""
    _pending(conn, "sale", sale_id)


def add_refund(conn: Executor, refund_id: int) -> None:
    """Note a refund for the summaries of its day, in its transaction."""
    _pending(conn, "refund", refund_id)


def add_invoice(conn: Executor, invoice_id: int) -> None:
    """Note an issued document for the summaries of its issue date, in its transaction
    (quotes, and invoices made for a counter sale, are left out when it is added)."""
    _pending(conn, "invoice", invoice_id)


def add_arrived(conn: Executor, kind: str, documents: Sequence[int]) -> None:
    """Note documents another till made, as they arrive (in their transaction), without
    folding them in now: a change group brings thousands at once, and the next report, or
    the next fold of this till's own, adds them (folding here was 4 in 10 of the time to
    apply 10,000 sales)."""
    conn.executemany(
        "INSERT INTO report_pending (kind, document) VALUES (?, ?)",
        [(kind, document) for document in documents],
    )


def _pending(conn: Executor, kind: str, document: int) -> None:
    conn.execute("INSERT INTO report_pending (kind, document) VALUES (?, ?)", (kind, document))
    if last_id(conn) % FOLD_EVERY == 0:  # ids start again at 1 once all are added
        fold(conn)


def fold_now(conn: Executor) -> None:
    """Add the documents that wait into the summaries, in a transaction of its own (before a
    report reads them); nothing is written when nothing waits."""
    if conn.execute("SELECT 1 FROM report_pending LIMIT 1").fetchone() is None:
        return
    from duka.store.database import transaction

    with transaction(conn):
        fold(conn)


def fold(conn: Executor) -> None:
    """Add the documents that wait into the summaries and clear them, in the caller's
    transaction: each document summarised by `core.reports.summarise` from its rows (read
    for all of them at once), the figures added up per summary row, each row written once."""
    totals = _Totals()
    for summary in _sales(conn):
        totals.add(summary)
    for summary in _refunds(conn):
        totals.add(summary)
    for summary in _invoices(conn):
        totals.add(summary)
    totals.save(conn)
    conn.execute("DELETE FROM report_pending")


def _grouped(rows: Iterable[Sequence[Any]]) -> dict[int, list[Sequence[Any]]]:
    found: dict[int, list[Sequence[Any]]] = {}
    for row in rows:
        found.setdefault(int(row[0]), []).append(row)
    return found


def _rates_of(rows: Iterable[Sequence[Any]]) -> dict[int, list[RateFigures]]:
    from duka.core.reports import RateFigures

    found: dict[int, list[RateFigures]] = {}
    for r in rows:
        found.setdefault(int(r[0]), []).append(
            RateFigures(str(r[1]), str(r[2]), str(r[3]), bool(r[4]), int(r[5]), int(r[6]))
        )
    return found


def _waiting(kind: str, column: str) -> str:
    return f"{column} IN (SELECT document FROM report_pending WHERE kind = '{kind}')"


def _sales(conn: Executor) -> Iterator[DocumentSummary]:
    from duka.core.reports import DocKind, SourceLine, round_milli, summarise

    lines = _grouped(
        conn.execute(
            "SELECT sale_id, product_id, quantity, amount, ifnull(tax_code, ''), unit_cost, "
            f"list_price FROM sale_lines WHERE {_waiting('sale', 'sale_id')} ORDER BY id"
        )
    )
    rates = _rates_of(
        conn.execute(
            "SELECT sale_id, tax_code, name, percent, exempt, net, tax FROM sale_taxes "
            f"WHERE {_waiting('sale', 'sale_id')}"
        )
    )
    payments = _grouped(
        conn.execute(
            "SELECT sale_id, method, count(*), sum(amount) FROM sale_payments "
            f"WHERE {_waiting('sale', 'sale_id')} GROUP BY sale_id, method"
        )
    )
    for sale, day, actor, mode, gross, net, tax in conn.execute(
        "SELECT id, date(at, 'localtime'), actor, mode, gross, net, tax FROM sales "
        f"WHERE {_waiting('sale', 'id')}"
    ):
        yield summarise(
            day=dt.date.fromisoformat(day),
            kind=DocKind.SALE,
            actor=actor,
            inclusive=mode == "inclusive",
            totals=(gross, net, tax),
            lines=[
                SourceLine(r[1], r[2], r[3], r[4], r[5], round_milli(r[6], r[2]))
                for r in lines.get(sale, [])
            ],
            rates=rates.get(sale, []),
            payments=[(r[1], r[2], r[3]) for r in payments.get(sale, [])],
        )


def _refunds(conn: Executor) -> Iterator[DocumentSummary]:
    from duka.core.reports import DocKind, SourceLine, summarise

    lines = _grouped(
        conn.execute(
            "SELECT r.refund_id, r.product_id, r.quantity, r.amount, ifnull(l.tax_code, ''), "
            "l.unit_cost, r.restock FROM refund_lines r JOIN sale_lines l "
            f"ON l.id = r.sale_line_id WHERE {_waiting('refund', 'r.refund_id')} ORDER BY r.id"
        )
    )
    rates = _rates_of(
        conn.execute(
            "SELECT refund_id, tax_code, name, percent, exempt, net, tax FROM refund_taxes "
            f"WHERE {_waiting('refund', 'refund_id')}"
        )
    )
    payments = _grouped(
        conn.execute(
            "SELECT refund_id, method, count(*), sum(amount) FROM refund_payments "
            f"WHERE {_waiting('refund', 'refund_id')} GROUP BY refund_id, method"
        )
    )
    for refund, day, actor, mode, gross, net, tax in conn.execute(
        "SELECT id, date(at, 'localtime'), actor, mode, gross, net, tax FROM refunds "
        f"WHERE {_waiting('refund', 'id')}"
    ):
        yield summarise(
            day=dt.date.fromisoformat(day),
            kind=DocKind.REFUND,
            actor=actor,
            inclusive=mode == "inclusive",
            totals=(gross, net, tax),
            lines=[  # the cost comes off only for goods back on the shelf
                SourceLine(r[1], r[2], r[3], r[4], r[5] if r[6] else 0, r[3])
                for r in lines.get(refund, [])
            ],
            rates=rates.get(refund, []),
            payments=[(r[1], r[2], r[3]) for r in payments.get(refund, [])],
        )


def _invoices(conn: Executor) -> Iterator[DocumentSummary]:
    """Issued invoices (not made for a counter sale: that sale counts) and credit notes."""
    from duka.core.reports import DocKind, SourceLine, round_milli, summarise

    lines = _grouped(
        conn.execute(
            "SELECT invoice_id, product_id, quantity, amount, ifnull(tax_code, ''), unit_cost, "
            f"unit_price FROM invoice_lines WHERE {_waiting('invoice', 'invoice_id')} "
            "ORDER BY invoice_id, position, id"
        )
    )
    rates = _rates_of(
        conn.execute(
            "SELECT invoice_id, tax_code, name, percent, exempt, net, tax FROM invoice_taxes "
            f"WHERE {_waiting('invoice', 'invoice_id')}"
        )
    )
    for invoice, kind, issue_date, actor, mode, gross, net, tax, restock in conn.execute(
        "SELECT i.id, i.kind, i.issue_date, i.actor, i.mode, i.gross, i.net, "
        f"i.tax, i.restock FROM invoices i WHERE {_waiting('invoice', 'i.id')} "
        f"AND {COUNTED_INVOICE}"
    ):
        doc = DocKind(kind)
        credit = doc is DocKind.CREDIT_NOTE
        yield summarise(
            day=dt.date.fromisoformat(issue_date),
            kind=doc,
            actor=actor,
            inclusive=mode == "inclusive",
            totals=(gross, net, tax),
            lines=[
                SourceLine(
                    r[1],
                    r[2],
                    r[3],
                    r[4],
                    0 if credit and not restock else r[5],  # a price correction keeps it
                    r[3] if credit else round_milli(r[6], r[2]),
                )
                for r in lines.get(invoice, [])
            ],
            rates=rates.get(invoice, []),
            payments=[(INVOICED, 1, gross)],
        )


class _Totals:
    """Documents' summaries added up per summary row, then written once each."""

    def __init__(self) -> None:
        self.days: dict[tuple[str, str], list[int]] = {}
        self.products: dict[tuple[str, int], list[int]] = {}
        self.cashiers: dict[tuple[str, str], list[int]] = {}
        self.payments: dict[tuple[str, str], list[int]] = {}
        self.taxes: dict[tuple[str, str, str], list[Any]] = {}

    def add(self, s: DocumentSummary) -> None:
        day = s.day.isoformat()
        back = s.kind.takes_back
        _plus(self.days, (day, s.kind.value), (1, s.gross, s.net, s.tax, s.discount, s.cost))
        for line in s.lines:
            figures = (line.quantity, line.gross, line.tax, line.cost)
            _plus(
                self.products,
                (day, line.product_id or 0),
                (0, 0, 0, 0, *figures) if back else (*figures, 0, 0, 0, 0),
            )
        _plus(
            self.cashiers,
            (day, s.actor),
            (0, 0, 0, 1, s.gross) if back else (1, s.gross, s.discount, 0, 0),
        )
        for method, count, amount in s.payments:
            _plus(
                self.payments,
                (day, method),
                (0, 0, count, amount) if back else (count, amount, 0, 0),
            )
        for r in s.rates:
            row = self.taxes.setdefault((day, r.code, r.percent), [r.name, 0, 0, 0, 0, 0])
            row[0] = r.name  # the latest document's name of the rate
            row[1] = max(row[1], int(r.exempt))
            for index, value in enumerate((0, 0, r.net, r.tax) if back else (r.net, r.tax, 0, 0)):
                row[2 + index] += value

    def save(self, conn: Executor) -> None:
        for table, rows in (
            ("report_days", self.days),
            ("report_products", self.products),
            ("report_cashiers", self.cashiers),
            ("report_payments", self.payments),
        ):
            keys, values = _SHAPES[table]
            columns = (*keys, *values)
            conn.executemany(
                f"INSERT INTO {table} ({', '.join(columns)}) "
                f"VALUES ({', '.join('?' * len(columns))}) "
                f"ON CONFLICT ({', '.join(keys)}) DO UPDATE SET "
                + ", ".join(f"{v} = {v} + excluded.{v}" for v in values),
                [(*key, *figures) for key, figures in rows.items()],
            )
        conn.executemany(
            """
            INSERT INTO report_taxes (day, tax_code, percent, name, exempt, sales_net,
                sales_tax, refunds_net, refunds_tax)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (day, tax_code, percent) DO UPDATE SET name = excluded.name,
                exempt = max(exempt, excluded.exempt), sales_net = sales_net + excluded.sales_net,
                sales_tax = sales_tax + excluded.sales_tax,
                refunds_net = refunds_net + excluded.refunds_net,
                refunds_tax = refunds_tax + excluded.refunds_tax
            """,
            [(*key, *row) for key, row in self.taxes.items()],
        )


def _plus(rows: dict[Any, list[int]], key: Any, figures: Sequence[int]) -> None:
    found = rows.get(key)
    if found is None:
        rows[key] = list(figures)
    else:
        for index, value in enumerate(figures):
            found[index] += value


# -- the same figures from every document, in SQL ----------------------------------------------


def rounded_sql(minor: str, milli: str) -> str:
    """SQL for minor x milli / 1000 rounded once, halves away from zero (`round_milli`)."""
    product = f"({minor}) * ({milli})"
    return (
        f"(CASE WHEN {product} < 0 THEN -((500 - {product}) / 1000) "
        f"ELSE ({product} + 500) / 1000 END)"
    )


# Which invoices count: issued invoices not made from a counter sale, and credit notes.
COUNTED_INVOICE = (
    "i.state = 'issued' AND (i.kind = 'credit_note' OR (i.kind = 'invoice' AND i.sale_id IS NULL))"
)

# Which documents the derivations below take, as conditions on sales `s`, refunds `f` and
# invoices `i` (every one of them, for `rebuild` and `problems`; one till's of a period, for
# `one_till`). Placed with str.replace: the SQL is full of braces.
_EVERY = {"{sales}": "1", "{refunds}": "1", "{invoices}": "1"}


def _taking(sql: str, which: dict[str, str]) -> str:
    for mark, condition in which.items():
        sql = sql.replace(mark, condition)
    return sql


# Every counted document: where it comes from (1 sales, 2 refunds, 3 invoices), its id, day,
# kind, actor, totals, and the discount and cost of its lines.
_DOCUMENTS = f"""
    SELECT 1 AS src, s.id AS doc, date(s.at, 'localtime') AS day, 'sale' AS kind, s.actor,
        s.gross, s.net, s.tax,
        (SELECT ifnull(sum({rounded_sql("l.list_price", "l.quantity")} - l.amount), 0)
            FROM sale_lines l WHERE l.sale_id = s.id) AS discount,
        (SELECT ifnull(sum({rounded_sql("l.unit_cost", "l.quantity")}), 0)
            FROM sale_lines l WHERE l.sale_id = s.id) AS cost
    FROM sales s WHERE {{sales}}
    UNION ALL
    SELECT 2, f.id, date(f.at, 'localtime'), 'refund', f.actor, f.gross, f.net, f.tax, 0,
        (SELECT ifnull(sum({rounded_sql("l.unit_cost", "r.quantity")}), 0)
            FROM refund_lines r JOIN sale_lines l ON l.id = r.sale_line_id
            WHERE r.refund_id = f.id AND r.restock = 1)
    FROM refunds f WHERE {{refunds}}
    UNION ALL
    SELECT 3, i.id, i.issue_date, i.kind, i.actor, i.gross, i.net, i.tax,
        CASE WHEN i.kind = 'invoice' THEN (
            SELECT ifnull(sum({rounded_sql("l.unit_price", "l.quantity")} - l.amount), 0)
            FROM invoice_lines l WHERE l.invoice_id = i.id) ELSE 0 END,
        CASE WHEN i.kind = 'invoice' OR i.restock = 1 THEN (
            SELECT ifnull(sum({rounded_sql("l.unit_cost", "l.quantity")}), 0)
            FROM invoice_lines l WHERE l.invoice_id = i.id) ELSE 0 END
    FROM invoices i WHERE {COUNTED_INVOICE} AND {{invoices}}
"""

# Every counted line with its day, whether it takes back, its share of its rate's tax and its
# cost. The share is Money.allocate's largest remainder: the floor of tax x amount / (the
# rate's amount on the document, which its tax row holds), then the units left over one each
# to the largest remainders, the earliest line first on a tie; one sort serves both windows.
_LINES = f"""
    WITH lines AS (
        SELECT 1 AS src, l.sale_id AS doc, l.id AS seq, date(s.at, 'localtime') AS day,
            0 AS back, s.mode = 'inclusive' AS inclusive, l.product_id, l.quantity, l.amount,
            ifnull(l.tax_code, '') AS code, l.unit_cost, ifnull(t.tax, 0) AS rate_tax,
            ifnull(CASE s.mode WHEN 'inclusive' THEN t.gross ELSE t.net END, 0) AS whole
        FROM sale_lines l JOIN sales s ON s.id = l.sale_id
        LEFT JOIN sale_taxes t ON t.sale_id = l.sale_id AND t.tax_code = ifnull(l.tax_code, '')
        WHERE {{sales}}
        UNION ALL
        SELECT 2, r.refund_id, r.id, date(f.at, 'localtime'), 1, f.mode = 'inclusive',
            r.product_id, r.quantity, r.amount, ifnull(l.tax_code, ''),
            CASE WHEN r.restock = 1 THEN l.unit_cost ELSE 0 END, ifnull(t.tax, 0),
            ifnull(CASE f.mode WHEN 'inclusive' THEN t.gross ELSE t.net END, 0)
        FROM refund_lines r JOIN refunds f ON f.id = r.refund_id
        JOIN sale_lines l ON l.id = r.sale_line_id
        LEFT JOIN refund_taxes t ON t.refund_id = r.refund_id
            AND t.tax_code = ifnull(l.tax_code, '')
        WHERE {{refunds}}
        UNION ALL
        SELECT 3, l.invoice_id, l.position, i.issue_date, i.kind = 'credit_note',
            i.mode = 'inclusive', l.product_id, l.quantity, l.amount, ifnull(l.tax_code, ''),
            CASE WHEN i.kind = 'credit_note' AND i.restock = 0 THEN 0 ELSE l.unit_cost END,
            ifnull(t.tax, 0),
            ifnull(CASE i.mode WHEN 'inclusive' THEN t.gross ELSE t.net END, 0)
        FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id
        LEFT JOIN invoice_taxes t ON t.invoice_id = l.invoice_id
            AND t.tax_code = ifnull(l.tax_code, '')
        WHERE {COUNTED_INVOICE} AND {{invoices}}
    ), parts AS (
        SELECT *,
            CASE WHEN whole > 0 THEN abs(rate_tax) * max(amount, 0) / whole ELSE 0 END
                AS floor_part,
            CASE WHEN whole > 0 THEN abs(rate_tax) * max(amount, 0) % whole ELSE 0 END
                AS remainder
        FROM lines
    ), taxed AS (
        SELECT day, back, inclusive, ifnull(product_id, 0) AS product_id, quantity, amount,
            (floor_part + (row_number() OVER share <= abs(rate_tax) - sum(floor_part) OVER (
                share ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)))
                * (CASE WHEN rate_tax < 0 THEN -1 ELSE 1 END) AS tax,
            {rounded_sql("unit_cost", "quantity")} AS cost
        FROM parts
        WINDOW share AS (PARTITION BY src, doc, code ORDER BY remainder DESC, seq)
    )
    SELECT day, product_id,
        sum(CASE WHEN back THEN 0 ELSE quantity END),
        sum(CASE WHEN back THEN 0 WHEN inclusive THEN amount ELSE amount + tax END),
        sum(CASE WHEN back THEN 0 ELSE tax END),
        sum(CASE WHEN back THEN 0 ELSE cost END),
        sum(CASE WHEN back THEN quantity ELSE 0 END),
        sum(CASE WHEN NOT back THEN 0 WHEN inclusive THEN amount ELSE amount + tax END),
        sum(CASE WHEN back THEN tax ELSE 0 END),
        sum(CASE WHEN back THEN cost ELSE 0 END)
    FROM taxed GROUP BY day, product_id
"""

_DERIVED = {
    "report_days": """
        SELECT day, kind, count(*), sum(gross), sum(net), sum(tax), sum(discount), sum(cost)
        FROM temp.report_documents GROUP BY day, kind
    """,
    "report_products": _LINES,
    "report_cashiers": """
        SELECT day, actor, sum(kind IN ('sale', 'invoice')),
            sum(CASE WHEN kind IN ('sale', 'invoice') THEN gross ELSE 0 END),
            sum(CASE WHEN kind IN ('sale', 'invoice') THEN discount ELSE 0 END),
            sum(kind IN ('refund', 'credit_note')),
            sum(CASE WHEN kind IN ('refund', 'credit_note') THEN gross ELSE 0 END)
        FROM temp.report_documents GROUP BY day, actor
    """,
    "report_payments": f"""
        SELECT day, method, sum(NOT back), sum(CASE WHEN back THEN 0 ELSE amount END),
            sum(back), sum(CASE WHEN back THEN amount ELSE 0 END)
        FROM (
            SELECT date(s.at, 'localtime') AS day, p.method, 0 AS back, p.amount
            FROM sale_payments p JOIN sales s ON s.id = p.sale_id WHERE {{sales}}
            UNION ALL
            SELECT date(f.at, 'localtime'), p.method, 1, p.amount
            FROM refund_payments p JOIN refunds f ON f.id = p.refund_id WHERE {{refunds}}
            UNION ALL
            SELECT i.issue_date, '{INVOICED}', i.kind = 'credit_note', i.gross
            FROM invoices i WHERE {COUNTED_INVOICE} AND {{invoices}}
        ) GROUP BY day, method
    """,
    "report_taxes": f"""
        SELECT day, tax_code, percent, max(name), max(exempt),
            sum(CASE WHEN back THEN 0 ELSE net END), sum(CASE WHEN back THEN 0 ELSE tax END),
            sum(CASE WHEN back THEN net ELSE 0 END), sum(CASE WHEN back THEN tax ELSE 0 END)
        FROM (
            SELECT date(s.at, 'localtime') AS day, 0 AS back, t.tax_code, t.percent, t.name,
                t.exempt, t.net, t.tax
            FROM sale_taxes t JOIN sales s ON s.id = t.sale_id WHERE {{sales}}
            UNION ALL
            SELECT date(f.at, 'localtime'), 1, t.tax_code, t.percent, t.name, t.exempt, t.net,
                t.tax
            FROM refund_taxes t JOIN refunds f ON f.id = t.refund_id WHERE {{refunds}}
            UNION ALL
            SELECT i.issue_date, i.kind = 'credit_note', t.tax_code, t.percent, t.name,
                t.exempt, t.net, t.tax
            FROM invoice_taxes t JOIN invoices i ON i.id = t.invoice_id
            WHERE {COUNTED_INVOICE} AND {{invoices}}
        ) GROUP BY day, tax_code, percent
    """,
}

# Each table's key and the columns `duka verify` compares (a rate's name is only a label).
_SHAPES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "report_days": (("day", "kind"), ("documents", "gross", "net", "tax", "discount", "cost")),
    "report_products": (("day", "product_id"), _VALUES),
    "report_product_weeks": (("week", "product_id"), _VALUES),
    "report_product_months": (("month", "product_id"), _VALUES),
    "report_cashiers": (
        ("day", "actor"),
        ("sales", "gross", "discount", "refunds", "refunded"),
    ),
    "report_payments": (("day", "method"), ("payments", "amount", "refunds", "refunded")),
    "report_taxes": (
        ("day", "tax_code", "percent"),
        ("exempt", "sales_net", "sales_tax", "refunds_net", "refunds_tax"),
    ),
}


def _columns(table: str) -> tuple[str, ...]:
    keys, values = _SHAPES[table]
    if table == "report_taxes":
        return (*keys, "name", *values)
    return (*keys, *values)


@contextmanager
def _documents(conn: Executor, which: dict[str, str] = _EVERY) -> Iterator[None]:
    """The counted documents (`which`) with their days and figures, in a temporary table
    while the derivations that need it run."""
    conn.execute("DROP TABLE IF EXISTS temp.report_documents")
    conn.execute(f"CREATE TEMP TABLE report_documents AS {_taking(_DOCUMENTS, which)}")
    try:
        yield
    finally:
        conn.execute("DROP TABLE IF EXISTS temp.report_documents")


def rebuild(conn: Executor) -> None:
    """Work every summary row out again from the documents, replacing what is there; in the
    caller's transaction (a migration's, or a repair's)."""
    with _documents(conn):
        conn.execute("DELETE FROM main.report_pending")
        for table in ROLLUPS:  # its rows come back with report_products' (its triggers)
            conn.execute(f"DELETE FROM main.{table}")
        for table in TABLES:
            conn.execute(f"DELETE FROM main.{table}")
            columns = ", ".join(_columns(table))
            derived = _taking(_DERIVED[table], _EVERY)
            conn.execute(f"INSERT INTO main.{table} ({columns}) {derived}")


# -- one till's summaries ----------------------------------------------------------------------


def _one_till(till: int, first: dt.date, last: dt.date) -> dict[str, str]:
    """The conditions that take till `till`'s documents of the local days first..last: its
    ids (core.tills: (till - 1) x SPAN < id <= till x SPAN, in sales, refunds and invoices
    alike); a counter document's time a day either side of the period first, so that the
    index of times narrows them (a UTC time's local day is within a day of its date), then
    its exact local day; an invoice's issue date. Written into the SQL as literals (numbers
    and ISO dates made here), so that SQLite plans with them. The ids are tested as `+id`:
    a till's range may hold every sale of the shop, which the times narrow far better."""
    from duka.core.tills import SPAN

    low, high = (int(till) - 1) * SPAN, int(till) * SPAN
    start, end = first.isoformat(), last.isoformat()
    since = (first - dt.timedelta(days=1)).isoformat()
    until = (last + dt.timedelta(days=2)).isoformat()

    def counter(alias: str) -> str:
        return (
            f"{alias}.at >= '{since}' AND {alias}.at < '{until}' "
            f"AND date({alias}.at, 'localtime') BETWEEN '{start}' AND '{end}' "
            f"AND +{alias}.id > {low} AND +{alias}.id <= {high}"
        )

    return {
        "{sales}": counter("s"),
        "{refunds}": counter("f"),
        "{invoices}": (
            f"i.issue_date BETWEEN '{start}' AND '{end}' AND i.id > {low} AND i.id <= {high}"
        ),
    }


ONE_TILL_TABLES = (*TABLES, *ROLLUPS)


@contextmanager
def one_till(
    conn: Executor,
    till: int,
    first: dt.date,
    last: dt.date,
    tables: Iterable[str] = TABLES,
) -> Iterator[None]:
    """While it lasts, the summary tables read as till `till`'s alone, of the days
    first..last: each worked out from that till's documents into a temporary table of the
    same name and shape, which SQLite finds before the shop's own (an unqualified name is
    looked up in `temp` first), so store.report_reads reads them unchanged. The shop's
    summaries are neither read nor written, and the temporary tables go at the end, whatever
    happens. Works on a read-only connection and inside a read transaction (`reading`):
    only the connection's own temporary database is written.

    Only `tables` (of TABLES; report_days always, and report_products' rollups with it)
    are worked out: a month's products of a busy till take most of the time, and the day
    figures need none of them. The others are there, empty, so that nothing reads the
    shop's rows as the till's."""
    which = _one_till(till, first, last)
    wanted = {"report_days", *tables}
    _drop_one_till(conn)
    try:
        for table in ONE_TILL_TABLES:
            shape = sql.value(
                conn,
                "SELECT sql FROM main.sqlite_master WHERE type = 'table' AND name = ?",
                (table,),
            )
            conn.execute(str(shape).replace("CREATE TABLE", "CREATE TEMP TABLE", 1))
        with _documents(conn, which):
            for table in (t for t in TABLES if t in wanted):
                columns = ", ".join(_columns(table))
                derived = _taking(_DERIVED[table], which)
                conn.execute(f"INSERT INTO temp.{table} ({columns}) {derived}")
        values = ", ".join(_VALUES)
        sums = ", ".join(f"sum({v})" for v in _VALUES)
        for table, (key, of) in ROLLUPS.items() if "report_products" in wanted else ():
            # The shop's triggers do not keep the temporary tables: added up here.
            conn.execute(
                f"INSERT INTO temp.{table} ({key}, product_id, {values}) "
                f"SELECT {of}, product_id, {sums} FROM temp.report_products GROUP BY 1, 2"
            )
        yield
    finally:
        _drop_one_till(conn)


def _drop_one_till(conn: Executor) -> None:
    for table in ONE_TILL_TABLES:
        conn.execute(f"DROP TABLE IF EXISTS temp.{table}")


def problems(conn: Executor, limit: int = 20) -> list[str]:
    """Every summary row that differs from what the documents say, naming its table, day
    and key: a row missing, one too many, or a figure that differs (at most `limit` per
    table)."""
    fold_now(conn)  # what waits is added in first: the summaries as reports read them
    found: list[str] = []
    derived = dict(_DERIVED)
    sums = ", ".join(f"sum({v})" for v in _VALUES)
    for table, (_key, of) in ROLLUPS.items():
        derived[table] = (
            f"SELECT {of}, product_id, {sums} FROM temp.expected_report_products GROUP BY 1, 2"
        )
    with reading(conn), _documents(conn):
        for table in (*TABLES, *ROLLUPS):
            keys, values = _SHAPES[table]
            columns = ", ".join(_columns(table))
            conn.execute(f"DROP TABLE IF EXISTS temp.expected_{table}")
            conn.execute(f"CREATE TEMP TABLE expected_{table} AS SELECT * FROM {table} LIMIT 0")
            expected = _taking(derived[table], _EVERY)
            conn.execute(f"INSERT INTO temp.expected_{table} ({columns}) {expected}")
            join = " AND ".join(f"k.{key} = e.{key}" for key in keys)
            differs = " OR ".join(f"k.{v} IS NOT e.{v}" for v in values)
            nulls = ", ".join("NULL" for _ in values)
            rows = conn.execute(
                f"""
                SELECT {", ".join(f"k.{key}" for key in keys)}, 1,
                    {", ".join(f"k.{v}" for v in values)}, {", ".join(f"e.{v}" for v in values)}
                FROM main.{table} k LEFT JOIN temp.expected_{table} e ON {join}
                WHERE e.{keys[0]} IS NULL OR {differs}
                UNION ALL
                SELECT {", ".join(f"e.{key}" for key in keys)}, 0, {nulls},
                    {", ".join(f"e.{v}" for v in values)}
                FROM temp.expected_{table} e LEFT JOIN main.{table} k ON {join}
                WHERE k.{keys[0]} IS NULL
                LIMIT ?
                """,
                (limit,),
            ).fetchall()
            found.extend(_difference(table, keys, values, row) for row in rows)
        for table in (*TABLES, *ROLLUPS):
            conn.execute(f"DROP TABLE temp.expected_{table}")
    return found


def _difference(
    table: str, keys: tuple[str, ...], values: tuple[str, ...], row: Sequence[Any]
) -> str:
    where = " ".join(f"{key} {row[i]}" for i, key in enumerate(keys))
    kept = row[len(keys)]
    ours = row[len(keys) + 1 : len(keys) + 1 + len(values)]
    theirs = row[len(keys) + 1 + len(values) :]
    if not kept:
        return _("{table} {where}: missing; the documents say {figures}").format(
            table=table, where=where, figures=_figures(values, theirs)
        )
    if all(v is None for v in theirs):
        return _("{table} {where}: no documents, but the summary says {figures}").format(
            table=table, where=where, figures=_figures(values, ours)
        )
    changed = [
        _("{name} {ours} but the documents say {theirs}").format(name=name, ours=mine, theirs=real)
        for name, mine, real in zip(values, ours, theirs, strict=True)
        if mine != real
    ]
    return f"{table} {where}: " + "; ".join(changed)


def _figures(names: Sequence[str], values: Sequence[Any]) -> str:
    return ", ".join(f"{name} {value}" for name, value in zip(names, values, strict=True))
