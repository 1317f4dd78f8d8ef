"""Transfers of stock between branches: the sender's document and lines, and the
receiving branch's receipt and what it counted, each written by its own till."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from duka.store.sql import Executor
from duka.store.tills import new_id, new_ids, own_range


@dataclass(frozen=True, slots=True)
class TransferLine:
    product_id: int
    name: str
    quantity: int  # thousandths, as sent
    unit_cost: int  # minor units


@dataclass(frozen=True, slots=True)
class TransferRow:
    id: int
    number: str
    from_branch: int
    to_branch: int
    note: str
    at: str
    actor: str
    receipt_id: int | None  # the receipt that stands (the first), None while in transit
    received_at: str | None
    received_by: str | None
    receipts: int  # how many tills of the branch received it (more than 1: while apart)


def insert_transfer(
    conn: Executor,
    *,
    number: str,
    from_branch: int,
    to_branch: int,
    note: str,
    at: str,
    user_id: int | None,
    actor: str,
    lines: Sequence[tuple[int, int, int]],
) -> int:
    """The document and its lines (product, quantity, unit cost each); its id."""
    transfer_id = new_id(conn, "transfers")
    conn.execute(
        "INSERT INTO transfers (id, number, from_branch, to_branch, note, at, user_id, actor) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (transfer_id, number, from_branch, to_branch, note, at, user_id, actor),
    )
    first = new_ids(conn, "transfer_lines", len(lines))
    conn.executemany(
        "INSERT INTO transfer_lines (id, transfer_id, product_id, quantity, unit_cost) "
        "VALUES (?, ?, ?, ?, ?)",
        [(first + n, transfer_id, p, q, c) for n, (p, q, c) in enumerate(lines)],
    )
    return transfer_id


def insert_receipt(
    conn: Executor,
    *,
    transfer_id: int,
    branch: int,
    note: str,
    at: str,
    user_id: int | None,
    actor: str,
    lines: Sequence[tuple[int, int]],
) -> int:
    """The arrival of a transfer and what arrived of each product (thousandths); its id."""
    receipt_id = new_id(conn, "transfer_receipts")
    conn.execute(
        "INSERT INTO transfer_receipts (id, transfer_id, branch, note, at, user_id, actor) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        (receipt_id, transfer_id, branch, note, at, user_id, actor),
    )
    first = new_ids(conn, "transfer_receipt_lines", len(lines))
    conn.executemany(
        "INSERT INTO transfer_receipt_lines (id, receipt_id, product_id, quantity) "
        "VALUES (?, ?, ?, ?)",
        [(first + n, receipt_id, p, q) for n, (p, q) in enumerate(lines)],
    )
    return receipt_id


_ROWS = """
    SELECT t.id, t.number, t.from_branch, t.to_branch, t.note, t.at, t.actor,
           r.id, r.at, r.actor,
           (SELECT count(*) FROM transfer_receipts c WHERE c.transfer_id = t.id)
    FROM transfers t
    LEFT JOIN transfer_receipts r ON r.id = (
        SELECT min(f.id) FROM transfer_receipts f WHERE f.transfer_id = t.id)
"""


def _row(r: Sequence[Any]) -> TransferRow:
    return TransferRow(
        int(r[0]),
        str(r[1]),
        int(r[2]),
        int(r[3]),
        str(r[4]),
        str(r[5]),
        str(r[6]),
        None if r[7] is None else int(r[7]),
        None if r[8] is None else str(r[8]),
        None if r[9] is None else str(r[9]),
        int(r[10]),
    )


def transfers(conn: Executor, branch: int | None = None, limit: int = 500) -> list[TransferRow]:
    """Transfers, newest first: all, or those sent from or to `branch`."""
    where = "" if branch is None else "WHERE t.from_branch = :b OR t.to_branch = :b"
    return [
        _row(r)
        for r in conn.execute(
            f"{_ROWS} {where} ORDER BY t.at DESC, t.id DESC LIMIT :limit",
            {"b": branch, "limit": limit},
        )
    ]


def by_number(conn: Executor, number: str) -> TransferRow | None:
    found = conn.execute(f"{_ROWS} WHERE t.number = ?", (number,)).fetchone()
    return None if found is None else _row(found)


def lines(conn: Executor, transfer_id: int) -> list[TransferLine]:
    return [
        TransferLine(int(r[0]), str(r[1]), int(r[2]), int(r[3]))
        for r in conn.execute(
            "SELECT l.product_id, p.name, l.quantity, l.unit_cost FROM transfer_lines l "
            "JOIN products p ON p.id = l.product_id WHERE l.transfer_id = ? ORDER BY l.id",
            (transfer_id,),
        )
    ]


def received_here_twice(conn: Executor) -> list[tuple[str, int]]:
    """This till's receipts that another till of its branch made first (both received the
    transfer while apart) and whose stock this till has not yet taken back: the number of
    the transfer and the receipt's id."""
    low, high = own_range(conn)
    return [
        (str(r[0]), int(r[1]))
        for r in conn.execute(
            """
            SELECT t.number, r.id FROM transfer_receipts r JOIN transfers t ON t.id = r.transfer_id
            WHERE r.id > ? AND r.id <= ?
              AND EXISTS (SELECT 1 FROM transfer_receipts f
                          WHERE f.transfer_id = r.transfer_id AND f.id < r.id)
              AND NOT EXISTS (SELECT 1 FROM stock_movements m
                              WHERE m.document = t.number AND m.kind = 'transfer_in'
                                AND m.quantity < 0 AND m.id > ? AND m.id <= ?)
            ORDER BY r.id
            """,
            (low, high, low, high),
        )
    ]


def receipt_lines(conn: Executor, receipt_id: int) -> list[tuple[int, int]]:
    """What a receipt counted: product and quantity (thousandths)."""
    return [
        (int(r[0]), int(r[1]))
        for r in conn.execute(
            "SELECT product_id, quantity FROM transfer_receipt_lines WHERE receipt_id = ? "
            "ORDER BY id",
            (receipt_id,),
        )
    ]


def problems(conn: Executor) -> list[str]:
    """Transfers whose stock did not move as their documents say: the sender's movements
    against its lines (every till holds both)."""
    from duka.i18n import _

    rows = conn.execute(
        """
        SELECT t.number FROM transfers t
        WHERE (SELECT ifnull(sum(l.quantity), 0) FROM transfer_lines l
               WHERE l.transfer_id = t.id)
           != -(SELECT ifnull(sum(m.quantity), 0) FROM stock_movements m
                WHERE m.document = t.number AND m.kind = 'transfer_out')
        LIMIT 50
        """
    )
    return [
        _("transfers: {number}'s stock movements differ from its lines").format(number=r[0])
        for r in rows
    ]
