"""Reports on a shop with 10,000,000 sale lines over three years (bench/run.py's `reports`;
alone: `python bench/reports.py --lines N --json OUT`).

The shop: 20,000 products (most lines on 3,000 of them), 2,000 customers with short accounts,
three years of counter sales written in bulk by bench/synth.py with their daily summaries
worked out in one pass, then a cash session opened today with a few sales made through the
checkout service. Timings are medians of 7 runs after one untimed run, through the service
as the screens call it:

- report_sales_by_day_ms: sales-by-day for the last week, month, year and three years; the
  worst of the four medians (each is reported too, report_sales_by_day_<period>_ms);
- report_by_product_30d_ms: sales-by-product of the last 30 days and its first page of rows
  as the screen shows it (names and codes are read a page at a time);
  report_by_product_30d_past_ms the worst of three 30-day periods ending 9, 17 and 45 days
  ago (read as weeks and days rather than this month's rows); report_by_product_year_ms the
  last 365 days;
- dashboard_ms: all the dashboard's figures (today's sales, count, average, refunds, net,
  profit, this month's net profit, cash expected in the open drawer, low-stock count, what
  customers owe and how much is overdue, the last 30 days by day);
- report_profit_and_loss_ms: the profit and loss of twelve months (this one so far and the
  eleven before), with 50,000 expenses over the three years (bench/synth.py's
  add_back_office, in 13 categories) and 2,000 write-offs; goal <= 150 ms;
- report_one_till_month_ms, report_one_till_by_product_30d_ms, dashboard_one_till_ms: the
  same for one till (till 1, which made every sale here): its summary rows of the period
  worked out from its documents, then read (medians of 3);
- the same two reports again after ANALYZE (*_analyzed_ms), where SQLite once chose an index
  that could not narrow the days.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "desktop"))
sys.path.insert(0, str(ROOT / "bench"))

Figures = dict[str, float]
PERIODS = (("week", 7), ("month", 30), ("year", 365), ("3_years", 365 * 3))
EXPENSES, WRITE_OFFS = 50_000, 2_000


def _median_ms(work: Callable[[], object], runs: int = 7) -> float:
    work()  # untimed: code, caches
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return round(statistics.median(times) * 1000, 2)


def _shown(table: object) -> object:
    """A report with its first row made, as the screen shows it."""
    rows = table.rows  # type: ignore[attr-defined]
    return rows[0] if len(rows) else None


def _sell_today(shop: object, count: int) -> None:
    """A cash session opened today with `count` sales through the checkout service."""
    import random

    from duka.core.money import Money
    from duka.core.quantity import Quantity
    from duka.core.sale import PaymentMethod, Tender
    from duka.services.shop import Shop

    assert isinstance(shop, Shop)
    rng = random.Random(3)
    shop.cash.open(Money(500000, "KES"))
    products = shop.products.count()
    for _ in range(count):
        cart = shop.checkout.new_cart()
        for product_id in rng.sample(range(1, products + 1), 3):
            line = shop.checkout.line_for(shop.products.get(product_id), Quantity.of(1))
            cart, _index = cart.add(line)
        due = cart.totals().gross
        shop.checkout.complete(None, cart, [Tender(PaymentMethod.CASH, due)])


def reports(work: Path, scale: float) -> Figures:
    from duka.core.access import Actor
    from duka.services.shop import Shop
    from duka.store.sql import open_file
    from synth import add_accounts, add_back_office, add_sales_history, build_shop

    lines = int(10_000_000 * scale)
    db = work / "history.sqlite3"
    build_shop(db, 20_000, 2_000, backup_dir=work / "backups")
    made = add_sales_history(db, lines)
    add_accounts(db, 1_000)
    # The back office over the same years: 50,000 expenses and 2,000 write-offs, whatever
    # the scale (the profit and loss reads them whole, the sales as summaries).
    back_office_s = add_back_office(db, EXPENSES, WRITE_OFFS)
    figures: Figures = {
        "report_history_lines": made["sale_lines"],
        "report_history_sales_s": round(made["sales_s"], 1),
        "report_history_summaries_s": round(made["summaries_s"], 1),
        "report_history_back_office_s": round(back_office_s, 1),
    }
    with Shop.open(db, backup_dir=work / "backups", actor=Actor.command_line("bench")) as shop:
        _sell_today(shop, 20)
        reports = shop.reports
        today = reports.today()

        def measure(prefix: str) -> None:
            worst = 0.0
            for name, days in PERIODS:
                first = today - dt.timedelta(days=days - 1)
                took = _median_ms(lambda f=first: reports.run("sales-by-day", f, today))
                figures[f"report_sales_by_day_{name}{prefix}_ms"] = took
                worst = max(worst, took)
            figures[f"report_sales_by_day{prefix}_ms"] = worst
            month = today - dt.timedelta(days=29)
            figures[f"report_by_product_30d{prefix}_ms"] = _median_ms(
                lambda: _shown(reports.run("sales-by-product", month, today))
            )
            worst = 0.0
            for back in (9, 17, 45):  # 30 days ending in the past: weeks and days, no month
                end = today - dt.timedelta(days=back)
                start = end - dt.timedelta(days=29)
                took = _median_ms(
                    lambda s=start, e=end: _shown(reports.run("sales-by-product", s, e))
                )
                worst = max(worst, took)
            figures[f"report_by_product_30d_past{prefix}_ms"] = worst
            year = today - dt.timedelta(days=364)
            figures[f"report_by_product_year{prefix}_ms"] = _median_ms(
                lambda: _shown(reports.run("sales-by-product", year, today)), runs=3
            )

        measure("")
        figures["dashboard_ms"] = _median_ms(reports.dashboard)
        # Twelve months: this one so far and the eleven before it.
        year_ago = today.replace(day=1)
        for _ in range(11):
            year_ago = (year_ago - dt.timedelta(days=1)).replace(day=1)
        figures["report_profit_and_loss_ms"] = _median_ms(
            lambda: reports.run("profit-and-loss", year_ago, today)
        )
        # One till's: its rows worked out from its documents for the period. Till 1 holds
        # every sale here, the most a till can have to work out.
        month = today - dt.timedelta(days=29)
        figures["report_one_till_month_ms"] = _median_ms(
            lambda: reports.run("sales-by-day", month, today, till=1), runs=3
        )
        figures["report_one_till_by_product_30d_ms"] = _median_ms(
            lambda: _shown(reports.run("sales-by-product", month, today, till=1)), runs=3
        )
        figures["dashboard_one_till_ms"] = _median_ms(lambda: reports.dashboard(till=1), runs=3)
        found = reports.run("sales-by-product", today - dt.timedelta(days=29), today)
        figures["report_by_product_30d_rows"] = len(found.rows)
        conn = open_file(db)  # apsw, as the shop is open: one SQLite library per open file
        conn.execute("ANALYZE")
        conn.close()
    with Shop.open(db, backup_dir=work / "backups", actor=Actor.command_line("bench")) as shop:
        reports = shop.reports
        measure("_analyzed")
        figures["dashboard_analyzed_ms"] = _median_ms(reports.dashboard)
    return figures


def main(argv: list[str] | None = None) -> int:
    import tempfile

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=10_000_000)
    parser.add_argument("--json", type=Path, required=True, metavar="OUT")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="duka-bench-reports-") as folder:
        found = reports(Path(folder), args.lines / 10_000_000)
    print(json.dumps(found, indent=2, sort_keys=True))
    args.json.write_text(json.dumps(found, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
