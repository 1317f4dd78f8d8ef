"""Backups off the computer in the app: the Today screen's warning, the automatic backup
after a cash-up, the second place in Settings, and what a restore shows before it acts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from duka.services.auto_backup import AutoBackupResult, PlaceOutcome, PlaceProblem
from duka.services.restoring import preview
from duka.store.backup import BackupInfo
from duka.ui.auto_backup import choose_place, record_result, set_warn_days
from duka.ui.dialogs.restore_preview import RestorePreview
from duka.ui.machine import BACKUP_LAST_COPY, machine_settings
from duka.ui.main_window import MainWindow
from duka.ui.screens.dashboard import DashboardScreen
from duka.ui.screens.settings import SettingsScreen
from duka.ui.state import AppState


def today(window: MainWindow) -> DashboardScreen:
    screen = window.show_screen("home")
    assert isinstance(screen, DashboardScreen)
    return screen


def outcome(place: Path, problem: PlaceProblem, reason: str = "") -> AutoBackupResult:
    copy = place / "x.sqlite3" if problem is PlaceProblem.NONE else None
    return AutoBackupResult(
        BackupInfo(Path("x.sqlite3"), 1, 1), (), PlaceOutcome(place, copy, problem, reason)
    )


def test_today_says_what_to_do_about_backups_off_the_computer(
    window: MainWindow, tmp_path: Path
) -> None:
    screen = today(window)
    # No second place: the owner is asked to choose one.
    assert screen.backup_frame.isVisible()
    assert "only on this computer" in screen.backup_text.text()

    stick = tmp_path / "STICK"
    choose_place(stick)
    window.state.backups_changed.emit()
    assert not screen.backup_frame.isVisible()  # chosen, nothing tried yet

    now = dt.datetime.now()
    record_result(outcome(stick, PlaceProblem.MISSING, "not there"), now)
    window.state.backups_changed.emit()
    assert screen.backup_frame.isVisible()
    assert screen.backup_text.text() == (
        f"The backup folder \u2068{stick}\u2069 was not there at the last backup. "
        "Plug in the USB stick and press Back up now."
    )

    record_result(outcome(stick, PlaceProblem.FULL, "full"), now)
    window.state.backups_changed.emit()
    assert "was full at the last backup" in screen.backup_text.text()

    record_result(outcome(stick, PlaceProblem.NONE), now)
    window.state.backups_changed.emit()
    assert not screen.backup_frame.isVisible()  # a fresh copy there

    set_warn_days(2)
    settings = machine_settings()
    settings.setValue(BACKUP_LAST_COPY, (now - dt.timedelta(days=3)).isoformat())
    settings.sync()
    window.state.backups_changed.emit()
    assert screen.backup_frame.isVisible()
    assert screen.backup_text.text().startswith(f"The last backup in \u2068{stick}\u2069 is from ")
    set_warn_days(3)
    window.state.backups_changed.emit()
    assert not screen.backup_frame.isVisible()  # 3 days old is not older than 3 days


def test_a_cash_up_close_backs_up_and_a_missing_stick_shows_on_today(
    qtbot: object, window: MainWindow, tmp_path: Path
) -> None:
    stick = tmp_path / "media" / "STICK"  # not plugged in
    choose_place(stick)
    screen = today(window)
    backups = window.state.shop.backup_dir
    before = set(backups.glob("*-auto-*.sqlite3")) if backups.is_dir() else set()
    cash = window.state.shop.cash
    cash.close(cash.report().expected)
    window.state.cash_closed.emit()  # as the cash drawer does after a Z report
    assert window.auto_backups.running
    assert screen.backup_button.text() == "Backing up…"
    qtbot.waitUntil(lambda: not window.auto_backups.running, timeout=20_000)  # type: ignore[attr-defined]
    made = set(backups.glob("*-auto-*.sqlite3")) - before
    assert len(made) == 1  # the usual folder has its backup all the same
    assert screen.backup_frame.isVisible()
    assert f"The backup folder \u2068{stick}\u2069 was not there" in screen.backup_text.text()

    stick.mkdir(parents=True)  # plugged in: Back up now on the Today screen
    qtbot.mouseClick(screen.backup_button, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: not window.auto_backups.running, timeout=20_000)  # type: ignore[attr-defined]
    assert len(list(stick.glob("*-auto-*.sqlite3"))) == 1
    assert not screen.backup_frame.isVisible()


def test_the_second_place_is_chosen_in_settings(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    screen = window.show_screen("settings")
    assert isinstance(screen, SettingsScreen)
    box = screen.backup_place
    assert box.folder.text() == "Only on this computer"
    stick = tmp_path / "STICK"
    stick.mkdir()
    from PySide6.QtWidgets import QFileDialog

    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *_a, **_k: str(stick))
    box.choose_button.click()
    assert box.folder.text() == str(stick)
    assert machine_settings().value("backups/second_place") == str(stick)
    assert box.status.text() == "No copy there yet: the next backup makes one."
    box.days.setValue(4)
    assert int(str(machine_settings().value("backups/warn_days"))) == 4
    box.clear_button.click()
    assert box.folder.text() == "Only on this computer"


def test_back_up_now_in_settings_copies_to_the_second_place_too(
    qtbot: object, window: MainWindow, tmp_path: Path
) -> None:
    stick = tmp_path / "STICK"
    stick.mkdir()
    choose_place(stick)
    screen = window.show_screen("settings")
    assert isinstance(screen, SettingsScreen)
    screen.backup_button.click()
    qtbot.waitUntil(  # type: ignore[attr-defined]
        lambda: "Last verified copy there" in screen.backup_place.status.text(), timeout=20_000
    )
    copies = list(stick.glob("*.sqlite3"))
    assert len(copies) == 1
    assert (stick / (copies[0].name + ".anchor")).is_file()  # the anchor went with it


def test_the_restore_preview_shows_what_the_backup_holds(state: AppState) -> None:
    info = state.shop.maintenance.backup()
    held = preview(info.path)
    dialog = RestorePreview(held, state)
    last = state.shop.context.db.execute(
        "SELECT number FROM sales ORDER BY id DESC LIMIT 1"
    ).fetchone()[0]
    assert dialog.values["file"].text() == info.path.name
    assert dialog.values["shop"].text() == "Duka la Mama Amina"
    assert dialog.values["last_sale"].text().startswith(f"\u2068{last}\u2069, ")
    assert dialog.values["products"].text() == state.formats.number(held.products)
    assert dialog.values["customers"].text() == state.formats.number(held.customers)
    assert dialog.values["sales"].text() == state.formats.number(held.sales)
    assert dialog.cancel.isDefault() and not dialog.confirm.autoDefault()


def test_confirming_a_restore_closes_the_window_for_the_start_up_to_restore(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, qtbot: object
) -> None:
    info = window.state.shop.maintenance.backup()
    screen = window.show_screen("settings")
    assert isinstance(screen, SettingsScreen)
    monkeypatch.setattr(RestorePreview, "exec", lambda self: RestorePreview.DialogCode.Accepted)
    screen.preview_restore(info.path)
    qtbot.waitUntil(lambda: window.restore_from is not None, timeout=10_000)  # type: ignore[attr-defined]
    assert window.restore_from == info.path
    assert not window.isVisible()


def test_a_restore_confirmed_after_the_screen_locked_is_refused(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The preview left open past the idle time: whoever confirms must sign in again; the
    window stays, nothing is restored (it used to close Duka without a word)."""
    from duka.ui import operations

    info = window.state.shop.maintenance.backup()
    said: list[str] = []
    monkeypatch.setattr(operations, "show_refusal", lambda _p, error: said.append(error.message))
    window.state.lock()
    window.restore(info.path)
    assert said == ["Sign in first."]
    assert window.restore_from is None and window.restored_by is None


