"""Rows of purchase orders (their lines, deliveries and cancellations) and supplier returns."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from duka.core.money import Money
from duka.core.products import Unit
from duka.core.purchase_tax import carries_tax
from duka.core.purchases import OrderLine, OrderLineDraft, PurchaseOrder, SupplierReturn
from duka.core.quantity import Quantity
from duka.core.tax import DocumentTotals
from duka.i18n import _
from duka.store.sql import Executor
from duka.store.suppliers_repo import insert_taxes, tax_problems
from duka.store.tills import new_id, new_ids


def insert_order(
    conn: Executor,
    *,
    number: str,
    supplier_id: int,
    note: str,
    lines: Sequence[OrderLineDraft],
    total: int,
    at: str,
    user_id: int | None,
    actor: str,
) -> int:
    order_id = new_id(conn, "purchase_orders")
    conn.execute(
        "INSERT INTO purchase_orders (id, number, supplier_id, note, total, at, user_id, actor) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (order_id, number, supplier_id, note, total, at, user_id, actor),
    )
    _insert_lines(conn, "purchase_order_lines", "order_id", order_id, lines)
    return order_id


def _insert_lines(
    conn: Executor,
    table: str,
    parent: str,
    parent_id: int,
    lines: Sequence[OrderLineDraft],
    *,
    rates: bool = False,
) -> None:
    """The lines before tax; `rates`: with each line's tax rate (a return's; an order's
    lines keep none)."""
    first = new_ids(conn, table, len(lines))
    conn.executemany(
        f"INSERT INTO {table} (id, {parent}, product_id, quantity, unit_cost, total, tax_code) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)" if rates else
        f"INSERT INTO {table} (id, {parent}, product_id, quantity, unit_cost, total) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [
            (first + n, parent_id, line.product_id, line.quantity.milli, line.unit_cost.minor,
             line.total.minor, *((line.tax_code,) if rates else ()))
            for n, line in enumerate(lines)
        ],
    )  # fmt: skip


def link_receipt(conn: Executor, order_id: int, receipt_id: int, at: str) -> int:
    link_id = new_id(conn, "purchase_order_receipts")
    conn.execute(
        "INSERT INTO purchase_order_receipts (id, order_id, receipt_id, at) VALUES (?, ?, ?, ?)",
        (link_id, order_id, receipt_id, at),
    )
    return link_id


def insert_cancellation(
    conn: Executor, order_id: int, reason: str, at: str, user_id: int | None, actor: str
) -> int:
    row_id = new_id(conn, "purchase_order_cancellations")
    conn.execute(
        "INSERT INTO purchase_order_cancellations (id, order_id, reason, at, user_id, actor) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (row_id, order_id, reason, at, user_id, actor),
    )
    return row_id


def receipt_id(conn: Executor, number: str) -> int:
    return int(
        conn.execute("SELECT id FROM goods_received WHERE number = ?", (number,)).fetchone()[0]
    )


def order_id(conn: Executor, number: str) -> int | None:
    row = conn.execute("SELECT id FROM purchase_orders WHERE number = ?", (number,)).fetchone()
    return int(row[0]) if row else None


_ORDER_SQL = """
    SELECT o.id, o.number, o.supplier_id, s.name, o.note, o.total, o.at, o.actor,
           ifnull(c.reason, ''), ifnull(c.at, '')
    FROM purchase_orders o
    JOIN suppliers s ON s.id = o.supplier_id
    LEFT JOIN purchase_order_cancellations c ON c.order_id = o.id
