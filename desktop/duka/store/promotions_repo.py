"""Rows of promotions, the products and categories they cover, and what they saved."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from duka.core.money import Money
from duka.core.promotions import Hours, Kind, Promotion, PromotionDraft, Scope
from duka.store import journal
from duka.store.sql import Executor
from duka.store.tills import new_id

_COLUMNS = (
    "id, name, kind, scope, buy, pay, price, get, get_product_id, percent, amount, starts, "
    "ends, hours_from, hours_until, weekdays, price_list_id, ended_at"
)


def _local(stamp: str) -> dt.datetime:
    """A stored UTC time as the shop computer's local time, without a zone (as promotions'
    dates and hours are)."""
    return dt.datetime.fromisoformat(stamp).astimezone().replace(tzinfo=None)


def _promotion(
    row: Sequence[Any], currency: str, products: frozenset[int], categories: frozenset[int]
) -> Promotion:
    (id_, name, kind, scope, buy, pay, price, get, given, percent, amount, starts, ends) = row[:13]
    hours_from, hours_until, weekdays, price_list, ended_at = row[13:]
    hours = None
    if hours_from is not None and hours_until is not None:
        hours = Hours(dt.time.fromisoformat(hours_from), dt.time.fromisoformat(hours_until))
    draft = PromotionDraft(
        name=str(name),
        kind=Kind(kind),
        scope=Scope(scope),
        starts=dt.date.fromisoformat(starts),
        ends=dt.date.fromisoformat(ends),
        products=products,
        categories=categories,
        buy=int(buy),
        pay=int(pay),
        price=None if price is None else Money(int(price), currency),
        get=int(get),
        get_product_id=None if given is None else int(given),
        percent=Decimal(percent),
        amount=None if amount is None else Money(int(amount), currency),
        hours=hours,
        weekdays=frozenset(int(d) for d in str(weekdays).split(",") if d),
        price_list_id=None if price_list is None else int(price_list),
    )
    return Promotion(int(id_), draft, None if ended_at is None else _local(ended_at))


def _covered(conn: Executor, table: str, column: str, ids: list[int]) -> dict[int, set[int]]:
    found: dict[int, set[int]] = {i: set() for i in ids}
    if not ids:
        return found
    marks = ",".join("?" * len(ids))
    for promotion, item in conn.execute(
        f"SELECT promotion_id, {column} FROM {table} WHERE promotion_id IN ({marks})", ids
    ):
        found[int(promotion)].add(int(item))
    return found


def _read(conn: Executor, where: str, params: Sequence[Any], currency: str) -> list[Promotion]:
    rows = conn.execute(f"SELECT {_COLUMNS} FROM promotions {where}", params).fetchall()
    ids = [int(r[0]) for r in rows]
    products = _covered(conn, "promotion_products", "product_id", ids)
    categories = _covered(conn, "promotion_categories", "category_id", ids)
    tree = _category_children(conn) if any(categories.values()) else {}
    out = []
    for row in rows:
        own = frozenset(categories[int(row[0])])
        promotion = _promotion(row, currency, frozenset(products[int(row[0])]), own)
        if own:
            promotion = Promotion(
                promotion.id, promotion.draft, promotion.ended_at, _with_children(own, tree)
            )
        out.append(promotion)
    return out


def _category_children(conn: Executor) -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for child, parent in conn.execute("SELECT id, parent_id FROM categories"):
        if parent is not None:
            tree.setdefault(int(parent), []).append(int(child))
    return tree


def _with_children(categories: Iterable[int], tree: dict[int, list[int]]) -> frozenset[int]:
    """The categories and every category below them (a promotion on "Food" covers
    "Food > Staples")."""
    seen: set[int] = set()
    todo = list(categories)
    while todo:
        category = todo.pop()
        if category not in seen:
            seen.add(category)
            todo.extend(tree.get(category, ()))
    return frozenset(seen)


def all_promotions(conn: Executor, currency: str) -> list[Promotion]:
    """Every promotion, the newest ending first."""
    return _read(conn, "ORDER BY ends DESC, id DESC", (), currency)


def get(conn: Executor, promotion_id: int, currency: str) -> Promotion | None:
    found = _read(conn, "WHERE id = ?", (promotion_id,), currency)
    return found[0] if found else None


def current(conn: Executor, today: dt.date, currency: str) -> list[Promotion]:
    """The promotions not yet over by their dates and not ended early: those that run today
    or later (the till keeps them and picks those in force at each moment)."""
    return _read(
        conn, "WHERE ends >= ? AND ended_at IS NULL ORDER BY id", (today.isoformat(),), currency
    )


def insert(conn: Executor, draft: PromotionDraft, at: str, user_id: int | None, actor: str) -> int:
    promotion_id = new_id(conn, "promotions")
    assert draft.ends is not None
    conn.execute(
        "INSERT INTO promotions (id, name, kind, scope, buy, pay, price, get, get_product_id, "
        "percent, amount, starts, ends, hours_from, hours_until, weekdays, price_list_id, "
        "created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            promotion_id,
            draft.name,
            draft.kind.value,
            draft.scope.value,
            draft.buy,
            draft.pay,
            None if draft.price is None else draft.price.minor,
            draft.get,
            draft.get_product_id,
            str(draft.percent),
            None if draft.amount is None else draft.amount.minor,
            draft.starts.isoformat(),
            draft.ends.isoformat(),
            None if draft.hours is None else draft.hours.start.isoformat("minutes"),
            None if draft.hours is None else draft.hours.end.isoformat("minutes"),
            ",".join(str(d) for d in sorted(draft.weekdays)),
            draft.price_list_id,
            at,
            actor,
        ),
    )
    if draft.scope is Scope.PRODUCTS:
        conn.executemany(
            "INSERT INTO promotion_products (promotion_id, product_id) VALUES (?, ?)",
            [(promotion_id, p) for p in sorted(draft.products)],
        )
    if draft.scope is Scope.CATEGORIES:
        conn.executemany(
            "INSERT INTO promotion_categories (promotion_id, category_id) VALUES (?, ?)",
            [(promotion_id, c) for c in sorted(draft.categories)],
        )
    journal.append(conn, journal.PROMOTION.kind, promotion_id, at, user_id, actor)
    return promotion_id


def end(conn: Executor, promotion_id: int, at: str, user_id: int | None, actor: str) -> None:
    conn.execute("UPDATE promotions SET ended_at = ? WHERE id = ?", (at, promotion_id))
    journal.append(conn, journal.PROMOTION.kind, promotion_id, at, user_id, actor)


def missing_products(conn: Executor, ids: Iterable[int]) -> list[int]:
    return _missing(conn, "products", ids)


def missing_categories(conn: Executor, ids: Iterable[int]) -> list[int]:
    return _missing(conn, "categories", ids)


def _missing(conn: Executor, table: str, ids: Iterable[int]) -> list[int]:
    """Those of `ids` that `table` has no row of."""
    wanted = sorted(set(ids))
    if not wanted:
        return []
    marks = ",".join("?" * len(wanted))
    found = {
        int(r[0]) for r in conn.execute(f"SELECT id FROM {table} WHERE id IN ({marks})", wanted)
    }
    return [i for i in wanted if i not in found]


def categories_of(conn: Executor, product_ids: Iterable[int]) -> dict[int, int | None]:
    wanted = sorted(set(product_ids))
    if not wanted:
        return {}
    marks = ",".join("?" * len(wanted))
    return {
        int(p): (None if c is None else int(c))
        for p, c in conn.execute(
            f"SELECT id, category_id FROM products WHERE id IN ({marks})", wanted
        )
    }


def prices_and_costs(conn: Executor, product_ids: Iterable[int]) -> list[tuple[int, str, int, int]]:
    """(id, name, price, cost) of the products."""
    wanted = sorted(set(product_ids))
    if not wanted:
        return []
    marks = ",".join("?" * len(wanted))
    return [
        (int(i), str(n), int(p), int(c))
        for i, n, p, c in conn.execute(
            f"SELECT id, name, sell_price, cost_price FROM products WHERE id IN ({marks}) "
            "ORDER BY name, id",
            wanted,
        )
    ]


def products_in_categories(
    conn: Executor, categories: Iterable[int], limit: int
) -> list[tuple[int, str, int, int]]:
    """(id, name, price, cost) of up to `limit` active products in the categories."""
    wanted = sorted(set(categories))
    if not wanted:
        return []
    marks = ",".join("?" * len(wanted))
    return [
        (int(i), str(n), int(p), int(c))
        for i, n, p, c in conn.execute(
            f"SELECT id, name, sell_price, cost_price FROM products WHERE category_id IN ({marks}) "
            "AND active = 1 AND cost_price > 0 LIMIT ?",
            [*wanted, limit],
        )
    ]


def category_children(conn: Executor, categories: Iterable[int]) -> frozenset[int]:
    return _with_children(categories, _category_children(conn))


# -- what promotions saved ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SavedBy:
    """What one promotion saved customers over some sales."""

    promotion_id: int
    name: str
    sales: int  # how many sales it saved on
    lines: int
    saving: int  # minor units


def saved_between(
    conn: Executor, since: str, until: str, ids: tuple[int, int] | None = None
) -> list[SavedBy]:
    """What each promotion saved on the sales made in [since, until) (of the till whose
    sale ids are in `ids`, (low, high]), the most first."""
    till = "" if ids is None else f" AND +s.id > {int(ids[0])} AND +s.id <= {int(ids[1])}"
    rows = conn.execute(
        f"""
        SELECT l.promotion_id, p.name, count(DISTINCT l.sale_id), count(*),
            sum(l.promotion_saving)
        FROM sales s JOIN sale_lines l ON l.sale_id = s.id
        JOIN promotions p ON p.id = l.promotion_id
        WHERE s.at >= ? AND s.at < ? AND l.promotion_id IS NOT NULL{till}
        GROUP BY l.promotion_id ORDER BY sum(l.promotion_saving) DESC, p.name
        """,
        (since, until),
    ).fetchall()
    return [SavedBy(int(a), str(b), int(c), int(d), int(e)) for a, b, c, d, e in rows]


def saved_in_session(conn: Executor, session: int) -> list[SavedBy]:
    """What each promotion saved on the sales of one cash session (the Z report)."""
    rows = conn.execute(
        """
        SELECT l.promotion_id, p.name, count(DISTINCT l.sale_id), count(*),
            sum(l.promotion_saving)
        FROM sales s JOIN sale_lines l ON l.sale_id = s.id
        JOIN promotions p ON p.id = l.promotion_id
        WHERE s.session_id = ? AND l.promotion_id IS NOT NULL
        GROUP BY l.promotion_id ORDER BY sum(l.promotion_saving) DESC, p.name
        """,
        (session,),
    ).fetchall()
    return [SavedBy(int(a), str(b), int(c), int(d), int(e)) for a, b, c, d, e in rows]


def names(conn: Executor, ids: Iterable[int]) -> dict[int, str]:
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    marks = ",".join("?" * len(wanted))
    return {
        int(i): str(n)
        for i, n in conn.execute(f"SELECT id, name FROM promotions WHERE id IN ({marks})", wanted)
    }
