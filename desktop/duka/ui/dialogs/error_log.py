"""The error log on screen (Settings, "Error log…"): its newest entries, "Copy details" for
whoever helps the shop, and the log's folder. What it shows has no PINs and nothing about
people in it (duka.redaction), whichever Duka wrote the log."""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QFontDatabase, QTextCursor
from PySide6.QtWidgets import (
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from duka import paths
from duka.i18n import _
from duka.logs import entries, scrub_old_entries
from duka.ui.models.windowed import isolate
from duka.ui.operations import copy_details
from duka.ui.widgets.dialog_parts import close_with, done_line
from duka.ui.widgets.screen_fit import FittedDialog

SHOWN = 50


class ErrorLogDialog(FittedDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("errorLog")
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.text = QPlainTextEdit()
        self.text.setObjectName("errorLogText")
        self.text.setReadOnly(True)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        # The log is written in English and code: it reads left to right in every language.
        self.text.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        # The newest entry stays in view while the dialog fits itself to the screen (which
        # re-lays the text), until the shopkeeper scrolls.
        self._follow = True
        bar = self.text.verticalScrollBar()
        bar.rangeChanged.connect(self._range_changed)
        bar.actionTriggered.connect(self._scrolled)
        self.status = done_line()

        self.copy_button = QPushButton()
        self.folder_button = QPushButton()
        self.buttons = close_with(
            self, (self.copy_button, self.copy), (self.folder_button, self.open_folder)
        )

        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.resize(860, 520)
        self.retranslate()
        self.load()
        self.copy_button.setFocus()

    def load(self) -> None:
        """The newest entries, newest last, scrolled to the end."""
        found = entries(SHOWN)
        if found:
            self.text.setPlainText("\n\n".join(found))
        else:
            self.text.setPlainText(_("Nothing has gone wrong: the error log is empty."))
        self._to_the_end()

    def _to_the_end(self) -> None:
        self.text.moveCursor(QTextCursor.MoveOperation.End)
        self.text.ensureCursorVisible()

    def _range_changed(self, _low: int, high: int) -> None:
        if self._follow:
            self.text.verticalScrollBar().setValue(high)

    def _scrolled(self, _action: int) -> None:
        self._follow = False

    def copy(self) -> None:
        copy_details()
        self._say(_("The details are copied: paste them into a message to whoever helps you."))

    def open_folder(self) -> None:
        scrub_old_entries()  # the files themselves may be sent, not only what is shown
        folder = paths.log_dir()
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            pass
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
            self._say(
                _("The folder could not be opened: {folder}").format(folder=isolate(str(folder)))
            )

    def _say(self, text: str) -> None:
        self.status.setText(text)
        self.status.show()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Error log"))
        self.intro.setText(
            _(
                "What went wrong lately, newest last. It holds no PINs and nothing about "
                "your customers: you can send it to whoever helps you with Duka."
            )
        )
        self.copy_button.setText(_("Copy details"))
        self.folder_button.setText(_("Open the folder"))
