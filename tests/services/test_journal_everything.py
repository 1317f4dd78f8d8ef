"""Users, roles, PINs, prices, costs, tax rates, settings, credit limits and stock movements
are journaled: a change made to them by plain SQL, outside Duka, is named by `duka verify`,
and the same change made through Duka is not."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from duka.core import settings as spec
from duka.core.access import Role
from duka.core.money import Money
from duka.core.quantity import Quantity
from duka.core.stock import MovementKind
from duka.core.tax import TaxRate
from duka.services.shop import Shop
from duka.store.sql import Executor
from tests.tampering import outside_duka


def journal_problems(shop: Shop) -> list[str]:
    results = {r.name: r for r in shop.maintenance.verify()}
    return list(results["Journal and audit trail"].problems)


def all_problems(shop: Shop) -> list[str]:
    return [p for r in shop.maintenance.verify() for p in r.problems]


def one(conn: Executor, sql: str) -> int:
    return int(conn.execute(sql).fetchone()[0])


def test_the_demo_shop_verifies_with_everything_journaled(demo_shop: Shop) -> None:
    assert all_problems(demo_shop) == []
    kinds = {str(r[0]) for r in demo_shop.context.db.execute("SELECT DISTINCT kind FROM journal")}
    assert {"user", "setting", "product", "customer", "stock_movement"} <= kinds


def test_a_cashier_raised_to_owner_is_named(demo_shop: Shop) -> None:
    with outside_duka(demo_shop.path) as conn:
        cashier = one(conn, "SELECT id FROM users WHERE name = 'Wanjiru'")
        conn.execute("UPDATE users SET role = 'owner' WHERE id = ?", (cashier,))
    assert f"users row {cashier} (Wanjiru) was changed outside Duka" in " ".join(
        journal_problems(demo_shop)
    )


def test_the_owners_pin_swapped_is_named(demo_shop: Shop) -> None:
    with outside_duka(demo_shop.path) as conn:
        conn.execute(
            "UPDATE users SET pin_hash = (SELECT pin_hash FROM users WHERE name = 'Wanjiru') "
            "WHERE name = 'Amina'"
        )
    assert any("(Amina) was changed outside Duka" in p for p in journal_problems(demo_shop))


def test_a_user_added_or_removed_by_sql_is_named(demo_shop: Shop) -> None:
    with outside_duka(demo_shop.path) as conn:
        conn.execute(
            "INSERT INTO users (name, role, pin_hash, created_at, updated_at) "
            "VALUES ('Mallory', 'owner', 'x', 'now', 'now')"
        )
        mallory = one(conn, "SELECT id FROM users WHERE name = 'Mallory'")
    found = journal_problems(demo_shop)
    assert f"users row {mallory} (Mallory) was added outside Duka (it is not in the journal)" in (
        found
    )


def test_a_stocktake_movement_changed_with_its_stock_level_is_named(demo_shop: Shop) -> None:
    product = demo_shop.products.get(1)
    level = demo_shop.stock.level(product.id)
    number = demo_shop.stock.post_stocktake({product.id: level + Quantity.of(3)})
    assert all_problems(demo_shop) == []
    with outside_duka(demo_shop.path) as conn:
        movement = one(
            conn, f"SELECT id FROM stock_movements WHERE document = '{number}' AND kind = 'count'"
        )
        # Both the movement and the cached level, so that the ledger still adds up.
        conn.execute(
            "UPDATE stock_movements SET quantity = quantity + 7000 WHERE id = ?", (movement,)
        )
        conn.execute(
            "UPDATE stock_levels SET quantity = quantity + 7000 WHERE product_id = ?",
            (product.id,),
        )
    found = all_problems(demo_shop)
    assert found == [
        f"stock_movements row {movement} differs from what journal sequence "
        f"{found[0].split()[-2]} recorded"
    ]


def test_tax_rates_changed_by_sql_are_named(demo_shop: Shop) -> None:
    with outside_duka(demo_shop.path) as conn:
        conn.execute("UPDATE settings SET value = '[]' WHERE key = ?", (spec.TAX_RATES.key,))
    assert any(
        f"({spec.TAX_RATES.key}) was changed outside Duka" in p for p in journal_problems(demo_shop)
    )


def test_a_price_a_cost_and_a_credit_limit_changed_by_sql_are_named(demo_shop: Shop) -> None:
    product = demo_shop.products.get(2)
    with outside_duka(demo_shop.path) as conn:
        conn.execute("UPDATE products SET sell_price = 1 WHERE id = 2")
        conn.execute("UPDATE products SET cost_price = cost_price + 1 WHERE id = 3")
        customer = one(conn, "SELECT min(id) FROM customers")
        conn.execute(
            "UPDATE customers SET credit_limit = credit_limit + 1000000 WHERE id = ?",
            (customer,),
        )
    found = " ".join(journal_problems(demo_shop))
    assert f"products row 2 ({product.name}) was changed outside Duka" in found
    assert "products row 3 (" in found
    assert f"customers row {customer} (" in found


def test_a_product_deleted_by_sql_is_named_and_one_deleted_by_duka_is_not(
    demo_shop: Shop,
) -> None:
    from duka.core.products import ProductDraft

    kes = "KES"
    gone = demo_shop.products.add(ProductDraft("Mistake", Money(100, kes), Money(50, kes)))
    victim = demo_shop.products.add(ProductDraft("Victim", Money(100, kes), Money(50, kes)))
    demo_shop.products.delete(gone)
    assert all_problems(demo_shop) == []
    with outside_duka(demo_shop.path) as conn:
        conn.execute("DELETE FROM products WHERE id = ?", (victim,))
        conn.execute("DELETE FROM products_fts WHERE rowid = ?", (victim,))
        conn.execute("UPDATE product_counts SET n = n - 1 WHERE active = 1")
    found = journal_problems(demo_shop)
    assert any(p.startswith(f"products row {victim} (journal sequence") for p in found)
    assert not any(f"products row {gone} " in p for p in found)


def test_changes_made_through_duka_stay_clean(demo_shop: Shop) -> None:
    shop = demo_shop
    shop.access.set_role("Wanjiru", Role.MANAGER)
    shop.access.set_pin("Hassan", "97531")
    shop.access.set_active("Hassan", False)
    shop.access.add_user("Neema", Role.CASHIER, "86420")
    product = shop.products.get(4)
    shop.products.update(
        product.id, replace(product.draft, sell_price=product.draft.sell_price + Money(500, "KES"))
    )
    shop.products.set_active(5, False)
    shop.settings.save({spec.TAX_RATES.key: (TaxRate("S", "VAT 18%", Decimal(18)),)})
    customer = shop.customers.get(1)
    from duka.core.customers import NewCustomer

    shop.customers.update(
        customer.id,
        NewCustomer(customer.name, Money(990000, "KES"), phone=customer.phone),
    )
    shop.stock.adjust(6, Quantity.of(2), "found behind the shelf")
    shop.stock.adjust(6, Quantity.of(-1), "broken", MovementKind.WRITE_OFF)
    assert all_problems(shop) == []


@pytest.mark.parametrize("rows", [3])
def test_the_migration_journals_what_is_there(tmp_path: Path, rows: int) -> None:
    from sqlite_utils import Database

    from duka.store.database import open_database
    from duka.store.migrations import APPLICATION_ID, MIGRATION_NAMES, migrations

    target = tmp_path / "v12.sqlite3"
    old = sqlite3.connect(target, isolation_level=None)
    migrations().apply(Database(old), stop_before="0021_journal_everything")
    old.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    old.execute(f"PRAGMA user_version = {MIGRATION_NAMES.index('0021_journal_everything')}")
    for n in range(rows):
        old.execute(
            "INSERT INTO users (name, role, pin_hash, created_at, updated_at) "
            f"VALUES ('u{n}', 'cashier', 'h{n}', 'then', 'then')"
        )
        old.execute(
            "INSERT INTO products (name, sell_price, created_at, updated_at) "
            f"VALUES ('p{n}', {100 + n}, 'then', 'then')"
        )
        old.execute(
            "INSERT INTO stock_movements (product_id, kind, quantity, unit_cost, at, actor) "
            f"VALUES ({n + 1}, 'count', 1000, 0, 'then', 'old')"
        )
    old.execute("INSERT INTO settings VALUES ('tax_rates', '[]', 'then', NULL)")
    old.close()

    conn = open_database(target, backup_dir=tmp_path / "backups")
    kinds = dict(conn.execute("SELECT kind, count(*) FROM journal GROUP BY kind").fetchall())
    assert kinds == {"user": rows, "product": rows, "stock_movement": rows, "setting": 1}
    from duka.store import journal

    assert journal.chain_problems(conn) == [] and journal.latest_problems(conn) == []
    conn.execute("UPDATE products SET sell_price = 1 WHERE id = 2")
    assert journal.latest_problems(conn) == [
        "products row 2 (p1) was changed outside Duka (it differs from what journal "
        f"sequence {rows + 1 + 2} recorded)"  # after the users and the setting
    ]
