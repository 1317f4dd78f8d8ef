"""The hub in the app: Settings > Tills sets a till to sync through the hub's address, or this
computer to serve the tills on the network; the window serves them while it runs and syncs
by itself, and a hub out of reach is said quietly."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from duka.demo.shop import OWNER
from duka.services.hub_http import default_folder
from duka.services.shop import Shop
from duka.ui.machine import served_port, set_sync_folder, set_sync_hub, sync_folder, sync_hub
from duka.ui.main_window import MainWindow
from duka.ui.screens.settings import SettingsScreen
from duka.ui.state import AppState
from tests.ui.test_tills_ui import sell


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def till(demo_shop: Shop, tmp_path: Path) -> Iterator[Shop]:
    made = demo_shop.tills.make(tmp_path / "till2.sqlite3", "Counter 2")
    with Shop.open(made.path, backup_dir=tmp_path / "till2-backups") as opened:
        opened.access.sign_in(OWNER[1], OWNER[0])
        yield opened


def test_a_till_is_set_to_sync_through_the_hub_address(
    demo_shop: Shop, till: Shop, tmp_path: Path, qtbot: QtBot, no_blocking_dialogs: list[str]
) -> None:
    set_sync_folder(till.path, tmp_path)
    screen = SettingsScreen(AppState(till))
    qtbot.addWidget(screen)
    box = screen.tills_box
    assert box.hub.isVisibleTo(screen) and box.serve.isVisibleTo(screen)
    assert not box.clear_hub_button.isEnabled()

    box.hub.setText("https://192.168.1.10")  # no such hub: said beside Sync now, quietly
    box.use_hub_button.click()
    assert box.news.text() == (
        "https://192.168.1.10 is not a hub's address such as http://192.168.1.10:8765"
    )
    assert box.news.objectName() == "syncProblem" and sync_hub(till.path) is None

    box.hub.setText("192.168.1.10")
    box.use_hub_button.click()
    assert sync_hub(till.path) == "http://192.168.1.10:8765"
    assert sync_folder(till.path) is None  # the hub instead of the folder
    assert box.hub.text() == "http://192.168.1.10:8765" and box.clear_hub_button.isEnabled()
    assert box.sync_button.isEnabled()

    box.set_folder(tmp_path)  # a folder chosen instead: the hub's address goes
    assert sync_hub(till.path) is None and box.hub.text() == ""
    assert no_blocking_dialogs == []


def test_the_hub_serves_the_tills_while_the_app_runs(
    demo_shop: Shop, till: Shop, qtbot: QtBot, no_blocking_dialogs: list[str]
) -> None:
    state = AppState(demo_shop)
    window = MainWindow(state)
    qtbot.addWidget(window)
    screen = SettingsScreen(state)
    qtbot.addWidget(screen)
    box = screen.tills_box
    port = free_port()
    box.port.setValue(port)
    box.serve.setChecked(True)  # asks a round, which starts the server
    assert served_port(demo_shop.path) == port
    qtbot.waitUntil(lambda: window.auto_sync.server is not None, timeout=10000)
    assert box.serving.isVisibleTo(screen)
    assert box.serving.text().endswith(f":{port}\u2069")

    number = sell(till)  # at the other till, syncing through this computer
    till.sync.exchange_through_hub(f"127.0.0.1:{port}", default_folder(till.path))

    def arrived() -> bool:
        try:
            demo_shop.receipts.sale(number)
        except Exception:  # noqa: BLE001 - not there yet
            return False
        return True

    qtbot.waitUntil(arrived, timeout=20000)  # the window's own round, on the folder served
    assert state.sync_news.startswith("Synced at") and not state.sync_trouble

    box.serve.setChecked(False)
    qtbot.waitUntil(lambda: window.auto_sync.server is None, timeout=10000)
    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", port)) != 0  # nobody answers there now
    window.auto_sync.stop()
    assert no_blocking_dialogs == []


def test_a_hub_out_of_reach_is_said_quietly(
    till: Shop, qtbot: QtBot, no_blocking_dialogs: list[str]
) -> None:
    port = free_port()
    set_sync_hub(till.path, f"http://127.0.0.1:{port}")
    state = AppState(till)
    window = MainWindow(state)
    qtbot.addWidget(window)
    window.auto_sync.start()
    qtbot.waitUntil(lambda: bool(state.sync_news), timeout=10000)
    window.auto_sync.stop()
    assert state.sync_news == f"The hub \u2068http://127.0.0.1:{port}\u2069 cannot be reached."
    assert state.sync_trouble and window.sync_label.text() == state.sync_news
    assert no_blocking_dialogs == []
