"""Sales reports read from the daily summaries: sales by day, week and month, gross profit,
sales by cashier and by payment method, and tax collected by rate."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from duka.core.access import shown_actor_name
from duka.core.errors import InvalidInput
from duka.core.reports import (
    Cell,
    DayFigures,
    Grouping,
    ReportSpec,
    ReportTable,
    average,
    grouped,
    margin,
)
from duka.i18n import N_, _
from duka.services.reports.parts import Ranked, ReportParts, largest_first
from duka.store import report_reads

NO_RATE = N_("No tax rate")


def by_period(
    parts: ReportParts, spec: ReportSpec, first: dt.date, last: dt.date, grouping: Grouping
) -> ReportTable:
    """Sales by day, week or month (`grouping`): every one of the period, empty ones too."""
    rows: list[tuple[Cell, ...]] = []
    whole = DayFigures()
    for bucket, f in grouped(parts.days(first, last), first, last, grouping):
        whole.merge(f)
        profit = f.profit
        rows.append(
            (
                bucket,
                f.sales,
                f.gross,
                f.discounts,
                f.refunded,
                f.tax,
                f.net,
                f.cost,
                profit,
                margin(profit, f.net),
            )
        )
    totals = {"margin": margin(whole.profit, whole.net)}
    return parts.table(spec, rows, first, last, totals=totals)


def by_day(
    parts: ReportParts, spec: ReportSpec, first: dt.date, last: dt.date, _o: Mapping[str, Any]
) -> ReportTable:
    return by_period(parts, spec, first, last, Grouping.DAY)


def by_week(
    parts: ReportParts, spec: ReportSpec, first: dt.date, last: dt.date, _o: Mapping[str, Any]
) -> ReportTable:
    return by_period(parts, spec, first, last, Grouping.WEEK)


def by_month(
    parts: ReportParts, spec: ReportSpec, first: dt.date, last: dt.date, _o: Mapping[str, Any]
) -> ReportTable:
    return by_period(parts, spec, first, last, Grouping.MONTH)


def profit(
    parts: ReportParts,
    spec: ReportSpec,
    first: dt.date,
    last: dt.date,
    options: Mapping[str, Any],
) -> ReportTable:
    try:
        grouping = Grouping(options.get("group", "day"))
    except ValueError:
        raise InvalidInput(N_("Profit is shown by day, week or month.")) from None
    rows: list[tuple[Cell, ...]] = []
    whole = DayFigures()
    for bucket, f in grouped(parts.days(first, last), first, last, grouping):
        whole.merge(f)
        rows.append((bucket, f.net, f.cost, f.profit, margin(f.profit, f.net)))
    totals = {"margin": margin(whole.profit, whole.net)}
    return parts.table(spec, rows, first, last, totals=totals)


def by_cashier(
    parts: ReportParts, spec: ReportSpec, first: dt.date, last: dt.date, _o: Mapping[str, Any]
) -> ReportTable:
    found = report_reads.cashier_rows(parts.db, first.isoformat(), last.isoformat())
    ranked: list[Ranked] = []  # the most sold first
    for c in found:
        name = shown_actor_name(str(c.actor))
        row = (name, c.sales, c.gross, average(c.gross, c.sales), c.discount, c.refunds, c.refunded)
        ranked.append(Ranked(c.gross, name, row))
    rows = largest_first(ranked)
    count = sum(c.sales for c in found)
    gross = sum(c.gross for c in found)
    return parts.table(spec, rows, first, last, totals={"average": average(gross, count)})


def by_payment(
    parts: ReportParts, spec: ReportSpec, first: dt.date, last: dt.date, _o: Mapping[str, Any]
) -> ReportTable:
    found = report_reads.payment_rows(parts.db, first.isoformat(), last.isoformat())
    found.sort(key=lambda p: (-p.amount, str(p.method)))
    rows: list[tuple[Cell, ...]] = [
        (str(p.method), p.payments, p.amount, p.refunds, p.refunded, p.amount - p.refunded)
        for p in found
    ]
    return parts.table(spec, rows, first, last)


def tax(
    parts: ReportParts, spec: ReportSpec, first: dt.date, last: dt.date, _o: Mapping[str, Any]
) -> ReportTable:
    # A rate's percent as stored may read "16" on one day and "16.0" on another.
    merged: dict[tuple[str, Decimal], _Rate] = {}
    for t in report_reads.tax_rows(parts.db, first.isoformat(), last.isoformat()):
        key = (str(t.tax_code), _percent(t.percent))
        rate = merged.get(key)
        if rate is None:
            rate = merged[key] = _Rate(t.name or t.tax_code)
        rate.sales_net += t.sales_net
        rate.sales_tax += t.sales_tax
        rate.refunds_net += t.refunds_net
        rate.refunds_tax += t.refunds_tax
    rows: list[tuple[Cell, ...]] = [
        (
            code,
            str(r.name) if code else _(NO_RATE),
            percent,
            r.sales_net,
            r.sales_tax,
            r.refunds_net,
            r.refunds_tax,
            r.sales_net - r.refunds_net,
            r.sales_tax - r.refunds_tax,
        )
        for (code, percent), r in sorted(merged.items(), key=_by_rate)
    ]
    return parts.table(spec, rows, first, last)


@dataclass(slots=True)
class _Rate:
    """A tax rate's figures over the period, added up day by day."""

    name: str
    sales_net: int = 0
    sales_tax: int = 0
    refunds_net: int = 0
    refunds_tax: int = 0


def _by_rate(item: tuple[tuple[str, Decimal], _Rate]) -> tuple[str, Decimal]:
    code_and_percent, _rate = item
    return code_and_percent


def _percent(text: str) -> Decimal:
    try:
        value = Decimal(text)
    except InvalidOperation:
        return Decimal(0)
    return Decimal(f"{value.normalize():f}")
