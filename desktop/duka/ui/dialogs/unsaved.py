"""Asking what to do with unsaved changes before the window closes."""

from __future__ import annotations

from typing import Literal

from PySide6.QtWidgets import QMessageBox, QWidget

from duka.i18n import _
from duka.ui.widgets.screen_fit import watch_dialog

Answer = Literal["save", "discard", "cancel"]


def ask_unsaved(parent: QWidget) -> Answer:
    box = QMessageBox(parent)
    watch_dialog(box)
    box.setObjectName("unsaved")
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(_("Duka"))
    box.setText(_("The settings have unsaved changes. Save them before closing?"))
    box.setStandardButtons(
        QMessageBox.StandardButton.Save
        | QMessageBox.StandardButton.Discard
        | QMessageBox.StandardButton.Cancel
    )
    box.setDefaultButton(QMessageBox.StandardButton.Save)
    choice = box.exec()
    if choice == QMessageBox.StandardButton.Save:
        return "save"
    if choice == QMessageBox.StandardButton.Discard:
        return "discard"
    return "cancel"
