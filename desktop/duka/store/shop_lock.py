"""The shop lock: every process that writes a shop holds it shared; a restore holds it alone.

It is an operating-system lock on a small file beside the shop (`<shop>.writers`), so it
goes when its process does, however that process ends: a lock file left behind by a crash
holds nothing and is simply locked again. The app's single-instance QLockFile stays as it
was; this lock is what the command-line writers and the app have in common.

A restore takes the lock exclusively before it touches the shop and keeps it until the
restored file is in place; a writer that finds the shop being restored stops before it has
written anything, and a restore that finds a writer at work refuses.
"""

from __future__ import annotations

import errno
import os
import sys
from pathlib import Path
from types import TracebackType

from duka.core.errors import DatabaseBusy
from duka.i18n import N_

SUFFIX = ".writers"
# Windows has no shared file locks: a shared holder locks one byte of this range, a
# restore all of them; bytes beyond the end of the file may be locked.
_SLOTS = 4096
_FAR = 1 << 40  # far beyond any data, where SQLite never reads or writes


class ShopBeingRestored(DatabaseBusy):
    pass


class ShopInUse(DatabaseBusy):
    pass


def lock_path(shop: Path) -> Path:
    return Path(str(shop) + SUFFIX)


def _try(fd: int, exclusive: bool) -> int | None:
    """Lock `fd` without waiting; the Windows slot taken (0 elsewhere), None if held."""
    if sys.platform == "win32":
        import msvcrt

        if exclusive:
            os.lseek(fd, _FAR, os.SEEK_SET)
            try:
                msvcrt.locking(fd, msvcrt.LK_NBLCK, _SLOTS)
            except OSError:
                return None
            return 0
        for slot in range(_SLOTS):
            os.lseek(fd, _FAR + slot, os.SEEK_SET)
            try:
                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            except OSError:
                continue
            return slot
        return None
    import fcntl

    try:
        fcntl.flock(fd, (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB)
    except OSError as error:
        if error.errno in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
            return None
        raise
    return 0


def _release(fd: int, exclusive: bool, slot: int) -> None:
    if sys.platform == "win32":
        import msvcrt

        os.lseek(fd, _FAR + slot, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, _SLOTS if exclusive else 1)
        return
    import fcntl

    fcntl.flock(fd, fcntl.LOCK_UN)


def try_lock_file(fd: int) -> bool:
    """Lock an open file exclusively without waiting (a file being written, such as a
    backup's `.partial`): True if this process now holds it."""
    return _try(fd, True) is not None


class ShopLock:
    """The lock of one shop file. `shared()` for writers, `exclusive()` for a restore."""

    def __init__(self, shop: Path) -> None:
        self.path = lock_path(Path(shop))
        self._fd: int | None = None
        self._exclusive = False
        self._slot = 0

    @property
    def held(self) -> bool:
        return self._fd is not None

    def _open(self) -> int | None:
        try:
            return os.open(self.path, os.O_RDWR | os.O_CREAT, 0o666)
        except OSError as error:
            if error.errno in (errno.ENOENT, errno.ENOTDIR, errno.EISDIR):
                return None  # no folder: opening the shop names the problem itself
            if error.errno in (errno.EACCES, errno.EROFS, errno.EPERM):
                # A folder nobody may write in holds a shop nobody can write either: only
                # readers get here, and they need no lock.
                try:
                    return os.open(self.path, os.O_RDONLY)
                except OSError:
                    return None
            raise

    def shared(self) -> ShopLock:
        """Hold the lock with the other writers; refuse if a restore holds it."""
        if self.held:
            return self
        fd = self._open()
        if fd is None:
            return self
        slot = _try(fd, False)
        if slot is None:
            os.close(fd)
            raise ShopBeingRestored(
                N_(
                    "{path} is being restored from a backup. Nothing was written; try again "
                    "when the restore is done."
                ),
                path=str(self.path.with_name(self.path.name[: -len(SUFFIX)])),
            )
        self._fd, self._exclusive, self._slot = fd, False, slot
        return self

    def exclusive(self) -> ShopLock:
        """Hold the lock alone; refuse if any process writes the shop."""
        fd = self._open()
        if fd is None:
            raise ShopInUse(N_("Duka may not create its lock file {path}."), path=str(self.path))
        slot = _try(fd, True)
        if slot is None:
            os.close(fd)
            raise ShopInUse(
                N_(
                    "{path} is in use: Duka or one of its commands is working on it. Close "
                    "it, or wait for the command to finish, then restore again."
                ),
                path=str(self.path.with_name(self.path.name[: -len(SUFFIX)])),
            )
        self._fd, self._exclusive, self._slot = fd, True, slot
        return self

    def downgrade(self) -> None:
        """From exclusive to shared, without a moment when a restore could come in."""
        if self._fd is None or not self._exclusive:
            return
        if sys.platform == "win32":
            # No atomic conversion there: a restore starting in this instant finds one
            # slot free only if it has asked for all of them first, and then it holds them.
            _release(self._fd, True, 0)
            slot = _try(self._fd, False)
            self._slot = slot or 0
        else:
            import fcntl

            fcntl.flock(self._fd, fcntl.LOCK_SH)
        self._exclusive = False

    def release(self) -> None:
        if self._fd is None:
            return
        try:
            _release(self._fd, self._exclusive, self._slot)
        except OSError:
            pass  # closing the file lets the lock go all the same
        os.close(self._fd)
        self._fd = None

    def __enter__(self) -> ShopLock:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()
