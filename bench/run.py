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
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

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
    from duka.services.demo import create_demo
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


def big_shop(work: Path, scale: float) -> Figures:
    from synth import build_shop

    products = int(1_000_000 * scale)
    customers = int(100_000 * scale)
    db = work / "big.sqlite3"
    timings = build_shop(db, products, customers, backup_dir=work / "backups")
    ours, bare = _startup_pair(db, work / "home", 7 if scale >= 1 else 5)
    return {
        "synth_products_per_s": round(products / timings["products_s"]),
        "startup_big_shop_ratio": round(ours / bare, 3),
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
    ours, theirs = statistics.median(ours_runs), statistics.median(bare_runs)
    return {
        "journal_rows": len(chained),
        "journal_verify_ratio": round(ours / theirs, 3),
        "journal_verify_ms": round(ours * 1000, 1),
        "journal_bare_chain_ms": round(theirs * 1000, 1),
        "journal_full_verify_ms": round(statistics.median(full_runs) * 1000, 1),
    }


BENCHMARKS: list[tuple[str, Callable[[Path, float], Figures]]] = [
    ("startup", startup),
    ("big_shop", big_shop),
    ("journal", journal_verify),
]


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
