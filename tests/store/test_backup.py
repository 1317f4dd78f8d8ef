import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from duka.core.errors import BackupFailed, NewerDatabase
from duka.store.backup import backup_database, backup_file, restore_database, verify_backup
from duka.store.database import open_database
from duka.store.migrations import SCHEMA_VERSION


def shop_with(path: Path, name: str) -> sqlite3.Connection:
    conn = open_database(path, backup_dir=path.parent / "b")
    conn.execute(
        "INSERT INTO settings VALUES ('shop_name', ?, 'now', NULL) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (f'"{name}"',),
    )
    return conn


def shop_name(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return str(conn.execute("SELECT value FROM settings WHERE key = 'shop_name'").fetchone()[0])
    finally:
        conn.close()


def test_an_online_backup_is_whole_verified_and_stands_alone(tmp_path: Path) -> None:
    conn = shop_with(tmp_path / "s.sqlite3", "Mama Amina")
    target = tmp_path / "copies" / "s-backup.sqlite3"
    info = backup_database(conn, target)
    assert info.path == target and info.schema_version == SCHEMA_VERSION
    assert shop_name(target) == '"Mama Amina"'
    assert sorted(p.name for p in target.parent.iterdir()) == ["s-backup.sqlite3"]
    assert sqlite3.connect(target).execute("PRAGMA journal_mode").fetchone()[0] == "delete"


def test_a_backup_in_a_worker_uses_its_own_connection(tmp_path: Path) -> None:
    shop_with(tmp_path / "s.sqlite3", "Mama Amina")
    info = backup_file(tmp_path / "s.sqlite3", tmp_path / "copy.sqlite3")
    assert verify_backup(info.path).size == info.size


def test_a_backup_never_overwrites_a_file(tmp_path: Path) -> None:
    conn = shop_with(tmp_path / "s.sqlite3", "x")
    existing = tmp_path / "taken.sqlite3"
    existing.write_text("mine")
    with pytest.raises(BackupFailed):
        backup_database(conn, existing)
    assert existing.read_text() == "mine"


def test_verify_refuses_what_is_not_a_good_duka_backup(tmp_path: Path) -> None:
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database at all")
    with pytest.raises(BackupFailed):
        verify_backup(junk)
    with pytest.raises(BackupFailed):
        verify_backup(tmp_path / "missing.sqlite3")
    other = tmp_path / "other.sqlite3"
    with closing(sqlite3.connect(other)) as made:  # closed: apsw reads it next
        made.execute("CREATE TABLE t (a)")
    with pytest.raises(BackupFailed):
        verify_backup(other)


def test_verify_refuses_a_damaged_copy(tmp_path: Path) -> None:
    conn = shop_with(tmp_path / "s.sqlite3", "x")
    copy = backup_database(conn, tmp_path / "copy.sqlite3").path
    reader = sqlite3.connect(copy)
    page_size = reader.execute("PRAGMA page_size").fetchone()[0]
    root = reader.execute("SELECT rootpage FROM sqlite_master WHERE name = 'settings'").fetchone()
    reader.close()
    data = bytearray(copy.read_bytes())
    start = (root[0] - 1) * page_size
    data[start : start + 8] = b"\x07" * 8  # the table's page no longer says what it is
    copy.write_bytes(bytes(data))
    with pytest.raises(BackupFailed):
        verify_backup(copy)


def test_verify_refuses_a_backup_from_a_newer_duka(tmp_path: Path) -> None:
    conn = shop_with(tmp_path / "s.sqlite3", "x")
    copy = backup_database(conn, tmp_path / "copy.sqlite3").path
    with closing(sqlite3.connect(copy)) as newer:  # closed: apsw reads it next
        newer.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(NewerDatabase):
        verify_backup(copy)


def test_restore_replaces_the_shop_and_keeps_the_old_one(tmp_path: Path) -> None:
    shop = tmp_path / "s.sqlite3"
    conn = shop_with(shop, "Before")
    copy = backup_database(conn, tmp_path / "copy.sqlite3").path
    conn.execute("UPDATE settings SET value = '\"After\"' WHERE key = 'shop_name'")
    conn.close()
    kept = restore_database(copy, shop, tmp_path / "kept")
    assert shop_name(shop) == '"Before"'
    assert kept is not None and shop_name(kept) == '"After"'


def test_restore_checks_the_backup_before_touching_the_shop(tmp_path: Path) -> None:
    shop = tmp_path / "s.sqlite3"
    shop_with(shop, "Precious").close()
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"garbage" * 100)
    with pytest.raises(BackupFailed):
        restore_database(junk, shop, tmp_path / "kept")
    assert shop_name(shop) == '"Precious"'
    assert not (tmp_path / "kept").exists()


