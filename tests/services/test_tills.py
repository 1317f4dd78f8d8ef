"""Several tills of one shop: a new till made from a copy of the hub's file gives ids, numbers
and journal sequences of its own, so that what the tills write never collides."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import apsw
import pytest

from duka.core.access import Actor
from duka.core.errors import Conflict, InvalidInput
from duka.core.money import Money
from duka.core.numbering import NumberFormat, fixed_number, till_prefix
from duka.core.products import ProductDraft
from duka.core.quantity import Quantity
from duka.core.sale import PaymentMethod, Tender
from duka.demo.shop import create_demo
from duka.services.shop import Shop
from duka.store import tills
from duka.store.changes_repo import TABLE_AREAS
from tests.conftest import OWNER_PIN

# The tables every till writes rows of (by their integer key), and so must give ids of its
# own in: every table but the file's own bookkeeping and the caches.
LOCAL = {"this_till", "tills", "carts", "sign_in_guard", "quick_keys", "cash_rule"}


def integer_keyed_tables(conn: apsw.Connection) -> list[tuple[str, str]]:
    found = []
    for (table,) in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' "
        "AND name NOT LIKE '\\_%' ESCAPE '\\' AND sql NOT LIKE '%VIRTUAL%'"
    ):
        for _cid, column, kind, _nn, _default, pk in conn.execute(f"PRAGMA table_info({table})"):
            if pk == 1 and kind.upper() == "INTEGER":
                found.append((table, column))
    return found


def shared(conn: apsw.Connection) -> list[tuple[str, str]]:
    # Branches are keyed by their number (their hub till's, given by the shop's first till
    # alone: duka.core.branches), not by ids of the till that writes them.
    return [
        (table, key)
        for table, key in integer_keyed_tables(conn)
        if table in TABLE_AREAS
        and TABLE_AREAS[table] is not None
        and table not in LOCAL
        and table != "branches"
    ] + [("journal", "seq")]


def kes(amount: str) -> Money:
    return Money.of(amount, "KES")


def sell(shop: Shop, product: int, amount: str = "100") -> str:
    checkout = shop.checkout
    cart, _ = checkout.new_cart().add(checkout.line_for(shop.products.get(product), Quantity.of(1)))
    tender = Tender(PaymentMethod.CASH, kes(amount))
    return checkout.complete(None, cart, [tender], opening_float=kes("0")).number


@pytest.fixture
def hub(kenya_shop: Shop) -> Shop:
    kenya_shop.context.actor = kenya_shop.access.sign_in(OWNER_PIN, "Zawadi")
    return kenya_shop


def open_till(path: Path, home: Path) -> Shop:
    return Shop.open(path, backup_dir=home / f"backups-{path.stem}")


def test_a_shop_made_before_tills_is_till_1_and_numbers_as_it_always_did(hub: Shop) -> None:
    assert hub.tills.this_till() == 1
    assert [t.number for t in hub.tills.known()] == [1]
    tea = hub.products.add(ProductDraft("Chai", kes("100"), kes("60"), sku="CHAI"),
                           opening_stock=Quantity.of(5))  # fmt: skip
    assert sell(hub, tea) == "S-000001"


def test_a_new_till_gives_its_own_ids_numbers_and_journal_chain(
    hub: Shop, tmp_path: Path, private_home: Path
) -> None:
    tea = hub.products.add(ProductDraft("Chai", kes("100"), kes("60"), sku="CHAI"),
                           opening_stock=Quantity.of(10))  # fmt: skip
    first = sell(hub, tea)
    made = hub.tills.make(tmp_path / "till2.sqlite3", "Counter 2")
    assert (made.number, made.name) == (2, "Counter 2")
    # The hub notes the till it made, so the next one made from it is till 3.
    assert [t.number for t in hub.tills.known()] == [1, 2]
    with open_till(made.path, private_home) as till:
        till.context.actor = till.access.sign_in(OWNER_PIN, "Zawadi")
        assert till.tills.this_till() == 2
        assert sell(till, tea) == "S2-000001"
        assert sell(till, tea) == "S2-000002"
        conn = till.context.db
        span = tills.TillRange(2)
        new_ids = [
            int(r[0])
            for r in conn.execute("SELECT id FROM sales WHERE number LIKE 'S2-%' ORDER BY id")
        ]
        assert new_ids == [span.low + 1, span.low + 2]
        # Its journal is a chain of its own, starting at its range; the hub's copied entries
        # stay as they were, and verify checks both chains.
        assert tills.till_of(conn.execute("SELECT max(seq) FROM journal").fetchone()[0]) == 2
        report = {r.name: r for r in till.maintenance.verify()}
        assert all(r.ok for r in report.values()), [r.problems for r in report.values()]
    # The hub goes on with its own series, unaware of the till's sales.
    assert first == "S-000001"
    assert sell(hub, tea) == "S-000002"


def test_everything_a_till_writes_is_in_its_own_range(
    shop: Shop, tmp_path: Path, private_home: Path
) -> None:
    """The demo's months of selling, written on till 3 through the services a user drives:
    every row of every table the tills share has an id of till 3's."""
    shop.tills.make(tmp_path / "till2.sqlite3", "Two")
    made = shop.tills.make(tmp_path / "till3.sqlite3", "Three")
    assert made.number == 3
    with open_till(made.path, private_home) as till:
        create_demo(till)
        conn = till.context.db
        span = tills.TillRange(3)
        checked = 0
        for table, key in shared(conn):
            # The starting list of expense categories is the migration's, alike in every
            # file (the same rows meet as one), not written by a till.
            given = " AND key IS NULL" if table == "expense_categories" else ""
            if table == "price_lists":  # retail, row 0: the migration's, as above
                given = " AND id <> 0"
            outside = conn.execute(
                f"SELECT count(*) FROM {table} WHERE ({key} <= ? OR {key} > ?){given}",
                (span.low, span.high),
            ).fetchone()[0]
            assert outside == 0, f"{table}: {outside} rows outside till 3's ids"
            checked += conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        assert checked > 3000
        numbers = [r[0] for r in conn.execute("SELECT number FROM sales")]
        assert numbers and all(n.startswith("S3-") for n in numbers)
        issued = [r[0] for r in conn.execute("SELECT number FROM invoices WHERE number != ''")]
        assert issued and all("-3-" in n for n in issued), issued
        till.context.actor = Actor.command_line("test")
        report = {r.name: r for r in till.maintenance.verify()}
        assert all(r.ok for r in report.values()), [r.problems for r in report.values()]


