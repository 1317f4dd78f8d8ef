"""Rows of customers."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from duka.core.customers import CustomerRow, NewCustomer
from duka.core.money import Money
from duka.store import journal
from duka.store.sql import Executor
from duka.store.tills import new_id

_COLUMNS = (
    "c.id, c.name, c.phone, c.email, c.language, c.credit_limit, ifnull(b.balance, 0), "
    "c.address, c.tax_id, c.notes, c.active"
)
_BALANCE = "LEFT JOIN customer_balances b ON b.customer_id = c.id"


def all_customers(conn: Executor, currency: str) -> list[CustomerRow]:
    """Every customer, by id (for exporting)."""
    return _rows(
        conn.execute(f"SELECT {_COLUMNS} FROM customers c {_BALANCE} ORDER BY c.id"), currency
    )


def insert_customer(
    conn: Executor,
    customer: NewCustomer,
    at: str,
    actor: str | None,
    *,
    journaled: bool = True,
) -> int:
    """Insert a customer; with `journaled` False the caller journals it (in bulk)."""
    customer_id = new_id(conn, "customers")
    conn.execute(
        """
        INSERT INTO customers (id, name, phone, email, address, tax_id, language,
            credit_limit, notes, created_at, created_by, updated_at, updated_by)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """,
        (
            customer_id,
            customer.name,
            customer.phone,
            customer.email,
            customer.address,
            customer.tax_id,
            customer.language,
            customer.credit_limit.minor,
            customer.notes,
            at,
            actor,
            at,
            actor,
        ),
    )
    if journaled:
        journal.append(conn, journal.CUSTOMER.kind, customer_id, at, None, actor or "")
    return customer_id


def update_customer(
    conn: Executor,
    customer_id: int,
    customer: NewCustomer,
    active: bool,
    at: str,
    actor: str,
    *,
    journaled: bool = True,
) -> None:
    conn.execute(
        """
        UPDATE customers SET name = ?, phone = ?, email = ?, address = ?, tax_id = ?,
            language = ?, credit_limit = ?, notes = ?, active = ?, updated_at = ?,
            updated_by = ?
        WHERE id = ?
        """,
        (
            customer.name,
            customer.phone,
            customer.email,
            customer.address,
            customer.tax_id,
            customer.language,
            customer.credit_limit.minor,
            customer.notes,
            int(active),
            at,
            actor,
            customer_id,
        ),
    )
    if journaled:
        journal.append(conn, journal.CUSTOMER.kind, customer_id, at, None, actor)


def count_customers(conn: Executor) -> int:
    return int(conn.execute("SELECT count(*) FROM customers").fetchone()[0])


def phone_in_use(conn: Executor, phone: str, other_than: int | None = None) -> bool:
    row = conn.execute(
        "SELECT 1 FROM customers WHERE phone = ? AND id IS NOT ? LIMIT 1", (phone, other_than)
    ).fetchone()
    return row is not None


def customer_page(conn: Executor, offset: int, limit: int, currency: str) -> list[CustomerRow]:
    rows = conn.execute(
        f"""
        SELECT {_COLUMNS} FROM customers c {_BALANCE}
        ORDER BY c.active DESC, c.name COLLATE NOCASE, c.id LIMIT ? OFFSET ?
        """,
        (limit, offset),
    )
    return _rows(rows, currency)


def find_customers(conn: Executor, text: str, limit: int, currency: str) -> list[CustomerRow]:
    """Customers whose name or phone holds `text` (any script), by name."""
    pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    rows = conn.execute(
        f"""
        SELECT {_COLUMNS} FROM customers c {_BALANCE}
        WHERE c.name LIKE ? ESCAPE '\\' OR c.phone LIKE ? ESCAPE '\\'
        ORDER BY c.active DESC, c.name COLLATE NOCASE LIMIT ?
        """,
        (pattern, pattern, limit),
    )
    return _rows(rows, currency)


def get_customer(conn: Executor, customer: int, currency: str) -> CustomerRow | None:
    rows = _rows(
        conn.execute(
            f"SELECT {_COLUMNS} FROM customers c {_BALANCE} WHERE c.id = ?",
            (customer,),
        ),
        currency,
    )
    return rows[0] if rows else None


def _rows(rows: Iterable[Sequence[Any]], currency: str) -> list[CustomerRow]:
    return [
        CustomerRow(
            id=r[0],
            name=r[1],
            phone=r[2],
            email=r[3],
            language=r[4],
            credit_limit=Money(r[5], currency),
            balance=Money(r[6], currency),
            address=r[7],
            tax_id=r[8],
            notes=r[9],
            active=bool(r[10]),
        )
        for r in rows
    ]
