"""`duka verify` on a shop an older version wrote: its sales outside any cash-up are listed
(and pass); a sale written since without a session fails, named."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.cli.conftest import Run
from tests.services.test_cash_sessions import make_old_shop


@pytest.fixture
def old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "old.sqlite3"
    make_old_shop(path, monkeypatch)
    return path


def test_verify_lists_older_sales_outside_a_cash_up_and_passes(duka: Run, old_file: Path) -> None:
    done = duka("verify", "--db", str(old_file))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "ok: Cash-ups" in done.stdout
    assert "4 sales, refunds or cash payments were written before" in done.stdout
    for number in ("S-000001", "S-000002", "R-000001", "CP-000001"):
        assert f"{number} (" in done.stdout
    assert "No problems found." in done.stdout


def test_verify_fails_naming_a_new_sale_in_no_cash_session(duka: Run, old_file: Path) -> None:
    sold = duka("sell", "--db", str(old_file), "CHAI")
    assert sold.returncode == 0, sold.stderr
    number = sold.stdout.strip()
    assert number == "S-000003"
    assert duka("verify", "--db", str(old_file)).returncode == 0
    db = sqlite3.connect(old_file, isolation_level=None)  # a tool outside Duka
    db.execute("DROP TRIGGER sales_no_update")
    db.execute("UPDATE sales SET session_id = NULL WHERE number = ?", (number,))
    db.close()
    done = duka("verify", "--db", str(old_file))
    assert done.returncode == 1
    assert f"Sale {number} (" in done.stdout and "belongs to no cash session" in done.stdout
