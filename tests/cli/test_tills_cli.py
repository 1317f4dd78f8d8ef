"""`duka till new`, `duka till list` and `duka sync`: the commands a shop with several tills
is set up and kept in step with, their output and exit codes."""

from __future__ import annotations

from pathlib import Path

import pytest

from duka.core.access import Actor
from duka.core.money import Money
from duka.core.products import ProductDraft
from duka.core.quantity import Quantity
from duka.services.shop import Shop
from tests.cli.conftest import Run


@pytest.fixture
def hub_file(tmp_path: Path) -> Path:
    path = tmp_path / "hub.sqlite3"
    with Shop.open(path, backup_dir=tmp_path / "b", actor=Actor.command_line("t")) as shop:
        shop.settings.first_run("Duka", "KE", language="en", owner_name="Zawadi", owner_pin="4321")
        shop.products.add(
            ProductDraft("Chai", Money.of("100", "KES"), Money.of("60", "KES"), sku="CHAI"),
            opening_stock=Quantity.of(20),
        )
    return path


def test_a_till_is_made_listed_sells_and_syncs(duka: Run, hub_file: Path, tmp_path: Path) -> None:
    till = tmp_path / "till2.sqlite3"
    made = duka("till", "new", "--from", str(hub_file), "--db", str(till), "--name", "Counter 2")
    assert made.returncode == 0, made.stderr
    assert made.stdout.strip() == f"Till 2 (Counter 2) is ready in {till}."
    listed = duka("till", "list", "--db", str(till))
    assert listed.returncode == 0
    rows = [line.split("\t") for line in listed.stdout.splitlines()]
    assert rows[0] == ["number", "name", "this", "made_at"]
    assert [(r[0], r[1], r[2]) for r in rows[1:]] == [("1", "", "no"), ("2", "Counter 2", "yes")]

    assert duka("sell", "--db", str(till), "2*CHAI").stdout.strip() == "S2-000001"
    assert duka("sell", "--db", str(hub_file), "CHAI").stdout.strip() == "S-000001"
    folder = tmp_path / "share"
    folder.mkdir()
    sent = duka("sync", "--db", str(till), "--folder", str(folder))
    assert sent.returncode == 0, sent.stderr
    assert sent.stdout.splitlines()[0].startswith("Till 2: sent ")
    got = duka("sync", "--db", str(hub_file), "--folder", str(folder))
    assert got.returncode == 0
    lines = got.stdout.splitlines()
    assert lines[0].startswith("Till 1: sent ")
    assert lines[1].startswith("Till 2 Counter 2: applied ")
    for path in (hub_file, till):
        checked = duka("verify", "--db", str(path))
        assert checked.returncode == 0, checked.stdout


def test_refusals_exit_2_and_write_nothing(duka: Run, hub_file: Path, tmp_path: Path) -> None:
    till = tmp_path / "till.sqlite3"
    assert duka("till", "new", "--from", str(hub_file), "--db", str(till),
                "--name", "A", "--number", "3").returncode == 0  # fmt: skip
    again = duka("till", "new", "--from", str(hub_file), "--db", str(tmp_path / "b.sqlite3"),
                 "--name", "B", "--number", "3")  # fmt: skip
    assert again.returncode == 2 and "till 3" in again.stderr
    assert not (tmp_path / "b.sqlite3").exists()
    taken = duka("till", "new", "--from", str(hub_file), "--db", str(till), "--name", "C")
    assert taken.returncode == 2 and "already exists" in taken.stderr
    missing = duka("sync", "--db", str(till), "--folder", str(tmp_path / "nowhere"))
    assert missing.returncode == 2 and "does not exist" in missing.stderr


def test_a_tills_cash_session_is_named_as_its_report_shows_it(
    duka: Run, hub_file: Path, tmp_path: Path
) -> None:
    """Till 2's first session is "2-1" on its report, and `print z-report 2-1` finds it."""
    till = tmp_path / "till2.sqlite3"
    duka("till", "new", "--from", str(hub_file), "--db", str(till), "--name", "Two")
    assert duka("sell", "--db", str(till), "CHAI").returncode == 0
    out = tmp_path / "x.pdf"
    printed = duka("print", "z-report", "2-1", "--db", str(till), "--out", str(out))
    assert printed.returncode == 0, printed.stderr
    assert out.read_bytes().startswith(b"%PDF")
    wrong = duka("print", "z-report", "2-x", "--db", str(till), "--out", str(out))
    assert wrong.returncode == 2 and "is not a session's number" in wrong.stderr
