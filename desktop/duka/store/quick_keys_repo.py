"""The shop-wide quick keys layout, and what sold most lately (the ready page)."""

from __future__ import annotations

from duka.store.sql import Executor


def load_layout(conn: Executor) -> str | None:
    row = conn.execute("SELECT layout FROM quick_keys WHERE id = 1").fetchone()
    return str(row[0]) if row else None


def save_layout(conn: Executor, layout: str, at: str, actor: str) -> None:
    conn.execute(
        """
        INSERT INTO quick_keys (id, layout, updated_at, updated_by) VALUES (1, ?, ?, ?)
        ON CONFLICT (id) DO UPDATE SET
            layout = excluded.layout,
            updated_at = excluded.updated_at,
            updated_by = excluded.updated_by
        """,
        (layout, at, actor),
    )


# CROSS JOIN keeps SQLite on the month's sales (by their date index), then their lines: left
# free, it walked every product's whole history of lines.
MOST_SOLD_SQL = """
    SELECT l.product_id
    FROM sales s
    CROSS JOIN sale_lines l ON l.sale_id = s.id
    JOIN products p ON p.id = l.product_id AND p.active = 1
    WHERE s.at >= ?
    GROUP BY l.product_id
    ORDER BY count(DISTINCT s.id) DESC, l.product_id
    LIMIT ?
"""


def most_sold(conn: Executor, since: str, limit: int) -> list[int]:
    """Active products by how many sales took them since `since` (most first): a count of
    sales, not of units, so 40 kg of flour does not push the bread off the page."""
    return [int(r[0]) for r in conn.execute(MOST_SOLD_SQL, (since, limit))]
