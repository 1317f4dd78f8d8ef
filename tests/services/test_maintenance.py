import sqlite3
from pathlib import Path

import pytest

from duka.core import settings as spec
from duka.core.errors import BackupFailed
from duka.services.maintenance import restore, verify_backup
from duka.services.shop import Shop


def test_verify_finds_nothing_wrong_in_a_good_shop(demo_shop: Shop) -> None:
    results = demo_shop.maintenance.verify()
    assert results and all(r.ok for r in results)


def test_verify_names_a_broken_link_and_a_damaged_setting(demo_shop: Shop) -> None:
    db = demo_shop.context.db
    db.execute("PRAGMA foreign_keys = OFF")
    db.execute("INSERT INTO barcodes (code, product_id) VALUES ('999', 424242)")
    db.execute("UPDATE settings SET value = '\"??\"' WHERE key = 'country'")
    problems = [p for r in demo_shop.maintenance.verify() for p in r.problems]
    assert any("barcodes" in p and "products" in p for p in problems)
    assert any("country" in p for p in problems)


def test_backup_and_restore_round_trip(demo_shop: Shop, tmp_path: Path) -> None:
    info = demo_shop.maintenance.backup()
    assert info.path.parent == demo_shop.maintenance.backup_dir
    assert verify_backup(info.path).size == info.size
    demo_shop.settings.save({spec.SHOP_NAME.key: "Renamed"})
    path = demo_shop.path
    demo_shop.close()
    kept = restore(info.path, path, tmp_path / "kept")
    assert kept is not None
    with Shop.open(path, backup_dir=tmp_path / "b") as again:
        assert again.settings.load()[spec.SHOP_NAME] == "Duka la Mama Amina"
    assert (
        sqlite3.connect(kept)
        .execute("SELECT value FROM settings WHERE key = 'shop_name'")
        .fetchone()[0]
        == '"Renamed"'
    )


def test_a_backup_cannot_overwrite_the_shop_itself(demo_shop: Shop) -> None:
    with pytest.raises(BackupFailed):
        demo_shop.maintenance.backup(demo_shop.path)
    with pytest.raises(BackupFailed):
        restore(demo_shop.path, demo_shop.path, demo_shop.path.parent)


def test_background_backup_matches(demo_shop: Shop, tmp_path: Path) -> None:
    info = demo_shop.maintenance.backup_copy(tmp_path)
    assert info.path.parent == tmp_path and verify_backup(info.path)
