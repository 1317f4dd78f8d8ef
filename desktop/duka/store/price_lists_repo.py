"""Rows of price lists, their prices and quantity breaks, and customers' lists."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from duka.core.money import Money
from duka.core.pricing import RETAIL, ListedProduct, ListPrice, PriceList, ProductPrices
from duka.core.quantity import Quantity
from duka.store import journal
from duka.store.sql import Executor, value
from duka.store.tills import new_id


def lists(conn: Executor, *, active_only: bool = False) -> list[PriceList]:
    """Every named list by name (retail, row 0, is not one of them)."""
    where = "id <> 0" + (" AND active = 1" if active_only else "")
    return [
        PriceList(int(r[0]), str(r[1]), bool(r[2]))
        for r in conn.execute(
            f"SELECT id, name, active FROM price_lists WHERE {where} ORDER BY name COLLATE NOCASE"
        )
    ]


def names(conn: Executor) -> dict[int, str]:
    """Every named list's name by id."""
    return {int(r[0]): str(r[1]) for r in conn.execute("SELECT id, name FROM price_lists")}


def get_list(conn: Executor, list_id: int) -> PriceList | None:
    row = conn.execute("SELECT id, name, active FROM price_lists WHERE id = ?", (list_id,))
    found = row.fetchone()
    return None if found is None else PriceList(int(found[0]), str(found[1]), bool(found[2]))


def name_taken(conn: Executor, name: str, other_than: int | None = None) -> bool:
    return bool(
        value(
            conn,
            "SELECT count(*) FROM price_lists WHERE id <> 0 AND lower(name) = lower(?) "
            "AND id IS NOT ?",
            (name, other_than),
        )
    )


def insert_list(conn: Executor, name: str, at: str, user_id: int | None, actor: str) -> int:
    list_id = new_id(conn, "price_lists")
    conn.execute(
        "INSERT INTO price_lists (id, name, active, created_at, updated_at, updated_by) "
        "VALUES (?, ?, 1, ?, ?, ?)",
        (list_id, name, at, at, actor),
    )
    journal.append(conn, journal.PRICE_LIST.kind, list_id, at, user_id, actor)
    return list_id


def update_list(
    conn: Executor, list_id: int, name: str, active: bool, at: str, user_id: int | None, actor: str
) -> None:
    conn.execute(
        "UPDATE price_lists SET name = ?, active = ?, updated_at = ?, updated_by = ? WHERE id = ?",
        (name, int(active), at, actor, list_id),
    )
    journal.append(conn, journal.PRICE_LIST.kind, list_id, at, user_id, actor)


def prices_of(conn: Executor, product_id: int, currency: str) -> list[ListPrice]:
    """Every list price of one product (retail's breaks too), by list and quantity."""
    return [
        ListPrice(int(r[0]), Quantity(int(r[1])), Money(int(r[2]), currency))
        for r in conn.execute(
            "SELECT list_id, from_quantity, price FROM price_list_prices WHERE product_id = ? "
            "ORDER BY list_id, from_quantity",
            (product_id,),
        )
    ]


def replace_prices(
    conn: Executor,
    list_id: int,
    product_id: int,
    prices: Sequence[ListPrice],
    at: str,
    user_id: int | None,
    actor: str,
) -> int:
    """Make `prices` the product's prices on the list: rows changed in place, added and
    removed, each journaled. Returns how many rows changed."""
    held = {
        int(r[1]): (int(r[0]), int(r[2]))
        for r in conn.execute(
            "SELECT id, from_quantity, price FROM price_list_prices "
            "WHERE list_id = ? AND product_id = ?",
            (list_id, product_id),
        )
    }
    touched: list[int] = []
    wanted = {p.from_quantity.milli: p.price.minor for p in prices}
    for milli, (row_id, _price) in held.items():
        if milli not in wanted:
            conn.execute("DELETE FROM price_list_prices WHERE id = ?", (row_id,))
            touched.append(row_id)
    for milli, price in wanted.items():
        if milli in held:
            row_id, old = held[milli]
            if old != price:
                conn.execute("UPDATE price_list_prices SET price = ? WHERE id = ?", (price, row_id))
                touched.append(row_id)
            continue
        row_id = new_id(conn, "price_list_prices")
        conn.execute(
            "INSERT INTO price_list_prices (id, list_id, product_id, from_quantity, price) "
            "VALUES (?, ?, ?, ?, ?)",
            (row_id, list_id, product_id, milli, price),
        )
        touched.append(row_id)
    for row_id in touched:
        journal.append(conn, journal.LIST_PRICE.kind, row_id, at, user_id, actor)
    return len(touched)


