"""Automatic backups: the usual folder, the second place (a stick that is there, missing or
full), the verification of each copy, the rotation, and what a backup holds."""

import datetime as dt
import errno
import sqlite3
from pathlib import Path

import pytest

from duka.core.errors import BackupFailed
from duka.core.settings import SHOP_NAME
from duka.services import auto_backup
from duka.services.auto_backup import PlaceProblem
from duka.services.restoring import preview
from duka.services.shop import Shop
from duka.store import backup as backups

NOW = dt.datetime(2026, 12, 7, 18, 30)


def files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def test_a_backup_goes_to_the_usual_folder_and_to_the_second_place_verified(
    demo_shop: Shop, tmp_path: Path
) -> None:
    stick = tmp_path / "stick"
    stick.mkdir()
    result = auto_backup.run(demo_shop.path, demo_shop.backup_dir, stick, NOW)
    name = "shop-auto-20261207-183000.sqlite3"
    assert result.backup.path == demo_shop.backup_dir / name
    assert result.place is not None and result.place.problem is PlaceProblem.NONE
    assert result.place.copy == stick / name
    assert files(stick) == [name, name + ".anchor"]
    assert (stick / (name + ".anchor")).read_bytes() == (
        demo_shop.backup_dir / (name + ".anchor")
    ).read_bytes()
    copy, original = preview(stick / name), preview(result.backup.path)
    assert copy.same_data(original) and copy.sales > 0


def test_a_missing_stick_never_stops_the_backup_in_the_usual_folder(
    demo_shop: Shop, tmp_path: Path
) -> None:
    stick = tmp_path / "media" / "STICK"  # not plugged in: its mount point is not there
    result = auto_backup.run(demo_shop.path, demo_shop.backup_dir, stick, NOW)
    assert result.backup.path.is_file()
    backups.verify_backup(result.backup.path)
    assert result.place is not None and result.place.problem is PlaceProblem.MISSING
    assert "is not there" in result.place.reason and str(stick) in result.place.reason
    assert not stick.exists()  # nothing made in its place


