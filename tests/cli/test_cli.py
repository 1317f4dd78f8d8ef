import hashlib
import sqlite3
import struct
from pathlib import Path

import pytest

from duka import __version__
from duka.store.migrations import SCHEMA_VERSION
from tests.cli.conftest import Run


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def one_line_refusal(result: object) -> str:
    assert result.returncode == 2, result.stderr  # type: ignore[attr-defined]
    err = result.stderr.strip()  # type: ignore[attr-defined]
    assert "Traceback" not in err
    assert len(err.splitlines()) == 1, err
    return err


def test_version(duka: Run) -> None:
    result = duka("--version")
    assert result.returncode == 0 and result.stdout.strip() == f"duka {__version__}"


def test_demo_verify_and_a_second_demo(duka: Run, tmp_path: Path) -> None:
    db = tmp_path / "demo.sqlite3"
    made = duka("demo", "--db", str(db))
    assert made.returncode == 0, made.stderr
    assert "230 products, 11 customers, 5 suppliers" in made.stdout
    checked = duka("verify", "--db", str(db))
    assert checked.returncode == 0, checked.stdout
    assert "No problems found." in checked.stdout
    again = duka("--db", str(db), "demo")  # options before the command work too
    assert "already holds a shop" in one_line_refusal(again)


def test_verify_exits_1_and_names_the_damage(duka: Run, tmp_path: Path) -> None:
    db = tmp_path / "demo.sqlite3"
    duka("demo", "--db", str(db))
    conn = sqlite3.connect(db)
    conn.execute("INSERT INTO barcodes (code, product_id) VALUES ('12345', 999999)")
    conn.execute("UPDATE settings SET value = '\"Mars\"' WHERE key = 'country'")
    conn.commit()
    conn.close()
    result = duka("verify", "--db", str(db))
    assert result.returncode == 1
    assert "barcodes row" in result.stdout and "products" in result.stdout
    assert "country" in result.stdout
    # The setting's check, and the journal: settings are journaled since data version 13.
    assert "settings row" in result.stdout and "(country) was changed outside Duka" in result.stdout
    assert "Problems found: 3" in result.stdout


def test_verify_speaks_the_chosen_language(duka: Run, tmp_path: Path) -> None:
    db = tmp_path / "s.sqlite3"
    assert duka("demo", "--db", str(db)).returncode == 0
    result = duka("verify", "--db", str(db), "--lang", "fr")
    assert result.returncode == 0 and "Aucun problème trouvé." in result.stdout
    # LANG keeps its region, and --lang takes a tag as people write it
    brazil = duka("verify", "--db", str(db), env={"LANG": "pt_BR.UTF-8"})
    assert brazil.returncode == 0 and "Nenhum problema encontrado." in brazil.stdout
    typed = duka("verify", "--db", str(db), "--lang", "pt-BR")
    assert typed.stdout == brazil.stdout


def test_the_database_comes_from_duka_db_unless_db_is_given(
    duka: Run, tmp_path: Path, private_home: Path
) -> None:
    from_env = tmp_path / "env.sqlite3"
    assert duka("demo", env={"DUKA_DB": str(from_env)}).returncode == 0
    assert from_env.exists()
    named = tmp_path / "named.sqlite3"
    assert duka("demo", "--db", str(named), env={"DUKA_DB": str(from_env)}).returncode == 0
    assert named.exists()
    assert duka("demo").returncode == 0
    assert (private_home / "duka.sqlite3").exists()  # the per-user data folder


def test_backup_to_the_default_folder_a_folder_or_a_file(
    duka: Run, tmp_path: Path, private_home: Path
) -> None:
    db = tmp_path / "s.sqlite3"
    duka("demo", "--db", str(db))
    first = duka("backup", "--db", str(db))
    assert first.returncode == 0 and "verified" in first.stdout
    assert len(list((private_home / "backups").glob("s-*.sqlite3"))) == 1
    folder = tmp_path / "usb"
    folder.mkdir()
    assert duka("backup", "--db", str(db), str(folder)).returncode == 0
    assert len(list(folder.glob("*.sqlite3"))) == 1
    target = tmp_path / "named-copy.sqlite3"
    assert duka("backup", "--db", str(db), str(target)).returncode == 0
    assert target.exists()
    again = duka("backup", "--db", str(db), str(target))
    assert "already exists" in one_line_refusal(again)


def test_restore_verifies_first_and_keeps_the_replaced_file(
    duka: Run, tmp_path: Path, private_home: Path
) -> None:
    db = tmp_path / "s.sqlite3"
    duka("demo", "--db", str(db))
    copy = tmp_path / "copy.sqlite3"
    duka("backup", "--db", str(db), str(copy))
    conn = sqlite3.connect(db)
    conn.execute("UPDATE settings SET value = '\"Changed\"' WHERE key = 'shop_name'")
    conn.commit()
    conn.close()

    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a backup" * 50)
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    refused = duka("restore", str(junk), "--db", str(db))
    assert "not a Duka backup" in one_line_refusal(refused)
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before

    restored = duka("restore", str(copy), "--db", str(db))
    assert restored.returncode == 0, restored.stderr
    assert "kept as" in restored.stdout
    name = sqlite3.connect(db).execute("SELECT value FROM settings WHERE key = 'shop_name'")
    assert name.fetchone()[0] == '"Duka la Mama Amina"'
    assert list((private_home / "backups").glob("s-replaced-*.sqlite3"))


