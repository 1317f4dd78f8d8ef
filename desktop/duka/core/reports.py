"""Reports: what each one is called and shows, the table a report gives, and the arithmetic
behind the figures (tax shared over a document's lines, weeks and months, margins, ageing).

Figures are kept per local day (and per product by week and month) in summary rows worked
out from the documents (store.summaries), so that a report over three years reads a few
thousand rows. A document's summary is worked out here from what the document says:

- gross, net and tax are the document's own totals;
- each rate's tax is shared over the document's lines of that rate in proportion to their
  amounts (largest remainder, `Money.allocate`), so the figures of a product add up to the
  documents' totals to the minor unit;
- a line's cost is its unit cost x quantity, rounded once (half away from zero), and a
  line's discount is what it would have come to at the list price less what it came to;
- refunds and credit notes take back what they refunded; their cost comes off only for goods
  that went back on the shelf (a damaged return or a price correction loses the cost).

Money in a report is in the shop's currency; a `ReportTable` holds plain cells (money in
minor units, quantities in thousandths, dates, counts, Decimal percents) that the screens,
CSV, XLSX and PDF format each in their own way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from typing import Any, NamedTuple, overload

from duka.core.cells import escape_cell
from duka.core.errors import InvalidInput
from duka.core.money import Money
from duka.core.products import Unit
from duka.core.quantity import Quantity
from duka.core.sale import PaymentMethod
from duka.i18n import N_, _

# -- the kinds of documents a summary counts ------------------------------------------------


class DocKind(Enum):
    SALE = "sale"  # a counter sale
    REFUND = "refund"  # goods back from a counter sale
    INVOICE = "invoice"  # an invoice not made from a counter sale
    CREDIT_NOTE = "credit_note"

    @property
    def takes_back(self) -> bool:
        return self in (DocKind.REFUND, DocKind.CREDIT_NOTE)


INVOICED = "invoice"  # the payment "method" of invoices and credit notes in the summaries


# -- one document's summary ----------------------------------------------------------------


def round_milli(minor: int, milli: int) -> int:
    """minor x milli / 1000 rounded once, halves away from zero (a cost x a quantity)."""
    product = minor * milli
    sign = -1 if product < 0 else 1
    return sign * ((abs(product) + 500) // 1000)


class SourceLine(NamedTuple):
    """A document's line as the summaries need it (named tuples: a batch of documents makes
    thousands of these)."""

    product_id: int | None  # None: a free-text invoice line
    quantity: int  # thousandths
    amount: int  # in the prices' mode, after every discount
    tax_code: str  # "" when no rate applies
    unit_cost: int  # 0 when the cost does not count (a damaged return)
    list_amount: int  # the line at its list price, before any discount


class LineFigures(NamedTuple):
    product_id: int | None
    quantity: int
    gross: int
    net: int
    tax: int
    cost: int
    discount: int


class RateFigures(NamedTuple):
    code: str
    name: str
    percent: str  # as the document stored it
    exempt: bool
    net: int
    tax: int


@dataclass(frozen=True, slots=True)
class DocumentSummary:
    """What one document adds to the summaries of its day."""

    day: dt.date
    kind: DocKind
    actor: str
    gross: int
    net: int
    tax: int
    lines: tuple[LineFigures, ...]
    rates: tuple[RateFigures, ...]
    payments: tuple[tuple[str, int, int], ...]  # (method, how many, amount)

    @property
    def cost(self) -> int:
        return sum(line.cost for line in self.lines)

    @property
    def discount(self) -> int:
        return sum(line.discount for line in self.lines)


def share_out(total: int, weights: Sequence[int]) -> list[int]:
    """`total` split in proportion to `weights` (not negative), exactly as `Money.allocate`
    splits it (largest remainder, the earliest first on a tie), in plain integers: a batch of
    documents shares out thousands of rates' taxes."""
    if sum(weights) == 0:
        weights = [1] * len(weights)
    whole = sum(weights)
    sign = -1 if total < 0 else 1
    amount = abs(total)
    parts: list[int] = []
    remainders: list[int] = []
    for weight in weights:
        part, remainder = divmod(amount * weight, whole)
        parts.append(part)
        remainders.append(remainder)
    left = amount - sum(parts)
    if left:
        for index in sorted(range(len(parts)), key=lambda i: (-remainders[i], i))[:left]:
            parts[index] += 1
    return [sign * part for part in parts]


