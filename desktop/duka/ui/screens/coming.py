"""A screen whose feature is not built yet: it says so plainly, with no made-up data."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from duka.i18n import _
from duka.ui.screens.base import Screen
from duka.ui.state import AppState


class ComingScreen(Screen):
    def __init__(
        self, state: AppState, title: str, message: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(state, parent)
        self._title_id = title
        self._message_id = message
        self._title = QLabel()
        self._title.setObjectName("emptyTitle")
        self._text = QLabel()
        self._text.setObjectName("emptyText")
        self._text.setWordWrap(True)
        for label in (self._title, self._text):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self._title)
        layout.addWidget(self._text)
        layout.addStretch(2)
        self.retranslate()

    def retranslate(self) -> None:
        self._title.setText(_(self._title_id))
        self._text.setText(_(self._message_id))
