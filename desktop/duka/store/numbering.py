"""Gapless document numbers: the next number of a series is taken inside the transaction
that writes the document, so a number is used exactly when the document exists."""

from __future__ import annotations

from duka.core.numbering import fixed_number
from duka.store.sql import Executor
from duka.store.tills import this_till


def next_number(conn: Executor, series: str, period: str = "") -> int:
    """Take the next number of `series` (restarting at 1 when `period` changes)."""
    if not conn.in_transaction:
        raise RuntimeError("a document number is taken inside the document's transaction")
    # One statement (every statement counts in a sale): a new series, or a new period,
    # starts at 1; SET reads the row as it was, RETURNING as it becomes.
    row = conn.execute(
        "INSERT INTO counters (series, period, next) VALUES (?, ?, 2) "
        "ON CONFLICT (series) DO UPDATE SET "
        "next = CASE WHEN period = excluded.period THEN next + 1 ELSE 2 END, "
        "period = excluded.period RETURNING next - 1",
        (series, period),
    ).fetchall()
    return int(row[0][0])


def next_fixed(conn: Executor, series: str, prefix: str, width: int) -> str:
    """The next number of a series whose form Duka fixes, as this till writes it (S-000123
    on till 1, S2-000123 on till 2); each file counts only its own till's series."""
    return fixed_number(prefix, next_number(conn, series), width, this_till(conn))
