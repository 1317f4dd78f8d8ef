"""Rows of completed sales (append-only)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from duka.core.numbering import till_prefix
from duka.core.tax import RateTotal
from duka.i18n import _
from duka.store.sql import Executor
from duka.store.tills import fresh_ids, this_till


@dataclass(frozen=True, slots=True)
class SaleHeader:
    """A completed sale's row: number, time, who sold, to whom, and totals."""

    number: str
    at: str
    user_id: int | None
    actor: str
    customer_id: int | None
    session_id: int | None
    currency: str
    mode: str
    net: int
    tax: int
    gross: int
    discount: int
    rounding: int
    change: int
    approved_by: str | None


@dataclass(frozen=True, slots=True)
class SaleLineRow:
    """One line of a completed sale as stored."""

    product_id: int
    name: str
    unit: str
    quantity: int
    unit_price: int
    list_price: int
    discount: int
    amount: int
    tax_code: str | None
    unit_cost: int
    promotion_id: int | None = None  # the promotion it got; its saving is in `discount` too
    promotion_saving: int = 0
    price_list_id: int | None = None  # the list whose price applied (0 retail, None not one)
    price_from: int = 0  # the quantity break it started at, thousandths (0: none)


@dataclass(frozen=True, slots=True)
class PaymentRow:
    """One payment of a completed sale as stored."""

    method: str
    amount: int
    tendered: int
    provider: str
    reference: str


@dataclass(frozen=True, slots=True)
class TaxRow:
    """What one tax rate came to on a completed sale, as stored."""

    tax_code: str
    name: str
    percent: str
    exempt: bool
    net: int
    tax: int
    gross: int


def insert_sale(
    conn: Executor,
    header: SaleHeader,
    lines: Sequence[SaleLineRow],
    taxes: Sequence[RateTotal],
    payments: Sequence[PaymentRow],
) -> int:
    """Write a whole sale; the caller holds the transaction that took its number."""
    ids = fresh_ids(conn, {"sales": 1, "sale_lines": len(lines), "sale_payments": len(payments)})
    sale_id = ids["sales"]
    conn.execute(
        """
        INSERT INTO sales (id, number, at, user_id, actor, customer_id, session_id, currency,
            mode, net, tax, gross, discount, rounding, change, approved_by)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """,
        (
            sale_id,
            header.number,
            header.at,
            header.user_id,
            header.actor,
            header.customer_id,
            header.session_id,
            header.currency,
            header.mode,
            header.net,
            header.tax,
            header.gross,
            header.discount,
            header.rounding,
            header.change,
            header.approved_by,
        ),
    )
    first_line = ids["sale_lines"]
    conn.executemany(
        """
        INSERT INTO sale_lines (id, sale_id, product_id, name, unit, quantity, unit_price,
            list_price, discount, amount, tax_code, unit_cost, promotion_id, promotion_saving,
            price_list_id, price_from)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """,
        [
            (
                first_line + n,
                sale_id,
                line.product_id,
                line.name,
                line.unit,
                line.quantity,
                line.unit_price,
                line.list_price,
                line.discount,
                line.amount,
                line.tax_code,
                line.unit_cost,
                line.promotion_id,
                line.promotion_saving,
                line.price_list_id,
                line.price_from,
            )
            for n, line in enumerate(lines)
        ],
    )
    conn.executemany(
        """
        INSERT INTO sale_taxes (sale_id, tax_code, name, percent, exempt, net, tax, gross)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        """,
        tax_rows(sale_id, taxes),
    )
    first_payment = ids["sale_payments"]
    conn.executemany(
        """
        INSERT INTO sale_payments (id, sale_id, method, amount, tendered, provider, reference)
        VALUES (?, ?, ?, ?, ?, ?, ?)
        """,
        [
            (first_payment + n, sale_id, p.method, p.amount, p.tendered, p.provider, p.reference)
            for n, p in enumerate(payments)
        ],
    )
    return sale_id


def tax_rows(document: int, taxes: Sequence[RateTotal]) -> list[tuple[object, ...]]:
    """A sale's or refund's totals by rate as rows: code, name, percent, exempt, net, tax,
    gross (no rate is stored as code "" and exempt)."""
    return [
        (
            document,
            rate.rate.code if rate.rate else "",
            rate.rate.name if rate.rate else "",
            str(rate.rate.percent) if rate.rate else "0",
            int(rate.rate.exempt) if rate.rate else 1,
            rate.net.minor,
            rate.tax.minor,
            rate.gross.minor,
        )
        for rate in taxes
    ]


def sale_id(conn: Executor, number: str) -> int | None:
    row = conn.execute("SELECT id FROM sales WHERE number = ?", (number,)).fetchone()
    return int(row[0]) if row else None


