"""Syncing with the shop's other tills by itself, every few seconds, through this computer's
sync folder or hub address for the open shop file (chosen in Settings); and, on the hub,
serving the tills on this network while the app runs (duka.services.hub_http), each round
then exchanging the folder served.

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
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

from duka.core.changes import Outcome
from duka.i18n import TranslatableError, _
from duka.ui.machine import served_port, sync_folder, sync_hub
from duka.ui.models.windowed import isolate
from duka.ui.state import AppState
from duka.ui.workers import Worker, start, while_alive

if TYPE_CHECKING:
    from duka.services.hub_http import HubServer

EVERY_MS = 5000  # between the end of one round and the start of the next
STOP_WAIT_S = 30.0  # how long closing waits for a round under way to end


def unreachable(folder: Path) -> str:
    """Said by the folder's own name ("STICK"): the line sits in the window's narrow side."""
    shown = folder.name or str(folder)
    return _("The sync folder {folder} cannot be reached.").format(folder=isolate(shown))


def hub_unreachable(address: str) -> str:
    return _("The hub {address} cannot be reached.").format(address=isolate(address))


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
        self.server: HubServer | None = None
        self._serve_trouble = ""  # why the tills cannot be served, said as the round's news

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
        self._serve(None)

    def folder(self) -> Path | None:
        return sync_folder(self.state.shop.path)

    def _serve(self, port: int | None) -> None:
        """Serve the tills on `port` (None: not at all), as Settings asks."""
        from duka.i18n import TranslatableError
        from duka.services.hub_http import HubServer, default_folder

        if self.server is not None and (port is None or self.server.port != port):
            self.server.stop()
            self.server = None
        self._serve_trouble = ""
        if port is None or self.server is not None:
            return
        try:
            shop = self.state.shop
            self.server = HubServer(default_folder(shop.path), shop.sync.hub_key(), "", port)
        except TranslatableError as error:  # the port taken by another program, say
            self._serve_trouble = error.message
            return
        self.server.start()

    def run_now(self) -> None:
        if self._stopped:
            return
        if self.running:
            self._again = True  # asked while a round ran: one more right after it
            return
        from duka.services.hub_http import default_folder

        shop = self.state.shop
        self._serve(None if shop.snapshot else served_port(shop.path))
        if self._serve_trouble:
            self._finish(self._serve_trouble, trouble=True)
            return
        # The folder served is the one exchanged (and kept in step with a hub upstream on a
        # branch's hub); else a hub's address, through the copy of its folder kept here;
        # else the folder chosen.
        hub = sync_hub(shop.path)
        folder = default_folder(shop.path) if self.server or hub else self.folder()
        if folder is None or shop.snapshot:
            self._timer.start()  # a folder chosen later is used from the next look
            return
        self.running = True
        self._idle.clear()
        idle = self._idle

        def job() -> object:
            try:
                with shop.detached() as own:
                    if hub is not None:
                        return own.perform(lambda: own.sync.exchange_through_hub(hub, folder))
                    return own.perform(lambda: own.sync.exchange(folder))
            finally:
                idle.set()

        worker = Worker(job)
        worker.signals.done.connect(while_alive(self, lambda report: self._done(folder, report)))
        worker.signals.failed.connect(
            while_alive(self, lambda error: self._failed(folder, error, hub))
        )
        start(worker)

    def _done(self, folder: Path, outcome: object) -> None:
        from duka.services.sync import SyncReport  # read here, after the first paint

        if not isinstance(outcome, Outcome):
            self._finish("", trouble=False)
            return
        report = outcome.value
        if isinstance(report, tuple):  # through a hub: (what moved, the exchange)
            report = report[1]
        if not isinstance(report, SyncReport):
            self._finish("", trouble=False)
            return
        # What the round applied, told to every screen now. (The window's one-second look
        # does not take a detached connection's writes for another process's: they share
        # the change counters, as an import's do; see duka.ui.operations.long_operation.)
        self.state.broadcast(outcome.changes)
        if report.refused:
            till, reason = min(report.refused.items())
            self._finish(waiting(till, reason), trouble=True)
        else:
            at = isolate(self.state.formats.time(dt.datetime.now()))
            self._finish(_("Synced at {time}").format(time=at), trouble=False)

    def _failed(self, folder: Path, error: object, hub: str | None = None) -> None:
        from duka.services.hub_http import HubUnreachable

        if hub is not None and isinstance(error, HubUnreachable):
            # The hub's computer off, or off the network: said quietly, tried again.
            self._finish(hub_unreachable(hub), trouble=True)
        elif isinstance(error, OSError) or not folder.is_dir():
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
