"""Running a service call from the interface: refusals become a translated message box, and
what an operation changed is told to every screen (AppState.perform).

Unexpected errors are left to propagate to the app's exception hook, which logs them and
shows a short apology naming the log file, with "Copy details" for whoever helps the shop.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtWidgets import QAbstractButton, QApplication, QMessageBox, QWidget

from duka.core.changes import Outcome
from duka.i18n import TranslatableError, _, current_language
from duka.ui.models.windowed import isolate
from duka.ui.widgets.screen_fit import watch_dialog

if TYPE_CHECKING:
    from duka.services.shop_view import ShopView
    from duka.ui.state import AppState
    from duka.ui.workers import ProgressWorker

T = TypeVar("T")


def show_refusal(parent: QWidget | None, error: TranslatableError) -> None:
    box = QMessageBox(
        QMessageBox.Icon.Warning, _("Duka"), error.message, QMessageBox.StandardButton.Ok, parent
    )
    watch_dialog(box)
    box.setObjectName("refusal")
    box.exec()


def ask(parent: QWidget | None, title: str, text: str) -> bool:
    """A yes-or-no question in a box that fits the screen; True for yes."""
    box = QMessageBox(
        QMessageBox.Icon.Question,
        title,
        text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        parent,
    )
    watch_dialog(box)
    return box.exec() == QMessageBox.StandardButton.Yes


def tell(parent: QWidget | None, title: str, text: str) -> None:
    """A piece of news in a box that fits the screen."""
    box = QMessageBox(
        QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.Ok, parent
    )
    watch_dialog(box)
    box.exec()


def show_unexpected(
    error: BaseException, parent: QWidget | None = None, where: str | None = None
) -> None:
    from duka.logs import log_unexpected  # read when something went wrong, not at start

    log = log_unexpected(error, where or failed_where())
    box = QMessageBox(
        QMessageBox.Icon.Critical,
        _("Duka"),
        _(
            "Sorry, something went wrong. Nothing you saved was lost. The details are in {log}"
        ).format(log=isolate(str(log))),  # the path reads whole on a right-to-left screen
        QMessageBox.StandardButton.Ok,
        parent,
    )
    watch_dialog(box)
    box.setObjectName("unexpected")
    box.setDefaultButton(QMessageBox.StandardButton.Ok)
    box.setEscapeButton(QMessageBox.StandardButton.Ok)
    copy = box.addButton(_("Copy details"), QMessageBox.ButtonRole.ActionRole)
    copy.setObjectName("copyDetails")
    chosen: list[QAbstractButton] = []
    box.buttonClicked.connect(chosen.append)
    while True:  # every button closes a message box: copying opens it again
        chosen.clear()
        box.exec()
        if not chosen or chosen[-1] is not copy:
            break
        copy_details()
        box.setInformativeText(
            _("The details are copied: paste them into a message to whoever helps you.")
        )


def copy_details() -> str:
    """Put the error report (versions, language, the newest log entries, nothing personal)
    on the clipboard; return it."""
    from duka.logs import report

    text = report(current_language())
    QApplication.clipboard().setText(text)
    return text


def failed_where() -> str:
    """The screen and dialog in front when something failed, by their names in the code."""
    places = []
    for widget in QApplication.topLevelWidgets():
        key = getattr(widget, "current_key", None)
        if callable(key) and widget.isVisible():
            places.append(f"screen {key()}")
    modal = QApplication.activeModalWidget()
    if modal is not None:
        places.append(f"dialog {type(modal).__name__}")
    return ", ".join(places)


def perform(
    parent: QWidget | None, state: AppState, operation: Callable[[], T]
) -> Outcome[T] | None:
    """Run a service operation that writes: its result and change set, or None after showing
    why it was refused. Every screen is told what it changed (AppState.perform). An
    operation that may need a manager's approval goes through duka.ui.approval.approved."""
    try:
        return state.perform(operation)
    except TranslatableError as error:
        show_refusal(parent, error)
        return None


def long_operation(
    state: AppState, job: Callable[[ShopView, Callable[[int, int], bool]], T]
) -> ProgressWorker:
    """A long operation (an import): `job(shop, report)` runs in the thread pool on a
    connection of its own (`report(done, total)` shows progress and answers False once
    cancelled). The worker's `done` carries its `Outcome`, delivered after every screen
    was told what it changed; `failed` carries a refusal or an error. Connect to them, then
    `duka.ui.workers.start` it."""
    from duka.ui.workers import ProgressWorker  # the thread pool's code: not read at start

    shop = state.shop

    def work(report: Callable[[int, int], bool]) -> Outcome[T]:
        with shop.detached() as own:
            return own.perform(lambda: job(own, report))

    worker = ProgressWorker(work)
    worker.signals.done.connect(
        lambda done: state.broadcast(done.changes) if isinstance(done, Outcome) else None
    )
    return worker


def attempt(parent: QWidget | None, action: Callable[[], T]) -> T | None:
    """`action()` that writes nothing (a read, a file written), or None after showing why it
    was refused; operations that write go through `perform`."""
    try:
        return action()
    except TranslatableError as error:
        show_refusal(parent, error)
        return None
