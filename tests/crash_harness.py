"""Killing Duka at random moments while it sells, backs up, restores and imports.

Each round starts a real process doing the work through Duka's own services or its command
line, lets it run for a random moment, kills it (SIGKILL: no clean-up runs), then checks
what a shopkeeper relies on:

- every sale the seller reported as completed (it prints each number once `complete`
  returned) is in the file, whole;
- every backup reported as written is a verified backup, and a killed backup's `.partial`
  is gone after the next one;
- the shop is either what it was before a restore or the backup, never a mixture, and a
  killed restore's `.restoring` is gone after the next one;
- an import is all there or not there at all;
- after every round SQLite's integrity check is ok, and at the end of each kind of round
  `duka verify` finds no problem (the journal anchor included).

Used by tests/e2e/test_crash_kills.py (some fifty kills) and bench/crash.py (a thousand).
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

SELLER = textwrap.dedent(
    """
    import random, sys
    from pathlib import Path
    from duka.core.access import Actor
    from duka.core.money import Money
    from duka.core.sale import PaymentMethod, Tender
    from duka.services.shop import Shop

    path, home, codes = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3:]
    rng = random.Random()
    with Shop.open(path, backup_dir=home / "backups", actor=Actor.command_line("crash"),
                   anchor_dir=home / "anchors") as shop:
        checkout = shop.checkout
        print("ready", flush=True)
        while True:
            cart = checkout.new_cart()
            for code in rng.sample(codes, rng.randint(1, 3)):
                cart, _ = cart.add(checkout.scanned_line(checkout.scan(code)))
            given = cart.totals().gross + Money(5000, cart.currency)
            done = checkout.complete(None, cart, [Tender(PaymentMethod.CASH, given)],
                                     opening_float=Money(0, cart.currency))
            print(done.number, flush=True)  # reported to the cashier: it must survive
    """
)

BACKER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from duka.core.access import Actor
    from duka.services.shop import Shop

    path, home, folder = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
    with Shop.open(path, backup_dir=home / "backups", actor=Actor.command_line("crash"),
                   anchor_dir=home / "anchors") as shop:
        print("ready", flush=True)
        while True:
            info = shop.maintenance.backup(folder)
            print(info.path, flush=True)
    """
)


@dataclass
class Tally:
    kills: dict[str, int] = field(default_factory=dict)
    sales_reported: int = 0
    backups_reported: int = 0
    restores_done: int = 0
    imports_done: int = 0

    def add(self, kind: str) -> None:
        self.kills[kind] = self.kills.get(kind, 0) + 1

    @property
    def total(self) -> int:
        return sum(self.kills.values())


def environment(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "DUKA_HOME": str(home),
            "PYTHONPATH": str(ROOT / "desktop") + os.pathsep + env.get("PYTHONPATH", ""),
            "PYTHONUNBUFFERED": "1",
            "LANG": "C.UTF-8",
            "QT_QPA_PLATFORM": "offscreen",
        }
    )
    env.pop("DUKA_DB", None)
    return env


def _open(path: Path, home: Path) -> object:
    from duka.core.access import Actor
    from duka.services.shop import Shop

    return Shop.open(
        path,
        backup_dir=home / "backups",
        actor=Actor.command_line("check"),
        anchor_dir=home / "anchors",
    )


def make_shop(path: Path, home: Path, products: int = 3000) -> list[str]:
    """A set-up shop with a few products to sell (their codes returned) and `products`
    more from an import, so that a backup or restore takes a moment to kill."""
    from decimal import Decimal

    from duka.core import settings as spec
    from duka.core.barcodes import check_digit
    from duka.core.money import Money
    from duka.core.products import Barcode, ProductDraft
    from duka.core.quantity import Quantity
    from duka.core.tax import TaxRate
    from duka.services.shop import Shop

    codes = []
    shop = _open(path, home)
    assert isinstance(shop, Shop)
    with shop:
        shop.settings.first_run(
            "Crash shop", "KE", language="en", owner_name="Amina", owner_pin="1234"
        )
        shop.settings.save({spec.TAX_RATES.key: (TaxRate("S", "VAT 16%", Decimal(16)),)})
        for number in range(5):
            code = f"61640000{number:04d}"
            code += check_digit(code)
            codes.append(code)
            shop.products.add(
                ProductDraft(
                    f"Item {number}",
                    Money(1000 + number * 250, "KES"),
                    Money(500, "KES"),
                    tax_code="S",
                    barcodes=(Barcode(code),),
                ),
                opening_stock=Quantity.of(1_000_000),
            )
        if products:
            source = path.with_name("filler.csv")
            source.write_text(
                "name,sku,price,stock\n"
                + "".join(f"Filler {n},F{n:06d},{n % 90 + 10},{n % 7}\n" for n in range(products)),
                encoding="utf-8",
            )
            shop.exchange.apply(shop.exchange.preview(source))
    return codes


