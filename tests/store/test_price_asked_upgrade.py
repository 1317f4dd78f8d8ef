"""Migration 0022 (a product's price may be asked at the sale): a shop journaled before it
verifies after it, since the product's record gains the flag only when it is set."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from duka.store import journal, sql
from duka.store.database import open_database, schema_version
from duka.store.migrations import APPLICATION_ID, MIGRATION_NAMES, SCHEMA_VERSION, migrations


def test_a_shop_journaled_before_the_flag_verifies_after_it(tmp_path: Path) -> None:
    from sqlite_utils import Database

    target = tmp_path / "v13.sqlite3"
    old = sqlite3.connect(target, isolation_level=None)
    db = Database(old)
    migrations().apply(db, stop_before="0021_journal_everything")
    for n in range(3):
        old.execute(
            "INSERT INTO products (name, sku, sell_price, cost_price, created_at, updated_at) "
            f"VALUES ('p{n}', 'SKU{n}', {100 + n}, 50, 'then', 'then')"
        )
    # Data version 13 journals every product with the record it made then.
    migrations().apply(db, stop_before="0022_price_asked")
    old.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    old.execute(f"PRAGMA user_version = {MIGRATION_NAMES.index('0022_price_asked')}")
    before = old.execute("SELECT seq, hash, content FROM journal ORDER BY seq").fetchall()
    assert [bytes(r[2]).split(b";", 1)[1] for r in before if b"'product'" in bytes(r[2])] == [
        b"1,'p0','SKU0','piece',100,50,NULL,1",
        b"2,'p1','SKU1','piece',101,50,NULL,1",
        b"3,'p2','SKU2','piece',102,50,NULL,1",
    ]
    old.close()

    conn = open_database(target, backup_dir=tmp_path / "backups")
    assert schema_version(conn) == SCHEMA_VERSION
    assert conn.execute("SELECT DISTINCT price_asked FROM products").fetchall() == [(0,)]
    assert conn.execute("SELECT seq, hash, content FROM journal ORDER BY seq").fetchall() == before
    assert journal.chain_problems(conn) == []
    assert journal.record_problems(conn) == [] and journal.latest_problems(conn) == []
    # The flag set by plain SQL after the upgrade is a change made outside Duka.
    conn.execute("UPDATE products SET price_asked = 1 WHERE id = 2")
    assert [p[:28] for p in journal.latest_problems(conn)] == ["products row 2 (p1) was chan"]
    # Set by Duka (a new entry of the product, with the flag), it verifies again.
    journal.append(conn, journal.PRODUCT.kind, 2, "now", None, "t")
    assert journal.latest_problems(conn) == [] and journal.chain_problems(conn) == []


def test_the_flag_is_zero_or_one(tmp_path: Path) -> None:
    conn = open_database(tmp_path / "s.sqlite3", backup_dir=tmp_path / "b")
    conn.execute(
        "INSERT INTO products (name, sell_price, created_at, updated_at) VALUES ('x', 1, 'a', 'a')"
    )
    with pytest.raises(sql.ConstraintError):
        conn.execute("UPDATE products SET price_asked = 2")
