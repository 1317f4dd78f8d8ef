"""One running Duka per shop file.

A QLockFile beside the database says who has it open (process, computer); Qt clears a lock
left by a process that died. The running Duka also listens on a local socket named after the
file, so a second start can ask it to bring its window forward instead of opening twice.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLockFile, QObject, Signal

if TYPE_CHECKING:
    from PySide6.QtNetwork import QLocalSocket

_RAISE = b"raise\n"


@dataclass(frozen=True, slots=True)
class LockHolder:
    """Who holds a shop file's lock: the process, the computer, the program."""

    pid: int
    host: str
    app: str


class InstanceLock:
    def __init__(self, db_path: Path) -> None:
        self.path = Path(str(db_path) + ".lock")
        self._lock = QLockFile(str(self.path))

    def try_lock(self, timeout_ms: int = 200) -> bool:
        return bool(self._lock.tryLock(timeout_ms))

    def holder(self) -> LockHolder | None:
        info = self._lock.getLockInfo()
        if not info or not info[0]:
            return None
        pid, host, app = info
        return LockHolder(int(pid), str(host), str(app))

    def unlock(self) -> None:
        self._lock.unlock()


# Qt makes the name a Unix socket in the temporary folder (a path of at most 103 bytes on
# macOS, whose temporary folder alone takes about 50) or a Windows pipe (no backslash allowed):
# so the user's name shows only in letters Windows, macOS and Linux all accept, and briefly.
_NOT_IN_NAMES = re.compile(r"[^A-Za-z0-9_.-]")


def server_name(db_path: Path) -> str:
    """The activation socket's name: one per user and shop file."""
    user = os.environ.get("USER") or os.environ.get("USERNAME") or "user"
    # The user is in the digest too: two users whose names read alike once shortened, or a
    # shared shop file opened by two people, must not meet on one name.
    where = f"{user}\0{Path(db_path).resolve()}"
    digest = hashlib.sha256(where.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return f"duka-{_NOT_IN_NAMES.sub('_', user)[:16]}-{digest}"


def ask_running_to_raise(db_path: Path, timeout_ms: int = 1000) -> bool:
    """Ask the Duka that has `db_path` open to show its window; True if it answered."""
    from PySide6.QtNetwork import QLocalSocket  # only when another Duka holds the file

    socket = QLocalSocket()
    socket.connectToServer(server_name(db_path))
    if not socket.waitForConnected(timeout_ms):
        return False
    socket.write(_RAISE)
    delivered = socket.waitForBytesWritten(timeout_ms)
    socket.disconnectFromServer()
    return bool(delivered)


class ActivationServer(QObject):
    """Listens for later starts of Duka on the same file."""

    raise_requested = Signal()

    def __init__(self, db_path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        from PySide6.QtNetwork import QLocalServer

        self._server = QLocalServer(self)
        name = server_name(db_path)
        QLocalServer.removeServer(name)  # a socket file left by a crash; we hold the lock
        self._server.listen(name)
        self._server.newConnection.connect(self._accept)

    def _accept(self) -> None:
        while self._server.hasPendingConnections():
            connection = self._server.nextPendingConnection()
            connection.readyRead.connect(self._read)
            if connection.bytesAvailable():
                self._read_from(connection)

    def _read(self) -> None:
        from PySide6.QtNetwork import QLocalSocket

        connection = self.sender()
        if isinstance(connection, QLocalSocket):
            self._read_from(connection)

    def _read_from(self, connection: QLocalSocket) -> None:
        if bytes(connection.readAll().data()).startswith(_RAISE.strip()):
            self.raise_requested.emit()
        connection.disconnectFromServer()

    def close(self) -> None:
        self._server.close()
