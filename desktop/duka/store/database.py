"""Opening the shop's SQLite file: checks, pragmas, migrations, transactions.

Opening refuses, with a clear message and without touching the file, a path in a missing
folder, a place Duka cannot write, a file that is not SQLite, a SQLite file that is not a
Duka shop, and a shop written by a newer Duka. Before pending migrations are applied to an
existing shop, a verified backup copy is taken.

Repositories work on a plain apsw connection (the sales path needs its speed, and apsw
carries SQLite's session extension). sqlite-utils runs the migrations, and is imported only
when there are migrations to run; it speaks the standard library's sqlite3, so migrating
closes the shop's apsw connection, migrates on a standard-library connection, closes that,
and opens the shop through apsw again: one SQLite library at a time on the file (two with
the same file open in one process can corrupt it, each keeping its own POSIX locks).
"""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import count
from pathlib import Path
from typing import TypeVar

import apsw

from duka.core.errors import (
    DatabaseBusy,
    DiskFull,
    NewerDatabase,
    NoShop,
    ReadOnlyStore,
    StoreUnavailable,
)
from duka.i18n import N_, _
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
from duka.store.sql import (
    Connection,
    Error,
    Executor,
    open_file,
    open_read_only,
    standard_library_connection,
)

# Either library's errors: migrations raise the standard library's.
_ERRORS = (Error, sqlite3.Error)

__all__ = ["Connection", "Upgrade", "open_database", "open_for_reading", "transaction"]

DEFAULT_BUSY_TIMEOUT_MS = 5000
_savepoints = count(1)


def _check_place(path: Path) -> Path:
    """Refuse a shop path that is a folder, or whose folder is missing; its folder."""
    folder = path.parent
    if path.is_dir():
        raise StoreUnavailable(N_("{path} is a folder, not a shop file."), path=str(path))
    if not folder.is_dir():
        raise StoreUnavailable(
            N_("The folder {folder} does not exist. Create it first or choose another place."),
            folder=str(folder),
        )
    return folder


def check_folder(path: Path) -> None:
    """Refuse a shop path whose folder is missing or not writable, or that is a folder."""
    folder = _check_place(path)
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
    try:
        conn = open_file(path, busy_timeout_ms)
    except Error as error:
        raise translate_error(error, path) from None
    try:
        conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA recursive_triggers = ON")
        # 16 MB of page cache rather than SQLite's 2 MB: importing or receiving into a
        # large catalogue touches five product indexes, and 2 MB kept spilling them.
        conn.execute("PRAGMA cache_size = -16384")
    except Error as error:
        conn.close()
        raise translate_error(error, path) from None
    return conn


def connect(path: Path, busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS) -> Connection:
    """A further connection to a shop already opened (and migrated) with `open_database`,
    for work in another thread."""
    return _session(Path(path), busy_timeout_ms)


def _persistent_pragmas(conn: Executor, path: Path, busy_timeout_ms: int) -> None:
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
    except _ERRORS as error:
        raise translate_error(error, path) from None


def _switch_to_wal(conn: Executor, busy_timeout_ms: int) -> str:
    # Changing the journal mode does not wait on SQLite's busy handler, so a second Duka
    # starting while the first creates the shop waits here instead.
    deadline = time.monotonic() + busy_timeout_ms / 1000
    while True:
        try:
            mode = str(conn.execute("PRAGMA journal_mode").fetchone()[0]).lower()
            if mode == "wal":
                return mode
            return str(conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]).lower()
        except _ERRORS as error:
            if "locked" not in str(error).lower() or time.monotonic() > deadline:
                raise
            time.sleep(0.01)


# SQLite's primary result codes (the low byte of an extended code).
_BUSY, _LOCKED, _READONLY, _IOERR, _CORRUPT, _FULL, _CANTOPEN, _NOTADB = 5, 6, 8, 10, 11, 13, 14, 26
# What the disk or another program did, as opposed to a mistake in Duka's own SQL.
_CIRCUMSTANCES = {_BUSY, _LOCKED, _READONLY, _IOERR, _CORRUPT, _FULL, _CANTOPEN, _NOTADB}


def _primary_code(error: BaseException) -> int | None:
    # apsw names it `result` (its own errors, such as a closed connection, have -1 or none);
    # the standard library `sqlite_errorcode`.
    code = getattr(error, "result", getattr(error, "sqlite_errorcode", None))
    return code & 0xFF if isinstance(code, int) and code >= 0 else None


