"""Changing the prices of the products listed by a percentage, rounded to a cash step."""

from __future__ import annotations

from decimal import Decimal

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
        self.percent_label = self.row(N_("Change by ({sign})"), self.percent)
        self.row(N_("Round to the nearest"), self.round_to)
        self.body.insertWidget(1, self.scope)
        self.finish_layout()
        self.setMinimumWidth(440)

    def retranslate(self) -> None:
        super().retranslate()
        formats = self.state.formats
        # Examples in the shop's digits and signs ("؜+١٠", "١٠٪؜"), like what is typed.
        up, down = formats.signed(Decimal(10)), formats.signed(Decimal(-5))
        self.percent_label.setText(_("Change by ({sign})").format(sign=formats.percent_sign))
        self.scope.setText(
            ngettext(
                "The price of the {count} product listed changes. {up} raises it by "
                "{up_percent}, {down} lowers it by {down_percent}.",
                "The prices of the {count} products listed change. {up} raises them by "
                "{up_percent}, {down} lowers them by {down_percent}.",
                self.count,
            ).format(
                count=formats.number(self.count),
                up=up,
                down=down,
                up_percent=formats.percent(Decimal(10)),
                down_percent=formats.percent(Decimal(5)),
            )
        )
        self.percent.setPlaceholderText(_("e.g. {example}").format(example=up))
        self.round_to.setPlaceholderText(
            _("optional, e.g. {example}").format(example=formats.count(5))
        )

    def submit(self) -> bool:
        percent = self.state.formats.parse_percent(self.percent.text().replace("+", ""))
        step = parse_money(self.state, self.round_to.text()) if self.round_to.text() else None
        change = PriceChange(percent, step)
        products = self.state.shop.products
        self.changed = self.state.perform(lambda: products.change_prices(self.query, change)).value
        return True
