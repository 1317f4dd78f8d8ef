"""Every sale, refund and payment taken in cash is in the cash session of the computer it was
made on; what an older version wrote outside any session is kept, listed and reported once."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from duka.core import settings as spec
from duka.core.access import Actor
from duka.core.customers import NewCustomer
from duka.core.errors import Conflict
from duka.core.ledger import PaymentMethod as Paid
from duka.core.money import Money
from duka.core.products import ProductDraft
from duka.core.quantity import Quantity
from duka.core.sale import PaymentMethod, Tender
from duka.services.cash import CashService
from duka.services.context import Context
from duka.services.shop import Shop
from duka.store import sql
from duka.store.database import connect
from duka.store.migrations import APPLICATION_ID, MIGRATION_NAMES, migrations

RULE = "0012_cash_sessions_per_computer"


def kes(amount: str) -> Money:
    return Money.of(amount, "KES")


def sell(shop: Shop, product: int, *tenders: Tender, opening_float: Money | None = None) -> str:
    checkout = shop.checkout
    cart, _ = checkout.new_cart().add(checkout.line_for(shop.products.get(product), Quantity.of(1)))
    return checkout.complete(None, cart, list(tenders), opening_float=opening_float).number


def cash(amount: str) -> Tender:
    return Tender(PaymentMethod.CASH, kes(amount))


def cash_ups(shop: Shop) -> tuple[tuple[str, ...], tuple[str, ...]]:
    found = {r.name: r for r in shop.maintenance.verify()}["Cash-ups"]
    return found.problems, found.notes


# Columns later migrations add that today's services write or read (variants 0032, batches
# 0034, price lists 0035), lent to the old schema while it is written.
_LENT_COLUMNS = (
    ("products", "parent_id INTEGER"),
    ("products", "options TEXT NOT NULL DEFAULT ''"),
    ("products", "price_follows INTEGER NOT NULL DEFAULT 0"),
    ("products", "tracks_batches INTEGER NOT NULL DEFAULT 0"),
    ("stock_movements", "batch_id INTEGER"),
    ("customers", "price_list_id INTEGER"),
    ("sale_lines", "price_list_id INTEGER"),
    ("sale_lines", "price_from INTEGER NOT NULL DEFAULT 0"),
)


def make_old_shop(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A shop as the version before per-computer cash-ups left it: two cash sales, a refund
    and a customer's cash payment made with no drawer open (so in no session), written
    through that version's schema and the real services."""
    from sqlite_utils import Database

    raw = sqlite3.connect(path, isolation_level=None)
    migrations().apply(Database(raw), stop_before=RULE)
    raw.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    raw.execute(f"PRAGMA user_version = {MIGRATION_NAMES.index(RULE)}")
    # Today's services write what later migrations add (0022, the price asked at the sale;
    # 0023, the short pieces of names search uses; 0024, the change counters; 0025, which
    # till the file is; 0026, the branch whose stock a movement moves): lent to the old
    # schema while it is written, then taken back.
    raw.execute("ALTER TABLE products ADD COLUMN price_asked INTEGER NOT NULL DEFAULT 0")
    raw.execute(
        "CREATE TABLE product_grams (gram TEXT NOT NULL, product_id INTEGER NOT NULL, "
        "PRIMARY KEY (gram, product_id)) STRICT, WITHOUT ROWID"
    )
    raw.execute(
        "CREATE TABLE change_versions (area TEXT PRIMARY KEY, version INTEGER NOT NULL) "
        "STRICT, WITHOUT ROWID"
    )
    raw.execute(
        "CREATE TABLE this_till (number INTEGER, low INTEGER, high INTEGER, branch INTEGER) STRICT"
    )
    raw.execute("INSERT INTO this_till VALUES (1, 0, 1000000000, 1)")
    raw.execute("ALTER TABLE stock_movements ADD COLUMN branch INTEGER NOT NULL DEFAULT 1")
    raw.execute("CREATE TABLE tills (number INTEGER PRIMARY KEY) STRICT")
    raw.execute("INSERT INTO tills VALUES (1)")
    # 0031, promotions: the checkout reads those in force and notes a line's on it.
    raw.execute(
        "CREATE TABLE promotions (id INTEGER PRIMARY KEY, name TEXT, kind TEXT, scope TEXT, "
        "buy INTEGER, pay INTEGER, price INTEGER, get INTEGER, get_product_id INTEGER, "
        "percent TEXT, amount INTEGER, starts TEXT, ends TEXT, hours_from TEXT, "
        "hours_until TEXT, weekdays TEXT, price_list_id INTEGER, ended_at TEXT) STRICT"
    )
    raw.execute("ALTER TABLE sale_lines ADD COLUMN promotion_id INTEGER")
    raw.execute("ALTER TABLE sale_lines ADD COLUMN promotion_saving INTEGER NOT NULL DEFAULT 0")
    for table, column in _LENT_COLUMNS:  # variants, batches, price lists
        raw.execute(f"ALTER TABLE {table} ADD COLUMN {column}")
    raw.execute(
        "CREATE TABLE batches (id INTEGER PRIMARY KEY, product_id INTEGER, number TEXT, "
        "expiry TEXT, at TEXT, actor TEXT) STRICT"
    )
    raw.execute(
        "CREATE TABLE batch_levels (batch_id INTEGER PRIMARY KEY, product_id INTEGER, "
        "quantity INTEGER) STRICT"
    )
    raw.execute(
        "CREATE TABLE price_lists (id INTEGER PRIMARY KEY, name TEXT, active INTEGER) STRICT"
    )
    raw.execute(
        "CREATE TABLE price_list_prices (id INTEGER PRIMARY KEY, list_id INTEGER, "
        "product_id INTEGER, from_quantity INTEGER, price INTEGER) STRICT"
    )
    raw.close()
    with monkeypatch.context() as patch:
        # The old version put a sale in a session only when one was open.
        patch.setattr(CashService, "session_for", lambda self, db, opening_float=None: None)
        context = Context(connect(path), path, Actor.command_line("old"))
        with Shop(context, path.parent / "old-backups") as old:
            old.settings.first_run(
                "Duka la Zamani", "KE", language="en", owner_name="Zawadi", owner_pin="4321"
            )
            tea = old.products.add(
                ProductDraft("Chai", kes("100"), kes("60"), sku="CHAI"),
                opening_stock=Quantity.of(20),
            )
            first = sell(old, tea, cash("100"))
            sell(old, tea, Tender(PaymentMethod.CARD, kes("100")))
            line = old.returns.find(first).lines[0]
            old.returns.refund(first, {line.line_id: (Quantity.of(1), True)}, PaymentMethod.CASH)
            njeri = old.customers.add(NewCustomer(name="Njeri", credit_limit=kes("1000")))
            old.accounts.set_opening(njeri, kes("300"))
            old.accounts.receive_payment(njeri, kes("50"), Paid.CASH)
    raw = sqlite3.connect(path, isolation_level=None)
    raw.execute("ALTER TABLE products DROP COLUMN price_asked")
    raw.execute("DROP TABLE product_grams")
    raw.execute("DROP TABLE change_versions")
    raw.execute("DROP TABLE this_till")
    raw.execute("DROP TABLE tills")
    raw.execute("ALTER TABLE stock_movements DROP COLUMN branch")
    raw.execute("DROP TABLE promotions")
    raw.execute("ALTER TABLE sale_lines DROP COLUMN promotion_id")
    raw.execute("ALTER TABLE sale_lines DROP COLUMN promotion_saving")
    for table, column in _LENT_COLUMNS:
        raw.execute(f"ALTER TABLE {table} DROP COLUMN {column.split()[0]}")
    for table in ("batches", "batch_levels", "price_lists", "price_list_prices"):
        raw.execute(f"DROP TABLE {table}")
    raw.close()


