"""Opening the shop's SQLite file: checks, pragmas, migrations, transactions.

Opening refuses, with a clear message and without touching the file, a path in a missing
folder, a place Duka cannot write, a file that is not SQLite, a SQLite file that is not a
Duka shop, and a shop written by a newer Duka. Before pending migrations are applied to an
existing shop, a verified backup copy is taken.

Repositories work on the plain sqlite3 connection (the sales path needs its speed);
sqlite-utils runs the migrations, and is imported only when there are migrations to run.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import count
from pathlib import Path

from duka.core.errors import DatabaseBusy, NewerDatabase, StoreUnavailable
from duka.i18n import N_
from duka.store import backup
from duka.store.backup import SQLITE_HEADER
from duka.store.migrations import (
    APPLICATION_ID,
    MIGRATION_NAMES,
    MIGRATION_SET,
    MIGRATIONS_TABLE,
    SCHEMA_VERSION,
    migrations,
)

Connection = sqlite3.Connection

__all__ = ["Connection", "open_database", "transaction"]

DEFAULT_BUSY_TIMEOUT_MS = 5000
_savepoints = count(1)


def check_folder(path: Path) -> None:
    """Refuse a shop path whose folder is missing or not writable, or that is a folder."""
    folder = path.parent
    if path.is_dir():
        raise StoreUnavailable(N_("{path} is a folder, not a shop file."), path=str(path))
    if not folder.is_dir():
        raise StoreUnavailable(
            N_("The folder {folder} does not exist. Create it first or choose another place."),
            folder=str(folder),
        )
    if not os.access(folder, os.W_OK):
        # SQLite needs to create its -wal and -shm files beside the database.
        raise StoreUnavailable(
            N_("Duka may not write in the folder {folder}. Choose another place."),
            folder=str(folder),
        )


def check_path(path: Path) -> bool:
    """Refuse a path Duka cannot use; True if a shop file already exists there."""
    check_folder(path)
    exists = path.exists()
    if exists:
        if not os.access(path, os.R_OK | os.W_OK):
            raise StoreUnavailable(
                N_("Duka may not read and write {path}. Check the file's permissions."),
                path=str(path),
            )
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
        if header and header != SQLITE_HEADER:
            raise StoreUnavailable(
                N_("{path} is not a Duka shop file (it is not an SQLite database)."),
                path=str(path),
            )
        if not header:
            exists = False  # an empty file is a new database
    return exists


def _session(path: Path, busy_timeout_ms: int) -> Connection:
    """A connection with the pragmas that last only as long as it does (nothing written)."""
    conn = sqlite3.connect(str(path), timeout=busy_timeout_ms / 1000, isolation_level=None)
    try:
        conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA recursive_triggers = ON")
        # 16 MB of page cache rather than SQLite's 2 MB: importing or receiving into a
        # large catalogue touches five product indexes, and 2 MB kept spilling them.
        conn.execute("PRAGMA cache_size = -16384")
    except sqlite3.DatabaseError as error:
        conn.close()
        raise translate_error(error, path) from None
    return conn


def connect(path: Path, busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS) -> Connection:
    """A further connection to a shop already opened (and migrated) with `open_database`,
    for work in another thread."""
    return _session(Path(path), busy_timeout_ms)


def _persistent_pragmas(conn: Connection, path: Path, busy_timeout_ms: int) -> None:
    """WAL is recorded in the file itself, so it is set only once the file is known to be
    ours; synchronous goes with it."""
    try:
        mode = _switch_to_wal(conn, busy_timeout_ms)
        if mode != "wal":
            raise StoreUnavailable(
                N_("Duka could not switch {path} to its safe writing mode."), path=str(path)
            )
        # FULL: a sale that was confirmed on screen survives a power cut.
        conn.execute("PRAGMA synchronous = FULL")
    except sqlite3.DatabaseError as error:
        raise translate_error(error, path) from None


def _switch_to_wal(conn: Connection, busy_timeout_ms: int) -> str:
    # Changing the journal mode does not wait on SQLite's busy handler, so a second Duka
    # starting while the first creates the shop waits here instead.
    deadline = time.monotonic() + busy_timeout_ms / 1000
    while True:
        try:
            mode = str(conn.execute("PRAGMA journal_mode").fetchone()[0]).lower()
            if mode == "wal":
                return mode
            return str(conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]).lower()
        except sqlite3.OperationalError as error:
            if "locked" not in str(error).lower() or time.monotonic() > deadline:
                raise
            time.sleep(0.01)


def translate_error(error: sqlite3.Error, path: Path) -> StoreUnavailable:
    text = str(error).lower()
    if "locked" in text or "busy" in text:
        return DatabaseBusy(
            N_("{path} is in use by another program. Close it and try again."), path=str(path)
        )
    if "not a database" in text or "malformed" in text or "encrypted" in text:
        return StoreUnavailable(N_("{path} is damaged or not a Duka shop file."), path=str(path))
    if "readonly" in text or "read-only" in text:
        return StoreUnavailable(N_("Duka may not write to {path}."), path=str(path))
    return StoreUnavailable(
        N_("Duka could not open {path}: {reason}"), path=str(path), reason=str(error)
    )


@contextmanager
def transaction(conn: Connection) -> Iterator[Connection]:
    """One business operation: all of it is written, or none of it.

    BEGIN IMMEDIATE takes the write lock at the start, so two processes never both read a
    counter and then race to write it; a nested call becomes a savepoint.
    """
    if conn.in_transaction:
        name = f"duka_{next(_savepoints)}"
        conn.execute(f"SAVEPOINT {name}")
        try:
            yield conn
        except BaseException:
            if conn.in_transaction:
                conn.execute(f"ROLLBACK TO {name}")
                conn.execute(f"RELEASE {name}")
            raise
        else:
            conn.execute(f"RELEASE {name}")
        return
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as error:
        raise translate_error(error, Path(database_path(conn))) from None
    try:
        yield conn
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    else:
        try:
            conn.execute("COMMIT")
        except sqlite3.OperationalError as error:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise translate_error(error, Path(database_path(conn))) from None


def database_path(conn: Connection) -> str:
    for row in conn.execute("PRAGMA database_list"):
        if row[1] == "main":
            return str(row[2])
    return ""


def schema_version(conn: Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def _table_names(conn: Connection) -> set[str]:
    rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    return {str(r[0]) for r in rows}


def applied_migrations(conn: Connection) -> list[str]:
    """Names of the migrations recorded in the file, in the order they ran."""
    if MIGRATIONS_TABLE not in _table_names(conn):
        return []
    rows = conn.execute(
        f"SELECT name FROM {MIGRATIONS_TABLE} WHERE migration_set = ? ORDER BY rowid",
        (MIGRATION_SET,),
    )
    return [str(r[0]) for r in rows]


def _check_identity(conn: Connection, path: Path) -> bool:
    """Refuse a foreign or newer database; True if the file holds no tables yet."""
    app_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
    tables = _table_names(conn)
    if not tables and app_id == 0:
        return True
    if app_id != APPLICATION_ID or MIGRATIONS_TABLE not in tables:
        raise StoreUnavailable(
            N_("{path} is an SQLite database of another program, not a Duka shop."),
            path=str(path),
        )
    unknown = set(applied_migrations(conn)) - set(MIGRATION_NAMES)
    version = schema_version(conn)
    if version > SCHEMA_VERSION or unknown:
        raise NewerDatabase(
            N_(
                "{path} was written by a newer version of Duka (data version {found}; this "
                "Duka knows up to {known}). Install the newer Duka to open it."
            ),
            path=str(path),
            found=max(version, SCHEMA_VERSION + 1),
            known=SCHEMA_VERSION,
        )
    return False


def pending_migrations(conn: Connection) -> list[str]:
    done = set(applied_migrations(conn))
    return [name for name in MIGRATION_NAMES if name not in done]


def open_database(
    path: Path,
    *,
    backup_dir: Path,
    busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS,
) -> Connection:
    """Open (creating if need be) and migrate the shop database at `path`."""
    path = Path(path)
    existed = check_path(path)
    conn = _session(path, busy_timeout_ms)
    try:
        try:
            empty = _check_identity(conn, path)  # before anything is written to the file
            _persistent_pragmas(conn, path, busy_timeout_ms)
            migrate(conn, path, backup_dir=backup_dir, existed=existed and not empty)
        except sqlite3.DatabaseError as error:
            raise translate_error(error, path) from None
    except BaseException:
        conn.close()
        raise
    return conn


def migrate(conn: Connection, path: Path, *, backup_dir: Path, existed: bool) -> None:
    """Apply pending migrations; `existed` says the file held a shop (back it up first)."""
    if not pending_migrations(conn):
        return
    if existed:
        # A verified copy first: a migration that goes wrong must not cost the shop its data.
        backup.backup_database(
            conn, backup.backup_name(path, backup_dir, f"before-v{SCHEMA_VERSION}")
        )
    from sqlite_utils import Database

    with transaction(conn):
        # Re-checked under the write lock: another Duka may have migrated meanwhile.
        _check_identity(conn, path)
        migrations().apply(Database(conn, execute_plugins=False, strict=True))
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def integrity_problems(conn: Connection) -> list[str]:
    """What SQLite's own checks find wrong: page structure and foreign keys."""
    problems = [str(r[0]) for r in conn.execute("PRAGMA integrity_check")]
    if problems == ["ok"]:
        problems = []
    for table, rowid, parent, _fk in conn.execute("PRAGMA foreign_key_check"):
        problems.append(f"{table} row {rowid} points to a missing {parent} row")
    return problems