def line_taxes(lines: Sequence[SourceLine], rate_taxes: Mapping[str, int]) -> list[int]:
    """Each line's share of its rate's tax: the tax of each rate allocated over the lines of
    that rate in proportion to their amounts (largest remainder, earliest first on a tie)."""
    shares = [0] * len(lines)
    groups: dict[str, list[int]] = {}
    for index, line in enumerate(lines):
        groups.setdefault(line.tax_code, []).append(index)
    for code, members in groups.items():
        tax = rate_taxes.get(code, 0)
        if not tax:
            continue
        if len(members) == 1:
            shares[members[0]] = tax
            continue
        parts = share_out(tax, [max(lines[i].amount, 0) for i in members])
        for index, part in zip(members, parts, strict=True):
            shares[index] = part
    return shares


def summarise(
    *,
    day: dt.date,
    kind: DocKind,
    actor: str,
    inclusive: bool,
    totals: tuple[int, int, int],
    lines: Sequence[SourceLine],
    rates: Sequence[RateFigures],
    payments: Sequence[tuple[str, int, int]],
) -> DocumentSummary:
    """A document's summary from what it says: `totals` are its (gross, net, tax), `rates`
    its totals by rate (in any order), `lines` in the document's order."""
    taxes = line_taxes(lines, {r.code: r.tax for r in rates})
    back = kind.takes_back
    figures = []
    for (product, quantity, amount, _code, unit_cost, listed), tax in zip(
        lines, taxes, strict=True
    ):
        figures.append(
            LineFigures(
                product,
                quantity,
                amount if inclusive else amount + tax,
                amount - tax if inclusive else amount,
                tax,
                round_milli(unit_cost, quantity),
                0 if back else listed - amount,
            )
        )
    gross, net, tax = totals
    return DocumentSummary(
        day, kind, actor, gross, net, tax, tuple(figures), tuple(rates), tuple(payments)
    )


# -- periods -------------------------------------------------------------------------------

MAX_DAYS = 366 * 20


def check_period(first: dt.date, last: dt.date) -> None:
    if first > last:
        raise InvalidInput(N_("The first day of a report comes before its last day."))
    if (last - first).days >= MAX_DAYS:
        raise InvalidInput(N_("A report covers at most twenty years."))


def days(first: dt.date, last: dt.date) -> Iterator[dt.date]:
    day = first
    while day <= last:
        yield day
        day += dt.timedelta(days=1)


def week_of(day: dt.date) -> dt.date:
    """The Monday that starts `day`'s week (ISO weeks)."""
    return day - dt.timedelta(days=day.weekday())


def month_of(day: dt.date) -> dt.date:
    return day.replace(day=1)


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


