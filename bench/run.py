"""Duka's benchmarks: `python bench/run.py [--quick] --json OUT`.

Writes named figures as JSON ({"name": value}). A full run uses the sizes the issues name;
--quick uses a tenth of them and finishes in a few minutes. Timings are medians of repeated
runs; ratios compare against a bare reference measured alternately in the same run, so a
noisy machine slows both sides alike.

Figures:
- startup_ratio: median time for `duka` to show its main window and settle, over the median
  of a bare PySide6 window with a table (plus importing babel and sqlite_utils).
- startup_ms, startup_bare_ms: the two medians behind that ratio.
- startup_big_shop_ratio: the same start on the synthetic shop (1,000,000 products).
- synth_products_per_s: how fast the generator writes products (for planning bigger runs).
- journal_verify_ratio: checking the hash chain of 1,000,000 journal rows as `duka verify`
  does (reading every row from the file, rehashing it, checking its link and the sequence;
  ranges in parallel worker processes), over a bare Python SHA-256 chain over the same bytes
  already in memory. journal_verify_ms and journal_bare_chain_ms are the two medians.
- journal_full_verify_ms: the whole journal check, with every record re-derived from its
  source row as well.
- price_change_ms: changing one product's price through the service on that shop (the
  row, its journal entry, the audit entry, synchronous=FULL commit), median of 200.
- barcode_lookup_ms_p95: finding the product for a scanned barcode through the service
  (product, price and units per scan), 3,000 random codes in the 1,000,000-product shop,
  200,000 of whose products are variants (of 25,000 parents more);
  barcode_lookup_raw_ms_p95 is a bare indexed SELECT of the same codes, and
  barcode_lookup_variant_ms_p95 the service's lookup of 3,000 variants' codes only.
- search_ms_p95: search as you type through the service (20 results with names, prices and
  stock), every prefix of one or two words of 300 random product names in all the
  generator's scripts; search_raw_fts_ms_p95 is a bare FTS5 prefix MATCH ... LIMIT 20.
- products_table_first_paint_ms, products_table_scroll_end_ms: opening the Products screen
  on the big shop until its table has painted, and jumping to its last row (medians of five
  fresh processes, bench/products_table.py); products_table_peak_rss_mb is the largest
  peak resident memory of those processes.
- import_100k_s: importing 100,000 products from a CSV file (preview and write, with
  categories, barcodes and opening stock) into a shop just set up; import_100k_preview_s is
  the reading and checking part of it.
- sale_commit_ratio: completing a 5-line cash sale through the checkout service (number,
  lines, taxes, payment, stock movements, journal entry; synchronous=FULL), two of its
  lines products that keep batches (the big shop holds 100,000 batches: 20,000 products
  with five each, bench/synth.py add_batches) and the 49 promotions applied at the checkout,
  over a bare SQLite transaction (through apsw, on a connection of its own) writing the same
  rows (the stock movements with the batches they came from), alternately, 200 sales each
  on the big shop;
  sale_commit_ms and sale_commit_bare_ms are the two medians.
- receipt_pdf_ms: the median time to write a 5-line sale's receipt PDF.
- scan_to_cart_ms_p95: at the Sell screen on the big shop, from the scanner's Enter to the
  cart painted with the new line (the cart saved to disk on the way), 3 x 290 scans in
  fresh processes (bench/sell_screen.py: a window of 1366x768 on a screen as large, the
  screen left to settle between sales as between a cashier's actions);
  scan_to_cart_ms_median beside it. The shop runs
  49 promotions then (synth.add_promotions: multi-buys, categories' and the whole sale's
  percent off, some for a price list), evaluated at every scan and at every sale;
  and the sales are for a customer on the Wholesale list, so price lists are evaluated at
  every scan too: the shop has three lists and retail breaks (synth.add_price_lists: about
  460,000 prices on the 1,000,000 products), and half the scans are of products that have
  some.
- customer_balance_ms_p95: reading one customer as the Sell screen shows them (name,
  credit limit, balance) when their account holds 100,000 entries, 2,000 reads on the big
  shop; customer_balance_raw_ms_p95 is a bare SELECT of the cached balance.
- receivables_ms: the receivables list (every customer who owes, most first, the shop's
  totals by age 0-30, 31-60, 61-90, 90+ days, and the first page of rows with names and
  ages, as the screen shows it) over the big shop's 100,000 customers, each with an account
  of up to four entries (median of 7); receivables_owing is how many owe.
- customer_page_entries_ms: the newest 1,000 entries of that 100,000-entry account with
  their running balances, as the customer's page shows them.
- invoice_pdf_ratio: writing an issued 20-line invoice's PDF through the service (a
  different invoice each round, with its own customer and products, so no text is laid out
  twice)
  (`shop.invoices.pdf`: reading it, translating and formatting its texts, laying it out, the
  logo, the file) over a bare reportlab platypus document with the same logo, header
  paragraphs, 20-row table (repeated header), totals table, Noto fonts, page size and
  compression, alternately, 30 each (bench/invoice_pdf.py); invoice_pdf_ms and
  invoice_pdf_bare_ms are the two medians.
- invoice_pdf_ratio_ar: the same for an Arabic customer's invoice (Arabic product names,
  right to left); the bare document reshapes and reorders each Arabic text
  (arabic-reshaper, python-bidi) and draws it with the Arabic Noto font.
  invoice_pdf_ar_ms and invoice_pdf_ar_bare_ms are the two medians.
- report_sales_by_day_ms: the sales-by-day report through the service on a shop with
  10,000,000 sale lines over three years (20,000 products, most lines on 3,000 of them), for
  the last week, month, year and three years; the worst of the four medians (each is
  reported as report_sales_by_day_<period>_ms). bench/reports.py builds the shop.
- report_profit_and_loss_ms: the profit and loss of twelve months (this one so far and the
  eleven before) on that shop, which also holds 50,000 expenses over its three years and
  2,000 write-offs (goal <= 150 ms).
- report_by_product_30d_ms: sales-by-product of the last 30 days (names, codes, categories,
  every product sold); report_by_product_30d_past_ms the worst of three 30-day periods that
  end in the past, report_by_product_year_ms the last 365 days.
- dashboard_ms: all the dashboard's figures (today's sales, count, average, refunds, net,
  profit, cash expected in the open drawer, low stock, what customers owe and what is
  overdue, the last 30 days by day). report_one_till_month_ms,
  report_one_till_by_product_30d_ms and dashboard_one_till_ms: the same for one till (its
  summary rows worked out from its documents for the period). The same figures after
  ANALYZE end in _analyzed_ms;
  report_history_sales_s and report_history_summaries_s time the generator.
- idle_cpu_percent: Duka started offscreen on the demo shop, its owner signed in on the Sell
  screen with its quick keys and the idle lock on (bench/idle_app.py), left to settle, then
  its process's CPU time (user + system, /proc/PID/stat) over 60 s (15 s with --quick) in
  percent of one core; the goal is under 0.5. idle_files_written counts the files in the
  shop's folder and data folder whose modification time changed meanwhile (0: nothing is
  written while idle).
- sync (bench/sync_bench.py, whose docstring says how each is measured): tills converging
  through SQLite's session extension. sync_apply_10k_sales_s (the hub applying 10,000 sales
  made on another till, through the folder exchange; goal <= 2.5 s) and sync_apply_ratio (over
  a bare insert of the same rows in one transaction; <= 2.5); sync_capture_ratio (a sale on a
  shop with two tills, captured, over the same sale on a shop with one; <= 1.6);
  sync_sale_commit_ratio (the captured sale over the bare sale: sale_commit_ratio with capture
  on; <= 2.5); sync_bytes_per_sale (the batch files as sent, batches of 100; <= 450) and
  sync_outbox_bytes_per_sale (the outbox before pruning; <= 1,200); sync_converge_s (5 tills x
  1,000 sales exchanging in random order, then the time of the full heal; every file checked
  identical on the shared tables and verified, or the bench fails).
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from apsw import Connection

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "desktop"))
sys.path.insert(0, str(ROOT / "bench"))

Figures = dict[str, float]


def _child_env(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # a real install has its bytecode compiled
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["QT_LOGGING_RULES"] = "qt.text.font.db=false;qt.qpa.*=false"
    env["DUKA_HOME"] = str(home)
    env["PYTHONPATH"] = str(ROOT / "desktop") + os.pathsep + env.get("PYTHONPATH", "")
    return env


def _time_command(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    result = subprocess.run(command, env=env, capture_output=True, check=False)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"{command} failed: {result.stderr.decode(errors='replace')}")
    return elapsed


def _startup_pair(db: Path, home: Path, rounds: int) -> tuple[float, float]:
    env = _child_env(home)
    duka = [sys.executable, "-m", "duka", "--db", str(db), "--exit-after-show"]
    bare = [sys.executable, str(ROOT / "bench" / "bare_window.py")]
    for command in (duka, bare):  # warm the file cache and bytecode once, untimed
        _time_command(command, env)
    ours, theirs = [], []
    for _ in range(rounds):
        ours.append(_time_command(duka, env))
        theirs.append(_time_command(bare, env))
    return statistics.median(ours), statistics.median(theirs)


def startup(work: Path, scale: float) -> Figures:
    from duka.demo.shop import create_demo
    from duka.services.shop import Shop

    home = work / "home"
    db = work / "demo.sqlite3"
    with Shop.open(db, backup_dir=home / "backups") as shop:
        create_demo(shop)
    rounds = 21 if scale >= 1 else 11
    ours, bare = _startup_pair(db, home, rounds)
    return {
        "startup_ratio": round(ours / bare, 3),
        "startup_ms": round(ours * 1000, 1),
        "startup_bare_ms": round(bare * 1000, 1),
    }


_BIG_SHOPS: dict[Path, dict[str, float]] = {}


def _big_shop_db(work: Path, scale: float) -> tuple[Path, dict[str, float]]:
    """The synthetic 1,000,000-product shop, built once per run and shared (under the
    run's folder) by the benchmarks that need it."""
    from synth import add_batches, add_variants, build_shop

    db = work.parent / "big.sqlite3"
    if db not in _BIG_SHOPS:
        products = int(1_000_000 * scale)
        timings = build_shop(db, products, int(100_000 * scale), backup_dir=work / "backups")
        # 200,000 of the million are variants (of 25,000 parents more), as issue 23 asks
        timings["variants_s"] = add_variants(db, int(200_000 * scale))
        timings.update(add_batches(db, int(100_000 * scale)))
        timings["products"] = products
        _BIG_SHOPS[db] = timings
    return db, _BIG_SHOPS[db]


def big_shop(work: Path, scale: float) -> Figures:
    db, timings = _big_shop_db(work, scale)
    ours, bare = _startup_pair(db, work / "home", 7 if scale >= 1 else 5)
    return {
        "synth_products_per_s": round(timings["products"] / timings["products_s"]),
        "startup_big_shop_ratio": round(ours / bare, 3),
    }


def _p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20, method="inclusive")[-1]