def translate_error(error: Error | sqlite3.Error, path: Path) -> StoreUnavailable:
    """SQLite's English message as a refusal in the user's language, by its result code."""
    code = _primary_code(error)
    text = str(error).lower()
    if code in (_BUSY, _LOCKED) or (code is None and ("locked" in text or "busy" in text)):
        return DatabaseBusy(
            N_("{path} is in use by another program. Close it and try again."), path=str(path)
        )
    if code == _FULL or "disk is full" in text or (code == _IOERR and _disk_full(path)):
        return DiskFull(
            N_("The disk holding {path} is full. Make room on it and try again."),
            path=str(path),
        )
    if code == _READONLY or "readonly" in text or "read-only" in text:
        return ReadOnlyStore(N_("Duka may not write to {path}."), path=str(path))
    if code in (_CORRUPT, _NOTADB) or any(w in text for w in ("not a database", "malformed")):
        return StoreUnavailable(N_("{path} is damaged or not a Duka shop file."), path=str(path))
    if "encrypted" in text:
        return StoreUnavailable(N_("{path} is damaged or not a Duka shop file."), path=str(path))
    if code == _IOERR:
        return StoreUnavailable(
            N_("The disk holding {path} could not be read or written. Check it and try again."),
            path=str(path),
        )
    if code == _CANTOPEN:
        return StoreUnavailable(N_("Duka could not open {path}."), path=str(path))
    return StoreUnavailable(
        N_("Duka could not open {path}: {reason}"),
        path=str(path),
        reason=_error_name(error),
    )


def _error_name(error: BaseException) -> str:
    """SQLite's name for the error's result code, such as SQLITE_ERROR."""
    named = getattr(error, "sqlite_errorname", None)
    if named:
        return str(named)
    code = getattr(error, "extendedresult", None)
    if isinstance(code, int) and code >= 0:
        name = apsw.mapping_extended_result_codes.get(code) or apsw.mapping_result_codes.get(
            code & 0xFF
        )
        if name:
            return str(name)
    return type(error).__name__


def _disk_full(path: Path) -> bool:
    # A full disk can reach SQLite as an I/O error (growing the -shm file it maps).
    try:
        return shutil.disk_usage(path.parent).free < 64 * 1024
    except OSError:
        return False


def user_error(error: BaseException, path: Path | None = None) -> StoreUnavailable | None:
    """The refusal to show for an SQLite error caused by the disk or another program (full,
    read-only, busy, damaged), or None for anything else (a bug, to be logged)."""
    if isinstance(error, _ERRORS) and _primary_code(error) in _CIRCUMSTANCES:
        return translate_error(error, path if path is not None else Path("?"))
    return None


_Conn = TypeVar("_Conn", bound=Executor)


@contextmanager
def transaction(conn: _Conn) -> Iterator[_Conn]:
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
    except Error as error:
        raise translate_error(error, Path(database_path(conn))) from None
    try:
        yield conn
    except BaseException as error:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        found = user_error(error, Path(database_path(conn)))
        if found is not None:
            raise found from None  # a full disk or a read-only file, said in the user's words
        raise
    else:
        try:
            conn.execute("COMMIT")
        except Error as error:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise translate_error(error, Path(database_path(conn))) from None


@contextmanager
def reading(conn: _Conn) -> Iterator[_Conn]:
    """Several reads as of one moment: another program's commit meanwhile is in all of them
    or in none. Inside a transaction already, that transaction's view."""
    if conn.in_transaction:
        yield conn
        return
    conn.execute("BEGIN")
    try:
        yield conn
    finally:
        if conn.in_transaction:
            conn.execute("COMMIT")


def database_path(conn: Executor) -> str:
    for row in conn.execute("PRAGMA database_list"):
        if row[1] == "main":
            return str(row[2])
    return ""


def schema_version(conn: Executor) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


@dataclass(frozen=True, slots=True)
class Upgrade:
    """A shop written by an older Duka, brought up to this one's schema as it was opened:
    from which data version, to which, and where the copy taken before it is."""

    old: int
    new: int
    backup: Path


def _table_names(conn: Executor) -> set[str]:
    rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    return {str(r[0]) for r in rows}


def applied_migrations(conn: Executor) -> list[str]:
    """Names of the migrations recorded in the file, in the order they ran."""
    if MIGRATIONS_TABLE not in _table_names(conn):
        return []
    rows = conn.execute(
        f"SELECT name FROM {MIGRATIONS_TABLE} WHERE migration_set = ? ORDER BY rowid",
        (MIGRATION_SET,),
    )
    return [str(r[0]) for r in rows]


def _check_identity(conn: Executor, path: Path) -> bool:
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


def pending_migrations(conn: Executor) -> list[str]:
    done = set(applied_migrations(conn))
    return [name for name in MIGRATION_NAMES if name not in done]