"""


def _lines(conn: Executor, order_ids: list[int], currency: str) -> dict[int, list[OrderLine]]:
    """Each order's lines with what the deliveries received against it brought of each."""
    found: dict[int, list[OrderLine]] = {i: [] for i in order_ids}
    for start in range(0, len(order_ids), 500):
        chunk = order_ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for oid, product_id, name, unit, quantity, cost, received in conn.execute(
            f"""
            SELECT l.order_id, l.product_id, p.name, p.unit, l.quantity, l.unit_cost,
                   ifnull((SELECT sum(g.quantity) FROM purchase_order_receipts r
                           JOIN goods_received_lines g ON g.receipt_id = r.receipt_id
                           WHERE r.order_id = l.order_id AND g.product_id = l.product_id), 0)
            FROM purchase_order_lines l JOIN products p ON p.id = l.product_id
            WHERE l.order_id IN ({marks}) ORDER BY l.id
            """,
            chunk,
        ):
            found[int(oid)].append(
                OrderLine(
                    int(product_id),
                    str(name),
                    Unit(str(unit)),
                    Quantity(int(quantity)),
                    Quantity(int(received)),
                    Money(int(cost), currency),
                )
            )
    return found


def _deliveries(conn: Executor, order_ids: list[int]) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {i: [] for i in order_ids}
    for start in range(0, len(order_ids), 500):
        chunk = order_ids[start : start + 500]
        for oid, number in conn.execute(
            "SELECT r.order_id, g.number FROM purchase_order_receipts r "
            "JOIN goods_received g ON g.id = r.receipt_id "
            f"WHERE r.order_id IN ({','.join('?' * len(chunk))}) ORDER BY r.id",
            chunk,
        ):
            found[int(oid)].append(str(number))
    return found


def _orders(
    conn: Executor, where: str, params: Iterable[object], currency: str
) -> list[PurchaseOrder]:
    rows = list(conn.execute(f"{_ORDER_SQL} {where}", tuple(params)))
    ids = [int(r[0]) for r in rows]
    lines, deliveries = _lines(conn, ids, currency), _deliveries(conn, ids)
    return [
        PurchaseOrder(
            id=int(r[0]),
            number=str(r[1]),
            supplier_id=int(r[2]),
            supplier_name=str(r[3]),
            note=str(r[4]),
            total=Money(int(r[5]), currency),
            at=str(r[6]),
            actor=str(r[7]),
            lines=tuple(lines[int(r[0])]),
            deliveries=tuple(deliveries[int(r[0])]),
            cancel_reason=str(r[8]),
            cancelled_at=str(r[9]),
        )
        for r in rows
    ]


def orders(conn: Executor, currency: str, supplier_id: int | None = None) -> list[PurchaseOrder]:
    """Every order (of one supplier), newest first."""
    if supplier_id is None:
        return _orders(conn, "ORDER BY o.at DESC, o.id DESC", (), currency)
    return _orders(
        conn, "WHERE o.supplier_id = ? ORDER BY o.at DESC, o.id DESC", (supplier_id,), currency
    )


def order(conn: Executor, order_id: int, currency: str) -> PurchaseOrder | None:
    found = _orders(conn, "WHERE o.id = ?", (order_id,), currency)
    return found[0] if found else None


def last_suppliers(conn: Executor, product_ids: Sequence[int]) -> dict[int, int]:
    """The supplier who last delivered each product (products never delivered are left
    out): the shop keeps no product-supplier link, its deliveries say who brings what."""
    found: dict[int, int] = {}
    for start in range(0, len(product_ids), 500):
        chunk = list(product_ids[start : start + 500])
        for product_id, supplier_id in conn.execute(
            f"""
            SELECT l.product_id, (SELECT r.supplier_id FROM goods_received_lines x
                JOIN goods_received r ON r.id = x.receipt_id
                WHERE x.product_id = l.product_id ORDER BY r.at DESC, r.id DESC LIMIT 1)
            FROM (SELECT DISTINCT product_id FROM goods_received_lines
                  WHERE product_id IN ({",".join("?" * len(chunk))})) l
            """,
            chunk,
        ):
            found[int(product_id)] = int(supplier_id)
    return found


def delivered_by(conn: Executor, supplier_id: int) -> list[int]:
    """The products this supplier delivered, the ones delivered most recently first."""
    rows = conn.execute(
        """
        SELECT l.product_id FROM goods_received_lines l
        JOIN goods_received r ON r.id = l.receipt_id
        WHERE r.supplier_id = ? GROUP BY l.product_id ORDER BY max(r.at) DESC, l.product_id
        """,
        (supplier_id,),
    )
    return [int(r[0]) for r in rows]