def header(conn: Executor, sale: int) -> SaleHeader | None:
    row = conn.execute(
        """
        SELECT number, at, user_id, actor, customer_id, session_id, currency, mode, net, tax,
            gross, discount, rounding, change, approved_by
        FROM sales WHERE id = ?
        """,
        (sale,),
    ).fetchone()
    return SaleHeader(*row) if row else None


def lines(conn: Executor, sale: int) -> list[SaleLineRow]:
    rows = conn.execute(
        """
        SELECT product_id, name, unit, quantity, unit_price, list_price, discount, amount,
            tax_code, unit_cost, promotion_id, promotion_saving
        FROM sale_lines WHERE sale_id = ? ORDER BY id
        """,
        (sale,),
    )
    return [SaleLineRow(*row) for row in rows]


def payments(conn: Executor, sale: int) -> list[PaymentRow]:
    rows = conn.execute(
        "SELECT method, amount, tendered, provider, reference FROM sale_payments "
        "WHERE sale_id = ? ORDER BY id",
        (sale,),
    )
    return [PaymentRow(*row) for row in rows]


def taxes(conn: Executor, sale: int) -> list[TaxRow]:
    rows = conn.execute(
        "SELECT tax_code, name, percent, exempt, net, tax, gross FROM sale_taxes "
        "WHERE sale_id = ? ORDER BY tax_code",
        (sale,),
    )
    return [TaxRow(r[0], r[1], r[2], bool(r[3]), r[4], r[5], r[6]) for r in rows]


def last_sale(conn: Executor) -> tuple[int, str, str] | None:
    """(id, number, at) of the newest sale."""
    row = conn.execute("SELECT id, number, at FROM sales ORDER BY id DESC LIMIT 1").fetchone()
    return (int(row[0]), str(row[1]), str(row[2])) if row else None


def count_sales(conn: Executor) -> int:
    return int(conn.execute("SELECT count(*) FROM sales").fetchone()[0])


# -- checks for `duka verify` -------------------------------------------------------------


def problems(conn: Executor) -> list[str]:
    """Every sale whose parts disagree: taxes with the totals, payments with what was due,
    stock movements with the lines, or a sale without its journal entry."""
    found: list[str] = []
    for number, gross, taxed in conn.execute(
        """
        SELECT s.number, s.gross, (SELECT ifnull(sum(t.gross), 0) FROM sale_taxes t
            WHERE t.sale_id = s.id)
        FROM sales s
        WHERE s.gross != (SELECT ifnull(sum(t.gross), 0) FROM sale_taxes t WHERE t.sale_id = s.id)
           OR s.tax != (SELECT ifnull(sum(t.tax), 0) FROM sale_taxes t WHERE t.sale_id = s.id)
           OR s.net != (SELECT ifnull(sum(t.net), 0) FROM sale_taxes t WHERE t.sale_id = s.id)
        """
    ):
        found.append(
            _("sales {number}: total {gross} but its taxes add up to {taxed}").format(
                number=number, gross=gross, taxed=taxed
            )
        )
    for number, due, paid in conn.execute(
        """
        SELECT s.number, s.gross + s.rounding, (SELECT ifnull(sum(p.amount), 0)
            FROM sale_payments p WHERE p.sale_id = s.id) AS paid
        FROM sales s WHERE s.gross + s.rounding != paid
        """
    ):
        found.append(
            _("sales {number}: {due} due but {paid} paid").format(number=number, due=due, paid=paid)
        )
    for number, sold, moved in conn.execute(
        """
        WITH sold AS (
            SELECT s.number, l.product_id, sum(l.quantity) AS quantity
            FROM sales s JOIN sale_lines l ON l.sale_id = s.id GROUP BY s.id, l.product_id
        ), moved AS (
            SELECT document, product_id, -sum(quantity) AS quantity FROM stock_movements
            WHERE kind = 'sale' AND document NOT IN (
                SELECT number FROM invoices WHERE number IS NOT NULL)
            GROUP BY document, product_id
        )
        SELECT sold.number, sold.quantity, ifnull(moved.quantity, 0) FROM sold
        LEFT JOIN moved ON moved.document = sold.number AND moved.product_id = sold.product_id
        WHERE ifnull(moved.quantity, 0) != sold.quantity
        UNION ALL
        SELECT moved.document, 0, moved.quantity FROM moved
        LEFT JOIN sold ON sold.number = moved.document AND sold.product_id = moved.product_id
        WHERE sold.number IS NULL
        """
    ):
        found.append(
            _("sales {number}: sold {sold} but the stock ledger moved {moved}").format(
                number=number, sold=sold, moved=moved
            )
        )
    for (number,) in conn.execute(
        """
        SELECT s.number FROM sales s WHERE NOT EXISTS (
            SELECT 1 FROM journal j WHERE j.kind = 'sale' AND j.source_id = s.id)
        """
    ):
        found.append(_("sales {number}: not in the journal").format(number=number))
    return found


