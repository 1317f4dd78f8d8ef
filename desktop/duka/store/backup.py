"""Online backups with SQLite's backup API, verified before they are trusted.

A backup is written to a temporary name, checked (integrity, foreign keys, that it is a Duka
shop this version can read), then renamed into place, so a file with a backup's name is
always a good backup. Restoring checks the backup first and keeps the file it replaces.
"""

from __future__ import annotations

import datetime as dt
import errno
import json
import os
import re
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from duka.core.backup_rotation import AUTO_LABEL, auto_stamp, kept
from duka.core.errors import (
    BackupFailed,
    BackupPlaceMissing,
    DiskFull,
    NewerDatabase,
    StoreUnavailable,
)
from duka.i18n import N_
from duka.store.migrations import APPLICATION_ID, MIGRATION_NAMES, MIGRATIONS_TABLE, SCHEMA_VERSION
from duka.store.shop_lock import try_lock_file
from duka.store.sql import Connection, Error, open_file, open_read_only, value

SQLITE_HEADER = b"SQLite format 3\x00"
_PAGES_PER_STEP = 1024  # let other connections in between steps of a large backup


@dataclass(frozen=True, slots=True)
class BackupInfo:
    """A backup file checked to be a Duka shop, and the schema it has."""

    path: Path
    size: int
    schema_version: int


