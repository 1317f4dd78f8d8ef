"""Changing a shop file the way a tool outside Duka could: with every protection trigger out
of the way, then put back exactly as it was, so only what the checks prove catches it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from duka.store import sql

# Through apsw, as Duka: the shop may be open in this process, and one file must never be open
# through two SQLite libraries at once.


@contextmanager
def outside_duka(path: Path) -> Iterator[sql.Connection]:
    conn = sql.open_file(path)
    triggers = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name"
    ).fetchall()
    conn.execute("BEGIN IMMEDIATE")
    try:
        for name, _sql in triggers:
            conn.execute(f'DROP TRIGGER "{name}"')
        yield conn
        for _name, statement in triggers:
            conn.execute(statement)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    finally:
        conn.close()


def cut_sales(conn: sql.Connection, how_many: int) -> None:
    """Remove the newest sales whole: their rows, stock movements and journal entries (and
    every journal entry after the first of them), then roll back the number counter, the
    stock levels (and, once the triggers are back, `rebuild_summaries`) so that
    everything else still agrees."""
    sales = conn.execute(
        "SELECT id, number FROM sales ORDER BY id DESC LIMIT ?", (how_many,)
    ).fetchall()
    ids = [s[0] for s in sales]
    marks = ",".join("?" * len(ids))
    first_seq = conn.execute(
        f"SELECT min(seq) FROM journal WHERE kind = 'sale' AND source_id IN ({marks})", ids
    ).fetchone()[0]
    conn.execute("DELETE FROM journal WHERE seq >= ?", (first_seq,))
    for table in ("sale_lines", "sale_taxes", "sale_payments"):
        conn.execute(f"DELETE FROM {table} WHERE sale_id IN ({marks})", ids)
    numbers = [s[1] for s in sales]
    conn.execute(
        f"DELETE FROM stock_movements WHERE document IN ({','.join('?' * len(numbers))})",
        numbers,
    )
    conn.execute(f"DELETE FROM sales WHERE id IN ({marks})", ids)
    conn.execute("UPDATE counters SET next = next - ? WHERE series = 'sale'", (len(ids),))
    conn.execute(
        "UPDATE stock_levels SET quantity = (SELECT ifnull(sum(m.quantity), 0) "
        "FROM stock_movements m WHERE m.product_id = stock_levels.product_id)"
    )


def rebuild_summaries(path: Path) -> None:
    """Work the report summaries out again from what the documents now say."""
    from duka.store import summaries

    conn = sql.open_file(path)
    try:
        conn.execute("BEGIN IMMEDIATE")
        summaries.rebuild(conn)
        conn.execute("COMMIT")
    finally:
        conn.close()


def cut_journal_tail(conn: sql.Connection, table: str, how_many: int) -> None:
    """Remove the newest `how_many` rows of a journaled table and the journal from the
    first of them on."""
    ids = [
        r[0] for r in conn.execute(f"SELECT id FROM {table} ORDER BY id DESC LIMIT ?", (how_many,))
    ]
    marks = ",".join("?" * len(ids))
    first_seq = conn.execute(
        f"SELECT min(seq) FROM journal WHERE source_table = ? AND source_id IN ({marks})",
        [table, *ids],
    ).fetchone()[0]
    conn.execute("DELETE FROM journal WHERE seq >= ?", (first_seq,))
    conn.execute(f"DELETE FROM {table} WHERE id IN ({marks})", ids)