@pytest.fixture
def old_shop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "old.sqlite3"
    make_old_shop(path, monkeypatch)
    return path


def open_on(path: Path, computer: str) -> Shop:
    return Shop.open(
        path,
        backup_dir=path.parent / "backups",
        actor=Actor.command_line("tester"),
        computer=computer,
    )


def test_a_sale_with_no_drawer_open_opens_it_with_the_last_count(kenya_shop: Shop) -> None:
    shop = kenya_shop
    shop.context.computer = "till-1"
    tea = shop.products.add(
        ProductDraft("Chai", kes("100"), kes("60"), sku="CHAI"), opening_stock=Quantity.of(20)
    )
    assert shop.cash.current() is None and shop.cash.usual_float() == kes("0")
    assert shop.cash.needs_opening()
    sell(shop, tea, Tender(PaymentMethod.CARD, kes("100")))  # any payment opens it
    first = shop.cash.current()
    assert first is not None and first.computer == "till-1"
    assert shop.cash.report().float == kes("0")
    shop.cash.close(kes("400"))

    sell(shop, tea, cash("100"))  # no float given: what the last close counted
    second = shop.cash.report()
    assert second.session.id != first.id and second.float == kes("400")
    assert second.expected == kes("500")
    shop.cash.close(kes("500"))
    shop.cash.move(kes("20"), "change", paid_in=True, opening_float=kes("250"))
    assert shop.cash.report().float == kes("250")
    assert cash_ups(shop) == ((), ())


