"""Syncing with the shop's other tills by itself, every few seconds, through this computer's
sync folder for the open shop file (chosen in Settings).

Each round runs in the thread pool on a connection of its own (the exchange writes: the
changes it applies, what it heard), never on the window's, which the counter keeps selling
on meanwhile; SQLite's lock lets one write at a time and the busy wait covers the other.
What a round applied reaches the screens as an operation's changes do (AppState.broadcast).
A round that cannot be done (the USB stick pulled out, a share gone) only changes the quiet
line at the window's side: the next round tries again.
"""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

from PySide6.QtCore import QObject, QTimer

from duka.core.changes import Outcome
from duka.i18n import TranslatableError, _
from duka.ui.machine import sync_folder
from duka.ui.models.windowed import isolate
from duka.ui.state import AppState
from duka.ui.workers import Worker, start, while_alive

EVERY_MS = 5000  # between the end of one round and the start of the next
STOP_WAIT_S = 30.0  # how long closing waits for a round under way to end


def unreachable(folder: Path) -> str:
    """Said by the folder's own name ("STICK"): the line sits in the window's narrow side."""
    shown = folder.name or str(folder)
    return _("The sync folder {folder} cannot be reached.").format(folder=isolate(shown))


def waiting(till: int, reason: str) -> str:
    return _("Till {number}'s changes wait: {reason}").format(number=till, reason=reason)


class AutoSync(QObject):
    """Runs a round of syncing every few seconds while a sync folder is set for the shop."""

    def __init__(self, state: AppState, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.running = False
        self._stopped = False
        self._again = False
        self._logged = ""  # the last unexpected failure written to the log
        self._idle = threading.Event()
        self._idle.set()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)  # re-armed when a round ends: rounds never overlap
        self._timer.setInterval(EVERY_MS)
        self._timer.timeout.connect(self.run_now)
        state.sync_requested.connect(self.run_now)

    def start(self) -> None:
        """A round now (if a folder is set), then one every few seconds."""
        self.run_now()

    def stop(self) -> None:
        """No more rounds; a round under way is waited for (its connection writes to the
        shop file, which a restore may replace next)."""
        self._stopped = True
        self._timer.stop()
        self._again = False
        self._idle.wait(STOP_WAIT_S)

    def folder(self) -> Path | None:
        return sync_folder(self.state.shop.path)

    def run_now(self) -> None:
        if self._stopped:
            return
        if self.running:
            self._again = True  # asked while a round ran: one more right after it
            return
        folder = self.folder()
        if folder is None or self.state.shop.snapshot:
            self._timer.start()  # a folder chosen later is used from the next look
            return
        self.running = True
        self._idle.clear()
        shop, idle = self.state.shop, self._idle

        def job() -> object:
            try:
                with shop.detached() as own:
                    return own.perform(lambda: own.sync.exchange(folder))
            finally:
                idle.set()

        worker = Worker(job)
        worker.signals.done.connect(while_alive(self, lambda report: self._done(folder, report)))
        worker.signals.failed.connect(while_alive(self, lambda error: self._failed(folder, error)))
        start(worker)

    def _done(self, folder: Path, outcome: object) -> None:
        from duka.services.sync import SyncReport  # read here, after the first paint

        if not isinstance(outcome, Outcome) or not isinstance(outcome.value, SyncReport):
            self._finish("", trouble=False)
            return
        # What the round applied, told to every screen now. (The window's one-second look
        # does not take a detached connection's writes for another process's: they share
        # the change counters, as an import's do; see duka.ui.operations.long_operation.)
        self.state.broadcast(outcome.changes)
        report = outcome.value
        if report.refused:
            till, reason = min(report.refused.items())
            self._finish(waiting(till, reason), trouble=True)
        else:
            at = isolate(self.state.formats.time(dt.datetime.now()))
            self._finish(_("Synced at {time}").format(time=at), trouble=False)

    def _failed(self, folder: Path, error: object) -> None:
        if isinstance(error, OSError) or not folder.is_dir():
            # The folder is gone or unreadable (a stick pulled out mid-round): said quietly.
            self._finish(unreachable(folder), trouble=True)
        elif isinstance(error, TranslatableError):
            self._finish(error.message, trouble=True)  # the shop busy a long while, say
        else:
            # Not the folder's doing: logged once for whoever helps, and said quietly all
            # the same (a box every five seconds would stop the counter).
            if isinstance(error, BaseException) and repr(error) != self._logged:
                from duka.logs import log_unexpected

                self._logged = repr(error)
                log_unexpected(error, "automatic sync")
            self._finish(
                _("Syncing with the other tills failed; the details are in the error log."),
                trouble=True,
            )

    def _finish(self, news: str, trouble: bool) -> None:
        self.running = False
        self.state.sync_news, self.state.sync_trouble = news, trouble
        self.state.sync_changed.emit()
        if self._stopped:
            return
        if self._again:
            self._again = False
            self.run_now()
        else:
            self._timer.start()
