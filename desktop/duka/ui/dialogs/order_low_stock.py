"""Ordering what runs low: the low-stock list's suggestions, each product with the supplier
who last delivered it (the user may choose another, or leave a product out), made into one
purchase order per supplier."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from duka.core.errors import InvalidInput
from duka.core.purchases import PurchaseOrderDraft, Suggestion, orders_from_suggestions
from duka.i18n import N_, _
from duka.ui.amounts import amount_text, quantity_text
from duka.ui.dialogs.form import FormDialog
from duka.ui.models.windowed import isolate
from duka.ui.state import AppState

_END = Qt.AlignmentFlag.AlignTrailing | Qt.AlignmentFlag.AlignVCenter


class OrderLowStockDialog(FormDialog):
    title_id = N_("Order from low stock")
    intro_id = N_(
        "One order goes to each supplier. Choose a supplier for the products that have none, "
        "or untick a product to leave it out."
    )

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("orderLowStock")
        self.state = state
        self.numbers: list[str] = []
        self.suggestions = state.shop.purchases.suggestions()
        self.suppliers = state.shop.suppliers.suppliers(active_only=True)
        self.table = QTableWidget(len(self.suggestions), 4)
        self.table.setObjectName("suggestedLines")
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2):
            self.table.horizontalHeader().setSectionResizeMode(
                column, QHeaderView.ResizeMode.ResizeToContents
            )
        self.table.setColumnWidth(3, 260)
        self.choices: list[QComboBox] = []
        for row, item in enumerate(self.suggestions):
            name = QTableWidgetItem(isolate(item.name))
            name.setFlags(
                (name.flags() | Qt.ItemFlag.ItemIsUserCheckable) & ~Qt.ItemFlag.ItemIsEditable
            )
            name.setCheckState(Qt.CheckState.Checked)
            self.table.setItem(row, 0, name)
            for column, text in (
                (1, quantity_text(state, item.quantity)),
                (2, amount_text(state, item.unit_cost)),
            ):
                cell = QTableWidgetItem(text)
                cell.setTextAlignment(_END)
                cell.setFlags(cell.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.table.setItem(row, column, cell)
            choice = QComboBox()
            choice.addItem("—", None)
            for supplier in self.suppliers:
                choice.addItem(supplier.name, supplier.id)
            choice.setCurrentIndex(max(0, choice.findData(item.supplier_id)))
            self.choices.append(choice)
            self.table.setCellWidget(row, 3, choice)
        self.finish_layout(self.table)
        self.resize(820, 500)

    def retranslate(self) -> None:
        super().retranslate()
        self.table.setHorizontalHeaderLabels(
            [_("Product"), _("Suggested order"), _("Expected unit cost"), _("Supplier")]
        )

    def chosen(self) -> list[Suggestion]:
        picked = []
        for row, item in enumerate(self.suggestions):
            cell = self.table.item(row, 0)
            if cell is not None and cell.checkState() == Qt.CheckState.Checked:
                picked.append(replace(item, supplier_id=self.choices[row].currentData()))
        return picked

    def submit(self) -> bool:
        grouped = orders_from_suggestions(self.chosen(), None)
        if not grouped:
            raise InvalidInput(N_("Choose a supplier for at least one product."))
        drafts = [PurchaseOrderDraft(supplier, lines) for supplier, lines in grouped.items()]
        purchases = self.state.shop.purchases
        self.numbers = self.state.perform(lambda: purchases.place(drafts)).value
        return True
