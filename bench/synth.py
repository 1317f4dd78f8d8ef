"""Synthetic shops for benchmarks: products and customers by the million.

The shop itself (settings, tax rates) is made through the real services; the bulk rows are
written with plain SQL in large transactions, because the figures time the services on top
of the data, not the making of it. Names mix scripts the way real shops do.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import sqlite3
import sys
import time
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

from stdnum import ean

from duka.core import settings as spec
from duka.core.access import Actor
from duka.core.tax import TaxRate
from duka.services.shop import Shop
from duka.store import cash_repo, journal, products_repo
from duka.store.sql import TwoLibraries, files_open_through_apsw

CURRENCY = "KES"
_WORDS = {
    "latin": [
        "sugar",
        "rice",
        "flour",
        "soap",
        "oil",
        "tea",
        "milk",
        "salt",
        "beans",
        "maize",
        "coffee",
        "juice",
        "biscuits",
        "candles",
        "matches",
        "bread",
        "eggs",
        "jam",
    ],
    "swahili": [
        "sukari",
        "mchele",
        "unga",
        "sabuni",
        "mafuta",
        "chai",
        "maziwa",
        "chumvi",
        "maharagwe",
        "mahindi",
    ],
    "hindi": ["चीनी", "चावल", "आटा", "साबुन", "तेल", "चाय", "दूध", "नमक", "दाल", "मसाला"],
    "arabic": ["سكر", "أرز", "دقيق", "صابون", "زيت", "شاي", "حليب", "ملح", "فول", "قهوة"],
    "bengali": ["চিনি", "চাল", "আটা", "সাবান", "তেল", "চা", "দুধ", "লবণ", "ডাল"],
    "chinese": ["糖", "米", "面粉", "肥皂", "油", "茶", "牛奶", "盐", "酱油", "绿茶"],
    "thai": ["น้ำตาล", "ข้าว", "แป้ง", "สบู่", "น้ำมัน", "ชาเขียว", "นม", "เกลือ", "น้ำชา"],
    "tamil": ["சர்க்கரை", "அரிசி", "மாவு", "சோப்பு", "எண்ணெய்", "தேநீர்", "பால்", "உப்பு"],
}
_SIZES = ["100 g", "250 g", "500 g", "1 kg", "2 kg", "500 ml", "1 l", "x6", "x12", "pack"]
_BRANDS = ["Amani", "Baraka", "Jua", "Neema", "Tumaini", "Zawadi", "Kilimo", "Pwani"]
_FIRST = [
    "Amina",
    "Otieno",
    "Wanjiru",
    "Fatuma",
    "Rajesh",
    "Priya",
    "Aïcha",
    "Jean",
    "Grace",
    "محمد",
    "فاطمة",
    "राजेश",
    "प्रिया",
    "মিতালী",
    "Chen",
    "李",
]
_LAST = [
    "Ochieng",
    "Hassan",
    "Patel",
    "Shah",
    "Diallo",
    "Mugisha",
    "Achieng",
    "Kamau",
    "عبد الله",
    "पटेल",
    "দাস",
    "Wang",
    "王",
]


def _product_name(rng: random.Random) -> str:
    script = rng.choice(list(_WORDS))
    return f"{rng.choice(_BRANDS)} {rng.choice(_WORDS[script])} {rng.choice(_SIZES)}"


def _barcode(number: int) -> str:
    body = f"2{number:011d}"[-12:]
    return body + ean.calc_check_digit(body)


_CATEGORIES = {
    "Food": ["Staples", "Snacks", "Drinks", "Dairy", "Spices"],
    "Household": ["Cleaning", "Kitchen"],
    "Personal care": [],
    "Stationery": [],
    "Services": [],
}


def _category_rows(stamp: str) -> Iterator[tuple[object, ...]]:
    number = 0
    for top, subs in _CATEGORIES.items():
        number += 1
        parent = number
        yield (parent, top, None, stamp, "synth")
        for sub in subs:
            number += 1
            yield (number, sub, parent, stamp, "synth")


def _product_rows(
    count: int, rng: random.Random, stamp: str, categories: int
) -> Iterator[tuple[object, ...]]:
    for number in range(1, count + 1):
        price = rng.randrange(1000, 500000, 50)
        yield (
            number,
            _product_name(rng),
            f"S{number:07d}",
            rng.randrange(1, categories + 1),
            "piece",
            price,
            price * rng.randrange(60, 90) // 100,
            rng.choice(["S", "Z", "E"]),
            rng.randrange(0, 50) * 1000,
            stamp,
            "synth",
            stamp,
            "synth",
        )


def _customer_rows(count: int, rng: random.Random, stamp: str) -> Iterator[tuple[object, ...]]:
    for number in range(1, count + 1):
        yield (
            number,
            f"{rng.choice(_FIRST)} {rng.choice(_LAST)}",
            f"+254 7{rng.randrange(10_000_000, 99_999_999)}",
            "",
            "",
            "",
            rng.choice(["en", "fr", "ar", "hi", None]),
            rng.randrange(0, 100) * 10000,
            "",
            stamp,
            "synth",
            stamp,
            "synth",
        )


# -- cash drawers ---------------------------------------------------------------------------

TILLS = ("till-1", "till-2")  # the counter's computers, each with its cash drawer
OFFICE = "office"  # where customers come to pay off their accounts
_FIRST_FLOAT = 500_000  # 5,000 shillings of change in a drawer's first session


def _stamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds")


class _Drawers:
    """Cash sessions as Duka writes them, one per computer per day: opened with what the
    computer's last close counted (the usual float), the cash above the float paid out to
    the safe just before closing, then closed with the cash counted (now and then a few
    shillings off) and the close's details (expected, difference, grand total). Every event
    is journaled, as the cash service journals it. The rows wait here until `write`, so
    that sessions go in with the documents they hold."""

    def __init__(self, conn: sqlite3.Connection, rng: random.Random) -> None:
        self._conn = conn
        self._rng = rng
        self._next_session = 1 + int(
            conn.execute("SELECT ifnull(max(id), 0) FROM cash_sessions").fetchone()[0]
        )
        self._next_event = 1 + int(
            conn.execute("SELECT ifnull(max(id), 0) FROM cash_events").fetchone()[0]
        )
        self._left: dict[str, int] = {}  # computer: the cash its last close counted
        self._cash: dict[int, int] = {}  # open session: its float plus cash taken less given
        self._computer: dict[int, str] = {}
        # id: [id, opened_at, opened_by, computer, closed_at (None while open)]
        self._sessions: dict[int, list[object]] = {}
        self._events: list[tuple[object, ...]] = []

    def open(self, computer: str, at: dt.datetime, actor: str) -> int:
        session = self._next_session
        self._next_session += 1
        if computer not in self._left:
            self._left[computer] = cash_repo.last_counted(self._conn, computer) or (
                _FIRST_FLOAT if computer in TILLS else 0
            )
        amount = self._left[computer]
        self._sessions[session] = [session, _stamp(at), actor, computer, None]
        self._event(session, "open", amount, "", "", at, actor)
        self._cash[session] = amount
        self._computer[session] = computer
        return session

    def take(self, session: int, cash: int) -> None:
        """Cash into (or, negative, out of) the drawer for a sale, refund or payment."""
        self._cash[session] += cash

    def close(self, session: int, at: dt.datetime, actor: str, grand_total: int) -> None:
        computer = self._computer.pop(session)
        expected = self._cash.pop(session)
        float_amount = self._left[computer]
        if expected > float_amount:
            banked = expected - float_amount
            expected -= banked
            safe = at - dt.timedelta(minutes=2)
            self._event(session, "pay_out", banked, "Takings to the safe", "", safe, actor)
        difference = 0
        if self._rng.random() < 0.05:
            difference = self._rng.choice((-1, 1)) * self._rng.randrange(1, 50) * 100
        counted = max(0, expected + difference)
        details = {
            "expected": expected,
            "difference": counted - expected,
            "grand_total": grand_total,
            "counts": {},
        }
        text = json.dumps(details, separators=(",", ":"))
        self._event(session, "close", counted, "", text, at, actor)
        self._sessions[session][4] = _stamp(at)
        self._left[computer] = counted

    def _event(
        self, session: int, kind: str, amount: int, reason: str, details: str,
        at: dt.datetime, actor: str,
    ) -> None:  # fmt: skip
        self._events.append(
            (self._next_event, session, kind, amount, reason, details, _stamp(at), actor)
        )
        self._next_event += 1

    def write(self) -> None:
        """The sessions and their events so far, in the caller's transaction (a session
        still open is written open, and must stay so)."""
        conn = self._conn
        conn.executemany(
            "INSERT INTO cash_sessions (id, opened_at, opened_by, computer, closed_at, state) "
            "VALUES (?, ?, ?, ?, ?, iif(?5 IS NULL, 'open', 'closed'))",
            self._sessions.values(),
        )
        conn.executemany(
            "INSERT INTO cash_events (id, session_id, kind, amount, reason, details, at, "
            "user_id, actor) VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?)",
            self._events,
        )
        for event in self._events:
            journal.append(conn, journal.CASH_EVENT.kind, int(event[0]), str(event[6]), None,
                           str(event[7]))  # fmt: skip
        self._sessions.clear()
        self._events.clear()


def _bulk_connection(path: Path) -> sqlite3.Connection:
    """The generator's own connection to a shop no connection of this process holds open
    through apsw: sqlite3 bulk-loads faster, and one file must never be open through both
    SQLite libraries at once (see duka.store.sql)."""
    if os.path.realpath(path) in files_open_through_apsw():
        raise TwoLibraries(f"{path} is open through apsw: close the shop before adding to it")
    return sqlite3.connect(str(path), isolation_level=None)


def build_shop(
    path: Path, products: int, customers: int, *, backup_dir: Path, seed: int = 7
) -> dict[str, float]:
    """Make a new shop at `path`; return how long each part took (seconds)."""
    if path.exists():
        raise SystemExit(f"{path} exists; the generator only makes new shops")
    rng = random.Random(seed)
    timings: dict[str, float] = {}
    started = time.perf_counter()
    with Shop.open(path, backup_dir=backup_dir, actor=Actor.command_line("synth")) as shop:
        shop.settings.first_run(
            "Synthetic Duka", "KE", CURRENCY, "en", owner_name="Amina", owner_pin="1234"
        )
        shop.settings.save(
            {
                spec.TAX_RATES.key: (
                    TaxRate("S", "VAT 16%", Decimal(16)),
                    TaxRate("Z", "Zero-rated", Decimal(0)),
                    TaxRate("E", "Exempt", Decimal(0), exempt=True),
                ),
            }
        )
    timings["setup_s"] = time.perf_counter() - started

    conn = _bulk_connection(path)
    conn.execute("PRAGMA synchronous = OFF")  # a generator's bulk load, not a shop's sales
    stamp = "2026-01-01T00:00:00+00:00"
    started = time.perf_counter()
    conn.execute("BEGIN")
    categories = list(_category_rows(stamp))
    conn.executemany(
        "INSERT INTO categories (id, name, parent_id, created_at, created_by) "
        "VALUES (?, ?, ?, ?, ?)",
        categories,
    )
    conn.executemany(
        """INSERT INTO products (id, name, sku, category_id, unit, sell_price, cost_price,
               tax_code, reorder_level, created_at, created_by, updated_at, updated_by)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        _product_rows(products, rng, stamp, len(categories)),
    )
    conn.executemany(
        "INSERT INTO barcodes (code, product_id) VALUES (?, ?)",
        ((_barcode(n), n) for n in range(1, products + 1)),
    )
    # Opening stock for every product (a few out of stock), through the ledger as Duka
    # records it; its trigger fills the cached levels.
    conn.executemany(
        "INSERT INTO stock_movements (product_id, kind, quantity, unit_cost, at, actor) "
        "VALUES (?, 'opening', ?, 0, ?, 'synth')",
        ((n, rng.randrange(0, 200) * 1000, stamp) for n in range(1, products + 1)),
    )
    conn.execute("INSERT INTO products_fts (products_fts) VALUES ('rebuild')")
    products_repo.rebuild_name_grams(conn)
    conn.execute(
        "UPDATE product_counts SET n = (SELECT count(*) FROM products p "
        "WHERE p.active = product_counts.active)"
    )
    # Journaled as Duka journals products and opening stock (in bulk, as an import does),
    # so that `duka verify` finds the generated shop whole.
    journal.append_many(conn, journal.PRODUCT.kind, range(1, products + 1), stamp, None, "synth")
    movements = [r[0] for r in conn.execute("SELECT id FROM stock_movements ORDER BY id")]
    journal.append_many(conn, journal.STOCK_MOVEMENT.kind, movements, stamp, None, "synth")
    conn.execute("COMMIT")
    timings["products_s"] = time.perf_counter() - started

    started = time.perf_counter()
    conn.execute("BEGIN")
    conn.executemany(
        """INSERT INTO customers (id, name, phone, email, address, tax_id, language,
               credit_limit, notes, created_at, created_by, updated_at, updated_by)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        _customer_rows(customers, rng, stamp),
    )
    journal.append_many(conn, journal.CUSTOMER.kind, range(1, customers + 1), stamp, None, "synth")
    conn.execute("COMMIT")
    timings["customers_s"] = time.perf_counter() - started
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return timings


VARIANT_OPTIONS = (("Size", ("S", "M", "L", "XL")), ("Colour", ("Red", "Blue")))
PER_PARENT = 8  # every combination of VARIANT_OPTIONS


def add_variants(path: Path, variants: int) -> float:
    """Make the last `variants` products of a shop `build_shop` made the variants of new
    parent products, eight to a parent (four sizes, two colours), as Duka keeps them
    (core.variants): a parent row with the options and no barcode, each variant naming its
    parent and its values and following the parent's price; journaled as Duka journals
    them. Returns how long it took (seconds)."""
    started = time.perf_counter()
    conn = _bulk_connection(path)
    conn.execute("PRAGMA synchronous = OFF")
    stamp = "2026-01-01T00:00:00+00:00"
    last = int(conn.execute("SELECT max(id) FROM products").fetchone()[0])
    first = max(1, last - variants + 1)
    combos = [(size, colour) for size in VARIANT_OPTIONS[0][1] for colour in VARIANT_OPTIONS[1][1]]
    options = json.dumps([[name, list(values)] for name, values in VARIANT_OPTIONS])
    conn.execute("BEGIN")
    parents: list[tuple[object, ...]] = []
    marks: list[tuple[object, ...]] = []
    for start in range(first, last + 1, PER_PARENT):
        parent = last + 1 + len(parents)
        name, category, price, cost, tax = conn.execute(
            "SELECT name, category_id, sell_price, cost_price, tax_code FROM products WHERE id = ?",
            (start,),
        ).fetchone()
        parents.append(
            (parent, f"{name} style", f"P{parent:07d}", category, "piece", price, cost, tax,
             0, stamp, "synth", stamp, "synth", options)
        )  # fmt: skip
        for offset, values in enumerate(combos):
            if start + offset <= last:
                marks.append((parent, json.dumps(list(values)), price, start + offset))
    conn.executemany(
        """INSERT INTO products (id, name, sku, category_id, unit, sell_price, cost_price,
               tax_code, reorder_level, created_at, created_by, updated_at, updated_by, options)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        parents,
    )
    conn.executemany(
        "UPDATE products SET parent_id = ?, options = ?, price_follows = 1, sell_price = ? "
        "WHERE id = ?",
        marks,
    )
    conn.executemany(
        "INSERT INTO products_fts (rowid, name, sku) VALUES (?, ?, ?)",
        ((p[0], p[1], p[2]) for p in parents),
    )
    conn.executemany(
        "INSERT INTO product_grams (gram, product_id) VALUES (?, ?)",
        products_repo._gram_rows((int(str(p[0])), str(p[1])) for p in parents),
    )
    conn.execute("UPDATE product_counts SET n = n + ? WHERE active = 1", (len(parents),))
    journaled = [p[0] for p in parents] + [m[3] for m in marks]
    journal.append_many(conn, journal.PRODUCT.kind, journaled, stamp, None, "synth")  # type: ignore[arg-type]
    conn.execute("COMMIT")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return time.perf_counter() - started


