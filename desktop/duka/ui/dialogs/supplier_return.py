"""Goods sent back to a supplier: the supplier, what goes back at what cost (what the
supplier credits), and why. More than is on hand is sent only once the user says yes."""

from __future__ import annotations

from PySide6.QtWidgets import QHeaderView, QWidget

from duka.core.errors import InvalidInput
from duka.core.purchases import NeedsConfirmation, OrderLineDraft, SupplierReturnDraft
from duka.i18n import N_, _
from duka.ui.dialogs.receive_goods import ReceiveGoodsDialog
from duka.ui.operations import ask
from duka.ui.state import AppState


class SupplierReturnDialog(ReceiveGoodsDialog):
    title_id = N_("Return goods to a supplier")

    def __init__(
        self, state: AppState, supplier_id: int | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(state, supplier_id, parent)
        self.setObjectName("supplierReturn")
        self.paid.hide()
        self.method.hide()
        # Its cost column's title is longer than a delivery's: the figures fit their titles.
        for column in range(1, self._total_column + 1):
            self.table.horizontalHeader().setSectionResizeMode(
                column, QHeaderView.ResizeMode.ResizeToContents
            )
        # The delivery's "their invoice" line holds this document's own text.
        self._labels[1] = (self._labels[1][0], N_("Why they go back"))
        self.retranslate()

    def retranslate(self) -> None:
        super().retranslate()
        self.reference.setPlaceholderText(_("damaged, expired, wrong goods…"))

    def cost_title(self) -> str:
        return _("Credited unit cost")

    def submit(self) -> bool:
        supplier_id = self.supplier.currentData()
        if supplier_id is None:
            raise InvalidInput(N_("Add the supplier first (Suppliers, New supplier)."))
        draft = SupplierReturnDraft(
            supplier_id,
            tuple(
                OrderLineDraft(n.product.id, n.quantity, n.unit_cost, n.tax_code)
                for n in self.lines
            ),
            self.reference.text(),
        )
        purchases = self.state.shop.purchases
        try:
            self.number = self.state.perform(lambda: purchases.return_goods(draft)).value
        except NeedsConfirmation as question:
            if not ask(self, _("Return goods to a supplier"), question.message):
                return False
            self.number = self.state.perform(
                lambda: purchases.return_goods(draft, confirmed=True)
            ).value
        return True
