"""Rows of products, barcodes and categories."""

from __future__ import annotations

import sqlite3
from sqlite3 import Connection

from duka.core.errors import Conflict
from duka.core.money import Money
from duka.core.products import NewProduct, ProductRow, Unit
from duka.i18n import N_

_LIST_SQL = """
    SELECT p.id, p.name, p.sku,
           (SELECT code FROM barcodes b WHERE b.product_id = p.id ORDER BY code LIMIT 1),
           c.name, p.unit, p.sell_price, p.tax_code, p.active
    FROM products p LEFT JOIN categories c ON c.id = p.category_id
"""


def category_id(conn: Connection, name: str, at: str, actor: str | None) -> int:
    """The id of a top-level category called `name`, created if it is new."""
    row = conn.execute(
        "SELECT id FROM categories WHERE name = ? AND parent_id IS NULL", (name,)
    ).fetchone()
    if row:
        return int(row[0])
    cursor = conn.execute(
        "INSERT INTO categories (name, created_at, created_by) VALUES (?, ?, ?)",
        (name, at, actor),
    )
    return int(cursor.lastrowid or 0)


def insert_product(conn: Connection, product: NewProduct, at: str, actor: str | None) -> int:
    """Insert a checked product with its barcodes; the caller holds the transaction."""
    category = category_id(conn, product.category, at, actor) if product.category else None
    try:
        cursor = conn.execute(
            """
            INSERT INTO products (name, sku, category_id, unit, sell_price, cost_price,
                tax_code, reorder_level, notes, created_at, created_by, updated_at, updated_by)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            (
                product.name,
                product.sku,
                category,
                product.unit.value,
                product.sell_price.minor,
                product.cost_price.minor,
                product.tax_code,
                product.reorder_level.milli,
                product.notes,
                at,
                actor,
                at,
                actor,
            ),
        )
    except sqlite3.IntegrityError:
        raise Conflict(
            N_("Another product already has the code “{sku}”."), sku=product.sku
        ) from None
    product_id = int(cursor.lastrowid or 0)
    for code in product.barcodes:
        try:
            conn.execute(
                "INSERT INTO barcodes (code, product_id) VALUES (?, ?)", (code, product_id)
            )
        except sqlite3.IntegrityError:
            raise Conflict(
                N_("The barcode {code} already belongs to another product."), code=code
            ) from None
    return product_id


def count_products(conn: Connection) -> int:
    return int(conn.execute("SELECT count(*) FROM products").fetchone()[0])


def product_page(conn: Connection, offset: int, limit: int, currency: str) -> list[ProductRow]:
    rows = conn.execute(_LIST_SQL + " ORDER BY p.id LIMIT ? OFFSET ?", (limit, offset))
    return [
        ProductRow(
            id=r[0],
            name=r[1],
            sku=r[2],
            barcode=r[3],
            category=r[4],
            unit=Unit(r[5]),
            sell_price=Money(r[6], currency),
            tax_code=r[7],
            active=bool(r[8]),
        )
        for r in rows
    ]