def test_a_full_stick_leaves_no_partial_copy_and_says_so(
    demo_shop: Shop, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stick = tmp_path / "stick"
    stick.mkdir()
    (stick / "holiday.jpg").write_bytes(b"photo")

    def full(source: Path, target: Path) -> None:
        with target.open("wb") as out:
            out.write(source.read_bytes()[:4096])  # some of it fits, then no more room
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(backups, "copy_file", full)
    result = auto_backup.run(demo_shop.path, demo_shop.backup_dir, stick, NOW)
    assert result.backup.path.is_file()  # the usual folder has its backup
    assert result.place is not None and result.place.problem is PlaceProblem.FULL
    assert "is full" in result.place.reason
    assert files(stick) == ["holiday.jpg"]  # the partial copy is gone, the rest untouched


def test_a_stick_full_of_old_automatic_backups_makes_room_by_the_rotation(
    demo_shop: Shop, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stick = tmp_path / "stick"
    stick.mkdir()
    old = [stick / f"shop-auto-2025{month:02}01-180000.sqlite3" for month in (1, 2, 3)]
    for path in old:
        path.write_bytes(b"an old backup")
    copy = backups.copy_file

    def full_while_old_ones_are_there(source: Path, target: Path) -> None:
        if any(path.exists() for path in old):
            raise OSError(errno.ENOSPC, "No space left on device")
        copy(source, target)

    monkeypatch.setattr(backups, "copy_file", full_while_old_ones_are_there)
    result = auto_backup.run(demo_shop.path, demo_shop.backup_dir, stick, NOW)
    assert result.place is not None and result.place.problem is PlaceProblem.NONE
    assert set(old) <= set(result.removed)
    name = "shop-auto-20261207-183000.sqlite3"
    assert files(stick) == [name, name + ".anchor"]


def test_a_copy_that_does_not_verify_is_refused_and_removed(
    demo_shop: Shop, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stick = tmp_path / "stick"
    stick.mkdir()

    def damaging(source: Path, target: Path) -> None:
        data = bytearray(source.read_bytes())
        data[len(data) // 2 : len(data) // 2 + 4096] = b"\x07" * 4096  # a bad stick
        target.write_bytes(bytes(data))

    monkeypatch.setattr(backups, "copy_file", damaging)
    result = auto_backup.run(demo_shop.path, demo_shop.backup_dir, stick, NOW)
    assert result.place is not None and result.place.problem is PlaceProblem.FAILED
    assert "damaged" in result.place.reason
    assert files(stick) == []


def test_the_verification_refuses_a_damaged_backup(demo_shop: Shop, tmp_path: Path) -> None:
    made = auto_backup.run(demo_shop.path, demo_shop.backup_dir, None, NOW).backup.path
    damaged = tmp_path / "damaged.sqlite3"
    conn = sqlite3.connect(made)
    page = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'sales'").fetchone()[0]
    conn.close()
    data = bytearray(made.read_bytes())
    data[(root - 1) * page : (root - 1) * page + 8] = b"\x07" * 8
    damaged.write_bytes(bytes(data))
    with pytest.raises(BackupFailed):
        preview(damaged)
    with pytest.raises(BackupFailed):
        backups.copy_backup(damaged, tmp_path)


def test_the_rotation_deletes_only_duka_s_automatic_backups(tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    shop = tmp_path / "shop.sqlite3"
    names = [
        "shop-auto-20261207-090000.sqlite3",  # today, older: goes
        "shop-auto-20261207-180000.sqlite3",
        "shop-auto-20251101-180000.sqlite3",  # thirteen months back: goes
        "shop-20251101-180000.sqlite3",  # made by hand: stays
        "shop-replaced-20251101-180000.sqlite3",  # kept by a restore: stays
        "other-auto-20251101-180000.sqlite3",  # another shop's: stays
        "notes.txt",
    ]
    for name in names:
        (folder / name).write_bytes(b"x")
    (folder / "shop-auto-20251101-180000.sqlite3.anchor").write_text("{}")
    removed = backups.rotate(folder, shop, dt.date(2026, 12, 7))
    assert sorted(p.name for p in removed) == [
        "shop-auto-20251101-180000.sqlite3",
        "shop-auto-20261207-090000.sqlite3",
    ]
    assert files(folder) == sorted(
        set(names) - {"shop-auto-20261207-090000.sqlite3", "shop-auto-20251101-180000.sqlite3"}
    )


def test_a_backup_is_due_once_a_day(demo_shop: Shop) -> None:
    folder = demo_shop.backup_dir
    assert auto_backup.is_due(folder, demo_shop.path, NOW.date())
    auto_backup.run(demo_shop.path, folder, None, NOW)
    assert not auto_backup.is_due(folder, demo_shop.path, NOW.date())
    assert auto_backup.is_due(folder, demo_shop.path, NOW.date() + dt.timedelta(days=1))


def test_the_preview_says_what_the_backup_holds(demo_shop: Shop) -> None:
    made = auto_backup.run(demo_shop.path, demo_shop.backup_dir, None, NOW).backup.path
    db = demo_shop.context.db
    last = db.execute("SELECT number, at FROM sales ORDER BY id DESC LIMIT 1").fetchone()
    held = preview(made)
    assert held.made == NOW
    assert held.shop_name == demo_shop.settings.load()[SHOP_NAME] != ""
    assert (held.last_sale, held.last_sale_at) == (last[0], last[1])
    assert held.products == db.execute("SELECT count(*) FROM products").fetchone()[0]
    assert held.customers == db.execute("SELECT count(*) FROM customers").fetchone()[0]
    assert held.sales == db.execute("SELECT count(*) FROM sales").fetchone()[0] > 10