def numbering_problems(
    conn: Executor,
    table: str = "sales",
    series: str = "sale",
    prefix: str = "S-",
    column: str = "number",
) -> list[str]:
    """Numbers S-000001, S-000002... (or another series) with none missing, in each till's
    series (S2-000001... on till 2), and this till's counter past its last (each file counts
    only its own till's numbers). In a table that holds several series, only `column`s
    with the prefix."""
    own = this_till(conn)
    known = {own} | {int(r[0]) for r in conn.execute("SELECT number FROM tills")}
    found: list[str] = []
    for till in sorted(known):
        counted = series if till == own else None
        found += _series_problems(conn, table, counted, till_prefix(prefix, till), column)
    return found


def _series_problems(
    conn: Executor, table: str, series: str | None, prefix: str, column: str
) -> list[str]:
    start = len(prefix) + 1
    rows = conn.execute(
        f"SELECT DISTINCT CAST(substr({column}, {start}) AS INTEGER) AS n FROM {table} "
        f"WHERE {column} LIKE '{prefix}%' ORDER BY n"
    ).fetchall()
    found = []
    expected = 1
    for (number,) in rows:
        if number != expected:
            found.append(
                _("{table}: number {missing} is missing before {number}").format(
                    table=table, missing=f"{prefix}{expected:06d}", number=f"{prefix}{number:06d}"
                )
            )
        expected = number + 1
    if series is None:
        return found
    row = conn.execute("SELECT next FROM counters WHERE series = ?", (series,)).fetchone()
    if rows and (row is None or int(row[0]) != expected):
        found.append(
            _("counters: the next {series} number is {next}, not {expected}").format(
                series=series, next=row[0] if row else None, expected=expected
            )
        )
    return found


def export_lines(conn: Executor, since: str | None, until: str | None) -> Iterator[tuple[Any, ...]]:
    """Every sale line from `since` up to (not including) `until`, oldest first:
    (number, at, actor, customer_id, mode, product_id, name, unit, quantity, unit_price,
    discount, amount, tax_code, tax percent)."""
    return conn.execute(
        """
        SELECT s.number, s.at, s.actor, s.customer_id, s.mode, l.product_id, l.name, l.unit,
               l.quantity, l.unit_price, l.discount, l.amount, l.tax_code,
               (SELECT t.percent FROM sale_taxes t
                WHERE t.sale_id = s.id AND t.tax_code = ifnull(l.tax_code, ''))
        FROM sales s JOIN sale_lines l ON l.sale_id = s.id
        WHERE s.at >= ifnull(?, '') AND s.at < ifnull(?, '9999')
        ORDER BY s.id, l.id
        """,
        (since, until),
    )


def sales_between(
    conn: Executor, since: str, until: str, limit: int
) -> list[tuple[str, str, int, str | None]]:
    """(number, at, gross, customer name) of the sales in a time span, newest first."""
    rows = conn.execute(
        """
        SELECT s.number, s.at, s.gross, c.name FROM sales s
        LEFT JOIN customers c ON c.id = s.customer_id
        WHERE s.at >= ? AND s.at < ? ORDER BY s.id DESC LIMIT ?
        """,
        (since, until, limit),
    )
    return [(str(r[0]), str(r[1]), int(r[2]), r[3]) for r in rows]


def sales_of_customers(
    conn: Executor, text: str, limit: int
) -> list[tuple[str, str, int, str | None]]:
    """The sales of customers whose name or phone holds `text`, newest first."""
    pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    rows = conn.execute(
        """
        SELECT s.number, s.at, s.gross, c.name FROM sales s
        JOIN customers c ON c.id = s.customer_id
        WHERE c.name LIKE ? ESCAPE '\\' OR c.phone LIKE ? ESCAPE '\\'
        ORDER BY s.id DESC LIMIT ?
        """,
        (pattern, pattern, limit),
    )
    return [(str(r[0]), str(r[1]), int(r[2]), r[3]) for r in rows]


def sales_of_customer(
    conn: Executor, customer_id: int, limit: int
) -> list[tuple[str, str, int, int]]:
    """A customer's sales, newest first: (number, at, gross, put on their account)."""
    rows = conn.execute(
        """
        SELECT s.number, s.at, s.gross, ifnull((SELECT sum(p.amount) FROM sale_payments p
            WHERE p.sale_id = s.id AND p.method = 'account'), 0)
        FROM sales s WHERE s.customer_id = ? ORDER BY s.at DESC, s.id DESC LIMIT ?
        """,
        (customer_id, limit),
    )
    return [(str(r[0]), str(r[1]), int(r[2]), int(r[3])) for r in rows]
