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
    assert (shots / "08-sold.png").is_file()

    verified = subprocess.run(
        [str(duka), "verify", "--db", str(shop)], env=env, capture_output=True, text=True,
        check=False,
    )  # fmt: skip
    assert verified.returncode == 0, verified.stdout + verified.stderr
    with sqlite3.connect(shop) as db:
        assert db.execute("SELECT count(*) FROM products").fetchone()[0] == 3
        number, gross = db.execute("SELECT number, gross FROM sales ORDER BY id").fetchone()
    assert (number, gross) == ("S-000001", (180 + 230 + 65) * 100)
