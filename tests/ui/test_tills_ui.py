"""The shop's tills in the app: Settings shows them and the sync folder, and the window syncs
through that folder by itself, quietly."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from duka.core.changes import Area, Changes
from duka.core.money import Money
from duka.core.quantity import Quantity
from duka.core.sale import PaymentMethod, Tender
from duka.demo.shop import OWNER
from duka.services.shop import Shop
from duka.ui.machine import set_sync_folder, sync_folder
from duka.ui.main_window import MainWindow
from duka.ui.screens.settings import SettingsScreen
from duka.ui.state import AppState


def sell(shop: Shop) -> str:
    """One cash sale of the shop's first product, as the counter makes it."""
    checkout = shop.checkout
    product = shop.products.get(shop.products.page(0, 1)[0].id)
    cart, _shown = checkout.new_cart().add(checkout.line_for(product, Quantity.of(1)))
    tender = Tender(PaymentMethod.CASH, Money.of("100000", "KES"))
    return checkout.complete(None, cart, [tender], opening_float=Money.of("0", "KES")).number


@pytest.fixture
def till(demo_shop: Shop, tmp_path: Path) -> Iterator[Shop]:
    """Till 2, "Counter 2", made from the demo shop (the hub, till 1), its owner signed in."""
    made = demo_shop.tills.make(tmp_path / "till2.sqlite3", "Counter 2")
    with Shop.open(made.path, backup_dir=tmp_path / "till2-backups") as opened:
        opened.access.sign_in(OWNER[1], OWNER[0])
        yield opened


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    place = tmp_path / "share"
    place.mkdir()
    return place


def test_a_single_till_says_so_and_how_to_add_one(demo_shop: Shop, qtbot: QtBot) -> None:
    screen = SettingsScreen(AppState(demo_shop))
    qtbot.addWidget(screen)
    box = screen.tills_box
    assert box.this_till.text() == "Till 1"
    assert box.single.isVisibleTo(screen)
    assert "duka till new --from" in box.single.text()
    assert not box.sync_button.isVisibleTo(screen)  # nothing to sync with
    assert not box.unsent.isVisibleTo(screen)


def test_settings_shows_the_other_till_after_an_exchange(
    demo_shop: Shop, till: Shop, folder: Path, qtbot: QtBot
) -> None:
    number = sell(till)
    assert number.startswith("S2-")
    till.sync.exchange(folder)
    report = demo_shop.sync.exchange(folder)
    assert report.applied.get(2, 0) >= 1
    assert demo_shop.receipts.sale(number).header is not None

    set_sync_folder(demo_shop.path, folder)
    screen = SettingsScreen(AppState(demo_shop))
    qtbot.addWidget(screen)
    box = screen.tills_box
    assert not box.single.isVisibleTo(screen)
    assert box.folder.text().strip("\u2068\u2069") == str(folder)
    other = box.findChild(type(box.this_till), "otherTill2")
    assert other is not None and other.isVisibleTo(screen)
    text = other.text()
    assert "Till 2 · \u2068Counter 2\u2069" in text
    assert "Last heard from: not yet" not in text  # heard just now, with its time
    applied = box.status.others[0].applied if box.status else 0
    assert applied == report.applied[2]
    assert f"Its changes applied here: {applied}" in text
    assert box.unsent.text() == "Changes waiting to be sent: 0"


def test_the_window_syncs_by_itself_and_tells_the_screens(
    demo_shop: Shop, till: Shop, folder: Path, qtbot: QtBot, no_blocking_dialogs: list[str]
) -> None:
    state = AppState(demo_shop)
    set_sync_folder(demo_shop.path, folder)
    window = MainWindow(state)
    qtbot.addWidget(window)
    heard: list[Changes] = []
    state.changed.connect(heard.append)
    window.auto_sync.start()  # a first round: the till has published nothing yet
    qtbot.waitUntil(lambda: state.sync_news.startswith("Synced at"), timeout=10000)

    number = sell(till)  # on the other computer, while the window just sits there
    till.sync.exchange(folder)

    def arrived() -> bool:
        try:
            demo_shop.receipts.sale(number)
        except Exception:  # noqa: BLE001 - not there yet
            return False
        return any(changes.touches({Area.SALES}) for changes in heard)

    qtbot.waitUntil(arrived, timeout=20000)  # the next rounds, five seconds apart
    window.auto_sync.stop()
    assert not state.sync_trouble
    assert window.sync_label.isVisibleTo(window)
    assert window.sync_label.text().startswith("Synced at")
    assert no_blocking_dialogs == []


def test_a_missing_folder_is_said_quietly_and_tried_again(
    demo_shop: Shop, tmp_path: Path, qtbot: QtBot, no_blocking_dialogs: list[str]
) -> None:
    stick = tmp_path / "STICK"
    state = AppState(demo_shop)
    set_sync_folder(demo_shop.path, stick)
    assert sync_folder(demo_shop.path) == stick
    window = MainWindow(state)
    qtbot.addWidget(window)
    window.auto_sync.start()
    qtbot.waitUntil(lambda: bool(state.sync_news), timeout=10000)
    assert state.sync_news == "The sync folder \u2068STICK\u2069 cannot be reached."
    assert state.sync_trouble
    assert window.sync_label.text() == state.sync_news
    assert no_blocking_dialogs == []

    stick.mkdir()  # plugged in again: the next round (asked for now) goes through
    state.sync_requested.emit()
    qtbot.waitUntil(lambda: state.sync_news.startswith("Synced at"), timeout=10000)
    window.auto_sync.stop()
    assert not state.sync_trouble
    assert (stick / "till-1" / "state.json").is_file()
    assert no_blocking_dialogs == []


def test_today_says_how_far_the_other_tills_came(
    demo_shop: Shop, till: Shop, folder: Path, qtbot: QtBot
) -> None:
    """The day's figures of a shop with several tills hold each other till's sales as far
    as they came: Today says when each was last heard from; a single till says nothing."""
    from duka.ui.screens.dashboard import DashboardScreen

    alone = DashboardScreen(AppState(till))
    qtbot.addWidget(alone)
    alone.refresh()
    assert alone.tills_heard.isHidden() is False
    assert "till 1: not heard from yet" in alone.tills_heard.text()

    till.sync.exchange(folder)
    demo_shop.sync.exchange(folder)
    till.sync.exchange(folder)
    alone.refresh()
    text = alone.tills_heard.text()
    assert "till 1 as of" in text and "not heard" not in text

    hub_screen = DashboardScreen(AppState(demo_shop))
    qtbot.addWidget(hub_screen)
    hub_screen.refresh()
    assert "till 2 as of" in hub_screen.tills_heard.text()


def test_today_of_a_single_till_says_nothing_of_tills(demo_shop: Shop, qtbot: QtBot) -> None:
    from duka.ui.screens.dashboard import DashboardScreen

    screen = DashboardScreen(AppState(demo_shop))
    qtbot.addWidget(screen)
    screen.refresh()
    assert screen.tills_heard.isHidden()
