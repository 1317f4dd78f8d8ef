"""Tills exchanging through a hub's HTTP endpoint: a real server on 127.0.0.1 serving a real
folder, tills mirroring their own folders with it, a branch's hub relaying to the main hub,
strangers and path tricks refused, pruned batches never coming back, and a transfer cut off
half-way finished by the next round."""

from __future__ import annotations

import http.client
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from duka.core.money import Money
from duka.core.products import ProductDraft
from duka.core.quantity import Quantity
from duka.services import hub_http
from duka.services.hub_http import (
    KEY_HEADER,
    HubClient,
    HubRefused,
    HubServer,
    HubUnreachable,
    default_folder,
    hub_address,
    listing,
    mirror,
)
from duka.services.shop import Shop
from duka.store.sync import Entry, pack
from tests.conftest import OWNER_PIN
from tests.services.test_sync_tills import sell


def kes(amount: str) -> Money:
    return Money.of(amount, "KES")


@contextmanager
def serving(shop: Shop, folder: Path) -> Iterator[HubServer]:
    with HubServer(folder, shop.sync.hub_key(), "127.0.0.1", 0) as server:
        yield server


def url(server: HubServer) -> str:
    return f"http://127.0.0.1:{server.port}"


def numbers(shop: Shop) -> set[str]:
    return {str(r[0]) for r in shop.context.db.execute("SELECT number FROM sales")}


def price(shop: Shop, product: int) -> Money:
    return shop.products.get(product).draft.sell_price


def batches(place: Path) -> list[str]:
    return sorted(p.name for p in place.glob("*.batch"))


@pytest.fixture
def hub(kenya_shop: Shop) -> Shop:
    kenya_shop.context.actor = kenya_shop.access.sign_in(OWNER_PIN, "Zawadi")
    return kenya_shop


@pytest.fixture
def tea(hub: Shop) -> int:
    return hub.products.add(
        ProductDraft("Chai", kes("100"), kes("60"), sku="CHAI"), opening_stock=Quantity.of(500)
    )


@contextmanager
def till_of(hub: Shop, path: Path, name: str, home: Path) -> Iterator[Shop]:
    made = hub.tills.make(path, name).path
    with Shop.open(made, backup_dir=home / f"backups-{name}") as opened:
        opened.context.actor = opened.access.sign_in(OWNER_PIN, "Zawadi")
        yield opened


def test_two_tills_meet_at_the_hub_over_http(
    hub: Shop, tea: int, tmp_path: Path, private_home: Path
) -> None:
    served = default_folder(hub.path)
    assert served == tmp_path / "shop.sqlite3.sync"
    with (
        till_of(hub, tmp_path / "two.sqlite3", "Two", private_home) as two,
        till_of(hub, tmp_path / "three.sqlite3", "Three", private_home) as three,
        serving(hub, served) as server,
    ):
        assert two.sync.hub_key() == hub.sync.hub_key() == three.sync.hub_key()
        sold = sell(two, tea)
        moved, report = two.sync.exchange_through_hub(url(server), default_folder(two.path))
        assert report.sent >= 1 and moved.sent >= 2  # its batch and its state
        assert (served / "till-2" / "state.json").is_file() and batches(served / "till-2")
        hub.sync.exchange(served)  # the hub's own round, on the folder it serves
        assert sold in numbers(hub)

        hub.products.update(tea, ProductDraft("Chai", kes("120"), kes("60"), sku="CHAI"))
        hub.sync.exchange(served)
        moved, report = three.sync.exchange_through_hub(url(server), default_folder(three.path))
        assert sold in numbers(three) and price(three, tea) == kes("120")
        assert moved.fetched >= 3  # the hub's and till 2's batches and states
        two.sync.exchange_through_hub(url(server), default_folder(two.path))
        assert price(two, tea) == kes("120")
        # The till's copy of the hub's folder holds what the hub's does, file for file.
        mine = listing(default_folder(two.path))
        theirs = listing(served)
        assert {k: v.batches for k, v in mine.items()} == {k: v.batches for k, v in theirs.items()}


