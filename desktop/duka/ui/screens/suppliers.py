"""The Suppliers screen: whom the shop buys from, what it owes each, deliveries and payments."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget

from duka.core.access import Permission
from duka.core.changes import Area, Changes
from duka.core.suppliers import Supplier
from duka.i18n import N_, N_plural, _
from duka.ui.amounts import money_text
from duka.ui.models.windowed import Column
from duka.ui.operations import perform
from duka.ui.screens.listing import ListingScreen
from duka.ui.state import AppState
from duka.ui.widgets.flow import FlowLayout
from duka.ui.widgets.screen_fit import watch_dialog

_ARCHIVED = "#7a8a96"
_OWED = "#9a5b00"


class SuppliersScreen(ListingScreen):
    watches = frozenset({Area.SUPPLIERS})
    kind = "suppliers"
    title_id = N_("Suppliers")
    empty_id = N_("No suppliers yet. Add the people and companies you buy stock from.")
    count_label = N_plural("{count} supplier", "{count} suppliers")

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        self._suppliers: list[Supplier] = []
        super().__init__(state, parent)
        self.table.selectionModel().currentRowChanged.connect(lambda *_args: self._enable())
        self.table.doubleClicked.connect(lambda _index: self.edit_supplier())
        self._enable()

    def toolbar(self) -> QWidget:
        bar = QWidget()
        layout = FlowLayout(bar)  # on more lines on a netbook or in a longer language
        self.add_button = QPushButton()
        self.edit_button = QPushButton()
        self.receive_button = QPushButton()
        self.receive_button.setObjectName("primary")
        self.pay_button = QPushButton()
        self.statement_button = QPushButton()
        self.archive_button = QPushButton()
        for button, slot in (
            (self.receive_button, self.receive),
            (self.pay_button, self.pay),
            (self.statement_button, self.statement),
            (self.add_button, self.add_supplier),
            (self.edit_button, self.edit_supplier),
            (self.archive_button, self.toggle_archived),
        ):
            button.clicked.connect(slot)
            layout.addWidget(button)
        return bar

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

    def selected(self) -> Supplier | None:
        row = self.table.currentIndex().row()
        return self._suppliers[row] if 0 <= row < len(self._suppliers) else None

    # -- actions -------------------------------------------------------------------------

    def add_supplier(self) -> None:
        from duka.ui.dialogs.supplier_editor import SupplierEditor

        SupplierEditor(self.state, None, self).exec()

    def edit_supplier(self) -> None:
        from duka.ui.dialogs.supplier_editor import SupplierEditor

        supplier = self.selected()
        if supplier is not None and self.state.may(Permission.MANAGE_SUPPLIERS):
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

        supplier = self.selected()
        if supplier is not None:
            SupplierStatementDialog(self.state, supplier, self).exec()

    def notify(self, text: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Information, _("Duka"), text, parent=self)
        watch_dialog(box)
        box.setObjectName("notice")
        box.exec()

    # -- keeping up ----------------------------------------------------------------------

    def _reload(self) -> None:
        self.model.refresh()
        ListingScreen.retranslate(self)
        self._enable()

    def data_changed(self, changes: Changes) -> None:
        self._reload()

    def _enable(self) -> None:
        if not hasattr(self, "add_button"):
            return
        may = self.state.may
        supplier = self.selected()
        chosen = supplier is not None
        manage = may(Permission.MANAGE_SUPPLIERS)
        self.add_button.setEnabled(manage)
        self.edit_button.setEnabled(chosen and manage)
        self.archive_button.setEnabled(chosen and manage)
        self.archive_button.setText(
            _("Bring back") if supplier is not None and not supplier.active else _("Archive")
        )
        self.receive_button.setEnabled(may(Permission.RECEIVE_STOCK))
        pays = may(Permission.PAY_SUPPLIERS)
        owed = supplier is not None and supplier.owed.minor > 0
        self.pay_button.setEnabled(owed and pays)
        self.statement_button.setEnabled(chosen and pays)

    def shown(self) -> None:
        self._reload()

    def permissions_changed(self) -> None:
        self._reload()

    def retranslate(self) -> None:
        super().retranslate()
        if not hasattr(self, "add_button"):
            return
        for button, text in (
            (self.add_button, _("New supplier…")),
            (self.edit_button, _("Change…")),
            (self.receive_button, _("Receive a delivery…")),
            (self.pay_button, _("Pay…")),
            (self.statement_button, _("Statement…")),
        ):
            button.setText(text)
        self._enable()
