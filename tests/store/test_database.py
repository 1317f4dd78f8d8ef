import hashlib
import multiprocessing
import os
import sqlite3
from pathlib import Path

import pytest

from duka.core.errors import DatabaseBusy, NewerDatabase, StoreUnavailable
from duka.store import sql
from duka.store.backup import verify_backup
from duka.store.database import (
    applied_migrations,
    open_database,
    schema_version,
    transaction,
)
from duka.store.migrations import APPLICATION_ID, MIGRATION_NAMES, SCHEMA_VERSION, migrations


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_new_shop_gets_the_safe_pragmas(tmp_path: Path) -> None:
    conn = open_database(tmp_path / "s.sqlite3", backup_dir=tmp_path / "b")
    pragma = lambda name: conn.execute(f"PRAGMA {name}").fetchone()[0]  # noqa: E731
    assert pragma("journal_mode") == "wal"
    assert pragma("foreign_keys") == 1
    assert pragma("synchronous") == 2  # FULL
    assert pragma("busy_timeout") == 5000
    assert pragma("application_id") == APPLICATION_ID
    assert schema_version(conn) == SCHEMA_VERSION
    assert applied_migrations(conn) == list(MIGRATION_NAMES)


def test_every_table_is_strict(tmp_path: Path) -> None:
    conn = open_database(tmp_path / "s.sqlite3", backup_dir=tmp_path / "b")
    tables = conn.execute(
        "SELECT name, strict FROM pragma_table_list WHERE schema = 'main' AND type = 'table' "
        "AND name NOT LIKE 'sqlite_%'"
    ).fetchall()
    assert tables
    assert [name for name, strict in tables if not strict] == []


def test_foreign_keys_are_enforced(tmp_path: Path) -> None:
    conn = open_database(tmp_path / "s.sqlite3", backup_dir=tmp_path / "b")
    with pytest.raises(sql.ConstraintError):
        conn.execute("INSERT INTO barcodes (code, product_id) VALUES ('1', 999)")


def test_a_missing_folder_is_refused_and_not_created(tmp_path: Path) -> None:
    target = tmp_path / "nowhere" / "s.sqlite3"
    with pytest.raises(StoreUnavailable) as caught:
        open_database(target, backup_dir=tmp_path / "b")
    assert "does not exist" in caught.value.message
    assert not target.parent.exists()


def test_a_folder_is_not_a_shop(tmp_path: Path) -> None:
    with pytest.raises(StoreUnavailable) as caught:
        open_database(tmp_path, backup_dir=tmp_path / "b")
    assert "is a folder" in caught.value.message


def test_a_file_that_is_not_sqlite_is_refused_and_left_alone(tmp_path: Path) -> None:
    target = tmp_path / "notes.txt"
    target.write_text("shopping list: sugar, tea\n" * 20)
    before = digest(target)
    with pytest.raises(StoreUnavailable) as caught:
        open_database(target, backup_dir=tmp_path / "b")
    assert "not an SQLite database" in caught.value.message
    assert digest(target) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_another_programs_database_is_refused_and_left_alone(tmp_path: Path) -> None:
    target = tmp_path / "other.sqlite3"
    other = sqlite3.connect(target)
    other.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY)")
    other.commit()
    other.close()
    before = digest(target)
    with pytest.raises(StoreUnavailable) as caught:
        open_database(target, backup_dir=tmp_path / "b")
    assert "another program" in caught.value.message
    assert digest(target) == before


def _make_newer(path: Path, backup_dir: Path) -> None:
    conn = open_database(path, backup_dir=backup_dir)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
        "VALUES ('duka', '9999_from_the_future', 'later')"
    )
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def test_a_shop_from_a_newer_duka_is_refused_and_left_alone(tmp_path: Path) -> None:
    target = tmp_path / "s.sqlite3"
    _make_newer(target, tmp_path / "b")
    before = digest(target)
    with pytest.raises(NewerDatabase) as caught:
        open_database(target, backup_dir=tmp_path / "b")
    assert "newer version of Duka" in caught.value.message
    assert digest(target) == before


