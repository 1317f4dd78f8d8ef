"""The app's automatic backups: when they run, and what the last one said.

A backup runs when the app starts and no automatic backup was made today, after each cash-up
close, and at the first minute of a new day if the app is still open then (one single-shot
timer, re-armed each day: nothing ticks while the shop is idle). Each runs in the thread
pool; the window only records the outcome in this computer's settings and tells the screens.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QTimer

from duka.i18n import TranslatableError, _
from duka.services import auto_backup
from duka.services.auto_backup import AutoBackupResult, PlaceOutcome, PlaceProblem
from duka.ui.machine import (
    BACKUP_LAST_COPY,
    BACKUP_LOCAL_ERROR,
    BACKUP_PLACE,
    BACKUP_PROBLEM,
    BACKUP_PROBLEM_AT,
    BACKUP_PROBLEM_REASON,
    BACKUP_WARN_DAYS,
    BACKUP_WARN_DEFAULT,
    machine_settings,
)
from duka.ui.state import AppState
from duka.ui.workers import Worker, start


@dataclass(frozen=True)
class BackupStatus:
    place: Path | None
    warn_days: int
    last_copy_at: dt.datetime | None
    problem: PlaceProblem
    problem_at: dt.datetime | None
    reason: str
    local_error: str


def _time(value: object) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def warn_days() -> int:
    try:
        days = int(str(machine_settings().value(BACKUP_WARN_DAYS, BACKUP_WARN_DEFAULT)))
    except ValueError:
        return BACKUP_WARN_DEFAULT
    return min(max(days, 1), 90)


def second_place() -> Path | None:
    value = str(machine_settings().value(BACKUP_PLACE, "") or "")
    return Path(value) if value else None


def read_status() -> BackupStatus:
    settings = machine_settings()
    try:
        problem = PlaceProblem(str(settings.value(BACKUP_PROBLEM, "") or ""))
    except ValueError:
        problem = PlaceProblem.FAILED
    return BackupStatus(
        place=second_place(),
        warn_days=warn_days(),
        last_copy_at=_time(settings.value(BACKUP_LAST_COPY, "")),
        problem=problem,
        problem_at=_time(settings.value(BACKUP_PROBLEM_AT, "")),
        reason=str(settings.value(BACKUP_PROBLEM_REASON, "") or ""),
        local_error=str(settings.value(BACKUP_LOCAL_ERROR, "") or ""),
    )


def choose_place(folder: Path | None) -> None:
    """A new second place starts with no news of it: the next backup tells."""
    settings = machine_settings()
    settings.setValue(BACKUP_PLACE, str(folder) if folder else "")
    for key in (BACKUP_LAST_COPY, BACKUP_PROBLEM, BACKUP_PROBLEM_AT, BACKUP_PROBLEM_REASON):
        settings.remove(key)
    settings.sync()


def set_warn_days(days: int) -> None:
    settings = machine_settings()
    settings.setValue(BACKUP_WARN_DAYS, int(days))
    settings.sync()


def record_result(result: AutoBackupResult, now: dt.datetime) -> None:
    settings = machine_settings()
    settings.setValue(BACKUP_LOCAL_ERROR, "")
    settings.sync()
    if result.place is not None:
        record_place(result.place, now)


def record_place(place: PlaceOutcome, now: dt.datetime) -> None:
    """What the last copy to the second place did (ignored if the place changed since)."""
    if str(place.folder) != str(second_place() or ""):
        return
    settings = machine_settings()
    if place.copy is not None:
        settings.setValue(BACKUP_LAST_COPY, now.isoformat(timespec="seconds"))
    settings.setValue(BACKUP_PROBLEM, place.problem.value)
    settings.setValue(BACKUP_PROBLEM_AT, now.isoformat(timespec="seconds"))
    settings.setValue(BACKUP_PROBLEM_REASON, place.reason)
    settings.sync()


def record_failure(reason: str) -> None:
    settings = machine_settings()
    settings.setValue(BACKUP_LOCAL_ERROR, reason)
    settings.sync()


def isolate(text: str) -> str:
    """A path or number as a unit of its own direction in a sentence: "/media/amina/STICK"
    keeps its slashes in place inside an Arabic line (Unicode first-strong isolate)."""
    return f"\u2068{text}\u2069" if text else text


def place_reason(status: BackupStatus) -> str:
    """Why the last copy to the second place failed, in the language shown now (a missing
    or full stick is said anew; another failure as it was said then)."""
    folder = isolate(str(status.place))
    if status.problem is PlaceProblem.MISSING:
        return _(
            "The backup folder {folder} is not there. Is the USB stick or disk plugged in?"
        ).format(folder=folder)
    if status.problem is PlaceProblem.FULL:
        return _("The backup folder {folder} is full. Make room on it or use a larger one.").format(
            folder=folder
        )
    return status.reason


def warning(
    status: BackupStatus, now: dt.datetime, may_choose: bool, when: Callable[[dt.datetime], str]
) -> str:
    """The Today screen's line about backups, with what to do, or "" when all is well.
    `may_choose`: the person may choose the second place (the owner); `when` writes a
    moment in the shop's language."""
    if status.local_error:
        return _("The automatic backup failed: {reason}").format(reason=status.local_error)
    if status.place is None:
        if not may_choose:
            return ""
        return _(
            "Backups are kept only on this computer. Choose a second place for them in "
            "Settings (a USB stick, another disk)."
        )
    folder = isolate(str(status.place))
    if status.problem is PlaceProblem.MISSING:
        return _(
            "The backup folder {folder} was not there at the last backup. Plug in the USB "
            "stick and press Back up now."
        ).format(folder=folder)
    if status.problem is PlaceProblem.FULL:
        return _(
            "The backup folder {folder} was full at the last backup. Make room on it or "
            "choose a larger stick in Settings."
        ).format(folder=folder)
    if status.problem is PlaceProblem.FAILED:
        return _("The last copy to {folder} failed: {reason}").format(
            folder=folder, reason=status.reason
        )
    last = status.last_copy_at
    if last is None:
        return ""  # chosen, and nothing tried yet: the first backup says
    if (now.date() - last.date()).days > status.warn_days:
        return _(
            "The last backup in {folder} is from {when}. Plug in the USB stick and press "
            "Back up now."
        ).format(folder=folder, when=when(last))
    return ""


