"""Long work off the window's thread: a QRunnable that reports back through signals.

Start workers with `start()`: it keeps each one alive until its result reaches the window,
so the worker and its signals object are destroyed on the window's thread. Left to the
thread pool, they would be deleted on the pool's thread while the window may be emitting
through them, and Qt's connection lock and Python's GIL can then wait on each other forever
(it happened, rarely, on closing a progress dialog).
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class WorkerSignals(QObject):
    done = Signal(object)
    failed = Signal(object)


class Worker(QRunnable):
    """Runs `job()` in the thread pool; `done` carries its result, `failed` its exception.

    The job must not touch the window's database connection: services offer variants that
    open their own connection for this (Shop.detached).
    """

    def __init__(self, job: Callable[[], object]) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self._job = job
        self.signals = WorkerSignals()

    def run(self) -> None:
        try:
            result = self._job()
        except Exception as error:  # noqa: BLE001 - handed to the window, which reports it
            self.signals.failed.emit(error)
        else:
            self.signals.done.emit(result)


class ProgressSignals(WorkerSignals):
    progress = Signal(int, int)  # done, total


class ProgressWorker(QRunnable):
    """Runs `job(report)` in the thread pool, where `report(done, total)` sends progress to
    the window and answers False once `cancel()` was called, so the job can stop (and roll
    back) at its next step."""

    def __init__(self, job: Callable[[Callable[[int, int], bool]], object]) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self._job = job
        self._cancelled = threading.Event()
        self.signals = ProgressSignals()

    def cancel(self) -> None:
        self._cancelled.set()

    def _report(self, done: int, total: int) -> bool:
        self.signals.progress.emit(done, total)
        return not self._cancelled.is_set()

    def run(self) -> None:
        try:
            result = self._job(self._report)
        except Exception as error:  # noqa: BLE001 - handed to the window, which reports it
            self.signals.failed.emit(error)
        else:
            self.signals.done.emit(result)


_RUNNING: set[QRunnable] = set()


def start(worker: Worker | ProgressWorker) -> None:
    """Run `worker` in the thread pool, holding it until its result is delivered here."""
    _RUNNING.add(worker)
    for signal in (worker.signals.done, worker.signals.failed):
        signal.connect(lambda _value, w=worker: _RUNNING.discard(w))
    QThreadPool.globalInstance().start(worker)


def while_alive(owner: QObject, slot: Callable[[object], None]) -> Callable[[object], None]:
    """`slot`, called only while `owner` still exists: a result that arrives after its screen
    or dialog was closed is dropped (Qt keeps no such watch over a plain Python callable)."""

    def call(value: object) -> None:
        if shiboken6.isValid(owner):
            slot(value)

    return call


def finish_all() -> None:
    """Wait for the workers still running: called as the app quits, while Python can still
    run their last steps (a worker left running into the interpreter's shutdown could hang
    the exit)."""
    QThreadPool.globalInstance().waitForDone()
