"""Rows of batches, and the cached stock of each batch at this file's branch."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from duka.core.batches import BatchStock
from duka.core.quantity import Quantity
from duka.i18n import _
from duka.store.sql import Executor
from duka.store.tills import new_id

_BRANCH = "(SELECT branch FROM this_till)"


def tracked(conn: Executor, product_ids: Sequence[int]) -> set[int]:
    """Which of these products keep batches."""
    found: set[int] = set()
    for start in range(0, len(product_ids), 900):
        chunk = list(product_ids[start : start + 900])
        found.update(
            int(r[0])
            for r in conn.execute(
                f"SELECT id FROM products WHERE tracks_batches = 1 "
                f"AND id IN ({','.join('?' * len(chunk))})",
                chunk,
            )
        )
    return found


def set_tracked(conn: Executor, product_id: int, on: bool, at: str, actor: str) -> None:
    conn.execute(
        "UPDATE products SET tracks_batches = ?, updated_at = ?, updated_by = ? WHERE id = ?",
        (int(on), at, actor, product_id),
    )


def find(conn: Executor, product_id: int, number: str) -> tuple[int, dt.date] | None:
    """The batch of this product with this number (the first written, when two tills each
    wrote one while apart), and its expiry date."""
    row = conn.execute(
        "SELECT id, expiry FROM batches WHERE product_id = ? AND number = ? ORDER BY id LIMIT 1",
        (product_id, number),
    ).fetchone()
    return (int(row[0]), dt.date.fromisoformat(row[1])) if row else None


def add(conn: Executor, product_id: int, number: str, expiry: dt.date, at: str, actor: str) -> int:
    batch_id = new_id(conn, "batches")
    conn.execute(
        "INSERT INTO batches (id, product_id, number, expiry, at, actor) VALUES (?, ?, ?, ?, ?, ?)",
        (batch_id, product_id, number, expiry.isoformat(), at, actor),
    )
    return batch_id


def in_stock(conn: Executor, product_id: int) -> list[BatchStock]:
    """The product's batches holding stock here: one read of the partial index."""
    return [
        BatchStock(int(r[0]), str(r[1]), dt.date.fromisoformat(r[2]), Quantity(int(r[3])))
        for r in conn.execute(
            "SELECT l.batch_id, b.number, b.expiry, l.quantity FROM batch_levels l "
            "JOIN batches b ON b.id = l.batch_id WHERE l.product_id = ? AND l.quantity > 0",
            (product_id,),
        )
    ]


def for_sale(
    conn: Executor, product_ids: Sequence[int]
) -> tuple[set[int], dict[int, list[BatchStock]]]:
    """A sale's one read: which of its products keep batches, and their batches holding
    stock (at most a sale's 500 lines: one statement)."""
    marks = ",".join("?" * len(product_ids))
    tracked: set[int] = set()
    held: dict[int, list[BatchStock]] = {}
    for product_id, batch_id, number, expiry, quantity in conn.execute(
        f"SELECT id, NULL, NULL, NULL, NULL FROM products WHERE tracks_batches = 1 "
        f"AND id IN ({marks}) UNION ALL "
        f"SELECT l.product_id, l.batch_id, b.number, b.expiry, l.quantity FROM batch_levels l "
        f"JOIN batches b ON b.id = l.batch_id WHERE l.product_id IN ({marks}) "
        f"AND l.quantity > 0",
        [*product_ids, *product_ids],
    ):
        if batch_id is None:
            tracked.add(int(product_id))
        else:
            held.setdefault(int(product_id), []).append(
                BatchStock(
                    int(batch_id),
                    str(number),
                    dt.date.fromisoformat(expiry),
                    Quantity(int(quantity)),
                )
            )
    return tracked, held


def unbatched(conn: Executor, product_id: int) -> Quantity:
    """The product's stock kept without a batch: its level less what its batches hold
    (received before it kept batches)."""
    row = conn.execute(
        "SELECT ifnull((SELECT quantity FROM stock_levels WHERE product_id = ?1), 0) "
        "- (SELECT ifnull(sum(quantity), 0) FROM batch_levels WHERE product_id = ?1)",
        (product_id,),
    ).fetchone()
    return Quantity(int(row[0]))


def all_of(conn: Executor, product_id: int) -> list[BatchStock]:
    """Every batch of the product, with what it holds here (zero or less too)."""
    return [
        BatchStock(int(r[0]), str(r[1]), dt.date.fromisoformat(r[2]), Quantity(int(r[3])))
        for r in conn.execute(
            "SELECT b.id, b.number, b.expiry, ifnull(l.quantity, 0) FROM batches b "
            "LEFT JOIN batch_levels l ON l.batch_id = b.id WHERE b.product_id = ? "
            "ORDER BY b.expiry, b.id",
            (product_id,),
        )
    ]


def level(conn: Executor, batch_id: int) -> Quantity:
    row = conn.execute(
        "SELECT quantity FROM batch_levels WHERE batch_id = ?", (batch_id,)
    ).fetchone()
    return Quantity(int(row[0])) if row else Quantity(0)


def get(conn: Executor, batch_id: int) -> tuple[int, str, dt.date] | None:
    """The batch's product, number and expiry date."""
    row = conn.execute(
        "SELECT product_id, number, expiry FROM batches WHERE id = ?", (batch_id,)
    ).fetchone()
    return (int(row[0]), str(row[1]), dt.date.fromisoformat(row[2])) if row else None


def numbers(conn: Executor, batch_ids: Sequence[int]) -> dict[int, tuple[str, dt.date]]:
    """Batch number and expiry of each of these batches."""
    found: dict[int, tuple[str, dt.date]] = {}
    for start in range(0, len(batch_ids), 900):
        chunk = list(batch_ids[start : start + 900])
        for batch_id, number, expiry in conn.execute(
            f"SELECT id, number, expiry FROM batches WHERE id IN ({','.join('?' * len(chunk))})",
            chunk,
        ):
            found[int(batch_id)] = (str(number), dt.date.fromisoformat(expiry))
    return found


