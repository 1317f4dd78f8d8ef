"""Rows of the stock ledger and the cached levels it keeps."""

from __future__ import annotations

from collections.abc import Sequence

from duka.core.money import Money
from duka.core.quantity import Quantity
from duka.core.stock import Movement, MovementKind
from duka.i18n import _
from duka.store import journal
from duka.store.sql import Executor
from duka.store.tills import new_id, new_ids


def add_movement(
    conn: Executor,
    *,
    product_id: int,
    kind: MovementKind,
    quantity: Quantity,
    unit_cost: int,
    reason: str,
    document: str,
    at: str,
    user_id: int | None,
    actor: str,
    journaled: bool = True,
    batch_id: int | None = None,
) -> int:
    """Append one movement of this file's branch's stock; a trigger moves the cached level
    with it. A movement that
    no journaled document explains (opening, delivery, adjustment, count, write-off) is
    journaled, unless `journaled` is False and the caller journals it in bulk."""
    movement_id = new_id(conn, "stock_movements")
    conn.execute(
        """
        INSERT INTO stock_movements (id, product_id, kind, quantity, unit_cost, reason,
            document, at, user_id, actor, branch, batch_id)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, (SELECT branch FROM this_till), ?)
        """,
        (movement_id, product_id, kind.value, quantity.milli, unit_cost, reason, document, at,
         user_id, actor, batch_id),
    )  # fmt: skip
    if journaled and kind.value in journal.UNEXPLAINED_MOVEMENTS:
        journal.append(conn, journal.STOCK_MOVEMENT.kind, movement_id, at, user_id, actor)
    return movement_id


def add_movements(
    conn: Executor,
    moves: Sequence[tuple[int, MovementKind, Quantity, int]],
    *,
    reason: str,
    document: str,
    at: str,
    user_id: int | None,
    actor: str,
    batch_ids: Sequence[int | None] = (),
) -> list[int]:
    """Append many movements of one document at once (product, kind, quantity, unit
    cost each), in the order given, and return their ids; the caller journals them.
    `batch_ids`, when given, names each movement's batch (None: none)."""
    if not moves:
        return []
    batches = list(batch_ids) or [None] * len(moves)
    first = new_ids(conn, "stock_movements", len(moves))
    conn.executemany(
        """
        INSERT INTO stock_movements (id, product_id, kind, quantity, unit_cost, reason,
            document, at, user_id, actor, branch, batch_id)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, (SELECT branch FROM this_till), ?)
        """,
        (
            (first + n, product_id, kind.value, quantity.milli, unit_cost, reason, document,
             at, user_id, actor, batch)
            for n, ((product_id, kind, quantity, unit_cost), batch) in enumerate(
                zip(moves, batches, strict=True)
            )
        ),
    )  # fmt: skip
    return list(range(first, first + len(moves)))


def level(conn: Executor, product_id: int) -> Quantity:
    row = conn.execute(
        "SELECT quantity FROM stock_levels WHERE product_id = ?", (product_id,)
    ).fetchone()
    return Quantity(int(row[0])) if row else Quantity(0)


def levels(conn: Executor, ids: Sequence[int]) -> dict[int, Quantity]:
    found: dict[int, Quantity] = {}
    for start in range(0, len(ids), 900):
        chunk = list(ids[start : start + 900])
        for product_id, quantity in conn.execute(
            f"SELECT product_id, quantity FROM stock_levels "
            f"WHERE product_id IN ({','.join('?' * len(chunk))})",
            chunk,
        ):
            found[int(product_id)] = Quantity(int(quantity))
    return found


def history(conn: Executor, product_id: int, currency: str, limit: int = 500) -> list[Movement]:
    rows = conn.execute(
        """
        SELECT id, product_id, kind, quantity, unit_cost, reason, document, at, actor
        FROM stock_movements WHERE product_id = ? AND branch = (SELECT branch FROM this_till)
        ORDER BY id DESC LIMIT ?
        """,
        (product_id, limit),
    )
    return [
        Movement(
            int(r[0]),
            int(r[1]),
            MovementKind(r[2]),
            Quantity(int(r[3])),
            Money(int(r[4]), currency),
            str(r[5]),
            str(r[6]),
            str(r[7]),
            str(r[8]),
        )
        for r in rows
    ]


def level_problems(conn: Executor) -> list[str]:
    """Products whose cached level differs from the sum of their movements at this file's
    branch (another branch's movements travel here too, and move only its own stock)."""
    rows = conn.execute(
        """
        SELECT t.product_id, t.total, ifnull(l.quantity, 0)
        FROM (SELECT product_id, sum(quantity) AS total FROM stock_movements
              WHERE branch = (SELECT branch FROM this_till) GROUP BY product_id) t
        LEFT JOIN stock_levels l ON l.product_id = t.product_id
        WHERE t.total != ifnull(l.quantity, 0)
        UNION ALL
        SELECT l.product_id, 0, l.quantity FROM stock_levels l
        WHERE l.quantity != 0 AND NOT EXISTS (
            SELECT 1 FROM stock_movements m WHERE m.product_id = l.product_id
            AND m.branch = (SELECT branch FROM this_till))
        LIMIT 50
        """
    )
    return [
        _(
            "stock_levels: product {product_id} shows {cached} on hand but its movements "
            "add up to {total}"
        ).format(product_id=product_id, cached=Quantity(cached), total=Quantity(total))
        for product_id, total, cached in rows
    ]


def received_since(conn: Executor, since: str) -> list[int]:
    """Products received (by delivery) at or after `since`, in the order they came."""
    rows = conn.execute(
        "SELECT product_id FROM stock_movements WHERE kind = 'receive' AND at >= ? "
        "AND branch = (SELECT branch FROM this_till) GROUP BY product_id ORDER BY min(id)",
        (since,),
    )
    return [int(r[0]) for r in rows]


def rebuild_levels(conn: Executor) -> None:
    """Count the cached levels again from this file's branch's movements (a new branch's
    file, a copy of another branch's, starts with none of its stock)."""
    conn.execute("DELETE FROM stock_levels")
    conn.execute(
        "INSERT INTO stock_levels (product_id, quantity) SELECT product_id, sum(quantity) "
        "FROM stock_movements WHERE branch = (SELECT branch FROM this_till) "
        "GROUP BY product_id"
    )
