"""The profit and loss and the tax summary.

The profit and loss: net sales and the cost of the goods sold from the daily summaries (what
`duka verify` checks against the documents: sales and invoices less refunds and credit notes,
net of tax, each line at the cost of its day), the expenses before tax from the expenses, and
the stock written off at the cost it carried, from the stock ledger. Drawings are not
expenses: the owner taking money out changes no profit. A month per row (or one row for the
whole period), then a column per expense category used.

The tax summary: the output tax of sales less refunds by rate (from the summaries), the
input tax of deliveries less goods sent back (by the rates they kept, core.purchase_tax) and
of expenses (by their tax code), and the balance. Deliveries recorded without tax (before
Duka kept it, or by a shop not registered for it) count whole, under no rate.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from duka.core.errors import InvalidInput
from duka.core.expense_names import EXPENSE_NAMES, category_title
from duka.core.report_rows import ExpenseCategory
from duka.core.reports import (
    EXPENSE_COLUMN,
    PNL_PERIOD,
    Cell,
    Column,
    ColumnKind,
    DayFigures,
    Grouping,
    ReportSpec,
    ReportTable,
    grouped,
)
from duka.i18n import N_, _
from duka.services.clock import days_between
from duka.services.reports.parts import ReportParts
from duka.services.reports.sales import NO_RATE, _percent
from duka.store import report_reads

BY_MONTH, WHOLE = "month", "period"  # the profit and loss's `group` option
BALANCE_NOTE = N_(
    "The balance is the output tax less the input tax: to pay when above zero, to claim back "
    "when below."
)


@dataclass(frozen=True, slots=True)
class Month:
    """A month's (or the period's) figures, in minor units."""

    sales: DayFigures
    expenses: dict[int, int]  # by category id
    written_off: int

    @property
    def spent(self) -> int:
        return sum(self.expenses.values())

    @property
    def net_profit(self) -> int:
        return self.sales.profit - self.spent - self.written_off


def profit_and_loss(
    parts: ReportParts,
    spec: ReportSpec,
    first: dt.date,
    last: dt.date,
    options: Mapping[str, Any],
) -> ReportTable:
    group = options.get("group") or BY_MONTH
    if group not in (BY_MONTH, WHOLE):
        raise InvalidInput(N_("The profit and loss is shown by month or for the whole period."))
    months = _months(parts, first, last)
    used = _categories_used(parts, months)
    figures = _columns(spec, used)
    if group == WHOLE:
        whole = Month(DayFigures(), {}, 0)
        for month in months.values():
            whole.sales.merge(month.sales)
            for category, amount in month.expenses.items():
                whole.expenses[category] = whole.expenses.get(category, 0) + amount
            whole = replace(whole, written_off=whole.written_off + month.written_off)
        columns = (*PNL_PERIOD, *figures[1:])
        rows = [(first, last, *_figures(whole, used))]
        table = parts.table(replace(spec, columns=columns, chart=None), rows, first, last,
                            totals=False)  # fmt: skip
        return table
    rows = [(start, *_figures(month, used)) for start, month in months.items()]
    return parts.table(replace(spec, columns=figures), rows, first, last)


def _months(parts: ReportParts, first: dt.date, last: dt.date) -> dict[dt.date, Month]:
    """Every month the period touches, empty ones too, in order."""
    found = {
        start: Month(sales, {}, 0)
        for start, sales in grouped(parts.days(first, last), first, last, Grouping.MONTH)
    }
    ids = parts.ids()

    def month_of(text: str) -> dt.date:
        return dt.date.fromisoformat(f"{text}-01")

    db = parts.db
    for row in report_reads.expense_months(db, first.isoformat(), last.isoformat(), ids):
        spent = found[month_of(row.month)].expenses
        spent[row.what] = spent.get(row.what, 0) + row.amount
    since, until = days_between(first, last)
    assert since is not None and until is not None
    for row in report_reads.written_off_months(db, since, until, ids):
        start = month_of(row.month)
        found[start] = replace(found[start], written_off=found[start].written_off + row.amount)
    return found


def _categories_used(parts: ReportParts, months: Mapping[dt.date, Month]) -> list[ExpenseCategory]:
    """The categories with expenses in the period: the starting list's in its order (other
    last), then the owner's by name."""
    used = {category for month in months.values() for category in month.expenses}
    known = [c for c in report_reads.expense_categories(parts.db) if c.id in used]
    order = list(EXPENSE_NAMES)

    def place(category: ExpenseCategory) -> tuple[int, str, int]:
        if category.key in EXPENSE_NAMES and category.key != "other":
            return (0, f"{order.index(category.key):03d}", category.id)
        if category.key is None:
            return (1, category.name.casefold(), category.id)
        return (2, "", category.id)

    return sorted(known, key=place)


