"""The reports service: what reports there are, running one by name, the day at a glance
(the dashboard), repairing the summaries, and writing a report as CSV, Excel or PDF."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from duka.core.access import Permission
from duka.core.audit import AuditAction
from duka.core.currency import currency_digits
from duka.core.errors import InvalidInput
from duka.core.money import Money
from duka.core.reports import (
    REPORT_NAMES,
    REPORTS,
    TOTAL,
    Column,
    Grouping,
    ReportSpec,
    ReportTable,
    average,
    check_period,
    csv_rows,
    month_start,
    report_spec,
)
from duka.i18n import N_, _
from duka.services.access_rules import require
from duka.services.collecting import collecting_later
from duka.services.context import Context
from duka.services.printing import (
    document_formats,
    page_labels,
    period_text,
    right_to_left,
    shop_name,
)
from duka.services.reports import accounts, pnl, products, promotions, refunds, sales, stock
from duka.services.reports.cells import cell_text, column_text, sheet_value
from duka.services.reports.parts import Builder, ReportParts, whole
from duka.services.settings import SettingsService
from duka.services.trail import record
from duka.store import cash_repo, report_reads, summaries, tills
from duka.store.database import reading

DASHBOARD_DAYS = 30

# Each report's builder, by the report's name (core.reports declares its columns).
BUILDERS: dict[str, Builder] = {
    "sales-by-day": sales.by_day,
    "sales-by-week": sales.by_week,
    "sales-by-month": sales.by_month,
    "sales-by-product": products.by_product,
    "sales-by-product-family": products.by_product_family,
    "sales-by-category": products.by_category,
    "sales-by-cashier": sales.by_cashier,
    "sales-by-payment": sales.by_payment,
    "profit": sales.profit,
    "tax": sales.tax,
    "profit-and-loss": pnl.profit_and_loss,
    "tax-summary": pnl.tax_summary,
    "refunds": refunds.refunds,
    "promotions": promotions.by_promotion,
    "stock-valuation": stock.stock_valuation,
    "slow-movers": stock.slow_movers,
    "expiring": stock.expiring,
    "receivables": accounts.receivables,
    "payables": accounts.payables,
}


# Reports of what the shop holds and owes: stock is one for the whole shop, and so are
# customers' and suppliers' accounts, whichever till sold or paid; they stay shop-wide when
# one till is chosen (the screen and the file say so).
SHOP_WIDE = frozenset({"stock-valuation", "slow-movers", "expiring", "receivables", "payables"})
# The summaries each report reads beside the days' (what one till's report works out for the
# period: a month's products of a busy till take most of that time). A report not named
# here gets every one.
SUMMARIES_READ: dict[str, tuple[str, ...]] = {
    "sales-by-day": (),
    "sales-by-week": (),
    "sales-by-month": (),
    "profit": (),
    "sales-by-product": ("report_products",),
    "sales-by-category": ("report_products",),
    "sales-by-cashier": ("report_cashiers",),
    "sales-by-payment": ("report_payments",),
    "tax": ("report_taxes",),
    "profit-and-loss": (),  # expenses and write-offs are read from their own tables
    "tax-summary": ("report_taxes",),
    "refunds": (),  # its lists read the documents
    "promotions": (),  # read from the sales' lines
}


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
    # The sales figures are this till's alone (None: every till's); low stock and what
    # customers owe stay the shop's, and the drawer is this computer's (None for another
    # till's: it is counted at that till).
    till: int | None = None
    # This month's net profit so far (the profit and loss's: gross profit less expenses and
    # stock written off), for those who may see costs.
    month_net_profit: Money | None = None

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
        self._parts = ReportParts(context, settings)

    # -- what there is --------------------------------------------------------------------

    @staticmethod
    def reports() -> tuple[ReportSpec, ...]:
        """Every report, in the order a menu lists them."""
        return tuple(REPORTS[name] for name in REPORT_NAMES)

    def today(self) -> dt.date:
        return self._parts.today()

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
        *,
        till: int | None = None,
        **options: Any,
    ) -> ReportTable:
        """The report `name` (one of REPORT_NAMES) for the days first..last (both included;
        by default this month so far). Reports as things stand (stock-valuation,
        receivables, payables) ignore the period. Options: slow-movers `days=N` (no sale in
        the N days up to `last`); sales-by-category `top_level=True` (subcategories counted
        in their top category); profit `group="day" | "week" | "month"`. `till`: only that
        till's documents (sales, refunds, invoices, credit notes, cancelled sales) count;
        the SHOP_WIDE reports stay the whole shop's."""
        require(self._ctx, Permission.SEE_COSTS)
        spec = report_spec(name)
        chosen = self._till_named(till)
        unknown = set(options) - set(spec.options)
        if unknown:
            raise ValueError(f"{name} takes no option {', '.join(sorted(unknown))}")
        default_first, default_last = self.default_period()
        last = last or default_last
        first = first or (default_first if last == default_last else month_start(last))
        if name == "expiring" and options.get("days") is not None and int(options["days"]) < 0:
            raise InvalidInput(N_("Say how many days: zero or more."), field="days")
        if name == "slow-movers" and options.get("days") is not None:
            days = int(options["days"])
            if days < 1:
                raise InvalidInput(N_("Say how many days: at least one."), field="days")
            first = last - dt.timedelta(days=days - 1)
        check_period(first, last)
        summaries.fold_now(self._ctx.db)  # what the last documents added, into the summaries
        if chosen is None or name in SHOP_WIDE:
            with reading(self._ctx.db), collecting_later():
                table = BUILDERS[name](self._parts, spec, first, last, options)
            return table if chosen is None else replace(table, whole_shop=True)
        parts = ReportParts(self._ctx, self._settings, *chosen)
        db = self._ctx.db
        read = SUMMARIES_READ.get(name, summaries.TABLES)
        with (
            reading(db),
            collecting_later(),
            summaries.one_till(db, chosen[0], first, last, read),
        ):
            return BUILDERS[name](parts, spec, first, last, options)

    def _till_named(self, till: int | None) -> tuple[int, str] | None:
        """Till `till`'s number and name (None for every till), refused when this shop has
        no such till."""
        if till is None:
            return None
        names = {t.number: t.name for t in tills.known(self._ctx.db)}
        own = tills.this_till(self._ctx.db)
        if till != own and till not in names:
            raise InvalidInput(
                N_("This shop has no till {number}; its tills are {tills}."),
                field="till",
                number=till,
                tills=", ".join(str(n) for n in sorted({own, *names})),
            )
        return till, names.get(till, "")

    # -- the day at a glance -------------------------------------------------------------------

    def dashboard(
        self, today: dt.date | None = None, low_stock: bool = True, till: int | None = None
    ) -> Dashboard:
        """Today's sales, how many and the average sale, refunds, net sales, gross profit,
        the cash expected in the drawer (None when no session is open), how many products
        are low in stock, what customers owe and how much of it is overdue (an invoice's
        debt after its due date; any other debt, such as a sale on account, once it is older
        than the payment terms the shop gives on invoices), and the last 30 days' sales.
        `till`: the sales figures of that till's documents alone (see Dashboard.till)."""
        require(self._ctx, Permission.SEE_COSTS)
        chosen = self._till_named(till)
        today = today or self.today()
        currency = self._parts.currency()
        db = self._ctx.db
        first = today - dt.timedelta(days=DASHBOARD_DAYS - 1)
        summaries.fold_now(db)
        with reading(db):
            spec = report_spec("sales-by-day")
            # The month so far, and the last 30 days (which may start the month before).
            start = min(first, month_start(today))
            loss = report_spec("profit-and-loss")
            if chosen is None:
                days = sales.by_period(self._parts, spec, first, today, Grouping.DAY)
                month = pnl.profit_and_loss(
                    self._parts, loss, month_start(today), today, {"group": pnl.WHOLE}
                )
            else:
                parts = ReportParts(self._ctx, self._settings, *chosen)
                with summaries.one_till(db, chosen[0], start, today, ()):  # its days
                    days = sales.by_period(parts, spec, first, today, Grouping.DAY)
                    month = pnl.profit_and_loss(
                        parts, loss, month_start(today), today, {"group": pnl.WHOLE}
                    )
            session = cash_repo.open_session(db, self._ctx.computer)
            if chosen is not None and chosen[0] != tills.this_till(db):
                session = None  # another till's drawer is counted at that till
            cash = report_reads.cash_expected(db, session.id) if session is not None else None
            low = report_reads.low_stock_count(db) if low_stock else None
            owing = report_reads.receivables_due(
                db, today.isoformat(), self._parts.terms_cutoff(today)
            )
        now = dict(zip(days.keys, days.rows[-1], strict=True))  # today's row
        count, gross = whole(now["sales"]), whole(now["gross"])
        mean = average(gross, count)
        return Dashboard(
            today=today,
            sales=Money(gross, currency),
            sales_count=count,
            average_sale=Money(mean, currency) if mean is not None else None,
            refunds=Money(whole(now["refunds"]), currency),
            net_sales=Money(whole(now["net"]), currency),
            gross_profit=Money(whole(now["profit"]), currency),
            cash_expected=Money(cash, currency) if cash is not None else None,
            low_stock=low,
            receivables=Money(owing.owed, currency),
            overdue=Money(owing.overdue, currency),
            days=days,
            till=None if chosen is None else chosen[0],
            month_net_profit=Money(whole(month.rows[0][month.index("net_profit")]), currency),
        )

    def low_stock_count(self) -> int:
        """How many products are at or below their reorder level: the dashboard's one figure
        that reads every product (seconds on a cold million-product file), so the screen
        counts it apart, in the background."""
        require(self._ctx, Permission.SEE_COSTS)
        return report_reads.low_stock_count(self._ctx.db)

    # -- repair ----------------------------------------------------------------------------

    def rebuild(self) -> None:
        """Work the summaries out again from the documents (after `duka verify` found them
        differing, e.g. once the computer's time zone was changed)."""
        require(self._ctx, Permission.VERIFY)
        with self._ctx.writing() as db:
            summaries.rebuild(db)

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
        columns = [SheetColumn(c.heading, c.kind.value, digits) for c in table.columns]
        currency = table.currency
        rows = [
            [sheet_value(c, v, currency) for c, v in zip(table.columns, row, strict=True)]
            for row in table.rows
        ]
        totals = None
        if table.totals is not None:
            totals = [
                sheet_value(c, v, currency)
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
        texts = [column_text(c, formats, table.currency, True) for c in table.columns]
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
        scope = scope_text(table)
        footer = [
            f"{_(f.title)}: {cell_text(Column('', '', f.kind), f.value, formats, table.currency)}"
            for f in table.figures
        ]
        if table.note:
            footer.append(_(table.note))
        # Figures stay on one line and shrink rather than lose a digit; labels wrap once.
        columns = [
            ColumnSpec(c.heading, c.width, c.numeric, 1 if c.numeric else 2, c.numeric)
            for c in table.columns
        ]
        document = TableDocument(
            title=_(table.title),
            columns=columns,
            rows=rows,
            shop_name=shop_name(settings),
            subtitle_lines=(when, currency, scope) if scope else (when, currency),
            footer_lines=footer,
            footer_bold=False,
            page_label=page_labels(formats),
            right_to_left=right_to_left(),
            landscape=len(table.columns) > 7,
            sizes=REPORT_SIZES,
        )
        return write_table_pdf(Path(path), document)


def till_text(number: int, name: str) -> str:
    """A till as a report names it: "Till 2: Back counter"."""
    if not name:
        return _("Till {number}").format(number=number)
    return _("Till {number}: {name}").format(number=number, name=name)


def scope_text(table: ReportTable) -> str:
    """Whose figures a report holds, when one till was asked for: that till's, or the
    whole shop's for stock and accounts ("" when every till's was asked for)."""
    if table.till is not None:
        return _("Only the sales, refunds and invoices of {till}").format(
            till=till_text(table.till, table.till_name)
        )
    if table.whole_shop:
        return _("Stock and accounts are the whole shop's, whichever till sold or paid")
    return ""
