"""Every schema Duka has written opens in this Duka: each fixture shop in tests/fixtures/upgrades
was made by the Duka of its version (make_fixtures.py there) with what that Duka showed beside
it; here it is opened, migrated, verified and read back through today's services."""

from __future__ import annotations

import datetime as dt
import gzip
import json
from pathlib import Path
from typing import Any

import pytest

from duka.core.access import Actor
from duka.core.ledger import PaymentMethod as LedgerMethod
from duka.core.money import Money
from duka.core.quantity import Quantity
from duka.core.reports import MAX_DAYS
from duka.core.sale import PaymentMethod, Tender
from duka.core.settings import CURRENCY, SHOP_NAME
from duka.services.shop import Shop, upgrade_line
from duka.store import sql
from duka.store.migrations import SCHEMA_VERSION

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "upgrades"
VERSIONS = sorted(int(p.name[1:3]) for p in FIXTURES.glob("v*.sqlite3.gz"))

# Tables whose rows a migration adds to, by design: journal_everything (0021) journals the
# users, prices, costs and settings an older shop already had.
# The journal grows; a migration that adds an area of the shop adds its change counter.
GROWS = {"journal", "change_versions"}
# The reports' summaries: caches folded from the documents when a report is read.
CACHES = "report_"


def _expected(version: int) -> dict[str, Any]:
    found: dict[str, Any] = json.loads((FIXTURES / f"v{version:02d}.json").read_text("utf-8"))
    return found


def copy_fixture(version: int, folder: Path) -> Path:
    """The fixture shop of `version`, as a file in `folder`."""
    path = folder / f"shop-v{version:02d}.sqlite3"
    path.write_bytes(gzip.decompress((FIXTURES / f"v{version:02d}.sqlite3.gz").read_bytes()))
    return path


def _rows(path: Path) -> dict[str, int]:
    # Through apsw: the shop may be open in this process (one SQLite library per file).
    conn = sql.open_read_only(path)
    try:
        names = [
            r[0]
            for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            if not r[0].startswith(("sqlite_", "products_fts"))
        ]
        return {n: conn.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}
    finally:
        conn.close()


def test_every_schema_version_up_to_today_has_its_fixture() -> None:
    """A new migration needs the fixture of the version it supersedes: see make_fixtures.py."""
    assert list(range(2, SCHEMA_VERSION + 1)) == VERSIONS, (
        "make the missing fixtures with tests/fixtures/upgrades/make_fixtures.py"
    )
    for version in VERSIONS:
        assert _expected(version)["version"] == version


@pytest.mark.parametrize("version", VERSIONS)
def test_an_old_shop_migrates_verifies_and_shows_what_it_showed(
    version: int, tmp_path: Path
) -> None:
    expected = _expected(version)
    path = copy_fixture(version, tmp_path)
    backups = tmp_path / "backups"
    with Shop.open(path, backup_dir=backups, actor=Actor.command_line("tester")) as shop:
        upgrade = shop.upgrade
        if version < SCHEMA_VERSION:
            # The copy taken before migrating is the shop as the old Duka left it.
            assert upgrade is not None
            assert (upgrade.old, upgrade.new) == (version, SCHEMA_VERSION)
            assert upgrade.backup.parent == backups
            assert upgrade.backup.name.startswith(f"{path.stem}-before-v{SCHEMA_VERSION}-")
            assert _rows(upgrade.backup) == expected["rows"]
        else:
            assert upgrade is None and not backups.exists()

        problems = [(r.name, r.problems) for r in shop.maintenance.verify() if not r.ok]
        assert problems == []

        settings = shop.settings.load()
        assert settings[SHOP_NAME] == expected["shop"]["shop_name"]
        assert settings[CURRENCY] == expected["shop"]["currency"]
        for product_id, milli in expected.get("stock", {}).items():
            assert shop.stock.level(int(product_id)).milli == milli, product_id
        for product_id, name in expected["products"].items():
            assert shop.products.get(int(product_id)).name == name
        for customer_id, minor in expected.get("balances", {}).items():
            assert shop.accounts.balance(int(customer_id)).minor == minor, customer_id

        if "sales" in expected:
            today = dt.date.today()
            report = shop.reports.run(
                "sales-by-day", today - dt.timedelta(days=MAX_DAYS - 1), today
            )
            totals = dict(zip(report.keys, report.totals or (), strict=True))
            invoices = expected.get("invoices", {"count": 0, "gross": 0})
            credit_notes = expected.get("credit_notes", {"count": 0, "gross": 0})
            refunds = expected.get("refunds", {"count": 0, "gross": 0})
            assert totals["sales"] == expected["sales"]["count"] + invoices["count"]
            assert totals["gross"] == expected["sales"]["gross"] + invoices["gross"]
            assert totals["refunds"] == refunds["gross"] + credit_notes["gross"]

        # Every row the old Duka wrote is still there.
        after = _rows(path)
        for table, count in expected["rows"].items():
            if table == "_sqlite_migrations":
                assert after[table] == SCHEMA_VERSION
            elif table in GROWS:
                assert after[table] >= count, table
            elif not table.startswith(CACHES):
                assert after[table] == count, table

        _still_sells_and_takes_payments(shop, expected)
        _becomes_till_1_of_several(shop, expected, tmp_path)


