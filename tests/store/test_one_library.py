"""One SQLite library per open file: the shop is open through apsw, and sqlite-utils'
migrations run on a standard-library connection closed before apsw opens the file again.
Two libraries with the same file open in one process can corrupt it (each keeps its own
POSIX locks, and closing one drops the other's), so every standard-library open of a shop
file is watched here, through making, upgrading, backing up, reading and restoring a shop."""

from __future__ import annotations

import gc
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import apsw
import pytest

from duka.store import backup, sql
from duka.store.database import open_and_upgrade, open_database, open_for_reading
from duka.store.migrations import APPLICATION_ID, MIGRATION_NAMES, migrations


@pytest.fixture
def watched(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[tuple[str, set[str]]]]:
    """Each standard-library open of a file, with the files apsw had open at that moment."""
    opened: list[tuple[str, set[str]]] = []
    real = sqlite3.connect

    def connect(database: object, *args: object, **kwargs: object) -> sqlite3.Connection:
        name = str(database)
        if name and name != ":memory:" and not name.startswith("file:"):
            opened.append((os.path.realpath(name), sql.files_open_through_apsw()))
        return real(database, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(sqlite3, "connect", connect)
    yield opened
    monkeypatch.undo()


def _older_shop(target: Path) -> None:
    """A shop as an older Duka left it (data version 13), made with plain sqlite-utils."""
    from sqlite_utils import Database

    old = sqlite3.connect(target, isolation_level=None)
    migrations().apply(Database(old), stop_before="0022_price_asked")
    old.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    old.execute(f"PRAGMA user_version = {MIGRATION_NAMES.index('0022_price_asked')}")
    old.close()


def _never_both(opened: list[tuple[str, set[str]]]) -> None:
    for path, through_apsw in opened:
        assert path not in through_apsw, f"{path} open through both libraries"
    assert sql.files_open_through_standard_library() == set()


def test_a_new_shop_is_migrated_through_one_library_at_a_time(
    tmp_path: Path, watched: list[tuple[str, set[str]]]
) -> None:
    target = tmp_path / "s.sqlite3"
    # Earlier tests' shops may wait for the garbage collector to close them.
    before = sql.files_open_through_apsw()
    conn = open_database(target, backup_dir=tmp_path / "b")
    assert isinstance(conn, apsw.Connection)
    # sqlite-utils made the schema on a standard-library connection, closed by now.
    assert [p for p, _ in watched] == [os.path.realpath(target)]
    _never_both(watched)
    assert sql.files_open_through_apsw() - before == {os.path.realpath(target)}
    conn.close()


def test_an_older_shop_is_backed_up_through_apsw_and_migrated_through_the_standard_library(
    tmp_path: Path, watched: list[tuple[str, set[str]]]
) -> None:
    target = tmp_path / "old.sqlite3"
    _older_shop(target)
    watched.clear()
    conn, upgrade = open_and_upgrade(target, backup_dir=tmp_path / "b")
    assert upgrade is not None and upgrade.backup.exists()
    assert [p for p, _ in watched] == [os.path.realpath(target)]
    _never_both(watched)
    conn.close()


def test_an_up_to_date_shop_is_never_opened_through_the_standard_library(
    tmp_path: Path, watched: list[tuple[str, set[str]]]
) -> None:
    target = tmp_path / "s.sqlite3"
    open_database(target, backup_dir=tmp_path / "b").close()
    watched.clear()
    conn = open_database(target, backup_dir=tmp_path / "b")
    second = open_database(target, backup_dir=tmp_path / "b")  # another window, say
    copy = backup.backup_database(conn, tmp_path / "copy.sqlite3")
    backup.backup_file(target, tmp_path / "again.sqlite3")
    backup.backup_contents(copy.path)
    backup.journal_head(target)
    reader, snapshot, _ = open_for_reading(target, backup_dir=tmp_path / "b")
    assert not snapshot
    for each in (reader, second, conn):
        each.close()
    backup.restore_database(copy.path, target, tmp_path / "kept")
    open_database(target, backup_dir=tmp_path / "b").close()
    assert watched == []
    _never_both(watched)


def test_the_standard_library_is_refused_a_file_open_through_apsw(tmp_path: Path) -> None:
    target = tmp_path / "s.sqlite3"
    conn = open_database(target, backup_dir=tmp_path / "b")
    with pytest.raises(sql.TwoLibraries), sql.standard_library_connection(target):
        pass
    conn.close()
    with sql.standard_library_connection(target) as std:
        # ...and apsw a file open through the standard library.
        with pytest.raises(sql.TwoLibraries):
            sql.open_file(target)
        std.execute("SELECT 1")
    sql.open_file(target).close()


def test_a_snapshot_of_an_older_shop_is_migrated_in_memory(
    tmp_path: Path, watched: list[tuple[str, set[str]]], monkeypatch: pytest.MonkeyPatch
) -> None:
    from duka.store import database

    target = tmp_path / "old.sqlite3"
    _older_shop(target)
    watched.clear()
    # As on a read-only disk (the tests may run as a user who may write anywhere).
    monkeypatch.setattr(database, "_may_write", lambda path: False)
    conn, snapshot, upgrade = open_for_reading(target, backup_dir=tmp_path / "b")
    assert snapshot and upgrade is None
    assert database.pending_migrations(conn) == []
    assert conn.execute("SELECT DISTINCT price_asked FROM products").fetchall() in ([], [(0,)])
    assert watched == []  # the file itself never through the standard library
    conn.close()
    untouched = sqlite3.connect(target)
    assert database.pending_migrations(untouched) != []  # nor was it written
    untouched.close()


def test_the_tests_themselves_may_not_open_a_shop_through_both_libraries(
    tmp_path: Path,
) -> None:
    """conftest watches every sqlite3.connect of the tests and the helpers they call: a test
    that reached the shop through sqlite3 while it is open through apsw (or the reverse)
    fails there, rather than risk the file."""
    target = tmp_path / "s.sqlite3"
    conn = open_database(target, backup_dir=tmp_path / "b")
    with pytest.raises(sql.TwoLibraries):
        sqlite3.connect(target)
    with pytest.raises(sql.TwoLibraries):
        sqlite3.connect(f"{target.resolve().as_uri()}?mode=ro", uri=True)
    conn.close()
    held = sqlite3.connect(target)
    with pytest.raises(sql.TwoLibraries):
        open_database(target, backup_dir=tmp_path / "b")
    held.close()  # closed, the file is apsw's again
    open_database(target, backup_dir=tmp_path / "b").close()
    dropped = sqlite3.connect(target)
    del dropped  # left to the collector: still open until it runs
    gc.collect()
    open_database(target, backup_dir=tmp_path / "b").close()
    sqlite3.connect(":memory:").close()  # a database in memory is no file at all