def test_each_computer_has_its_own_drawer(tmp_path: Path, private_home: Path) -> None:
    path = tmp_path / "shop.sqlite3"
    with open_on(path, "counter") as counter, open_on(path, "back-office") as office:
        counter.settings.first_run(
            "Duka", "KE", language="en", owner_name="Zawadi", owner_pin="4321"
        )
        tea = counter.products.add(
            ProductDraft("Chai", kes("100"), kes("60"), sku="CHAI"), opening_stock=Quantity.of(20)
        )
        counter.cash.open(kes("1000"))
        assert office.cash.current() is None
        sell(office, tea, cash("100"), opening_float=kes("200"))
        sell(counter, tea, cash("100"))
        assert counter.cash.report().expected == kes("1100")
        assert office.cash.report().expected == kes("300")
        assert office.cash.current().computer == "back-office"  # type: ignore[union-attr]
        with pytest.raises(Conflict):
            counter.cash.open(kes("1"))


def test_the_owner_may_ask_for_the_drawer_to_be_opened_first(kenya_shop: Shop) -> None:
    shop = kenya_shop
    shop.settings.save({spec.DRAWER_OPENED_FIRST.key: True})
    tea = shop.products.add(
        ProductDraft("Chai", kes("100"), kes("60"), sku="CHAI"), opening_stock=Quantity.of(20)
    )
    assert not shop.cash.needs_opening() and shop.cash.drawer_first()
    with pytest.raises(Conflict, match="F3"):
        sell(shop, tea, cash("100"))
    with pytest.raises(Conflict, match="F3"):
        shop.cash.move(kes("20"), "change", paid_in=True)
    db = shop.context.db
    assert db.execute("SELECT count(*) FROM sales").fetchone() == (0,)
    assert db.execute("SELECT count(*) FROM cash_sessions").fetchone() == (0,)
    shop.cash.open(kes("100"))
    sell(shop, tea, cash("100"))
    assert shop.cash.report().sums.sales == 1


def test_the_schema_refuses_a_sale_without_a_session(kenya_shop: Shop) -> None:
    db = kenya_shop.context.db
    with pytest.raises(sql.ConstraintError, match="no cash session"):
        db.execute(
            "INSERT INTO sales (number, at, actor, currency, mode, net, tax, gross) "
            "VALUES ('S-000009', 'now', 'x', 'KES', 'inclusive', 1, 0, 1)"
        )


