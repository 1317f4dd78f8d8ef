"""Putting a backup in place of the shop: one path for the command line and the app.

The caller holds the shop's single-instance lock (no Duka window has the shop open, or the
window asking for the restore has closed its shop). This takes the shop lock alone, so a
command that writes the shop stops before writing, verifies and swaps the file, then notes
in the restored shop's audit trail where it came from.
"""

from __future__ import annotations

from pathlib import Path

from duka.core.access import Actor
from duka.services.clock import stamp, system_clock
from duka.services.maintenance import (
    cancel_restore,
    check_restore_target,
    expect_restore,
    restore,
)
from duka.services.shop import Shop
from duka.store.backup import BackupContents, backup_contents
from duka.store.database import Upgrade
from duka.store.shop_lock import ShopLock

__all__ = ["BackupContents", "preview", "restore_shop"]


def preview(backup: Path) -> BackupContents:
    """Verify `backup` and read what it holds, changing nothing: shown before a restore."""
    return backup_contents(backup)


def restore_shop(
    target: Path, backup: Path, *, backup_dir: Path, anchor_dir: Path, actor: Actor
) -> tuple[Path | None, Upgrade | None]:
    """Replace the shop at `target` with `backup`; return where the replaced file was kept,
    and the update of the backup's data to this Duka's version, if it needed one."""
    check_restore_target(target)
    with ShopLock(target).exclusive() as writers:
        expect_restore(anchor_dir, backup, target, stamp(system_clock()))
        try:
            kept = restore(backup, target, backup_dir)
        except BaseException:
            cancel_restore(anchor_dir, target)
            raise
        writers.downgrade()
        with Shop.open(
            target, backup_dir=backup_dir, actor=actor, lock=writers, anchor_dir=anchor_dir
        ) as shop:
            shop.maintenance.record_restore(backup, kept)
            upgrade = shop.upgrade
    return kept, upgrade
