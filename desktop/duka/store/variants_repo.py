"""Parents and their variants: the rows of products that name a parent or hold options.

A variant is written as any product is (products_repo.insert_product) and then marked here,
before it is journaled, so its journal record carries its parent and values.
"""

from __future__ import annotations

from collections.abc import Sequence

from duka.store import journal
from duka.store.sql import Executor


def mark_parent(conn: Executor, product_id: int, options: str) -> None:
    """Make `product_id` a parent with these options (JSON, core.variants.options_json)."""
    conn.execute(
        "UPDATE products SET options = ?, parent_id = NULL, price_follows = 0 WHERE id = ?",
        (options, product_id),
    )


def mark_variant(
    conn: Executor, product_id: int, parent_id: int, values: str, follows: bool
) -> None:
    """Make `product_id` the variant of `parent_id` with these values (JSON)."""
    conn.execute(
        "UPDATE products SET parent_id = ?, options = ?, price_follows = ? WHERE id = ?",
        (parent_id, values, int(follows), product_id),
    )


def set_follows(conn: Executor, product_id: int, follows: bool) -> None:
    conn.execute(
        "UPDATE products SET price_follows = ? WHERE id = ? AND parent_id IS NOT NULL",
        (int(follows), product_id),
    )


def options_of(conn: Executor, product_id: int) -> tuple[int | None, str, bool] | None:
    """(parent id, options or values JSON, price follows) of a product, None if none."""
    row = conn.execute(
        "SELECT parent_id, options, price_follows FROM products WHERE id = ?", (product_id,)
    ).fetchone()
    return (row[0], str(row[1]), bool(row[2])) if row else None


def variants_of(conn: Executor, parent_id: int) -> list[tuple[int, str, bool]]:
    """(id, values JSON, price follows) of every variant of `parent_id`, archived too, in
    the order they were made."""
    return [
        (int(r[0]), str(r[1]), bool(r[2]))
        for r in conn.execute(
            "SELECT id, options, price_follows FROM products WHERE parent_id = ? ORDER BY id",
            (parent_id,),
        )
    ]


def follow_price(
    conn: Executor, parent_id: int, price: int, at: str, user_id: int | None, actor: str
) -> list[int]:
    """Copy the parent's new price to the variants that follow it, journaled; returns them."""
    ids = [
        int(r[0])
        for r in conn.execute(
            "SELECT id FROM products WHERE parent_id = ? AND price_follows = 1 AND sell_price != ?",
            (parent_id, price),
        )
    ]
    for product_id in ids:
        conn.execute(
            "UPDATE products SET sell_price = ?, updated_at = ?, updated_by = ? WHERE id = ?",
            (price, at, actor, product_id),
        )
    journal.append_many(conn, journal.PRODUCT.kind, ids, at, user_id, actor)
    return ids


def parents_of(conn: Executor, ids: Sequence[int]) -> dict[int, int]:
    """{variant id: parent id} for those of `ids` that are variants."""
    found: dict[int, int] = {}
    for start in range(0, len(ids), 500):
        chunk = list(ids[start : start + 500])
        marks = ",".join("?" * len(chunk))
        for product_id, parent_id in conn.execute(
            f"SELECT id, parent_id FROM products WHERE id IN ({marks}) AND parent_id IS NOT NULL",
            chunk,
        ):
            found[int(product_id)] = int(parent_id)
    return found


def export_options(conn: Executor, ids: Sequence[int]) -> dict[int, tuple[str | None, str, str]]:
    """{id: (parent's code, options JSON of the parent, own options or values JSON)} for
    those of `ids` that are parents or variants (an export's chunk)."""
    found: dict[int, tuple[str | None, str, str]] = {}
    for start in range(0, len(ids), 500):
        chunk = list(ids[start : start + 500])
        marks = ",".join("?" * len(chunk))
        for product_id, parent_sku, parent_options, own in conn.execute(
            f"SELECT p.id, q.sku, ifnull(q.options, ''), p.options FROM products p "
            f"LEFT JOIN products q ON q.id = p.parent_id "
            f"WHERE p.id IN ({marks}) AND p.options != ''",
            chunk,
        ):
            found[int(product_id)] = (parent_sku, str(parent_options), str(own))
    return found
