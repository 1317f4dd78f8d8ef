"""The Stock screen's transfers, for a shop with branches: what is in transit to this branch
(to receive) and from it (on its way), Send to branch… and Receive…."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from duka.core.access import Permission
from duka.i18n import _, ngettext
from duka.services.transfers import Transfer
from duka.ui.amounts import quantity_text
from duka.ui.dialogs.receive_transfer import ReceiveTransferDialog
from duka.ui.dialogs.send_stock import SendStockDialog, branch_title
from duka.ui.models.windowed import isolate
from duka.ui.operations import tell
from duka.ui.state import AppState


class TransfersPage(QWidget):
    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.transfers: list[Transfer] = []
        self.summary = QLabel()
        self.summary.setObjectName("transfersSummary")
        self.summary.setWordWrap(True)
        self.send_button = QPushButton()
        self.send_button.setObjectName("sendToBranch")
        self.send_button.clicked.connect(self.send)
        self.receive_button = QPushButton()
        self.receive_button.setObjectName("primary")
        self.receive_button.clicked.connect(self.receive_selected)
        self.table = QTableWidget(0, 5)
        self.table.setObjectName("transfersInTransit")
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 110), (1, 140), (2, 150), (4, 160)):
            self.table.setColumnWidth(column, width)
        self.table.itemSelectionChanged.connect(self._enable)
        self.table.doubleClicked.connect(lambda _index: self.receive_selected())
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.send_button)
        top.addWidget(self.receive_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)

    def refresh(self) -> None:
        transfers = self.state.shop.transfers
        own = transfers.this_branch()
        names = {b.number: b.name for b in transfers.branches()}
        # Incoming first: they are what this branch has to do something about.
        self.transfers = sorted(transfers.in_transit(), key=lambda t: t.row.to_branch != own)
        self.table.setRowCount(len(self.transfers))
        for row, transfer in enumerate(self.transfers):
            incoming = transfer.row.to_branch == own
            other = transfer.row.from_branch if incoming else transfer.row.to_branch
            what = ", ".join(
                f"{isolate(x.name)} × {quantity_text(self.state, transfer.quantity(x.product_id))}"
                for x in transfer.lines
            )
            cells = (
                _("Incoming") if incoming else _("On its way"),
                isolate(transfer.number),
                branch_title(other, names.get(other, "")),
                what,
                self.state.formats.datetime(
                    dt.datetime.fromisoformat(transfer.row.at).astimezone(), "short"
                ),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 0 and incoming:
                    item.setForeground(Qt.GlobalColor.darkGreen)
                self.table.setItem(row, column, item)
        waiting = sum(1 for t in self.transfers if t.row.to_branch == own)
        outgoing = len(self.transfers) - waiting
        self.summary.setText(
            ngettext(
                "{count} transfer to receive here", "{count} transfers to receive here", waiting
            ).format(count=self.state.formats.number(waiting))
            + " · "
            + ngettext(
                "{count} sent from here, in transit",
                "{count} sent from here, in transit",
                outgoing,
            ).format(count=self.state.formats.number(outgoing))
        )
        self._enable()

    def _selected(self) -> Transfer | None:
        rows = {i.row() for i in self.table.selectedIndexes()}
        if len(rows) != 1:
            return None
        return self.transfers[rows.pop()]

    def _enable(self) -> None:
        chosen = self._selected()
        own = self.state.shop.transfers.this_branch()
        self.receive_button.setEnabled(
            chosen is not None
            and chosen.row.to_branch == own
            and self.state.may(Permission.RECEIVE_STOCK)
        )
        self.send_button.setEnabled(self.state.may(Permission.ADJUST_STOCK))

    def send(self) -> None:
        dialog = SendStockDialog(self.state, self)
        if dialog.exec() and dialog.number:
            tell(self, _("Stock sent"), _("Sent as {number}.").format(number=dialog.number))
        self.refresh()

    def receive_selected(self) -> None:
        chosen = self._selected()
        if chosen is None or chosen.row.to_branch != self.state.shop.transfers.this_branch():
            return
        ReceiveTransferDialog(self.state, chosen, self).exec()
        self.refresh()

    def retranslate(self) -> None:
        self.send_button.setText(_("Send to branch…"))
        self.receive_button.setText(_("Receive…"))
        self.table.setHorizontalHeaderLabels(
            [_("State"), _("Number"), _("Branch"), _("What"), _("Sent at")]
        )
        self.refresh()
