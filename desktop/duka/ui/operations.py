"""Running a service call from the interface: refusals become a translated message box.

Unexpected errors are left to propagate to the app's exception hook, which logs them and
shows a short apology naming the log file.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtWidgets import QMessageBox, QWidget

from duka.i18n import TranslatableError, _
from duka.logs import log_unexpected
from duka.ui.widgets.screen_fit import watch_dialog

T = TypeVar("T")


def show_refusal(parent: QWidget | None, error: TranslatableError) -> None:
    box = QMessageBox(
        QMessageBox.Icon.Warning, _("Duka"), error.message, QMessageBox.StandardButton.Ok, parent
    )
    watch_dialog(box)
    box.setObjectName("refusal")
    box.exec()


def show_unexpected(error: BaseException, parent: QWidget | None = None) -> None:
    log = log_unexpected(error)
    box = QMessageBox(
        QMessageBox.Icon.Critical,
        _("Duka"),
        _(
            "Sorry, something went wrong. Nothing you saved was lost. The details are in {log}"
        ).format(log=log),
        QMessageBox.StandardButton.Ok,
        parent,
    )
    watch_dialog(box)
    box.setObjectName("unexpected")
    box.exec()


def attempt(parent: QWidget | None, action: Callable[[], T]) -> T | None:
    """`action()`, or None after showing why it was refused."""
    try:
        return action()
    except TranslatableError as error:
        show_refusal(parent, error)
        return None
