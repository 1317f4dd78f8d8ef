"""Branches: another shop of the same owner, with its own tills and its own stock, exchanging
the same batches; stock moves between branches by transfers, a document at each end."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from duka.core.errors import Conflict, InvalidInput, NotFound
from duka.core.products import ProductDraft
from duka.core.quantity import Quantity
from duka.services.shop import Shop
from duka.services.transfers import BeyondStock
from duka.store import sync
from tests.conftest import OWNER_PIN
from tests.services.test_sync_tills import kes, sell, verified


@contextmanager
def opened(path: Path, backups: Path) -> Iterator[Shop]:
    """A branch's file, its owner signed in."""
    with Shop.open(path, backup_dir=backups) as shop:
        shop.context.actor = shop.access.sign_in(OWNER_PIN, "Zawadi")
        yield shop


def shared_rows(shop: Shop) -> dict[str, list[tuple[object, ...]]]:
    db = shop.context.db
    return {
        table: [tuple(r) for r in db.execute(f"SELECT * FROM {table} ORDER BY 1")]
        for table in sync.SHARED_TABLES
    }


def on_hand(shop: Shop, product: int) -> Quantity:
    return shop.stock.level(product)


def written(shop: Shop) -> tuple[int, ...]:
    """How many rows the ledgers a refused send or receive might touch hold."""
    db = shop.context.db
    return tuple(
        int(db.execute(f"SELECT count(*) FROM {t}").fetchone()[0])
        for t in ("transfers", "transfer_receipts", "stock_movements", "journal", "outbox")
    )


@pytest.fixture
def two_branches(
    kenya_shop: Shop, tmp_path: Path, private_home: Path
) -> tuple[Shop, Path, Path, int]:
    """The shop (branch 1) with 10 of a product, branch 1001 made from it, their folder."""
    hub = kenya_shop
    hub.context.actor = hub.access.sign_in(OWNER_PIN, "Zawadi")
    folder = tmp_path / "folder"
    folder.mkdir()
    tea = hub.products.add(ProductDraft("Chai", kes("100"), kes("60"), sku="CHAI"),
                           opening_stock=Quantity.of(10))  # fmt: skip
    made = hub.tills.make_branch(tmp_path / "town.sqlite3", "Town")
    return hub, made.path, folder, tea


def test_a_branch_starts_with_its_own_stock_and_the_shops_catalogue(
    two_branches: tuple[Shop, Path, Path, int], private_home: Path, tmp_path: Path
) -> None:
    hub, town_path, folder, tea = two_branches
    with opened(town_path, private_home / "b-town") as town:
        assert town.tills.this_till() == 1001 and town.tills.this_branch() == 1001
        assert town.products.get(tea).name == "Chai"
        assert on_hand(town, tea) == Quantity(0)
        assert [(b.number, b.name, b.hub_till) for b in town.tills.branches()] == [
            (1, "", 1),
            (1001, "Town", 1001),
        ]
        # A till made from the branch's hub is a till of the branch, numbered in its block.
        second = town.tills.make(tmp_path / "town2.sqlite3", "Town 2")
        assert second.number == 1002
        with pytest.raises(InvalidInput):
            town.tills.make(tmp_path / "town3.sqlite3", "Town 3", number=5)
        sell(town, tea)  # sold below zero at the branch: the shop's stock does not move
        assert on_hand(town, tea) == Quantity.of(-1)
        town.sync.exchange(folder)
        assert verified(town) == {}
    with Shop.open(second.path, backup_dir=private_home / "b-town2") as town2:
        assert town2.tills.this_branch() == 1001
        assert on_hand(town2, tea) == Quantity(0)  # the hub's copy, before the sale
    hub.sync.exchange(folder)
    assert on_hand(hub, tea) == Quantity.of(10)
    assert {t.number: t.branch for t in hub.tills.known()} == {1: 1, 1001: 1001, 1002: 1001}
    assert verified(hub) == {}
    # Branches are numbered at the shop's first till only.
    with opened(town_path, private_home / "b-town") as town, pytest.raises(Conflict):
        town.tills.make_branch(tmp_path / "other.sqlite3", "Other")


