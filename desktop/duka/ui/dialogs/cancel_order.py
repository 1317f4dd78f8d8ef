"""Cancelling what is still to come of a purchase order, with the reason."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QWidget

from duka.core.purchases import PurchaseOrder
from duka.i18n import N_, _
from duka.ui.dialogs.form import FormDialog
from duka.ui.state import AppState


class CancelOrderDialog(FormDialog):
    title_id = N_("Cancel a purchase order")
    intro_id = N_("Order {number} to {supplier}: what has not come will not be received.")

    def __init__(self, state: AppState, order: PurchaseOrder, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("cancelOrder")
        self.state = state
        self.order = order
        self.reason = QLineEdit()
        self.reason.setObjectName("cancelReason")
        self.row(N_("Reason"), self.reason)
        self.finish_layout()
        self.resize(520, 200)

    def intro_text(self) -> str:
        return _(self.intro_id).format(number=self.order.number, supplier=self.order.supplier_name)

    def submit(self) -> bool:
        purchases, reason = self.state.shop.purchases, self.reason.text()
        self.state.perform(lambda: purchases.cancel(self.order.id, reason))
        return True
