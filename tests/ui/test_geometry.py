"""Every screen and the main dialogs fit from a 1024x600 netbook to a 4K screen at 200%.

The sizes are the screen's, so each runs in a process of its own (Qt fixes the offscreen
screen and the scale factor when it starts): tests/ui/geometry_probe.py renders every
screen and dialog there in English, French, Arabic and Hindi (one after the other, as a
language switch does) and lists, by geometry and size hints, each widget that sticks out of
what holds it or cuts its text.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QByteArray, QPoint, QRect, QSize
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from duka.i18n.languages import LANGUAGES
from duka.ui.main_window import MainWindow
from duka.ui.widgets.flow import FlowLayout
from duka.ui.widgets.screen_fit import FittedDialog, available
from tests.ui.fit_check import misfits

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("size", "scale"),
    [("1024x600", "1"), ("1366x768", "1"), ("1366x768", "2")],
    ids=["netbook-1024x600", "laptop-1366x768", "4k-at-200%"],
)
def test_every_screen_and_dialog_fits_in_every_language(
    demo_template: Path, tmp_path: Path, size: str, scale: str
) -> None:
    shop = tmp_path / "shop.sqlite3"
    shop.write_bytes(demo_template.read_bytes())
    env = dict(os.environ)
    env.pop("QT_QPA_PLATFORM", None)  # the probe sets its own screen
    env.pop("QT_SCALE_FACTOR", None)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(ROOT / "desktop"), str(ROOT), env.get("PYTHONPATH", "")]
    )
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "tests.ui.geometry_probe",
            str(shop),
            "--size",
            size,
            "--scale",
            scale,
            "--languages",
            # Every language on the netbook, where words run out of room first.
            ",".join(LANGUAGES) if size == "1024x600" else "en,fr,ar,hi",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    found = json.loads(run.stdout.strip().splitlines()[-1])
    report = "\n".join(f"{case}:\n  " + "\n  ".join(problems) for case, problems in found.items())
    assert found == {}, f"does not fit at {size} x{scale}:\n{report}"


# -- the checker and the mechanisms, in this process (an 800x800 offscreen screen) ----------


def test_the_checker_sees_a_cut_button_and_a_widget_outside_its_window(qtbot: QtBot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    window.resize(300, 100)
    squeezed = QPushButton("A rather long button text that needs room", window)
    squeezed.setGeometry(0, 0, 60, 30)
    outside = QLineEdit(window)
    outside.setGeometry(280, 50, 100, 30)
    window.show()
    found = misfits(window)
    assert any("A rather long button" in line and "cut" in line for line in found), found
    assert any("QLineEdit" in line and "outside" in line for line in found), found
    squeezed.setProperty("elides", True)  # cut on purpose: not reported
    assert not any("A rather long button" in line for line in misfits(window))


def _tall_dialog(rows: int) -> tuple[QDialog, QFormLayout, QDialogButtonBox]:
    dialog = FittedDialog()
    layout = QVBoxLayout(dialog)
    layout.addWidget(QLabel("Count the drawer"))
    form = QFormLayout()
    for row in range(rows):
        form.addRow(f"Row {row}", QLineEdit())
    layout.addLayout(form)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
    layout.addWidget(buttons)
    return dialog, form, buttons


def _inside_screen(dialog: QDialog) -> bool:
    return available(dialog).contains(dialog.frameGeometry())


def test_a_dialog_taller_than_the_screen_scrolls_with_its_buttons_in_view(qtbot: QtBot) -> None:
    dialog, _form, buttons = _tall_dialog(60)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert _inside_screen(dialog)
    area = dialog.findChild(QScrollArea)
    assert area is not None and area.verticalScrollBar().maximum() > 0
    assert buttons.parentWidget() is dialog  # not scrolled away
    assert dialog.rect().contains(buttons.geometry())
    assert misfits(dialog) == []


def test_a_dialog_that_grows_while_open_stays_on_the_screen(qtbot: QtBot) -> None:
    dialog, form, buttons = _tall_dialog(3)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.findChild(QScrollArea) is None  # small enough: left as it is
    for row in range(60):  # as the cash drawer shows its count once it is opened
        form.addRow(f"Coin {row}", QLineEdit())
    qtbot.waitUntil(lambda: dialog.findChild(QScrollArea) is not None)
    qtbot.waitUntil(lambda: _inside_screen(dialog))
    assert dialog.rect().contains(buttons.geometry())


def test_the_window_opens_within_the_screen_and_a_restored_placement_is_brought_back(
    qtbot: QtBot, state: object, private_home: Path
) -> None:
    from duka.ui.machine import machine_settings
    from duka.ui.state import AppState

    assert isinstance(state, AppState)
    window = MainWindow(state)
    qtbot.addWidget(window)
    room = available(window)  # the offscreen screen is 800x800: smaller than 1366x768
    assert window.width() <= room.width() and window.height() <= room.height()
    # A placement saved on a larger screen, far to the right.
    big = MainWindow(state)
    qtbot.addWidget(big)
    big.setGeometry(QRect(QPoint(1500, 900), QSize(1900, 1000)))
    machine_settings().setValue("window/geometry", QByteArray(big.saveGeometry()))
    again = MainWindow(state)
    qtbot.addWidget(again)
    again.restore_placement()
    again.show()
    qtbot.waitExposed(again)
    qtbot.waitUntil(lambda: room.contains(again.frameGeometry()))


def test_a_notice_on_the_sell_screen_does_not_move_the_cart(window: MainWindow) -> None:
    from duka.ui.screens.sell import SellScreen

    window.resize(1024, 600)
    sell = window.show_screen("sell")
    assert isinstance(sell, SellScreen)
    QApplication.processEvents()
    top = sell.table.mapTo(sell, QPoint(0, 0)).y()
    sell._warn("No product has the code 4006381333931. Add it?")
    QApplication.processEvents()
    assert sell.notice.isVisible() and sell.notice.text()
    assert sell.table.mapTo(sell, QPoint(0, 0)).y() == top


def test_a_row_of_buttons_wraps_instead_of_cutting_them(qtbot: QtBot) -> None:
    bar = QWidget()
    qtbot.addWidget(bar)
    outer = QHBoxLayout(bar)
    flow = FlowLayout()
    outer.addLayout(flow)
    buttons = [QPushButton(f"A button called number {n}") for n in range(6)]
    for button in buttons:
        flow.addWidget(button)
    bar.resize(bar.minimumSizeHint().width(), 400)
    bar.show()
    qtbot.waitExposed(bar)
    assert len({button.y() for button in buttons}) > 1  # more than one line
    assert misfits(bar) == []
    bar.setLayoutDirection(bar.layoutDirection().RightToLeft)
    bar.resize(2000, 400)
    QApplication.processEvents()
    assert len({button.y() for button in buttons}) == 1
    assert buttons[0].x() > buttons[-1].x()  # Arabic reads the row from the right
