"""A barcode scanner and a cashier at the counter, as the app sees them.

Keys arrive at the window in front, the one a window manager gives the keyboard (a modal box
when one is open), the way a real keyboard's keys do: through the window, its shortcuts and
its modality, not straight into a chosen widget. A scanner types its code a few ms a key and
ends with Enter; a person types slower.

Everything a `Counter` does runs from the event loop, one step after the other, so a step can
open a modal box (whose exec() waits) and the next steps still happen while it is open, as
they would at a real counter. `run()` returns when every step is done and every box closed;
a box left open at the end is closed and named in `left_open`.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication, QWindow
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

# The real one, before the UI tests' fixture answers boxes at once.
REAL_BOX_EXEC = QMessageBox.exec

SCANNER_GAP_MS = 5
PERSON_GAP_MS = 150
_SHIFTED = set('~!@#$%^&*()_+{}|:"<>?')


def front_window() -> QWindow:
    """The window the keyboard's keys go to now: the modal box if one is open, else the
    focused window, else the top window (activated, as a window manager would)."""
    modal = QApplication.activeModalWidget()
    focus = QGuiApplication.focusWindow()
    top: QWidget | None = modal
    if top is None:
        if focus is not None:
            return focus
        shown = [w for w in QApplication.topLevelWidgets() if w.isVisible() and not w.isModal()]
        assert shown, "no window is open to type into"
        top = shown[-1]
    handle = top.windowHandle()
    assert handle is not None
    if focus is not handle:
        # The window manager gives the new window the keyboard before any key reaches it
        # (X sends keys to the focused window, and Qt drops those aimed at a blocked one).
        top.activateWindow()
        until = time.monotonic() + 0.2
        while QGuiApplication.focusWindow() is not handle and time.monotonic() < until:
            QApplication.processEvents()
    return handle


def _key_of(char: str) -> tuple[Qt.Key, Qt.KeyboardModifier]:
    shift = char.isupper() or char in _SHIFTED
    modifier = Qt.KeyboardModifier.ShiftModifier if shift else Qt.KeyboardModifier.NoModifier
    if not char.isascii():
        return Qt.Key.Key_unknown, modifier
    return Qt.Key(ord(char.upper())), modifier


def send_char(char: str) -> None:
    key, modifier = _key_of(char)
    _click(key, char, modifier)


def _click(key: Qt.Key, text: str, modifier: Qt.KeyboardModifier) -> None:
    QTest.sendKeyEvent(QTest.KeyAction.Press, front_window(), key, text, modifier)
    released = QGuiApplication.focusWindow()  # the press may have closed its window
    if released is not None and released.isVisible():
        QTest.sendKeyEvent(QTest.KeyAction.Release, released, key, text, modifier)


def send_key(key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    text = {Qt.Key.Key_Return: "\r", Qt.Key.Key_Enter: "\r", Qt.Key.Key_Escape: "\x1b"}.get(key, "")
    _click(key, text, modifier)


class Counter:
    """Steps at the counter, done in order from the event loop by `run()`."""

    def __init__(self, qtbot: QtBot) -> None:
        self.qtbot = qtbot
        self.steps: deque[tuple[int, Callable[[], object]]] = deque()
        self.left_open: list[str] = []
        self._finished = False
        self._busy = False

    def at(self, widget: QWidget | None) -> Counter:
        """The cashier clicks into `widget` first (its window comes to the front)."""
        if widget is not None:

            def focus() -> None:
                widget.window().activateWindow()
                widget.setFocus()

            self.steps.append((0, focus))
        return self

    def scan(self, code: str, gap_ms: int = SCANNER_GAP_MS) -> Counter:
        def burst() -> None:
            # The scanner does not wait for the app: its keys come `gap_ms` apart even
            # when the app is busy (and a loaded test machine does not stretch the gaps).
            # Sending a key may run the event loop: the next step waits for the burst's
            # end, but not for its Enter, which may open a box that waits in exec().
            self._busy = True
            try:
                for char in code:
                    send_char(char)
                    time.sleep(gap_ms / 1000)
            finally:
                self._busy = False
            send_key(Qt.Key.Key_Return)

        self.steps.append((gap_ms, burst))
        return self

    def type(self, text: str, gap_ms: int = PERSON_GAP_MS) -> Counter:
        for char in text:
            self.steps.append((gap_ms, lambda c=char: send_char(c)))
        return self

    def press(self, key: Qt.Key, gap_ms: int = PERSON_GAP_MS) -> Counter:
        self.steps.append((gap_ms, lambda: send_key(key)))
        return self

    def wait(self, ms: int) -> Counter:
        self.steps.append((ms, lambda: None))
        return self

    def then(self, action: Callable[[], object], gap_ms: int = 0) -> Counter:
        """Run `action` at this point (to look at what is open, or to act as the cashier)."""
        self.steps.append((gap_ms, action))
        return self

    def run(self, timeout_ms: int = 15000, settle_ms: int = 250) -> Counter:
        self._finished = False
        self._advance()
        deadline = time.monotonic() + timeout_ms / 1000
        self.qtbot.waitUntil(lambda: self._finished, timeout=timeout_ms)
        self.qtbot.wait(settle_ms)
        assert time.monotonic() < deadline + 5, "the counter's steps took too long"
        return self

    def _advance(self) -> None:
        if not self.steps:
            QTimer.singleShot(150, self._close_left_open)
            return
        gap, action = self.steps.popleft()

        def fire() -> None:
            if self._busy:  # a burst of keys is being typed: this step comes after it
                QTimer.singleShot(1, fire)
                return
            self._advance()  # first: the action may open a box whose exec() waits
            action()

        QTimer.singleShot(gap, fire)

    def _close_left_open(self) -> None:
        modal = QApplication.activeModalWidget()
        if modal is None:
            self._finished = True
            return
        text = modal.text() if isinstance(modal, QMessageBox) else modal.objectName()
        self.left_open.append(text or type(modal).__name__)
        modal.close()
        QTimer.singleShot(50, self._close_left_open)


def scan(qtbot: QtBot, widget: QWidget | None, code: str, gap_ms: int = SCANNER_GAP_MS) -> None:
    """Scan `code` into the app (aimed at `widget`'s window when given, else the front one)."""
    counter = Counter(qtbot).at(widget).scan(code, gap_ms).run()
    assert counter.left_open == [], f"left open: {counter.left_open}"


def open_modal() -> str | None:
    """What the cashier sees in front: a box's text, a dialog's name, or None."""
    modal = QApplication.activeModalWidget()
    if modal is None:
        return None
    if isinstance(modal, QMessageBox):
        return modal.text()
    return modal.objectName() or type(modal).__name__


scan_with_scanner = scan  # for modules whose own `scan` types straight into a field