def backup_name(
    database: Path, folder: Path, label: str = "", when: dt.datetime | None = None
) -> Path:
    stamp = (when or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    middle = f"-{label}" if label else ""
    candidate = folder / f"{database.stem}{middle}-{stamp}.sqlite3"
    counter = 2
    while candidate.exists():
        candidate = folder / f"{database.stem}{middle}-{stamp}-{counter}.sqlite3"
        counter += 1
    return candidate


def verify_backup(path: Path) -> BackupInfo:
    """Check that `path` is a whole, readable Duka shop this version can open."""
    path = Path(path)
    if not path.is_file():
        raise BackupFailed(N_("There is no backup file at {path}."), path=str(path))
    with path.open("rb") as handle:
        if handle.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            raise BackupFailed(N_("{path} is not a Duka backup."), path=str(path))
    try:
        conn = open_read_only(path)
    except Error:
        raise BackupFailed(N_("{path} cannot be read."), path=str(path)) from None
    try:
        app_id = value(conn, "PRAGMA application_id")
        version = int(value(conn, "PRAGMA user_version"))
        if app_id != APPLICATION_ID:
            raise BackupFailed(N_("{path} is not a Duka backup."), path=str(path))
        if version > SCHEMA_VERSION or _unknown_migrations(conn):
            # By the migrations' names too: a newer Duka with as many migrations as this
            # one, or another branch of it, writes a shop this Duka cannot read either.
            raise NewerDatabase(
                N_("{path} was made by a newer version of Duka. Install it to use this backup."),
                path=str(path),
            )
        checks = [str(r[0]) for r in conn.execute("PRAGMA integrity_check")]
        if checks != ["ok"] or conn.execute("PRAGMA foreign_key_check").fetchone():
            raise BackupFailed(N_("{path} is damaged: it failed its checks."), path=str(path))
    except Error:
        raise BackupFailed(N_("{path} is damaged: it failed its checks."), path=str(path)) from None
    finally:
        conn.close()
    return BackupInfo(path, path.stat().st_size, version)


def journal_head(path: Path) -> tuple[int, bytes] | None:
    """The newest journal entry of the shop or backup at `path` (read only)."""
    conn = open_read_only(Path(path))
    try:
        row = conn.execute("SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1").fetchone()
    except Error:
        return None
    finally:
        conn.close()
    return (int(row[0]), bytes(row[1])) if row else None


def journal_hash_at(path: Path, seq: int) -> bytes | None:
    """The hash of journal entry `seq` of the shop at `path` (read only), if it has one."""
    conn = open_read_only(Path(path))
    try:
        row = conn.execute("SELECT hash FROM journal WHERE seq = ?", (seq,)).fetchone()
    except Error:
        return None
    finally:
        conn.close()
    return bytes(row[0]) if row else None


def _unknown_migrations(conn: Connection) -> set[str]:
    tables = {str(r[0]) for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if MIGRATIONS_TABLE not in tables:
        return set()
    names = {str(r[0]) for r in conn.execute(f"SELECT name FROM {MIGRATIONS_TABLE}")}
    return names - set(MIGRATION_NAMES)


def _copy(source: Connection, target_path: Path) -> None:
    target = open_file(target_path)
    try:
        # In WAL mode the copy reads one snapshot and blocks no writer: one step. In steps,
        # every sale written meanwhile by another connection would start the copy again,
        # and an automatic backup during a busy day might never end.
        wal = str(value(source, "PRAGMA journal_mode")).lower() == "wal"
        with target.backup("main", source, "main") as copying:
            while not copying.done:
                copying.step(-1 if wal else _PAGES_PER_STEP)
        # The copy stands alone: one file, no -wal beside it.
        target.execute("PRAGMA journal_mode = DELETE")
    finally:
        target.close()


def backup_file(source: Path, destination: Path) -> BackupInfo:
    """Back up the shop at `source` on a connection of its own (safe in a worker thread)."""
    conn = open_file(source)
    try:
        return _backup_connection(conn, destination)
    finally:
        conn.close()


def backup_database(conn: Connection, destination: Path) -> BackupInfo:
    """Copy the open database to `destination` (a new file) and verify the copy."""
    return _backup_connection(conn, destination)


def _backup_connection(source: Connection, destination: Path) -> BackupInfo:
    destination = Path(destination)
    if destination.exists():
        raise BackupFailed(N_("{path} already exists; choose a new name."), path=str(destination))
    if not destination.parent.is_dir():
        try:
            destination.parent.mkdir(parents=True, exist_ok=True)
        except OSError:
            raise BackupFailed(
                N_("The folder {folder} cannot be created."), folder=str(destination.parent)
            ) from None
    try:
        with _staged(destination, ".partial") as staged:
            partial = staged.path
            _copy(source, partial)
            info = verify_backup(partial)
            staged.finish()
    except (OSError, Error) as error:
        raise BackupFailed(
            N_("The backup to {path} failed: {reason}"),
            path=str(destination),
            reason=_reason(error, destination),
        ) from None
    return BackupInfo(destination, info.size, info.schema_version)


def _reason(error: OSError | Error, path: Path) -> str:
    """Why writing `path` failed, in the user's language (the system's text is English)."""
    from duka.store.database import translate_error, translate_os_error

    if isinstance(error, OSError):
        return translate_os_error(error, path).message
    return translate_error(error, path).message


class _Staged:
    """A file being written under a temporary name beside its final one."""

    def __init__(self, final: Path, suffix: str) -> None:
        self.final = final
        self.path = final.with_name(final.name + suffix)
        self._fd: int | None = None
        if sys.platform != "win32":
            # Locked while it is written, so that one left by a killed process (no one holds
            # its lock) is known and removed next time. Windows needs no lock: it refuses
            # to delete a file another process has open.
            self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_TRUNC, 0o666)
            try_lock_file(self._fd)

    def release(self) -> None:
        if self._fd is not None:
            # Before the rename: once it is the shop file, closing a descriptor of it would
            # drop this process's SQLite locks on it (POSIX locks belong to the process).
            os.close(self._fd)
            self._fd = None

    def finish(self) -> None:
        """Put the complete, checked file in place, in one rename."""
        self.release()
        os.replace(self.path, self.final)


@contextmanager
def _staged(final: Path, suffix: str) -> Iterator[_Staged]:
    """A temporary name beside `final` for a file that is renamed into place only once it
    is complete and checked; whatever is left under that name afterwards is removed, and
    so is what a killed backup or restore left there before (a killed backup of a large
    shop used to leave hundreds of megabytes behind)."""
    remove_leftovers(final.parent, suffix)
    staged = _Staged(final, suffix)
    try:
        yield staged
    finally:
        staged.release()
        staged.path.unlink(missing_ok=True)


def remove_leftovers(folder: Path, suffix: str) -> list[Path]:
    """Remove the `*suffix` files in `folder` that no living process is writing."""
    removed: list[Path] = []
    try:
        candidates = list(folder.glob(f"*{suffix}"))
    except OSError:
        return removed
    for candidate in candidates:
        if sys.platform == "win32":
            try:
                candidate.unlink()  # refused while the process writing it has it open
            except OSError:
                continue
            removed.append(candidate)
            continue
        try:
            fd = os.open(candidate, os.O_RDWR)
        except OSError:
            continue
        try:
            if not try_lock_file(fd):
                continue  # another backup is writing it now
            candidate.unlink(missing_ok=True)
            for companion in ("-journal", "-wal", "-shm"):
                Path(str(candidate) + companion).unlink(missing_ok=True)
            removed.append(candidate)
        except OSError:
            continue
        finally:
            os.close(fd)
    return removed


def restore_database(backup: Path, target: Path, keep_folder: Path) -> Path | None:
    """Replace the shop at `target` with `backup`; return where the old shop was kept.

    The caller holds the shop lock exclusively (no Duka writes `target`). The backup is
    verified (including that this Duka knows all its migrations) before anything changes,
    then copied beside the shop and verified again; only then is the replaced shop kept
    aside and the new file put in place with one rename, so the shop is either the old one
    or the restored one, never half of each. A refusal after the old shop was kept names
    where it went.
    """
    verify_backup(backup)
    target = Path(target)
    kept: Path | None = None
    try:
        with _staged(target, ".restoring") as staged:
            incoming = staged.path
            shutil.copyfile(backup, incoming)
            with incoming.open("rb+") as handle:
                os.fsync(handle.fileno())
            verify_backup(incoming)
            if target.exists() and target.stat().st_size:
                kept = _keep(target, keep_folder)
            # The old shop's write-ahead log must not be replayed into the restored one.
            for suffix in ("-wal", "-shm"):
                Path(str(target) + suffix).unlink(missing_ok=True)
            staged.finish()
    except (OSError, Error) as error:
        if kept is not None:
            raise StoreUnavailable(
                N_("Restoring into {path} failed: {reason}. The shop as it was is kept as {kept}."),
                path=str(target),
                reason=_reason(error, target),
                kept=str(kept),
            ) from None
        raise StoreUnavailable(
            N_("Restoring into {path} failed: {reason}"),
            path=str(target),
            reason=_reason(error, target),
        ) from None
    return kept


def _keep(target: Path, folder: Path) -> Path:
    """Copy the shop about to be replaced into `folder`, whole if SQLite can read it."""
    folder.mkdir(parents=True, exist_ok=True)
    kept = backup_name(target, folder, "replaced")
    with _staged(kept, ".partial") as staged:
        partial = staged.path
        current = open_file(target)
        try:
            _copy(current, partial)
        except Error:
            # A damaged shop cannot be copied page by page; keep its bytes (and its log).
            shutil.copyfile(target, partial)
            wal = Path(str(target) + "-wal")
            if wal.exists():
                shutil.copyfile(wal, Path(str(kept) + "-wal"))
        finally:
            current.close()
        staged.finish()
    return kept


# -- what a backup holds ---------------------------------------------------------------------

_NAMED_STAMP = re.compile(r"-(\d{8}-\d{6})(?:-\d+)?\.sqlite3$")


@dataclass(frozen=True, slots=True)
class BackupContents:
    """What a backup holds, read without changing it: shown before a restore, and compared
    between a backup and its copy in the second place."""

    path: Path
    made: dt.datetime  # local time, from Duka's name for it, else the file's own time
    schema_version: int
    shop_name: str
    products: int
    customers: int
    sales: int
    last_sale: str | None  # its number
    last_sale_at: str | None  # its UTC stamp, as stored
    journal_seq: int

    def same_data(self, other: BackupContents) -> bool:
        return (
            self.schema_version,
            self.shop_name,
            self.products,
            self.customers,
            self.sales,
            self.last_sale,
            self.journal_seq,
        ) == (
            other.schema_version,
            other.shop_name,
            other.products,
            other.customers,
            other.sales,
            other.last_sale,
            other.journal_seq,
        )


def _made(path: Path) -> dt.datetime:
    found = _NAMED_STAMP.search(path.name)
    if found:
        try:
            return dt.datetime.strptime(found.group(1), "%Y%m%d-%H%M%S")
        except ValueError:
            pass
    return dt.datetime.fromtimestamp(path.stat().st_mtime)


def _count(conn: Connection, table: str) -> int:
    try:
        return int(value(conn, f"SELECT count(*) FROM {table}"))
    except Error:
        return 0  # a shop from before the table was made


def backup_contents(path: Path) -> BackupContents:
    """Verify the backup at `path`, then read what it holds (read only)."""
    info = verify_backup(path)
    conn = open_read_only(Path(path))
    try:
        row: Any = conn.execute("SELECT value FROM settings WHERE key = 'shop_name'").fetchone()
        try:
            name = str(json.loads(row[0])) if row else ""
        except (TypeError, ValueError):
            name = str(row[0])
        try:
            last = conn.execute("SELECT number, at FROM sales ORDER BY id DESC LIMIT 1").fetchone()
        except Error:
            last = None
        try:
            seq = value(conn, "SELECT max(seq) FROM journal") or 0
        except Error:
            seq = 0
        return BackupContents(
            path=Path(path),
            made=_made(Path(path)),
            schema_version=info.schema_version,
            shop_name=name,
            products=_count(conn, "products"),
            customers=_count(conn, "customers"),
            sales=_count(conn, "sales"),
            last_sale=str(last[0]) if last else None,
            last_sale_at=str(last[1]) if last else None,
            journal_seq=int(seq),
        )
    except Error:
        raise BackupFailed(N_("{path} is damaged: it failed its checks."), path=str(path)) from None
    finally:
        conn.close()


# -- automatic backups and the second place ----------------------------------------------------


def auto_backup_name(database: Path, folder: Path, when: dt.datetime) -> Path:
    """`when` in local time: the rotation reads the shopkeeper's days from the name."""
    return backup_name(database, folder, AUTO_LABEL, when)


def latest_auto(folder: Path, database: Path) -> dt.datetime | None:
    """When the newest automatic backup of `database` in `folder` was made (local time)."""
    try:
        names = [p.name for p in folder.iterdir()]
    except OSError:
        return None
    stamps = [s for s in (auto_stamp(n, database.stem) for n in names) if s is not None]
    return max(stamps, default=None)


def rotate(folder: Path, database: Path, today: dt.date, incoming: str = "") -> list[Path]:
    """Delete the automatic backups of `database` in `folder` that the rotation does not
    keep (and the anchors beside them); return what was deleted. Other files stay.
    `incoming`: the name of a backup about to be copied in, counted as if it were there."""
    try:
        found = {
            p: s
            for p in folder.iterdir()
            if (s := auto_stamp(p.name, database.stem)) is not None and p.is_file()
        }
    except OSError:
        return []
    arriving = auto_stamp(incoming, database.stem)
    keep = kept([*found.values(), *([arriving] if arriving else [])], today)
    removed: list[Path] = []
    for path, moment in sorted(found.items()):
        if moment in keep:
            continue
        try:
            path.unlink()
            path.with_name(path.name + ".anchor").unlink(missing_ok=True)
        except OSError:
            continue  # a locked or read-only file waits for the next rotation
        removed.append(path)
    return removed


def check_place(folder: Path) -> None:
    """Refuse a second place that is not there (a stick not plugged in) or not writable."""
    if not folder.is_dir():
        raise BackupPlaceMissing(
            N_("The backup folder {folder} is not there. Is the USB stick or disk plugged in?"),
            folder=str(folder),
        )
    if not os.access(folder, os.W_OK | os.X_OK):
        raise BackupPlaceMissing(
            N_("Duka may not write to the backup folder {folder}."), folder=str(folder)
        )


def copy_file(source: Path, target: Path) -> None:
    """The bytes of `source` into `target`, on the disk before this returns."""
    with source.open("rb") as reading_, target.open("wb") as writing:
        shutil.copyfileobj(reading_, writing, 1024 * 1024)
        writing.flush()
        os.fsync(writing.fileno())


def copy_backup(backup: Path, folder: Path) -> BackupContents:
    """Copy a verified backup into `folder` (another disk, a USB stick, a synced folder),
    verify the copy holds the same as the backup, and only then give it its name; a failed
    or partial copy is removed. The anchor beside the backup goes with it."""
    check_place(folder)
    source = backup_contents(backup)
    target = folder / backup.name
    if target.exists():
        raise BackupFailed(N_("{path} already exists; choose a new name."), path=str(target))
    try:
        with _staged(target, ".partial") as staged:
            copy_file(backup, staged.path)
            copied = backup_contents(staged.path)
            if not copied.same_data(source):
                raise BackupFailed(
                    N_("{path} is damaged: it failed its checks."), path=str(staged.path)
                )
            staged.finish()
    except OSError as error:
        if error.errno == errno.ENOSPC:
            raise DiskFull(
                N_("The backup folder {folder} is full. Make room on it or use a larger one."),
                folder=str(folder),
            ) from None
        raise BackupFailed(
            N_("The backup to {path} failed: {reason}"),
            path=str(target),
            reason=_reason(error, target),
        ) from None
    _copy_anchor(backup, target)
    return BackupContents(
        target,
        source.made,
        source.schema_version,
        source.shop_name,
        source.products,
        source.customers,
        source.sales,
        source.last_sale,
        source.last_sale_at,
        source.journal_seq,
    )


def _copy_anchor(backup: Path, target: Path) -> None:
    """The journal anchor beside the copy too; an extra, so a stick too full for it (a few
    hundred bytes) leaves the verified copy as it is."""
    anchor = backup.with_name(backup.name + ".anchor")
    copied = target.with_name(target.name + ".anchor")
    if not anchor.exists():
        return
    try:
        copy_file(anchor, copied)
    except OSError:
        with suppress(OSError):
            copied.unlink(missing_ok=True)
