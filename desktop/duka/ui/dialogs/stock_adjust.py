"""Changing stock by hand: what was added or taken away, and why."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QWidget

from duka.core.access import Approvals, Permission
from duka.core.errors import InvalidInput
from duka.core.products import Product
from duka.core.quantity import Quantity
from duka.core.stock import MovementKind
from duka.i18n import N_, _
from duka.ui.amounts import parse_quantity, quantity_text
from duka.ui.approval import approved
from duka.ui.dialogs.form import FormDialog
from duka.ui.state import AppState

# (label, kind, sign, reasons offered)
_CHOICES = (
    (N_("Add stock"), MovementKind.ADJUST, 1, (N_("Found"), N_("Correction"))),
    (
        N_("Take stock away"),
        MovementKind.ADJUST,
        -1,
        (N_("Theft or loss"), N_("Own use"), N_("Correction")),
    ),
    (N_("Write off"), MovementKind.WRITE_OFF, -1, (N_("Damaged"), N_("Expired"))),
)


class StockAdjustDialog(FormDialog):
    title_id = N_("Adjust stock")

    def __init__(self, state: AppState, product: Product, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("stockAdjust")
        self.state = state
        self.product = product
        self.on_hand = QLabel()
        self.choice = QComboBox()
        self.quantity = QLineEdit()
        self.quantity.setAlignment(Qt.AlignmentFlag.AlignTrailing)
        self.reason = QComboBox()
        self.reason.setEditable(True)
        self.choice.currentIndexChanged.connect(lambda _i: self._offer_reasons())
        self.row(N_("Product"), QLabel(product.name))
        self.row(N_("On hand"), self.on_hand)
        self.row(N_("What happened"), self.choice)
        self.row(N_("Quantity"), self.quantity)
        self.row(N_("Reason"), self.reason)
        self.new_level: Quantity | None = None
        self.finish_layout()
        self.setMinimumWidth(420)

    def retranslate(self) -> None:
        super().retranslate()
        self.on_hand.setText(
            f"{quantity_text(self.state, self.product.stock)} {_(self.product.draft.unit.label)}"
        )
        current = max(0, self.choice.currentIndex())
        self.choice.blockSignals(True)
        self.choice.clear()
        for label, *_rest in _CHOICES:
            self.choice.addItem(_(label))
        self.choice.setCurrentIndex(current)
        self.choice.blockSignals(False)
        self._offer_reasons()

    def _offer_reasons(self) -> None:
        typed = self.reason.currentText()
        offered = {_(r) for choice in _CHOICES for r in choice[3]}
        self.reason.clear()
        for reason in _CHOICES[max(0, self.choice.currentIndex())][3]:
            self.reason.addItem(_(reason))
        if typed and typed not in offered:
            self.reason.setCurrentText(typed)  # keep what was typed by hand

    def submit(self) -> bool:
        _label, kind, sign, _reasons = _CHOICES[self.choice.currentIndex()]
        amount = parse_quantity(self.state, self.quantity.text())
        if amount.milli <= 0:
            raise InvalidInput(N_("Enter how much, more than zero."))
        change = amount if sign > 0 else -amount
        stock = self.state.shop.stock
        product_id, reason = self.product.id, self.reason.currentText()

        def adjust(given: Approvals) -> Quantity:
            approval = given.get(Permission.ADJUST_STOCK)
            return stock.adjust(product_id, change, reason, kind, approval)

        done = approved(
            self, self.state, adjust, asks=(Permission.ADJUST_STOCK,), show_refusals=False
        )
        self.new_level = done.value if done is not None else None
        return done is not None