def test_numbers_taken_names_and_places_are_refused(hub: Shop, tmp_path: Path) -> None:
    hub.tills.make(tmp_path / "a.sqlite3", "A", number=4)
    with pytest.raises(Conflict):
        hub.tills.make(tmp_path / "b.sqlite3", "B", number=4)
    assert not (tmp_path / "b.sqlite3").exists()
    with pytest.raises(Conflict):
        hub.tills.make(tmp_path / "a.sqlite3", "A again")
    with pytest.raises(InvalidInput):
        hub.tills.make(tmp_path / "c.sqlite3", "   ")
    with pytest.raises(InvalidInput):
        hub.tills.make(tmp_path / "c.sqlite3", "One", number=1)
    assert hub.tills.make(tmp_path / "c.sqlite3", "C").number == 5


def test_a_till_does_not_sell_into_the_drawer_the_hub_left_open(
    hub: Shop, tmp_path: Path, private_home: Path
) -> None:
    """Both files on one computer (a till made at the hub's desk): the copy's open drawer
    is the hub's, so the till opens its own."""
    tea = hub.products.add(ProductDraft("Chai", kes("100"), kes("60"), sku="CHAI"),
                           opening_stock=Quantity.of(10))  # fmt: skip
    sell(hub, tea)
    hub_session = hub.cash.current()
    assert hub_session is not None
    made = hub.tills.make(tmp_path / "till2.sqlite3", "Two")
    with open_till(made.path, private_home) as till:
        till.context.actor = till.access.sign_in(OWNER_PIN, "Zawadi")
        sell(till, tea)
        session = till.cash.current()
        assert session is not None and session.id != hub_session.id
        assert tills.till_of(session.id) == 2