def for_pricing(
    conn: Executor, product_ids: Iterable[int], list_id: int | None, currency: str
) -> dict[int, ProductPrices]:
    """What pricing needs of these products for a customer on `list_id`: their own
    prices and their prices on retail and that list (one statement, for the till)."""
    ids = sorted(set(product_ids))
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    found: dict[int, tuple[int, list[ListPrice]]] = {}
    rows = conn.execute(
        f"""
        SELECT p.id, p.sell_price, l.list_id, l.from_quantity, l.price
        FROM products p LEFT JOIN price_list_prices l
          ON l.product_id = p.id AND l.list_id IN (0, ?)
        WHERE p.id IN ({marks})
        """,
        (RETAIL if list_id is None else list_id, *ids),
    )
    for product_id, own, held_list, milli, price in rows:
        entry = found.setdefault(int(product_id), (int(own), []))
        if held_list is not None:
            entry[1].append(ListPrice(int(held_list), Quantity(int(milli)), Money(price, currency)))
    return {
        key: ProductPrices(Money(own, currency), tuple(prices))
        for key, (own, prices) in found.items()
    }


def count_listed(conn: Executor, list_id: int) -> int:
    return int(
        value(
            conn,
            "SELECT count(DISTINCT product_id) FROM price_list_prices WHERE list_id = ?",
            (list_id,),
        )
    )


def listed_page(conn: Executor, list_id: int, offset: int, limit: int) -> list[ListedProduct]:
    """A page of the products a list prices, by name."""
    rows = conn.execute(
        """
        SELECT p.id, p.name, ifnull(p.sku, ''), p.sell_price, p.cost_price,
               (SELECT group_concat(l2.from_quantity || ':' || l2.price, ';') FROM (
                   SELECT from_quantity, price FROM price_list_prices
                   WHERE list_id = ?1 AND product_id = p.id ORDER BY from_quantity) l2)
        FROM products p
        WHERE p.id IN (SELECT product_id FROM price_list_prices WHERE list_id = ?1)
        ORDER BY p.name COLLATE NOCASE, p.id
        LIMIT ?2 OFFSET ?3
        """,
        (list_id, limit, offset),
    )
    return [
        ListedProduct(
            int(r[0]),
            str(r[1]),
            str(r[2]),
            int(r[3]),
            int(r[4]),
            tuple(
                (int(a), int(b))
                for a, b in (part.split(":") for part in str(r[5] or "").split(";") if part)
            ),
        )
        for r in rows
    ]


def all_prices(conn: Executor, product_ids: Sequence[int]) -> dict[int, list[tuple[int, int, int]]]:
    """Every list price of these products, as (list id, from quantity, price), for an
    export."""
    found: dict[int, list[tuple[int, int, int]]] = {}
    for start in range(0, len(product_ids), 500):
        part = product_ids[start : start + 500]
        marks = ",".join("?" * len(part))
        for product_id, list_id, milli, price in conn.execute(
            f"SELECT product_id, list_id, from_quantity, price FROM price_list_prices "
            f"WHERE product_id IN ({marks}) ORDER BY product_id, list_id, from_quantity",
            tuple(part),
        ):
            found.setdefault(int(product_id), []).append((int(list_id), int(milli), int(price)))
    return found


def customer_list(conn: Executor, customer_id: int) -> int | None:
    found = value(conn, "SELECT price_list_id FROM customers WHERE id = ?", (customer_id,))
    return None if found is None else int(found)


def set_customer_list(
    conn: Executor,
    customer_id: int,
    list_id: int | None,
    at: str,
    user_id: int | None,
    actor: str,
) -> None:
    conn.execute(
        "UPDATE customers SET price_list_id = ?, updated_at = ?, updated_by = ? WHERE id = ?",
        (list_id, at, actor, customer_id),
    )
    journal.append(conn, journal.CUSTOMER_PRICE_LIST.kind, customer_id, at, user_id, actor)


def customers_on(conn: Executor, list_id: int) -> int:
    return int(value(conn, "SELECT count(*) FROM customers WHERE price_list_id = ?", (list_id,)))
