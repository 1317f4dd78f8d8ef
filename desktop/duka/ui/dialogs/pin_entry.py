"""Small dialogs that ask for PINs: a new user, a new PIN, an owner, a manager's approval."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from duka.core.access import PIN_MAX, Role
from duka.core.errors import InvalidInput
from duka.i18n import N_, TranslatableError, _, translate
from duka.ui.widgets.dialog_parts import ok_cancel, stack
from duka.ui.widgets.screen_fit import FittedDialog


def pin_field() -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setMaxLength(PIN_MAX)
    return field


class PinDialog(FittedDialog):
    """Asks what `fields` says (a name, a role, a PIN twice...), then runs `accept_with`;
    a refusal is shown in the dialog, which stays open with what was typed."""

    def __init__(
        self,
        title: str,
        intro: str,
        *,
        ask_name: bool = False,
        ask_role: bool = False,
        confirm_pin: bool = True,
        pin_label: str = N_("PIN"),
        intro_params: dict[str, object] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("pinDialog")
        self._title_id, self._intro_id, self._pin_label_id = title, intro, pin_label
        self._intro_params = intro_params or {}
        self.accept_with: Callable[[PinDialog], object] | None = None
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.form = QFormLayout()
        self.name_edit = QLineEdit() if ask_name else None
        self.role_box = QComboBox() if ask_role else None
        self.pin_edit = pin_field()
        self.again_edit = pin_field() if confirm_pin else None
        self._labels: list[tuple[QLabel, str]] = []
        if self.name_edit is not None:
            self.name_edit.setMaxLength(60)
            self._row(N_("Name"), self.name_edit)
        if self.role_box is not None:
            for role in Role:
                self.role_box.addItem("", role)
            self.role_box.setCurrentIndex(self.role_box.findData(Role.CASHIER))
            self._row(N_("Role"), self.role_box)
        self._row(pin_label, self.pin_edit)
        if self.again_edit is not None:
            self._row(N_("The same PIN again"), self.again_edit)
        self.error = QLabel()
        self.error.setObjectName("dialogError")
        self.error.setWordWrap(True)
        self.buttons = ok_cancel(self)
        stack(self, self.intro, self.form, self.error, self.buttons)
        self.setMinimumWidth(420)
        self.retranslate()

    def _row(self, label_id: str, field: QWidget) -> None:
        label = QLabel()
        label.setBuddy(field)
        self.form.addRow(label, field)
        self._labels.append((label, label_id))

    @property
    def name(self) -> str:
        return self.name_edit.text() if self.name_edit is not None else ""

    @property
    def role(self) -> Role:
        return self.role_box.currentData() if self.role_box is not None else Role.CASHIER

    @property
    def pin(self) -> str:
        """The PIN typed, once both entries agree (InvalidInput otherwise)."""
        pin = self.pin_edit.text()
        if self.again_edit is not None and self.again_edit.text() != pin:
            raise InvalidInput(N_("The two PINs differ."), field="pin")
        return pin

    def retranslate(self) -> None:
        self.setWindowTitle(_(self._title_id))
        self.intro.setText(translate(self._intro_id, self._intro_params))
        for label, text in self._labels:
            label.setText(_(text))
        if self.role_box is not None:
            for index in range(self.role_box.count()):
                self.role_box.setItemText(index, _(self.role_box.itemData(index).label))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def accept(self) -> None:
        try:
            if self.accept_with is not None:
                self.result_value = self.accept_with(self)
        except TranslatableError as error:
            self.error.setText(error.message)
            self.pin_edit.clear()
            if self.again_edit is not None:
                self.again_edit.clear()
            self.pin_edit.setFocus()
            return
        super().accept()