def test_older_sales_outside_a_cash_up_are_listed_and_reported_once(
    old_shop: Path, private_home: Path
) -> None:
    with open_on(old_shop, "till-1") as shop:
        db = shop.context.db
        before = db.execute("SELECT * FROM sales ORDER BY id").fetchall()
        problems, notes = cash_ups(shop)
        assert problems == ()
        assert "4 sales, refunds or cash payments" in notes[0]
        assert "0 wait" not in notes[0]
        listed = "\n".join(notes[1:])
        for number in ("S-000001", "S-000002", "R-000001", "CP-000001"):
            assert f"{number} (" in listed and "not reported yet" in listed
        assert all(not r.problems for r in shop.maintenance.verify())

        tea = 1  # the old shop's only product
        sell(shop, tea, cash("100"), opening_float=kes("500"))
        preview = shop.cash.report()
        assert preview.earlier.sales == 2 and preview.earlier.sold == 20000
        assert preview.earlier.sold_cash == 10000 and preview.earlier.refunded_cash == 10000
        assert preview.earlier.payments == 1 and preview.earlier.paid == 5000
        assert preview.expected == kes("600")  # the older money is not in this drawer
        z = shop.cash.close(kes("600"))
        assert z.earlier == preview.earlier and z.difference == kes("0")
        text = "\n".join(
            p for pair in shop.cash.report_document(z.session.id).payments for p in pair
        )
        assert "Earlier, in no cash-up" in text and "Sales (2)" in text

        sell(shop, tea, cash("100"))
        assert shop.cash.report().earlier.empty  # reported once
        assert shop.cash.close(kes("700")).earlier.empty
        assert shop.cash.report(z.session.id).earlier.sales == 2  # the Z report keeps them
        after = db.execute("SELECT * FROM sales WHERE id <= 2 ORDER BY id").fetchall()
        assert after == before  # never rewritten
        _problems, notes = cash_ups(shop)
        assert "0 wait for the next Z report" in notes[0]
        assert f"reported by Z report {z.session.id}" in notes[1]


def test_verify_fails_on_a_sale_after_the_change_without_a_session(
    old_shop: Path, private_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with open_on(old_shop, "till-1") as shop:
        db = shop.context.db
        db.execute("DROP TRIGGER sales_need_cash_session")  # as a tool outside Duka could
        monkeypatch.setattr(CashService, "session_for", lambda self, db, opening_float=None: None)
        number = sell(shop, 1, cash("100"))
        problems, _notes = cash_ups(shop)
        assert any(number in p and "no cash session" in p for p in problems)
        assert any("sales_need_cash_session was removed" in p for p in problems)


def test_a_session_left_open_by_the_old_version_goes_to_the_first_computer(
    tmp_path: Path, private_home: Path
) -> None:
    path = tmp_path / "shop.sqlite3"
    with open_on(path, "counter") as shop:
        shop.settings.first_run("Duka", "KE", language="en", owner_name="Zawadi", owner_pin="4321")
        shop.cash.open(kes("300"))
        shop.context.db.execute("UPDATE cash_sessions SET computer = ''")  # as 0012 leaves it
    with open_on(path, "office") as office, open_on(path, "counter") as counter:
        tea = office.products.add(
            ProductDraft("Chai", kes("100"), kes("60")), opening_stock=Quantity.of(9)
        )
        assert office.cash.current() is not None and counter.cash.current() is not None
        sell(office, tea, cash("100"))
        assert office.cash.current().computer == "office"  # type: ignore[union-attr]
        assert office.cash.report().expected == kes("400")
        assert counter.cash.current() is None  # the counter opens its own
        sell(counter, tea, cash("100"), opening_float=kes("50"))
        assert counter.cash.report().expected == kes("150")
