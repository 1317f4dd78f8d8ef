"""Receiving a transfer from another branch: what was sent, what arrived (as sent unless
counted otherwise), and a note of why they differ."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from duka.core.quantity import Quantity
from duka.i18n import N_, TranslatableError, _
from duka.services.transfers import Transfer
from duka.ui.amounts import parse_quantity, quantity_text
from duka.ui.dialogs.form import FormDialog
from duka.ui.dialogs.send_stock import branch_title
from duka.ui.models.windowed import isolate
from duka.ui.state import AppState

_END = Qt.AlignmentFlag.AlignTrailing | Qt.AlignmentFlag.AlignVCenter


class ReceiveTransferDialog(FormDialog):
    title_id = N_("Receive a transfer")

    def __init__(self, state: AppState, transfer: Transfer, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("receiveTransfer")
        self.state = state
        self.transfer = transfer
        self.arrived: dict[int, Quantity] = {
            x.product_id: transfer.quantity(x.product_id) for x in transfer.lines
        }
        self._filling = False
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.note = QLineEdit()
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("transferLines")
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.itemChanged.connect(self._edited)
        self.body.insertWidget(0, self.heading)
        self.row(N_("Note"), self.note)
        self.finish_layout(self.table)
        self.resize(640, 420)

    def _edited(self, item: QTableWidgetItem) -> None:
        if self._filling or item.column() != 2:
            return
        product_id = list(self.arrived)[item.row()]
        try:
            self.arrived[product_id] = parse_quantity(self.state, item.text())
            self.error.clear()
        except TranslatableError as error:
            self.error.setText(error.message)
        self._show()

    def _show(self) -> None:
        self._filling = True
        names = {x.product_id: x.name for x in self.transfer.lines}
        self.table.setRowCount(len(self.arrived))
        for row, (product_id, arrived) in enumerate(self.arrived.items()):
            sent = self.transfer.quantity(product_id)
            cells = (
                isolate(names[product_id]),
                quantity_text(self.state, sent),
                quantity_text(self.state, arrived),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column:
                    item.setTextAlignment(_END)
                if column != 2:
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                elif arrived != sent:
                    item.setForeground(Qt.GlobalColor.darkYellow)
                self.table.setItem(row, column, item)
        self._filling = False

    def retranslate(self) -> None:
        super().retranslate()
        row = self.transfer.row
        branches = {b.number: b.name for b in self.state.shop.transfers.branches()}
        self.heading.setText(
            _(
                "{number} from {branch}, sent by {actor}. Type what arrived where it differs."
            ).format(
                number=isolate(row.number),
                branch=branch_title(row.from_branch, branches.get(row.from_branch, "")),
                actor=isolate(row.actor),
            )
        )
        self.table.setHorizontalHeaderLabels([_("Product"), _("Sent"), _("Arrived")])
        self.note.setPlaceholderText(_("optional"))
        self._show()

    def submit(self) -> bool:
        counted = {p: q for p, q in self.arrived.items() if q != self.transfer.quantity(p)}
        transfers = self.state.shop.transfers
        number, note = self.transfer.number, self.note.text()
        self.state.perform(lambda: transfers.receive(number, counted, note))
        return True
