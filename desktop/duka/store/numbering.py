"""Gapless document numbers: the next number of a series is taken inside the transaction
that writes the document, so a number is used exactly when the document exists."""

from __future__ import annotations

from duka.store.sql import Executor


def next_number(conn: Executor, series: str, period: str = "") -> int:
    """Take the next number of `series` (restarting at 1 when `period` changes)."""
    if not conn.in_transaction:
        raise RuntimeError("a document number is taken inside the document's transaction")
    row = conn.execute("SELECT period, next FROM counters WHERE series = ?", (series,)).fetchone()
    number = 1 if row is None or row[0] != period else int(row[1])
    conn.execute(
        "INSERT INTO counters (series, period, next) VALUES (?, ?, ?) "
        "ON CONFLICT (series) DO UPDATE SET period = excluded.period, next = excluded.next",
        (series, period, number + 1),
    )
    return number
