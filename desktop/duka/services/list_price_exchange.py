"""Quantity breaks and price-list prices in product files (core/list_price_columns.py):
the columns export adds, and what an import reads from them and writes, in the import's
transaction."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from duka.core.audit import AuditAction
from duka.core.errors import UserError
from duka.core.list_price_columns import ListColumn, list_column, sort_key
from duka.core.money import Money
from duka.core.pricing import RETAIL, ListPrice, check_name, check_prices
from duka.core.product_import import RowProblem, money_text, parse_number
from duka.core.quantity import Quantity
from duka.services.context import Context
from duka.services.trail import record
from duka.store import price_lists_repo
from duka.store.sql import Connection, Executor

if TYPE_CHECKING:
    from duka.services.product_exchange import ImportPreview, PlannedRow


def export_columns(conn: Executor) -> list[tuple[ListColumn, int]]:
    """The list-price columns the shop's prices need, in order, with their lists' ids."""
    names = {found.id: found.name for found in price_lists_repo.lists(conn)}
    used = conn.execute("SELECT DISTINCT list_id, from_quantity FROM price_list_prices")
    columns = [
        (ListColumn(None if list_id == RETAIL else names[list_id], milli), list_id)
        for list_id, milli in ((int(a), int(b)) for a, b in used)
    ]
    return sorted(columns, key=lambda pair: sort_key(pair[0]))


def export_cells(
    conn: Executor, product_ids: Sequence[int], columns: Sequence[tuple[ListColumn, int]],
    currency: str,
) -> dict[int, list[str]]:  # fmt: skip
    """Each product's cells under `columns` (empty where it has no such price)."""
    if not columns:
        return {}
    place = {(list_id, column.from_milli): n for n, (column, list_id) in enumerate(columns)}
    cells: dict[int, list[str]] = {}
    for product_id, prices in price_lists_repo.all_prices(conn, product_ids).items():
        row = [""] * len(columns)
        for list_id, milli, price in prices:
            row[place[(list_id, milli)]] = money_text(Money(price, currency))
        cells[product_id] = row
    return cells


def read_columns(preview: ImportPreview, currency: str) -> None:
    """Read the file's list-price columns into its planned rows (`PlannedRow.list_prices`);
    a cell that is not a price, or is below the product's cost, is a problem of its row.
    Their headers are no longer counted as unread."""
    found = [(n, list_column(h)) for n, h in enumerate(preview.headers)]
    columns = [(n, column) for n, column in found if column is not None]
    if not columns:
        return
    headers = {preview.headers[n] for n, _column in columns}
    preview.unused = [h for h in preview.unused if h not in headers]
    cells = dict(preview.table.rows)
    planned = []
    for item in preview.planned:
        row = cells.get(item.row, [])
        prices: list[tuple[ListColumn, int | None]] = []
        refused = False
        for n, column in columns:
            text = row[n].strip() if n < len(row) else ""
            try:
                price = (
                    Money.of(parse_number(text, preview.decimal_mark), currency) if text else None
                )
                if column.list_name is not None:
                    check_name(column.list_name)
                if price is not None:
                    check_prices(
                        RETAIL if column.list_name is None else -1,
                        [ListPrice(
                            RETAIL if column.list_name is None else -1,
                            Quantity(column.from_milli),
                            price,
                        )],
                        item.draft.cost_price,
                        item.draft.name,
                    )  # fmt: skip
            except UserError as error:
                preview.problems.append(RowProblem(item.row, preview.headers[n], error))
                refused = True
                continue
            prices.append((column, None if price is None else price.minor))
        if not refused:  # a row with a problem is not written (as the planner's are not)
            planned.append(replace(item, list_prices=tuple(prices)) if prices else item)
    preview.planned = planned


def write_prices(
    ctx: Context, db: Connection, rows: Iterable[tuple[PlannedRow, int]], currency: str
) -> int:
    """Write the list prices of the rows written (each with its product's id): a price in a
    cell is set, an empty cell removes that price; lists the shop lacks are made. Returns
    how many prices changed."""
    lists = {found.name.casefold(): found.id for found in price_lists_repo.lists(db)}
    at, user, actor = ctx.now(), ctx.user_id, ctx.actor_name
    changed = 0
    for item, product_id in rows:
        if not item.list_prices:
            continue
        wanted: dict[int, dict[int, int | None]] = {}
        for column, price in item.list_prices:
            if column.list_name is None:
                list_id = RETAIL
            else:
                key = column.list_name.casefold()
                if key not in lists:
                    lists[key] = price_lists_repo.insert_list(db, column.list_name, at, user, actor)
                list_id = lists[key]
            wanted.setdefault(list_id, {})[column.from_milli] = price
        held = price_lists_repo.prices_of(db, product_id, currency)
        for list_id, cells in wanted.items():
            prices: dict[int, int | None] = {
                p.from_quantity.milli: p.price.minor for p in held if p.list_id == list_id
            }
            prices.update(cells)
            kept = [
                ListPrice(list_id, Quantity(milli), Money(price, currency))
                for milli, price in prices.items()
                if price is not None
            ]
            checked = check_prices(list_id, kept, item.draft.cost_price, item.draft.name)
            changed += price_lists_repo.replace_prices(
                db, list_id, product_id, checked, at, user, actor
            )
    if changed:
        record(ctx, AuditAction.PRICE_LIST_CHANGED, "import", after={"prices": changed})
    return changed