def add_journal(path: Path, entries: int, seed: int = 11) -> float:
    """Append `entries` audit rows, each journaled exactly as Duka journals one, in bulk.

    The append-only triggers are lifted while the generator writes and put back after; the
    content comes from the journal's own SQL encoding and the hashes from its chain rule, so
    `duka verify` finds a whole, correct journal. Returns the seconds it took.
    """
    from duka.store import journal

    rng = random.Random(seed)
    started = time.perf_counter()
    conn = _bulk_connection(path)
    conn.execute("PRAGMA synchronous = OFF")
    triggers = conn.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name IN (?, ?, ?, ?)",
        journal.TRIGGERS,
    ).fetchall()
    conn.execute("BEGIN")
    for name in journal.TRIGGERS:
        conn.execute(f"DROP TRIGGER IF EXISTS {name}")
    first_id = conn.execute("SELECT ifnull(max(id), 0) FROM audit").fetchone()[0] + 1
    first_seq = journal.last_seq(conn) + 1
    actors = [(1, "Amina"), (2, "Baraka"), (3, "Wanjiru"), (4, "Hassan")]
    actions = ["sign_in", "setting_changed", "price_changed", "refund", "locked"]
    rows = []
    for offset in range(entries):
        _user_id, actor = rng.choice(actors)
        minute = offset // 10
        at = (
            f"2025-{1 + minute // 44640 % 12:02d}-{1 + minute // 1440 % 28:02d}T"
            f"{minute // 60 % 24:02d}:{minute % 60:02d}:00+00:00"
        )
        rows.append(
            (
                first_id + offset,
                at,
                None,
                actor,
                rng.choice(actions),
                f"product {rng.randrange(1, 10**6)}: Sukari 1 kg",
                '"120.00 KES"',
                '"125.00 KES"',
            )
        )
    conn.executemany(
        "INSERT INTO audit (id, at, user_id, actor, action, subject, before, after) "
        "VALUES (?, ?, NULL, ?, ?, ?, ?, ?)",
        [
            (i, at, actor, action, subject, before, after)
            for i, at, _u, actor, action, subject, before, after in rows
        ],
    )
    conn.executemany(
        "INSERT INTO journal (seq, at, kind, source_table, source_id, user_id, actor, content, "
        "prev_hash, hash) VALUES (?, ?, 'audit', 'audit', ?, NULL, ?, x'', zeroblob(32), "
        "zeroblob(32))",
        [(first_seq + n, row[1], row[0], row[3]) for n, row in enumerate(rows)],
    )
    content = journal.content_sql_for_rows(journal.AUDIT)
    conn.execute(f"UPDATE journal AS j SET content = {content} WHERE seq >= ?", (first_seq,))
    previous = conn.execute("SELECT hash FROM journal WHERE seq = ?", (first_seq - 1,)).fetchone()
    digest = bytes(previous[0]) if previous else journal.GENESIS
    updates = []
    for seq, body in conn.execute(
        "SELECT seq, content FROM journal WHERE seq >= ? ORDER BY seq", (first_seq,)
    ):
        new = journal.chain_hash(digest, body)
        updates.append((digest, new, seq))
        digest = new
    conn.executemany("UPDATE journal SET prev_hash = ?, hash = ? WHERE seq = ?", updates)
    for (sql,) in triggers:
        conn.execute(sql)
    conn.execute("COMMIT")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return time.perf_counter() - started


