"""What every screen shares: the app state, re-reading its texts on a language switch, and
refreshing when a write (here or in another process) changed the areas it shows."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QWidget

from duka.core.changes import Area, Changes
from duka.ui.state import AppState


class Screen(QWidget):
    # The areas of the shop this screen shows: a change to any of them calls data_changed.
    watches: frozenset[Area] = frozenset()

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        if self.watches:
            state.changed.connect(self._changed)

    def _changed(self, changes: Changes) -> None:
        # A screen out of sight reads afresh when it is brought to the front (shown): a
        # sale must not wait for lists nobody is looking at.
        if self.isVisible() and changes.touches(self.watches):
            self.data_changed(changes)

    def data_changed(self, changes: Changes) -> None:
        """Something this screen shows, on screen now, changed (`changes` touches
        `watches`): show it."""

    def retranslate(self) -> None:
        """Set every visible text again in the current language (values stay as they are)."""

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            try:
                self.retranslate()
            except Exception as error:  # noqa: BLE001 - an error must not escape into Qt
                # PySide aborts on an exception leaving an event handler that Qt calls while
                # delivering posted events; log it and keep the rest of the window working.
                from duka.logs import log_unexpected  # only when something went wrong

                log_unexpected(error, where=f"{type(self).__name__} (language change)")
        super().changeEvent(event)

    def shown(self) -> None:
        """Called each time the screen is brought to the front."""

    def permissions_changed(self) -> None:
        """Someone else signed in: show or enable only what they may use."""
