"""The Stock screen's purchase orders: each with its state and what is still to come; New
order…, Order from low stock…, Receive…, Cancel order…, Save PDF…, and goods sent back to a
supplier."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
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
from duka.core.purchases import OrderState, PurchaseOrder
from duka.i18n import _, ngettext
from duka.paths import safe_file_name
from duka.ui.amounts import money_text
from duka.ui.models.windowed import isolate
from duka.ui.operations import attempt, tell
from duka.ui.state import AppState

_END = Qt.AlignmentFlag.AlignTrailing | Qt.AlignmentFlag.AlignVCenter
_COLOURS = {
    OrderState.OPEN: None,
    OrderState.PARTLY_RECEIVED: "#9a5b00",
    OrderState.RECEIVED: "#1f7a3a",
    OrderState.CANCELLED: "#7a8a96",
}


class OrdersPage(QWidget):
    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.orders: list[PurchaseOrder] = []
        self.summary = QLabel()
        self.summary.setObjectName("ordersSummary")
        self.summary.setWordWrap(True)
        self.new_button = self._button("newOrder", self.new_order)
        self.low_button = self._button("orderLowStock", self.order_low_stock)
        self.receive_button = self._button("primary", self.receive_selected)
        self.cancel_button = self._button("cancelOrder", self.cancel_selected)
        self.pdf_button = self._button("orderPdf", self.save_pdf)
        self.return_button = self._button("supplierReturn", self.return_goods)
        self.table = QTableWidget(0, 6)
        self.table.setObjectName("purchaseOrders")
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # The supplier's name takes what the figures leave (a shop has tens of orders, not
        # thousands: sizing columns to their contents is cheap).
        header = self.table.horizontalHeader()
        for column in (0, 2, 3, 4, 5):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._enable)
        self.table.doubleClicked.connect(lambda _index: self.receive_selected())
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.new_button)
        top.addWidget(self.low_button)
        bottom = QHBoxLayout()
        bottom.addWidget(self.receive_button)
        bottom.addWidget(self.cancel_button)
        bottom.addWidget(self.pdf_button)
        bottom.addStretch(1)
        bottom.addWidget(self.return_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)

    def _button(self, name: str, action: Callable[[], None]) -> QPushButton:
        button = QPushButton()
        button.setObjectName(name)
        button.clicked.connect(action)
        return button

    def refresh(self) -> None:
        if not self.state.may(Permission.RECEIVE_STOCK):
            self.orders = []
        else:
            self.orders = self.state.shop.purchases.orders()
        self.table.setRowCount(len(self.orders))
        for row, order in enumerate(self.orders):
            state = order.state
            cells = (
                isolate(order.number),
                isolate(order.supplier_name),
                _(state.label),
                self.state.formats.date(dt.datetime.fromisoformat(order.at).astimezone(), "short"),
                money_text(self.state, order.total),
                money_text(self.state, order.still_to_come),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column >= 4:
                    item.setTextAlignment(_END)
                colour = _COLOURS[state]
                if column == 2 and colour:
                    item.setForeground(QColor(colour))
                self.table.setItem(row, column, item)
        waiting = sum(
            1 for o in self.orders if o.state in (OrderState.OPEN, OrderState.PARTLY_RECEIVED)
        )
        self.summary.setText(
            ngettext(
                "{count} order waiting for goods", "{count} orders waiting for goods", waiting
            ).format(count=self.state.formats.number(waiting))
        )
        self._enable()

    def selected(self) -> PurchaseOrder | None:
        rows = {i.row() for i in self.table.selectedIndexes()}
        return self.orders[rows.pop()] if len(rows) == 1 else None

    def _enable(self) -> None:
        chosen = self.selected()
        waiting = chosen is not None and chosen.state in (
            OrderState.OPEN,
            OrderState.PARTLY_RECEIVED,
        )
        order = self.state.may(Permission.MANAGE_SUPPLIERS)
        self.new_button.setEnabled(order)
        self.low_button.setEnabled(order)
        self.receive_button.setEnabled(waiting and self.state.may(Permission.RECEIVE_STOCK))
        self.cancel_button.setEnabled(waiting and order)
        self.pdf_button.setEnabled(chosen is not None)
        self.return_button.setEnabled(
            self.state.may(Permission.RECEIVE_STOCK) and self.state.may(Permission.ADJUST_STOCK)
        )

    # -- actions -------------------------------------------------------------------------

    def new_order(self) -> None:
        from duka.ui.dialogs.purchase_order import PurchaseOrderDialog

        dialog = PurchaseOrderDialog(self.state, None, self)
        if dialog.exec() and dialog.number:
            tell(
                self, _("Purchase order"), _("Order {number} placed.").format(number=dialog.number)
            )
        self.refresh()

    def order_low_stock(self) -> None:
        from duka.ui.dialogs.order_low_stock import OrderLowStockDialog

        dialog = OrderLowStockDialog(self.state, self)
        if not dialog.suggestions:
            tell(self, _("Purchase order"), _("Nothing is low on stock."))
            return
        if dialog.exec() and dialog.numbers:
            tell(
                self,
                _("Purchase order"),
                _("Orders placed: {numbers}.").format(numbers=", ".join(dialog.numbers)),
            )
        self.refresh()

    def receive_selected(self) -> None:
        from duka.ui.dialogs.receive_order import ReceiveOrderDialog

        chosen = self.selected()
        if chosen is None or chosen.state not in (OrderState.OPEN, OrderState.PARTLY_RECEIVED):
            return
        dialog = ReceiveOrderDialog(self.state, chosen, self)
        if dialog.exec() and dialog.number:
            tell(
                self,
                _("Receive against an order"),
                _("Delivery {number} received.").format(number=dialog.number),
            )
        self.refresh()

    def cancel_selected(self) -> None:
        from duka.ui.dialogs.cancel_order import CancelOrderDialog

        if (chosen := self.selected()) is not None:
            CancelOrderDialog(self.state, chosen, self).exec()
            self.refresh()

    def save_pdf(self) -> None:
        from duka.ui.printing import open_document

        chosen = self.selected()
        if chosen is None:
            return
        name = safe_file_name(f"{chosen.number} {chosen.supplier_name}.pdf")
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Save the purchase order"), name, _("PDF (*.pdf)")
        )
        if not path:
            return
        purchases = self.state.shop.purchases
        if attempt(self, lambda: purchases.pdf(chosen.id, Path(path))) is not None:
            open_document(Path(path))

    def return_goods(self) -> None:
        from duka.ui.dialogs.supplier_return import SupplierReturnDialog

        chosen = self.selected()
        dialog = SupplierReturnDialog(self.state, chosen.supplier_id if chosen else None, self)
        if dialog.exec() and dialog.number:
            tell(
                self,
                _("Return goods to a supplier"),
                _("Return {number} recorded.").format(number=dialog.number),
            )
        self.refresh()

    def retranslate(self) -> None:
        self.new_button.setText(_("New order…"))
        self.low_button.setText(_("Order from low stock…"))
        self.receive_button.setText(_("Receive…"))
        self.cancel_button.setText(_("Cancel order…"))
        self.pdf_button.setText(_("Save PDF…"))
        self.return_button.setText(_("Return goods…"))
        self.table.setHorizontalHeaderLabels(
            [_("Number"), _("Supplier"), _("State"), _("Ordered on"), _("Total"),
             _("Still to come")]
        )  # fmt: skip
        self.refresh()
