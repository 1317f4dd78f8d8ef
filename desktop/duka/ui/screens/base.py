"""What every screen shares: the app state, and re-reading its texts on a language switch."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QWidget

from duka.ui.state import AppState


class Screen(QWidget):
    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state

    def retranslate(self) -> None:
        """Set every visible text again in the current language (values stay as they are)."""

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def shown(self) -> None:
        """Called each time the screen is brought to the front."""
