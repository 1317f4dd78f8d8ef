"""Choosing a variant at the till: the cashier picked a product sold in sizes, colours...
Typing narrows the list (a value of any option: "m red"), the arrows move, Enter takes the
highlighted one, Esc goes back to the sale. Archived variants are not offered."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from duka.core.variants import VariantFamily
from duka.i18n import _
from duka.ui.amounts import money_text, quantity_text
from duka.ui.models.windowed import isolate
from duka.ui.state import AppState
from duka.ui.widgets.screen_fit import FittedDialog

_ROLE = 256


class VariantPicker(FittedDialog):
    def __init__(
        self, state: AppState, family: VariantFamily, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("variantPicker")
        self.state = state
        self.family = family
        self.chosen: int | None = None
        self.title = QLabel()
        self.title.setObjectName("dialogTitle")
        self.title.setWordWrap(True)
        self.search = QLineEdit()
        self.search.setObjectName("variantFilter")
        self.search.textChanged.connect(self._fill)
        self.search.returnPressed.connect(self.accept)
        self.list = QListWidget()
        self.list.setObjectName("variantList")
        self.list.itemActivated.connect(lambda _item: self.accept())
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.search)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.buttons)
        self.setWindowTitle(_("Choose a variant"))
        self.title.setText(
            _("{product}: {options}").format(
                product=isolate(family.name),
                options=" × ".join(isolate(o.name) for o in family.options),
            )
        )
        self.search.setPlaceholderText(_("Type a size, a colour... to narrow the list"))
        self.resize(460, 380)
        self._fill("")
        self.search.setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # arrows move in the list from the field
        key = event.key()
        if key in (Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_PageDown, Qt.Key.Key_PageUp):
            if self.list.count():
                steps = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1, Qt.Key.Key_PageDown: 8}
                step = steps.get(Qt.Key(key), -8)
                row = max(0, min(self.list.count() - 1, self.list.currentRow() + step))
                self.list.setCurrentRow(row)
            return
        super().keyPressEvent(event)

    def _fill(self, text: str) -> None:
        self.list.clear()
        words = text.casefold().split()
        for variant in self.family.active():
            folded = [v.casefold() for v in variant.values]
            if not all(any(v.startswith(w) for v in folded) for w in words):
                continue
            stock = quantity_text(self.state, variant.stock)
            label = "   ".join(
                (
                    " / ".join(isolate(v) for v in variant.values),
                    money_text(self.state, variant.price),
                    _("In stock: {quantity}").format(quantity=stock),
                )
            )
            item = QListWidgetItem(label)
            item.setData(_ROLE, variant.id)
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)

    def accept(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        self.chosen = int(item.data(_ROLE))
        super().accept()
