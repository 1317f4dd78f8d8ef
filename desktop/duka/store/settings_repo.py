"""Rows of the settings table: one row per setting that differs from nothing stored."""

from __future__ import annotations

from collections.abc import Mapping
from sqlite3 import Connection

from duka.core.settings import Stored


def load_stored(conn: Connection) -> dict[str, Stored]:
    return {str(k): v for k, v in conn.execute("SELECT key, value FROM settings")}


def save_stored(conn: Connection, values: Mapping[str, Stored], at: str, actor: str | None) -> None:
    """Write the given settings; the caller holds the transaction."""
    conn.executemany(
        """
        INSERT INTO settings (key, value, updated_at, updated_by) VALUES (?, ?, ?, ?)
        ON CONFLICT (key) DO UPDATE SET
            value = excluded.value,
            updated_at = excluded.updated_at,
            updated_by = excluded.updated_by
        """,
        [(key, value, at, actor) for key, value in values.items()],
    )


def business_rows(conn: Connection) -> int:
    """How many products and customers exist (a currency change would reprice them)."""
    row = conn.execute(
        "SELECT (SELECT count(*) FROM products) + (SELECT count(*) FROM customers)"
    ).fetchone()
    return int(row[0])
