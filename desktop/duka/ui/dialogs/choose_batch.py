"""Picking the batch a sale line comes from (Ctrl+B on the Sell screen): the product's
batches in stock, the first to expire first, an expired one marked."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QLabel, QListWidget, QListWidgetItem, QWidget

from duka.core.sale import CartLine
from duka.i18n import N_, _
from duka.ui.amounts import quantity_text
from duka.ui.batch_text import batch_note
from duka.ui.dialogs.form import FormDialog
from duka.ui.models.windowed import isolate
from duka.ui.state import AppState

_FIRST_TO_EXPIRE = 0  # the list's first row: let the till take the first to expire


class ChooseBatchDialog(FormDialog):
    title_id = N_("Choose the batch")

    def __init__(self, state: AppState, line: CartLine, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("chooseBatch")
        self.state = state
        self.line = line
        # The batch picked; 0: the first to expire (the till's own choice); None: nothing.
        self.chosen: int | None = None
        self.batches = state.shop.batches.batches_of(line.product_id)
        self.list = QListWidget()
        self.list.setObjectName("batchList")
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        self.row(N_("Product"), QLabel(isolate(line.name)))
        self.finish_layout(self.list)
        self.setMinimumWidth(460)

    def retranslate(self) -> None:
        super().retranslate()
        self.list.clear()
        first = QListWidgetItem(_("The first to expire"))
        first.setData(Qt.ItemDataRole.UserRole, _FIRST_TO_EXPIRE)
        self.list.addItem(first)
        for batch in self.batches:
            text = _("{batch} — {quantity} in stock").format(
                batch=batch_note(self.state, batch.number, batch.expiry, batch.expired),
                quantity=quantity_text(self.state, batch.quantity),
            )
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, batch.batch_id)
            if batch.expired:
                item.setForeground(QColor("#c62828"))
            self.list.addItem(item)
        picked = self.line.batch_id or _FIRST_TO_EXPIRE
        for index in range(self.list.count()):
            if self.list.item(index).data(Qt.ItemDataRole.UserRole) == picked:
                self.list.setCurrentRow(index)

    def submit(self) -> bool:
        item = self.list.currentItem()
        if item is None:
            return False
        self.chosen = int(item.data(Qt.ItemDataRole.UserRole))
        return True
