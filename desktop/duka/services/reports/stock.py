"""Reports of the stock on hand: its value at cost and at price, and what did not sell."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from duka.core.batches import DEFAULT_EXPIRING_DAYS, days_left
from duka.core.reports import Cell, ReportSpec, ReportTable, round_milli
from duka.services.clock import day_start
from duka.services.reports.parts import Ranked, ReportParts, largest_first
from duka.store import batches_repo, report_reads


def stock_valuation(
    parts: ReportParts, spec: ReportSpec, first: dt.date, last: dt.date, _o: Mapping[str, Any]
) -> ReportTable:
    paths = parts.category_paths()
    stock = report_reads.stock_rows(parts.db)
    # The fields read together, as plain tuples: a shop may hold stock of 20,000 products,
    # and making each a named tuple and reading its fields made this report a sixth slower.
    fields = ("product_id", "name", "sku", "category_id", "unit", "quantity", "cost_price")
    rows: list[tuple[Cell, ...]] = [
        (
            product_id,
            name,
            sku,
            paths[category_id].path if category_id in paths else "",
            unit,
            quantity,
            cost_price,
            round_milli(cost_price, quantity),
            sell_price,
            round_milli(sell_price, quantity),
        )
        for product_id, name, sku, category_id, unit, quantity, cost_price, sell_price in (
            stock.columns(*fields, "sell_price")
        )
    ]
    return parts.table(spec, rows, first, last, totals={"cost": None, "price": None})


def slow_movers(
    parts: ReportParts, spec: ReportSpec, first: dt.date, last: dt.date, _o: Mapping[str, Any]
) -> ReportTable:
    db = parts.db
    paths = parts.category_paths()
    sums = report_reads.product_rows(db, first, last)
    sold = {product for product, quantity in sums.columns("product_id", "quantity") if quantity > 0}
    invoiced = report_reads.last_invoiced(db, first.isoformat())
    stock = report_reads.in_stock(db, day_start(first))
    fields = ("product_id", "name", "sku", "category_id", "unit", "quantity", "cost_price")
    found: list[Ranked] = []  # the largest value at cost first
    # Read as stock value reads its rows (every product in stock).
    for (
        product_id,
        name,
        sku,
        category_id,
        unit,
        quantity,
        cost_price,
        last_sale_at,
    ) in stock.columns(*fields, "last_sale_at"):
        if product_id in sold:
            continue
        dates = [report_reads.local_day(last_sale_at)] if last_sale_at else []
        if product_id in invoiced:
            dates.append(invoiced[product_id])
        last_sold = max(dates) if dates else None
        value = round_milli(cost_price, quantity)
        found.append(
            Ranked(value, name,
                   (product_id, name, sku,
                    paths[category_id].path if category_id in paths else "", unit,
                    quantity, value, last_sold,
                    (last - last_sold).days if last_sold else None))
        )  # fmt: skip
    return parts.table(spec, largest_first(found), first, last, totals={"days": None})


def expiring(
    parts: ReportParts, spec: ReportSpec, first: dt.date, last: dt.date, options: Mapping[str, Any]
) -> ReportTable:
    """Batches holding stock that expire within `days` days of today, and those expired
    (a negative number of days left), the first to expire first."""
    today = parts.today()
    given = options.get("days")
    days = DEFAULT_EXPIRING_DAYS if given is None else int(given)
    rows: list[tuple[Cell, ...]] = [
        (
            row.product_id,
            row.name,
            row.sku,
            row.number,
            row.expiry,
            days_left(row.expiry, today),
            row.quantity.milli,
            row.cost_price,
            round_milli(row.cost_price, row.quantity.milli),
        )
        for row in batches_repo.held(parts.db, today + dt.timedelta(days=days))
    ]
    return parts.table(spec, rows, first, last, totals={"cost": None, "days_left": None})