def _becomes_till_1_of_several(shop: Shop, expected: dict[str, Any], folder: Path) -> None:
    """The migrated shop is till 1 and keeps its numbers; a second till made from it sells in
    series and ids of its own, and both files verify."""
    assert shop.tills.this_till() == 1
    made = shop.tills.make(folder / "till2.sqlite3", "Till 2")
    assert made.number == 2
    # The newest product that sells plainly: the demo's newest may keep batches, and one of
    # them holds only an expired batch, which needs a manager.
    product_id = max(int(i) for i in expected["products"] if not shop.batches.tracks(int(i)))
    with Shop.open(made.path, backup_dir=folder / "b2", actor=Actor.command_line("t")) as till:
        cart, _ = till.checkout.new_cart().add(
            till.checkout.line_for(till.products.get(product_id), Quantity.of(1))
        )
        sale = till.checkout.complete(None, cart, [Tender(PaymentMethod.CASH, cart.to_pay())])
        assert sale.number == "S2-000001"
        assert [(r.name, r.problems) for r in till.maintenance.verify() if not r.ok] == []
    assert [(r.name, r.problems) for r in shop.maintenance.verify() if not r.ok] == []
    # It is branch 1, every till in it; a branch made from it starts with none of its stock.
    assert shop.tills.this_branch() == 1
    assert [(b.number, b.hub_till) for b in shop.tills.branches()] == [(1, 1)]
    assert {t.number: t.branch for t in shop.tills.known()} == {1: 1, 2: 1}
    town = shop.tills.make_branch(folder / "town.sqlite3", "Town")
    with Shop.open(town.path, backup_dir=folder / "b3", actor=Actor.command_line("t")) as branch:
        assert branch.tills.this_branch() == 1001
        assert branch.stock.level(product_id) == Quantity(0)
        assert [(r.name, r.problems) for r in branch.maintenance.verify() if not r.ok] == []


def _still_sells_and_takes_payments(shop: Shop, expected: dict[str, Any]) -> None:
    """The migrated shop is not only readable: a sale and a payment go through and check."""
    # The newest product that sells plainly: the demo's newest may keep batches, and one of
    # them holds only an expired batch, which needs a manager.
    product_id = max(int(i) for i in expected["products"] if not shop.batches.tracks(int(i)))
    before = shop.stock.level(product_id)
    cart, _ = shop.checkout.new_cart().add(
        shop.checkout.line_for(shop.products.get(product_id), Quantity.of(1))
    )
    sale = shop.checkout.complete(None, cart, [Tender(PaymentMethod.CASH, cart.to_pay())])
    assert sale.number
    assert shop.stock.level(product_id) == before - Quantity.of(1)
    owing = [int(i) for i, minor in expected.get("balances", {}).items() if minor > 0]
    if owing:
        balance = shop.accounts.balance(owing[0])
        paid = Money.of("1", balance.currency)
        shop.accounts.receive_payment(owing[0], paid, LedgerMethod.CASH)
        assert shop.accounts.balance(owing[0]) == balance - paid
    problems = [(r.name, r.problems) for r in shop.maintenance.verify() if not r.ok]
    assert problems == []


def test_the_line_is_said_in_the_shop_s_language(tmp_path: Path) -> None:
    from duka.i18n import set_language
    from duka.store.database import Upgrade

    upgrade = Upgrade(9, SCHEMA_VERSION, tmp_path / "copy.sqlite3")
    set_language("fr")
    try:
        line = upgrade_line(upgrade)
    finally:
        set_language("en")
    assert line == (
        f"Duka a mis à jour les données de cette boutique de la version 9 à la version "
        f"{SCHEMA_VERSION} ; une copie telle qu'elle était se trouve dans {upgrade.backup}."
    )
    assert upgrade_line(upgrade, isolated=True).endswith(f"is in \u2066{upgrade.backup}\u2069.")
