"""One shop lock for every writer: a restore never throws away work a command reported done.

Real processes race here: `duka import products` of many rows against `duka restore`, and
writers started while a restore holds the shop.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from duka.core.access import Actor
from duka.services.shop import Shop
from duka.store.backup import backup_file
from duka.store.shop_lock import ShopLock, lock_path
from tests.cli.conftest import ROOT, Run


def _set_up(path: Path, home: Path) -> None:
    with Shop.open(path, backup_dir=home / "backups", actor=Actor.command_line("t")) as shop:
        shop.settings.first_run(
            "Duka la Test", "KE", language="en", owner_name="Zawadi", owner_pin="1234"
        )


def _products(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("SELECT count(*) FROM products").fetchone()[0])
    finally:
        conn.close()


def _environment(home: Path) -> dict[str, str]:
    environment = dict(os.environ)
    environment.update(
        {
            "DUKA_HOME": str(home),
            "PYTHONPATH": str(ROOT / "desktop") + os.pathsep + os.environ.get("PYTHONPATH", ""),
            "PYTHONUNBUFFERED": "1",
            "LANG": "C.UTF-8",
        }
    )
    environment.pop("DUKA_DB", None)
    return environment


def test_a_restore_during_a_long_import_is_refused_and_the_import_keeps_its_rows(
    duka: Run, tmp_path: Path, private_home: Path
) -> None:
    db = tmp_path / "shop.sqlite3"
    _set_up(db, private_home)
    copy = backup_file(db, tmp_path / "copy.sqlite3").path
    rows = 20_000
    source = tmp_path / "many.csv"
    source.write_text(
        "name,price,stock\n" + "".join(f"Item {n},{n % 90 + 10},{n % 7}\n" for n in range(rows)),
        encoding="utf-8",
    )
    importer = subprocess.Popen(
        [sys.executable, "-m", "duka", "import", "products", str(source), "--db", str(db)],
        env=_environment(private_home),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert importer.stdout is not None
    # The second line is the preview's count, printed before the rows are written.
    importer.stdout.readline()
    assert "rows" in importer.stdout.readline()
    restored = duka("restore", str(copy), "--db", str(db))
    out, err = importer.communicate(timeout=120)
    assert restored.returncode == 2, restored.stdout
    assert "in use" in restored.stderr
    assert importer.returncode == 0, err
    assert f"{rows} added" in out
    assert _products(db) == rows  # what the import reported is in the shop


def test_writers_finding_the_shop_being_restored_stop_and_write_nothing(
    duka: Run, tmp_path: Path, private_home: Path
) -> None:
    db = tmp_path / "shop.sqlite3"
    _set_up(db, private_home)
    source = tmp_path / "one.csv"
    source.write_text("name,price\nKalamu,25\n", encoding="utf-8")
    before = db.read_bytes()
    with ShopLock(db).exclusive():  # what `duka restore` holds while it swaps the file
        for args in (
            ("import", "products", str(source)),
            ("users", "add", "Baraka", "--role", "cashier"),
            ("demo",),
        ):
            started = time.monotonic()
            result = duka(*args, "--db", str(db), stdin="4321\n")
            assert result.returncode == 2, (args, result.stdout, result.stderr)
            assert "being restored" in result.stderr
            assert time.monotonic() - started < 20
    assert _products(db) == 0
    assert db.read_bytes() == before


def test_a_restore_after_the_writers_have_gone_goes_ahead(
    duka: Run, tmp_path: Path, private_home: Path
) -> None:
    db = tmp_path / "shop.sqlite3"
    _set_up(db, private_home)
    copy = backup_file(db, tmp_path / "copy.sqlite3").path
    # A lock file left by a writer that was killed holds nothing.
    writer = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from duka.store.shop_lock import ShopLock; "
            "ShopLock(sys.argv[1]).shared(); print('held', flush=True); time.sleep(60)",
            str(db),
        ],
        env=_environment(private_home),
        stdout=subprocess.PIPE,
        text=True,
    )
    assert writer.stdout is not None and writer.stdout.readline().strip() == "held"
    refused = duka("restore", str(copy), "--db", str(db))
    assert refused.returncode == 2 and "in use" in refused.stderr
    writer.kill()
    writer.wait()
    assert lock_path(db).exists()
    restored = duka("restore", str(copy), "--db", str(db))
    assert restored.returncode == 0, restored.stderr


def test_verify_checks_an_anchor_read_off_paper_and_refuses_a_bad_one(
    duka: Run, tmp_path: Path, private_home: Path
) -> None:
    db = tmp_path / "shop.sqlite3"
    _set_up(db, private_home)
    ok = duka("verify", "--db", str(db))
    assert ok.returncode == 0, ok.stdout
    assert "ok: Journal anchor" in ok.stdout
    wrong = duka("verify", "--db", str(db), "--anchor", "1:00000000")
    assert wrong.returncode == 1 and "is not the one" in wrong.stdout
    beyond = duka("verify", "--db", str(db), "--anchor", "999999:abcdef12")
    assert beyond.returncode == 1 and "were removed" in beyond.stdout
    typo = duka("verify", "--db", str(db), "--anchor", "12:abc")
    assert typo.returncode == 2 and "not a journal anchor" in typo.stderr
