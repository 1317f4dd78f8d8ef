"""A payment reminder to send: the picture as the customer will see it on their phone, to
save or copy into any messaging app, and the same page as a PDF to print."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from duka.core.customers import CustomerRow
from duka.core.settings import LANGUAGE
from duka.i18n import LANGUAGES, _, language_label
from duka.paths import safe_file_name
from duka.ui.operations import attempt
from duka.ui.state import AppState
from duka.ui.widgets.screen_fit import FittedDialog

PREVIEW_WIDTH = 420


class ReminderDialog(FittedDialog):
    def __init__(
        self, state: AppState, customer: CustomerRow, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("reminderDialog")
        self.state = state
        self.customer = customer
        self._folder = Path(tempfile.mkdtemp(prefix="duka-reminder-"))
        stem = safe_file_name(f"reminder-{customer.name}")
        self.pdf = self._folder / f"{stem}.pdf"
        self.png = self._folder / f"{stem}.png"
        self.language = QComboBox()
        for code in LANGUAGES:
            self.language.addItem(language_label(code), code)
        chosen = customer.language or str(state.settings[LANGUAGE])
        self.language.setCurrentIndex(max(0, self.language.findData(chosen)))
        self.language.activated.connect(lambda _i: self.draw())
        self.picture = QLabel()
        self.picture.setObjectName("reminderPicture")
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        scroll = QScrollArea()
        scroll.setWidget(self.picture)
        scroll.setWidgetResizable(True)
        self.copy_button = QPushButton(_("Copy the picture"))
        self.copy_button.setObjectName("primary")
        self.copy_button.clicked.connect(self.copy_picture)
        self.save_picture_button = QPushButton(_("Save the picture…"))
        self.save_picture_button.clicked.connect(lambda: self.save(self.png, _("PNG (*.png)")))
        self.save_pdf_button = QPushButton(_("Save as PDF…"))
        self.save_pdf_button.clicked.connect(lambda: self.save(self.pdf, _("PDF (*.pdf)")))
        self.note = QLabel(
            _("Paste the picture into WhatsApp, Telegram or any messaging app, or print the PDF.")
        )
        self.note.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Written in")))
        top.addWidget(self.language)
        top.addStretch(1)
        buttons = QHBoxLayout()
        for button in (self.copy_button, self.save_picture_button, self.save_pdf_button):
            buttons.addWidget(button)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.note)
        layout.addLayout(buttons)
        layout.addWidget(close)
        self.setWindowTitle(_("Payment reminder"))
        self.resize(PREVIEW_WIDTH + 80, 700)
        self.draw()

    def draw(self) -> None:
        accounts = self.state.shop.accounts
        language = self.language.currentData()
        done = attempt(
            self,
            lambda: accounts.reminder(self.customer.id, self.pdf, self.png, language),
        )
        if done is None:
            return
        image = QImage(str(self.png))
        self.picture.setPixmap(
            QPixmap.fromImage(image).scaledToWidth(
                PREVIEW_WIDTH, Qt.TransformationMode.SmoothTransformation
            )
        )

    def copy_picture(self) -> None:
        QGuiApplication.clipboard().setImage(QImage(str(self.png)))

    def save(self, source: Path, kinds: str) -> None:
        chosen, _filter = QFileDialog.getSaveFileName(
            self, _("Save the reminder"), source.name, kinds
        )
        if chosen:
            attempt(self, lambda: shutil.copyfile(source, chosen))

    def done(self, result: int) -> None:
        shutil.rmtree(self._folder, ignore_errors=True)
        super().done(result)
