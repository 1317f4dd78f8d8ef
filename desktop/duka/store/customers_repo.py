"""Rows of customers."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from sqlite3 import Connection
from typing import Any

from duka.core.customers import CustomerRow, NewCustomer
from duka.core.money import Money


def insert_customer(conn: Connection, customer: NewCustomer, at: str, actor: str | None) -> int:
    cursor = conn.execute(
        """
        INSERT INTO customers (name, phone, email, address, tax_id, language, credit_limit,
            notes, created_at, created_by, updated_at, updated_by)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
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
            at,
            actor,
            at,
            actor,
        ),
    )
    return int(cursor.lastrowid or 0)


def count_customers(conn: Connection) -> int:
    return int(conn.execute("SELECT count(*) FROM customers").fetchone()[0])


def phone_in_use(conn: Connection, phone: str) -> bool:
    row = conn.execute("SELECT 1 FROM customers WHERE phone = ? LIMIT 1", (phone,)).fetchone()
    return row is not None


def customer_page(conn: Connection, offset: int, limit: int, currency: str) -> list[CustomerRow]:
    rows = conn.execute(
        """
        SELECT id, name, phone, email, language, credit_limit FROM customers
        ORDER BY id LIMIT ? OFFSET ?
        """,
        (limit, offset),
    )
    return _rows(rows, currency)


def find_customers(conn: Connection, text: str, limit: int, currency: str) -> list[CustomerRow]:
    """Customers whose name or phone holds `text` (any script), by name."""
    pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    rows = conn.execute(
        """
        SELECT id, name, phone, email, language, credit_limit FROM customers
        WHERE name LIKE ? ESCAPE '\\' OR phone LIKE ? ESCAPE '\\'
        ORDER BY name COLLATE NOCASE LIMIT ?
        """,
        (pattern, pattern, limit),
    )
    return _rows(rows, currency)


def get_customer(conn: Connection, customer: int, currency: str) -> CustomerRow | None:
    rows = _rows(
        conn.execute(
            "SELECT id, name, phone, email, language, credit_limit FROM customers WHERE id = ?",
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
        )
        for r in rows
    ]
