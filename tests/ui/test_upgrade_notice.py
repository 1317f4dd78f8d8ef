"""Starting the app on a shop written by an older Duka says, once, that its data was updated
and where the copy of it as it was is."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from duka.store.migrations import SCHEMA_VERSION
from duka.ui.startup import Startup
from tests.services.test_upgrades import copy_fixture

VERSION = SCHEMA_VERSION - 1


def _notices(app: QApplication) -> list[QMessageBox]:
    return [
        w
        for w in app.topLevelWidgets()
        if isinstance(w, QMessageBox) and w.objectName() == "upgradeNotice"
    ]


def _line(backups: Path, isolated: bool = False) -> str:
    (copy,) = backups.glob(f"*-before-v{SCHEMA_VERSION}-*.sqlite3")
    path = f"\u2066{copy}\u2069" if isolated else str(copy)  # left to right, even in Arabic
    return (
        f"Duka updated this shop's data from version {VERSION} to {SCHEMA_VERSION}; "
        f"a copy of it as it was is in {path}."
    )


def test_the_window_shows_the_upgrade_once_over_the_first_screen(
    qapp: QApplication,
    qtbot: QtBot,
    tmp_path: Path,
    private_home: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = copy_fixture(VERSION, tmp_path)
    seen: list[str] = []

    def run_briefly() -> int:
        # Long enough for what the window does after it shows (listening, preloading).
        qtbot.wait(1500)
        for box in _notices(qapp):
            seen.append(box.text())
            assert box.isVisible()
            box.grab().save(str(tmp_path / "notice.png"))
            box.close()
        for widget in qapp.topLevelWidgets():
            widget.close()
        return 0

    monkeypatch.setattr(qapp, "exec", run_briefly)
    start = Startup(qapp, db=str(path), language="en", screen=None)
    assert start.run(screenshot=None, exit_after_show=False) == 0
    assert seen == [_line(private_home / "backups", isolated=True)]

    # The next start finds the shop up to date: nothing more to say.
    seen.clear()
    assert start.run(screenshot=None, exit_after_show=False) == 0
    assert seen == []


def test_a_start_without_a_window_says_it_on_stderr(
    qapp: QApplication,
    tmp_path: Path,
    private_home: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = copy_fixture(VERSION, tmp_path)
    code = Startup(qapp, db=str(path), language="en", screen=None).run(
        screenshot=None, exit_after_show=True
    )
    assert code == 0
    # The start's quit outlives its event loop: every dialog's exec() in the later tests of
    # this process would return at once. One more short loop takes it.
    QTimer.singleShot(0, qapp.quit)
    qapp.exec()
    said = capsys.readouterr().err.splitlines()
    assert said.count(_line(private_home / "backups")) == 1, said
    assert _notices(qapp) == []


def test_the_window_is_gone_once_its_shop_closes(
    qapp: QApplication, tmp_path: Path, private_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After the event loop the window goes with its shop: nothing of it may act on the
    closed shop (a language change reaching it raised 'closed database' after a restore)."""
    from duka.ui.main_window import MainWindow

    path = copy_fixture(VERSION, tmp_path)
    monkeypatch.setattr(qapp, "exec", lambda: 0)
    assert (
        Startup(qapp, db=str(path), language="en", screen=None).run(
            screenshot=None, exit_after_show=False
        )
        == 0
    )
    assert not [w for w in qapp.topLevelWidgets() if isinstance(w, MainWindow)]
