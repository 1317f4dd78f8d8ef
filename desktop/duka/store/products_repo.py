"""Rows of products, their barcodes and categories; listing and searching a million of them.

Lists page through covering indexes (active, name, id) and friends: "the ids at positions
N..N+255" is then answered from the index alone, which keeps scrolling to the end of a
million products fast. Lists that cannot use such an index (a search, low stock, a category
with subcategories, sorting by stock) fetch their ordered ids once and page through them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from duka.core.barcodes import Barcode, is_own_code
from duka.core.errors import Conflict, DatabaseBusy, DiskFull, ReadOnlyStore
from duka.core.money import Money
from duka.core.name_grams import Piece, is_spaceless, name_grams, query_pieces
from duka.core.products import (
    Category,
    Product,
    ProductDraft,
    ProductQuery,
    ProductRow,
    ProductSort,
    Unit,
)
from duka.core.quantity import Quantity
from duka.i18n import N_, _
from duka.store import journal
from duka.store.sql import (
    ConstraintError,
    Error,
    Executor,
    Rows,
    SQLError,
    changes,
)
from duka.store.tills import new_id, new_ids

_FTS_WORD = re.compile(r"\w+", re.UNICODE)

_ROW_SQL = """
    SELECT p.id, p.name, p.sku,
           (SELECT code FROM barcodes b WHERE b.product_id = p.id
            ORDER BY b.quantity, b.code LIMIT 1),
           p.category_id, p.unit, p.sell_price, p.cost_price, p.tax_code,
           ifnull(s.quantity, 0), p.reorder_level, p.active, p.price_asked,
           p.parent_id, p.options != '' AND p.parent_id IS NULL
    FROM products p LEFT JOIN stock_levels s ON s.product_id = p.id
"""

_ORDER = {
    ProductSort.NAME: ("products_name", "p.name COLLATE NOCASE"),
    ProductSort.CODE: ("products_code", "p.sku"),
    ProductSort.PRICE: ("products_price", "p.sell_price"),
}


# -- categories -----------------------------------------------------------------------------


def search_index_problems(conn: Executor) -> list[str]:
    """Whether the search index holds exactly the products' names and codes."""
    try:
        conn.execute("INSERT INTO products_fts (products_fts, rank) VALUES ('integrity-check', 1)")
    except Error as error:
        from duka.store.database import database_path, user_error

        refusal = user_error(error, Path(database_path(conn)))
        if isinstance(refusal, DatabaseBusy | DiskFull | ReadOnlyStore):
            raise refusal from None  # another program writing is not damage: say so
        return [
            "products_fts: the search index differs from the products; "
            "rebuild it with INSERT INTO products_fts (products_fts) VALUES ('rebuild')"
        ]
    return []


def _gram_rows(named: Iterable[tuple[int, str]]) -> list[tuple[str, int]]:
    """(gram, product id) rows of these products' names, in the table's order: written in
    key order, a bulk insert appends to the index instead of splitting its pages."""
    return sorted(
        (gram, product_id)
        for product_id, name in named
        if is_spaceless(name)
        for gram in name_grams(name)
    )


def rebuild_name_grams(conn: Executor) -> None:
    """Fill the short pieces of names (duka.core.name_grams) again from the products."""
    conn.execute("DELETE FROM product_grams")
    conn.executemany(
        "INSERT INTO product_grams (gram, product_id) VALUES (?, ?)",
        _gram_rows(conn.execute("SELECT id, name FROM products")),
    )


def name_gram_problems(conn: Executor) -> list[str]:
    """Whether the kept short pieces of names are exactly those of the products' names."""
    wanted = _gram_rows(conn.execute("SELECT id, name FROM products"))
    kept = conn.execute("SELECT gram, product_id FROM product_grams ORDER BY gram, product_id")
    if [tuple(r) for r in kept] == wanted:
        return []
    return [
        "product_grams: the short pieces of names differ from the products; "
        "rebuild them with products_repo.rebuild_name_grams"
    ]


def categories(conn: Executor) -> list[Category]:
    """Every category with its path from the top, in tree order."""
    rows = conn.execute(
        """
        WITH RECURSIVE tree(id, name, parent_id, path, sort) AS (
            SELECT id, name, parent_id, name, name FROM categories WHERE parent_id IS NULL
            UNION ALL
            SELECT c.id, c.name, c.parent_id, t.path || char(31) || c.name,
                   t.sort || char(31) || c.name
            FROM categories c JOIN tree t ON c.parent_id = t.id
        )
        SELECT id, name, parent_id, path FROM tree ORDER BY sort COLLATE NOCASE
        """
    )
    return [Category(int(r[0]), str(r[1]), r[2], tuple(str(r[3]).split("\x1f"))) for r in rows]


