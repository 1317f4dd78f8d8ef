"""Rows of suppliers, goods received, supplier payments and the payables ledger."""

from __future__ import annotations

from typing import Any

from duka.core.money import Money
from duka.core.purchase_tax import carries_tax
from duka.core.suppliers import (
    GoodsReceived,
    GoodsReceivedDraft,
    LedgerEntry,
    PaymentMethod,
    Supplier,
    SupplierDraft,
)
from duka.core.tax import DocumentTotals
from duka.i18n import _
from duka.store import journal
from duka.store.sales_repo import tax_rows
from duka.store.sql import Executor
from duka.store.tills import new_id, new_ids

GOODS_RECEIVED = journal.GOODS_RECEIVED
SUPPLIER_PAYMENT = journal.SUPPLIER_PAYMENT

_SUPPLIER_SQL = """
    SELECT s.id, s.name, s.phone, s.tax_id, s.notes, s.active,
           ifnull((SELECT sum(amount) FROM supplier_ledger l WHERE l.supplier_id = s.id), 0),
           s.language
    FROM suppliers s
"""


def _supplier(row: tuple[Any, ...], currency: str) -> Supplier:
    return Supplier(
        int(row[0]),
        str(row[1]),
        str(row[2]),
        str(row[3]),
        str(row[4]),
        bool(row[5]),
        Money(int(row[6]), currency),
        None if row[7] is None else str(row[7]),
    )


def insert_supplier(conn: Executor, draft: SupplierDraft, at: str, actor: str) -> int:
    supplier_id = new_id(conn, "suppliers")
    conn.execute(
        "INSERT INTO suppliers (id, name, phone, tax_id, notes, language, created_at, "
        "created_by, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            supplier_id,
            draft.name,
            draft.phone,
            draft.tax_id,
            draft.notes,
            draft.language,
            at,
            actor,
            at,
            actor,
        ),
    )
    return supplier_id


def update_supplier(
    conn: Executor,
    supplier_id: int,
    draft: SupplierDraft,
    active: bool,
    at: str,
    actor: str,
) -> None:
    conn.execute(
        "UPDATE suppliers SET name = ?, phone = ?, tax_id = ?, notes = ?, language = ?, "
        "active = ?, updated_at = ?, updated_by = ? WHERE id = ?",
        (
            draft.name,
            draft.phone,
            draft.tax_id,
            draft.notes,
            draft.language,
            int(active),
            at,
            actor,
            supplier_id,
        ),
    )


def suppliers(conn: Executor, currency: str, active_only: bool = False) -> list[Supplier]:
    where = "WHERE s.active = 1" if active_only else ""
    rows = conn.execute(f"{_SUPPLIER_SQL} {where} ORDER BY s.active DESC, s.name COLLATE NOCASE")
    return [_supplier(r, currency) for r in rows]


def supplier(conn: Executor, supplier_id: int, currency: str) -> Supplier | None:
    row = conn.execute(f"{_SUPPLIER_SQL} WHERE s.id = ?", (supplier_id,)).fetchone()
    return _supplier(row, currency) if row else None


def owed(conn: Executor, supplier_id: int) -> int:
    row = conn.execute(
        "SELECT ifnull(sum(amount), 0) FROM supplier_ledger WHERE supplier_id = ?", (supplier_id,)
    ).fetchone()
    return int(row[0])


def add_ledger(
    conn: Executor,
    *,
    supplier_id: int,
    kind: str,
    amount: int,
    document: str,
    note: str,
    at: str,
    user_id: int | None,
    actor: str,
) -> None:
    conn.execute(
        "INSERT INTO supplier_ledger (id, supplier_id, kind, amount, document, note, at, "
        "user_id, actor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (new_id(conn, "supplier_ledger"), supplier_id, kind, amount, document, note, at, user_id,
         actor),
    )  # fmt: skip


def insert_goods_received(
    conn: Executor,
    draft: GoodsReceivedDraft,
    totals: DocumentTotals,
    number: str,
    at: str,
    user_id: int | None,
    actor: str,
) -> int:
    """The delivery, its lines (before tax, with their rates) and, when a line has a rate,
    its totals by rate; its total is what the supplier is owed, with the tax."""
    receipt_id = new_id(conn, "goods_received")
    conn.execute(
        "INSERT INTO goods_received (id, number, supplier_id, reference, paid, total, tax, "
        "notes, at, user_id, actor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            receipt_id,
            number,
            draft.supplier_id,
            draft.reference,
            int(draft.paid),
            totals.gross.minor,
            totals.tax.minor,
            draft.notes,
            at,
            user_id,
            actor,
        ),
    )
    first_line = new_ids(conn, "goods_received_lines", len(draft.lines))
    conn.executemany(
        "INSERT INTO goods_received_lines (id, receipt_id, product_id, quantity, unit_cost, "
        "total, tax_code) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (
                first_line + n,
                receipt_id,
                line.product_id,
                line.quantity.milli,
                line.unit_cost.minor,
                line.total.minor,
                line.tax_code,
            )
            for n, line in enumerate(draft.lines)
        ],
    )
    if carries_tax([line.bought for line in draft.lines]):
        insert_taxes(conn, "goods_received_taxes", "receipt_id", receipt_id, totals)
    return receipt_id


def insert_taxes(
    conn: Executor, table: str, parent: str, parent_id: int, totals: DocumentTotals
) -> None:
    """A delivery's or a return's totals by rate (no rate: code "", as on sales)."""
    conn.executemany(
        f"INSERT INTO {table} ({parent}, tax_code, name, percent, exempt, net, tax, gross) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        tax_rows(parent_id, totals.by_rate),
    )


