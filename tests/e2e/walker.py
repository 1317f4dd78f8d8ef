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
from collections.abc import Callable, Generator
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

Step = int | Callable[[], object]
Walk = Generator[Step, None, None]

HUMAN_KEY_MS = 90  # a person types some ten keys a second
SCANNER_KEY_MS = 5  # a USB scanner's keys come a few ms apart
WAIT_LIMIT_S = 20.0


class WalkFailed(Exception):
    pass


def app() -> QApplication:
    found = QApplication.instance()
    assert isinstance(found, QApplication)
    return found


def target() -> QWidget:
    """Where a key pressed now goes: the focused widget, else the active window. Xvfb has no
    window manager to give the keyboard back to the window under a closed dialog: the
    person's click into that window is made here."""
    if app().activeWindow() is None:
        front = app().activeModalWidget() or next(
            (w for w in app().topLevelWidgets() if w.isVisible() and w.isWindow()), None
        )
        if front is not None:
            front.activateWindow()
            app().processEvents()
    widget = app().focusWidget() or app().activeModalWidget() or app().activeWindow()
    if widget is None:
        raise WalkFailed("no window has the keyboard focus")
    return widget


def activate(widget: QWidget) -> Walk:
    """What a window manager does for a new window, or the person clicking into it (Xvfb has
    no window manager, so nothing else would give it the keyboard)."""
    widget.activateWindow()
    widget.raise_()
    yield 200


def later(action: Callable[[], object]) -> None:
    """Do `action` from the event loop, not from inside the walk's step: a key that opens a
    dialog runs its exec() there, and the walk goes on around it."""
    QTimer.singleShot(0, action)


def press(key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> Walk:
    later(lambda: QTest.keyClick(target(), key, modifier))
    yield 80


def type_text(text: str, gap_ms: int = HUMAN_KEY_MS) -> Walk:
    for char in text:
        later(lambda char=char: QTest.keyClicks(target(), char))
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