def category_id(
    conn: Executor, path: Sequence[str], at: str, actor: str, create: bool = True
) -> int | None:
    """The id of the category at `path` ("Food", "Staples"), made if it is new."""
    parent: int | None = None
    for name in path:
        row = conn.execute(
            "SELECT id FROM categories WHERE ifnull(parent_id, 0) = ifnull(?, 0) "
            "AND name = ? COLLATE NOCASE",
            (parent, name),
        ).fetchone()
        if row:
            parent = int(row[0])
        elif create:
            made = new_id(conn, "categories")
            conn.execute(
                "INSERT INTO categories (id, name, parent_id, created_at, created_by) "
                "VALUES (?, ?, ?, ?, ?)",
                (made, name, parent, at, actor),
            )
            parent = made
        else:
            return None
    return parent


def descendants(conn: Executor, category: int) -> list[int]:
    rows = conn.execute(
        """
        WITH RECURSIVE sub(id) AS (
            SELECT ? UNION ALL SELECT c.id FROM categories c JOIN sub ON c.parent_id = sub.id
        )
        SELECT id FROM sub
        """,
        (category,),
    )
    return [int(r[0]) for r in rows]


def category_path(conn: Executor, category: int | None) -> tuple[str, ...]:
    path: list[str] = []
    while category is not None:
        row = conn.execute(
            "SELECT name, parent_id FROM categories WHERE id = ?", (category,)
        ).fetchone()
        if row is None:
            break
        path.insert(0, str(row[0]))
        category = row[1]
    return tuple(path)


# -- writing ----------------------------------------------------------------------------


def _values(draft: ProductDraft, category: int | None) -> tuple[Any, ...]:
    return (
        draft.name,
        draft.sku,
        category,
        draft.unit.value,
        draft.sell_price.minor,
        draft.cost_price.minor,
        draft.tax_code,
        draft.reorder_level.milli,
        draft.notes,
        int(draft.price_asked),
    )


