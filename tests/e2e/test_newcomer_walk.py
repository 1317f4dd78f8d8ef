"""The newcomer's path, end to end: install Duka in a new virtual environment as the README
says, start it in a real window (Xvfb, a 1024x600 netbook's screen) and walk the first day
through the keyboard and a scanner (newcomer_walk.py), then check what the shop holds with
the installed `duka` command."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
WALK = Path(__file__).resolve().parent

pytestmark = pytest.mark.skipif(
    shutil.which("xvfb-run") is None, reason="needs Xvfb (installed by CI)"
)


def _base_python() -> str:
    """The Python a newcomer has: the one this test's virtual environment was made from."""
    return str(getattr(sys, "_base_executable", None) or sys.executable)


def _source_copy(into: Path) -> Path:
    """The folder as a newcomer unpacks it: the project's files, no build left-overs."""
    skip = shutil.ignore_patterns(
        ".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".*_cache", "screenshots"
    )
    return Path(shutil.copytree(ROOT, into, ignore=skip))


def test_a_newcomer_installs_and_walks_the_first_day(tmp_path: Path) -> None:
    source = _source_copy(tmp_path / "duka")
    venv = tmp_path / "venv"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "QT_QPA_PLATFORM")}
    env["DUKA_HOME"] = str(tmp_path / "home")
    subprocess.run([_base_python(), "-m", "venv", str(venv)], check=True, env=env)
    python, duka = venv / "bin" / "python", venv / "bin" / "duka"
    installed = subprocess.run(
        [str(python), "-m", "pip", "install", "-q", str(source)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert installed.returncode == 0, installed.stderr[-3000:]
    assert subprocess.run([str(duka), "--version"], env=env, check=False).returncode == 0

    shop, shots = tmp_path / "shop.sqlite3", tmp_path / "shots"
    netbook = "-screen 0 1024x600x24"
    walked = subprocess.run(
        ["xvfb-run", "-a", "-s", netbook, str(python), str(WALK / "newcomer_walk.py"), str(shop),
         str(shots)],
        env=env,
        cwd=tmp_path,  # not the checkout: the walk must use the installed Duka
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )  # fmt: skip
    assert walked.returncode == 0, walked.stderr[-5000:]
    assert (shots / "17-closed.png").is_file()

    verified = subprocess.run(
        [str(duka), "verify", "--db", str(shop)], env=env, capture_output=True, text=True,
        check=False,
    )  # fmt: skip
    assert verified.returncode == 0, verified.stdout + verified.stderr
    with sqlite3.connect(shop) as db:
        assert db.execute("SELECT count(*) FROM products").fetchone()[0] == 3
        sales = db.execute("SELECT number, gross, customer_id, session_id FROM sales ORDER BY id")
        refunds = db.execute("SELECT number, gross, session_id FROM refunds").fetchall()
        customer = db.execute(
            "SELECT c.name, c.phone, b.balance FROM customers c "
            "JOIN customer_balances b ON b.customer_id = c.id"
        ).fetchall()
        session = db.execute("SELECT id, state FROM cash_sessions").fetchall()
        closed = db.execute(
            "SELECT amount, details FROM cash_events WHERE kind = 'close'"
        ).fetchone()
        assert sales.fetchall() == [("S-000001", 47500, None, 1), ("S-000002", 18000, 1, 1)]
    assert refunds == [("R-000001", 6500, 1)]  # the milk, in the same cash-up
    assert customer == [("Wanjiku", "0712345678", 18000)]  # the sugar, on her account
    assert session == [(1, "closed")]
    assert closed[0] == 41000 and '"difference":0' in closed[1]  # 475 - 65, counted
