"""What every report's builder uses: the shop's connection and settings, today's date, the
summaries of the days, the categories' names, and the report's table made from its rows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, NamedTuple

from duka.core.reports import (
    Cell,
    DayFigures,
    Figure,
    LazyRows,
    ReportSpec,
    ReportTable,
    totals_row,
)
from duka.core.settings import PAYMENT_TERMS, TAX_RATES
from duka.core.tax import TaxRate
from duka.core.tills import SPAN
from duka.i18n import N_
from duka.services.clock import day_start
from duka.services.context import Context
from duka.services.settings import SettingsService
from duka.store import products_repo, report_reads
from duka.store.database import Connection

FREE_TEXT = N_("Other items (free text)")
NO_CATEGORY = N_("No category")


class CategoryPath(NamedTuple):
    """Where a category sits: its top category, and its path as it reads."""

    top: int
    path: str  # "Food > Dairy"


class Ranked(NamedTuple):
    """A report's row with what it is listed by: the largest amount first, then by name."""

    amount: int
    name: str
    row: tuple[Cell, ...]


def largest_first(ranked: Iterable[Ranked]) -> list[tuple[Cell, ...]]:
    return [r.row for r in sorted(ranked, key=lambda r: (-r.amount, r.name.casefold()))]


class ReportParts:
    """The pieces a report is built from, for one run."""

    def __init__(
        self,
        context: Context,
        settings: SettingsService,
        till: int | None = None,
        till_name: str = "",
    ) -> None:
        self._ctx = context
        self._settings = settings
        self.till = till  # the figures are this till's alone (None: every till's)
        self.till_name = till_name

    def ids(self) -> tuple[int, int] | None:
        """The ids of the till's documents, (low, high]: low < id <= high; None: every
        till's."""
        if self.till is None:
            return None
        return (self.till - 1) * SPAN, self.till * SPAN

    @property
    def db(self) -> Connection:
        return self._ctx.db

    def today(self) -> dt.date:
        return self._ctx.clock().astimezone().date()

    def currency(self) -> str:
        return self._settings.currency()

    def tax_rates(self) -> tuple[TaxRate, ...]:
        """The shop's tax rates as they are now."""
        rates = self._settings.load()[TAX_RATES]
        return rates

    def terms_cutoff(self, today: dt.date) -> str:
        """Debts other than invoices are overdue when they are older than the payment terms
        the shop gives on invoices."""
        terms = int(self._settings.load()[PAYMENT_TERMS])
        return day_start(today - dt.timedelta(days=terms))

    def table(
        self,
        spec: ReportSpec,
        rows: Sequence[tuple[Cell, ...]],
        first: dt.date | None,
        last: dt.date | None,
        *,
        totals: bool | Mapping[str, Cell] | tuple[Cell, ...] = True,
        figures: tuple[Figure, ...] = (),
    ) -> ReportTable:
        """The report's table; `totals` True adds up money and counts, a mapping gives some
        totals (a margin), a tuple is the totals row, False: no totals row."""
        total = None
        if isinstance(totals, tuple):
            total = totals
        elif totals is not False:
            total = totals_row(spec.columns, rows, None if isinstance(totals, bool) else totals)
        dated = spec.dated
        return ReportTable(
            name=spec.name,
            title=spec.title,
            columns=spec.columns,
            rows=rows if isinstance(rows, LazyRows) else tuple(rows),
            totals=total,
            currency=self.currency(),
            first=first if dated else None,
            last=last if dated else None,
            as_of=None if dated else self.today(),
            chart=spec.chart,
            figures=figures,
            till=self.till,
            till_name=self.till_name,
        )

    def days(self, first: dt.date, last: dt.date) -> dict[dt.date, DayFigures]:
        """The figures of each day of first..last that has documents."""
        by_day: dict[dt.date, DayFigures] = {}
        for day in report_reads.day_rows(self.db, first.isoformat(), last.isoformat()):
            figures = by_day.setdefault(day.day, DayFigures())
            figures.add(day.kind, day.documents, day.gross, day.tax, day.discount, day.cost)
        return by_day

    def category_paths(self) -> dict[int, CategoryPath]:
        """Where each category sits, by its id."""
        found: dict[int, CategoryPath] = {}
        categories = products_repo.categories(self.db)
        by_id = {c.id: c for c in categories}
        for category in categories:
            top = category
            while top.parent_id is not None and top.parent_id in by_id:
                top = by_id[top.parent_id]
            found[category.id] = CategoryPath(top.id, category.label)
        return found


# A report's builder: its table for the days first..last with the options `run` accepted.
Builder = Callable[[ReportParts, ReportSpec, dt.date, dt.date, Mapping[str, Any]], ReportTable]


def whole(cell: Cell) -> int:
    """A MONEY or COUNT cell as an int (0 for nothing)."""
    return cell if isinstance(cell, int) else 0
