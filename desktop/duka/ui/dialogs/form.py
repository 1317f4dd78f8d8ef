"""A form dialog that saves through a service and, when refused, says why and stays open.

Whatever was typed stays in the fields after a refusal, so nothing a user typed is lost; the
message appears under the form in the current language.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QFormLayout, QLabel, QVBoxLayout, QWidget

from duka.i18n import TranslatableError, _
from duka.ui.widgets.dialog_parts import ok_cancel
from duka.ui.widgets.screen_fit import FittedDialog


class FormDialog(FittedDialog):
    title_id = ""  # catalog strings
    intro_id = ""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.error = QLabel()
        self.error.setObjectName("dialogError")
        self.error.setWordWrap(True)
        self.buttons = ok_cancel(self)
        self.body = QVBoxLayout(self)
        self.body.addWidget(self.intro)
        self.body.addLayout(self.form)
        self._labels: list[tuple[QLabel, str]] = []

    def finish_layout(self, *below: QWidget) -> None:
        """Put `below` (tables, notes) under the form, then the error line and the buttons."""
        for widget in below:
            self.body.addWidget(widget)
        self.body.addWidget(self.error)
        self.body.addWidget(self.buttons)
        self.retranslate()

    def row(self, label_id: str, field: QWidget) -> QLabel:
        label = QLabel()
        label.setBuddy(field)
        self._labels.append((label, label_id))
        self.form.addRow(label, field)
        return label

    def submit(self) -> bool:
        """Save what the form says; raise a TranslatableError to refuse."""
        raise NotImplementedError

    def accept(self) -> None:
        self.error.clear()
        try:
            done = self.submit()
        except TranslatableError as error:
            self.error.setText(error.message)
            return
        if done:
            super().accept()

    def intro_text(self) -> str:
        """The intro in the language on screen; a dialog whose intro shows a number
        writes it in the shop's digits here."""
        return _(self.intro_id)

    def retranslate(self) -> None:
        self.setWindowTitle(_(self.title_id))
        self.intro.setText(self.intro_text() if self.intro_id else "")
        self.intro.setVisible(bool(self.intro_id))
        for label, label_id in self._labels:
            label.setText(_(label_id))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            try:
                self.retranslate()
            except Exception as error:  # noqa: BLE001 - an error must not escape into Qt
                # As in Screen.changeEvent: PySide aborts on an exception leaving a handler
                # Qt calls while delivering posted events (a dialog left open over a shop
                # that has closed re-reads it here).
                from duka.logs import log_unexpected  # only when something went wrong

                log_unexpected(error, where=f"{type(self).__name__} (language change)")
        super().changeEvent(event)
