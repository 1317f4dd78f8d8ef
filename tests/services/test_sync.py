"""Tills converging through a folder: each sells alone, the exchange brings every till's
documents to every other, with the caches rebuilt and the conflicts settled by rule."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from duka.core.access import Actor
from duka.core.customers import NewCustomer
from duka.core.errors import Conflict
from duka.core.money import Money
from duka.core.products import ProductDraft
from duka.core.quantity import Quantity
from duka.core.sale import PaymentMethod, Tender
from duka.services.shop import Shop
from duka.store import sync
from duka.store.backup import backup_database

kes = lambda amount: Money.of(amount, "KES")  # noqa: E731


def sell(shop: Shop, product: int, pieces: int = 1) -> str:
    checkout = shop.checkout
    cart, _ = checkout.new_cart().add(
        checkout.line_for(shop.products.get(product), Quantity.of(pieces))
    )
    tender = Tender(PaymentMethod.CASH, cart.to_pay())
    return checkout.complete(None, cart, [tender], opening_float=kes("0")).number


def shared_rows(shop: Shop) -> dict[str, list[tuple[object, ...]]]:
    conn = shop.context.db
    return {t: sorted(map(tuple, conn.execute(f"SELECT * FROM {t}")), key=repr)
            for t in sync.SHARED_TABLES}  # fmt: skip


def all_ok(shop: Shop) -> list[tuple[str, tuple[str, ...]]]:
    return [(r.name, r.problems) for r in shop.maintenance.verify() if not r.ok]


@pytest.fixture
def two_tills(tmp_path: Path) -> Iterator[tuple[Shop, Shop, Path, int]]:
    """A hub with a product in stock and a second till made from it, both open, a folder
    between them."""
    hub = Shop.open(tmp_path / "hub.sqlite3", backup_dir=tmp_path / "b1",
                    actor=Actor.command_line("owner"))  # fmt: skip
    hub.settings.first_run("Duka", "KE", language="en", owner_name="Zawadi", owner_pin="4321")
    tea = hub.products.add(ProductDraft("Chai", kes("100"), kes("60"), sku="CHAI"),
                           opening_stock=Quantity.of(50))  # fmt: skip
    made = hub.tills.make(tmp_path / "till2.sqlite3", "Counter 2")
    till = Shop.open(made.path, backup_dir=tmp_path / "b2", actor=Actor.command_line("owner"))
    folder = tmp_path / "share"
    folder.mkdir()
    try:
        yield hub, till, folder, tea
    finally:
        till.close()
        hub.close()


def exchange_all(folder: Path, *shops: Shop, rounds: int = 2) -> None:
    for _ in range(rounds):
        for shop in shops:
            shop.sync.exchange(folder)


def test_two_tills_selling_apart_converge(two_tills: tuple[Shop, Shop, Path, int]) -> None:
    hub, till, folder, tea = two_tills
    on_hub = [sell(hub, tea) for _ in range(3)]
    on_till = [sell(till, tea, 2) for _ in range(2)]
    assert on_hub == ["S-000001", "S-000002", "S-000003"]
    assert on_till == ["S2-000001", "S2-000002"]

    sent = till.sync.exchange(folder)
    assert sent.sent > 0 and sent.batches == 1
    got = hub.sync.exchange(folder)
    assert got.applied == {2: sent.sent}
    till.sync.exchange(folder)

    assert shared_rows(hub) == shared_rows(till)
    for shop in (hub, till):
        numbers = {r[0] for r in shop.context.db.execute("SELECT number FROM sales")}
        assert numbers == set(on_hub + on_till)
        # The stock and the day's report are the whole shop's, from the merged ledgers.
        assert shop.stock.level(tea) == Quantity.of(50 - 3 - 4)
        assert all_ok(shop) == []
    # Everything both have is forgotten by the sender once the other said it has it.
    exchange_all(folder, hub, till)
    assert sync.outbox_waiting(hub.context.db)[0] == 0
    assert sync.outbox_waiting(till.context.db)[0] == 0
    assert not list(folder.glob("till-*/*.batch"))


def test_an_exchange_repeated_or_cut_short_applies_nothing_twice(
    two_tills: tuple[Shop, Shop, Path, int],
) -> None:
    hub, till, folder, tea = two_tills
    sell(till, tea)
    till.sync.exchange(folder)
    hub.sync.exchange(folder)
    # The hub forgets it noted the batch (killed between applying and noting cannot happen:
    # they commit together; here the note is set back as if the batch were new again).
    assert sync.peers(hub.context.db)[2].applied == 1
    again = hub.sync.exchange(folder)
    assert again.applied == {}
    # The till loses its note of what it published (killed after writing the file): the
    # same changes are written again under the same name, and applied once.
    till.context.db.execute("UPDATE sync_peers SET published = 0 WHERE till = 2")
    sell(till, tea)
    till.sync.exchange(folder)
    hub.sync.exchange(folder)
    query = "SELECT count(*) FROM sales WHERE number LIKE 'S2-%'"
    assert hub.context.db.execute(query).fetchone()[0] == 2
    assert all_ok(hub) == []


def test_one_customer_edited_on_both_tills(two_tills: tuple[Shop, Shop, Path, int]) -> None:
    hub, till, folder, _tea = two_tills
    details = NewCustomer(name="Amina", phone="0711", credit_limit=kes("500"))
    amina = hub.customers.add(details)
    exchange_all(folder, hub, till)
    assert till.customers.get(amina).name == "Amina"
    # Different columns: both edits stay, as if one till had made them both.
    hub.customers.update(amina, replace(details, phone="0722"))
    till.customers.update(amina, replace(details, email="amina@example.com"))
    exchange_all(folder, hub, till)
    for shop in (hub, till):
        found = shop.customers.get(amina)
        assert (found.phone, found.email) == ("0722", "amina@example.com")
    # The same column, whichever edit came last: the lower till's value stands on both
    # (the hub's), and both note the conflict.
    both = replace(details, phone="0722", email="amina@example.com")
    hub.customers.update(amina, replace(both, phone="0733"))
    later = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=1)
    till.context.clock = lambda: later
    till.customers.update(amina, replace(both, phone="0744"))
    exchange_all(folder, hub, till)
    assert hub.customers.get(amina).phone == till.customers.get(amina).phone == "0733"
    assert shared_rows(hub) == shared_rows(till)
    noted = [n for n in sync.notices(hub.context.db) if n[2] == "edited on both"]
    assert noted and noted[0][3] == "customers"


def test_a_change_no_rule_may_settle_waits_and_is_told(
    two_tills: tuple[Shop, Shop, Path, int],
) -> None:
    """Two tills add a product with the same code: the hub cannot take the till's, so that
    batch waits (nothing of it applied, the reason noted), and so does what followed it,
    until the owner gives one of them another code."""
    hub, till, folder, tea = two_tills
    mine = hub.products.add(ProductDraft("Maziwa", kes("60"), kes("45"), sku="MILK"))
    theirs = till.products.add(ProductDraft("Milk 500ml", kes("65"), kes("50"), sku="MILK"))
    number = sell(till, tea)
    till.sync.exchange(folder)
    report = hub.sync.exchange(folder)
    assert 2 in report.refused and "products" in report.refused[2]
    assert (
        hub.context.db.execute("SELECT count(*) FROM sales WHERE number = ?", (number,)).fetchone()[
            0
        ]
        == 0
    )
    assert [n for n in sync.notices(hub.context.db) if n[2] == "refused"]
    # The owner renames the hub's code; the till's batch then applies whole.
    hub.products.update(mine, ProductDraft("Maziwa", kes("60"), kes("45"), sku="MILK-1L"))
    exchange_all(folder, hub, till)
    assert hub.products.get(theirs).draft.sku == "MILK"
    assert shared_rows(hub) == shared_rows(till)
    assert all_ok(hub) == [] and all_ok(till) == []


def test_a_single_till_shop_keeps_no_outbox(tmp_path: Path) -> None:
    with Shop.open(tmp_path / "one.sqlite3", backup_dir=tmp_path / "b",
                   actor=Actor.command_line("owner")) as shop:  # fmt: skip
        shop.settings.first_run("Duka", "KE", language="en", owner_name="Z", owner_pin="4321")
        tea = shop.products.add(ProductDraft("Chai", kes("100"), kes("60")),
                                opening_stock=Quantity.of(5))  # fmt: skip
        sell(shop, tea)
        assert sync.outbox_waiting(shop.context.db) == (0, 0)


def test_refused_conflict_leaves_the_file_as_it_was(
    two_tills: tuple[Shop, Shop, Path, int],
) -> None:
    hub, till, folder, _tea = two_tills
    hub.products.add(ProductDraft("Sukari", kes("150"), kes("120"), sku="SUGAR"))
    till.products.add(ProductDraft("Sugar 1kg", kes("155"), kes("120"), sku="SUGAR"))
    till.sync.exchange(folder)
    before = shared_rows(hub)
    assert hub.sync.exchange(folder).refused
    assert shared_rows(hub) == before


def test_till_numbers_taken_are_refused(two_tills: tuple[Shop, Shop, Path, int]) -> None:
    hub, _till, _folder, _tea = two_tills
    with pytest.raises(Conflict):
        hub.tills.make(_folder / "x.sqlite3", "X", number=2)


def test_invoices_and_credit_notes_made_on_a_till_reach_the_hub(
    two_tills: tuple[Shop, Shop, Path, int],
) -> None:
    """An invoice issued at one till (its number in that till's series) and credited at
    another: each document arrives whole, lines and all, and both files verify."""
    from dataclasses import replace as changed

    from duka.core.invoices import DocKind

    hub, till, folder, tea = two_tills
    amina = hub.customers.add(NewCustomer(name="Amina", credit_limit=kes("5000")))
    exchange_all(folder, hub, till)
    invoices = till.invoices
    draft = invoices.new_draft(DocKind.INVOICE, amina)
    line = invoices.product_line(till.products.get(tea), Quantity.of(2))
    invoice_id = invoices.save_draft(changed(draft, lines=(line,)))
    issued = invoices.issue(invoice_id)
    assert "-2-" in issued.number
    exchange_all(folder, till, hub)
    assert hub.invoices.find(issued.number).gross == till.invoices.get(invoice_id).gross
    note = hub.invoices.credit_draft(invoice_id)
    credited = hub.invoices.issue(note)
    exchange_all(folder, hub, till)
    assert till.invoices.find(credited.number).number == credited.number
    assert shared_rows(hub) == shared_rows(till)
    assert all_ok(hub) == [] and all_ok(till) == []


def test_a_user_signing_in_on_two_tills_is_no_conflict(
    two_tills: tuple[Shop, Shop, Path, int],
) -> None:
    hub, till, folder, _tea = two_tills
    hub.access.sign_in("4321", "Zawadi")
    exchange_all(folder, hub, till)
    hub.context.clock = lambda: dt.datetime(2030, 1, 1, 9, tzinfo=dt.UTC)
    till.context.clock = lambda: dt.datetime(2030, 1, 1, 10, tzinfo=dt.UTC)
    hub.access.sign_in("4321", "Zawadi")
    till.access.sign_in("4321", "Zawadi")
    exchange_all(folder, hub, till)
    assert shared_rows(hub)["users"] == shared_rows(till)["users"]
    seen = {u.last_sign_in for u in hub.access.users() if u.name == "Zawadi"}
    assert seen == {"2030-01-01T10:00:00+00:00"}
    assert not [n for n in sync.notices(hub.context.db) if n[3] == "users"]


def test_what_only_the_merge_shows_is_told(two_tills: tuple[Shop, Shop, Path, int]) -> None:
    """The hub's sale refunded at both tills before either knew of the other's refund, and
    the last pieces of a product sold at both: every refund and sale stands, verify passes
    with a note, and both are told."""
    hub, till, folder, tea = two_tills
    number = sell(hub, tea)
    exchange_all(folder, hub, till)
    for shop in (hub, till):
        line = shop.returns.find(number).lines[0]
        shop.returns.refund(number, {line.line_id: (Quantity.of(1), True)}, PaymentMethod.CASH)
    last = hub.products.add(ProductDraft("Unga", kes("200"), kes("150"), sku="UNGA"),
                            opening_stock=Quantity.of(1))  # fmt: skip
    exchange_all(folder, hub, till)
    sell(hub, last)
    sell(till, last)
    exchange_all(folder, hub, till)
    assert shared_rows(hub) == shared_rows(till)
    for shop in (hub, till):
        assert shop.stock.level(last) == Quantity.of(-1)
        results = {r.name: r for r in shop.maintenance.verify()}
        assert all(r.ok for r in results.values())
        assert any(number in note for note in results["Sales"].notes)
        kinds = {(n[2], n[4].split(" ")[0]) for n in sync.notices(shop.context.db)}
        assert ("refunded at two tills", number) in kinds
        assert ("stock below zero", str(last)) in kinds
    # Told once, when it went below: a further sale of what is already short is not news.
    sell(till, last)
    exchange_all(folder, hub, till)
    assert hub.stock.level(last) == Quantity.of(-2)
    below = [n for n in sync.notices(hub.context.db) if n[2] == "stock below zero"]
    assert [n[4].split(" ")[0] for n in below] == [str(last)]


def test_one_debt_paid_at_two_tills(two_tills: tuple[Shop, Shop, Path, int]) -> None:
    """Both payments stand (the money was taken); what is paid beyond the debt is the
    customer's credit on both tills, verify passes, and both are told."""
    from duka.core.ledger import PaymentMethod as Paid

    hub, till, folder, tea = two_tills
    amina = hub.customers.add(NewCustomer(name="Amina", credit_limit=kes("5000")))
    checkout = hub.checkout
    cart, _ = checkout.new_cart().add(checkout.line_for(hub.products.get(tea), Quantity.of(1)))
    cart = cart.with_customer(amina)
    checkout.complete(None, cart, [Tender(PaymentMethod.ACCOUNT, cart.to_pay())])
    exchange_all(folder, hub, till)
    hub.accounts.receive_payment(amina, kes("100"), Paid.CASH)
    till.accounts.receive_payment(amina, kes("100"), Paid.CASH)
    exchange_all(folder, hub, till)
    assert shared_rows(hub) == shared_rows(till)
    for shop in (hub, till):
        assert shop.accounts.balance(amina) == kes("-100")
        assert shop.accounts.open_debts(amina) == []
        assert all_ok(shop) == []
        told = [n for n in sync.notices(shop.context.db) if n[2] == "paid at two tills"]
        assert told and told[0][4] == f"{amina} Amina"


def test_a_till_made_after_others_sold_starts_clean(
    two_tills: tuple[Shop, Shop, Path, int], tmp_path: Path
) -> None:
    """Till 3 made from the hub once the hub has sent changes of its own: the copy holds
    them, so it neither sends them again as its own nor takes them twice, and numbers its
    own changes from 1: every till converges and verifies, summaries counted once."""
    hub, till, folder, tea = two_tills
    sell(hub, tea)
    sell(till, tea)
    exchange_all(folder, hub, till)
    sell(hub, tea)  # in the hub's outbox when till 3 is made
    made = hub.tills.make(tmp_path / "till3.sqlite3", "Three")
    with Shop.open(made.path, backup_dir=tmp_path / "b3",
                   actor=Actor.command_line("owner")) as third:  # fmt: skip
        assert sync.outbox_waiting(third.context.db) == (0, 0)
        assert sell(third, tea) == "S3-000001"
        assert sync.outbox_after(third.context.db, 0, 10)[0].seq == 1
        sell(hub, tea)
        exchange_all(folder, hub, till, third, rounds=3)
        rows = shared_rows(hub)
        assert rows == shared_rows(till) == shared_rows(third)
        for shop in (hub, till, third):
            assert all_ok(shop) == []
            count = shop.context.db.execute("SELECT count(*) FROM sales").fetchone()[0]
            assert count == 5


def test_a_new_folder_gets_what_the_others_still_need(
    two_tills: tuple[Shop, Shop, Path, int], tmp_path: Path
) -> None:
    """The sync folder changed (a USB stick swapped) after the till wrote its batches but
    before the hub read them: the till writes them again into the new one."""
    hub, till, folder, tea = two_tills
    exchange_all(folder, hub, till)
    number = sell(till, tea)
    till.sync.exchange(folder)
    other = tmp_path / "stick"
    other.mkdir()
    for shop in (till, hub, till):
        shop.sync.exchange(other)
    query = "SELECT count(*) FROM sales WHERE number = ?"
    assert hub.context.db.execute(query, (number,)).fetchone()[0] == 1
    assert shared_rows(hub) == shared_rows(till)


def test_a_till_restored_from_an_older_backup_does_not_sync(
    two_tills: tuple[Shop, Shop, Path, int], tmp_path: Path
) -> None:
    """Its next changes would reuse numbers and sequences the hub already holds from the
    changes it made after that backup: refused, with what to do, and nothing written."""
    hub, till, folder, tea = two_tills
    sell(till, tea)
    till.sync.exchange(folder)
    older = tmp_path / "older.sqlite3"
    backup_database(till.context.db, older)
    sell(till, tea)
    till.sync.exchange(folder)
    hub.sync.exchange(folder)  # the hub now has both
    till.sync.exchange(folder)  # and the till knows it
    path = till.path
    till.close()
    path.write_bytes(older.read_bytes())
    for extra in (path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        extra.unlink(missing_ok=True)
    with Shop.open(path, backup_dir=tmp_path / "b2again",
                   actor=Actor.command_line("owner")) as restored:  # fmt: skip
        before = sorted(p.name for p in folder.glob("till-2/*"))
        with pytest.raises(Conflict, match="older than what the other tills already have"):
            restored.sync.exchange(folder)
        assert sorted(p.name for p in folder.glob("till-2/*")) == before