def _next_day_ms(now: dt.datetime) -> int:
    tomorrow = dt.datetime.combine(now.date() + dt.timedelta(days=1), dt.time(0, 1))
    return max(int((tomorrow - now).total_seconds() * 1000), 1000)


class AutoBackups(QObject):
    """Runs the automatic backups of the shop the window has open."""

    def __init__(self, state: AppState, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.running = False
        self._again = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._new_day)
        state.cash_closed.connect(self.run_now)

    def start(self) -> None:
        """At start: back up if today has no automatic backup yet; wait for tomorrow."""
        self._new_day()

    def _new_day(self) -> None:
        now = dt.datetime.now()
        if auto_backup.is_due(self.state.shop.backup_dir, self.state.shop.path, now.date()):
            self.run_now()
        self._timer.start(_next_day_ms(now))

    def run_now(self) -> None:
        if self.running:
            self._again = True  # a cash-up closed while the last backup ran: once more
            return
        self.running = True
        self.state.backups_changed.emit()
        shop, folder, place = self.state.shop.path, self.state.shop.backup_dir, second_place()
        worker = Worker(lambda: auto_backup.run(shop, folder, place, dt.datetime.now()))
        worker.signals.done.connect(self._done)
        worker.signals.failed.connect(self._failed)
        start(worker)

    def _done(self, result: object) -> None:
        if isinstance(result, AutoBackupResult):
            record_result(result, dt.datetime.now())
        self._finish()

    def _failed(self, error: object) -> None:
        if isinstance(error, TranslatableError):
            record_failure(error.message)
        elif isinstance(error, Exception):
            record_failure(str(error))
        self._finish()

    def _finish(self) -> None:
        self.running = False
        self.state.backups_changed.emit()
        if self._again:
            self._again = False
            self.run_now()