def insert_payment(
    conn: Executor,
    *,
    number: str,
    supplier_id: int,
    amount: int,
    method: PaymentMethod,
    reference: str,
    at: str,
    user_id: int | None,
    actor: str,
) -> int:
    payment_id = new_id(conn, "supplier_payments")
    conn.execute(
        "INSERT INTO supplier_payments (id, number, supplier_id, amount, method, reference, at, "
        "user_id, actor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (payment_id, number, supplier_id, amount, method.value, reference, at, user_id, actor),
    )
    return payment_id


def deliveries(conn: Executor, supplier_id: int, currency: str) -> list[GoodsReceived]:
    rows = conn.execute(
        "SELECT id, number, supplier_id, total, paid, at FROM goods_received "
        "WHERE supplier_id = ? ORDER BY id DESC",
        (supplier_id,),
    )
    return [
        GoodsReceived(
            int(r[0]), str(r[1]), int(r[2]), Money(int(r[3]), currency), bool(r[4]), str(r[5])
        )
        for r in rows
    ]


def ledger(
    conn: Executor,
    supplier_id: int,
    currency: str,
    since: str | None,
    until: str | None,
) -> tuple[Money, list[LedgerEntry]]:
    """The balance before `since`, and the entries in [since, until) with running balances."""
    opening = int(
        conn.execute(
            "SELECT ifnull(sum(amount), 0) FROM supplier_ledger WHERE supplier_id = ? AND at < ?",
            (supplier_id, since or ""),
        ).fetchone()[0]
    )
    rows = conn.execute(
        "SELECT at, kind, document, amount, note FROM supplier_ledger WHERE supplier_id = ? "
        "AND at >= ? AND at < ? ORDER BY at, id",
        (supplier_id, since or "", until or "\uffff"),
    )
    balance = opening
    entries = []
    for at, kind, document, amount, note in rows:
        balance += int(amount)
        entries.append(
            LedgerEntry(
                str(at),
                str(kind),
                str(document),
                Money(int(amount), currency),
                Money(balance, currency),
                str(note),
            )
        )
    return Money(opening, currency), entries


def document_problems(conn: Executor) -> list[str]:
    """Deliveries whose lines, stock movements or payables entry do not agree with them."""
    found = []
    # The total is the lines' (before tax) and the tax; the tax is its rates'.
    for number, total, lines in conn.execute(
        "SELECT r.number, r.total, r.tax + (SELECT ifnull(sum(total), 0) FROM "
        "goods_received_lines l WHERE l.receipt_id = r.id) AS lines FROM goods_received r "
        "WHERE r.total != lines LIMIT 20"
    ):
        found.append(
            _("goods_received {number}: total {total} but its lines add up to {lines}").format(
                number=number, total=total, lines=lines
            )
        )
    found += tax_problems(
        conn, "goods_received", "goods_received_lines", "goods_received_taxes", "receipt_id"
    )
    for number, product_id in conn.execute(
        """
        SELECT r.number, l.product_id FROM goods_received_lines l
        JOIN goods_received r ON r.id = l.receipt_id
        WHERE NOT EXISTS (
            SELECT 1 FROM stock_movements m WHERE m.document = r.number AND m.kind = 'receive'
            AND m.product_id = l.product_id AND m.quantity = l.quantity
            AND m.unit_cost = l.unit_cost)
        LIMIT 20
        """
    ):
        found.append(
            _(
                "goods_received {number}: product {product_id} has no matching stock movement"
            ).format(number=number, product_id=product_id)
        )
    for (number,) in conn.execute(
        """
        SELECT r.number FROM goods_received r WHERE NOT EXISTS (
            SELECT 1 FROM supplier_ledger g WHERE g.document = r.number AND g.kind = 'received'
            AND g.amount = r.total AND g.supplier_id = r.supplier_id)
        LIMIT 20
        """
    ):
        found.append(
            _("goods_received {number}: missing from the supplier's account").format(number=number)
        )
    for (number,) in conn.execute(
        """
        SELECT p.number FROM supplier_payments p WHERE NOT EXISTS (
            SELECT 1 FROM supplier_ledger g WHERE g.document = p.number AND g.kind = 'payment'
            AND g.amount = -p.amount AND g.supplier_id = p.supplier_id)
        LIMIT 20
        """
    ):
        found.append(
            _("supplier_payments {number}: missing from the supplier's account").format(
                number=number
            )
        )
    return found


def tax_problems(conn: Executor, table: str, lines: str, rates: str, parent: str) -> list[str]:
    """Deliveries or returns whose tax is not their rates' tax, or whose rates' amounts
    before tax are not their lines'."""
    found = []
    for number, tax, summed in conn.execute(
        f"""
        SELECT d.number, d.tax, ifnull((SELECT sum(t.tax) FROM {rates} t
            WHERE t.{parent} = d.id), 0) AS summed
        FROM {table} d
        WHERE d.tax != summed OR (EXISTS (SELECT 1 FROM {rates} t WHERE t.{parent} = d.id)
            AND (SELECT sum(t.net) FROM {rates} t WHERE t.{parent} = d.id)
                != (SELECT sum(l.total) FROM {lines} l WHERE l.{parent} = d.id))
        LIMIT 20
        """
    ):
        found.append(
            _("{table} {number}: tax {tax} but its rates add up to {rates}").format(
                table=table, number=number, tax=tax, rates=summed
            )
        )
    return found
