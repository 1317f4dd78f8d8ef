"""Benchmarks of tills converging through SQLite's session extension (issue 21).

Every shop here is the synthetic generator's (bench/synth.py: 2,000 products with their
barcodes and opening stock, 100 customers, three tax rates), and every sale is a 5-line cash
sale through the checkout service, as the `selling` benchmark makes them (5 random products,
one of each, paid in cash). A shop with more than one till captures each sale's changes into
its outbox (duka.store.sync.Capture); a shop with one till does not. --quick runs a tenth
of the sales (and 60 sales for the capture figures, for a steadier median than 20).

Figures (run.py's docstring names their goals):
- sync_apply_10k_sales_s: the hub applying 10,000 sales made on till 2 (a till made from the
  hub's file by `tills.make`), timed around `SyncService.exchange` with the folder till 2
  published its batches to (reading the batch files, applying them as one change group of
  up to 1,000 changes per transaction with the conflict rules, the search index, counts and
  summaries, the notes of how far it applied), on a fresh copy of the hub each round.
- sync_apply_ratio: that over a bare insert of the same rows: the rows the 10,000 sales
  wrote in the shared tables (journal included), as the changesets carry them, written into
  a fresh copy of the hub with executemany, one statement per table, in one transaction on
  the store's connection (synchronous=FULL, foreign keys on but deferred to the commit, as
  SQLite's changeset apply defers them; the same triggers fill the caches). Alternately,
  median of 5 rounds each (3 with --quick); sync_apply_bare_s is the bare median.
- sync_capture_ratio: the same sale through the checkout service on a shop with two tills
  (captured) over one with a single till (not captured), two copies of one shop, alternately,
  200 sales each (60 with --quick); sync_sale_captured_ms and sync_sale_alone_ms are the
  medians.
- sync_sale_commit_ratio: that captured sale over run.py's bare sale (`_bare_sale`, the rows
  a 5-line sale writes in one plain transaction, on a third copy of the shop, through a
  plain apsw connection), alternately in the same run: `sale_commit_ratio` with
  capture on. sync_sale_bare_ms is the bare median.
- sync_bytes_per_sale: the batch files till 2 wrote for its sales (batches of 100 changes,
  compressed together), bytes per sale.
- sync_outbox_bytes_per_sale: till 2's outbox on disk before any pruning, the sum of
  length(body) per sale.
- sync_converge_s: 5 tills (the hub and 4 made from it) x 1,000 sales each (100 with
  --quick), in 10 rounds: each round every till sells its share, then a random half of them,
  in random order, exchange through one folder; then the full heal, every till exchanging in
  turn until a whole pass moves nothing, timed. The bench fails unless every file then holds
  the same rows in every shared table (duka.store.sync.SHARED_TABLES) and `verify` passes on
  each. sync_converge_passes counts the heal's passes.
"""

from __future__ import annotations

import random
import shutil
import statistics
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import apsw

from duka.core.access import Actor
from duka.core.money import Money
from duka.core.quantity import Quantity
from duka.core.sale import PaymentMethod, Tender
from duka.services.shop import Shop
from duka.store import database, sync
from duka.store.sql import open_file

Figures = dict[str, float]
LINES = 5  # lines a sale has, as the `selling` benchmark's


class Diverged(AssertionError):
    """The tills did not converge: the bench's check failed."""


@contextmanager
def _open(db: Path, work: Path) -> Iterator[Shop]:
    with Shop.open(db, backup_dir=work / "backups", actor=Actor.command_line("bench")) as shop:
        yield shop


def _copy(shop: Shop, target: Path) -> Path:
    from duka.store.backup import backup_database

    backup_database(shop.context.db, target)
    return target


def _sell(shop: Shop, rng: random.Random, products: int) -> float:
    """One 5-line cash sale through the checkout service; the seconds `complete` took."""
    checkout = shop.checkout
    cart = checkout.new_cart()
    for _ in range(LINES):
        product = shop.products.get(rng.randint(1, products))
        cart, _ = cart.add(checkout.line_for(product, Quantity.of(1)))
    given = [Tender(PaymentMethod.CASH, cart.totals().gross + Money(100000, cart.currency))]
    started = time.perf_counter()
    checkout.complete(None, cart, given, opening_float=Money(0, cart.currency))
    return time.perf_counter() - started


