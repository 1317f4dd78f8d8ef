"""A product's stock history: every movement, newest first, with who made it and why."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from duka.core.access import Permission, shown_actor_name
from duka.core.products import Product
from duka.i18n import _
from duka.ui.amounts import money_text, quantity_text
from duka.ui.models.windowed import isolate
from duka.ui.state import AppState
from duka.ui.widgets.screen_fit import FittedDialog


class StockHistoryDialog(FittedDialog):
    def __init__(self, state: AppState, product: Product, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("stockHistory")
        self.setWindowTitle(_("Stock history"))
        moves = state.shop.stock.history(product.id)
        costs = state.may(Permission.SEE_COSTS)
        unit = _(product.draft.unit.label)
        summary = QLabel(
            _("{name}: {quantity} {unit} on hand").format(
                name=isolate(product.name),
                quantity=quantity_text(state, product.stock),
                unit=unit,
            )
        )
        summary.setObjectName("formStatus")
        headers = [_("When"), _("What"), _("Change"), _("Unit cost"), _("Document"), _("Reason")]
        headers.append(_("Who"))
        self.table = QTableWidget(len(moves), len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setColumnHidden(3, not costs)
        end = Qt.AlignmentFlag.AlignTrailing | Qt.AlignmentFlag.AlignVCenter
        for row, move in enumerate(moves):
            moment = dt.datetime.fromisoformat(move.at).astimezone()
            sign = "+" if move.quantity.milli > 0 else ""
            cells = (
                (state.formats.datetime(moment, "short"), 0),
                (_(move.kind.label), 0),
                (f"{sign}{quantity_text(state, move.quantity)}", end),
                (money_text(state, move.unit_cost), end),
                (move.document, 0),
                (move.reason, 0),
                (shown_actor_name(move.actor), 0),
            )
            for column, (text, align) in enumerate(cells):
                item = QTableWidgetItem(isolate(text))
                if align:
                    item.setTextAlignment(align)
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(close)
        self.resize(860, 460)
