"""Drives a real Duka window from inside its own process, as a person at the keyboard would.

A walk is a generator of steps: it yields a number (wait that many milliseconds, the event
loop running meanwhile) or a condition (wait until it holds, up to a limit). Keys go to the
widget that has the keyboard focus at that moment, as a keyboard's do; a scanner's code is a
burst of keys 5 ms apart ending in Enter. Nothing here reaches into the shop: what the walk
does, it does through the window.
"""

from __future__ import annotations

import sys
import time
import traceback
from collections import deque
from collections.abc import Callable, Generator
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

Step = int | Callable[[], object]
Walk = Generator[Step, None, None]

HUMAN_KEY_MS = 90  # a person types some ten keys a second
SCANNER_KEY_MS = 5  # a USB scanner's keys come a few ms apart
WAIT_LIMIT_S = 60.0  # a busy CI machine is slow, a stuck walk is not


class WalkFailed(Exception):
    pass


def app() -> QApplication:
    found = QApplication.instance()
    assert isinstance(found, QApplication)
    return found


def target() -> QWidget | None:
    """Where a key pressed now goes: the focused widget of the window in front. A dialog
    just opened has the keyboard only once the window system says so; Xvfb has no window
    manager to give the keyboard to a new dialog or back to the window under a closed one:
    the person's click into that window is made here, and the key waits for it (None)."""
    front = app().activeModalWidget() or next(
        (w for w in app().topLevelWidgets() if w.isVisible() and w.isWindow()), None
    )
    if front is None:
        return None
    if not front.isActiveWindow():
        front.activateWindow()
        return None
    return app().focusWidget() or front


def activate(widget: QWidget) -> Walk:
    """What a window manager does for a new window, or the person clicking into it (Xvfb has
    no window manager, so nothing else would give it the keyboard)."""
    widget.activateWindow()
    widget.raise_()
    yield 200


# What went wrong inside an action run from the event loop, for the walk to report.
ACTION_FAILURES: list[str] = []
# Keys and clicks not yet delivered, in order: a keyboard never reorders its keys.
_PENDING: deque[Callable[[QWidget], object]] = deque()
_RETRY_MS, _TRIES = 50, 400


def later(action: Callable[[QWidget], object]) -> None:
    """Do `action` to the widget that has the keyboard, from the event loop rather than from
    inside the walk's step (a key that opens a dialog runs its exec() there, and the walk goes
    on around it). On a busy machine a window may take a moment to get the keyboard: the
    action, and every one after it, waits for it."""
    _PENDING.append(action)
    _schedule(0, _TRIES)


_SCHEDULED: list[bool] = [False]


def _schedule(delay_ms: int, tries: int) -> None:
    if not _SCHEDULED[0]:
        _SCHEDULED[0] = True
        QTimer.singleShot(delay_ms, lambda: _deliver(tries))


def _deliver(tries: int) -> None:
    _SCHEDULED[0] = False
    if not _PENDING:
        return
    widget = target()
    if widget is None:
        if tries:
            _schedule(_RETRY_MS, tries - 1)
        else:
            ACTION_FAILURES.append("no window took the keyboard")
            _PENDING.clear()
        return
    action = _PENDING.popleft()
    if _PENDING:
        _schedule(0, _TRIES)  # before the action: it may run a dialog's exec() a long while
    try:
        action(widget)
    except Exception:  # noqa: BLE001 - the walk reports it, the app must not
        ACTION_FAILURES.append(traceback.format_exc())


def pending() -> bool:
    """A condition: every key and click sent so far has been delivered."""
    return not _PENDING


def press(key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> Walk:
    later(lambda widget: QTest.keyClick(widget, key, modifier))
    yield 80


def type_text(text: str, gap_ms: int = HUMAN_KEY_MS) -> Walk:
    for char in text:
        later(lambda widget, char=char: QTest.keyClicks(widget, char))
        yield gap_ms


def scan(code: str) -> Walk:
    """A barcode scanner: the code's digits in a burst, then Enter."""
    yield from type_text(code, SCANNER_KEY_MS)
    yield from press(Qt.Key.Key_Return)
    yield 150


def modal(kind: type[QWidget] | None = None) -> Callable[[], QWidget | None]:
    """A condition: the modal dialog open now (of `kind`, when given)."""

    def found() -> QWidget | None:
        widget = app().activeModalWidget()
        if widget is None or not widget.isVisible():
            return None
        if kind is not None and not isinstance(widget, kind):
            return None
        return widget

    return found


def no_modal() -> bool:
    return app().activeModalWidget() is None


class Walker:
    """Runs a walk on the event loop; `failure` says what went wrong, if anything did."""

    def __init__(self, walk: Walk, shots: Path | None) -> None:
        self.walk = walk
        self.shots = shots
        self.failure: str | None = None
        self.done = False
        self._waiting: Callable[[], object] | None = None
        self._since = 0.0
        self._timer = QTimer()
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._tick)

    def start(self, delay_ms: int = 300) -> None:
        self._timer.start(delay_ms)

    def shot(self, name: str) -> None:
        """The window in front now, saved as NAME.png for a person to look at."""
        if self.shots is None:
            return
        widget = (
            app().activeModalWidget()
            or app().activeWindow()
            or next((w for w in app().topLevelWidgets() if w.isVisible() and w.isWindow()), None)
        )
        if widget is not None:
            self.shots.mkdir(parents=True, exist_ok=True)
            widget.grab().save(str(self.shots / f"{name}.png"))

    def _tick(self) -> None:
        try:
            if ACTION_FAILURES:
                raise WalkFailed(ACTION_FAILURES[0])
            if self._waiting is not None:
                if not self._waiting():
                    if time.monotonic() - self._since > WAIT_LIMIT_S:
                        raise WalkFailed(f"waited in vain for {self._waiting.__qualname__}")
                    self._timer.start(50)
                    return
                self._waiting = None
            step = next(self.walk)
        except StopIteration:
            self.done = True
            self._finish(0)
            return
        except Exception:  # noqa: BLE001 - the walk's failure is the report
            self.failure = traceback.format_exc()
            print(self.failure, file=sys.stderr)
            print(f"at: {_where(self.walk)}", file=sys.stderr)
            print(
                f"focus: {app().focusWidget()!r}, active: {app().activeWindow()!r}, "
                f"modal: {app().activeModalWidget()!r}",
                file=sys.stderr,
            )
            self.shot("failure")
            self._finish(3)
            return
        if isinstance(step, int):
            self._timer.start(step)
        else:
            self._waiting, self._since = step, time.monotonic()
            self._timer.start(0)

    def _finish(self, code: int) -> None:
        # Close whatever is open, innermost first, so that the app's own exec() loops end.
        for _round in range(10):
            widget = app().activeModalWidget()
            if widget is None:
                break
            widget.close()
        for widget in app().topLevelWidgets():
            widget.close()
        app().exit(code)


def _where(walk: Walk) -> str:
    """The innermost step the walk was at: its function and line."""
    frame, inner = walk.gi_frame, walk.gi_yieldfrom
    while inner is not None and getattr(inner, "gi_frame", None) is not None:
        frame, inner = inner.gi_frame, inner.gi_yieldfrom
    return f"{frame.f_code.co_name} line {frame.f_lineno}" if frame is not None else "the end"