def _hub(work: Path, products: int) -> Path:
    from synth import build_shop

    db = work / "hub.sqlite3"
    build_shop(db, products, max(10, products // 20), backup_dir=work / "backups")
    return db


# -- applying another till's sales ---------------------------------------------------------


def _changesets(db: Path) -> list[bytes]:
    conn = database.connect(db)
    try:
        return [e.changeset for e in sync.outbox_after(conn, 0, 1 << 62)]
    finally:
        conn.close()


def _bare_rows(changesets: list[bytes]) -> list[tuple[str, int, list[tuple[object, ...]]]]:
    """The rows the changesets insert, by table (in the order the change group lists them):
    what a bare insert writes. Raises if they hold anything but inserts."""
    builder = apsw.ChangesetBuilder()  # type: ignore[no-untyped-call]
    for changeset in changesets:
        builder.add(changeset)
    group = builder.output()
    builder.close()
    tables: dict[str, list[tuple[object, ...]]] = {}
    for change in apsw.Changeset.iter(group):
        if change.op != "INSERT" or change.new is None:
            raise AssertionError(f"a sale changed a row of {change.name}: {change.op}")
        tables.setdefault(change.name, []).append(tuple(change.new))
    return [(name, len(rows[0]), rows) for name, rows in tables.items()]


def _bare_insert(db: Path, rows: list[tuple[str, int, list[tuple[object, ...]]]]) -> float:
    conn = database.connect(db)
    try:
        started = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("PRAGMA defer_foreign_keys = ON")
        for table, width, values in rows:
            marks = ", ".join("?" * width)
            conn.executemany(f"INSERT INTO {table} VALUES ({marks})", values)
        conn.execute("COMMIT")
        return time.perf_counter() - started
    finally:
        conn.close()


def apply_figures(work: Path, sales: int, products: int, rounds: int) -> Figures:
    hub_db = _hub(work, products)
    folder = work / "folder"
    folder.mkdir()
    with _open(hub_db, work) as hub:
        made = hub.tills.make(work / "till2.sqlite3", "Two")
        pristine = _copy(hub, work / "hub-pristine.sqlite3")
    rng = random.Random(23)
    with _open(made.path, work) as till:
        for _ in range(sales):
            _sell(till, rng, products)
        waiting, outbox_bytes = sync.outbox_waiting(till.context.db)
        assert waiting == sales, (waiting, sales)
        sent = till.sync.exchange(folder)
        assert sent.sent == sales, sent
    batches = sorted((folder / f"till-{made.number}").glob("*.batch"))
    batch_bytes = sum(p.stat().st_size for p in batches)
    rows = _bare_rows(_changesets(made.path))
    ours, bare = [], []
    for round_ in range(rounds):
        target = work / f"hub-{round_}.sqlite3"
        target.write_bytes(pristine.read_bytes())
        with _open(target, work) as hub:
            started = time.perf_counter()
            report = hub.sync.exchange(folder)
            ours.append(time.perf_counter() - started)
            assert report.applied == {made.number: sales} and not report.refused, report
            if round_ == 0:
                _check_verify(hub, "the hub after applying")
        shutil.rmtree(folder / "till-1", ignore_errors=True)  # the hub's state, as new
        target.unlink()
        target = work / f"bare-{round_}.sqlite3"
        target.write_bytes(pristine.read_bytes())
        bare.append(_bare_insert(target, rows))
        target.unlink()
    ours_s, bare_s = statistics.median(ours), statistics.median(bare)
    return {
        "sync_apply_10k_sales_s": round(ours_s, 3),
        "sync_apply_bare_s": round(bare_s, 3),
        "sync_apply_ratio": round(ours_s / bare_s, 3),
        "sync_apply_sales": sales,
        "sync_bytes_per_sale": round(batch_bytes / sales, 1),
        "sync_batches": len(batches),
        "sync_outbox_bytes_per_sale": round(outbox_bytes / sales, 1),
    }


def _check_verify(shop: Shop, what: str) -> None:
    found = [r for r in shop.maintenance.verify() if not r.ok]
    if found:
        raise Diverged(f"{what}: verify found {[(r.name, r.problems[:5]) for r in found]}")


# -- capturing ------------------------------------------------------------------------------


def capture_figures(work: Path, rounds: int, products: int) -> Figures:
    from run import _bare_sale

    hub_db = _hub(work, products)
    with _open(hub_db, work) as hub:
        _sell(hub, random.Random(1), products)  # this computer's drawer opened in every copy
        alone_db = _copy(hub, work / "alone.sqlite3")
        bare_db = _copy(hub, work / "bare.sqlite3")
        hub.tills.make(work / "till2.sqlite3", "Two")
    captured, alone, bare = [], [], []
    with ExitStack() as stack:
        two = stack.enter_context(_open(hub_db, work))
        one = stack.enter_context(_open(alone_db, work))
        computer = two.context.computer
        # The bare sale's copy, on a plain apsw connection of its own, as run.py's
        # `_bare_sale` speaks the store's library.
        raw = open_file(bare_db)
        stack.callback(raw.close)
        raw.execute("PRAGMA journal_mode = WAL")  # as the shop's (a copy starts without)
        raw.execute("PRAGMA synchronous = FULL")
        raw.execute("PRAGMA foreign_keys = ON")
        raw.execute("INSERT OR IGNORE INTO counters (series, period, next) VALUES ('bare', '', 1)")
        rng_two, rng_one = random.Random(31), random.Random(31)
        for shop in (two, one):  # the code loaded: untimed
            _sell(shop, random.Random(1), products)
        for number in range(rounds):
            captured.append(_sell(two, rng_two, products))
            alone.append(_sell(one, rng_one, products))
            rows = [(1 + (number * LINES + k) % products, 1000, 10000) for k in range(LINES)]
            started = time.perf_counter()
            _bare_sale(raw, f"B-{number:06d}", rows, computer)
            bare.append(time.perf_counter() - started)
        waiting, _bytes = sync.outbox_waiting(two.context.db)
        assert waiting == rounds + 1, waiting  # the untimed sale's too
        assert sync.outbox_waiting(one.context.db)[0] == 0
    ours, theirs, base = (statistics.median(x) for x in (captured, alone, bare))
    return {
        "sync_capture_ratio": round(ours / theirs, 3),
        "sync_sale_captured_ms": round(ours * 1000, 2),
        "sync_sale_alone_ms": round(theirs * 1000, 2),
        "sync_sale_commit_ratio": round(ours / base, 3),
        "sync_sale_bare_ms": round(base * 1000, 2),
    }


# -- converging -----------------------------------------------------------------------------


def _shared_rows(shop: Shop) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every shared table, in an order that does not depend on the file."""
    conn = shop.context.db
    return {
        table: sorted(conn.execute(f"SELECT * FROM {table}").fetchall(), key=repr)
        for table in sync.SHARED_TABLES
    }


def converge(work: Path, tills: int, sales: int, products: int, rounds: int = 10) -> Figures:
    rng = random.Random(41)
    hub_db = _hub(work, products)
    folder = work / "folder"
    folder.mkdir()
    paths = [hub_db]
    with _open(hub_db, work) as hub:
        for number in range(2, tills + 1):
            paths.append(hub.tills.make(work / f"till{number}.sqlite3", f"Till {number}").path)
    with ExitStack() as stack:
        shops = [stack.enter_context(_open(path, work)) for path in paths]
        sold = [0] * tills
        for round_ in range(rounds):
            for index, shop in enumerate(shops):
                share = sales * (round_ + 1) // rounds - sold[index]
                for _ in range(share):
                    _sell(shop, rng, products)
                sold[index] += share
            for shop in rng.sample(shops, len(shops) // 2):
                shop.sync.exchange(folder)
        started = time.perf_counter()
        passes = 0
        while True:
            passes += 1
            moved = 0
            for shop in rng.sample(shops, len(shops)):
                report = shop.sync.exchange(folder)
                if report.refused:
                    raise Diverged(f"till {report.till} refused: {report.refused}")
                moved += report.sent + sum(report.applied.values())
            if not moved:
                break
            if passes > 3 * tills:
                raise Diverged(f"still moving after {passes} passes")
        healed = time.perf_counter() - started
        first = _shared_rows(shops[0])
        count = len(first["sales"])
        if count != tills * sales:
            raise Diverged(f"the hub holds {count} sales, not {tills * sales}")
        for shop in shops[1:]:
            theirs = _shared_rows(shop)
            for table in sync.SHARED_TABLES:
                if theirs[table] != first[table]:
                    raise Diverged(
                        f"till {shop.tills.this_till()} differs from the hub in {table}: "
                        f"{len(theirs[table])} rows against {len(first[table])}"
                    )
        for shop in shops:
            _check_verify(shop, f"till {shop.tills.this_till()}")
    return {
        "sync_converge_s": round(healed, 3),
        "sync_converge_passes": passes,
        "sync_converge_sales": tills * sales,
    }


def measure(work: Path, scale: float) -> Figures:
    """Every figure of the `sync` benchmark; `scale` 0.1 is --quick."""
    figures: Figures = {}
    products = 2000
    for name in ("apply", "capture", "converge"):
        (work / name).mkdir()
    figures.update(
        apply_figures(work / "apply", int(10_000 * scale), products, 5 if scale >= 1 else 3)
    )
    figures.update(capture_figures(work / "capture", 200 if scale >= 1 else 60, products))
    figures.update(converge(work / "converge", 5, int(1000 * scale), products))
    return figures