def test_a_transfer_moves_stock_from_one_branch_to_the_other(
    two_branches: tuple[Shop, Path, Path, int], private_home: Path
) -> None:
    hub, town_path, folder, tea = two_branches
    assert hub.transfers.many_branches()
    number = hub.transfers.send(1001, {tea: Quantity.of(4)}, "for the weekend")
    assert number == "TR-000001"
    assert on_hand(hub, tea) == Quantity.of(6)
    assert [t.number for t in hub.transfers.in_transit()] == [number]
    assert hub.transfers.incoming() == []
    hub.sync.exchange(folder)
    with opened(town_path, private_home / "b-town") as town:
        town.sync.exchange(folder)
        assert on_hand(town, tea) == Quantity(0)  # in transit: not here yet
        assert [t.number for t in town.transfers.incoming()] == [number]
        # Three of the four arrived.
        received = town.transfers.receive(number, {tea: Quantity.of(3)}, "one broke")
        assert received.received and on_hand(town, tea) == Quantity.of(3)
        assert town.transfers.incoming() == []
        with pytest.raises(Conflict, match="received already"):
            town.transfers.receive(number)
        back = town.transfers.send(1, {tea: Quantity.of(1)})
        assert back == "TR1001-000001"
        town.sync.exchange(folder)
        assert verified(town) == {}
    hub.sync.exchange(folder)
    assert on_hand(hub, tea) == Quantity.of(6)  # branch 1001's receipt moved its stock only
    assert [t.number for t in hub.transfers.incoming()] == [back]
    hub.transfers.receive(back)
    assert on_hand(hub, tea) == Quantity.of(7)
    hub.sync.exchange(folder)
    assert verified(hub) == {}
    with opened(town_path, private_home / "b-town") as town:
        town.sync.exchange(folder)
        assert on_hand(town, tea) == Quantity.of(2)
        assert verified(town) == {}
        hub.sync.exchange(folder)  # the branch's sign-in, audited, is the last change
        assert shared_rows(town) == shared_rows(hub)


def test_refused_transfers_change_nothing(
    two_branches: tuple[Shop, Path, Path, int], private_home: Path
) -> None:
    hub, town_path, folder, tea = two_branches
    before = written(hub)
    with pytest.raises(InvalidInput):
        hub.transfers.send(1, {tea: Quantity.of(1)})  # to itself
    with pytest.raises(NotFound):
        hub.transfers.send(2001, {tea: Quantity.of(1)})  # no such branch
    with pytest.raises(InvalidInput):
        hub.transfers.send(1001, {tea: Quantity.of(0)})
    with pytest.raises(InvalidInput):
        hub.transfers.send(1001, {})
    with pytest.raises(BeyondStock) as beyond:
        hub.transfers.send(1001, {tea: Quantity.of(11)})
    assert beyond.value.shortages[0].on_hand == Quantity.of(10)
    assert written(hub) == before
    # Said yes: sent, and the shop's stock goes below zero.
    number = hub.transfers.send(1001, {tea: Quantity.of(11)}, beyond_stock=True)
    assert on_hand(hub, tea) == Quantity.of(-1)
    with pytest.raises(InvalidInput, match="not this one"):
        hub.transfers.receive(number)  # sent from here, for branch 1001
    hub.sync.exchange(folder)
    with opened(town_path, private_home / "b-town") as town:
        town.sync.exchange(folder)
        before = written(town)
        with pytest.raises(InvalidInput):
            town.transfers.receive(number, {tea: Quantity.of(-1)})
        with pytest.raises(NotFound):
            town.transfers.receive("TR-999999")
        assert written(town) == before


def test_two_tills_of_a_branch_receiving_one_transfer_apart_count_it_once(
    two_branches: tuple[Shop, Path, Path, int], private_home: Path, tmp_path: Path
) -> None:
    hub, town_path, folder, tea = two_branches
    number = hub.transfers.send(1001, {tea: Quantity.of(5)})
    hub.sync.exchange(folder)
    with opened(town_path, private_home / "b-town") as town:
        town.sync.exchange(folder)
        second_path = town.tills.make(tmp_path / "town2.sqlite3", "Town 2").path
        town.transfers.receive(number)
    with opened(second_path, private_home / "b-town2") as town2:
        town2.transfers.receive(number)  # apart from the hub of the branch: both receive
        assert on_hand(town2, tea) == Quantity.of(5)
        town2.sync.exchange(folder)
    with opened(town_path, private_home / "b-town") as town:
        town.sync.exchange(folder)  # its receipt is the first: it stands
        assert on_hand(town, tea) == Quantity.of(10)  # till 1002's not taken back yet
    with opened(second_path, private_home / "b-town2") as town2:
        town2.sync.exchange(folder)  # its own receipt came second: it takes it back
        assert on_hand(town2, tea) == Quantity.of(5)
        assert verified(town2) == {}
        town2.sync.exchange(folder)
        assert on_hand(town2, tea) == Quantity.of(5)  # once
    with opened(town_path, private_home / "b-town") as town:
        town.sync.exchange(folder)
        assert on_hand(town, tea) == Quantity.of(5)
        assert verified(town) == {}
    hub.sync.exchange(folder)
    assert on_hand(hub, tea) == Quantity.of(5)
    assert verified(hub) == {}
