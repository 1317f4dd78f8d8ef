"""Reading never needs write access, busy is not damage, and only a few commands make a shop.

The read-only cases run the real command line as an unprivileged user (`nobody`, allowed to
read everything but to write only where permissions say) on a shop in a folder and file
without write permission; the full-disk cases put the shop on a small RAM disk filled up.
Both need root to set up and are skipped elsewhere.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.cli.conftest import ROOT, Run


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("reading")
    db = folder / "demo.sqlite3"
    env = dict(os.environ, DUKA_HOME=str(folder / "home"), PYTHONPATH=str(ROOT / "desktop"))
    made = subprocess.run(
        [sys.executable, "-m", "duka", "demo", "--db", str(db)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert made.returncode == 0, made.stderr
    return db


def _copy_shop(source: Path, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / source.name
    shutil.copyfile(source, target)
    return target


def _refusal(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    return result.stderr.strip()


@pytest.mark.parametrize(
    "command",
    [
        ["verify"],
        ["report", "sales-by-day"],
        ["export", "products", "OUT.csv"],
        ["print", "receipt", "S-000001", "--out", "OUT.pdf"],
        ["import", "products", "IN.csv"],
        ["backup"],
        ["users", "list"],
    ],
)
@pytest.mark.parametrize("empty", [False, True])
def test_a_missing_or_empty_shop_is_refused_and_nothing_is_made(
    duka: Run, tmp_path: Path, command: list[str], empty: bool
) -> None:
    db = tmp_path / "shop.sqlite3"
    if empty:
        db.touch()
    (tmp_path / "IN.csv").write_text("name,price\nTea,1\n")
    args = [
        word.replace("OUT", str(tmp_path / "out")).replace("IN", str(tmp_path / "in"))
        for word in command
    ]
    result = duka(*args, "--db", str(db))
    assert f"There is no shop at {db}" in _refusal(result)
    assert db.exists() == empty and db.stat().st_size == 0 if empty else not db.exists()
    assert not list(tmp_path.glob("out*")) and not list(tmp_path.glob("shop.sqlite3-*"))


def test_no_shop_is_said_in_the_users_language(duka: Run, tmp_path: Path) -> None:
    result = duka("verify", "--db", str(tmp_path / "s.sqlite3"), "--lang", "fr")
    assert "Il n’y a pas de boutique" in _refusal(result)


HOLD = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=30)
conn.execute("BEGIN IMMEDIATE")
conn.execute("UPDATE settings SET value = value WHERE key = 'shop_name'")
print("held", flush=True)
time.sleep(float(sys.argv[2]))
conn.execute("ROLLBACK")
"""

WRITE = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=30)
print("writing", flush=True)
end = time.monotonic() + float(sys.argv[2])
n = 0
while time.monotonic() < end:
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("UPDATE products SET name = name || '' WHERE id = ?", (n % 200 + 1,))
    time.sleep(0.02)  # the lock held most of the time, given back now and then
    conn.execute("COMMIT")
    n += 1