def insert_product(
    conn: Executor,
    draft: ProductDraft,
    category: int | None,
    at: str,
    actor: str,
    *,
    journaled: bool = True,
) -> int:
    """Insert a checked product with its barcodes; the caller holds the transaction (and,
    with `journaled` False, journals the product itself, in bulk)."""
    product_id = new_id(conn, "products")
    try:
        conn.execute(
            """
            INSERT INTO products (id, name, sku, category_id, unit, sell_price, cost_price,
                tax_code, reorder_level, notes, price_asked, created_at, created_by,
                updated_at, updated_by)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            (product_id, *_values(draft, category), at, actor, at, actor),
        )
    except ConstraintError:
        raise Conflict(N_("Another product already has the code “{sku}”."), sku=draft.sku) from None
    _count(conn, active=True, change=1)
    _index(conn, product_id, draft.name, draft.sku)
    _insert_barcodes(conn, product_id, draft.barcodes)
    if journaled:
        journal.append(conn, journal.PRODUCT.kind, product_id, at, None, actor)
    return product_id


def codes_of_length(conn: Executor, length: int) -> frozenset[str]:
    """The shop's barcodes of exactly `length` characters (a few, where any)."""
    return frozenset(
        str(r[0])
        for r in conn.execute("SELECT code FROM barcodes WHERE length(code) = ?", (length,))
    )


@contextmanager
def roomy_cache(conn: Executor, mebibytes: int = 128) -> Iterator[None]:
    """A bigger page cache for one large write (an import): with the usual 16 MiB, writing
    100,000 products with their indexes spilled pages to the WAL before the commit and read
    them back, a third of the write's time. Memory is taken only as pages are used."""
    kept = conn.execute("PRAGMA cache_size").fetchone()[0]
    conn.execute(f"PRAGMA cache_size = {-1024 * int(mebibytes)}")
    try:
        yield
    finally:
        conn.execute(f"PRAGMA cache_size = {int(kept)}")


def insert_products(
    conn: Executor,
    items: Sequence[tuple[ProductDraft, int | None]],
    at: str,
    actor: str,
) -> list[int]:
    """Insert many checked products with their barcodes (an import), in the order given,
    and return their ids; the caller holds the transaction and journals them in bulk.
    One statement for each kind of row, run over all of them: a row at a time, the
    statements' own overhead was a third of a 100,000-product import."""
    first = new_ids(conn, "products", len(items))
    ids = list(range(first, first + len(items)))
    try:
        conn.executemany(
            """
            INSERT INTO products (id, name, sku, category_id, unit, sell_price, cost_price,
                tax_code, reorder_level, notes, price_asked, created_at, created_by,
                updated_at, updated_by)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            (
                (product_id, *_values(draft, category), at, actor, at, actor)
                for product_id, (draft, category) in zip(ids, items, strict=True)
            ),
        )
    except ConstraintError:
        raise Conflict(_TAKEN_SINCE) from None
    conn.executemany(
        "INSERT INTO products_fts (rowid, name, sku) VALUES (?, ?, ?)",
        (
            (product_id, draft.name, draft.sku)
            for product_id, (draft, _c) in zip(ids, items, strict=True)
        ),
    )
    conn.executemany(
        "INSERT INTO product_grams (gram, product_id) VALUES (?, ?)",
        _gram_rows((i, draft.name) for i, (draft, _c) in zip(ids, items, strict=True)),
    )
    try:
        conn.executemany(
            "INSERT INTO barcodes (code, product_id, quantity) VALUES (?, ?, ?)",
            (
                (barcode.code, product_id, barcode.quantity.milli)
                for product_id, (draft, _c) in zip(ids, items, strict=True)
                for barcode in draft.barcodes
            ),
        )
    except ConstraintError:
        raise Conflict(_TAKEN_SINCE) from None
    _count(conn, active=True, change=len(ids))
    return ids


_TAKEN_SINCE = N_(
    "A product saved since the file was checked has one of its codes or barcodes: check the "
    "file again."
)


def _count(conn: Executor, *, active: bool, change: int) -> None:
    """Move the kept count of active or archived products. Kept here rather than by a
    trigger: a trigger on products opens a statement savepoint per row, which makes FTS5
    flush its pending terms every row (a 100,000-row import took half as long again)."""
    conn.execute("UPDATE product_counts SET n = n + ? WHERE active = ?", (change, int(active)))


def _index(conn: Executor, product_id: int, name: str, sku: str | None) -> None:
    conn.execute(
        "INSERT INTO products_fts (rowid, name, sku) VALUES (?, ?, ?)", (product_id, name, sku)
    )
    conn.executemany(
        "INSERT INTO product_grams (gram, product_id) VALUES (?, ?)",
        _gram_rows([(product_id, name)]),
    )


def _unindex(conn: Executor, product_id: int) -> None:
    """Take a product out of the search index; it must be done before its row changes,
    because an external-content index deletes by the terms it indexed."""
    conn.execute(
        "INSERT INTO products_fts (products_fts, rowid, name, sku) "
        "SELECT 'delete', id, name, sku FROM products WHERE id = ?",
        (product_id,),
    )
    row = conn.execute("SELECT name FROM products WHERE id = ?", (product_id,)).fetchone()
    if row is not None:
        conn.executemany(
            "DELETE FROM product_grams WHERE gram = ? AND product_id = ?",
            _gram_rows([(product_id, str(row[0]))]),
        )


@contextmanager
def reindexing(conn: Executor, ids: Collection[int]) -> Iterator[None]:
    """Keep the search index, the name pieces and the product counts right while something
    other than this module changes products `ids` (another till's changes applied): each is
    taken out of the index before, and indexed again as it is after."""
    if not ids:
        yield
        return
    before = _active_counts(conn, ids)
    for product_id in ids:
        _unindex(conn, product_id)
    yield
    for product_id in ids:
        row = conn.execute("SELECT name, sku FROM products WHERE id = ?", (product_id,)).fetchone()
        if row is not None:
            _index(conn, product_id, str(row[0]), row[1])
    # The counts move by what these products did (added, archived, deleted), as `_count` moves
    # them for this till's own changes: a recount would read every product.
    after = _active_counts(conn, ids)
    for active in (False, True):
        if after[active] != before[active]:
            _count(conn, active=active, change=after[active] - before[active])


def _active_counts(conn: Executor, ids: Collection[int]) -> dict[bool, int]:
    """How many of products `ids` are active and archived now."""
    found = {False: 0, True: 0}
    chosen = sorted(ids)
    for start in range(0, len(chosen), 500):
        chunk = chosen[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for active, count in conn.execute(
            f"SELECT active, count(*) FROM products WHERE id IN ({marks}) GROUP BY active", chunk
        ):
            found[bool(active)] += int(count)
    return found


def update_product(
    conn: Executor,
    product_id: int,
    draft: ProductDraft,
    category: int | None,
    at: str,
    actor: str,
    *,
    journaled: bool = True,
) -> None:
    old = conn.execute("SELECT name, sku FROM products WHERE id = ?", (product_id,)).fetchone()
    renamed = old is not None and (old[0], old[1]) != (draft.name, draft.sku)
    if renamed:
        _unindex(conn, product_id)
    try:
        conn.execute(
            """
            UPDATE products SET name = ?, sku = ?, category_id = ?, unit = ?, sell_price = ?,
                cost_price = ?, tax_code = ?, reorder_level = ?, notes = ?, price_asked = ?,
                updated_at = ?, updated_by = ?
            WHERE id = ?
            """,
            (*_values(draft, category), at, actor, product_id),
        )
    except ConstraintError:
        raise Conflict(N_("Another product already has the code “{sku}”."), sku=draft.sku) from None
    if renamed:
        _index(conn, product_id, draft.name, draft.sku)
    current = {
        str(r[0])
        for r in conn.execute("SELECT code FROM barcodes WHERE product_id = ?", (product_id,))
    }
    wanted = {b.code: b for b in draft.barcodes}
    for code in current - set(wanted):
        conn.execute("DELETE FROM barcodes WHERE code = ?", (code,))
    for code in current & set(wanted):
        conn.execute(
            "UPDATE barcodes SET quantity = ? WHERE code = ?", (wanted[code].quantity.milli, code)
        )
    _insert_barcodes(conn, product_id, [wanted[c] for c in wanted if c not in current])
    if journaled:
        journal.append(conn, journal.PRODUCT.kind, product_id, at, None, actor)


def _insert_barcodes(conn: Executor, product_id: int, codes: Sequence[Barcode]) -> None:
    for barcode in codes:
        try:
            conn.execute(
                "INSERT INTO barcodes (code, product_id, quantity) VALUES (?, ?, ?)",
                (barcode.code, product_id, barcode.quantity.milli),
            )
        except ConstraintError:
            raise Conflict(
                N_("The barcode {code} already belongs to another product."), code=barcode.code
            ) from None


def set_cost(conn: Executor, product_id: int, cost: int, at: str, actor: str) -> None:
    conn.execute(
        "UPDATE products SET cost_price = ?, updated_at = ?, updated_by = ? WHERE id = ?",
        (cost, at, actor, product_id),
    )
    journal.append(conn, journal.PRODUCT.kind, product_id, at, None, actor)


def set_price(
    conn: Executor,
    product_id: int,
    price: int,
    at: str,
    actor: str,
    *,
    journaled: bool = True,
) -> None:
    conn.execute(
        "UPDATE products SET sell_price = ?, updated_at = ?, updated_by = ? WHERE id = ?",
        (price, at, actor, product_id),
    )
    if journaled:
        journal.append(conn, journal.PRODUCT.kind, product_id, at, None, actor)


def set_active(
    conn: Executor,
    product_id: int,
    active: bool,
    at: str,
    actor: str,
    *,
    journaled: bool = True,
) -> None:
    conn.execute(
        "UPDATE products SET active = ?, updated_at = ?, updated_by = ? "
        "WHERE id = ? AND active != ?",
        (int(active), at, actor, product_id, int(active)),
    )
    if changes(conn):
        _count(conn, active=active, change=1)
        _count(conn, active=not active, change=-1)
        if journaled:
            journal.append(conn, journal.PRODUCT.kind, product_id, at, None, actor)


def cost(conn: Executor, product_id: int) -> int:
    return cost_if_any(conn, product_id) or 0


def cost_if_any(conn: Executor, product_id: int) -> int | None:
    """The product's cost price, or None when there is no such product."""
    row = conn.execute("SELECT cost_price FROM products WHERE id = ?", (product_id,)).fetchone()
    return int(row[0]) if row else None


def costs_if_any(conn: Executor, product_ids: Sequence[int]) -> dict[int, int]:
    """The cost price of each of these products that exists, by id (one read for a
    sale's lines)."""
    wanted = sorted(set(product_ids))
    marks = ", ".join("?" * len(wanted))
    return {
        int(r[0]): int(r[1])
        for r in conn.execute(f"SELECT id, cost_price FROM products WHERE id IN ({marks})", wanted)
    }


def has_history(conn: Executor, product_id: int) -> bool:
    row = conn.execute(
        "SELECT 1 FROM stock_movements WHERE product_id = ? LIMIT 1", (product_id,)
    ).fetchone()
    return row is not None


def delete_product(conn: Executor, product_id: int, at: str, actor: str) -> None:
    """Delete a product that never moved stock; the journal records that it is gone."""
    conn.execute("DELETE FROM barcodes WHERE product_id = ?", (product_id,))
    conn.execute("DELETE FROM stock_levels WHERE product_id = ?", (product_id,))
    _unindex(conn, product_id)
    row = conn.execute("SELECT active FROM products WHERE id = ?", (product_id,)).fetchone()
    conn.execute("DELETE FROM products WHERE id = ?", (product_id,))
    if row is not None:
        _count(conn, active=bool(row[0]), change=-1)
        journal.append(conn, journal.PRODUCT.kind, product_id, at, None, actor)


# -- reading one ------------------------------------------------------------------------


def get_product(conn: Executor, product_id: int, currency: str) -> Product | None:
    row = conn.execute(
        """
        SELECT p.name, p.sku, p.category_id, p.unit, p.sell_price, p.cost_price, p.tax_code,
               p.reorder_level, p.notes, p.active, ifnull(s.quantity, 0), p.price_asked,
               p.parent_id, p.options != '' AND p.parent_id IS NULL
        FROM products p LEFT JOIN stock_levels s ON s.product_id = p.id WHERE p.id = ?
        """,
        (product_id,),
    ).fetchone()
    if row is None:
        return None
    codes = conn.execute(
        "SELECT code, quantity FROM barcodes WHERE product_id = ? ORDER BY quantity, code",
        (product_id,),
    )
    draft = ProductDraft(
        name=row[0],
        sell_price=Money(row[4], currency),
        cost_price=Money(row[5], currency),
        unit=Unit(row[3]),
        tax_code=row[6],
        sku=row[1],
        # A stored code with a wrong check digit was kept as the shop's own: it reads back as
        # one, so changing the product's price is never refused for its code.
        barcodes=tuple(Barcode(str(c), Quantity(int(q)), is_own_code(str(c))) for c, q in codes),
        category=category_path(conn, row[2]),
        reorder_level=Quantity(row[7]),
        notes=row[8],
        price_asked=bool(row[11]),
    )
    return Product(product_id, draft, bool(row[9]), Quantity(row[10]), row[12], bool(row[13]))


def asked_prices(conn: Executor, ids: Sequence[int]) -> set[int]:
    """Which of `ids` are products whose price is asked at the sale."""
    found: set[int] = set()
    for start in range(0, len(ids), 900):
        chunk = list(ids[start : start + 900])
        found.update(
            int(r[0])
            for r in conn.execute(
                f"SELECT id FROM products WHERE price_asked = 1 "
                f"AND id IN ({','.join('?' * len(chunk))})",
                chunk,
            )
        )
    return found


def by_barcode(conn: Executor, code: str) -> tuple[int, int] | None:
    """(product id, quantity per scan in thousandths) for a barcode, or None."""
    row = conn.execute(
        "SELECT product_id, quantity FROM barcodes WHERE code = ?", (code,)
    ).fetchone()
    return (int(row[0]), int(row[1])) if row else None


def by_sku(conn: Executor, sku: str) -> int | None:
    row = conn.execute("SELECT id FROM products WHERE sku = ?", (sku,)).fetchone()
    return int(row[0]) if row else None


def count_products(conn: Executor) -> int:
    return int(conn.execute("SELECT sum(n) FROM product_counts").fetchone()[0] or 0)


def count_problems(conn: Executor) -> list[str]:
    """Whether the kept counts of active and archived products are right."""
    rows = conn.execute(
        "SELECT c.active, c.n, (SELECT count(*) FROM products p WHERE p.active = c.active) "
        "FROM product_counts c"
    )
    return [
        (
            _("product_counts: {kept} active products kept, {actual} in the table")
            if active
            else _("product_counts: {kept} archived products kept, {actual} in the table")
        ).format(kept=kept, actual=actual)
        for active, kept, actual in rows
        if kept != actual
    ]


# -- lists --------------------------------------------------------------------------------


def fts_query(text: str) -> str | None:
    """Every word typed as a prefix: "sug 1k" finds "Sugar 1 kg". None if no word."""
    words = _FTS_WORD.findall(text)
    if not words:
        return None
    return " AND ".join(f'"{word}"*' for word in words)


# A name's short pieces from a piece typed: the index finds them, then each product once.
# CROSS JOIN keeps the pieces outside, so the search never walks the products.
PIECE_SQL = (
    "SELECT g.product_id, p.name, p.active FROM product_grams g "
    "CROSS JOIN products p ON p.id = g.product_id WHERE g.gram = ?"
)
PIECE_PREFIX_SQL = (
    "SELECT g.product_id, p.name, p.active FROM product_grams g "
    "CROSS JOIN products p ON p.id = g.product_id WHERE g.gram >= ? AND g.gram < ?"
)
_ENOUGH = 1000  # a piece in this many names is common enough: look no further


def _piece_rows(conn: Executor, piece: Piece) -> Rows:
    if piece.prefix:
        return conn.execute(PIECE_PREFIX_SQL, (piece.text, piece.text + "\U0010ffff"))
    return conn.execute(PIECE_SQL, (piece.text,))


def _word_in(word: str, name: str) -> bool:
    """Whether a word typed is in the name: anywhere in it in a script without spaces,
    else as the beginning of one of its words (as the word search finds them)."""
    if is_spaceless(word):
        return unicodedata.normalize("NFC", word) in unicodedata.normalize("NFC", name)
    words = _FTS_WORD.findall(name.casefold())
    return all(
        any(w.startswith(part) for w in words) for part in _FTS_WORD.findall(word.casefold())
    )


def _spaceless_matches(conn: Executor, text: str, active_only: bool) -> Iterator[int]:
    """Products whose names have every word typed, for a text with a word in a script
    without spaces, from the rarest of its short pieces; lazily, so a caller wanting
    twenty reads about twenty."""
    words = text.split()
    pieces = [piece for word in words for piece in query_pieces(word)]
    if not pieces:
        return

    def count(piece: Piece) -> int:
        where = "gram >= ? AND gram < ?" if piece.prefix else "gram = ?"
        bounds = (piece.text, piece.text + "\U0010ffff") if piece.prefix else (piece.text,)
        return int(
            conn.execute(
                f"SELECT count(*) FROM (SELECT 1 FROM product_grams WHERE {where} LIMIT ?)",
                (*bounds, _ENOUGH),
            ).fetchone()[0]
        )

    rarest = min(pieces, key=count) if len(pieces) > 1 else pieces[0]
    seen: set[int] = set()
    for product_id, name, active in _piece_rows(conn, rarest):
        if product_id in seen or (active_only and not active):
            continue
        seen.add(product_id)
        if all(_word_in(word, str(name)) for word in words):
            yield int(product_id)


def quick_search(conn: Executor, text: str, limit: int) -> list[int]:
    """Up to `limit` active products for what is being typed: a barcode, words from the
    name or code, or a part of a name in a script without spaces."""
    text = text.strip()
    if not text:
        return []
    found: list[int] = []
    exact = by_barcode(conn, text)
    if exact is not None:
        found.append(exact[0])
    words = text.split()
    if any(is_spaceless(word) for word in words):
        for product_id in _spaceless_matches(conn, text, active_only=True):
            if len(found) >= limit:
                break
            if product_id not in found:
                found.append(product_id)
    # Words in scripts without spaces are wholly searched above: the word index cuts them
    # wrongly (a Tamil word at each vowel sign) and would only add wrong products.
    query = None if all(is_spaceless(word) for word in words) else fts_query(text)
    if query is not None and len(found) < limit:
        try:
            rows = conn.execute(
                # CROSS JOIN keeps the index search outside: left to itself, SQLite walked
                # every active product and searched the index for each (seconds, not ms).
                "SELECT f.rowid FROM products_fts f CROSS JOIN products p ON p.id = f.rowid "
                "WHERE products_fts MATCH ? AND p.active = 1 LIMIT ?",
                (query, limit),
            )
            found.extend(int(r[0]) for r in rows if int(r[0]) not in found)
        except SQLError:
            pass  # a query FTS5 cannot parse finds nothing, rather than failing the screen
    if len(found) < limit and text.isdigit() and len(text) >= 3:
        rows = conn.execute(
            "SELECT DISTINCT product_id FROM barcodes WHERE code >= ? AND code < ? LIMIT ?",
            (text, text + "\uffff", limit),
        )
        found.extend(int(r[0]) for r in rows if int(r[0]) not in found)
    return found[:limit]


def _simple(conn: Executor, query: ProductQuery) -> bool:
    """Can an index page this list by offset? (Otherwise its ids are fetched once.)"""
    if query.text.strip() or query.low_stock or query.sort is ProductSort.STOCK:
        return False
    return query.category_id is None or descendants(conn, query.category_id) == [query.category_id]


def _direction(query: ProductQuery) -> str:
    return "DESC" if query.descending else "ASC"


def count_listed(conn: Executor, query: ProductQuery) -> int:
    active = 0 if query.archived else 1
    if query.category_id is None:
        row = conn.execute("SELECT n FROM product_counts WHERE active = ?", (active,)).fetchone()
        return int(row[0]) if row else 0
    return int(
        conn.execute(
            "SELECT count(*) FROM products WHERE category_id = ? AND active = ?",
            (query.category_id, active),
        ).fetchone()[0]
    )


def page_ids(conn: Executor, query: ProductQuery, offset: int, limit: int) -> list[int]:
    """Ids at positions offset.. of a list `_simple` says an index can page."""
    active = 0 if query.archived else 1
    _index, order = _ORDER[query.sort]
    direction = _direction(query)
    if query.category_id is None:
        rows = conn.execute(
            f"SELECT p.id FROM products p WHERE p.active = ? "
            f"ORDER BY {order} {direction}, p.id {direction} LIMIT ? OFFSET ?",
            (active, limit, offset),
        )
    else:
        rows = conn.execute(
            f"SELECT p.id FROM products p WHERE p.category_id = ? AND p.active = ? "
            f"ORDER BY {order} {direction}, p.id {direction} LIMIT ? OFFSET ?",
            (query.category_id, active, limit, offset),
        )
    return [int(r[0]) for r in rows]


def all_ids(conn: Executor, query: ProductQuery) -> list[int]:
    """Every id of a list, in its order (for lists no index can page)."""
    active = 0 if query.archived else 1
    clauses = ["p.active = ?"]
    params: list[Any] = [active]
    joins = "LEFT JOIN stock_levels s ON s.product_id = p.id"
    if query.category_id is not None:
        ids = descendants(conn, query.category_id)
        clauses.append(f"p.category_id IN ({','.join('?' * len(ids))})")
        params.extend(ids)
    if query.low_stock:
        clauses.append("p.reorder_level > 0 AND ifnull(s.quantity, 0) <= p.reorder_level")
    text = query.text.strip()
    if text:
        matched = set(_text_matches(conn, text))
        if not matched:
            return []
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS listed_ids (id INTEGER PRIMARY KEY)")
        conn.execute("DELETE FROM temp.listed_ids")
        conn.executemany("INSERT INTO temp.listed_ids VALUES (?)", ((i,) for i in matched))
        clauses.append("p.id IN (SELECT id FROM temp.listed_ids)")
    direction = _direction(query)
    order = "ifnull(s.quantity, 0)" if query.sort is ProductSort.STOCK else _ORDER[query.sort][1]
    rows = conn.execute(
        f"SELECT p.id FROM products p {joins} WHERE {' AND '.join(clauses)} "
        f"ORDER BY {order} {direction}, p.id {direction}",
        params,
    )
    return [int(r[0]) for r in rows]


def _text_matches(conn: Executor, text: str) -> list[int]:
    found: list[int] = []
    exact = by_barcode(conn, text)
    if exact is not None:
        found.append(exact[0])
    words = text.split()
    if any(is_spaceless(word) for word in words):
        found.extend(_spaceless_matches(conn, text, active_only=False))
    query = None if all(is_spaceless(word) for word in words) else fts_query(text)
    if query is not None:
        try:
            found.extend(
                int(r[0])
                for r in conn.execute(
                    "SELECT rowid FROM products_fts WHERE products_fts MATCH ?", (query,)
                )
            )
        except SQLError:
            pass
    if text.isdigit() and len(text) >= 3:
        found.extend(
            int(r[0])
            for r in conn.execute(
                "SELECT product_id FROM barcodes WHERE code >= ? AND code < ?",
                (text, text + "\uffff"),
            )
        )
    return found


def rows_for(
    conn: Executor, ids: Sequence[int], currency: str, with_costs: bool
) -> list[ProductRow]:
    """The list rows of `ids`, in that order."""
    if not ids:
        return []
    rows = conn.execute(
        f"{_ROW_SQL} WHERE p.id IN ({','.join('?' * len(ids))})", list(ids)
    ).fetchall()
    paths = {c.id: c.label for c in categories(conn)} if any(r[4] for r in rows) else {}
    by_id = {}
    for r in rows:
        by_id[int(r[0])] = ProductRow(
            id=int(r[0]),
            name=r[1],
            sku=r[2],
            barcode=r[3],
            category=paths.get(r[4]) if r[4] is not None else None,
            unit=Unit(r[5]),
            sell_price=Money(r[6], currency),
            cost_price=Money(r[7], currency) if with_costs else None,
            tax_code=r[8],
            stock=Quantity(r[9]),
            reorder_level=Quantity(r[10]),
            active=bool(r[11]),
            price_asked=bool(r[12]),
            parent_id=r[13],
            is_parent=bool(r[14]),
        )
    return [by_id[i] for i in ids if i in by_id]


def prices_for(conn: Executor, ids: Sequence[int]) -> list[tuple[int, int]]:
    rows: list[tuple[int, int]] = []
    for start in range(0, len(ids), 900):
        chunk = ids[start : start + 900]
        rows.extend(
            (int(r[0]), int(r[1]))
            for r in conn.execute(
                f"SELECT id, sell_price FROM products WHERE id IN ({','.join('?' * len(chunk))})",
                list(chunk),
            )
        )
    return rows


# -- import and export ----------------------------------------------------------------------

_CHUNK = 500  # well under SQLite's limit on bound parameters


def _chunks(values: Sequence[str]) -> list[Sequence[str]]:
    return [values[i : i + _CHUNK] for i in range(0, len(values), _CHUNK)]


def _ids_in(conn: Executor, query: str, keys: Sequence[str]) -> dict[str, int]:
    """{key: product id} for `query` ("SELECT key, id ... IN ({marks})") over `keys`."""
    found: dict[str, int] = {}
    for chunk in _chunks(keys):
        marks = ",".join("?" * len(chunk))
        for key, product_id in conn.execute(query.format(marks=marks), tuple(chunk)):
            found[str(key)] = int(product_id)
    return found


def ids_by_sku(conn: Executor, skus: Sequence[str]) -> dict[str, int]:
    return _ids_in(conn, "SELECT sku, id FROM products WHERE sku IN ({marks})", skus)


def ids_by_barcode(conn: Executor, codes: Sequence[str]) -> dict[str, int]:
    return _ids_in(conn, "SELECT code, product_id FROM barcodes WHERE code IN ({marks})", codes)


def ids_by_name(conn: Executor, names: Sequence[str]) -> list[tuple[str, int]]:
    """(name, id) of products named like `names`, ignoring case (ASCII letters)."""
    found: list[tuple[str, int]] = []
    for chunk in _chunks(names):
        marks = ",".join("?" * len(chunk))
        found.extend(
            (str(name), int(product_id))
            for name, product_id in conn.execute(
                # "active IN (0, 1)" lets SQLite use the (active, name) index
                f"SELECT name, id FROM products WHERE active IN (0, 1) "
                f"AND name COLLATE NOCASE IN ({marks})",
                tuple(chunk),
            )
        )
    return found


def export_rows(conn: Executor, after_id: int, limit: int) -> list[tuple[Any, ...]]:
    """Products in id order after `after_id`: id, name, sku, "code=milli" barcodes joined by
    char(31), category id, unit, price, cost, tax code, reorder level, stock, active,
    notes, price asked."""
    return conn.execute(
        """
        SELECT p.id, p.name, p.sku,
               (SELECT group_concat(code || '=' || quantity, char(31))
                FROM (SELECT code, quantity FROM barcodes b WHERE b.product_id = p.id
                      ORDER BY quantity, code)),
               p.category_id, p.unit, p.sell_price, p.cost_price, p.tax_code, p.reorder_level,
               ifnull(s.quantity, 0), p.active, p.notes, p.price_asked
        FROM products p LEFT JOIN stock_levels s ON s.product_id = p.id
        WHERE p.id > ? ORDER BY p.id LIMIT ?
        """,
        (after_id, limit),
    ).fetchall()
