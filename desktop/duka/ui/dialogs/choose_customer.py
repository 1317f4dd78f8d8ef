"""Choosing the customer of a sale (F9): type part of a name or phone, Enter takes the
highlighted one; "No customer" clears it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from duka.i18n import _
from duka.ui.models.windowed import isolate
from duka.ui.state import AppState

_ROLE = 256


class CustomerDialog(QDialog):
    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("customerDialog")
        self.state = state
        self.chosen: int | None = None
        self.cleared = False
        self.search = QLineEdit()
        self.search.textChanged.connect(self._fill)
        self.search.returnPressed.connect(self.accept)
        self.list = QListWidget()
        self.list.itemActivated.connect(lambda _item: self.accept())
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.none_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.ResetRole)
        self.none_button.clicked.connect(self._clear)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.list)
        layout.addWidget(self.buttons)
        self.setWindowTitle(_("Customer"))
        self.search.setPlaceholderText(_("Type part of a name or a phone number"))
        self.none_button.setText(_("No customer"))
        self.resize(480, 360)
        self._fill("")
        self.search.setFocus()

    def keyPressEvent(self, event: object) -> None:  # arrows move in the list from the field
        key = getattr(event, "key", lambda: None)()
        if key in (Qt.Key.Key_Down, Qt.Key.Key_Up) and self.list.count():
            step = 1 if key == Qt.Key.Key_Down else -1
            row = max(0, min(self.list.count() - 1, self.list.currentRow() + step))
            self.list.setCurrentRow(row)
            return
        super().keyPressEvent(event)  # type: ignore[arg-type]

    def _fill(self, text: str) -> None:
        self.list.clear()
        for row in self.state.shop.customers.search(text, 30):
            label = isolate(row.name) + (f"   {isolate(row.phone)}" if row.phone else "")
            item = QListWidgetItem(label)
            item.setData(_ROLE, row.id)
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)

    def _clear(self) -> None:
        self.cleared = True
        self.chosen = None
        super().accept()

    def accept(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        self.chosen = int(item.data(_ROLE))
        super().accept()