"""


@pytest.fixture
def other_program() -> Iterator[object]:
    started: list[subprocess.Popen[str]] = []

    def start(script: str, db: Path, seconds: float) -> None:
        process = subprocess.Popen(
            [sys.executable, "-c", script, str(db), str(seconds)],
            stdout=subprocess.PIPE,
            text=True,
        )
        started.append(process)
        assert process.stdout is not None
        process.stdout.readline()  # the lock is held

    yield start
    for process in started:
        process.kill()
        process.wait()


def test_reading_commands_work_while_another_program_holds_the_write_lock(
    duka: Run, tmp_path: Path, demo_file: Path, other_program: object
) -> None:
    db = _copy_shop(demo_file, tmp_path / "shop")
    assert duka("verify", "--db", str(db)).returncode == 0
    other_program(HOLD, db, 120)  # type: ignore[operator]
    started = time.monotonic()
    checked = duka("verify", "--db", str(db))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "No problems found." in checked.stdout
    report = duka("report", "sales-by-day", "--from", "2020-01-01", "--db", str(db))
    assert report.returncode == 0 and report.stdout.count("\n") > 2, report.stderr
    out = tmp_path / "out"
    out.mkdir()
    for args in (
        ["export", "products", str(out / "p.xlsx")],
        ["export", "sales", str(out / "s.csv")],
        ["print", "receipt", "S-000001", "--out", str(out / "r.pdf")],
        ["backup", str(out / "b.sqlite3")],
    ):
        result = duka(*args, "--db", str(db))
        assert result.returncode == 0, (args, result.stderr)
    assert time.monotonic() - started < 60
    # A backup carries the journal's anchor in a small file beside it.
    made = {p.name for p in out.iterdir()}
    assert made == {"p.xlsx", "s.csv", "r.pdf", "b.sqlite3", "b.sqlite3.anchor"}


def test_verify_never_takes_another_programs_writing_for_damage(
    duka: Run, tmp_path: Path, demo_file: Path, other_program: object
) -> None:
    db = _copy_shop(demo_file, tmp_path / "shop")
    other_program(WRITE, db, 120)  # type: ignore[operator]
    for _run in range(5):
        result = duka("verify", "--db", str(db))
        # Busy ("try again", exit 2) would be honest; a finding (exit 1) would be false.
        assert result.returncode in (0, 2), result.stdout
        if result.returncode == 2:
            assert "in use by another program" in result.stderr
        else:
            assert "No problems found." in result.stdout


def _as_nobody() -> list[str] | None:
    """The start of a command line that runs as `nobody`, who may read anything (to reach
    this Python) but write only where permissions allow; None where that cannot be done."""
    setpriv = shutil.which("setpriv")
    if os.geteuid() != 0 or setpriv is None:
        return None
    probe = [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups",
             "--inh-caps=+dac_read_search", "--ambient-caps=+dac_read_search"]  # fmt: skip
    if subprocess.run([*probe, "true"], capture_output=True, check=False).returncode != 0:
        return None
    return probe


def test_reading_commands_work_on_a_read_only_shop(tmp_path: Path, demo_file: Path) -> None:
    nobody = _as_nobody()
    if nobody is None:
        pytest.skip("needs root and setpriv to run as an unprivileged user")
    base = Path(tempfile.gettempdir()) / f"duka-ro-{os.getpid()}"  # nobody reaches pytest's
    shop_dir, out, home = base / "shop", base / "out", base / "home"
    try:
        db = _copy_shop(demo_file, shop_dir)
        for folder in (out, home):
            folder.mkdir(parents=True)
            folder.chmod(0o777)
        base.chmod(0o755)
        db.chmod(0o444)
        shop_dir.chmod(0o555)
        before = sorted(p.name for p in shop_dir.iterdir()), db.read_bytes()
        env = dict(
            os.environ,
            DUKA_HOME=str(home),
            HOME=str(home),
            PYTHONPATH=str(ROOT / "desktop"),
            QT_QPA_PLATFORM="offscreen",
            LANG="C.UTF-8",
        )

        def run(*args: str) -> subprocess.CompletedProcess[str]:
            return subprocess.run(
                [*nobody, sys.executable, "-m", "duka", *args, "--db", str(db)],
                env=env,
                capture_output=True,
                text=True,
                check=False,
                timeout=120,
            )

        checked = run("verify")
        assert checked.returncode == 0 and "No problems found." in checked.stdout, checked
        report = run("report", "profit", "--from", "2020-01-01")
        assert report.returncode == 0 and report.stdout.startswith("date,"), report.stderr
        for args in (
            ["export", "products", str(out / "p.csv")],
            ["export", "customers", str(out / "c.xlsx")],
            ["export", "invoices", str(out / "i.csv")],
            ["print", "receipt", "S-000001", "--out", str(out / "r.pdf")],
            ["report", "tax", "--out", str(out / "t.pdf")],
            ["backup", str(out)],
        ):
            result = run(*args)
            assert result.returncode == 0, (args, result.stderr)
        # A command that writes says why it cannot, in the user's language.
        refused = run("users", "add", "Zed", "--role", "cashier", "--lang", "fr")
        assert refused.returncode == 2 and "Duka ne peut pas écrire" in refused.stderr
        assert (sorted(p.name for p in shop_dir.iterdir()), db.read_bytes()) == before
        assert len(list(out.glob("demo-*.sqlite3"))) == 1
    finally:
        if shop_dir.exists():
            shop_dir.chmod(0o755)
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def full_disk(tmp_path: Path) -> Iterator[Path]:
    """A 4 MB RAM disk holding the shop's folder, to be filled up by the test."""
    folder = tmp_path / "small"
    folder.mkdir()
    mount = ["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(folder)]
    if os.geteuid() != 0 or subprocess.run(mount, capture_output=True).returncode != 0:
        pytest.skip("needs root to mount a small RAM disk")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def _fill(folder: Path) -> None:
    # Unbuffered: a buffered file's last partial write fails again when it is closed,
    # outside the try, whenever the shop's size leaves a part of a block over.
    with (folder / "filler").open("wb", buffering=0) as handle:
        try:
            while True:
                handle.write(b"\0" * 65536)
        except OSError:
            pass


def test_a_full_disk_still_reads_and_says_why_it_cannot_write(
    duka: Run, tmp_path: Path, demo_file: Path, full_disk: Path
) -> None:
    db = _copy_shop(demo_file, full_disk)
    _fill(full_disk)
    checked = duka("verify", "--db", str(db))
    assert checked.returncode == 0 and "No problems found." in checked.stdout, checked.stderr
    out = tmp_path / "elsewhere"
    out.mkdir()
    for args in (
        ["report", "sales-by-day", "--from", "2020-01-01", "--out", str(out / "d.xlsx")],
        ["export", "products", str(out / "p.csv")],
        ["backup", str(out / "b.sqlite3")],
    ):
        result = duka(*args, "--db", str(db))
        assert result.returncode == 0, (args, result.stderr)
    for args in (["export", "products", str(full_disk / "p.csv")], ["backup", str(full_disk)]):
        result = duka(*args, "--db", str(db), "--lang", "fr")
        assert "Le disque" in _refusal(result) and "plein" in result.stderr
        assert "disk" not in result.stderr.replace(str(full_disk), "")
    written = duka("users", "add", "Zed", "--role", "cashier", "--db", str(db), "--lang", "fr",
                   stdin="9999\n")  # fmt: skip
    assert "plein" in _refusal(written)


@pytest.fixture
def read_only_mount(tmp_path: Path, demo_file: Path) -> Iterator[Path]:
    """The demo shop on a read-only file system (a read-only bind mount): even root may not
    write there."""
    source, mounted = tmp_path / "source", tmp_path / "mounted"
    _copy_shop(demo_file, source)
    mounted.mkdir()
    steps = [
        ["mount", "--bind", str(source), str(mounted)],
        ["mount", "-o", "remount,ro,bind", str(mounted)],
    ]
    if os.geteuid() != 0 or any(
        subprocess.run(step, capture_output=True).returncode != 0 for step in steps
    ):
        subprocess.run(["umount", "-l", str(mounted)], capture_output=True, check=False)
        pytest.skip("needs root to mount a read-only file system")
    try:
        yield mounted / demo_file.name
    finally:
        subprocess.run(["umount", "-l", str(mounted)], check=False)


def test_a_shop_on_a_read_only_file_system_is_read_in_place(
    duka: Run, tmp_path: Path, read_only_mount: Path
) -> None:
    db = read_only_mount
    checked = duka("verify", "--db", str(db))
    assert checked.returncode == 0 and "No problems found." in checked.stdout, checked.stderr
    for args in (
        ["report", "sales-by-product", "--from", "2020-01-01", "--out", str(tmp_path / "r.pdf")],
        ["export", "customers", str(tmp_path / "c.csv")],
        ["print", "invoice", "INV-2026-00001", "--out", str(tmp_path / "i.pdf")],
        ["backup", str(tmp_path / "b.sqlite3")],
    ):
        result = duka(*args, "--db", str(db))
        assert result.returncode == 0, (args, result.stderr)
    refused = duka("users", "add", "Q", "--role", "cashier", "--db", str(db), "--lang", "ar",
                   stdin="1111\n")  # fmt: skip
    assert "لا يستطيع" in _refusal(refused)