def test_an_unwritable_folder_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Root may write anywhere, so the refusal is driven through the permission check itself.
    real_access = os.access
    monkeypatch.setattr(
        os, "access", lambda p, mode: False if mode & os.W_OK else real_access(p, mode)
    )
    with pytest.raises(StoreUnavailable) as caught:
        open_database(tmp_path / "s.sqlite3", backup_dir=tmp_path / "b")
    assert "may not write" in caught.value.message
    assert not (tmp_path / "s.sqlite3").exists()


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes through permissions")
def test_a_read_only_folder_for_real(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(StoreUnavailable):
            open_database(folder / "s.sqlite3", backup_dir=tmp_path / "b")
    finally:
        folder.chmod(0o700)


def test_a_locked_database_says_so_and_changes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "s.sqlite3"
    # Held through apsw: a standard-library lock is invisible to apsw in the same process.
    holder = sql.open_file(target)
    holder.execute("CREATE TABLE x (a)")  # an existing, non-WAL database...
    holder.execute("BEGIN EXCLUSIVE")  # ...held by another program
    with pytest.raises(DatabaseBusy) as caught:
        open_database(target, backup_dir=tmp_path / "b", busy_timeout_ms=50)
    assert "in use by another program" in caught.value.message
    holder.execute("ROLLBACK")
    assert holder.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    holder.close()


def test_a_write_waits_then_says_busy(tmp_path: Path) -> None:
    target = tmp_path / "s.sqlite3"
    conn = open_database(target, backup_dir=tmp_path / "b", busy_timeout_ms=50)
    other = open_database(target, backup_dir=tmp_path / "b")
    other.execute("BEGIN IMMEDIATE")
    with pytest.raises(DatabaseBusy), transaction(conn):
        conn.execute("INSERT INTO settings VALUES ('x', '1', 'now', NULL)")
    other.execute("ROLLBACK")


def test_transactions_are_all_or_nothing_and_nest(tmp_path: Path) -> None:
    conn = open_database(tmp_path / "s.sqlite3", backup_dir=tmp_path / "b")
    row = "INSERT INTO settings VALUES (?, '1', 'now', NULL)"
    with pytest.raises(RuntimeError), transaction(conn):
        conn.execute(row, ("a",))
        raise RuntimeError("boom")
    assert conn.execute("SELECT count(*) FROM settings").fetchone()[0] == 0
    with transaction(conn):
        conn.execute(row, ("b",))
        with pytest.raises(RuntimeError), transaction(conn):
            conn.execute(row, ("c",))
            raise RuntimeError("inner")
    keys = [r[0] for r in conn.execute("SELECT key FROM settings")]
    assert keys == ["b"]


def test_an_older_shop_is_backed_up_before_it_is_migrated(tmp_path: Path) -> None:
    from sqlite_utils import Database

    target = tmp_path / "old.sqlite3"
    old = sqlite3.connect(target, isolation_level=None)
    migrations().apply(Database(old), stop_before=MIGRATION_NAMES[1])
    old.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    old.execute("PRAGMA user_version = 1")
    old.execute("INSERT INTO settings VALUES ('shop_name', '\"Old shop\"', 'then', NULL)")
    old.close()

    conn = open_database(target, backup_dir=tmp_path / "backups")
    assert schema_version(conn) == SCHEMA_VERSION
    copies = list((tmp_path / "backups").glob(f"old-before-v{SCHEMA_VERSION}-*.sqlite3"))
    assert len(copies) == 1
    assert verify_backup(copies[0]).schema_version == 1
    kept = sqlite3.connect(copies[0])
    assert kept.execute("SELECT value FROM settings").fetchone()[0] == '"Old shop"'
    assert not kept.execute("SELECT 1 FROM sqlite_master WHERE name = 'products'").fetchone()


def _open_in_process(args: tuple[str, str]) -> int:
    path, backups = args
    conn = open_database(Path(path), backup_dir=Path(backups))
    return schema_version(conn)


def test_two_processes_creating_the_same_shop_migrate_it_once(tmp_path: Path) -> None:
    target = str(tmp_path / "s.sqlite3")
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        versions = pool.map(_open_in_process, [(target, str(tmp_path / "b"))] * 2)
    assert versions == [SCHEMA_VERSION, SCHEMA_VERSION]
    conn = sqlite3.connect(target)
    assert conn.execute("SELECT count(*) FROM _sqlite_migrations").fetchone()[0] == len(
        MIGRATION_NAMES
    )


def test_a_shop_from_before_the_kept_counts_gets_them_and_one_letter_search(
    tmp_path: Path,
) -> None:
    from sqlite_utils import Database

    from duka.store.products_repo import count_problems, quick_search, search_index_problems

    target = tmp_path / "v4.sqlite3"
    old = sqlite3.connect(target, isolation_level=None)
    migrations().apply(Database(old), stop_before="0005_product_counts")
    old.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    old.execute(f"PRAGMA user_version = {MIGRATION_NAMES.index('0005_product_counts')}")
    for name, active in (("Sukari", 1), ("Mchele", 1), ("Unga", 0)):
        old.execute(
            "INSERT INTO products (name, unit, sell_price, cost_price, tax_code, active, "
            "created_at, created_by, updated_at, updated_by) "
            "VALUES (?, 'piece', 100, 50, 'S', ?, 'then', 'old', 'then', 'old')",
            (name, active),
        )
    old.execute("INSERT INTO products_fts (products_fts) VALUES ('rebuild')")
    old.close()

    conn = open_database(target, backup_dir=tmp_path / "backups")
    assert schema_version(conn) == SCHEMA_VERSION
    counts = dict(conn.execute("SELECT active, n FROM product_counts").fetchall())
    assert counts == {0: 1, 1: 2}
    assert count_problems(conn) == [] and search_index_problems(conn) == []
    assert len(quick_search(conn, "m", 20)) == 1
    index = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'products_fts'").fetchone()
    assert "prefix='1 2 3'" in index[0]


def test_sales_and_refunds_on_account_before_the_ledger_are_carried_into_it(
    tmp_path: Path,
) -> None:
    from sqlite_utils import Database

    from duka.store import journal, ledger_repo

    target = tmp_path / "v8.sqlite3"
    old = sqlite3.connect(target, isolation_level=None)
    migrations().apply(Database(old), stop_before="0009_customer_ledger")
    old.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    old.execute(f"PRAGMA user_version = {MIGRATION_NAMES.index('0009_customer_ledger')}")
    old.execute(
        "INSERT INTO customers (id, name, credit_limit, created_at, updated_at) "
        "VALUES (1, 'Njeri', 100000, 'then', 'then')"
    )
    for number, (sale, at, amount) in enumerate(
        ((1, "2026-01-02T10:00:00+00:00", 3000), (2, "2026-01-05T10:00:00+00:00", 2000)),
        start=1,
    ):
        old.execute(
            "INSERT INTO sales (id, number, at, actor, customer_id, currency, mode, net, tax, "
            "gross) VALUES (?, ?, ?, 'old', 1, 'KES', 'inclusive', ?, 0, ?)",
            (sale, f"S-{number:06d}", at, amount, amount),
        )
        old.execute(
            "INSERT INTO sale_payments (sale_id, method, amount, tendered) "
            "VALUES (?, 'account', ?, ?)",
            (sale, amount, amount),
        )
    old.execute(
        "INSERT INTO refunds (id, number, sale_id, at, actor, currency, mode, net, tax, gross) "
        "VALUES (1, 'R-000001', 1, '2026-01-06T10:00:00+00:00', 'old', 'KES', 'inclusive', "
        "1000, 0, 1000)"
    )
    old.execute(
        "INSERT INTO refund_payments (refund_id, method, amount) VALUES (1, 'account', 1000)"
    )
    old.close()

    conn = open_database(target, backup_dir=tmp_path / "backups")
    assert ledger_repo.balance(conn, 1) == 4000
    open_items = [(i.document, i.open) for i in ledger_repo.open_items(conn, 1)]
    assert open_items == [("S-000001", 2000), ("S-000002", 2000)]  # the refund paid the oldest
    assert ledger_repo.problems(conn) == []
    carried = conn.execute("SELECT count(*) FROM journal WHERE kind = 'customer_entry'")
    assert carried.fetchone()[0] == 3  # each carried entry journaled with its allocations
    assert journal.chain_problems(conn) == []
    # (the sales and refund were written here by hand, outside Duka: only they are named)
    assert [p for p in journal.record_problems(conn) if "customer_ledger" in p] == []


@pytest.mark.parametrize(
    ("code", "english", "french"),
    [
        (13, "database or disk is full", "est plein"),
        (8, "attempt to write a readonly database", "ne peut pas écrire"),
        (5, "database is locked", "utilisé par un autre programme"),
    ],
)
def test_sqlite_refusals_reach_the_user_translated(
    tmp_path: Path, code: int, english: str, french: str
) -> None:
    from duka.i18n import set_language
    from duka.store.database import user_error

    conn = open_database(tmp_path / "s.sqlite3", backup_dir=tmp_path / "b")
    error = sqlite3.OperationalError(english)
    error.sqlite_errorcode = code  # type: ignore[attr-defined]
    set_language("fr")
    try:
        with pytest.raises(StoreUnavailable) as caught, transaction(conn):
            conn.execute("INSERT INTO settings VALUES ('x', '1', 'now', NULL)")
            raise error
        assert french in caught.value.message and english not in caught.value.message
        assert user_error(ValueError("a bug")) is None
    finally:
        set_language("en")
    assert conn.execute("SELECT count(*) FROM settings WHERE key = 'x'").fetchone()[0] == 0
