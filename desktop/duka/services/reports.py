"""Reports and the day at a glance: every report as a table (with a totals row and the chart
that suits it), the dashboard's figures, and the report as CSV, Excel or PDF.

Sales figures come from the daily summary rows (store.report_repo): each sale, refund,
invoice and credit note is noted for them in its own transaction, and the documents that
wait are added in before a report or the dashboard reads (a short write), so a report over
three years reads a few thousand rows and always includes the last sale. "Sales" are counter
sales and invoices not made from a counter sale (an invoice for a sale is that sale, counted
once); "refunds" are refunds and credit notes. Reports show costs and profit, so they need the
right to see costs.

A report reads as of one moment (a sale completed meanwhile is in all its figures or none).
Long reports may run in a worker thread on `Shop.detached()`.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from duka.core.access import Permission, shown_actor_name
from duka.core.audit import AuditAction
from duka.core.currency import currency_digits
from duka.core.errors import InvalidInput
from duka.core.ledger import age, bucket_starts
from duka.core.money import Money
from duka.core.quantity import Quantity
from duka.core.reports import (
    REPORT_NAMES,
    REPORTS,
    TOTAL,
    Cell,
    Column,
    ColumnKind,
    DayFigures,
    DocKind,
    Figure,
    Grouping,
    LazyRows,
    ReportSpec,
    ReportTable,
    average,
    check_period,
    csv_rows,
    fifo_open,
    grouped,
    margin,
    month_start,
    report_spec,
    round_milli,
    totals_row,
)
from duka.core.settings import PAYMENT_TERMS
from duka.i18n import N_, _
from duka.i18n.formatting import Formats
from duka.services.access_rules import require
from duka.services.clock import day_start, days_between
from duka.services.collecting import collecting_later
from duka.services.context import Context
from duka.services.printing import (
    document_formats,
    page_labels,
    period_text,
    right_to_left,
    shop_name,
)
from duka.services.settings import SettingsService
from duka.services.trail import record
from duka.store import cash_repo, ledger_repo, products_repo, report_repo
from duka.store.database import reading

FREE_TEXT = N_("Other items (free text)")
NO_CATEGORY = N_("No category")
_NAMELESS: tuple[str, str | None, str] = ("", None, "")  # free text, or a product since deleted
DASHBOARD_DAYS = 30


@dataclass(frozen=True, slots=True)
class Dashboard:
    """How the day is going, for the home screen (money in the shop's currency)."""

    today: dt.date
    sales: Money  # today's sales with tax (counter sales and invoices), before refunds
    sales_count: int  # how many
    average_sale: Money | None  # None before the first sale
    refunds: Money  # refunds and credit notes with tax
    net_sales: Money  # sales less refunds, without tax
    gross_profit: Money  # net sales less the cost of the goods
    cash_expected: Money | None  # in the drawer now; None when no cash session is open
    low_stock: int | None  # products at or below their reorder level (None: not counted)
    receivables: Money  # what customers owe
    overdue: Money  # of which past due (see `ReportService.dashboard`)
    days: ReportTable  # sales-by-day of the last 30 days, today last, empty days as zeros

    @property
    def last_30_days(self) -> list[tuple[dt.date, Money]]:
        """Each day's sales with tax, oldest first."""
        dates, sold = self.days.values("date"), self.days.values("gross")
        return [
            (day, Money(gross, self.sales.currency))
            for day, gross in zip(dates, sold, strict=True)
            if isinstance(day, dt.date) and isinstance(gross, int)
        ]


class ReportService:
    def __init__(self, context: Context, settings: SettingsService) -> None:
        self._ctx = context
        self._settings = settings

    # -- what there is --------------------------------------------------------------------

    @staticmethod
    def reports() -> tuple[ReportSpec, ...]:
        """Every report, in the order a menu lists them."""
        return tuple(REPORTS[name] for name in REPORT_NAMES)

    def today(self) -> dt.date:
        return self._ctx.clock().astimezone().date()

    def default_period(self, today: dt.date | None = None) -> tuple[dt.date, dt.date]:
        """This month so far."""
        today = today or self.today()
        return month_start(today), today

    # -- running a report -------------------------------------------------------------------

    def run(
        self,
        name: str,
        first: dt.date | None = None,
        last: dt.date | None = None,
        **options: Any,
    ) -> ReportTable:
        """The report `name` (one of REPORT_NAMES) for the days first..last (both included;
        by default this month so far). Reports as things stand (stock-valuation,
        receivables, payables) ignore the period. Options: slow-movers `days=N` (no sale in
        the N days up to `last`); sales-by-category `top_level=True` (subcategories counted
        in their top category); profit `group="day" | "week" | "month"`."""
        require(self._ctx, Permission.SEE_COSTS)
        spec = report_spec(name)
        unknown = set(options) - set(spec.options)
        if unknown:
            raise ValueError(f"{name} takes no option {', '.join(sorted(unknown))}")
        default_first, default_last = self.default_period()
        last = last or default_last
        first = first or (default_first if last == default_last else month_start(last))
        if name == "slow-movers" and options.get("days") is not None:
            days = int(options["days"])
            if days < 1:
                raise InvalidInput(N_("Say how many days: at least one."), field="days")
            first = last - dt.timedelta(days=days - 1)
        check_period(first, last)
        report_repo.fold_now(self._ctx.db)  # what the last documents added, into the summaries
        with reading(self._ctx.db), collecting_later():
            return self._build(spec, first, last, options)

    def _build(
        self, spec: ReportSpec, first: dt.date, last: dt.date, options: dict[str, Any]
    ) -> ReportTable:
        name = spec.name
        if name in ("sales-by-day", "sales-by-week", "sales-by-month"):
            grouping = {"sales-by-week": Grouping.WEEK, "sales-by-month": Grouping.MONTH}
            return self._sales(spec, first, last, grouping.get(name, Grouping.DAY))
        builders: dict[str, Callable[[ReportSpec, dt.date, dt.date, dict[str, Any]], ReportTable]]
        builders = {
            "sales-by-product": self._by_product,
            "sales-by-category": self._by_category,
            "sales-by-cashier": self._by_cashier,
            "sales-by-payment": self._by_payment,
            "profit": self._profit,
            "tax": self._tax,
            "refunds": self._refunds,
            "stock-valuation": self._stock_valuation,
            "slow-movers": self._slow_movers,
            "receivables": self._receivables,
            "payables": self._payables,
        }
        return builders[name](spec, first, last, options)

    # -- the pieces every report uses -------------------------------------------------------

    def _table(
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
            currency=self._settings.currency(),
            first=first if dated else None,
            last=last if dated else None,
            as_of=None if dated else self.today(),
            chart=spec.chart,
            figures=figures,
        )

    def _days(self, first: dt.date, last: dt.date) -> dict[dt.date, DayFigures]:
        by_day: dict[dt.date, DayFigures] = {}
        for day, kind, documents, gross, _net, tax, discount, cost in report_repo.day_rows(
            self._ctx.db, first.isoformat(), last.isoformat()
        ):
            figures = by_day.setdefault(dt.date.fromisoformat(day), DayFigures())
            figures.add(DocKind(kind), documents, gross, tax, discount, cost)
        return by_day

    def _category_paths(self) -> dict[int, tuple[int, str]]:
        """Each category's top category and its path as it reads ("Food > Dairy")."""
        found: dict[int, tuple[int, str]] = {}
        categories = products_repo.categories(self._ctx.db)
        by_id = {c.id: c for c in categories}
        for category in categories:
            top = category
            while top.parent_id is not None and top.parent_id in by_id:
                top = by_id[top.parent_id]
            found[category.id] = (top.id, category.label)
        return found

    # -- sales by day, week and month; profit ---------------------------------------------------

    def _sales(
        self, spec: ReportSpec, first: dt.date, last: dt.date, grouping: Grouping
    ) -> ReportTable:
        rows: list[tuple[Cell, ...]] = []
        whole = DayFigures()
        for bucket, f in grouped(self._days(first, last), first, last, grouping):
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
        return self._table(spec, rows, first, last, totals=totals)

    def _profit(
        self, spec: ReportSpec, first: dt.date, last: dt.date, options: dict[str, Any]
    ) -> ReportTable:
        try:
            grouping = Grouping(options.get("group", "day"))
        except ValueError:
            raise InvalidInput(N_("Profit is shown by day, week or month.")) from None
        rows: list[tuple[Cell, ...]] = []
        whole = DayFigures()
        for bucket, f in grouped(self._days(first, last), first, last, grouping):
            whole.merge(f)
            rows.append((bucket, f.net, f.cost, f.profit, margin(f.profit, f.net)))
        totals = {"margin": margin(whole.profit, whole.net)}
        return self._table(spec, rows, first, last, totals=totals)

    # -- products and categories ------------------------------------------------------------

    def _product_sums(self, first: dt.date, last: dt.date) -> list[tuple[Any, ...]]:
        return report_repo.product_rows(self._ctx.db, first, last)

    def _by_product(
        self, spec: ReportSpec, first: dt.date, last: dt.date, _options: dict[str, Any]
    ) -> ReportTable:
        raw = self._product_sums(first, last)
        paths = {key: path for key, (_top, path) in self._category_paths().items()}
        free = _(FREE_TEXT)
        db = self._ctx.db

        def make(items: Sequence[Any]) -> list[tuple[Cell, ...]]:
            # A page's names and codes, read as it is first shown (on this thread).
            label = report_repo.product_labels(db, [item[0] for item in items if item[0]]).get
            rows: list[tuple[Cell, ...]] = []
            for pid, category, quantity, returned, gross, refunds, tax, cost in items:
                name, sku, unit = label(pid, _NAMELESS)
                net = gross - refunds - tax
                profit = net - cost
                rows.append(
                    (pid or None, (name or f"#{pid}") if pid else free, sku or "",
                     paths.get(category, ""), unit, quantity, returned, gross, refunds, tax,
                     net, cost, profit,
                     (profit * 20000 + net) // (2 * net) if net > 0 <= profit
                     else margin(profit, net))
                )  # fmt: skip
            return rows

        columns = list(zip(*raw, strict=True)) if raw else [()] * 8
        gross, refunds, tax, cost = (sum(columns[i]) for i in (4, 5, 6, 7))
        net = gross - refunds - tax
        totals = (None,) * 7 + (gross, refunds, tax, net, cost, net - cost, margin(net - cost, net))
        return self._table(spec, LazyRows(raw, make), first, last, totals=totals)

    def _by_category(
        self, spec: ReportSpec, first: dt.date, last: dt.date, options: dict[str, Any]
    ) -> ReportTable:
        top_level = bool(options.get("top_level", False))
        paths = self._category_paths()
        free = -1
        groups: dict[int | None, list[int]] = {}
        names: dict[int | None, str] = {}
        for row in self._product_sums(first, last):
            pid, category_id, quantity = row[0], row[1], row[2]
            gross, refunds, tax, cost = row[4:8]
            key: int | None
            if not pid:
                key, names[free] = free, _(FREE_TEXT)
            elif category_id in paths:
                top, path = paths[category_id]
                key = top if top_level else category_id
                names[key] = paths[top][1] if top_level else path
            else:
                key, names[None] = None, _(NO_CATEGORY)
            sums = groups.setdefault(key, [0, 0, 0, 0, 0])
            sums[0] += 1 if quantity > 0 else 0
            sums[1] += gross
            sums[2] += refunds
            sums[3] += tax
            sums[4] += cost
        rows: list[tuple[Cell, ...]] = []
        for key, (products, gross, refunds, tax, cost) in groups.items():
            net = gross - refunds - tax
            profit = net - cost
            rows.append(
                (
                    key if key is not None and key >= 0 else None,
                    names[key],
                    products,
                    gross,
                    refunds,
                    tax,
                    net,
                    cost,
                    profit,
                    margin(profit, net),
                )
            )
        rows.sort(key=lambda r: (-_n(r[3]), str(r[1]).casefold()))
        net_total = sum(_n(r[6]) for r in rows)
        profit_total = sum(_n(r[8]) for r in rows)
        totals = {"margin": margin(profit_total, net_total), "products": None}
        return self._table(spec, rows, first, last, totals=totals)

    # -- cashiers, payments, tax ---------------------------------------------------------------

    def _by_cashier(
        self, spec: ReportSpec, first: dt.date, last: dt.date, _options: dict[str, Any]
    ) -> ReportTable:
        rows: list[tuple[Cell, ...]] = [
            (
                shown_actor_name(str(actor)),
                sales,
                gross,
                average(gross, sales),
                discount,
                refunds,
                refunded,
            )
            for actor, sales, gross, discount, refunds, refunded in report_repo.cashier_rows(
                self._ctx.db, first.isoformat(), last.isoformat()
            )
        ]
        rows.sort(key=lambda r: (-_n(r[2]), str(r[0]).casefold()))
        sales = sum(_n(r[1]) for r in rows)
        gross = sum(_n(r[2]) for r in rows)
        return self._table(spec, rows, first, last, totals={"average": average(gross, sales)})

    def _by_payment(
        self, spec: ReportSpec, first: dt.date, last: dt.date, _options: dict[str, Any]
    ) -> ReportTable:
        rows: list[tuple[Cell, ...]] = [
            (str(method), payments, amount, refunds, refunded, amount - refunded)
            for method, payments, amount, refunds, refunded in report_repo.payment_rows(
                self._ctx.db, first.isoformat(), last.isoformat()
            )
        ]
        rows.sort(key=lambda r: (-_n(r[2]), str(r[0])))
        return self._table(spec, rows, first, last)

    def _tax(
        self, spec: ReportSpec, first: dt.date, last: dt.date, _options: dict[str, Any]
    ) -> ReportTable:
        merged: dict[tuple[str, Decimal], list[Any]] = {}
        for code, percent, _exempt, s_net, s_tax, r_net, r_tax, name in report_repo.tax_rows(
            self._ctx.db, first.isoformat(), last.isoformat()
        ):
            entry = merged.setdefault((str(code), _percent(percent)), [name or code, 0, 0, 0, 0])
            entry[1] += s_net
            entry[2] += s_tax
            entry[3] += r_net
            entry[4] += r_tax
        rows: list[tuple[Cell, ...]] = [
            (
                code,
                str(name) if code else _(NO_RATE),
                percent,
                s_net,
                s_tax,
                r_net,
                r_tax,
                s_net - r_net,
                s_tax - r_tax,
            )
            for (code, percent), (name, s_net, s_tax, r_net, r_tax) in sorted(merged.items())
        ]
        return self._table(spec, rows, first, last)

    # -- refunds, discounts and cancelled sales ----------------------------------------------

    def _refunds(
        self, spec: ReportSpec, first: dt.date, last: dt.date, _options: dict[str, Any]
    ) -> ReportTable:
        db = self._ctx.db
        currency = self._settings.currency()
        since, until = days_between(first, last)
        assert since is not None and until is not None
        start, end = first.isoformat(), last.isoformat()
        refunds: list[tuple[Cell, ...]] = [
            ("refund", report_repo.local_day(at), number, actor, sale, reason, gross)
            for at, number, actor, sale, reason, gross in report_repo.refund_list(db, since, until)
        ]
        notes: list[tuple[Cell, ...]] = [
            ("credit_note", dt.date.fromisoformat(day), number, actor, invoice, text, gross)
            for day, number, actor, invoice, text, gross in report_repo.credit_note_list(
                db, start, end
            )
        ]
        discounts: list[tuple[Cell, ...]] = []
        for at, number, actor, approver, amount in report_repo.discount_list(
            db, since, until, start, end
        ):
            day = report_repo.local_day(at) if "T" in at else dt.date.fromisoformat(at)
            reason = _("Approved by {name}").format(name=approver) if approver else ""
            discounts.append(("discount", day, number, actor, "", reason, amount))
        voids: list[tuple[Cell, ...]] = []
        for at, actor, before, after in report_repo.cancelled_sales(db, since, until):
            items, total = _cancelled(before, currency)
            reason = str(_json(after).get("reason", "")) if after else ""
            voids.append(("void", report_repo.local_day(at), "", actor, items, reason, total))
        figures: list[Figure] = []
        for title, count_title, section in (
            (N_("Refunds"), N_("Number of refunds"), refunds),
            (N_("Credit notes"), N_("Number of credit notes"), notes),
            (N_("Discounts"), N_("Sales with a discount"), discounts),
            (N_("Cancelled sales"), N_("Number of cancelled sales"), voids),
        ):
            amount = sum(_n(r[6]) for r in section)
            figures.append(Figure(count_title, len(section), ColumnKind.COUNT))
            figures.append(Figure(title, amount, ColumnKind.MONEY))
        rows = refunds + notes + discounts + voids
        return self._table(spec, rows, first, last, totals=False, figures=tuple(figures))

    # -- stock -----------------------------------------------------------------------------

    def _stock_valuation(
        self, spec: ReportSpec, first: dt.date, last: dt.date, _options: dict[str, Any]
    ) -> ReportTable:
        paths = self._category_paths()
        rows: list[tuple[Cell, ...]] = [
            (
                pid,
                name,
                sku,
                paths[category_id][1] if category_id in paths else "",
                unit,
                quantity,
                cost,
                round_milli(cost, quantity),
                price,
                round_milli(price, quantity),
            )
            for pid, name, sku, category_id, unit, quantity, cost, price in report_repo.stock_rows(
                self._ctx.db
            )
        ]
        return self._table(spec, rows, first, last, totals={"cost": None, "price": None})

    def _slow_movers(
        self, spec: ReportSpec, first: dt.date, last: dt.date, _options: dict[str, Any]
    ) -> ReportTable:
        db = self._ctx.db
        paths = self._category_paths()
        sold = {row[0] for row in report_repo.product_rows(db, first, last) if row[2] > 0}
        invoiced = report_repo.last_invoiced(db, first.isoformat())
        rows: list[tuple[Cell, ...]] = []
        for pid, name, sku, category_id, unit, quantity, cost, sale in report_repo.in_stock(
            db, day_start(first)
        ):
            if pid in sold:
                continue
            dates = [report_repo.local_day(sale)] if sale else []
            if pid in invoiced:
                dates.append(dt.date.fromisoformat(invoiced[pid]))
            last_sold = max(dates) if dates else None
            rows.append(
                (pid, name, sku, paths[category_id][1] if category_id in paths else "", unit,
                 quantity, round_milli(cost, quantity), last_sold,
                 (last - last_sold).days if last_sold else None)
            )  # fmt: skip
        rows.sort(key=lambda r: (-_n(r[6]), str(r[1]).casefold()))
        return self._table(spec, rows, first, last, totals={"days": None})

    # -- who owes whom -------------------------------------------------------------------------

    def _receivables(
        self, spec: ReportSpec, first: dt.date, last: dt.date, _options: dict[str, Any]
    ) -> ReportTable:
        today = self.today()
        db = self._ctx.db
        starts = [day_start(d) for d in bucket_starts(today)]
        raw = ledger_repo.receivables(db, *starts)
        labels = report_repo.customer_labels(db, [r[0] for r in raw])
        overdue = report_repo.receivable_totals(db, today.isoformat(), self._terms_cutoff(today))
        rows: list[tuple[Cell, ...]] = []
        for customer, b0, b1, b2, b3, oldest in raw:
            name, phone = labels.get(customer, (f"#{customer}", ""))
            rows.append(
                (
                    customer,
                    name,
                    phone,
                    b0 + b1 + b2 + b3,
                    b0,
                    b1,
                    b2,
                    b3,
                    overdue.get(customer, (0, 0))[1],
                    report_repo.local_day(oldest),
                )
            )
        return self._table(spec, rows, first, last)

    def _terms_cutoff(self, today: dt.date) -> str:
        """Debts other than invoices are overdue when they are older than the payment terms
        the shop gives on invoices."""
        terms = int(self._settings.load()[PAYMENT_TERMS])
        return day_start(today - dt.timedelta(days=terms))

    def _payables(
        self, spec: ReportSpec, first: dt.date, last: dt.date, _options: dict[str, Any]
    ) -> ReportTable:
        today = self.today()
        entries: dict[int, list[tuple[str, int]]] = {}
        for supplier, at, amount in report_repo.supplier_entries(self._ctx.db):
            entries.setdefault(supplier, []).append((at, amount))
        labels = report_repo.supplier_labels(self._ctx.db)
        rows: list[tuple[Cell, ...]] = []
        for supplier, items in entries.items():
            debts = [(report_repo.local_day(at), amount) for at, amount in items if amount > 0]
            credit = -sum(amount for _at, amount in items if amount < 0)
            left = fifo_open(debts, credit)
            if not left:
                continue
            ageing = age(left, today)
            name, phone = labels.get(supplier, (f"#{supplier}", ""))
            rows.append((supplier, name, phone, ageing.total, *ageing, left[0][0]))
        rows.sort(key=lambda r: (-_n(r[3]), str(r[1]).casefold()))
        return self._table(spec, rows, first, last)

    # -- the day at a glance -------------------------------------------------------------------

    def dashboard(self, today: dt.date | None = None, low_stock: bool = True) -> Dashboard:
        """Today's sales, how many and the average sale, refunds, net sales, gross profit,
        the cash expected in the drawer (None when no session is open), how many products
        are low in stock, what customers owe and how much of it is overdue (an invoice's
        debt after its due date; any other debt, such as a sale on account, once it is older
        than the payment terms the shop gives on invoices), and the last 30 days' sales."""
        require(self._ctx, Permission.SEE_COSTS)
        today = today or self.today()
        currency = self._settings.currency()
        db = self._ctx.db
        first = today - dt.timedelta(days=DASHBOARD_DAYS - 1)
        report_repo.fold_now(db)
        with reading(db):
            days = self._sales(report_spec("sales-by-day"), first, today, Grouping.DAY)
            session = cash_repo.open_session(db, self._ctx.computer)
            cash = report_repo.cash_expected(db, session.id) if session is not None else None
            low = report_repo.low_stock_count(db) if low_stock else None
            owed, overdue = report_repo.receivables_due(
                db, today.isoformat(), self._terms_cutoff(today)
            )
        now = dict(zip(days.keys, days.rows[-1], strict=True))  # today's row
        sales, gross = _n(now["sales"]), _n(now["gross"])
        mean = average(gross, sales)
        return Dashboard(
            today=today,
            sales=Money(gross, currency),
            sales_count=sales,
            average_sale=Money(mean, currency) if mean is not None else None,
            refunds=Money(_n(now["refunds"]), currency),
            net_sales=Money(_n(now["net"]), currency),
            gross_profit=Money(_n(now["profit"]), currency),
            cash_expected=Money(cash, currency) if cash is not None else None,
            low_stock=low,
            receivables=Money(owed, currency),
            overdue=Money(overdue, currency),
            days=days,
        )

    def low_stock_count(self) -> int:
        """How many products are at or below their reorder level: the dashboard's one figure
        that reads every product (seconds on a cold million-product file), so the screen
        counts it apart, in the background."""
        require(self._ctx, Permission.SEE_COSTS)
        return report_repo.low_stock_count(self._ctx.db)

    # -- repair ----------------------------------------------------------------------------

    def rebuild(self) -> None:
        """Work the summaries out again from the documents (after `duka verify` found them
        differing, e.g. once the computer's time zone was changed)."""
        require(self._ctx, Permission.VERIFY)
        with self._ctx.writing() as db:
            report_repo.rebuild(db)

    # -- output ----------------------------------------------------------------------------

    def csv_rows(self, table: ReportTable) -> list[list[str]]:
        """The table as CSV rows for other programs: a header row of column keys, ISO dates,
        "." decimals, money in major units (1250.50); no totals row. Exporting is recorded."""
        require(self._ctx, Permission.EXPORT_DATA)
        record(self._ctx, AuditAction.EXPORT, table.name, after={"report": table.name})
        return csv_rows(table)

    def write_csv(self, table: ReportTable, path: Path) -> int:
        """The table as a CSV file (UTF-8 without a byte-order mark); returns its rows."""
        from duka.documents.tables import write_csv

        rows = self.csv_rows(table)
        write_csv(Path(path), rows[0], rows[1:], bom=False, guarded=True)
        return len(rows) - 1

    def write_xlsx(self, table: ReportTable, path: Path) -> int:
        """The table as an Excel workbook: column titles in the language on screen, numbers
        as numbers, dates as dates, the totals row in bold; returns its rows."""
        from duka.documents.report_files import SheetColumn, write_report_xlsx

        require(self._ctx, Permission.EXPORT_DATA)
        digits = currency_digits(table.currency)
        columns = [SheetColumn(_(c.title), c.kind.value, digits) for c in table.columns]
        currency = table.currency
        rows = [
            [_sheet_value(c, v, currency) for c, v in zip(table.columns, row, strict=True)]
            for row in table.rows
        ]
        totals = None
        if table.totals is not None:
            totals = [
                _sheet_value(c, v, currency)
                for c, v in zip(table.columns, table.totals, strict=True)
            ]
            totals[0] = totals[0] if totals[0] not in (None, "") else _(TOTAL)
        write_report_xlsx(Path(path), _(table.title), columns, rows, totals)
        record(self._ctx, AuditAction.EXPORT, Path(path).name, after={"report": table.name})
        return len(rows)

    def write_pdf(self, table: ReportTable, path: Path) -> int:
        """The table on A4 pages in the language being spoken (money, numbers and dates as it
        writes them; right to left where it reads so): the period (or the day) and the
        currency under the title, the totals row in bold, the key figures after it. Returns
        the number of pages."""
        require(self._ctx, Permission.SEE_COSTS)  # as running the report does
        from duka.documents.stock_lists import (
            REPORT_SIZES,
            ColumnSpec,
            TableDocument,
            TableRow,
            write_table_pdf,
        )

        settings = self._settings.load()
        formats = document_formats(settings)
        texts = [_column_text(c, formats, table.currency, True) for c in table.columns]
        rows = [
            TableRow([text(v) for text, v in zip(texts, row, strict=True)]) for row in table.rows
        ]
        if table.totals is not None:
            totals = [text(v) for text, v in zip(texts, table.totals, strict=True)]
            totals[0] = totals[0] or _(TOTAL)
            rows.append(TableRow(totals, bold=True))
        if table.first is not None and table.last is not None:
            when = period_text(formats.date(table.first), formats.date(table.last))
        else:
            when = _("As it stands on {date}").format(
                date=formats.date(table.as_of or self.today())
            )
        currency = _("Amounts in {currency} ({code})").format(
            currency=formats.currency_name(table.currency), code=table.currency
        )
        footer = [
            f"{_(f.title)}: {cell_text(Column('', '', f.kind), f.value, formats, table.currency)}"
            for f in table.figures
        ]
        # Figures stay on one line and shrink rather than lose a digit; labels wrap once.
        columns = [
            ColumnSpec(_(c.title), _width(c), c.numeric, 1 if c.numeric else 2, c.numeric)
            for c in table.columns
        ]
        document = TableDocument(
            title=_(table.title),
            columns=columns,
            rows=rows,
            shop_name=shop_name(settings),
            subtitle_lines=(when, currency),
            footer_lines=footer,
            footer_bold=False,
            page_label=page_labels(formats),
            right_to_left=right_to_left(),
            landscape=len(table.columns) > 7,
            sizes=REPORT_SIZES,
        )
        return write_table_pdf(Path(path), document)


# -- cells ------------------------------------------------------------------------------------

NO_RATE = N_("No tax rate")


def _n(cell: Cell) -> int:
    """A MONEY or COUNT cell as an int (0 for nothing)."""
    return cell if isinstance(cell, int) else 0


def _percent(text: str) -> Decimal:
    try:
        value = Decimal(text)
    except InvalidOperation:
        return Decimal(0)
    return Decimal(f"{value.normalize():f}")


def _json(text: str | None) -> dict[str, Any]:
    try:
        found = json.loads(text) if text else {}
    except ValueError:
        return {}
    return found if isinstance(found, dict) else {}


def _cancelled(before: str | None, currency: str) -> tuple[str, int | None]:
    """What a cancelled sale held (its first lines) and its total in minor units, from the
    audit trail."""
    content = _json(before)
    lines = [str(line) for line in content.get("lines", []) if line]
    items = "; ".join(lines[:3]) + (" …" if len(lines) > 3 else "")
    amount, _sep, code = str(content.get("total", "")).partition(" ")
    if code not in ("", currency):
        return items, None
    try:
        return items, Money.of(Decimal(amount), currency).minor
    except (InvalidOperation, InvalidInput):
        return items, None


def _width(column: Column) -> float:
    if column.key in ("product", "customer", "supplier", "category", "what", "reason", "name"):
        return 2.2
    if column.key.endswith("_id"):
        return 0.7
    if column.kind in (ColumnKind.COUNT, ColumnKind.PERCENT):
        return 1.0
    return 1.2


def _column_text(
    column: Column, formats: Formats, currency: str, plain_money: bool = False
) -> Callable[[Cell], str]:
    """How a cell of `column` reads in the language being spoken."""

    def text(value: Cell) -> str:
        return cell_text(column, value, formats, currency, plain_money)

    return text


def cell_text(
    column: Column, value: Cell, formats: Formats, currency: str, plain_money: bool = False
) -> str:
    """A cell as the screen and the PDF show it: money, quantities, counts, percents and
    dates as the locale writes them (`formats`, e.g. printing.document_formats), labels
    translated; `plain_money` leaves the currency out (a table that names it once). None is
    an empty cell."""
    if value is None:
        return ""
    kind = column.kind
    if isinstance(value, dt.date):
        return formats.date(value, "LLL y" if kind is ColumnKind.MONTH else "short")
    if isinstance(value, Decimal):
        return formats.percent(value) if kind is ColumnKind.RATE else formats.number(value)
    if isinstance(value, int):
        if kind is ColumnKind.PERCENT:
            return formats.percent(Decimal(value).scaleb(-2), decimals=2)
        if kind is ColumnKind.MONEY:
            amount = Money(value, currency).amount
            if plain_money:
                return formats.number(amount, currency_digits(currency))
            return formats.money(amount, currency)
        if kind is ColumnKind.QUANTITY:
            return formats.quantity(Quantity(value).value)
        return str(value) if column.key.endswith("_id") else formats.number(value)
    if kind is ColumnKind.LABEL:
        return _(column.label_of(value)) if value else ""
    return value


def _sheet_value(column: Column, value: Cell, currency: str) -> object:
    """A cell as a spreadsheet holds it: numbers as numbers (money in major units), dates as
    dates, labels translated."""
    if isinstance(value, int) and not isinstance(value, bool):
        if column.kind is ColumnKind.MONEY:
            return Money(value, currency).amount
        if column.kind is ColumnKind.QUANTITY:
            return Quantity(value).value
        if column.kind is ColumnKind.PERCENT:
            return Decimal(value).scaleb(-2)
    if column.kind is ColumnKind.LABEL and isinstance(value, str):
        return _(column.label_of(value)) if value else ""
    return value