def add_accounts(path: Path, deep_entries: int, seed: int = 13) -> float:
    """Give every customer of the shop at `path` a short account (up to four entries: what
    they came to owe and some payments in cash, over the last 200 days) and customer 1 a
    long one of `deep_entries` entries paid by mobile money, written through the ledger's own
    code (allocations, cached balances and journal) in one transaction. The cash payments
    are taken at the OFFICE computer, in its cash sessions (see _Drawers): one for each run
    of payments without a quarter of an hour's pause across midnight, which is one a day.
    Returns the seconds it took."""
    from duka.store import ledger_repo

    rng = random.Random(seed)
    started = time.perf_counter()
    conn = _bulk_connection(path)
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("PRAGMA foreign_keys = ON")
    customers = [r[0] for r in conn.execute("SELECT id FROM customers ORDER BY id")]
    origin = 1_780_000_000  # 2026-05-28, seconds since the epoch

    def moment_of(seconds: int) -> dt.datetime:
        return dt.datetime.fromtimestamp(seconds, dt.UTC)

    # (customer, kind, amount, seconds, method), in the order they are posted
    planned: list[tuple[int, str, int, int, str]] = []
    for customer in customers[1:]:
        moment = origin + rng.randrange(0, 100 * 86400)
        for _ in range(rng.choice((0, 1, 2, 2, 3, 4))):
            moment += rng.randrange(3600, 30 * 86400)
            if rng.random() < 0.7:
                planned.append((customer, "adjustment", rng.randrange(1, 500) * 100, moment, ""))
            else:
                planned.append((customer, "payment", -rng.randrange(1, 200) * 100, moment, "cash"))
    moment = origin - deep_entries * 60
    for number in range(deep_entries):
        moment += 60
        if number % 3 == 2:
            planned.append((customers[0], "payment", -rng.randrange(1, 300) * 100, moment,
                            "mobile"))  # fmt: skip
        else:
            planned.append((customers[0], "adjustment", rng.randrange(1, 300) * 100, moment, ""))

    conn.execute("BEGIN")
    drawers = _Drawers(conn, random.Random(seed + 1))
    cash = sorted({seconds for *_, seconds, method in planned if method == "cash"})
    runs: list[list[int]] = []
    for seconds in cash:
        if not runs or (
            seconds - runs[-1][-1] > 15 * 60
            and moment_of(seconds).astimezone().date()
            != moment_of(runs[-1][-1]).astimezone().date()
        ):
            runs.append([])
        runs[-1].append(seconds)
    run_of = {seconds: number for number, run in enumerate(runs) for seconds in run}
    taken = [0] * len(runs)
    for *_, amount, seconds, method in planned:
        if method == "cash":
            taken[run_of[seconds]] -= amount
    closings = [moment_of(run[-1] + 300) for run in runs]
    sessions = []
    for run, cash_taken, closing, total in zip(
        runs, taken, closings, _grand_totals(conn, closings), strict=True
    ):
        session = drawers.open(OFFICE, moment_of(run[0] - 60), "Amina")
        drawers.take(session, cash_taken)
        drawers.close(session, closing, "Amina", total)
        sessions.append(session)
    drawers.write()
    session_of = {seconds: sessions[number] for seconds, number in run_of.items()}
    for customer, kind, amount, seconds, method in planned:
        ledger_repo.post(
            conn,
            ledger_repo.NewEntry(
                customer, kind, amount, "", method, "synthetic",
                session_of[seconds] if method == "cash" else None,
                at=_stamp(moment_of(seconds)), actor="synth",
            ),
        )  # fmt: skip
    conn.execute("COMMIT")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return time.perf_counter() - started