def test_restore_refuses_while_duka_has_the_shop_open(duka: Run, tmp_path: Path) -> None:
    from duka.ui.instance import InstanceLock

    db = tmp_path / "s.sqlite3"
    duka("demo", "--db", str(db))
    copy = tmp_path / "copy.sqlite3"
    duka("backup", "--db", str(db), str(copy))
    lock = InstanceLock(db)
    assert lock.try_lock()
    try:
        result = duka("restore", str(copy), "--db", str(db))
    finally:
        lock.unlock()
    assert "Close it before restoring" in one_line_refusal(result)


@pytest.mark.parametrize("command", [["verify"], ["demo"], ["backup"], []])
def test_a_missing_folder_is_a_clear_refusal(duka: Run, tmp_path: Path, command: list[str]) -> None:
    db = tmp_path / "missing" / "s.sqlite3"
    extra = ["--screenshot", str(tmp_path / "x.png")] if not command else []
    result = duka(*command, "--db", str(db), *extra)
    assert "does not exist" in one_line_refusal(result)
    assert not db.parent.exists()


def test_a_file_that_is_not_a_shop_is_refused_and_kept(duka: Run, tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("not a shop\n" * 100)
    result = duka("verify", "--db", str(notes))
    assert "not an SQLite database" in one_line_refusal(result)
    assert notes.read_text() == "not a shop\n" * 100


def test_a_shop_from_a_newer_duka_is_refused(duka: Run, tmp_path: Path) -> None:
    db = tmp_path / "s.sqlite3"
    duka("demo", "--db", str(db))
    conn = sqlite3.connect(db)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 3}")
    conn.close()
    result = duka("verify", "--db", str(db))
    assert "newer version of Duka" in one_line_refusal(result)
    shot = duka("--db", str(db), "--screenshot", str(tmp_path / "x.png"))
    assert "newer version of Duka" in one_line_refusal(shot)


def test_a_locked_database_is_a_clear_refusal(duka: Run, tmp_path: Path) -> None:
    db = tmp_path / "s.sqlite3"
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("CREATE TABLE t (a)")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        result = duka("verify", "--db", str(db))
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert "in use by another program" in one_line_refusal(result)


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--lang", "xx", "verify"], "unknown language"),
        (["--frobnicate"], "unrecognized"),
        (["restore"], "required"),
        (["--screen", "kitchen"], "invalid choice"),
        (["--size", "big", "--screenshot", "x.png"], "not a size like 1024x600"),
        (["--size", "100x60", "--screenshot", "x.png"], "320 to 8192"),
        (["--scale", "9", "--screenshot", "x.png"], "0.5 to 4"),
    ],
)
def test_bad_usage_is_one_line_with_exit_2(duka: Run, args: list[str], says: str) -> None:
    assert says in one_line_refusal(duka(*args))


@pytest.mark.parametrize("language", ["en", "ar", "hi"])
def test_screenshot_of_the_main_window(duka: Run, tmp_path: Path, language: str) -> None:
    db = tmp_path / "s.sqlite3"
    duka("demo", "--db", str(db))
    out = tmp_path / f"settings-{language}.png"
    result = duka(
        "--db", str(db), "--lang", language, "--screen", "settings", "--screenshot", str(out)
    )
    assert result.returncode == 0, result.stderr
    assert png_size(out) == (1366, 768)


@pytest.mark.parametrize(
    ("size", "scale", "pixels"),
    [("1024x600", "1", (1024, 600)), ("1366x768", "2", (2732, 1536))],
)
def test_a_screenshot_at_any_size_and_scale(
    duka: Run, tmp_path: Path, size: str, scale: str, pixels: tuple[int, int]
) -> None:
    db = tmp_path / "s.sqlite3"
    duka("demo", "--db", str(db))
    out = tmp_path / "sell.png"
    args = ("--screen", "sell", "--size", size, "--scale", scale, "--screenshot", str(out))
    result = duka("--db", str(db), "--lang", "ar", *args)
    assert result.returncode == 0, result.stderr
    assert png_size(out) == pixels  # the window fills the screen, drawn at the scale given


def test_screenshot_of_a_new_shop_needs_no_questions(duka: Run, tmp_path: Path) -> None:
    out = tmp_path / "new.png"
    result = duka("--db", str(tmp_path / "new.sqlite3"), "--screenshot", str(out))
    assert result.returncode == 0, result.stderr
    assert png_size(out) == (1366, 768)


def test_the_app_without_a_screen_says_how_to_start(duka: Run, tmp_path: Path) -> None:
    result = duka(
        "--db",
        str(tmp_path / "s.sqlite3"),
        env={"QT_QPA_PLATFORM": "", "DISPLAY": "", "WAYLAND_DISPLAY": ""},
    )
    assert "no screen" in one_line_refusal(result)


def test_an_unexpected_error_is_logged_not_dumped(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], private_home: Path
) -> None:
    from duka import cli

    def explode(_args: object) -> int:
        raise RuntimeError("disk on fire")

    monkeypatch.setitem(cli.COMMANDS, "verify", explode)
    assert cli.main(["verify"]) == cli.EXIT_INTERNAL
    err = capsys.readouterr().err
    log = private_home / "logs" / "duka.log"
    assert "Traceback" not in err and str(log) in err
    assert "disk on fire" in log.read_text(encoding="utf-8")