def test_restore_over_a_damaged_shop_keeps_its_bytes(tmp_path: Path) -> None:
    good = shop_with(tmp_path / "good.sqlite3", "Good")
    copy = backup_database(good, tmp_path / "copy.sqlite3").path
    damaged = tmp_path / "damaged.sqlite3"
    damaged.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)
    kept = restore_database(copy, damaged, tmp_path / "kept")
    assert shop_name(damaged) == '"Good"'
    assert kept is not None and kept.read_bytes().startswith(b"SQLite format 3")


def test_a_backup_with_a_migration_this_duka_does_not_know_is_refused_before_the_swap(
    tmp_path: Path,
) -> None:
    shop = tmp_path / "s.sqlite3"
    conn = shop_with(shop, "Precious")
    copy = backup_database(conn, tmp_path / "copy.sqlite3").path
    conn.close()
    # The same data version, but a migration from another, newer Duka.
    future = sqlite3.connect(copy)
    with future:
        future.execute(
            "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
            "VALUES ('duka', '9999_from_the_future', 'now')"
        )
    future.close()
    before = shop.read_bytes()
    with pytest.raises(NewerDatabase):
        restore_database(copy, shop, tmp_path / "kept")
    assert shop.read_bytes() == before
    assert not (tmp_path / "kept").exists()
    assert sorted(p.name for p in tmp_path.iterdir() if ".restoring" in p.name) == []


def test_a_refusal_after_the_shop_was_kept_names_where_it_went(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shop = tmp_path / "s.sqlite3"
    conn = shop_with(shop, "Precious")
    copy = backup_database(conn, tmp_path / "copy.sqlite3").path
    conn.close()
    import os as os_module

    from duka.core.errors import StoreUnavailable
    from duka.store import backup as backup_module

    real = os_module.replace

    def failing(source: object, target: object) -> None:
        if str(target) == str(shop):
            raise OSError(28, "No space left on device")
        real(source, target)  # type: ignore[arg-type]

    monkeypatch.setattr(backup_module.os, "replace", failing)
    with pytest.raises(StoreUnavailable) as refused:
        restore_database(copy, shop, tmp_path / "kept")
    kept = next((tmp_path / "kept").iterdir())
    assert str(kept) in refused.value.message
    assert shop_name(shop) == '"Precious"' and shop_name(kept) == '"Precious"'


def test_what_a_killed_backup_left_is_removed_by_the_next_one(tmp_path: Path) -> None:
    conn = shop_with(tmp_path / "s.sqlite3", "x")
    folder = tmp_path / "copies"
    folder.mkdir()
    left = folder / "s-20260101-000000.sqlite3.partial"
    left.write_bytes(b"\x00" * 4096)
    (folder / "s-20260101-000000.sqlite3.partial-journal").write_bytes(b"\x00")
    # One still being written by a living process (its lock is held) is left alone.
    import os as os_module

    from duka.store.shop_lock import try_lock_file

    busy = folder / "other.sqlite3.partial"
    busy.write_bytes(b"\x00")
    fd = os_module.open(busy, os_module.O_RDWR)
    try:
        assert try_lock_file(fd)
        backup_database(conn, folder / "s-new.sqlite3")
    finally:
        os_module.close(fd)
    assert sorted(p.name for p in folder.iterdir()) == ["other.sqlite3.partial", "s-new.sqlite3"]
