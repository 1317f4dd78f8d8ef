"""The Suppliers screen: whom the shop buys from, what it owes each, deliveries and payments."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QMessageBox, QWidget

from duka.core.access import Permission
from duka.core.changes import Area
from duka.core.suppliers import Supplier
from duka.i18n import N_, N_plural, _
from duka.ui.amounts import money_text
from duka.ui.models.windowed import Column
from duka.ui.operations import perform
from duka.ui.screens.listing import ListAction, ListingScreen
from duka.ui.state import AppState
from duka.ui.widgets.screen_fit import watch_dialog

_ARCHIVED = "#7a8a96"
_OWED = "#9a5b00"


class SuppliersScreen(ListingScreen[Supplier]):
    watches = frozenset({Area.SUPPLIERS})
    title_id = N_("Suppliers")
    empty_id = N_("No suppliers yet. Add the people and companies you buy stock from.")
    count_label = N_plural("{count} supplier", "{count} suppliers")
    list_actions = (
        ListAction(
            "receive_button",
            N_("Receive a delivery…"),
            "receive",
            may=Permission.RECEIVE_STOCK,
            primary=True,
        ),
        ListAction(
            "pay_button",
            N_("Pay…"),
            "pay",
            when=lambda supplier: supplier.owed.minor > 0,
            may=Permission.PAY_SUPPLIERS,
        ),
        ListAction(
            "statement_button",
            N_("Statement…"),
            "statement",
            row=True,
            may=Permission.PAY_SUPPLIERS,
        ),
        ListAction(
            "add_button", N_("New supplier…"), "add_supplier", may=Permission.MANAGE_SUPPLIERS
        ),
        ListAction(
            "edit_button",
            N_("Change…"),
            "edit_supplier",
            row=True,
            may=Permission.MANAGE_SUPPLIERS,
            opens_row=True,
        ),
        ListAction(
            "archive_button",
            lambda supplier: (
                N_("Bring back") if supplier is not None and not supplier.active else N_("Archive")
            ),
            "toggle_archived",
            row=True,
            may=Permission.MANAGE_SUPPLIERS,
        ),
    )

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        self._suppliers: list[Supplier] = []
        super().__init__(state, parent)

    def columns(self) -> Sequence[Column[Supplier]]:
        def dimmed(supplier: Supplier) -> str | None:
            return None if supplier.active else _ARCHIVED

        def owing(supplier: Supplier) -> str | None:
            if not supplier.active:
                return _ARCHIVED
            return _OWED if supplier.owed.minor > 0 else None

        return (
            Column(N_("Name"), lambda s: s.name, color=dimmed),
            Column(N_("Phone"), lambda s: s.phone, color=dimmed),
            Column(N_("Tax number"), lambda s: s.tax_id, color=dimmed),
            Column(N_("Owed"), lambda s: money_text(self.state, s.owed), True, owing),
        )

    def column_widths(self) -> Sequence[int]:
        return (320, 180, 160, 150)

    def count_rows(self) -> int:
        allowed = self.state.may(Permission.RECEIVE_STOCK)
        self._suppliers = self.state.shop.suppliers.suppliers() if allowed else []
        return len(self._suppliers)

    def fetch_rows(self, offset: int, limit: int) -> Sequence[Supplier]:
        return self._suppliers[offset : offset + limit]

    # -- actions -------------------------------------------------------------------------

    def add_supplier(self) -> None:
        from duka.ui.dialogs.supplier_editor import SupplierEditor

        SupplierEditor(self.state, None, self).exec()

    def edit_supplier(self) -> None:
        from duka.ui.dialogs.supplier_editor import SupplierEditor

        if (supplier := self.selected()) is not None:
            SupplierEditor(self.state, supplier, self).exec()

    def toggle_archived(self) -> None:
        supplier = self.selected()
        if supplier is None:
            return
        from duka.core.suppliers import SupplierDraft

        draft = SupplierDraft(supplier.name, supplier.phone, supplier.tax_id, supplier.notes)
        suppliers = self.state.shop.suppliers

        def toggle() -> bool:
            suppliers.update(supplier.id, draft, not supplier.active)
            return True

        perform(self, self.state, toggle)

    def receive(self) -> None:
        from duka.ui.dialogs.receive_goods import ReceiveGoodsDialog

        supplier = self.selected()
        dialog = ReceiveGoodsDialog(self.state, supplier.id if supplier else None, self)
        if dialog.exec() and dialog.number:
            self.notify(_("Delivery {number} received.").format(number=dialog.number))

    def pay(self) -> None:
        from duka.ui.dialogs.supplier_payment import SupplierPaymentDialog

        supplier = self.selected()
        if supplier is None:
            return
        dialog = SupplierPaymentDialog(self.state, supplier, self)
        if dialog.exec() and dialog.number:
            self.notify(_("Payment {number} recorded.").format(number=dialog.number))

    def statement(self) -> None:
        from duka.ui.dialogs.supplier_statement import SupplierStatementDialog

        if (supplier := self.selected()) is not None:
            SupplierStatementDialog(self.state, supplier, self).exec()

    def notify(self, text: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Information, _("Duka"), text, parent=self)
        watch_dialog(box)
        box.setObjectName("notice")
        box.exec()

    # -- keeping up ----------------------------------------------------------------------