def test_the_app_restores_through_the_command_line_s_path_and_keeps_the_old_shop(
    demo_template: Path, tmp_path: Path, private_home: Path, no_blocking_dialogs: list[str]
) -> None:
    """What the start-up does once the window closed for a restore: the shop is closed,
    this process still holds the instance lock; the replaced file is kept first."""
    from PySide6.QtWidgets import QApplication

    from duka.core.access import Actor, Role
    from duka.services.shop import Shop
    from duka.ui.startup import Startup

    shop_file = tmp_path / "shop.sqlite3"
    shop_file.write_bytes(demo_template.read_bytes())
    backup = tmp_path / "old.sqlite3"
    from duka.store.backup import backup_file

    with Shop.open(shop_file, backup_dir=private_home / "backups") as shop:
        backup_file(shop_file, backup)  # the shop as it is, before the change below
        shop.context.db.execute("UPDATE settings SET value = '\"Renamed\"' WHERE key = 'shop_name'")
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    Startup(app, db=str(shop_file), language=None, screen=None)._restore(
        shop_file, backup, Actor(None, "Amina", Role.OWNER)
    )
    assert no_blocking_dialogs and no_blocking_dialogs[-1].startswith(f"Restored {backup}")
    assert preview(shop_file).shop_name == "Duka la Mama Amina"
    kept = list((private_home / "backups").glob("shop-replaced-*.sqlite3"))
    assert len(kept) == 1 and preview(kept[0]).shop_name == "Renamed"