def test_a_stranger_and_path_tricks_are_refused(
    hub: Shop, tmp_path: Path, private_home: Path
) -> None:
    served = tmp_path / "served"
    secret = tmp_path / "secret.txt"
    secret.write_text("not for you")
    with serving(hub, served) as server:
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)

        def status(method: str, path: str, key: str | None, body: bytes | None = None) -> int:
            headers = {KEY_HEADER: key} if key is not None else {}
            connection.request(method, path, body=body, headers=headers)
            answer = connection.getresponse()
            answer.read()
            if answer.getheader("Connection") == "close" or answer.will_close:
                connection.close()
            return answer.status

        key = hub.sync.hub_key()
        assert status("GET", "/batches", None) == 403
        assert status("GET", "/batches", "0" * 64) == 403
        assert status("PUT", "/files/till-2/state.json", "guess", b"{}") == 403
        assert status("GET", "/batches", key) == 200
        for path in (
            "/files/../secret.txt",
            "/files/till-1/../../secret.txt",
            "/files/till-1/%2e%2e%2f%2e%2e%2fsecret.txt",
            "/files/till-1/..%2F..%2Fsecret.txt",
            "/files//" + str(secret).lstrip("/"),
            "/files/till-1/notes.txt",
            "/files/till-01/state.json",
            "/files/till-1/.state.json.partial",
            "/files/till-1/state.json/extra",
        ):
            assert status("GET", path, key) == 400, path
            assert status("PUT", path, key, b"x") == 400, path
        assert not any(served.rglob("*.txt")) and secret.read_text() == "not for you"
        # A batch that does not read as one is not kept; one far too big is not read.
        name = "/files/till-2/000000000001-000000000001.batch"
        assert status("PUT", name, key, b"garbage") == 400
        assert not (served / "till-2").exists()
        connection.putrequest("PUT", name)
        connection.putheader(KEY_HEADER, key)
        connection.putheader("Content-Length", str(hub_http.MAX_BATCH + 1))
        connection.endheaders()
        answer = connection.getresponse()
        assert answer.status == 413
        connection.close()
        # A till of another shop (another key) is told so, not "unreachable".
        with pytest.raises(HubRefused):
            HubClient(url(server), "another shop").listing()


def test_a_branch_hub_relays_between_its_tills_and_the_main_hub(
    hub: Shop, tea: int, tmp_path: Path, private_home: Path
) -> None:
    """Till A syncs with branch hub B over HTTP; B mirrors the folder it serves with main
    hub C. A sale at A reaches C, a price changed at C reaches A."""
    main_folder = tmp_path / "main-served"
    with (
        till_of(hub, tmp_path / "branch.sqlite3", "Branch", private_home) as branch,
        till_of(hub, tmp_path / "a.sqlite3", "Counter A", private_home) as counter,
        serving(hub, main_folder) as main,
        serving(branch, default_folder(branch.path)) as branch_hub,
    ):
        branch_folder = default_folder(branch.path)

        def branch_round() -> None:
            branch.sync.exchange_through_hub(url(main), branch_folder)

        sold = sell(counter, tea)
        counter.sync.exchange_through_hub(url(branch_hub), default_folder(counter.path))
        branch_round()
        hub.sync.exchange(main_folder)
        assert sold in numbers(hub) and sold in numbers(branch)
        assert batches(main_folder / "till-3")  # A's batches, relayed by B

        hub.products.update(tea, ProductDraft("Chai", kes("150"), kes("60"), sku="CHAI"))
        hub.sync.exchange(main_folder)
        branch_round()
        counter.sync.exchange_through_hub(url(branch_hub), default_folder(counter.path))
        assert price(counter, tea) == kes("150") and price(branch, tea) == kes("150")
        assert (main_folder / "till-3" / "state.json").is_file()


def test_pruned_batches_are_deleted_on_both_sides_and_never_come_back(
    hub: Shop, tea: int, tmp_path: Path, private_home: Path
) -> None:
    served = default_folder(hub.path)
    with (
        till_of(hub, tmp_path / "two.sqlite3", "Two", private_home) as two,
        serving(hub, served) as server,
    ):
        mine = default_folder(two.path)
        sell(two, tea)
        two.sync.exchange_through_hub(url(server), mine)
        old = batches(mine / "till-2")
        assert old and batches(served / "till-2") == old
        kept = (mine / "till-2" / old[0]).read_bytes()
        hub.sync.exchange(served)  # the hub has till 2's sale, and says so
        sell(two, tea)
        _moved, report = two.sync.exchange_through_hub(url(server), mine)
        assert report.pruned >= 1  # till 2 hears the hub has its first sale
        state = json.loads((mine / "till-2" / "state.json").read_text())
        first_batch_last = int(old[0].split("-")[1].removesuffix(".batch"))
        assert state["kept_from"] == first_batch_last + 1 and state["written"] >= 2
        assert old[0] not in batches(mine / "till-2")
        assert old[0] not in batches(served / "till-2")  # deleted at the hub as well
        # A stale copy (a folder restored from a backup, a relay that lagged) of the
        # pruned batch is deleted, not sent, and the hub refuses it outright.
        (mine / "till-2" / old[0]).write_bytes(kept)
        moved = mirror(mine, HubClient(url(server), two.sync.hub_key()))
        assert moved.sent == 0 and moved.deleted == 1
        assert not HubClient(url(server), hub.sync.hub_key()).put("till-2", old[0], kept)
        assert old[0] not in batches(served / "till-2") + batches(mine / "till-2")
        # A state older than the hub's is not taken either.
        older = dict(state, written=1, kept_from=1)
        client = HubClient(url(server), hub.sync.hub_key())
        assert not client.put("till-2", "state.json", json.dumps(older).encode())
        there = json.loads((served / "till-2" / "state.json").read_text())
        assert there["kept_from"] == first_batch_last + 1


