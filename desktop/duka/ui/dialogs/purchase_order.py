"""A purchase order made by hand: the supplier, the products (scanned or typed) with how many
and the cost the shop expects to pay, and a note for the supplier."""

from __future__ import annotations

from PySide6.QtWidgets import QHeaderView, QWidget

from duka.core.errors import InvalidInput
from duka.core.purchases import OrderLineDraft, PurchaseOrderDraft
from duka.i18n import N_, _
from duka.ui.dialogs.receive_goods import ReceiveGoodsDialog
from duka.ui.state import AppState


class PurchaseOrderDialog(ReceiveGoodsDialog):
    title_id = N_("New purchase order")
    taxed = False  # what it will cost, and its tax, is on the delivery
    batched = False  # so are the batches that come

    def __init__(
        self, state: AppState, supplier_id: int | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(state, supplier_id, parent)
        self.setObjectName("purchaseOrder")
        # The same lines as a delivery's; nothing is paid on an order.
        self.paid.hide()
        self.method.hide()
        # Its cost column's title is longer than a delivery's: the figures fit their titles.
        for column in range(1, self._total_column + 1):
            self.table.horizontalHeader().setSectionResizeMode(
                column, QHeaderView.ResizeMode.ResizeToContents
            )
        # The delivery's "their invoice" line holds this document's own text.
        self._labels[1] = (self._labels[1][0], N_("Note for the supplier"))
        self.retranslate()

    def retranslate(self) -> None:
        super().retranslate()

    def cost_title(self) -> str:
        return _("Expected unit cost")

    def submit(self) -> bool:
        supplier_id = self.supplier.currentData()
        if supplier_id is None:
            raise InvalidInput(N_("Add the supplier first (Suppliers, New supplier)."))
        draft = PurchaseOrderDraft(
            supplier_id,
            tuple(OrderLineDraft(n.product.id, n.quantity, n.unit_cost) for n in self.lines),
            self.reference.text(),
        )
        purchases = self.state.shop.purchases
        self.number = self.state.perform(lambda: purchases.create(draft)).value
        return True
