"""Branches in the app: the Stock screen's transfers tab (only with branches), sending stock
to a branch (asking before going below zero) and receiving it, and Settings naming the
branch of each till."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from duka.core.quantity import Quantity
from duka.demo.shop import OWNER
from duka.services.shop import Shop
from duka.ui.dialogs import send_stock
from duka.ui.dialogs.receive_transfer import ReceiveTransferDialog
from duka.ui.dialogs.send_stock import SendStockDialog
from duka.ui.screens.settings import SettingsScreen
from duka.ui.screens.stock import StockScreen
from duka.ui.state import AppState


@pytest.fixture
def town(demo_shop: Shop, tmp_path: Path) -> Iterator[Shop]:
    """Branch 1001, "Town", made from the demo shop, its owner signed in."""
    made = demo_shop.tills.make_branch(tmp_path / "town.sqlite3", "Town")
    with Shop.open(made.path, backup_dir=tmp_path / "town-backups") as opened:
        opened.access.sign_in(OWNER[1], OWNER[0])
        yield opened


def stocked_product(shop: Shop) -> int:
    """A product with at least 5 on hand."""
    return next(p.id for p in shop.products.page(0, 50) if p.stock >= Quantity.of(5))


def test_a_shop_with_one_branch_shows_no_transfers(demo_shop: Shop, qtbot: QtBot) -> None:
    screen = StockScreen(AppState(demo_shop))
    qtbot.addWidget(screen)
    screen.shown()
    assert not screen.tabs.isTabVisible(screen.tabs.indexOf(screen.transfers))


def test_stock_is_sent_asked_about_and_received(
    demo_shop: Shop, town: Shop, tmp_path: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    demo_shop.access.sign_in(OWNER[1], OWNER[0])
    product = demo_shop.products.get(stocked_product(demo_shop))
    on_hand = demo_shop.stock.level(product.id)
    state = AppState(demo_shop)
    screen = StockScreen(state)
    qtbot.addWidget(screen)
    screen.shown()
    assert screen.tabs.isTabVisible(screen.tabs.indexOf(screen.transfers))

    dialog = SendStockDialog(state)
    qtbot.addWidget(dialog)
    assert dialog.branch.currentData() == 1001  # the only other branch
    dialog.add(product, Quantity.of(2), by_scan=False)
    dialog.add(product, Quantity.of(1))  # scanned again: one more
    asked: list[str] = []
    monkeypatch.setattr(send_stock, "ask", lambda _p, _t, text: asked.append(text) or False)
    dialog.lines[0].quantity = on_hand + Quantity.of(1)
    dialog.accept()
    assert asked and dialog.number is None  # said no: nothing sent
    assert demo_shop.stock.level(product.id) == on_hand
    dialog.lines[0].quantity = Quantity.of(3)
    dialog.accept()
    assert not dialog.error.text()
    assert dialog.number == "TR-000001" and dialog.result()
    assert demo_shop.stock.level(product.id) == on_hand - Quantity.of(3)
    screen.transfers.refresh()
    assert screen.transfers.table.rowCount() == 1
    assert not screen.transfers.receive_button.isEnabled()  # on its way, not to receive here

    folder = tmp_path / "share"
    folder.mkdir()
    demo_shop.sync.exchange(folder)
    town.sync.exchange(folder)
    town_state = AppState(town)
    town_screen = StockScreen(town_state)
    qtbot.addWidget(town_screen)
    town_screen.shown()
    page = town_screen.transfers
    assert page.table.rowCount() == 1
    page.table.selectRow(0)
    assert page.receive_button.isEnabled()
    receive = ReceiveTransferDialog(town_state, page.transfers[0])
    qtbot.addWidget(receive)
    receive.table.item(0, 2).setText("2")  # one short
    receive.note.setText("one broke on the way")
    receive.accept()
    assert receive.result() and not receive.error.text()
    assert town.stock.level(product.id) == Quantity.of(2)
    page.refresh()
    assert page.table.rowCount() == 0


def test_settings_names_the_branch_of_each_till(
    demo_shop: Shop, town: Shop, tmp_path: Path, qtbot: QtBot
) -> None:
    screen = SettingsScreen(AppState(town))
    qtbot.addWidget(screen)
    box = screen.tills_box
    assert box.this_till.text() == "Till 1001 · \u2068Town\u2069 · hub of branch 1001"
    other = box.findChild(type(box.this_till), "otherTill1")
    assert other is not None and "hub of branch 1" in other.text()
    # A till of the branch made from its hub is named with its branch.
    town.tills.make(tmp_path / "town2.sqlite3", "Back room")
    box.refresh()
    other = box.findChild(type(box.this_till), "otherTill1002")
    assert other is not None and "Branch 1001 · \u2068Town\u2069" in other.text()


def test_the_stock_line_names_only_this_branchs_tills(
    demo_shop: Shop, town: Shop, tmp_path: Path, qtbot: QtBot
) -> None:
    """The stock is the branch's own: the other branch's tills are not what it waits for."""
    screen = StockScreen(AppState(town))
    qtbot.addWidget(screen)
    screen.shown()
    assert screen.tills_heard.isHidden()  # the only other till is branch 1's
    town.tills.make(tmp_path / "town2.sqlite3", "Back room")
    screen.shown()
    assert not screen.tills_heard.isHidden()
    assert "till 1002" in screen.tills_heard.text() and "till 1 " not in screen.tills_heard.text()