def test_a_state_from_before_the_count_still_works(tmp_path: Path) -> None:
    """state.json files written before `written` and `kept_from` existed: read as written
    0 times and keeping everything; a newer one replaces them."""
    folder = tmp_path / "folder"
    place = folder / "till-2"
    place.mkdir(parents=True)
    old = {"till": 2, "name": "Two", "applied": {"1": 5}, "at": "2026-12-01T10:00:00+00:00"}
    (place / "state.json").write_text(json.dumps(old))
    (place / "000000000001-000000000003.batch").write_bytes(b"kept")
    found = listing(folder)["till-2"]
    assert found.state == old and list(found.batches) == ["000000000001-000000000003.batch"]
    newer = dict(old, at="2026-12-02T10:00:00+00:00")
    assert hub_http.store_file(folder, "till-2", "state.json", json.dumps(newer).encode())
    assert not hub_http.store_file(folder, "till-2", "state.json", json.dumps(old).encode())
    counted = dict(old, written=1, kept_from=4)  # the till since upgraded: it counts
    assert hub_http.store_file(folder, "till-2", "state.json", json.dumps(counted).encode())
    assert not list(place.glob("*.batch"))  # 1-3 ends before 4: pruned


def test_a_batch_damaged_here_is_not_sent_and_keeps_nothing_back(hub: Shop, tmp_path: Path) -> None:
    mine = tmp_path / "mine" / "till-5"
    mine.mkdir(parents=True)
    (mine / "000000000001-000000000002.batch").write_bytes(b"a disk error")
    whole = pack([Entry(3, b"change 3"), Entry(4, b"change 4")])
    (mine / "000000000003-000000000004.batch").write_bytes(whole)
    with serving(hub, tmp_path / "served") as server:
        moved = mirror(mine.parent, HubClient(url(server), hub.sync.hub_key()))
    assert moved.sent == 1
    assert batches(tmp_path / "served" / "till-5") == ["000000000003-000000000004.batch"]


class _CutOff(HubClient):
    """The hub's computer switched off after `left` more files: the server stops for real."""

    def __init__(self, server: HubServer, key: str, left: int) -> None:
        super().__init__(url(server), key, timeout=3)
        self.server, self.left = server, left

    def _count(self) -> None:
        self.left -= 1
        if self.left < 0:
            self.server.stop()

    def get(self, till_folder: str, name: str) -> bytes:
        self._count()
        return super().get(till_folder, name)

    def put(self, till_folder: str, name: str, body: bytes) -> bool:
        self._count()
        return super().put(till_folder, name, body)


def test_a_transfer_cut_off_half_way_is_finished_by_the_next_round(
    hub: Shop, tea: int, tmp_path: Path, private_home: Path
) -> None:
    served = default_folder(hub.path)
    with till_of(hub, tmp_path / "two.sqlite3", "Two", private_home) as two:
        mine = default_folder(two.path)
        sold = {sell(two, tea) for _ in range(250)}  # three batches, and a state
        mine.mkdir()
        two.sync.exchange(mine)
        assert len(batches(mine / "till-2")) == 3
        server = HubServer(served, hub.sync.hub_key(), "127.0.0.1", 0).start()
        with pytest.raises(HubUnreachable):
            mirror(mine, _CutOff(server, two.sync.hub_key(), 2))
        # Whole files only: two batches arrived, nothing half-written, the state not yet.
        assert len(batches(served / "till-2")) == 2
        assert not list(served.rglob("*.partial"))
        assert not (served / "till-2" / "state.json").exists()
        hub.sync.exchange(served)  # what arrived applies; the rest waits
        assert 150 < len(sold & numbers(hub)) < len(sold)
        with serving(hub, served) as again:
            moved, report = two.sync.exchange_through_hub(url(again), mine)
            # The third batch, and its state before and after the exchange; no batch twice.
            assert moved.sent == 3 and not report.refused
            # The two the hub had applied are pruned now, on both sides.
            assert batches(served / "till-2") == batches(mine / "till-2")
            assert len(batches(mine / "till-2")) == 1
            hub.sync.exchange(served)
        assert sold <= numbers(hub)


def test_an_unreachable_hub_and_bad_addresses_are_said(hub: Shop, tmp_path: Path) -> None:
    with serving(hub, tmp_path / "gone") as server:
        port = server.port
    with pytest.raises(HubUnreachable) as caught:
        hub.sync.exchange_through_hub(f"127.0.0.1:{port}", tmp_path / "mine")
    assert f"http://127.0.0.1:{port}" in caught.value.message
    assert hub_address("192.168.1.10") == "http://192.168.1.10:8765"
    assert hub_address(" http://hub.local:9000/ ") == "http://hub.local:9000"
    for bad in ("", "https://hub:8765", "ftp://x", "http://host:99999", "http://h/x/y"):
        with pytest.raises(hub_http.InvalidInput):
            hub_address(bad)
