"""Sales by product and by category, read from the products' daily, weekly and monthly
summaries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from duka.core.report_rows import ProductLabel, ProductSums
from duka.core.reports import Cell, LazyRows, ReportSpec, ReportTable, margin
from duka.i18n import _
from duka.services.reports.parts import (
    FREE_TEXT,
    NO_CATEGORY,
    Ranked,
    ReportParts,
    largest_first,
)
from duka.store import report_reads, variants_repo

_NAMELESS = ProductLabel("", None, "")  # free text, or a product since deleted


def by_product(
    parts: ReportParts, spec: ReportSpec, first: dt.date, last: dt.date, _o: Mapping[str, Any]
) -> ReportTable:
    raw = report_reads.product_rows(parts.db, first, last)
    gross, refunds, tax, cost = (raw.total(f) for f in ("gross", "refunds", "tax", "cost"))
    return _product_table(parts, spec, first, last, raw, (gross, refunds, tax, cost))


def by_product_family(
    parts: ReportParts, spec: ReportSpec, first: dt.date, last: dt.date, _o: Mapping[str, Any]
) -> ReportTable:
    """Sales by product with each product's variants added up under it (core.variants)."""
    raw = report_reads.product_rows(parts.db, first, last)
    parents = variants_repo.parents_of(
        parts.db, [item.product_id for item in raw if item.product_id]
    )
    summed: dict[int, list[int]] = {}
    categories: dict[int, int | None] = {}
    for item in raw:
        key = parents.get(item.product_id, item.product_id)
        figures = summed.get(key)
        if figures is None:
            figures = summed[key] = [0] * 6
            categories[key] = item.category_id
        for at, value in enumerate(item[2:]):
            figures[at] += value
    rows = [ProductSums(key, categories[key], *figures) for key, figures in summed.items()]
    rows.sort(key=lambda item: (-item.gross, item.product_id))
    totals = tuple(sum(getattr(r, f) for r in rows) for f in ("gross", "refunds", "tax", "cost"))
    return _product_table(parts, spec, first, last, rows, totals)


def _product_table(
    parts: ReportParts,
    spec: ReportSpec,
    first: dt.date,
    last: dt.date,
    raw: Sequence[ProductSums],
    sums: tuple[int, ...],
) -> ReportTable:
    paths: dict[int | None, str] = {
        key: where.path for key, where in parts.category_paths().items()
    }
    free = _(FREE_TEXT)
    db = parts.db

    def make(items: Sequence[ProductSums]) -> list[tuple[Cell, ...]]:
        # A page's names and codes, read as it is first shown (on this thread).
        ids = [item.product_id for item in items if item.product_id]
        label = report_reads.product_labels(db, ids).get
        rows: list[tuple[Cell, ...]] = []
        for item in items:
            pid = item.product_id
            name, sku, unit = label(pid, _NAMELESS)
            net = item.gross - item.refunds - item.tax
            profit = net - item.cost
            rows.append(
                (pid or None, (name or f"#{pid}") if pid else free, sku or "",
                 paths.get(item.category_id, ""), unit, item.quantity, item.returned,
                 item.gross, item.refunds, item.tax, net, item.cost, profit,
                 (profit * 20000 + net) // (2 * net) if net > 0 <= profit
                 else margin(profit, net))
            )  # fmt: skip
        return rows

    gross, refunds, tax, cost = sums
    net = gross - refunds - tax
    totals = spec.cells(
        gross=gross,
        refunds=refunds,
        tax=tax,
        net=net,
        cost=cost,
        profit=net - cost,
        margin=margin(net - cost, net),
    )
    return parts.table(spec, LazyRows(raw, make), first, last, totals=totals)


@dataclass(slots=True)
class _Group:
    """A category's (or the free-text lines') figures, added up product by product."""

    name: str
    products: int = 0  # sold any
    gross: int = 0
    refunds: int = 0
    tax: int = 0
    cost: int = 0

    @property
    def net(self) -> int:
        return self.gross - self.refunds - self.tax

    @property
    def profit(self) -> int:
        return self.net - self.cost


def by_category(
    parts: ReportParts,
    spec: ReportSpec,
    first: dt.date,
    last: dt.date,
    options: Mapping[str, Any],
) -> ReportTable:
    top_level = bool(options.get("top_level", False))
    paths = parts.category_paths()
    free = -1
    groups: dict[int | None, _Group] = {}
    sums = report_reads.product_rows(parts.db, first, last)
    fields = ("product_id", "category_id", "quantity", "gross", "refunds", "tax", "cost")
    for product_id, category_id, quantity, gross, refunds, tax, cost in sums.columns(*fields):
        key: int | None
        if not product_id:
            key, name = free, _(FREE_TEXT)
        elif category_id in paths:
            where = paths[category_id]
            key = where.top if top_level else category_id
            name = paths[where.top].path if top_level else where.path
        else:
            key, name = None, _(NO_CATEGORY)
        group = groups.get(key)
        if group is None:
            group = groups[key] = _Group(name)
        group.products += 1 if quantity > 0 else 0
        group.gross += gross
        group.refunds += refunds
        group.tax += tax
        group.cost += cost
    rows = largest_first(
        Ranked(
            g.gross,
            g.name,
            (
                key if key is not None and key >= 0 else None,
                g.name,
                g.products,
                g.gross,
                g.refunds,
                g.tax,
                g.net,
                g.cost,
                g.profit,
                margin(g.profit, g.net),
            ),
        )
        for key, g in groups.items()
    )
    net_total = sum(g.net for g in groups.values())
    profit_total = sum(g.profit for g in groups.values())
    totals = {"margin": margin(profit_total, net_total), "products": None}
    return parts.table(spec, rows, first, last, totals=totals)
