"""Keeping the shop's file healthy: verify, back up, restore."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from duka.core.errors import BackupFailed
from duka.i18n import N_
from duka.services.context import Context
from duka.services.settings import SettingsService
from duka.store import backup as backups
from duka.store.database import check_folder, integrity_problems, schema_version
from duka.store.migrations import SCHEMA_VERSION


@dataclass(frozen=True, slots=True)
class CheckResult:
    name: str  # catalog string naming what was checked
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


Check = Callable[[Context, SettingsService], list[str]]


def _integrity(ctx: Context, _settings: SettingsService) -> list[str]:
    return integrity_problems(ctx.db)


def _schema(ctx: Context, _settings: SettingsService) -> list[str]:
    found = schema_version(ctx.db)
    if found != SCHEMA_VERSION:
        return [f"data version {found}, expected {SCHEMA_VERSION}"]
    return []


def _settings_check(_ctx: Context, settings: SettingsService) -> list[str]:
    return settings.problems()


# Later features append their consistency checks here (ledgers, journal, numbering).
CHECKS: list[tuple[str, Check]] = [
    (N_("Database integrity and links"), _integrity),
    (N_("Data version"), _schema),
    (N_("Settings"), _settings_check),
]


class MaintenanceService:
    def __init__(self, context: Context, settings: SettingsService, backup_dir: Path) -> None:
        self._ctx = context
        self._settings = settings
        self.backup_dir = backup_dir

    def verify(self) -> list[CheckResult]:
        return [
            CheckResult(name, tuple(check(self._ctx, self._settings))) for name, check in CHECKS
        ]

    def backup(self, destination: Path | None = None) -> backups.BackupInfo:
        """An online backup to `destination` (a file or a folder), verified."""
        return backups.backup_database(self._ctx.db, self._target(destination))

    def backup_copy(self, destination: Path | None = None) -> backups.BackupInfo:
        """The same as `backup`, on a connection of its own, so it may run in a worker thread
        while the window stays responsive."""
        return backups.backup_file(self._ctx.path, self._target(destination))

    def _target(self, destination: Path | None) -> Path:
        if destination is None:
            target = backups.backup_name(self._ctx.path, self.backup_dir)
        elif destination.is_dir():
            target = backups.backup_name(self._ctx.path, destination)
        else:
            target = destination
        if target.resolve() == self._ctx.path.resolve():
            raise BackupFailed(N_("A backup cannot replace the shop file itself."))
        return target


def check_restore_target(target: Path) -> None:
    """Refuse a place a shop cannot be restored to (a damaged file there is fine)."""
    check_folder(target)


def restore(backup: Path, target: Path, keep_folder: Path) -> Path | None:
    """Replace the shop at `target` with a verified `backup`; return where the old file went.

    The caller must hold the shop's single-instance lock so no Duka has it open.
    """
    check_folder(target)
    if backup.resolve() == target.resolve():
        raise BackupFailed(N_("A backup cannot be restored onto itself."))
    return backups.restore_database(backup, target, keep_folder)


def verify_backup(backup: Path) -> backups.BackupInfo:
    return backups.verify_backup(backup)


__all__ = ["CHECKS", "CheckResult", "MaintenanceService", "restore", "verify_backup"]