def _typing(names: list[str], rng: random.Random) -> list[str]:
    """What a person types looking for these products: each name's words, letter by
    letter ("t", "tu", "tum", ... "tumaini sukari")."""
    typed = []
    for name in names:
        words = name.split()[: rng.randint(1, 2)]
        text = ""
        for number, word in enumerate(words):
            text += " " if number else ""
            for letter in word:
                text += letter
                typed.append(text)
    return typed


def inventory(work: Path, scale: float) -> Figures:
    from duka.core.access import Actor
    from duka.services.shop import Shop
    from duka.store.products_repo import fts_query
    from synth import _barcode, add_promotions

    db, timings = _big_shop_db(work, scale)
    products = int(timings["products"])
    if "promotions_s" not in timings:  # running while the till sells, once per shop
        timings["promotions_s"] = add_promotions(db, products)
    rng = random.Random(11)
    with Shop.open(db, backup_dir=work / "backups", actor=Actor.command_line("bench")) as shop:
        shop.access.sign_in("1234")
        conn = shop.context.db
        codes = [_barcode(rng.randint(1, products)) for _ in range(3000)]
        ours, raw = [], []
        for code in codes:
            started = time.perf_counter()
            found = shop.products.by_barcode(code)
            ours.append(time.perf_counter() - started)
            assert found is not None, code
            started = time.perf_counter()
            conn.execute("SELECT product_id FROM barcodes WHERE code = ?", (code,)).fetchone()
            raw.append(time.perf_counter() - started)
        # The variants (the last fifth of the products): each found as itself, not its parent
        variant_ids = [rng.randint(products - products // 5 + 1, products) for _ in range(3000)]
        found_variants = []
        for number in variant_ids:
            started = time.perf_counter()
            found = shop.products.by_barcode(_barcode(number))
            found_variants.append(time.perf_counter() - started)
            assert found is not None and found[0].id == number and found[0].parent_id, number
        figures: Figures = {
            "barcode_lookup_ms_p95": round(_p95(ours) * 1000, 3),
            "barcode_lookup_raw_ms_p95": round(_p95(raw) * 1000, 3),
            "barcode_lookup_variant_ms_p95": round(_p95(found_variants) * 1000, 3),
        }
        names = [
            str(conn.execute("SELECT name FROM products WHERE id = ?", (number,)).fetchone()[0])
            for number in (rng.randint(1, products) for _ in range(300))
        ]
        typed = _typing(names, rng)
        ours, raw = [], []
        for text in typed:
            started = time.perf_counter()
            shop.products.search(text, 20)
            ours.append(time.perf_counter() - started)
            query = fts_query(text)
            started = time.perf_counter()
            if query is not None:
                conn.execute(
                    "SELECT rowid FROM products_fts WHERE products_fts MATCH ? LIMIT 20", (query,)
                ).fetchall()
            raw.append(time.perf_counter() - started)
        figures["search_ms_p95"] = round(_p95(ours) * 1000, 3)
        figures["search_raw_fts_ms_p95"] = round(_p95(raw) * 1000, 3)
        figures["search_queries"] = len(typed)

    runs = [
        json.loads(
            subprocess.run(
                [sys.executable, str(ROOT / "bench" / "products_table.py"), str(db)],
                env=_child_env(work / "home"),
                capture_output=True,
                check=True,
            ).stdout
        )
        for _ in range(5)
    ]
    for name in ("first_paint_ms", "scroll_end_ms"):
        figures[f"products_table_{name}"] = statistics.median(run[name] for run in runs)
    figures["products_table_peak_rss_mb"] = max(run["peak_rss_mb"] for run in runs)
    figures.update(_import(work, int(100_000 * scale)))
    return figures


def _import(work: Path, rows: int) -> Figures:
    """Importing a product list of `rows` rows from CSV into a shop just set up: reading
    and checking every row (the preview), then writing them (one transaction)."""
    import csv

    from duka.core.access import Actor
    from duka.services.shop import Shop
    from synth import _barcode, _product_name

    rng = random.Random(5)
    source = work / "products.csv"
    with source.open("w", encoding="utf-8-sig", newline="") as file:
        out = csv.writer(file)
        out.writerow(["name", "sku", "barcodes", "category", "price", "cost", "stock"])
        for number in range(1, rows + 1):
            price = rng.randrange(1000, 500000, 50)
            out.writerow(
                [
                    _product_name(rng),
                    f"IMP{number:07d}",
                    _barcode(number),
                    rng.choice(["Food > Staples", "Food > Drinks", "Household", "Stationery"]),
                    f"{price / 100:.2f}",
                    f"{price * 7 // 1000:.2f}",
                    rng.randrange(0, 200),
                ]
            )
    db = work / "import.sqlite3"
    with Shop.open(db, backup_dir=work / "backups", actor=Actor.command_line("bench")) as shop:
        shop.settings.first_run("Import", "KE", "KES", "en", owner_name="Amina", owner_pin="1234")
        shop.access.sign_in("1234")
        started = time.perf_counter()
        preview = shop.exchange.preview(source)
        checked = time.perf_counter() - started
        result = shop.exchange.apply(preview)
        total = time.perf_counter() - started
        assert shop.products.count() == rows, result
    return {
        "import_100k_s": round(total, 2),
        "import_100k_preview_s": round(checked, 2),
        "import_rows": rows,
    }


def journal_verify(work: Path, scale: float) -> Figures:
    import hashlib

    from duka.core.access import Actor
    from duka.services.maintenance import check_journal
    from duka.services.shop import Shop
    from synth import add_journal, build_shop

    entries = int(1_000_000 * scale)
    db = work / "journal.sqlite3"
    build_shop(db, 100, 10, backup_dir=work / "backups")
    add_journal(db, entries)
    with Shop.open(db, backup_dir=work, actor=Actor.command_line("bench")) as shop:
        ctx = shop.context
        chained = [
            bytes(row[0]) for row in ctx.db.execute("SELECT content FROM journal ORDER BY seq")
        ]

        def bare() -> None:
            digest = bytes(32)
            sha256 = hashlib.sha256
            for content in chained:
                digest = sha256(digest + content).digest()

        check_journal(ctx, records=False)  # the file's pages into the cache, untimed
        bare()
        ours_runs, bare_runs = [], []
        for _ in range(7):
            started = time.perf_counter()
            found = check_journal(ctx, records=False)
            ours_runs.append(time.perf_counter() - started)
            assert not found, found[:5]
            started = time.perf_counter()
            bare()
            bare_runs.append(time.perf_counter() - started)
        full_runs = []
        for _ in range(3):
            started = time.perf_counter()
            found = check_journal(ctx)
            full_runs.append(time.perf_counter() - started)
            assert not found, found[:5]
        price_ms = _price_changes(shop)
    ours, theirs = statistics.median(ours_runs), statistics.median(bare_runs)
    return {
        "journal_rows": len(chained),
        "journal_verify_ratio": round(ours / theirs, 3),
        "journal_verify_ms": round(ours * 1000, 1),
        "journal_bare_chain_ms": round(theirs * 1000, 1),
        "journal_full_verify_ms": round(statistics.median(full_runs) * 1000, 1),
        "price_change_ms": round(price_ms, 3),
    }


def _price_changes(shop: object, rounds: int = 200) -> float:
    """The median time of one product's price change through the service (checks, the
    row, its journal entry, the audit entry and its journal entry, the commit) on a shop
    whose journal holds the benchmark's million entries."""
    from dataclasses import replace

    from duka.core.money import Money
    from duka.services.shop import Shop

    assert isinstance(shop, Shop)
    shop.access.sign_in("1234")
    samples = []
    for round_ in range(rounds):
        product_id = 1 + round_ % 100
        draft = shop.products.get(product_id).draft
        changed = replace(
            draft, sell_price=draft.sell_price + Money(100, draft.sell_price.currency)
        )
        started = time.perf_counter()
        shop.products.update(product_id, changed)
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def _bare_sale(
    conn: Connection,
    number: str,
    rows: list[tuple[int, int, int]],
    computer: str,
    moves: list[tuple[int, int, int | None]] | None = None,
) -> None:
    """The rows a 5-line cash sale writes, in one plain SQLite transaction (through apsw, the
    library Duka speaks, on a connection of its own): the number,
    the drawer's open session, the sale, its lines, taxes and payment, the stock movements
    (`moves`: product, quantity and batch of each, when a line was taken from batches) and a
    journal entry."""
    import hashlib

    at = "2026-01-01T10:00:00+00:00"
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("UPDATE counters SET next = next + 1 WHERE series = 'bare'")
    session = conn.execute(
        "SELECT id FROM cash_sessions WHERE state = 'open' AND computer = ?", (computer,)
    ).fetchone()[0]
    gross = sum(price * quantity // 1000 for _product, quantity, price in rows)
    conn.execute(
        "INSERT INTO sales (number, at, actor, currency, mode, net, tax, gross, session_id) "
        "VALUES (?, ?, 'bench', 'KES', 'inclusive', ?, 0, ?, ?)",
        (number, at, gross, gross, session),
    )
    sale = conn.last_insert_rowid()
    conn.executemany(
        "INSERT INTO sale_lines (sale_id, product_id, name, unit, quantity, unit_price, "
        "list_price, amount, tax_code, unit_cost) VALUES (?, ?, 'x', 'piece', ?, ?, ?, ?, 'S', 1)",
        [(sale, p, q, price, price, price * q // 1000) for p, q, price in rows],
    )
    conn.execute(
        "INSERT INTO sale_taxes VALUES (?, 'S', 'VAT', '16', 0, ?, 0, ?)", (sale, gross, gross)
    )
    conn.execute(
        "INSERT INTO sale_payments (sale_id, method, amount, tendered) VALUES (?, 'cash', ?, ?)",
        (sale, gross, gross),
    )
    conn.executemany(
        "INSERT INTO stock_movements (product_id, kind, quantity, unit_cost, document, at, "
        "actor, batch_id) VALUES (?, 'sale', ?, 1, ?, ?, 'bench', ?)",
        [
            (p, -q, number, at, batch)
            for p, q, batch in (moves or [(p, q, None) for p, q, _price in rows])
        ],
    )
    last = conn.execute("SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1").fetchone()
    content = f"{number},{gross}".encode()
    previous = bytes(last[1]) if last else bytes(32)
    conn.execute(
        "INSERT INTO journal (seq, at, kind, source_table, source_id, actor, content, "
        "prev_hash, hash) VALUES (?, ?, 'bare', 'sales', ?, 'bench', ?, ?, ?)",
        (
            (last[0] if last else 0) + 1,
            at,
            sale,
            content,
            previous,
            hashlib.sha256(previous + content).digest(),
        ),
    )
    conn.execute("COMMIT")


def selling(work: Path, scale: float) -> Figures:
    from duka.core.access import Actor
    from duka.core.money import Money
    from duka.core.quantity import Quantity
    from duka.core.sale import PaymentMethod, Tender
    from duka.services.shop import Shop
    from duka.store.sql import open_file
    from synth import _barcode

    db, timings = _big_shop_db(work, scale)
    products = int(timings["products"])
    if "promotions_s" not in timings:  # the till sells while promotions run
        from synth import add_promotions

        timings["promotions_s"] = add_promotions(db, products)
    rng = random.Random(17)
    rounds = 200 if scale >= 1 else 60
    ours, bare, receipts = [], [], []
    with Shop.open(db, backup_dir=work / "backups", actor=Actor.command_line("bench")) as shop:
        checkout = shop.checkout
        # The shop is open here through apsw: never the same file through sqlite3 as well.
        raw = open_file(db)
        raw.execute("PRAGMA synchronous = FULL")
        raw.execute("PRAGMA foreign_keys = ON")
        raw.execute("INSERT OR IGNORE INTO counters (series, period, next) VALUES ('bare', '', 1)")
        tracked = int(timings["batch_products"])
        for number in range(rounds):
            # Two of the five lines keep batches: each is taken from the first to expire.
            picked = [rng.randint(1, products) for _ in range(3)]
            picked += [rng.randint(1, tracked) for _ in range(2)]
            cart = checkout.new_cart()
            for product_id in picked:
                cart, _ = cart.add(checkout.line_for(shop.products.get(product_id), Quantity.of(1)))
            given = [Tender(PaymentMethod.CASH, cart.totals().gross + Money(100000, cart.currency))]
            started = time.perf_counter()
            done = checkout.complete(None, cart, given)
            ours.append(time.perf_counter() - started)
            rows = [(line.product_id, 1000, line.unit_price.minor) for line in cart.lines]
            # The same movements as the sale wrote, each from its batch (a batch product's
            # stock is kept per batch by a trigger, on the bare side as on ours).
            moves = shop.context.db.execute(
                "SELECT product_id, -quantity, batch_id FROM stock_movements WHERE document = ?",
                (done.number,),
            ).fetchall()
            started = time.perf_counter()
            _bare_sale(raw, f"B-{number:06d}", rows, shop.context.computer, moves)
            bare.append(time.perf_counter() - started)
            if number < 40:
                path = work / "receipt.pdf"
                started = time.perf_counter()
                shop.receipts.receipt_pdf(done.number, path)
                receipts.append(time.perf_counter() - started)
        raw.close()
    from synth import add_price_lists

    add_price_lists(db)  # the scans are for a customer on the wholesale list
    # Half the scans are of products with list prices or breaks (every 10th has retail
    # breaks, every 5th a wholesale price), half of any product.
    codes = [
        _barcode(rng.randint(1, products // 10) * 10 if n % 2 else rng.randint(1, products))
        for n in range(300 if scale >= 1 else 100)
    ]
    scans: list[float] = []
    for _ in range(3):
        found = json.loads(
            subprocess.run(
                [
                    sys.executable,
                    str(ROOT / "bench" / "sell_screen.py"),
                    "--customer",
                    "1",
                    str(db),
                    *codes,
                ],
                env=_child_env(work / "home"),
                capture_output=True,
                check=True,
            ).stdout
        )
        scans.extend(found["scan_to_cart_ms"][10:])  # the first scans load code and fonts
    return {
        "sale_commit_ratio": round(statistics.median(ours) / statistics.median(bare), 3),
        "sale_commit_ms": round(statistics.median(ours) * 1000, 2),
        "sale_commit_bare_ms": round(statistics.median(bare) * 1000, 2),
        "receipt_pdf_ms": round(statistics.median(receipts[5:]) * 1000, 1),
        "scan_to_cart_ms_p95": round(_p95(scans), 2),
        "scan_to_cart_ms_median": round(statistics.median(scans), 2),
    }


def accounts(work: Path, scale: float) -> Figures:
    """Customers' accounts on the big shop: one customer's balance as the Sell screen reads
    it, with 100,000 entries on that account; the receivables list of 100,000 customers."""
    from duka.core.access import Actor
    from duka.services.shop import Shop
    from duka.store.sql import open_file
    from synth import add_accounts

    db, _timings = _big_shop_db(work, scale)
    deep = int(100_000 * scale)
    written = add_accounts(db, deep)
    with Shop.open(db, backup_dir=work / "backups", actor=Actor.command_line("bench")) as shop:
        assert shop.accounts.entry_count(1) == deep
        customers = shop.customers.count()
        lookups, raw, lists, pages = [], [], [], []
        conn = open_file(db)  # apsw, as the shop is open: one SQLite library per open file
        for _ in range(2000):
            started = time.perf_counter()
            shop.customers.get(1)  # name, limit and balance, as the Sell screen shows them
            lookups.append(time.perf_counter() - started)
            started = time.perf_counter()
            conn.execute("SELECT balance FROM customer_balances WHERE customer_id = 1").fetchone()
            raw.append(time.perf_counter() - started)
        for _ in range(7):
            started = time.perf_counter()
            found = shop.accounts.receivables()
            found.rows[0]  # the first page as the screen shows it: names and ages
            lists.append(time.perf_counter() - started)
            started = time.perf_counter()
            shop.accounts.entries(1, 1000)  # the customer's page: the newest 1,000 entries
            pages.append(time.perf_counter() - started)
        conn.close()
    return {
        "customer_balance_ms_p95": round(_p95(lookups[100:]) * 1000, 3),
        "customer_balance_raw_ms_p95": round(_p95(raw[100:]) * 1000, 3),
        "receivables_ms": round(statistics.median(lists) * 1000, 1),
        "receivables_customers": customers,
        "receivables_owing": len(found.rows),
        "customer_page_entries_ms": round(statistics.median(pages) * 1000, 1),
        "accounts_synth_s": round(written, 1),
    }


def invoice_pdf(work: Path, scale: float) -> Figures:
    from invoice_pdf import measure

    return measure(work, rounds=30 if scale >= 1 else 8)


def reports(work: Path, scale: float) -> Figures:
    from reports import reports as measure

    return measure(work, scale)


BENCHMARKS: list[tuple[str, Callable[[Path, float], Figures]]] = [
    ("startup", startup),
    ("big_shop", big_shop),
    ("journal", journal_verify),
    ("inventory", inventory),
    ("selling", selling),
    ("accounts", accounts),
    ("invoice_pdf", invoice_pdf),
    ("reports", reports),
    ("idle", lambda work, scale: idle(work, scale)),
    ("sync", lambda work, scale: sync(work, scale)),
]


def sync(work: Path, scale: float) -> Figures:
    from sync_bench import measure

    return measure(work, scale)


def _cpu_seconds(pid: int) -> float:
    """User and system CPU time of a process so far, from /proc (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _mtimes(*places: Path) -> dict[str, int]:
    found: dict[str, int] = {}
    for place in places:
        for path in [place, *place.rglob("*")] if place.is_dir() else [place]:
            if path.exists():
                found[str(path)] = path.stat().st_mtime_ns
    return found


def idle(work: Path, scale: float) -> Figures:
    """Duka signed in on the Sell screen and left alone: its CPU use in percent of one core
    over a minute (15 s with --quick), and the files it changed meanwhile (none, we hope)."""
    from duka.core.access import Actor
    from duka.demo.shop import create_demo
    from duka.services.shop import Shop

    db = work / "shop.sqlite3"
    home = work / "home"
    home.mkdir()
    with Shop.open(db, backup_dir=work / "backups", actor=Actor.command_line("bench")) as made:
        create_demo(made)
    seconds = 60.0 if scale >= 1 else 15.0
    child = subprocess.Popen(
        [sys.executable, str(ROOT / "bench" / "idle_app.py"), str(db)],
        env=_child_env(home),
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert child.stdout is not None
        if child.stdout.readline().strip() != "ready":
            raise SystemExit("the idle app did not start")
        time.sleep(3)  # the lazy work after the first paint is over
        before_files = _mtimes(db.parent, home)
        before = _cpu_seconds(child.pid)
        started = time.monotonic()
        time.sleep(seconds)
        used = _cpu_seconds(child.pid) - before
        elapsed = time.monotonic() - started
        after_files = _mtimes(db.parent, home)
    finally:
        child.kill()
        child.wait()
    changed = [p for p, t in after_files.items() if before_files.get(p) != t]
    return {
        "idle_cpu_percent": round(100 * used / elapsed, 3),
        "idle_seconds": round(elapsed, 1),
        "idle_files_written": len(changed),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a tenth of the named sizes")
    parser.add_argument("--json", type=Path, required=True, metavar="OUT")
    parser.add_argument("--only", action="append", help="run only these benchmarks")
    args = parser.parse_args(argv)
    scale = 0.1 if args.quick else 1.0
    compileall.compile_dir(str(ROOT / "desktop" / "duka"), quiet=1)
    figures: Figures = {}
    with tempfile.TemporaryDirectory(prefix="duka-bench-") as folder:
        for name, bench in BENCHMARKS:
            if args.only and name not in args.only:
                continue
            work = Path(folder) / name
            work.mkdir()
            started = time.perf_counter()
            found = bench(work, scale)
            figures.update(found)
            print(f"{name}: {found} ({time.perf_counter() - started:.0f} s)", flush=True)
    args.json.write_text(json.dumps(figures, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