def require_shop(path: Path) -> None:
    """Refuse a path that holds no shop, for the commands that never make one: only starting
    the app, `demo` and `restore` create a shop file."""
    _check_place(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        size = 0
    except OSError as error:
        raise translate_os_error(error, path) from None
    if size == 0:
        raise _no_shop(path)


def _no_shop(path: Path) -> NoShop:
    return NoShop(
        N_("There is no shop at {path}. Check the name, or start Duka to make a new shop."),
        path=str(path),
    )


def translate_os_error(error: OSError, path: Path) -> StoreUnavailable:
    """A file system refusal in the user's words (the system's own text is English)."""
    if error.errno == errno.ENOSPC:
        return DiskFull(
            N_("The disk holding {path} is full. Make room on it and try again."),
            path=str(path),
        )
    if error.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return ReadOnlyStore(N_("Duka may not write to {path}."), path=str(path))
    return StoreUnavailable(
        N_("The disk holding {path} could not be read or written. Check it and try again."),
        path=str(path),
    )


def open_database(
    path: Path,
    *,
    backup_dir: Path,
    busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS,
    create: bool = True,
) -> Connection:
    """Open and migrate the shop database at `path`; with `create`, make it if need be,
    else refuse a path that holds no shop (NoShop) and write nothing."""
    return open_and_upgrade(
        path, backup_dir=backup_dir, busy_timeout_ms=busy_timeout_ms, create=create
    )[0]


def open_and_upgrade(
    path: Path,
    *,
    backup_dir: Path,
    busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS,
    create: bool = True,
) -> tuple[Connection, Upgrade | None]:
    """`open_database`, and the upgrade made to an older shop on the way (None if none)."""
    path = Path(path)
    if not create:
        require_shop(path)
    existed = check_path(path)
    conn = _session(path, busy_timeout_ms)
    try:
        try:
            empty = _check_identity(conn, path)  # before anything is written to the file
            if empty and not create:
                raise _no_shop(path)
            _persistent_pragmas(conn, path, busy_timeout_ms)
            if not pending_migrations(conn):
                return conn, None
            upgrade = _back_up_before_migrating(conn, path, backup_dir, existed and not empty)
        except Error as error:
            raise translate_error(error, path) from None
    except BaseException:
        conn.close()
        raise
    conn.close()  # the file through one library at a time: sqlite-utils' comes next
    _migrate_file(path, busy_timeout_ms)
    return _session(path, busy_timeout_ms), upgrade


# A shop up to this size is read into memory when it cannot be read in place; a larger one
# into a temporary file SQLite removes when it is closed.
_SNAPSHOT_IN_MEMORY = 256 * 1024 * 1024
# Less free space than this on the shop's disk and a reading command does not try to write.
_FREE_SPACE_NEEDED = 4 * 1024 * 1024


def open_for_reading(
    path: Path, *, backup_dir: Path, busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS
) -> tuple[Connection, bool, Upgrade | None]:
    """An existing shop for a command that only reads it (verify, report, export, print,
    backup), whether it is a private snapshot, and the upgrade made to the shop itself if
    it was written by an older Duka (a snapshot is upgraded in memory only: None).

    Where Duka may write to the shop right now, the shop itself (what a reading command
    notes, such as the report summaries it works out or an export in the audit trail, is
    written as usual). On a read-only disk, folder or file, on a full disk, or while another
    program holds the write lock, a private copy taken in one read (so a consistent
    snapshot, nothing ever written to the shop); a lock held so long that even reading waits
    in vain is DatabaseBusy.
    """
    path = Path(path)
    require_shop(path)
    if _may_write(path):
        conn, upgrade = open_and_upgrade(
            path, backup_dir=backup_dir, busy_timeout_ms=busy_timeout_ms, create=False
        )
        if _write_lock_free(conn, busy_timeout_ms):
            return conn, False, upgrade
        try:
            return _snapshot(conn, path), True, upgrade
        finally:
            conn.close()
    source = _read_only(path)
    try:
        try:
            if _check_identity(source, path):
                raise _no_shop(path)
            copy = _snapshot(source, path)
        except Error as error:
            raise translate_error(error, path) from None
    finally:
        source.close()
    try:
        if pending_migrations(copy):
            _migrate_copy(copy, path)
    except BaseException:
        copy.close()
        raise
    return copy, True, None


def _may_write(path: Path) -> bool:
    companions = [Path(f"{path}{suffix}") for suffix in ("-wal", "-shm")]
    if not os.access(path.parent, os.W_OK) or not os.access(path, os.W_OK):
        return False
    if any(c.exists() and not os.access(c, os.W_OK) for c in companions):
        return False
    try:
        return shutil.disk_usage(path.parent).free >= _FREE_SPACE_NEEDED
    except OSError:
        return False


def _write_lock_free(conn: Connection, busy_timeout_ms: int) -> bool:
    """Whether this connection could take the write lock now (taken and given back at once:
    a reading command does not wait for another program's long import)."""
    conn.execute("PRAGMA busy_timeout = 200")
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("ROLLBACK")
        return True
    except Error:
        return False
    finally:
        conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")


def _read_only(path: Path) -> Connection:
    """A connection that never writes to the shop, its folder or its companion files."""
    try:
        conn = open_read_only(path)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except Error:
        pass  # SQLite may not make the -shm file beside a read-only shop: read it as fixed
    wal = Path(f"{path}-wal")
    if wal.exists() and wal.stat().st_size > 0:
        # Its last changes wait in the -wal file, which only a writer can fold in.
        raise ReadOnlyStore(
            N_(
                "{path} was not closed properly and Duka may not write in its folder to "
                "finish it. Copy the shop and its -wal file to a place Duka may write to."
            ),
            path=str(path),
        )
    try:
        conn = open_read_only(path, immutable=True)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except Error as error:
        raise translate_error(error, path) from None
    return conn


def _snapshot(source: Connection, path: Path) -> Connection:
    """A private copy of the shop, made in one read of it."""
    size = path.stat().st_size + _size_of(Path(f"{path}-wal"))
    target = Connection(":memory:" if size <= _SNAPSHOT_IN_MEMORY else "")
    try:
        with target.backup("main", source, "main") as copying:
            copying.step(-1)  # one step: one read transaction, one moment
        target.execute("PRAGMA foreign_keys = ON")
        target.execute("PRAGMA recursive_triggers = ON")
    except Error as error:
        target.close()
        raise translate_error(error, path) from None
    return target


def _size_of(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _back_up_before_migrating(
    conn: Connection, path: Path, backup_dir: Path, existed: bool
) -> Upgrade | None:
    """With `existed` (the file held a shop), a verified copy first: a migration that goes
    wrong must not cost the shop its data. The Upgrade about to be made, or None."""
    if not existed:
        return None
    copy = backup.backup_name(path, backup_dir, f"before-v{SCHEMA_VERSION}")
    backup.backup_database(conn, copy)
    return Upgrade(len(applied_migrations(conn)), SCHEMA_VERSION, copy)


def _migrate_file(path: Path, busy_timeout_ms: int) -> None:
    """The pending migrations, applied to the shop file through the standard library (the
    only library sqlite-utils speaks), on a connection closed before this returns."""
    try:
        with standard_library_connection(path, busy_timeout_ms) as conn:
            conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA recursive_triggers = ON")
            _apply_migrations(conn, path)
    except sqlite3.Error as error:
        raise translate_error(error, path) from None


def _migrate_copy(copy: Connection, path: Path) -> None:
    """The pending migrations, applied to a private copy in memory (a snapshot of a shop
    Duka may not write): handed to the standard library as bytes and back."""
    image = copy.serialize("main")
    std = sqlite3.connect(":memory:", isolation_level=None)
    try:
        std.deserialize(image)
        std.execute("PRAGMA foreign_keys = ON")
        std.execute("PRAGMA recursive_triggers = ON")
        _apply_migrations(std, path)
        image = std.serialize()
    except sqlite3.Error as error:
        raise translate_error(error, path) from None
    finally:
        std.close()
    copy.deserialize("main", image)
    copy.execute("PRAGMA foreign_keys = ON")


def _apply_migrations(conn: sqlite3.Connection, path: Path) -> None:
    """sqlite-utils' migrations, in one write transaction."""
    from sqlite_utils import Database

    conn.execute("BEGIN IMMEDIATE")
    try:
        # Re-checked under the write lock: another Duka may have migrated meanwhile.
        _check_identity(conn, path)
        if pending_migrations(conn):
            migrations().apply(Database(conn, execute_plugins=False, strict=True))
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def integrity_problems(conn: Connection) -> list[str]:
    """What SQLite's own checks find wrong: page structure and foreign keys."""
    problems = [str(r[0]) for r in conn.execute("PRAGMA integrity_check")]
    if problems == ["ok"]:
        problems = []
    for table, rowid, parent, _fk in conn.execute("PRAGMA foreign_key_check"):
        problems.append(
            _("{table} row {rowid} points to a missing {parent} row").format(
                table=table, rowid=rowid, parent=parent
            )
        )
    return problems
