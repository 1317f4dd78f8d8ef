"""Rows of the settings table: one row per setting that differs from nothing stored."""

from __future__ import annotations

from collections.abc import Mapping

from duka.core.settings import Stored
from duka.store import journal
from duka.store.sql import Executor


def load_stored(conn: Executor) -> dict[str, Stored]:
    return {str(k): v for k, v in conn.execute("SELECT key, value FROM settings")}


def save_stored(conn: Executor, values: Mapping[str, Stored], at: str, actor: str | None) -> None:
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
    # Every setting is journaled (tax rates, prices with or without tax, numbering...).
    for key in values:
        row = conn.execute("SELECT rowid FROM settings WHERE key = ?", (key,)).fetchone()
        journal.append(conn, journal.SETTING.kind, int(row[0]), at, None, actor or "")


def business_rows(conn: Executor) -> int:
    """How many products and customers exist (a currency change would reprice them)."""
    row = conn.execute(
        "SELECT (SELECT count(*) FROM products) + (SELECT count(*) FROM customers)"
    ).fetchone()
    return int(row[0])