PRICE_LISTS = ("Wholesale", "Hotels", "Staff")


def add_price_lists(path: Path, seed: int = 19) -> tuple[float, int]:
    """Price lists on the shop at `path` (once; nothing if it has them): Wholesale prices
    every 5th product (a price and a break from 10), Hotels every 7th, Staff every 20th, and
    retail has breaks from 10 and from 100 on every 10th product, never below cost;
    customer 1 buys at Wholesale. Returns the seconds it took and how many prices."""
    started = time.perf_counter()
    rng = random.Random(seed)
    conn = _bulk_connection(path)
    conn.execute("PRAGMA synchronous = OFF")
    if conn.execute("SELECT count(*) FROM price_lists WHERE id <> 0").fetchone()[0]:
        conn.close()
        return 0.0, 0
    stamp = _stamp(dt.datetime.now(dt.UTC))
    conn.execute("BEGIN")
    for number, name in enumerate(PRICE_LISTS, start=1):
        conn.execute(
            "INSERT INTO price_lists (id, name, active, created_at, updated_at, updated_by) "
            "VALUES (?, ?, 1, ?, ?, 'synth')",
            (number, name, stamp, stamp),
        )
    every = {1: 5, 2: 7, 3: 20}

    def rows() -> Iterator[tuple[int, int, int, int]]:
        for product_id, price, cost in conn.execute(
            "SELECT id, sell_price, cost_price FROM products ORDER BY id"
        ).fetchall():
            for list_id, step in every.items():
                if product_id % step == 0:
                    off = rng.randint(3, 10)
                    yield list_id, product_id, 0, max(cost, price * (100 - off) // 100)
                    if list_id == 1:
                        yield list_id, product_id, 10_000, max(cost, price * (88 - off) // 100)
            if product_id % 10 == 0:
                yield 0, product_id, 10_000, max(cost, price * 95 // 100)
                yield 0, product_id, 100_000, max(cost, price * 90 // 100)

    made = 0
    batch: list[tuple[int, int, int, int]] = []
    for row in rows():
        batch.append(row)
        if len(batch) == 20_000:
            made += _insert_prices(conn, batch, made)
            batch = []
    made += _insert_prices(conn, batch, made)
    conn.execute("UPDATE customers SET price_list_id = 1 WHERE id = 1")
    conn.execute("COMMIT")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return time.perf_counter() - started, made


def _insert_prices(
    conn: sqlite3.Connection, batch: list[tuple[int, int, int, int]], first: int
) -> int:
    conn.executemany(
        "INSERT INTO price_list_prices (id, list_id, product_id, from_quantity, price) "
        "VALUES (?, ?, ?, ?, ?)",
        [(first + n + 1, *row) for n, row in enumerate(batch)],
    )
    return len(batch)


def _grand_totals(conn: sqlite3.Connection, moments: list[dt.datetime]) -> list[int]:
    """Every sale less every refund up to each of `moments` (in order): what a close
    written then gives as the grand total. One pass over the sales, in slices."""
    totals = []
    total, since = 0, ""
    for moment in moments:
        until = _stamp(moment)
        total += conn.execute(
            "SELECT (SELECT ifnull(sum(gross), 0) FROM sales WHERE at > ?1 AND at <= ?2) - "
            "(SELECT ifnull(sum(gross), 0) FROM refunds WHERE at > ?1 AND at <= ?2)",
            (since, until),
        ).fetchone()[0]
        totals.append(int(total))
        since = until
    return totals


def add_sales_history(
    path: Path,
    lines: int,
    *,
    years: int = 3,
    hot_products: int = 3000,
    end: dt.date | None = None,
    seed: int = 19,
) -> dict[str, float]:
    """Counter sales with about `lines` lines over the `years` years up to `end` (today),
    then the reports' daily summaries worked out from them in one set-based pass.

    Most lines go to a few thousand products (`hot_products`, the most popular far more
    than the rest), the others anywhere in the catalogue; busier on Saturdays, quieter on
    Sundays, growing over the years; sales between 8:00 and 20:00 local time, 1-9 lines,
    some lines discounted, paid in cash, by mobile money or card; one sale in 200 has a
    line brought back within two days, in opening hours. Prices include tax (16%,
    zero-rated or exempt by the product's rate). Each sale is made at one of two tills
    (TILLS), and each refund too; each till has a cash session a day, from 7:50 to just
    after 20:00, holding its sales and refunds (see _Drawers); today's stay open, and
    nothing is dated after now. The rows are written with plain SQL in large transactions;
    they are history for the reports, so they move no stock and only the cash events are
    journaled (`duka verify` finds the cash-ups whole, not the sales). Returns seconds per
    part and what was written.
    """
    from duka.store import summaries

    rng = random.Random(seed)
    end = end or dt.date.today()
    first = end - dt.timedelta(days=365 * years - 1)
    conn = _bulk_connection(path)
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("PRAGMA cache_size = -1000000")  # 1 GB: the line indexes stay in memory
    conn.execute("PRAGMA temp_store = FILE")
    products = conn.execute(
        "SELECT id, name, unit, sell_price, cost_price, tax_code FROM products ORDER BY id"
    ).fetchall()
    rates = {
        "S": ("VAT 16%", "16", 0, 16),
        "Z": ("Zero-rated", "0", 0, 0),
        "E": ("Exempt", "0", 1, 0),
    }
    hot = rng.sample(range(len(products)), min(hot_products, len(products)))
    cashiers = ["Amina", "Baraka", "Wanjiru", "Hassan"]
    spans = (end - first).days + 1
    weights = []
    for offset in range(spans):
        day = first + dt.timedelta(days=offset)
        weights.append({5: 1.3, 6: 0.7}.get(day.weekday(), 1.0) * (0.8 + 0.4 * offset / spans))
    per_weight = lines / sum(weights)
    next_sale = int(conn.execute("SELECT ifnull(max(id), 0) FROM sales").fetchone()[0]) + 1
    next_line = int(conn.execute("SELECT ifnull(max(id), 0) FROM sale_lines").fetchone()[0]) + 1
    next_refund = int(conn.execute("SELECT ifnull(max(id), 0) FROM refunds").fetchone()[0]) + 1
    grand_total = int(
        conn.execute(
            "SELECT (SELECT ifnull(sum(gross), 0) FROM sales) - "
            "(SELECT ifnull(sum(gross), 0) FROM refunds)"
        ).fetchone()[0]
    )
    # The tills, cashiers opening and closing them and cash counts draw on their own
    # numbers, so that the sales are the same with or without them.
    counter = random.Random(seed + 1)
    drawers = _Drawers(conn, counter)
    # Refunds wait for the day they are made: (when, sale, actor, sale line, restocked).
    returns: dict[dt.date, list[tuple[dt.datetime, int, str, tuple[object, ...], int]]] = {}
    timings: dict[str, float] = {}
    started = time.perf_counter()
    written = 0
    sales: list[tuple[object, ...]] = []
    sale_lines: list[tuple[object, ...]] = []
    taxes: list[tuple[object, ...]] = []
    payments: list[tuple[object, ...]] = []
    refunds: list[tuple[object, ...]] = []
    refund_lines: list[tuple[object, ...]] = []
    refund_taxes: list[tuple[object, ...]] = []
    refund_payments: list[tuple[object, ...]] = []

    def flush() -> None:
        conn.execute("BEGIN")
        drawers.write()
        conn.executemany(
            "INSERT INTO sales (id, number, at, actor, session_id, currency, mode, net, tax, "
            "gross) VALUES (?, ?, ?, ?, ?, 'KES', 'inclusive', ?, ?, ?)",
            sales,
        )
        conn.executemany(
            "INSERT INTO sale_lines (id, sale_id, product_id, name, unit, quantity, unit_price, "
            "list_price, discount, amount, tax_code, unit_cost) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            sale_lines,
        )
        conn.executemany("INSERT INTO sale_taxes VALUES (?, ?, ?, ?, ?, ?, ?, ?)", taxes)
        conn.executemany(
            "INSERT INTO sale_payments (sale_id, method, amount, tendered) VALUES (?, ?, ?, ?)",
            payments,
        )
        conn.executemany(
            "INSERT INTO refunds (id, number, sale_id, at, actor, session_id, currency, mode, "
            "net, tax, gross, reason) "
            "VALUES (?, ?, ?, ?, ?, ?, 'KES', 'inclusive', ?, ?, ?, 'synthetic')",
            refunds,
        )
        conn.executemany(
            "INSERT INTO refund_lines (refund_id, sale_line_id, product_id, quantity, amount, "
            "restock) VALUES (?, ?, ?, ?, ?, ?)",
            refund_lines,
        )
        conn.executemany("INSERT INTO refund_taxes VALUES (?, ?, ?, ?, ?, ?, ?, ?)", refund_taxes)
        conn.executemany(
            "INSERT INTO refund_payments (refund_id, method, amount) VALUES (?, 'cash', ?)",
            refund_payments,
        )
        conn.execute("COMMIT")
        for rows in (sales, sale_lines, taxes, payments, refunds, refund_lines, refund_taxes,
                     refund_payments):  # fmt: skip
            rows.clear()

    def tax_in(gross: int, code: str) -> int:
        percent = rates[code][3]
        return (gross * percent * 2 + (100 + percent)) // (2 * (100 + percent)) if percent else 0

    def local(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
        return dt.datetime.combine(day, dt.time(hour, minute)).astimezone()

    def in_hours(moment: dt.datetime) -> dt.datetime:
        """`moment`, or if the shop is closed then, as long after the next opening."""
        moment = moment.astimezone()
        day = moment.date()
        if moment >= local(day, 20):
            return local(day + dt.timedelta(days=1), 8) + (moment - local(day, 20))
        if moment < local(day, 8):
            return local(day, 8) + (moment - local(day, 0))
        return moment

    now = dt.datetime.now(dt.UTC)
    for offset, weight in enumerate(weights):
        day = first + dt.timedelta(days=offset)
        opening = local(day, 8)
        sessions = {
            till: drawers.open(till, local(day, 7, 50), counter.choice(cashiers))
            for till in TILLS
            if local(day, 7, 50) <= now
        }
        target = round(weight * per_weight * rng.uniform(0.85, 1.15))
        minutes = sorted(rng.randrange(12 * 60 * 60) for _ in range(max(1, target // 5)))
        day_lines = 0
        for seconds in minutes:
            if day_lines >= target:
                break
            at = (opening + dt.timedelta(seconds=seconds)).astimezone(dt.UTC)
            if at > now:
                break
            stamp = at.isoformat(timespec="seconds")
            session = sessions[TILLS[counter.random() < 0.4]]
            sale = next_sale
            next_sale += 1
            by_code: dict[str, int] = {}
            gross = 0
            first_line = next_line
            for _ in range(rng.choice((1, 2, 3, 4, 5, 5, 6, 7, 8, 9))):
                if rng.random() < 0.85:
                    index = hot[int(len(hot) * rng.random() ** 2)]
                else:
                    index = rng.randrange(len(products))
                pid, name, unit, price, cost, code = products[index]
                code = code or "E"
                quantity = 1000 * rng.choice((1, 1, 1, 2, 3))
                listed = price * quantity // 1000
                discount = listed * 5 // 100 if rng.random() < 0.02 else 0
                amount = listed - discount
                sale_lines.append(
                    (next_line, sale, pid, name, unit, quantity, price, price, discount, amount,
                     code, cost)
                )  # fmt: skip
                next_line += 1
                by_code[code] = by_code.get(code, 0) + amount
                gross += amount
            tax = 0
            for code, amount in by_code.items():
                name, percent, exempt, _p = rates[code]
                rate_tax = tax_in(amount, code)
                tax += rate_tax
                taxes.append(
                    (sale, code, name, percent, exempt, amount - rate_tax, rate_tax, amount)
                )
            sales.append(
                (sale, f"S-{sale:06d}", stamp, rng.choice(cashiers), session, gross - tax, tax,
                 gross)
            )  # fmt: skip
            grand_total += gross
            roll = rng.random()
            method = "cash" if roll < 0.6 else "mobile" if roll < 0.9 else "card"
            payments.append((sale, method, gross, gross))
            if method == "cash":
                drawers.take(session, gross)
            day_lines += next_line - first_line
            hours_later = rng.randrange(1, 48)
            if rng.random() >= 0.005:
                continue
            returned = in_hours(at + dt.timedelta(hours=hours_later))
            if returned < now:  # nothing is dated in the future
                returns.setdefault(returned.date(), []).append(
                    (returned, sale, rng.choice(cashiers), sale_lines[-1], int(rng.random() < 0.8))
                )
        for returned, sale, actor, back, restock in sorted(returns.pop(day, [])):
            code, amount = str(back[10]), int(back[9])
            rate_tax = tax_in(amount, code)
            later = returned.astimezone(dt.UTC).isoformat(timespec="seconds")
            refund = next_refund
            next_refund += 1
            session = sessions[TILLS[counter.random() < 0.4]]
            refunds.append((refund, f"R-{refund:06d}", sale, later, actor, session,
                            amount - rate_tax, rate_tax, amount))  # fmt: skip
            refund_lines.append((refund, back[0], back[2], back[5], amount, restock))
            name, percent, exempt, _p = rates[code]
            refund_taxes.append(
                (refund, code, name, percent, exempt, amount - rate_tax, rate_tax, amount)
            )
            refund_payments.append((refund, amount))
            grand_total -= amount
            drawers.take(session, -amount)
        for minutes_after, till in enumerate(TILLS, start=1):
            closing = local(day, 20, 5 * minutes_after)
            if till in sessions and closing <= now:
                drawers.close(sessions[till], closing, counter.choice(cashiers), grand_total)
        written += day_lines
        if len(sale_lines) >= 200_000:
            flush()
    flush()
    conn.execute(
        "INSERT INTO counters (series, period, next) VALUES ('sale', '', ?), ('refund', '', ?) "
        "ON CONFLICT (series) DO UPDATE SET next = excluded.next",
        (next_sale, next_refund),
    )
    timings["sales_s"] = time.perf_counter() - started
    started = time.perf_counter()
    conn.execute("BEGIN")
    summaries.rebuild(conn)
    conn.execute("COMMIT")
    timings["summaries_s"] = time.perf_counter() - started
    timings["sale_lines"] = float(written)
    timings["sales"] = float(conn.execute("SELECT count(*) FROM sales").fetchone()[0])
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return timings


# The expenses of a small shop: (category key, typical amount in shillings, with VAT 16%).
_EXPENSES = (
    ("rent", 25_000, False),
    ("electricity", 3_000, True),
    ("water", 800, False),
    ("transport", 400, False),
    ("wages", 12_000, False),
    ("phone_internet", 1_000, True),
    ("repairs", 1_500, True),
    ("licences_fees", 5_000, False),
    ("bank_charges", 60, False),
    ("stock_outside", 700, False),
    ("other", 300, False),
)


BATCHES_PER_PRODUCT = 5


def add_batches(path: Path, batches: int, seed: int = 19) -> dict[str, float]:
    """Medicines and dairy: the first `batches` / 5 products keep batches, each with five
    batches received as opening stock (through the ledger, so the trigger fills the cached
    batch levels), expiring from a few days ago (one in fifty) to two years ahead. Returns
    the seconds it took and how many products keep batches (`batch_products`)."""
    rng = random.Random(seed)
    tracked = max(batches // BATCHES_PER_PRODUCT, 1)
    today = dt.date.today()
    stamp = "2026-01-01T00:00:00+00:00"
    conn = _bulk_connection(path)
    conn.execute("PRAGMA synchronous = OFF")
    started = time.perf_counter()
    conn.execute("BEGIN")
    conn.execute("UPDATE products SET tracks_batches = 1 WHERE id <= ?", (tracked,))
    rows = []
    for product in range(1, tracked + 1):
        for k in range(BATCHES_PER_PRODUCT):
            days = (
                -rng.randrange(1, 20)
                if rng.random() < 0.02
                else 10 + k * 140 + rng.randrange(0, 60)
            )
            rows.append(
                (product, f"L{product % 997:03d}{k}", (today + dt.timedelta(days=days)).isoformat())
            )
    first = int(conn.execute("SELECT ifnull(max(id), 0) FROM batches").fetchone()[0]) + 1
    conn.executemany(
        "INSERT INTO batches (id, product_id, number, expiry, at, actor) "
        "VALUES (?, ?, ?, ?, ?, 'synth')",
        (
            (first + n, product, number, expiry, stamp)
            for n, (product, number, expiry) in enumerate(rows)
        ),
    )
    before = int(conn.execute("SELECT ifnull(max(id), 0) FROM stock_movements").fetchone()[0])
    conn.executemany(
        "INSERT INTO stock_movements (product_id, kind, quantity, unit_cost, at, actor, batch_id) "
        "VALUES (?, 'opening', ?, 0, ?, 'synth', ?)",
        (
            (product, rng.randrange(20, 100) * 1000, stamp, first + n)
            for n, (product, _number, _expiry) in enumerate(rows)
        ),
    )
    movements = [
        r[0]
        for r in conn.execute("SELECT id FROM stock_movements WHERE id > ? ORDER BY id", (before,))
    ]
    journal.append_many(conn, journal.STOCK_MOVEMENT.kind, movements, stamp, None, "synth")
    conn.execute("COMMIT")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return {"batches_s": time.perf_counter() - started, "batch_products": float(tracked)}


def add_back_office(
    path: Path,
    expenses: int,
    write_offs: int,
    *,
    years: int = 3,
    end: dt.date | None = None,
    seed: int = 23,
) -> float:
    """`expenses` expenses over the `years` years up to `end` (today), paid from a bank
    account, in the starting list's categories and two of the owner's, some with VAT; and
    `write_offs` movements of stock written off (expired, damaged) at the products' costs, at
    any time of those years. Plain SQL rows like the sales history (not journaled). Returns
    the seconds it took."""
    rng = random.Random(seed)
    started = time.perf_counter()
    end = end or dt.date.today()
    first = end - dt.timedelta(days=365 * years - 1)
    spans = (end - first).days + 1
    stamp = "2026-01-01T00:00:00+00:00"
    conn = _bulk_connection(path)
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("BEGIN")
    account = int(conn.execute("SELECT ifnull(max(id), 0) + 1 FROM money_accounts").fetchone()[0])
    conn.execute(
        "INSERT INTO money_accounts (id, name, kind, created_at, created_by, updated_at, "
        "updated_by) VALUES (?, 'KCB', 'bank', ?, 'synth', ?, 'synth')",
        (account, stamp, stamp),
    )
    keys = dict(conn.execute("SELECT key, id FROM expense_categories WHERE key IS NOT NULL"))
    own = int(conn.execute("SELECT max(id) FROM expense_categories").fetchone()[0]) + 1
    conn.executemany(
        "INSERT INTO expense_categories (id, name, created_at, created_by) "
        "VALUES (?, ?, ?, 'synth')",
        [(own, "Security guard", stamp), (own + 1, "Market fees", stamp)],
    )
    kinds = [(keys[key], amount, vat) for key, amount, vat in _EXPENSES]
    kinds += [(own, 2_000, False), (own + 1, 50, False)]
    weights = [1, 2, 1, 8, 3, 2, 1, 1, 10, 6, 4, 4, 20][: len(kinds)]
    next_id = int(conn.execute("SELECT ifnull(max(id), 0) + 1 FROM expenses").fetchone()[0])
    rows = []
    for number in range(expenses):
        category, amount, vat = rng.choices(kinds, weights)[0]
        gross = max(1, int(amount * 100 * rng.uniform(0.5, 1.5)))
        tax = gross - gross * 100 // 116 if vat else 0
        day = first + dt.timedelta(days=rng.randrange(spans))
        moment = dt.datetime.combine(day, dt.time(rng.randrange(8, 20))).astimezone(dt.UTC)
        rows.append((next_id + number, f"EX-{next_id + number:06d}", day.isoformat(), category,
                     gross - tax, tax, gross, "S" if vat else None, account,
                     moment.isoformat(timespec="seconds"), "Amina"))  # fmt: skip
    conn.executemany(
        "INSERT INTO expenses (id, number, day, category_id, net, tax, gross, tax_code, method, "
        "account_id, at, actor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'account', ?, ?, ?)",
        rows,
    )
    costs = conn.execute("SELECT id, cost_price FROM products ORDER BY id").fetchall()
    moves = []
    for _ in range(write_offs):
        product, cost = rng.choice(costs)
        day = first + dt.timedelta(days=rng.randrange(spans))
        moment = dt.datetime.combine(day, dt.time(rng.randrange(7, 21))).astimezone(dt.UTC)
        moves.append((product, -rng.randrange(1, 6) * 1000, cost,
                      rng.choice(("expired", "damaged")), _stamp(moment)))  # fmt: skip
    conn.executemany(
        "INSERT INTO stock_movements (product_id, kind, quantity, unit_cost, reason, at, actor) "
        "VALUES (?, 'write_off', ?, ?, ?, ?, 'synth')",
        moves,
    )
    conn.execute("COMMIT")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return time.perf_counter() - started


def add_promotions(
    path: Path, products: int, *, covered: int = 250, seed: int = 29, today: dt.date | None = None
) -> float:
    """Promotions running today, as a busy shop has them: 40 multi-buys ("3 for 2") over
    `covered` random products each, three categories at 10% off, 2% off every sale, and five
    for a price list (not in force without a customer on it). Written as Duka writes them and
    journaled one entry each. Returns the seconds it took."""
    rng = random.Random(seed)
    started = time.perf_counter()
    today = today or dt.date.today()
    starts, ends = (
        (today - dt.timedelta(days=1)).isoformat(),
        (today + dt.timedelta(days=30)).isoformat(),
    )
    stamp = "2026-01-01T00:00:00+00:00"
    conn = _bulk_connection(path)
    conn.execute("BEGIN")
    first = int(conn.execute("SELECT ifnull(max(id), 0) + 1 FROM promotions").fetchone()[0])
    made = []

    def promotion(name: str, kind: str, scope: str, **figures: object) -> int:
        number = first + len(made)
        row = {"buy": 0, "pay": 0, "percent": "0", "amount": None, "price_list_id": None}
        row.update(figures)
        conn.execute(
            "INSERT INTO promotions (id, name, kind, scope, buy, pay, percent, amount, starts, "
            "ends, price_list_id, created_at, created_by) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'synth')",
            (number, name, kind, scope, row["buy"], row["pay"], row["percent"], row["amount"],
             starts, ends, row["price_list_id"], stamp),
        )  # fmt: skip
        made.append(number)
        return number

    for number in range(40):
        made_id = promotion(f"3 for 2 no. {number + 1}", "multi_buy", "products", buy=3, pay=2)
        conn.executemany(
            "INSERT OR IGNORE INTO promotion_products (promotion_id, product_id) VALUES (?, ?)",
            [(made_id, rng.randint(1, products)) for _ in range(covered)],
        )
    categories = [r[0] for r in conn.execute("SELECT id FROM categories ORDER BY id")]
    for category in rng.sample(categories, 3):
        made_id = promotion(f"Category {category} 10% off", "percent", "categories", percent="10")
        conn.execute(
            "INSERT INTO promotion_categories (promotion_id, category_id) VALUES (?, ?)",
            (made_id, category),
        )
    promotion("2% off everything", "percent", "sale", percent="2")
    for number in range(5):
        made_id = promotion(
            f"Wholesale {number + 1}", "percent", "products", percent="5", price_list_id=1
        )
        conn.executemany(
            "INSERT OR IGNORE INTO promotion_products (promotion_id, product_id) VALUES (?, ?)",
            [(made_id, rng.randint(1, products)) for _ in range(covered)],
        )
    journal.append_many(conn, journal.PROMOTION.kind, made, stamp, None, "synth")
    conn.execute("COMMIT")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build a synthetic Duka shop for benchmarks.")
    parser.add_argument("db", type=Path, help="the new database file")
    parser.add_argument("--products", type=int, default=1_000_000)
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--sales-lines",
        type=int,
        default=0,
        metavar="N",
        help="add about N counter sale lines over the last --years years, with their "
        "report summaries",
    )
    parser.add_argument(
        "--variants",
        type=int,
        default=0,
        metavar="N",
        help="make the last N products variants of new parents, eight to a parent",
    )
    parser.add_argument("--years", type=int, default=3)
    parser.add_argument(
        "--batches", type=int, default=0, metavar="N", help="add N batches (5 per product)"
    )
    parser.add_argument(
        "--hot-products", type=int, default=3000, help="how many products most lines go to"
    )
    args = parser.parse_args(argv)
    timings = build_shop(
        args.db,
        args.products,
        args.customers,
        backup_dir=args.db.parent / "backups",
        seed=args.seed,
    )
    if args.variants:
        timings["variants_s"] = add_variants(args.db, args.variants)
    if args.batches:
        timings.update(add_batches(args.db, args.batches))
    if args.sales_lines:
        timings.update(
            add_sales_history(
                args.db, args.sales_lines, years=args.years, hot_products=args.hot_products
            )
        )
    for name, seconds in timings.items():
        print(f"{name}: {seconds:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
