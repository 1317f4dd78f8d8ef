import sqlite3
from pathlib import Path

import pytest

from tests.cli.conftest import Run


@pytest.fixture
def demo(duka: Run, tmp_path: Path) -> Path:
    db = tmp_path / "demo.sqlite3"
    assert duka("demo", "--db", str(db)).returncode == 0
    return db


def test_users_add_list_disable_enable_pin(duka: Run, demo: Path) -> None:
    added = duka("users", "add", "Neema", "--role", "cashier", "--db", str(demo), stdin="9753\n")
    assert added.returncode == 0, added.stderr
    assert added.stdout.strip() == "Added Neema (Cashier)."
    listing = duka("users", "list", "--db", str(demo))
    lines = listing.stdout.splitlines()
    assert lines[0] == "name\trole\tstate\tlast_sign_in"
    rows = {line.split("\t")[0]: line.split("\t")[1:3] for line in lines[1:]}
    assert rows == {
        "Amina": ["owner", "active"],
        "Baraka": ["manager", "active"],
        "Hassan": ["cashier", "active"],
        "Neema": ["cashier", "active"],
        "Wanjiru": ["cashier", "active"],
    }
    assert duka("users", "disable", "Neema", "--db", str(demo)).returncode == 0
    assert "Neema\tcashier\tdisabled" in duka("users", "list", "--db", str(demo)).stdout
    assert duka("users", "enable", "Neema", "--db", str(demo)).returncode == 0
    assert duka("users", "pin", "Neema", "--db", str(demo), stdin="8642\n").returncode == 0
    trail = (
        sqlite3.connect(demo)
        .execute(
            "SELECT actor, action, subject FROM audit WHERE subject = 'user: Neema' ORDER BY id"
        )
        .fetchall()
    )
    assert [action for _actor, action, _subject in trail] == [
        "user_added",
        "user_changed",
        "user_changed",
        "pin_changed",
    ]
    assert all(actor.startswith("command line (") for actor, _a, _s in trail)


@pytest.mark.parametrize(
    ("args", "stdin", "says"),
    [
        (["add", "Neema", "--role", "cashier"], "12\n", "4 to 8 digits"),
        (["add", "Neema", "--role", "cashier"], "5555\n", "one digit repeated"),
        (["add", "Neema", "--role", "cashier"], "1234\n", "Another user already has this PIN"),
        (["add", "amina", "--role", "cashier"], "9753\n", "already a user called"),
        (["add", "Neema", "--role", "boss"], "9753\n", "invalid choice"),
        (["disable", "Nobody"], "", "There is no user called"),
        (["disable", "Amina"], "", "at least one active owner"),
    ],
)
def test_bad_user_commands_are_refused(
    duka: Run, demo: Path, args: list[str], stdin: str, says: str
) -> None:
    before = sqlite3.connect(demo).execute("SELECT count(*), sum(active) FROM users").fetchone()
    result = duka("users", *args, "--db", str(demo), stdin=stdin)
    assert result.returncode == 2, result.stdout
    assert says in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    after = sqlite3.connect(demo).execute("SELECT count(*), sum(active) FROM users").fetchone()
    assert after == before


def test_verify_names_tampering_with_the_journal(duka: Run, demo: Path) -> None:
    conn = sqlite3.connect(demo)
    conn.execute("DROP TRIGGER audit_no_update")
    conn.execute("UPDATE audit SET actor = 'Mallory' WHERE id = 2")
    seq = conn.execute("SELECT seq FROM journal WHERE kind = 'audit' AND source_id = 2")
    sequence = seq.fetchone()[0]
    conn.commit()
    conn.close()
    result = duka("verify", "--db", str(demo))
    assert result.returncode == 1
    assert f"audit row 2 differs from what journal sequence {sequence} recorded" in result.stdout
    assert "audit_no_update was removed" in result.stdout