def integrity_ok(path: Path) -> bool:
    conn = sqlite3.connect(path)
    try:
        return [r[0] for r in conn.execute("PRAGMA integrity_check")] == ["ok"]
    finally:
        conn.close()


def verify_problems(path: Path, home: Path) -> dict[str, tuple[str, ...]]:
    from duka.services.shop import Shop

    shop = _open(path, home)
    assert isinstance(shop, Shop)
    with shop:
        return {r.name: r.problems for r in shop.maintenance.verify() if not r.ok}


def _start(script: str, args: list[str], home: Path) -> subprocess.Popen[str]:
    child = subprocess.Popen(
        [sys.executable, "-c", script, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=environment(home),
    )
    assert child.stdout is not None
    first = child.stdout.readline().strip()
    if first != "ready":
        child.kill()
        raise AssertionError(f"the worker did not start: {first} {child.communicate()[1]}")
    return child


def _kill(child: subprocess.Popen[str], after: float) -> list[str]:
    """Kill `child` `after` seconds from now; every line it printed before dying."""
    time.sleep(after)
    child.send_signal(signal.SIGKILL)
    out, _err = child.communicate()
    return [line for line in out.splitlines() if line.strip()]


def selling(
    path: Path, home: Path, codes: list[str], kills: int, rng: random.Random, tally: Tally
) -> None:
    for _ in range(kills):
        reported = _kill(
            _start(SELLER, [str(path), str(home), *codes], home), rng.uniform(0.02, 0.4)
        )
        tally.add("sale")
        tally.sales_reported += len(reported)
        conn = sqlite3.connect(path)
        try:
            if reported:
                marks = ",".join("?" * len(reported))
                found = {
                    str(r[0])
                    for r in conn.execute(
                        f"SELECT s.number FROM sales s WHERE s.number IN ({marks}) AND EXISTS ("
                        "SELECT 1 FROM journal j WHERE j.kind = 'sale' AND j.source_id = s.id)",
                        reported,
                    )
                }
                missing = set(reported) - found
                assert not missing, f"sales reported as completed and lost: {sorted(missing)}"
        finally:
            conn.close()
        assert integrity_ok(path)


def backing_up(path: Path, home: Path, kills: int, rng: random.Random, tally: Tally) -> None:
    from duka.store.backup import verify_backup

    folder = home / "crash-backups"
    folder.mkdir(exist_ok=True)
    # How long one backup takes of this shop now: the kills fall before, during and after.
    child = _start(BACKER, [str(path), str(home), str(folder)], home)
    started = time.monotonic()
    assert child.stdout is not None
    child.stdout.readline()
    took = time.monotonic() - started
    child.kill()
    child.communicate()
    for _ in range(kills):
        reported = _kill(
            _start(BACKER, [str(path), str(home), str(folder)], home),
            rng.uniform(0.02, 2.5 * took),
        )
        tally.add("backup")
        tally.backups_reported += len(reported)
        for line in reported:
            verify_backup(Path(line))  # raises if a reported backup is not a good one
        leftovers = list(folder.glob("*.partial"))
        assert len(leftovers) <= 1, leftovers  # at most the one it was writing
        assert integrity_ok(path)


def restoring(
    path: Path, home: Path, backups: list[Path], kills: int, rng: random.Random, tally: Tally
) -> None:
    """`duka restore` of one of two backups, killed at a random moment: the shop is one of
    what it was and the backup, whole, and the next restore clears what was left."""
    heads = {_head(b) for b in backups}
    started = time.monotonic()
    whole = subprocess.run(
        [sys.executable, "-m", "duka", "restore", str(backups[-1]), "--db", str(path)],
        capture_output=True,
        text=True,
        env=environment(home),
        check=False,
    )
    assert whole.returncode == 0, whole.stderr
    took = time.monotonic() - started  # one whole restore: the kills fall within it
    for round_ in range(kills):
        before = _head(path)
        backup = backups[round_ % len(backups)]
        child = subprocess.Popen(
            [sys.executable, "-m", "duka", "restore", str(backup), "--db", str(path)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=environment(home),
        )
        time.sleep(rng.uniform(0.3 * took, 1.1 * took))
        child.send_signal(signal.SIGKILL)
        _out, err = child.communicate()
        if child.returncode == 0:
            tally.restores_done += 1
        assert child.returncode in (0, -signal.SIGKILL), err
        tally.add("restore")
        assert integrity_ok(path)
        after = _head(path)
        # The shop as it was, or the backup (with at most the restore's own audit entry).
        assert after == before or after in heads or _prefix_of(backup, path), (before, after)


def _head(path: Path) -> tuple[int, bytes]:
    conn = sqlite3.connect(path)
    try:
        row = conn.execute("SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1").fetchone()
        return int(row[0]), bytes(row[1])
    finally:
        conn.close()


def _prefix_of(backup: Path, path: Path) -> bool:
    seq, digest = _head(backup)
    conn = sqlite3.connect(path)
    try:
        row = conn.execute("SELECT hash FROM journal WHERE seq = ?", (seq,)).fetchone()
        return row is not None and bytes(row[0]) == digest
    finally:
        conn.close()


def importing(
    path: Path, home: Path, kills: int, rng: random.Random, tally: Tally, rows: int = 4000
) -> None:
    """`duka import products` of `rows` new products, killed: all of them or none."""
    took = 0.0
    for round_ in range(kills + 1):
        source = path.with_name(f"import-{round_}.csv")
        source.write_text(
            "name,sku,price,stock\n"
            + "".join(f"Round {round_} item {n},R{round_:03d}-{n:05d},{n % 90 + 10},{n % 5}\n"
                      for n in range(rows)),
            encoding="utf-8",
        )  # fmt: skip
        before = _count(path)
        started = time.monotonic()
        child = subprocess.Popen(
            [sys.executable, "-m", "duka", "import", "products", str(source), "--db", str(path)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=environment(home),
        )
        if round_ == 0:
            out, err = child.communicate()  # one whole import: the kills fall within it
            took = time.monotonic() - started
            assert child.returncode == 0, err
            continue
        # Most of an import is reading and checking the file; the writing comes last.
        time.sleep(rng.uniform(0.5 * took, 1.1 * took))
        child.send_signal(signal.SIGKILL)
        out, err = child.communicate()
        tally.add("import")
        after = _count(path)
        if child.returncode == 0:
            tally.imports_done += 1
            assert f"{rows} added" in out and after == before + rows, (out, err)
        else:
            assert after in (before, before + rows), (before, after)
        assert integrity_ok(path)


def _count(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("SELECT count(*) FROM products").fetchone()[0])
    finally:
        conn.close()


def run(
    work: Path,
    *,
    sales: int,
    backups: int,
    restores: int,
    imports: int,
    seed: int = 1,
    say: Callable[[str], None] = lambda _text: None,
) -> Tally:
    """All four kinds of kills on one shop in `work`; raises at the first thing lost."""
    from duka.store.backup import backup_file

    rng = random.Random(seed)
    home = work / "home"
    home.mkdir(parents=True, exist_ok=True)
    path = work / "crash.sqlite3"
    codes = make_shop(path, home)
    tally = Tally()

    def check(stage: str) -> None:
        found = verify_problems(path, home)
        assert not found, (stage, found)
        say(f"{stage}: {tally.kills}")

    selling(path, home, codes, sales, rng, tally)
    check("selling")
    backing_up(path, home, backups, rng, tally)
    check("backing up")
    # Two backups to restore, of different moments.
    first = backup_file(path, work / "first.sqlite3").path
    selling(path, home, codes, 1, rng, tally)
    second = backup_file(path, work / "second.sqlite3").path
    restoring(path, home, [first, second], restores, rng, tally)
    check("restoring")
    importing(path, home, imports, rng, tally)
    check("importing")
    # What killed backups and restores left is cleared by the next ones.
    from duka.services.shop import Shop

    shop = _open(path, home)
    assert isinstance(shop, Shop)
    with shop:
        shop.maintenance.backup(home / "crash-backups")
    assert not list((home / "crash-backups").glob("*.partial"))
    done = subprocess.run(
        [sys.executable, "-m", "duka", "restore", str(second), "--db", str(path)],
        capture_output=True,
        text=True,
        env=environment(home),
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert not list(work.glob("*.restoring"))
    check("after")
    return tally
