"""A one-line label that shortens its text with "…" to the room it has, the whole text in
its tooltip: for lists of unknown length (a file's columns) on a 1024x600 screen."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics, QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget


class ElidedLabel(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._whole = ""
        self.setProperty("elides", True)  # the layout checks know it shortens on purpose
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.setTextFormat(Qt.TextFormat.PlainText)

    def set_whole_text(self, text: str) -> None:
        self._whole = text
        self.setToolTip(text)
        self._fit()

    def whole_text(self) -> str:
        return self._whole

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        room = max(0, self.contentsRect().width())
        self.setText(
            QFontMetrics(self.font()).elidedText(self._whole, Qt.TextElideMode.ElideRight, room)
        )