def test_number_formats_carry_the_till() -> None:
    day = dt.date(2026, 3, 4)
    invoice = NumberFormat("INV-{year}-{seq:05}")
    assert invoice.render(12, day) == "INV-2026-00012"
    assert invoice.render(12, day, till=2) == "INV-2026-2-00012"
    assert NumberFormat("Q{till}/{seq}").render(7, day, till=1) == "Q1/7"
    assert NumberFormat("{{seq}} {seq}").render(7, day, till=3) == "{seq} 3-7"
    assert fixed_number("S-", 123, 6) == "S-000123"
    assert fixed_number("S-", 123, 6, till=2) == "S2-000123"
    assert till_prefix("GRN-", 12) == "GRN12-"


def test_ids_show_their_till() -> None:
    assert tills.shown(17) == "17"
    assert tills.shown(2 * tills.SPAN + 17) == "3-17"
    assert tills.till_of(tills.SPAN) == 1
    assert tills.till_of(tills.SPAN + 1) == 2


def journal_problems(shop: Shop) -> list[str]:
    return list({r.name: r for r in shop.maintenance.verify()}["Journal and audit trail"].problems)


@pytest.mark.parametrize("parallel", [False, True])
def test_each_tills_chain_is_verified_on_its_own(
    hub: Shop,
    tmp_path: Path,
    private_home: Path,
    monkeypatch: pytest.MonkeyPatch,
    parallel: bool,
) -> None:
    from duka.services import maintenance
    from duka.store import journal

    if parallel:  # the ranges the workers check never run from one till's chain into another
        monkeypatch.setattr(maintenance, "PARALLEL_FROM", 1)
    tea = hub.products.add(ProductDraft("Chai", kes("100"), kes("60"), sku="CHAI"),
                           opening_stock=Quantity.of(10))  # fmt: skip
    sell(hub, tea)
    made = hub.tills.make(tmp_path / "till2.sqlite3", "Two")
    low = tills.TillRange(2).low
    with open_till(made.path, private_home) as till:
        till.context.actor = till.access.sign_in(OWNER_PIN, "Zawadi")
        for _ in range(3):
            sell(till, tea)
        assert journal_problems(till) == []
        chains = journal.chains(till.context.db)
        assert len(chains) == 2 and chains[1][0] == low + 1
        other = apsw.Connection(str(made.path))  # another program: no Duka, no rules
        for name in journal.TRIGGERS:
            other.execute(f"DROP TRIGGER {name}")
        other.execute("UPDATE journal SET hash = zeroblob(32) WHERE seq = ?", (low + 2,))
        other.execute("DELETE FROM journal WHERE seq = ?", (low + 1,))
        other.close()
        found = journal_problems(till)
        assert f"journal: the sequence starts at {low + 2}, not {low + 1}" in found
        assert f"journal: sequence {low + 2} was changed after it was written" in found
        assert f"journal: sequence {low + 3} does not follow on from sequence {low + 2}" in found
        # Till 1's chain, copied from the hub, is untouched and raises nothing.
        assert not [p for p in found if f"sequence {chains[0][1]}" in p]


def test_ids_are_read_back_as_shown() -> None:
    from duka.core.tills import read_shown

    for row_id in (1, 17, tills.SPAN, tills.SPAN + 1, 2 * tills.SPAN + 17):
        assert read_shown(tills.shown(row_id)) == row_id
    assert read_shown("3-17") == 2 * tills.SPAN + 17
    for bad in ("", "0", "2-", "-1", "x-1", "2-0", "1-1000000001"):
        assert read_shown(bad) is None, bad


def test_a_tills_z_report_is_numbered_in_its_own_series(
    hub: Shop, tmp_path: Path, private_home: Path
) -> None:
    tea = hub.products.add(ProductDraft("Chai", kes("100"), kes("60"), sku="CHAI"),
                           opening_stock=Quantity.of(10))  # fmt: skip
    made = hub.tills.make(tmp_path / "till2.sqlite3", "Two")
    with open_till(made.path, private_home) as till:
        till.context.actor = till.access.sign_in(OWNER_PIN, "Zawadi")
        sell(till, tea)
        session = till.cash.current()
        assert session is not None and tills.shown(session.id) == "2-1"
