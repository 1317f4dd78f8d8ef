"""Pieces dialogs share: OK and Cancel, the intro-form-buttons layout, a Close box with the
dialog's own actions, and the line that says an action was done."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


def ok_cancel(dialog: QDialog) -> QDialogButtonBox:
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


def stack(dialog: QDialog, intro: QWidget, form: QFormLayout, *below: QWidget) -> QVBoxLayout:
    """The intro above the form, then `below` (an error line, the buttons) in order."""
    layout = QVBoxLayout(dialog)
    layout.addWidget(intro)
    layout.addLayout(form)
    for widget in below:
        layout.addWidget(widget)
    return layout


def close_with(
    dialog: QDialog, *actions: tuple[QPushButton, Callable[[], object]]
) -> QDialogButtonBox:
    """Close, beside the dialog's own action buttons (the first is the primary one)."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.rejected.connect(dialog.reject)
    for number, (button, slot) in enumerate(actions):
        if number == 0:
            button.setObjectName("primary")
        buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        button.clicked.connect(slot)
    return buttons


def done_line() -> QLabel:
    """The line that says an action was done (hidden until then; its text can be copied)."""
    line = QLabel()
    line.setObjectName("dialogSuccess")
    line.setWordWrap(True)
    line.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    line.hide()
    return line
