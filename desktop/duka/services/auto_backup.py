"""Automatic backups: at every cash-up close and once a day, into the usual backup folder
and copied to a second place (a USB stick, another disk, a synced folder), each verified,
old ones rotated away (7 daily, 4 weekly, 12 monthly).

Everything here runs on a connection and files of its own, so the app runs it in a worker
thread while the counter goes on selling. A second place that is missing or full never
stops the backup in the usual folder: what went wrong comes back in the result.
"""

from __future__ import annotations

import datetime as dt
import errno
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from duka.core.errors import BackupPlaceMissing, DiskFull
from duka.i18n import TranslatableError
from duka.services import anchor as anchors
from duka.store import backup as backups


class PlaceProblem(Enum):
    NONE = ""
    MISSING = "missing"  # not there or not writable: a stick not plugged in
    FULL = "full"  # no room left for the copy
    FAILED = "failed"  # anything else: the copy did not verify, the disk failed


@dataclass(frozen=True, slots=True)
class PlaceOutcome:
    folder: Path
    copy: Path | None  # the verified copy, when it was made
    problem: PlaceProblem
    reason: str  # what went wrong, in the language shown when it happened


@dataclass(frozen=True, slots=True)
class AutoBackupResult:
    backup: backups.BackupInfo
    removed: tuple[Path, ...]  # older automatic backups the rotation deleted
    place: PlaceOutcome | None  # None: no second place is chosen


def is_due(backup_dir: Path, shop: Path, today: dt.date) -> bool:
    """No automatic backup of `shop` was made today (local days)."""
    latest = backups.latest_auto(backup_dir, shop)
    return latest is None or latest.date() < today


def run(shop: Path, backup_dir: Path, place: Path | None, now: dt.datetime) -> AutoBackupResult:
    """Back up `shop` into `backup_dir`, copy it to `place`, rotate both. `now` is local
    time (the names and the rotation's days are the shopkeeper's days)."""
    info = backups.backup_file(shop, backups.auto_backup_name(shop, backup_dir, now))
    _anchor_beside(info.path, now)
    removed = backups.rotate(backup_dir, shop, now.date())
    if place is None:
        return AutoBackupResult(info, tuple(removed), None)
    outcome = copy_to(info.path, place)
    if outcome.problem is PlaceProblem.FULL:
        # A stick filled by the backups the rotation would drop anyway: drop them now
        # (counting the new one as there) and try once more.
        freed = backups.rotate(place, shop, now.date(), incoming=info.path.name)
        if freed:
            removed += freed
            outcome = copy_to(info.path, place)
    if outcome.copy is not None:
        removed += backups.rotate(place, shop, now.date())
    return AutoBackupResult(info, tuple(removed), outcome)


def copy_to(backup: Path, place: Path) -> PlaceOutcome:
    """Copy `backup` to `place` and verify the copy; a failure is told, never raised."""
    try:
        copied = backups.copy_backup(backup, place)
    except BackupPlaceMissing as error:
        return PlaceOutcome(place, None, PlaceProblem.MISSING, error.message)
    except DiskFull as error:
        return PlaceOutcome(place, None, PlaceProblem.FULL, error.message)
    except TranslatableError as error:
        # A stick pulled out during the copy is missing, not broken.
        kind = PlaceProblem.FAILED if place.is_dir() else PlaceProblem.MISSING
        return PlaceOutcome(place, None, kind, error.message)
    except OSError as error:  # the stick pulled out in the middle of a check
        kind = PlaceProblem.FULL if error.errno == errno.ENOSPC else PlaceProblem.FAILED
        return PlaceOutcome(place, None, kind, str(error))
    return PlaceOutcome(place, copied.path, PlaceProblem.NONE, "")


def _anchor_beside(backup: Path, now: dt.datetime) -> None:
    """The backup's journal head beside it, as for a backup made by hand."""
    head = backups.journal_head(backup)
    if head is None:
        return
    try:
        at = now.astimezone(dt.UTC).isoformat(timespec="seconds")
        entry = {"seq": head[0], "hash": head[1].hex(), "at": at}
        anchors.write_json(anchors.beside(backup), entry)
    except OSError:
        pass  # the backup itself is good; the anchor beside it is an extra
