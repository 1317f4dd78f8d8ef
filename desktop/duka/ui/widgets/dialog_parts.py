"""Pieces every form dialog shares: OK and Cancel, and the intro-form-buttons layout."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QVBoxLayout, QWidget


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
