"""Rows of carts: the sale being built at the counter (kept on every change, so a crash
loses nothing) and the sales parked beside it."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from duka.store.sql import Executor, changes, last_id


@dataclass(frozen=True, slots=True)
class CartRow:
    """A cart's row: open or parked, by whom, and its lines as JSON."""

    id: int
    state: str
    actor: str
    created_at: str
    updated_at: str
    content: dict[str, Any]


def _cart(row: Sequence[Any]) -> CartRow:
    return CartRow(
        int(row[0]), str(row[1]), str(row[2]), str(row[3]), str(row[4]), json.loads(row[5])
    )


def open_cart(conn: Executor) -> CartRow | None:
    row = conn.execute(
        "SELECT id, state, actor, created_at, updated_at, content FROM carts "
        "WHERE state = 'open' ORDER BY id DESC LIMIT 1"
    ).fetchone()
    return _cart(row) if row else None


def parked_carts(conn: Executor) -> list[CartRow]:
    rows = conn.execute(
        "SELECT id, state, actor, created_at, updated_at, content FROM carts "
        "WHERE state = 'parked' ORDER BY id"
    )
    return [_cart(row) for row in rows]


def get_cart(conn: Executor, cart: int) -> CartRow | None:
    row = conn.execute(
        "SELECT id, state, actor, created_at, updated_at, content FROM carts WHERE id = ?",
        (cart,),
    ).fetchone()
    return _cart(row) if row else None


def save_cart(
    conn: Executor,
    cart: int | None,
    content: dict[str, Any],
    at: str,
    user_id: int | None,
    actor: str,
) -> int:
    """Write the open cart (making it if `cart` is None); returns its id."""
    text = json.dumps(content, ensure_ascii=False, separators=(",", ":"))
    if cart is not None:
        conn.execute(
            "UPDATE carts SET content = ?, updated_at = ? WHERE id = ? AND state = 'open'",
            (text, at, cart),
        )
        if changes(conn):
            return cart
    conn.execute(
        "INSERT INTO carts (state, user_id, actor, created_at, updated_at, content) "
        "VALUES ('open', ?, ?, ?, ?, ?)",
        (user_id, actor, at, at, text),
    )
    return last_id(conn)


def set_cart_state(conn: Executor, cart: int, state: str, at: str) -> None:
    conn.execute("UPDATE carts SET state = ?, updated_at = ? WHERE id = ?", (state, at, cart))


def delete_cart(conn: Executor, cart: int) -> None:
    conn.execute("DELETE FROM carts WHERE id = ?", (cart,))


def newest_sale_number(conn: Executor) -> str | None:
    """The number of the newest completed sale: the counter compares it, at each start, with
    the last sale it showed (asked here so the Sell screen reads no sales code to open)."""
    row = conn.execute("SELECT number FROM sales ORDER BY id DESC LIMIT 1").fetchone()
    return str(row[0]) if row else None
