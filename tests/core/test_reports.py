"""The arithmetic of reports: tax shared over lines, rounding, periods, margins, ageing and
how cells read in a CSV."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from duka.core.errors import InvalidInput
from duka.core.money import Money
from duka.core.reports import (
    REPORT_NAMES,
    REPORTS,
    Cell,
    Column,
    ColumnKind,
    DocKind,
    Grouping,
    LazyRows,
    RateFigures,
    ReportTable,
    SourceLine,
    Spans,
    average,
    check_period,
    csv_rows,
    csv_text,
    days,
    divide,
    fifo_open,
    line_taxes,
    margin,
    next_month,
    report_spec,
    round_milli,
    share_out,
    spans,
    summarise,
    totals_row,
)


def test_the_report_names_are_the_issue_s_contract() -> None:
    assert REPORT_NAMES == (
        "sales-by-day",
        "sales-by-week",
        "sales-by-month",
        "sales-by-product",
        "sales-by-product-family",
        "sales-by-category",
        "sales-by-cashier",
        "sales-by-payment",
        "profit",
        "tax",
        "profit-and-loss",
        "tax-summary",
        "refunds",
        "promotions",  # issue 23: what each promotion took off
        "stock-valuation",
        "slow-movers",
        "expiring",  # issue 23: what expires in the next N days, at cost
        "receivables",
        "payables",
    )
    assert {"date", "gross"} <= set(c.key for c in REPORTS["sales-by-day"].columns)
    assert {"product", "gross"} <= set(c.key for c in REPORTS["sales-by-product"].columns)
    for spec in REPORTS.values():
        keys = [c.key for c in spec.columns]
        assert len(keys) == len(set(keys)), spec.name
        if spec.chart is not None:
            assert {spec.chart.x, *spec.chart.y} <= set(keys) | {"product"}, spec.name
    with pytest.raises(InvalidInput):
        report_spec("sales-by-year")


def test_every_report_s_csv_header_is_the_contract() -> None:
    # Other programs read these headers: a column renamed or moved breaks them.
    sales = ("sales", "gross", "discounts", "refunds", "tax", "net", "cost", "profit", "margin")
    product = ("product_id", "product", "sku", "category", "unit")
    ages = ("total", "days_0_30", "days_31_60", "days_61_90", "days_over_90")
    assert {name: tuple(c.key for c in spec.columns) for name, spec in REPORTS.items()} == {
        "sales-by-day": ("date", *sales),
        "sales-by-week": ("week", *sales),
        "sales-by-month": ("month", *sales),
        "sales-by-product": (*product, "quantity", "returned", *sales[1:2], *sales[3:]),
        "sales-by-product-family": (*product, "quantity", "returned", *sales[1:2], *sales[3:]),
        "sales-by-category": ("category_id", "category", "products", *sales[1:2], *sales[3:]),
        "sales-by-cashier": (
            "cashier", "sales", "gross", "average", "discounts", "refund_count", "refunds"
        ),
        "sales-by-payment": ("method", "payments", "amount", "refund_count", "refunds", "net"),
        "profit": ("date", "net", "cost", "profit", "margin"),
        "tax": (
            "tax_code", "name", "percent", "sales_net", "sales_tax", "refunds_net",
            "refunds_tax", "net", "tax",
        ),
        # Issue 22's contract; the expense:CATEGORY columns follow, one per category used.
        "profit-and-loss": (
            "month", "net_sales", "cost_of_goods", "gross_profit", "expenses", "written_off",
            "net_profit",
        ),
        "tax-summary": (
            "tax_code", "name", "percent", "sales_net", "output_tax", "purchases_net",
            "purchases_tax", "expenses_net", "expenses_tax", "input_tax", "balance",
        ),
        "refunds": ("section", "date", "number", "cashier", "what", "reason", "amount"),
        "promotions": ("promotion", "sales", "lines", "saving"),
        "stock-valuation": (*product, "quantity", "cost", "cost_value", "price", "price_value"),
        "slow-movers": (*product, "quantity", "cost_value", "last_sold", "days"),
        "expiring": ("product_id", "product", "sku", "batch", "expiry", "days_left",
                     "quantity", "cost", "cost_value"),
        "receivables": ("customer_id", "customer", "phone", *ages, "overdue", "oldest"),
        "payables": ("supplier_id", "supplier", "phone", *ages, "oldest"),
    }  # fmt: skip


def test_a_column_shared_by_reports_reads_the_same_in_each() -> None:
    product = REPORTS["sales-by-product"].column
    for name in ("stock-valuation", "slow-movers"):
        for key in ("product_id", "product", "sku", "category", "unit"):
            assert REPORTS[name].column(key) == product(key), (name, key)
    assert product("product").wide and product("product").width > product("gross").width
    assert product("product_id").identifies and product("product_id").width < 1
    assert product("gross").numeric and not product("product").numeric


def test_a_row_is_made_from_its_cells_by_column_key() -> None:
    spec = REPORTS["profit"]
    assert spec.cells(net=100, margin=1250) == (None, 100, None, None, 1250)
    with pytest.raises(KeyError):
        spec.cells(gross=100)  # profit has no such column


@given(
    st.integers(0, 10**9),
    st.lists(st.integers(0, 10**7), min_size=1, max_size=12),
)
def test_a_rate_s_tax_is_shared_exactly_by_largest_remainder(tax: int, amounts: list[int]) -> None:
    lines = [SourceLine(1, 1000, amount, "S", 0, amount) for amount in amounts]
    shares = line_taxes(lines, {"S": tax})
    assert sum(shares) == tax
    whole = sum(amounts) or len(amounts)
    weights = amounts if sum(amounts) else [1] * len(amounts)
    for share, weight in zip(shares, weights, strict=True):
        assert abs(share - Fraction(tax * weight, whole)) < 1  # never a unit more than due


def test_each_rate_is_shared_over_its_own_lines_only() -> None:
    lines = [
        SourceLine(1, 1000, 100, "S", 0, 100),
        SourceLine(2, 1000, 100, "E", 0, 100),
        SourceLine(3, 1000, 200, "S", 0, 200),
        SourceLine(4, 1000, 100, "S", 0, 100),
    ]
    # 10 over 100, 200, 100: 2.5, 5, 2.5; the unit left goes to the first of the tie
    assert line_taxes(lines, {"S": 10, "E": 0}) == [3, 0, 5, 2]


@given(st.integers(-(10**12), 10**12), st.lists(st.integers(0, 10**9), min_size=1, max_size=9))
def test_sharing_out_in_integers_is_money_s_allocation(total: int, weights: list[int]) -> None:
    assert share_out(total, weights) == [
        part.minor for part in Money(total, "KES").allocate(weights)
    ]


def test_a_document_summary_splits_lines_into_net_tax_and_gross_in_either_mode() -> None:
    lines = [SourceLine(1, 2000, 1160, "S", 333, 1200), SourceLine(None, 1500, 580, "S", 0, 580)]
    rates = [RateFigures("S", "VAT 16%", "16", False, 1500, 240)]
    inclusive = summarise(
        day=dt.date(2026, 3, 2),
        kind=DocKind.SALE,
        actor="Amina",
        inclusive=True,
        totals=(1740, 1500, 240),
        lines=lines,
        rates=rates,
        payments=[("cash", 1, 1740)],
    )
    assert [(x.gross, x.net, x.tax) for x in inclusive.lines] == [(1160, 1000, 160), (580, 500, 80)]
    assert inclusive.cost == 666 and inclusive.discount == 40
    exclusive = summarise(
        day=dt.date(2026, 3, 2),
        kind=DocKind.REFUND,
        actor="Amina",
        inclusive=False,
        totals=(2018, 1740, 278),
        lines=lines,
        rates=[RateFigures("S", "VAT 16%", "16", False, 1740, 278)],
        payments=[],
    )
    assert [(x.gross, x.net, x.tax) for x in exclusive.lines] == [
        (1345, 1160, 185),
        (673, 580, 93),
    ]
    assert exclusive.discount == 0  # refunds give no discount


@given(st.integers(-(10**9), 10**9), st.integers(0, 10**7))
def test_costs_are_rounded_once_half_away_from_zero(minor: int, milli: int) -> None:
    exact = Decimal(minor) * Decimal(milli) / 1000
    assert round_milli(minor, milli) == int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def test_margins_and_averages_round_half_away_from_zero() -> None:
    assert margin(1, 8) == 1250  # hundredths of a percent
    assert margin(-1, 8) == -1250
    assert margin(2, 3) == 6667
    assert margin(5, 0) is None
    assert average(10, 4) == 3 and average(-10, 4) == -3 and average(9, 4) == 2
    assert average(5, 0) is None
    assert divide(7, -2) == -4


def test_weeks_start_on_monday_and_months_on_the_first() -> None:
    first, last = dt.date(2026, 3, 4), dt.date(2026, 4, 2)  # a Wednesday to a Thursday
    assert Grouping.WEEK.buckets(first, last)[0] == dt.date(2026, 3, 2)
    assert all(week.weekday() == 0 for week in Grouping.WEEK.buckets(first, last))
    assert Grouping.MONTH.buckets(first, last) == [dt.date(2026, 3, 1), dt.date(2026, 4, 1)]
    assert len(Grouping.DAY.buckets(first, last)) == 30
    check_period(first, first)
    with pytest.raises(InvalidInput):
        check_period(last, first)


def test_payments_settle_the_oldest_debts_first() -> None:
    debts = [(dt.date(2026, 1, 1), 100), (dt.date(2026, 2, 1), 50), (dt.date(2026, 3, 1), 70)]
    assert fifo_open(debts, 120) == [(dt.date(2026, 2, 1), 30), (dt.date(2026, 3, 1), 70)]
    assert fifo_open(debts, 0) == debts
    assert fifo_open(debts, 500) == []


def test_csv_cells_are_iso_dates_point_decimals_and_major_units() -> None:
    money = Column("gross", "Sales", ColumnKind.MONEY)
    assert csv_text(money, 125050, "KES") == "1250.50"
    assert csv_text(money, -5, "KES") == "-0.05"
    assert csv_text(money, 125050, "UGX") == "125050"
    assert csv_text(Column("q", "", ColumnKind.QUANTITY), 2500, "KES") == "2.5"
    assert csv_text(Column("d", "", ColumnKind.DATE), dt.date(2026, 3, 4), "KES") == "2026-03-04"
    assert csv_text(Column("m", "", ColumnKind.MONTH), dt.date(2026, 3, 1), "KES") == "2026-03"
    assert csv_text(Column("p", "", ColumnKind.PERCENT), 1250, "KES") == "12.50"
    assert csv_text(Column("p", "", ColumnKind.PERCENT), -5, "KES") == "-0.05"
    assert csv_text(Column("r", "", ColumnKind.RATE), Decimal("7.5"), "KES") == "7.5"
    assert csv_text(Column("t", "", ColumnKind.TEXT), "=SUM(A1)", "KES") == "'=SUM(A1)"
    assert csv_text(Column("l", "", ColumnKind.LABEL), "cash", "KES") == "cash"
    assert csv_text(money, None, "KES") == ""


def test_a_table_adds_up_money_and_counts_and_reads_as_csv() -> None:
    columns = (
        Column("date", "Date", ColumnKind.DATE),
        Column("sales", "Sales", ColumnKind.COUNT),
        Column("gross", "Sold", ColumnKind.MONEY),
        Column("margin", "Margin", ColumnKind.PERCENT),
    )
    rows = [
        (dt.date(2026, 3, 2), 2, 1000, 1000),
        (dt.date(2026, 3, 3), 1, 550, None),
    ]
    totals = totals_row(columns, rows, {"margin": 999})
    assert totals == (None, 3, 1550, 999)
    table = ReportTable("sales-by-day", "Sales by day", columns, tuple(rows), totals, "KES")
    assert csv_rows(table) == [
        ["date", "sales", "gross", "margin"],
        ["2026-03-02", "2", "10.00", "10.00"],
        ["2026-03-03", "1", "5.50", ""],
    ]
    assert table.series("gross") == [Decimal("10.00"), Decimal("5.50")]
    assert table.money(table.total("gross")) is not None
    assert str(table.money(table.total("gross"))) == "15.50 KES"


def _days_of(found: Spans) -> list[dt.date]:
    covered: list[dt.date] = []
    if found.months is not None:
        month = found.months[0]
        while month <= found.months[1]:
            covered += list(days(month, next_month(month) - dt.timedelta(days=1)))
            month = next_month(month)
    for start, end in found.weeks:
        covered += list(days(start, end + dt.timedelta(days=6)))
        assert start.weekday() == 0 and end.weekday() == 0
    for start, end in found.days:
        covered += list(days(start, end))
    return covered


@given(
    st.dates(dt.date(2020, 1, 1), dt.date(2030, 1, 1)),
    st.integers(0, 800),
    st.integers(-40, 40),
)
def test_a_period_is_read_as_months_weeks_and_days_that_cover_it_exactly(
    first: dt.date, length: int, after: int
) -> None:
    last = first + dt.timedelta(days=length)
    horizon = last + dt.timedelta(days=after)  # the last day with documents
    found = spans(first, last, horizon)
    covered = _days_of(found)
    assert len(covered) == len(set(covered))  # no day twice
    assert min(covered) >= first
    recorded = {day for day in covered if day <= horizon}
    assert recorded == {day for day in days(first, last) if day <= horizon}
    assert len(found.weeks) <= 2 and len(found.days) <= 4


def test_the_last_30_days_are_this_month_and_a_few_days_before() -> None:
    today = dt.date(2026, 11, 29)
    found = spans(today - dt.timedelta(days=29), today, today)
    assert found == Spans(
        (dt.date(2026, 11, 1), dt.date(2026, 11, 1)),
        (),
        ((dt.date(2026, 10, 31), dt.date(2026, 10, 31)),),
    )
    # a month not yet over, read before its end: its days and weeks, never the month
    mid = spans(dt.date(2026, 11, 1), dt.date(2026, 11, 20), today)
    assert mid.months is None and mid.weeks == ((dt.date(2026, 11, 2), dt.date(2026, 11, 9)),)


def test_long_reports_make_their_rows_a_page_at_a_time() -> None:
    made: list[int] = []

    def make(items: Sequence[int]) -> list[tuple[Cell, ...]]:
        made.append(len(items))
        return [(item, item * 2) for item in items]

    rows = LazyRows(list(range(1200)), make)
    assert len(rows) == 1200 and rows and made == []
    assert rows[0] == (0, 0) and rows[-1] == (1199, 2398) and rows[513] == (513, 1026)
    assert made == [512, 176, 512]  # the first, last and second pages, once each
    assert rows[510:514] == [(510, 1020), (511, 1022), (512, 1024), (513, 1026)]
    assert list(rows)[700] == (700, 1400) and made == [512, 176, 512]
    with pytest.raises(IndexError):
        rows[1200]