@dataclass(frozen=True, slots=True)
class HeldBatch:
    """A batch holding stock, with its product (the Expiring tab, the report, the export)."""

    batch_id: int
    product_id: int
    name: str
    sku: str
    unit: str
    number: str
    expiry: dt.date
    quantity: Quantity
    cost_price: int  # the product's cost per unit now, in minor units


def held(conn: Executor, until: dt.date | None = None) -> list[HeldBatch]:
    """Batches holding stock here that expire by `until` (every one without it), the
    first to expire first."""
    rows = conn.execute(
        """
        SELECT b.id, b.product_id, p.name, ifnull(p.sku, ''), p.unit, b.number, b.expiry,
               l.quantity, p.cost_price
        FROM batch_levels l JOIN batches b ON b.id = l.batch_id
        JOIN products p ON p.id = b.product_id
        WHERE l.quantity > 0 AND (?1 IS NULL OR b.expiry <= ?1)
        ORDER BY b.expiry, p.name, b.id
        """,
        (until.isoformat() if until is not None else None,),
    )
    return [
        HeldBatch(
            int(r[0]),
            int(r[1]),
            str(r[2]),
            str(r[3]),
            str(r[4]),
            str(r[5]),
            dt.date.fromisoformat(r[6]),
            Quantity(int(r[7])),
            int(r[8]),
        )
        for r in rows
    ]


def taken_by(conn: Executor, document: str, product_id: int) -> list[tuple[int | None, Quantity]]:
    """The batches a document's movements of this product took stock from, in order, and
    how much (as positive quantities)."""
    return [
        (None if r[0] is None else int(r[0]), Quantity(-int(r[1])))
        for r in conn.execute(
            "SELECT batch_id, quantity FROM stock_movements WHERE document = ? "
            "AND product_id = ? AND kind = 'sale' ORDER BY id",
            (document, product_id),
        )
    ]


def returned_from(
    conn: Executor, sale_id: int, product_id: int
) -> list[tuple[int | None, Quantity]]:
    """What the refunds of a sale brought back of this product to each batch."""
    return [
        (None if r[0] is None else int(r[0]), Quantity(int(r[1])))
        for r in conn.execute(
            "SELECT m.batch_id, m.quantity FROM refunds r JOIN stock_movements m "
            "ON m.document = r.number AND m.kind = 'return' WHERE r.sale_id = ? "
            "AND m.product_id = ?",
            (sale_id, product_id),
        )
    ]


def level_problems(conn: Executor) -> list[str]:
    """Batches whose cached stock differs from the sum of their movements at this branch."""
    rows = conn.execute(
        f"""
        SELECT t.batch_id, t.total, ifnull(l.quantity, 0)
        FROM (SELECT batch_id, sum(quantity) AS total FROM stock_movements
              WHERE batch_id IS NOT NULL AND branch = {_BRANCH} GROUP BY batch_id) t
        LEFT JOIN batch_levels l ON l.batch_id = t.batch_id
        WHERE t.total != ifnull(l.quantity, 0)
        UNION ALL
        SELECT l.batch_id, 0, l.quantity FROM batch_levels l
        WHERE l.quantity != 0 AND NOT EXISTS (
            SELECT 1 FROM stock_movements m WHERE m.batch_id = l.batch_id
            AND m.branch = {_BRANCH})
        UNION ALL
        SELECT l.batch_id, l.quantity, l.quantity FROM batch_levels l
        JOIN batches b ON b.id = l.batch_id WHERE b.product_id != l.product_id
        LIMIT 50
        """
    )
    return [
        _(
            "batch_levels: batch {batch_id} shows {cached} on hand but its movements "
            "add up to {total}"
        ).format(batch_id=batch_id, cached=Quantity(cached), total=Quantity(total))
        for batch_id, total, cached in rows
    ]


def movement_problems(conn: Executor) -> list[str]:
    """Movements naming a batch of another product."""
    rows = conn.execute(
        "SELECT m.id, m.batch_id FROM stock_movements m JOIN batches b ON b.id = m.batch_id "
        "WHERE m.batch_id IS NOT NULL AND b.product_id != m.product_id LIMIT 50"
    )
    return [
        _("stock_movements: movement {id} names batch {batch_id} of another product").format(
            id=movement_id, batch_id=batch_id
        )
        for movement_id, batch_id in rows
    ]


def rebuild_levels(conn: Executor) -> None:
    """Count the cached batch levels again from this branch's movements."""
    conn.execute("DELETE FROM batch_levels")
    conn.execute(
        "INSERT INTO batch_levels (batch_id, product_id, quantity) "
        "SELECT batch_id, min(product_id), sum(quantity) FROM stock_movements "
        f"WHERE batch_id IS NOT NULL AND branch = {_BRANCH} GROUP BY batch_id"
    )


def export_rows(conn: Executor) -> list[tuple[int, str, str, str, int]]:
    """Every batch with stock here (or below zero): product, SKU, batch, expiry, quantity in
    thousandths; by product, then expiry."""
    return [
        (int(r[0]), str(r[1]), str(r[2]), str(r[3]), int(r[4]))
        for r in conn.execute(
            "SELECT b.product_id, ifnull(p.sku, ''), b.number, b.expiry, l.quantity "
            "FROM batch_levels l JOIN batches b ON b.id = l.batch_id "
            "JOIN products p ON p.id = b.product_id WHERE l.quantity != 0 "
            "ORDER BY b.product_id, b.expiry, b.id"
        )
    ]
