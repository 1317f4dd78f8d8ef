"""Changing the prices of the products listed by a percentage, rounded to a cash step."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from duka.core.products import PriceChange, ProductQuery
from duka.i18n import N_, _, ngettext
from duka.ui.amounts import parse_money
from duka.ui.dialogs.form import FormDialog
from duka.ui.state import AppState


class PriceChangeDialog(FormDialog):
    title_id = N_("Change prices")

    def __init__(
        self, state: AppState, query: ProductQuery, count: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("priceChange")
        self.state = state
        self.query = query
        self.count = count
        self.changed: int | None = None
        self.scope = QLabel()
        self.scope.setWordWrap(True)
        self.percent = QLineEdit()
        self.percent.setAlignment(Qt.AlignmentFlag.AlignTrailing)
        self.round_to = QLineEdit()
        self.round_to.setAlignment(Qt.AlignmentFlag.AlignTrailing)
        self.row(N_("Change by (%)"), self.percent)
        self.row(N_("Round to the nearest"), self.round_to)
        self.body.insertWidget(1, self.scope)
        self.finish_layout()
        self.setMinimumWidth(440)

    def retranslate(self) -> None:
        super().retranslate()
        self.scope.setText(
            ngettext(
                "The price of the {count} product listed changes. +10 raises it by 10%, "
                "-5 lowers it by 5%.",
                "The prices of the {count} products listed change. +10 raises them by 10%, "
                "-5 lowers them by 5%.",
                self.count,
            ).format(count=self.state.formats.number(self.count))
        )
        self.percent.setPlaceholderText(_("e.g. +10"))
        self.round_to.setPlaceholderText(_("optional, e.g. 5"))

    def submit(self) -> bool:
        percent = self.state.formats.parse_percent(self.percent.text().replace("+", ""))
        step = parse_money(self.state, self.round_to.text()) if self.round_to.text() else None
        change = PriceChange(percent, step)
        self.changed = self.state.shop.products.change_prices(self.query, change)
        self.state.data_changed.emit("products")
        return True