class Grouping(Enum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"

    def bucket(self, day: dt.date) -> dt.date:
        if self is Grouping.WEEK:
            return week_of(day)
        if self is Grouping.MONTH:
            return month_of(day)
        return day

    def buckets(self, first: dt.date, last: dt.date) -> list[dt.date]:
        """Every bucket the period touches, in order (a week or month cut by the period
        is labelled with its start all the same)."""
        return list(dict.fromkeys(self.bucket(day) for day in days(first, last)))


def next_month(day: dt.date) -> dt.date:
    """The first day of the month after `day`'s."""
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


_DAY = dt.timedelta(days=1)
_WEEK = dt.timedelta(days=7)


@dataclass(frozen=True, slots=True)
class Spans:
    """A period read as whole months, whole weeks and the days left over (summaries of a
    product are kept by day, by week and by month): inclusive ranges of months' first days,
    of Mondays and of days."""

    months: tuple[dt.date, dt.date] | None
    weeks: tuple[tuple[dt.date, dt.date], ...]  # at most two ranges
    days: tuple[tuple[dt.date, dt.date], ...]  # at most four ranges


def spans(first: dt.date, last: dt.date, horizon: dt.date | None) -> Spans:
    """The fewest rows that add up to the days first..last. A month or a week stands for its
    days when it starts on or after `first` and ends by `last`, or when nothing is recorded
    after `last` (`horizon`, the last day with documents, is not after it): so "the last 30
    days" is this month's rows and a few days of the month before."""
    open_end = horizon is None or last >= horizon
    months: list[dt.date] = []
    month = month_start(first)
    if month < first:
        month = next_month(month)
    while month <= last and (next_month(month) - _DAY <= last or open_end):
        months.append(month)
        month = next_month(month)
    segments: list[tuple[dt.date, dt.date, bool]] = []
    if months:
        if first < months[0]:
            segments.append((first, months[0] - _DAY, False))
        after = next_month(months[-1])
        if after <= last:
            segments.append((after, last, open_end))
    else:
        segments.append((first, last, open_end))
    weeks: list[tuple[dt.date, dt.date]] = []
    single: list[tuple[dt.date, dt.date]] = []
    for start, end, open_segment in segments:
        monday = week_of(start)
        if monday < start:
            monday += _WEEK
        found: list[dt.date] = []
        while monday <= end and (monday + _WEEK - _DAY <= end or open_segment):
            found.append(monday)
            monday += _WEEK
        if not found:
            single.append((start, end))
            continue
        weeks.append((found[0], found[-1]))
        if start < found[0]:
            single.append((start, found[0] - _DAY))
        if found[-1] + _WEEK <= end:
            single.append((found[-1] + _WEEK, end))
    return Spans((months[0], months[-1]) if months else None, tuple(weeks), tuple(single))


# -- money arithmetic for reports ------------------------------------------------------------


def divide(numerator: int, denominator: int) -> int:
    """numerator / denominator rounded once, halves away from zero (denominator != 0)."""
    sign = -1 if (numerator < 0) != (denominator < 0) else 1
    top, bottom = abs(numerator), abs(denominator)
    return sign * ((2 * top + bottom) // (2 * bottom))


def margin(profit: int, net: int) -> int | None:
    """Profit as a percent of net sales in hundredths of a percent (1250 is 12.50%), rounded
    once, halves away from zero; None without net sales."""
    return divide(profit * 10000, net) if net else None


def average(total: int, count: int) -> int | None:
    """total / count in minor units, rounded once (halves away from zero)."""
    return divide(total, count) if count else None


def fifo_open(debts: Sequence[tuple[dt.date, int]], credit: int) -> list[tuple[dt.date, int]]:
    """What is left of `debts` ((day, amount > 0), oldest first) once `credit` (payments and
    other credits, >= 0) has settled the oldest first."""
    left = []
    for day, amount in debts:
        used = min(amount, credit)
        credit -= used
        if amount - used > 0:
            left.append((day, amount - used))
    return left


# -- the table a report gives ----------------------------------------------------------------


class ColumnKind(Enum):
    """What a column's cells are. Cells are plain values, so that a report of 20,000
    products stays quick to make: the table's `money` and `quantity` give the value types."""

    TEXT = "text"  # str (names people typed)
    LABEL = "label"  # str key; the column's labels give its catalog string
    DATE = "date"  # dt.date
    MONTH = "month"  # dt.date, the month's first day
    MONEY = "money"  # int minor units of the table's currency
    QUANTITY = "quantity"  # int thousandths (2500 is 2.5 kg)
    COUNT = "count"  # int
    PERCENT = "percent"  # int hundredths of a percent (1250 is 12.50%): margins
    RATE = "rate"  # Decimal percent as the shop set it (16, 7.5): tax rates


Cell = str | dt.date | int | Decimal | None  # None: nothing to show

_NUMERIC = (
    ColumnKind.MONEY,
    ColumnKind.QUANTITY,
    ColumnKind.COUNT,
    ColumnKind.PERCENT,
    ColumnKind.RATE,
)


@dataclass(frozen=True, slots=True)
class Column:
    """A report's column, as every output shows it: the screen, CSV, Excel and PDF."""

    key: str  # the CSV header, a contract for other programs
    title: str  # catalog string: show it through _()
    kind: ColumnKind
    labels: Mapping[str, str] = field(default_factory=dict)  # LABEL: key -> catalog string
    wide: bool = False  # names and reasons: given more room on a page, wrapped there
    plain: bool = False  # the title is words someone typed (a category's name), not a msgid

    @property
    def heading(self) -> str:
        """The title as every output shows it: translated, or as typed."""
        return self.title if self.plain else _(self.title)

    @property
    def numeric(self) -> bool:
        """Numbers: aligned to the end, kept on one line."""
        return self.kind in _NUMERIC

    @property
    def identifies(self) -> bool:
        """A record's number ("product_id"): shown as it is, never added up."""
        return self.key.endswith("_id")

    @property
    def width(self) -> float:
        """The room the column takes on a page, relative to the others."""
        if self.wide:
            return 2.2
        if self.identifies:
            return 0.7
        if self.kind in (ColumnKind.COUNT, ColumnKind.PERCENT):
            return 1.0
        return 1.2

    def label_of(self, value: str) -> str:
        """The catalog string a LABEL cell shows (the key itself when it has none)."""
        return self.labels.get(value, value)


class ChartKind(Enum):
    BAR = "bar"
    LINE = "line"


@dataclass(frozen=True, slots=True)
class ChartSpec:
    """How a report is best drawn: `x` labels the bars or points, each of `y` is a series;
    `top` limits the chart to the first rows (the table is sorted largest first)."""

    x: str
    y: tuple[str, ...]
    kind: ChartKind = ChartKind.BAR
    top: int | None = None


@dataclass(frozen=True, slots=True)
class Figure:
    """A key figure shown with the table (how many refunds, what they came to)."""

    title: str  # catalog string
    value: Cell
    kind: ColumnKind


Row = tuple[Cell, ...]


class LazyRows(Sequence[Row]):
    """A report's rows made from what was read a page at a time, when first looked at: a
    month of a busy shop sells 20,000 products, and making their rows took longer than adding
    up their figures, while a screen shows a page of them. `make` turns raw items into rows;
    it may read what a page needs (the products' names) through the connection that ran the
    report, so the rows are looked at on that thread while the shop is open."""

    PAGE = 512

    def __init__(self, raw: Sequence[Any], make: Callable[[Sequence[Any]], list[Row]]) -> None:
        self._raw = raw
        self._make = make
        self._pages: dict[int, list[Row]] = {}

    def __len__(self) -> int:
        return len(self._raw)

    def _page(self, number: int) -> list[Row]:
        found = self._pages.get(number)
        if found is None:
            start = number * self.PAGE
            found = self._pages[number] = self._make(self._raw[start : start + self.PAGE])
        return found

    @overload
    def __getitem__(self, index: int) -> Row: ...

    @overload
    def __getitem__(self, index: slice) -> list[Row]: ...

    def __getitem__(self, index: int | slice) -> Row | list[Row]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self._raw)))]
        if index < 0:
            index += len(self._raw)
        if not 0 <= index < len(self._raw):
            raise IndexError(index)
        return self._page(index // self.PAGE)[index % self.PAGE]

    def __iter__(self) -> Iterator[Row]:
        for number in range((len(self._raw) + self.PAGE - 1) // self.PAGE):
            yield from self._page(number)


@dataclass(frozen=True, slots=True)
class ReportTable:
    """A report as a table: `rows` of plain cells in the order of `columns` (see ColumnKind),
    the totals row (None where totals mean nothing; its first cell is None, for TOTAL), the
    period or the day it stands on, the chart that suits it and key figures."""

    name: str
    title: str  # catalog string
    columns: tuple[Column, ...]
    rows: Sequence[Row]  # a tuple, or LazyRows for long reports
    totals: tuple[Cell, ...] | None
    currency: str  # of every MONEY cell
    first: dt.date | None = None  # the period; None for reports as things stand
    last: dt.date | None = None
    as_of: dt.date | None = None  # reports as things stand: the day they were made
    chart: ChartSpec | None = None
    figures: tuple[Figure, ...] = ()
    till: int | None = None  # the figures are this till's documents alone; None: every till's
    till_name: str = ""
    whole_shop: bool = False  # one till was asked for, but this report is the whole shop's
    note: str = ""  # catalog string: what the reader should know about the figures

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(column.key for column in self.columns)

    def index(self, key: str) -> int:
        for number, column in enumerate(self.columns):
            if column.key == key:
                return number
        raise KeyError(key)

    def column(self, key: str) -> Column:
        return self.columns[self.index(key)]

    def values(self, key: str) -> list[Cell]:
        index = self.index(key)
        return [row[index] for row in self.rows]

    def total(self, key: str) -> Cell:
        return None if self.totals is None else self.totals[self.index(key)]

    def money(self, value: Cell) -> Money | None:
        """A MONEY cell as Money."""
        return Money(value, self.currency) if isinstance(value, int) else None

    @staticmethod
    def quantity(value: Cell) -> Quantity | None:
        """A QUANTITY cell as a Quantity."""
        return Quantity(value) if isinstance(value, int) else None

    def number(self, column: Column, value: Cell) -> Decimal:
        """A numeric cell as a plain number, for a chart: money in major units, quantities
        in units, nothing as 0."""
        if isinstance(value, bool) or not isinstance(value, int | Decimal):
            return Decimal(0)
        if column.kind is ColumnKind.MONEY:
            return Money(int(value), self.currency).amount
        if column.kind is ColumnKind.QUANTITY:
            return Quantity(int(value)).value
        if column.kind is ColumnKind.PERCENT:
            return Decimal(value).scaleb(-2)
        return Decimal(value)

    def series(self, key: str) -> list[Decimal]:
        """A numeric column as plain numbers for a chart."""
        column = self.column(key)
        return [self.number(column, value) for value in self.values(key)]


def csv_text(column: Column, value: Cell, currency: str) -> str:
    """A cell as other programs read it: ISO dates (a month as 2026-03), "." decimals,
    money in major units (1250.50), quantities as they are (2.5), label keys, text
    protected from spreadsheet formulas."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.strftime("%Y-%m") if column.kind is ColumnKind.MONTH else value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:f}"
    if isinstance(value, int):
        if column.kind is ColumnKind.MONEY:
            return f"{Money(value, currency).amount:f}"
        if column.kind is ColumnKind.QUANTITY:
            return str(Quantity(value))
        if column.kind is ColumnKind.PERCENT:
            return f"{Decimal(value).scaleb(-2):f}"
        return str(value)
    return escape_cell(value) if column.kind is ColumnKind.TEXT else value


def csv_rows(table: ReportTable) -> list[list[str]]:
    """The table for a CSV file: a header row of column keys, then the rows (no totals:
    other programs add up for themselves)."""
    columns, currency = table.columns, table.currency
    return [list(table.keys)] + [
        [csv_text(column, value, currency) for column, value in zip(columns, row, strict=True)]
        for row in table.rows
    ]


def totals_row(
    columns: Sequence[Column],
    rows: Sequence[Sequence[Cell]],
    extra: Mapping[str, Cell] | None = None,
) -> tuple[Cell, ...]:
    """Money and counts added up, `extra` for the rest (a margin worked out from the
    totals); None where a total means nothing, and in the first cell (for TOTAL)."""
    extra = extra or {}
    by_column = list(zip(*rows, strict=True)) if rows else [() for _ in columns]
    cells: list[Cell] = []
    for index, column in enumerate(columns):
        if column.key in extra:
            cells.append(extra[column.key])
        elif index == 0 or column.identifies or column.kind not in _ADDED:
            cells.append(None)
        else:  # added column by column in C: a report may have 20,000 rows
            cells.append(sum(filter(None, by_column[index])))
    return tuple(cells)


_ADDED = (ColumnKind.MONEY, ColumnKind.COUNT)
TOTAL = N_("Total")  # the first cell of a totals row


# -- the reports -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ReportSpec:
    name: str  # a contract: the command line and other programs use it
    title: str  # catalog string
    description: str  # catalog string
    columns: tuple[Column, ...]
    dated: bool = True  # False: as things stand today, whatever the period
    chart: ChartSpec | None = None
    options: tuple[str, ...] = ()  # the keyword options `run` accepts

    def column(self, key: str) -> Column:
        for column in self.columns:
            if column.key == key:
                return column
        raise KeyError(key)

    def cells(self, **by_key: Cell) -> tuple[Cell, ...]:
        """A row of this report from its cells by column key (None where none is given):
        for rows made once, such as a totals row, so that no builder counts columns."""
        unknown = set(by_key) - {column.key for column in self.columns}
        if unknown:
            raise KeyError(", ".join(sorted(unknown)))
        return tuple(by_key.get(column.key) for column in self.columns)


METHOD_LABELS: dict[str, str] = {m.value: m.label for m in PaymentMethod}
METHOD_LABELS[INVOICED] = N_("On invoice")

SECTION_LABELS: dict[str, str] = {
    "refund": N_("Refund"),
    "credit_note": N_("Credit note"),
    "discount": N_("Discount"),
    "void": N_("Cancelled sale"),
}


UNIT_LABELS: dict[str, str] = {unit.value: unit.label for unit in Unit}

M, Q, N, P, T, D = (
    ColumnKind.MONEY,
    ColumnKind.QUANTITY,
    ColumnKind.COUNT,
    ColumnKind.PERCENT,
    ColumnKind.TEXT,
    ColumnKind.DATE,
)


def _columns(*table: tuple[str, str, ColumnKind] | Column) -> tuple[Column, ...]:
    """A report's columns from its table: (key, title, kind) rows, or a column several
    reports share."""
    return tuple(c if isinstance(c, Column) else Column(*c) for c in table)


# Columns several reports share, each declared here once. The rest are declared in their
# report's table below. A key is a CSV header (a contract); a title is a catalog string.
_DATE = Column("date", N_("Date"), D)
_GROSS = Column("gross", N_("Sales"), M)
_SALES = Column("sales", N_("Number of sales"), N)
_DISCOUNTS = Column("discounts", N_("Discounts"), M)
_REFUND_COUNT = Column("refund_count", N_("Number of refunds"), N)
_CATEGORY = Column("category", N_("Category"), T, wide=True)
_PHONE = Column("phone", N_("Phone"), T)
_ON_HAND = Column("quantity", N_("On hand"), Q)
_COST_VALUE = Column("cost_value", N_("Value at cost"), M)

# Which product a row is (sales by product, stock value, slow movers).
_PRODUCT = (
    Column("product_id", N_("No."), N),
    Column("product", N_("Product"), T, wide=True),
    Column("sku", N_("Code"), T),
    _CATEGORY,
    Column("unit", N_("Unit"), ColumnKind.LABEL, UNIT_LABELS),
)
# What a product, a category or a period sold and earned.
_NET_SALES = Column("net", N_("Net sales"), M)
_COST = Column("cost", N_("Cost"), M)
_PROFIT = Column("profit", N_("Gross profit"), M)
_MARGIN = Column("margin", N_("Margin"), P)
_PRODUCT_FIGURES = _columns(
    _GROSS,
    ("refunds", N_("Refunds"), M),
    ("tax", N_("Tax"), M),
    _NET_SALES,
    _COST,
    _PROFIT,
    _MARGIN,
)
_SALES_FIGURES = (_SALES, _GROSS, _DISCOUNTS, *_PRODUCT_FIGURES[1:])
# What is owed, by age (receivables, payables).
_OWED, _AGES, _OLDEST = (
    Column("total", N_("Owed"), M),
    _columns(
        ("days_0_30", N_("0-30 days"), M),
        ("days_31_60", N_("31-60 days"), M),
        ("days_61_90", N_("61-90 days"), M),
        ("days_over_90", N_("Over 90 days"), M),
    ),
    Column("oldest", N_("Oldest debt"), D),
)

# The profit and loss: its first column (a month; or the period's first and last day when
# it is one row for the whole period), its figures, then a column per expense category used
# (`expense:KEY`, or `expense:NAME` for the owner's own), added by its builder.
_PNL_MONTH = (Column("month", N_("Month"), ColumnKind.MONTH),)
PNL_PERIOD = (Column("first", N_("From"), D), Column("last", N_("To"), D))
PNL_FIGURES = _columns(
    ("net_sales", N_("Net sales"), M),
    ("cost_of_goods", N_("Cost of goods sold"), M),
    ("gross_profit", N_("Gross profit"), M),
    ("expenses", N_("Expenses"), M),
    ("written_off", N_("Stock written off"), M),
    ("net_profit", N_("Net profit"), M),
)
EXPENSE_COLUMN = "expense:"  # the prefix of a category's column key


def _specs() -> dict[str, ReportSpec]:
    specs = [
        ReportSpec(
            "sales-by-day",
            N_("Sales by day"),
            N_("What was sold each day, less refunds, with tax, cost and profit."),
            (_DATE, *_SALES_FIGURES),
            chart=ChartSpec("date", ("gross",)),
        ),
        ReportSpec(
            "sales-by-week",
            N_("Sales by week"),
            N_("What was sold each week (from Monday), less refunds."),
            (Column("week", N_("Week from"), D), *_SALES_FIGURES),
            chart=ChartSpec("week", ("gross",)),
        ),
        ReportSpec(
            "sales-by-month",
            N_("Sales by month"),
            N_("What was sold each month, less refunds."),
            (Column("month", N_("Month"), ColumnKind.MONTH), *_SALES_FIGURES),
            chart=ChartSpec("month", ("gross",)),
        ),
        ReportSpec(
            "sales-by-product",
            N_("Sales by product"),
            N_("Each product's sales, refunds, cost and profit, best sellers first."),
            _columns(
                *_PRODUCT,
                ("quantity", N_("Quantity sold"), Q),
                ("returned", N_("Quantity returned"), Q),
                *_PRODUCT_FIGURES,
            ),
            chart=ChartSpec("product", ("gross",), top=10),
        ),
        ReportSpec(
            "sales-by-product-family",
            N_("Sales by product, variants together"),
            N_("Each product's sales with its variants (sizes, colours...) added up under it."),
            _columns(
                *_PRODUCT,
                ("quantity", N_("Quantity sold"), Q),
                ("returned", N_("Quantity returned"), Q),
                *_PRODUCT_FIGURES,
            ),
            chart=ChartSpec("product", ("gross",), top=10),
        ),
        ReportSpec(
            "sales-by-category",
            N_("Sales by category"),
            N_("Sales, refunds, cost and profit of each category of products."),
            _columns(
                ("category_id", N_("No."), N),
                _CATEGORY,
                ("products", N_("Products sold"), N),
                *_PRODUCT_FIGURES,
            ),
            chart=ChartSpec("category", ("gross",), top=10),
            options=("top_level",),
        ),
        ReportSpec(
            "sales-by-cashier",
            N_("Sales by cashier"),
            N_("What each person sold, the discounts they gave and the refunds they made."),
            _columns(
                ("cashier", N_("Cashier"), T),
                _SALES,
                _GROSS,
                ("average", N_("Average sale"), M),
                _DISCOUNTS,
                _REFUND_COUNT,
                ("refunds", N_("Refunded"), M),
            ),
            chart=ChartSpec("cashier", ("gross",)),
        ),
        ReportSpec(
            "sales-by-payment",
            N_("Sales by payment method"),
            N_("How customers paid, and how refunds were paid back."),
            _columns(
                Column("method", N_("Paid by"), ColumnKind.LABEL, METHOD_LABELS),
                ("payments", N_("Number of payments"), N),
                ("amount", N_("Taken"), M),
                _REFUND_COUNT,
                ("refunds", N_("Paid back"), M),
                ("net", N_("Net"), M),
            ),
            chart=ChartSpec("method", ("net",)),
        ),
        ReportSpec(
            "profit",
            N_("Gross profit"),
            N_("Net sales less the cost of the goods at the time they were sold."),
            (_DATE, _NET_SALES, _COST, _PROFIT, _MARGIN),
            chart=ChartSpec("date", ("profit",)),
            options=("group",),
        ),
        ReportSpec(
            "tax",
            N_("Tax collected"),
            N_("Tax charged on sales less tax given back on refunds, by rate."),
            _columns(
                ("tax_code", N_("Code"), T),
                Column("name", N_("Rate"), T, wide=True),
                ("percent", N_("Percent"), ColumnKind.RATE),
                ("sales_net", N_("Sales before tax"), M),
                ("sales_tax", N_("Tax on sales"), M),
                ("refunds_net", N_("Refunds before tax"), M),
                ("refunds_tax", N_("Tax on refunds"), M),
                ("net", N_("Net before tax"), M),
                ("tax", N_("Tax due"), M),
            ),
        ),
        ReportSpec(
            "profit-and-loss",
            N_("Profit and loss"),
            N_(
                "Net sales less the cost of the goods sold, the expenses and the stock "
                "written off, by month; the expenses by category after it."
            ),
            (*_PNL_MONTH, *PNL_FIGURES),
            chart=ChartSpec("month", ("net_profit",)),
            options=("group",),
        ),
        ReportSpec(
            "tax-summary",
            N_("Tax summary"),
            N_(
                "Tax charged on sales less refunds, tax paid on purchases and expenses, and the "
                "balance, by rate."
            ),
            # The first summary's keys stay; `input_tax` is now all the input tax.
            _columns(
                ("tax_code", N_("Code"), T),
                Column("name", N_("Rate"), T, wide=True),
                ("percent", N_("Percent"), ColumnKind.RATE),
                # Short titles, so that eleven columns fit a page: sales less refunds and
                # purchases less returns, both before tax (said in the README).
                ("sales_net", N_("Net sales"), M),
                ("output_tax", N_("Output tax"), M),
                ("purchases_net", N_("Net purchases"), M),
                ("purchases_tax", N_("Tax on purchases"), M),
                ("expenses_net", N_("Expenses before tax"), M),
                ("expenses_tax", N_("Tax on expenses"), M),
                ("input_tax", N_("Input tax"), M),
                ("balance", N_("Balance"), M),
            ),
        ),
        ReportSpec(
            "refunds",
            N_("Refunds, discounts and cancelled sales"),
            N_("Every refund, credit note, discount given and sale cancelled at the till."),
            _columns(
                Column("section", N_("What"), ColumnKind.LABEL, SECTION_LABELS),
                _DATE,
                ("number", N_("Number"), T),
                ("cashier", N_("By"), T),
                Column("what", N_("Of"), T, wide=True),
                Column("reason", N_("Reason"), T, wide=True),
                ("amount", N_("Amount"), M),
            ),
        ),
        ReportSpec(
            "promotions",
            N_("Discounts by promotion"),
            N_("What each promotion saved customers on the sales of the period."),
            _columns(
                Column("promotion", N_("Promotion"), T, wide=True),
                _SALES,
                ("lines", N_("Lines"), N),
                ("saving", N_("Saved"), M),
            ),
        ),
        ReportSpec(
            "stock-valuation",
            N_("Stock value"),
            N_("The stock on hand now, at cost and at selling price."),
            _columns(
                *_PRODUCT,
                _ON_HAND,
                ("cost", N_("Unit cost"), M),
                _COST_VALUE,
                ("price", N_("Price"), M),
                ("price_value", N_("Value at price"), M),
            ),
            dated=False,
            chart=ChartSpec("product", ("cost_value",), top=10),
        ),
        ReportSpec(
            "slow-movers",
            N_("Slow movers"),
            N_("Products in stock that did not sell in the period (or in the last N days)."),
            _columns(
                *_PRODUCT,
                _ON_HAND,
                _COST_VALUE,
                ("last_sold", N_("Last sold"), D),
                ("days", N_("Days without a sale"), N),
            ),
            options=("days",),
        ),
        ReportSpec(
            "expiring",
            N_("Expiring batches"),
            N_("Batches in stock that expire within N days (30 unless told), and those expired."),
            _columns(
                Column("product_id", N_("No."), N),
                Column("product", N_("Product"), T, wide=True),
                Column("sku", N_("Code"), T),
                Column("batch", N_("Batch"), T),
                ("expiry", N_("Expiry"), D),
                ("days_left", N_("Days left"), N),
                _ON_HAND,
                ("cost", N_("Unit cost"), M),
                _COST_VALUE,
            ),
            dated=False,
            options=("days",),
        ),
        ReportSpec(
            "receivables",
            N_("Who owes the shop"),
            N_("Customers' debts by age, with what is past its due date."),
            _columns(
                ("customer_id", N_("No."), N),
                Column("customer", N_("Customer"), T, wide=True),
                _PHONE,
                _OWED,
                *_AGES,
                ("overdue", N_("Overdue"), M),
                _OLDEST,
            ),
            dated=False,
        ),
        ReportSpec(
            "payables",
            N_("What the shop owes suppliers"),
            N_("Deliveries not yet paid by age; payments settle the oldest first."),
            _columns(
                ("supplier_id", N_("No."), N),
                Column("supplier", N_("Supplier"), T, wide=True),
                _PHONE,
                _OWED,
                *_AGES,
                _OLDEST,
            ),
            dated=False,
        ),
    ]
    return {spec.name: spec for spec in specs}


REPORTS: dict[str, ReportSpec] = _specs()
REPORT_NAMES: tuple[str, ...] = tuple(REPORTS)


def report_spec(name: str) -> ReportSpec:
    found = REPORTS.get(name)
    if found is None:
        raise InvalidInput(
            N_("There is no report called “{name}”; choose one of: {names}."),
            name=name,
            names=", ".join(REPORT_NAMES),
        )
    return found


# -- what a day's summaries add up to ------------------------------------------------------


@dataclass(slots=True)
class DayFigures:
    """A day's (or week's, month's) figures, in minor units: sales are counter sales and
    invoices, refunds are refunds and credit notes."""

    sales: int = 0  # how many
    gross: int = 0
    sales_tax: int = 0
    discounts: int = 0
    sales_cost: int = 0
    refunds: int = 0  # how many
    refunded: int = 0
    refunds_tax: int = 0
    refunds_cost: int = 0  # of the goods that went back on the shelf

    def add(
        self, kind: DocKind, documents: int, gross: int, tax: int, discount: int, cost: int
    ) -> None:
        if kind.takes_back:
            self.refunds += documents
            self.refunded += gross
            self.refunds_tax += tax
            self.refunds_cost += cost
        else:
            self.sales += documents
            self.gross += gross
            self.sales_tax += tax
            self.discounts += discount
            self.sales_cost += cost

    def merge(self, other: DayFigures) -> None:
        self.sales += other.sales
        self.gross += other.gross
        self.sales_tax += other.sales_tax
        self.discounts += other.discounts
        self.sales_cost += other.sales_cost
        self.refunds += other.refunds
        self.refunded += other.refunded
        self.refunds_tax += other.refunds_tax
        self.refunds_cost += other.refunds_cost

    @property
    def tax(self) -> int:
        return self.sales_tax - self.refunds_tax

    @property
    def net(self) -> int:
        return self.gross - self.refunded - self.tax

    @property
    def cost(self) -> int:
        return self.sales_cost - self.refunds_cost

    @property
    def profit(self) -> int:
        return self.net - self.cost


def grouped(
    by_day: Mapping[dt.date, DayFigures], first: dt.date, last: dt.date, grouping: Grouping
) -> list[tuple[dt.date, DayFigures]]:
    """The figures of every day, week or month of the period, empty ones too."""
    buckets = {bucket: DayFigures() for bucket in grouping.buckets(first, last)}
    for day, figures in by_day.items():
        if first <= day <= last:
            buckets[grouping.bucket(day)].merge(figures)
    return list(buckets.items())