def _columns(spec: ReportSpec, used: list[ExpenseCategory]) -> tuple[Column, ...]:
    """The report's columns, with one per category used: `expense:rent` for the starting
    list's (titled in the shop's language), `expense:NAME` for the owner's (as typed; a
    name met twice, or like a key, keeps its id too)."""
    columns = list(spec.columns)
    taken = {c.key for c in columns}
    for category in used:
        mine = category.key is None
        key = EXPENSE_COLUMN + (category.name.strip() if mine else str(category.key))
        if key in taken:
            key = f"{key}#{category.id}"
        taken.add(key)
        title = category_title(category.key, category.name)
        columns.append(Column(key, title, ColumnKind.MONEY, plain=mine))
    return tuple(columns)


def _figures(month: Month, used: list[ExpenseCategory]) -> tuple[Cell, ...]:
    sales = month.sales
    return (
        sales.net,
        sales.cost,
        sales.profit,
        month.spent,
        month.written_off,
        month.net_profit,
        *(month.expenses.get(category.id, 0) for category in used),
    )


# -- the tax summary ---------------------------------------------------------------------------


@dataclass(slots=True)
class _Rate:
    name: str
    sales_net: int = 0
    output: int = 0
    purchases_net: int = 0
    purchases_tax: int = 0
    expenses_net: int = 0
    expenses_tax: int = 0

    @property
    def input(self) -> int:
        return self.purchases_tax + self.expenses_tax


def tax_summary(
    parts: ReportParts, spec: ReportSpec, first: dt.date, last: dt.date, _o: Mapping[str, Any]
) -> ReportTable:
    """By rate (code and percent): sales less refunds before tax and their output tax,
    deliveries less supplier returns before tax and their input tax, expenses before tax
    and theirs, the input tax in all and the balance (output less input: to pay above zero,
    to claim back below). A delivery's or a return's rate is the one it kept; an expense's is
    its code's percent as the shop has it now (an expense keeps its code, not its percent),
    or, when the shop has no such rate any more, the percent its sales or purchases had in
    the period."""
    rates: dict[tuple[str, Decimal | None], _Rate] = {}

    def rate_of(code: str, percent: Decimal | None, name: str) -> _Rate:
        rate = rates.get((code, percent))
        if rate is None:
            rate = rates[(code, percent)] = _Rate(name or code)
        return rate

    db = parts.db
    for t in report_reads.tax_rows(db, first.isoformat(), last.isoformat()):
        rate = rate_of(str(t.tax_code), _percent(t.percent), t.name or t.tax_code)
        rate.sales_net += t.sales_net - t.refunds_net
        rate.output += t.sales_tax - t.refunds_tax
    ids = parts.ids()
    since, until = days_between(first, last)
    assert since is not None and until is not None
    for p in report_reads.purchase_taxes(db, since, until, ids):
        rate = rate_of(p.tax_code, _percent(p.percent), p.name)
        sign = -1 if p.returned else 1
        rate.purchases_net += sign * p.net
        rate.purchases_tax += sign * p.tax
    current = {r.code: r for r in parts.tax_rates()}
    for e in report_reads.expense_taxes(db, first.isoformat(), last.isoformat(), ids):
        code = e.tax_code
        now = current.get(code)
        percent: Decimal | None
        if now is not None:
            percent, name = _percent(str(now.percent)), now.name
        else:
            seen = sorted(p for c, p in rates if c == code and p is not None)
            percent, name = (seen[-1] if seen else (Decimal(0) if not code else None)), code
        rate = rate_of(code, percent, name)
        rate.expenses_net += e.net
        rate.expenses_tax += e.tax
    rows: list[tuple[Cell, ...]] = [
        (
            code,
            str(r.name) if code else _(NO_RATE),
            percent,
            r.sales_net,
            r.output,
            r.purchases_net,
            r.purchases_tax,
            r.expenses_net,
            r.expenses_tax,
            r.input,
            r.output - r.input,
        )
        for (code, percent), r in sorted(rates.items(), key=_by_rate)
    ]
    table = parts.table(spec, rows, first, last)
    return replace(table, note=BALANCE_NOTE)


def _by_rate(item: tuple[tuple[str, Decimal | None], _Rate]) -> tuple[str, Decimal]:
    (code, percent), _rate = item
    return code, percent if percent is not None else Decimal(-1)
