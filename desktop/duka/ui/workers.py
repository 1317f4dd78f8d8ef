"""Long work off the window's thread: a QRunnable that reports back through signals."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QRunnable, Signal


class WorkerSignals(QObject):
    done = Signal(object)
    failed = Signal(object)


class Worker(QRunnable):
    """Runs `job()` in the thread pool; `done` carries its result, `failed` its exception.

    The job must not touch the window's database connection: services offer variants that
    open their own connection for this.
    """

    def __init__(self, job: Callable[[], object]) -> None:
        super().__init__()
        self._job = job
        self.signals = WorkerSignals()

    def run(self) -> None:
        try:
            result = self._job()
        except Exception as error:  # noqa: BLE001 - handed to the window, which reports it
            self.signals.failed.emit(error)
        else:
            self.signals.done.emit(result)
