"""Locking the screen when nobody has touched the keyboard or mouse for a while."""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject, QTimer

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
    """Watches all input to the app; after the shop's idle time, locks the screen."""

    def __init__(
        self, state: AppState, check_every_ms: int = 5000, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.state = state
        self.last_input = time.monotonic()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.check)
        self._timer.start(check_every_ms)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _INPUT:
            self.last_input = time.monotonic()
        return False

    def check(self) -> None:
        minutes = self.state.settings[AUTO_LOCK]
        if not minutes or self.state.actor is None:
            return
        if time.monotonic() - self.last_input >= minutes * 60:
            self.state.lock()