def insert_return(
    conn: Executor,
    *,
    number: str,
    supplier_id: int,
    reason: str,
    lines: Sequence[OrderLineDraft],
    totals: DocumentTotals,
    at: str,
    user_id: int | None,
    actor: str,
) -> int:
    """The return, its lines (before tax, with their rates) and, when a line has a rate, its
    totals by rate; its total is what the supplier credits, with the tax."""
    return_id = new_id(conn, "supplier_returns")
    conn.execute(
        "INSERT INTO supplier_returns (id, number, supplier_id, reason, total, tax, at, "
        "user_id, actor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (return_id, number, supplier_id, reason, totals.gross.minor, totals.tax.minor, at,
         user_id, actor),
    )  # fmt: skip
    _insert_lines(conn, "supplier_return_lines", "return_id", return_id, lines, rates=True)
    if carries_tax([line.bought for line in lines]):
        insert_taxes(conn, "supplier_return_taxes", "return_id", return_id, totals)
    return return_id


def returns(conn: Executor, currency: str) -> list[SupplierReturn]:
    rows = conn.execute(
        "SELECT r.id, r.number, r.supplier_id, s.name, r.reason, r.total, r.at "
        "FROM supplier_returns r JOIN suppliers s ON s.id = r.supplier_id "
        "ORDER BY r.at DESC, r.id DESC"
    )
    return [
        SupplierReturn(
            int(r[0]), str(r[1]), int(r[2]), str(r[3]), str(r[4]), Money(int(r[5]), currency),
            str(r[6]),
        )
        for r in rows
    ]  # fmt: skip


def document_problems(conn: Executor) -> list[str]:
    """Orders and returns whose lines, stock movements or supplier's account disagree."""
    found = []
    # A return's total is its lines' (before tax) and its tax; an order has no tax.
    for table, lines, parent, tax in (
        ("purchase_orders", "purchase_order_lines", "order_id", "0"),
        ("supplier_returns", "supplier_return_lines", "return_id", "d.tax"),
    ):
        for number, total, summed in conn.execute(
            f"SELECT d.number, d.total, {tax} + (SELECT ifnull(sum(total), 0) FROM {lines} l "
            f"WHERE l.{parent} = d.id) AS summed FROM {table} d WHERE d.total != summed LIMIT 20"
        ):
            found.append(
                _("{table} {number}: total {total} but its lines add up to {lines}").format(
                    table=table, number=number, total=total, lines=summed
                )
            )
    found += tax_problems(
        conn, "supplier_returns", "supplier_return_lines", "supplier_return_taxes", "return_id"
    )
    for number, product_id in conn.execute(
        """
        SELECT r.number, l.product_id FROM supplier_return_lines l
        JOIN supplier_returns r ON r.id = l.return_id
        WHERE NOT EXISTS (
            SELECT 1 FROM stock_movements m WHERE m.document = r.number AND m.kind = 'adjust'
            AND m.product_id = l.product_id AND m.quantity = -l.quantity)
        LIMIT 20
        """
    ):
        found.append(
            _(
                "supplier_returns {number}: product {product_id} has no matching stock movement"
            ).format(number=number, product_id=product_id)
        )
    for (number,) in conn.execute(
        """
        SELECT r.number FROM supplier_returns r WHERE NOT EXISTS (
            SELECT 1 FROM supplier_ledger g WHERE g.document = r.number
            AND g.kind = 'adjustment' AND g.amount = -r.total AND g.supplier_id = r.supplier_id)
        LIMIT 20
        """
    ):
        found.append(
            _("supplier_returns {number}: missing from the supplier's account").format(
                number=number
            )
        )
    for (number,) in conn.execute(
        """
        SELECT o.number FROM purchase_order_receipts r
        JOIN purchase_orders o ON o.id = r.order_id
        JOIN goods_received g ON g.id = r.receipt_id
        WHERE g.supplier_id != o.supplier_id LIMIT 20
        """
    ):
        found.append(
            _("purchase_orders {number}: received from another supplier").format(number=number)
        )
    return found
