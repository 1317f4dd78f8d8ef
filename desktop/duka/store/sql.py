"""The SQLite library the store speaks through: apsw, whose build carries the session
extension. One library per open file: two SQLite libraries with the same file open in one
process can corrupt it (each keeps its own POSIX locks), so the store opens the shop only
through this one; sqlite-utils' migrations run on a standard-library connection that is
closed before (see `database.open_and_upgrade`).

apsw runs in autocommit like the standard library with `isolation_level=None`: the store
begins and ends every transaction itself.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol

import apsw

Connection = apsw.Connection


class Rows(Protocol):
    """What a statement gives back, read as the repositories read it."""

    def fetchone(self) -> Any: ...
    def __next__(self) -> Any: ...
    def close(self) -> None: ...
    def fetchall(self) -> list[Any]: ...
    def __iter__(self) -> Iterator[Any]: ...


class Executor(Protocol):
    """What the repositories need of a connection. The shop's apsw connection is one; so
    is sqlite-utils' standard-library connection, on which migrations call repositories."""

    @property
    def in_transaction(self) -> bool: ...
    def execute(self, sql: str, bindings: Any = ..., /) -> Rows: ...
    def executemany(self, sql: str, bindings: Iterable[Any], /) -> Rows: ...


Error = apsw.Error
ConstraintError = apsw.ConstraintError  # the standard library's IntegrityError
SQLError = apsw.SQLError  # a mistake in a statement, such as a bad full-text query

# What the standard library waited for another's lock; apsw waits not at all unless told.
BUSY_TIMEOUT_MS = 5000

__all__ = [
    "Connection",
    "ConstraintError",
    "Error",
    "SQLError",
    "changes",
    "last_id",
    "open_read_only",
]


def last_id(conn: Executor) -> int:
    """The rowid of the row the last INSERT on this connection made."""
    if isinstance(conn, Connection):
        return int(conn.last_insert_rowid())
    return int(conn.execute("SELECT last_insert_rowid()").fetchone()[0])


def value(conn: Executor, sql: str, bindings: Any = ()) -> Any:
    """The first column of the first row of `sql` (None without a row)."""
    row = conn.execute(sql, bindings).fetchone()
    return None if row is None else row[0]


def changes(conn: Executor) -> int:
    """How many rows the last INSERT, UPDATE or DELETE on this connection changed."""
    if isinstance(conn, Connection):
        return int(conn.changes())
    return int(conn.execute("SELECT changes()").fetchone()[0])


def open_file(path: Path, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> Connection:
    """A connection to the SQLite file at `path` (made if missing), waiting up to
    `busy_timeout_ms` for another's lock."""
    _refuse_if_open_through_standard_library(path)
    conn = Connection(str(path))
    conn.set_busy_timeout(busy_timeout_ms)
    return conn


def open_read_only(
    path: Path, *, immutable: bool = False, busy_timeout_ms: int = BUSY_TIMEOUT_MS
) -> Connection:
    """A connection that never writes to `path`; `immutable`: read it as a fixed file (no
    -shm, no locks), for a shop whose folder Duka may not write in."""
    _refuse_if_open_through_standard_library(path)
    uri = f"{path.resolve().as_uri()}?mode=ro" + ("&immutable=1" if immutable else "")
    conn = Connection(uri, flags=apsw.SQLITE_OPEN_READONLY | apsw.SQLITE_OPEN_URI)
    conn.set_busy_timeout(busy_timeout_ms)
    return conn


# The files this process has open through the standard library's sqlite3 (sqlite-utils'
# migrations), by their real path.
_standard_library_files: dict[str, int] = {}


class TwoLibraries(RuntimeError):
    """A bug: the same file about to be open through both SQLite libraries at once."""


def _key(path: Path | str) -> str:
    return os.path.realpath(path)


def files_open_through_apsw() -> set[str]:
    """The real paths of the files this process has open through apsw now."""
    return {_key(c.filename) for c in apsw.connections() if c.filename}


def files_open_through_standard_library() -> set[str]:
    return set(_standard_library_files)


def _refuse_if_open_through_standard_library(path: Path) -> None:
    if _key(path) in _standard_library_files:
        raise TwoLibraries(f"{path} is open through the standard library's sqlite3")


@contextmanager
def standard_library_connection(
    path: Path, busy_timeout_ms: int = BUSY_TIMEOUT_MS
) -> Iterator[sqlite3.Connection]:
    """The shop file through the standard library's sqlite3, for sqlite-utils alone, closed
    on leaving; refused while this process has the file open through apsw."""
    key = _key(path)
    if key in files_open_through_apsw():
        raise TwoLibraries(f"{path} is open through apsw")
    conn = sqlite3.connect(str(path), timeout=busy_timeout_ms / 1000, isolation_level=None)
    _standard_library_files[key] = _standard_library_files.get(key, 0) + 1
    try:
        yield conn
    finally:
        conn.close()
        if _standard_library_files[key] == 1:
            del _standard_library_files[key]
        else:
            _standard_library_files[key] -= 1
