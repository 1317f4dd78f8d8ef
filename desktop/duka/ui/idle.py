"""Locking the screen when nobody has touched the keyboard or mouse for a while.

No timer ticks while the shop waits: one single-shot timer is set for the moment the lock
is due, and when it fires early (someone used Duka since) it is set again for the time
left. An idle Duka on battery wakes the processor only to lock the screen.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QGuiApplication, QWindow

from duka.core.settings import AUTO_LOCK
from duka.ui.state import AppState

_INPUT = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
}


class IdleLock(QObject):
    """Watches the input to Duka's windows; after the shop's idle time, locks the screen."""

    def __init__(self, state: AppState, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.last_input = time.monotonic()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.check)
        state.signed_in.connect(self._signed_in)
        self.check()

    def watch(self, app: QGuiApplication, main: QWindow | None = None) -> None:
        """Count the input to the main window and to each window that gets the keyboard
        (a dialog). Keys, clicks, the wheel and touches reach a window before its widgets;
        a filter on the whole application would run Python for every event Qt sends, and
        the first object PySide has no class for makes it load every class of Qt. The main
        window is watched whether or not it ever has the focus: a counter without a window
        manager types into the window under the pointer, which Qt never calls focused."""
        app.focusWindowChanged.connect(self._watch_window)
        self._watch_window(main)
        self._watch_window(app.focusWindow())

    def _watch_window(self, window: QWindow | None) -> None:
        if window is not None:
            window.installEventFilter(self)  # installing twice keeps one filter

    def _signed_in(self) -> None:
        self.last_input = time.monotonic()  # typing a PIN is using Duka
        self.check()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _INPUT:
            self.last_input = time.monotonic()
            if not self._timer.isActive() and self.state.actor is not None:
                self.check()  # a lock setting changed, or someone signed in
        return False

    def check(self) -> None:
        """Lock if the idle time has passed; else wait, once, for when it will have."""
        minutes = self.state.settings[AUTO_LOCK]
        if not minutes or self.state.actor is None:
            self._timer.stop()  # nothing to wait for: no timer at all
            return
        left = minutes * 60 - (time.monotonic() - self.last_input)
        if left <= 0:
            self._timer.stop()
            self.state.lock()
            return
        self._timer.start(int(left * 1000) + 50)
