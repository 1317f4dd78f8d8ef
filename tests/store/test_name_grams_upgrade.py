"""Migration 0023 (short pieces of names in scripts without spaces): a shop's products from
before it are found by one or two letters after it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from duka.store import products_repo
from duka.store.database import open_database, schema_version
from duka.store.migrations import APPLICATION_ID, MIGRATION_NAMES, SCHEMA_VERSION, migrations


def test_the_products_of_a_shop_from_before_are_found_by_their_letters(tmp_path: Path) -> None:
    from sqlite_utils import Database

    target = tmp_path / "v22.sqlite3"
    old = sqlite3.connect(target, isolation_level=None)
    migrations().apply(Database(old), stop_before="0023_name_grams")
    for n, name in enumerate(("绿茶", "ชาเขียว", "தேங்காய் பால்", "Sugar")):
        old.execute(
            "INSERT INTO products (name, sku, sell_price, cost_price, created_at, updated_at) "
            "VALUES (?, ?, 100, 50, 'then', 'then')",
            (name, f"SKU{n}"),
        )
    old.execute("INSERT INTO products_fts (products_fts) VALUES ('rebuild')")
    old.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    old.execute(f"PRAGMA user_version = {MIGRATION_NAMES.index('0023_name_grams')}")
    old.close()

    conn = open_database(target, backup_dir=tmp_path / "backups")
    assert schema_version(conn) == SCHEMA_VERSION
    assert products_repo.name_gram_problems(conn) == []
    for typed, product in (("茶", 1), ("ชา", 2), ("பால்", 3), ("su", 4)):
        assert products_repo.quick_search(conn, typed, 20) == [product]
