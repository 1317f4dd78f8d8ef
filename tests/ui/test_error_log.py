"""The error log from the app: Settings' "Error log…" dialog, "Copy details" there and in the
apology for an unexpected error, and no PIN or name in either."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from duka.core.access import Role
from duka.logs import log_unexpected
from duka.ui.dialogs.error_log import ErrorLogDialog
from duka.ui.dialogs.pin_entry import PinDialog
from duka.ui.main_window import MainWindow
from duka.ui.screens.settings import SettingsScreen
from duka.ui.screens.users import UsersScreen


def open_error_log(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> ErrorLogDialog:
    settings = window.show_screen("settings")
    assert isinstance(settings, SettingsScreen)
    opened: list[ErrorLogDialog] = []

    def shown(dialog: ErrorLogDialog) -> int:
        dialog.show()
        opened.append(dialog)
        return 0

    monkeypatch.setattr(ErrorLogDialog, "exec", shown)
    settings.error_log_button.click()
    (dialog,) = opened
    return dialog


def test_the_error_log_shows_the_newest_entries_and_copies_the_details(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch, private_home: Path
) -> None:
    for number in range(60):
        log_unexpected(RuntimeError(f"failure number {number}"), where="screen sell")
    dialog = open_error_log(window, monkeypatch)
    qtbot.waitExposed(dialog)
    text = dialog.text.toPlainText()
    assert dialog.text.isReadOnly()
    assert text.count("Unexpected error") == 50  # the newest fifty, newest last
    shown = [line for line in text.splitlines() if "failure number" in line]
    assert shown[0] == "  RuntimeError: failure number 10"
    assert shown[-1] == "  RuntimeError: failure number 59"
    bar = dialog.text.verticalScrollBar()
    assert bar.maximum() > 0 and bar.value() == bar.maximum()

    dialog.copy_button.click()
    copied = QApplication.clipboard().text()
    assert copied.splitlines()[0].startswith("Duka ")
    for line in ("Language: en", "Newest entries of the log (10):"):
        assert line in copied.splitlines()
    assert "Qt: " in copied and "Python: " in copied and "System: " in copied
    assert "failure number 59" in copied and "failure number 49" not in copied
    assert dialog.status.isVisible() and "copied" in dialog.status.text()

    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    dialog.folder_button.click()
    assert opened == [QUrl.fromLocalFile(str(private_home / "logs"))]


def test_opening_the_folder_first_cleans_what_an_older_duka_wrote(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch, private_home: Path
) -> None:
    # The shop's files may be mailed as they are: no error since the upgrade is needed for
    # an older Duka's entries to lose their PINs and names.
    folder = private_home / "logs"
    folder.mkdir(parents=True)
    older = folder / "duka.log.1"
    older.write_text(
        "2026-11-30 17:02:11,512 ERROR duka: Unexpected error\n"
        "Traceback (most recent call last):\n"
        "ValueError: PIN 739154 for Amina Odhiambo refused\n",
        encoding="utf-8",
    )
    (folder / "duka.log").write_text("", encoding="utf-8")
    dialog = open_error_log(window, monkeypatch)
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda _url: True)
    dialog.folder_button.click()
    kept = older.read_text(encoding="utf-8")
    assert "739154" not in kept and "Amina" not in kept


def test_an_empty_error_log_says_nothing_went_wrong(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = open_error_log(window, monkeypatch)
    assert dialog.text.toPlainText() == "Nothing has gone wrong: the error log is empty."


@pytest.mark.qt_no_exception_capture
def test_a_pin_typed_before_an_unexpected_failure_is_neither_logged_nor_copied(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch, private_home: Path
) -> None:
    from duka.ui.app import _install_excepthook

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # the app's hook goes after
    _install_excepthook()

    def failing_hash(pin: str, salt: bytes | None = None) -> str:
        raise ValueError(f"scrypt refused the PIN {pin} of Neema Wanjiru: out of memory")

    monkeypatch.setattr("duka.services.access.hash_pin", failing_hash)
    apologies: list[str] = []

    def apology(box: QMessageBox) -> int:
        apologies.append(box.text())
        if len(apologies) == 1:  # "Copy details" first, then OK
            copy = box.findChild(QPushButton, "copyDetails")
            assert copy is not None
            copy.click()
        else:
            assert "copied" in box.informativeText()
            box.button(QMessageBox.StandardButton.Ok).click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", apology)

    def type_and_press_ok(dialog: PinDialog) -> int:
        assert dialog.name_edit is not None and dialog.role_box is not None
        assert dialog.again_edit is not None
        dialog.name_edit.setText("Neema Wanjiru")
        dialog.role_box.setCurrentIndex(dialog.role_box.findData(Role.CASHIER))
        dialog.pin_edit.setText("739154")
        dialog.again_edit.setText("739154")
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.click()  # Qt calls accept(): the failure goes to the app's exception hook
        return int(dialog.result())

    monkeypatch.setattr(PinDialog, "exec", type_and_press_ok)
    users = window.show_screen("users")
    assert isinstance(users, UsersScreen)
    users.add_user()

    assert len(apologies) == 2 and apologies[0].startswith("Sorry, something went wrong.")
    assert "Neema" not in [u.name for u in window.state.shop.access.users()]
    log = (private_home / "logs" / "duka.log").read_text(encoding="utf-8")
    copied = QApplication.clipboard().text()
    for text in (log, copied):
        for secret in ("739154", "Neema", "Wanjiru"):
            assert secret not in text
        assert "ValueError: scrypt refused the PIN <number> of … …: out of memory" in text
        assert "where: screen users" in text
        assert "duka/services/access.py:" in text and "in AccessService.add_user" in text
