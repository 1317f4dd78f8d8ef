"""The owner taking money or goods for the household (a drawing), or putting money in
(capital): kept apart from expenses, so profit stays right and the cash is explained."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QWidget

from duka.core.products import Product
from duka.i18n import N_, _
from duka.ui.amounts import parse_money, parse_quantity
from duka.ui.dialogs.form import FormDialog
from duka.ui.models.windowed import isolate
from duka.ui.state import AppState
from duka.ui.widgets.money_choice import chosen, fill_places
from duka.ui.widgets.product_picker import ProductPicker

_WHAT = (
    ("money", N_("The owner takes money")),
    ("goods", N_("The owner takes goods")),
    ("capital", N_("The owner puts money in (capital)")),
)


class OwnerMoneyDialog(FormDialog):
    title_id = N_("Owner's drawing or capital")

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ownerMoney")
        self.state = state
        self.number: str | None = None
        self.product: Product | None = None
        self.what = QComboBox()
        self.what.setObjectName("ownerWhat")
        self.place = QComboBox()
        self.place.setObjectName("ownerPlace")
        self.amount = QLineEdit()
        self.amount.setObjectName("ownerAmount")
        self.amount.setAlignment(Qt.AlignmentFlag.AlignTrailing)
        self.picker = ProductPicker(state)
        self.picker.picked.connect(self._picked)
        self.chosen_product = QLabel()
        self.quantity = QLineEdit("1")
        self.quantity.setObjectName("ownerQuantity")
        self.quantity.setAlignment(Qt.AlignmentFlag.AlignTrailing)
        self.note = QLineEdit()
        self.row(N_("What"), self.what)
        self.place_label = self.row(N_("From or into"), self.place)
        self.amount_label = self.row(N_("Amount"), self.amount)
        self.picker_label = self.row(N_("Product"), self.picker)
        self.chosen_label = self.row(N_("Taken"), self.chosen_product)
        self.quantity_label = self.row(N_("Quantity"), self.quantity)
        self.row(N_("Note"), self.note)
        self.what.currentIndexChanged.connect(lambda _i: self._show_fields())
        fill_places(self.place, state)
        self.finish_layout()
        self._show_fields()
        self.setMinimumWidth(560)

    def _picked(self, product: Product, _units: object, _scanned: bool) -> None:
        self.product = product
        self.chosen_product.setText(isolate(product.name))

    def _show_fields(self) -> None:
        goods = self.what.currentData() == "goods"
        for widget in (self.place, self.place_label, self.amount, self.amount_label):
            widget.setVisible(not goods)
        for widget in (
            self.picker, self.picker_label, self.chosen_product, self.chosen_label,
            self.quantity, self.quantity_label,
        ):  # fmt: skip
            widget.setVisible(goods)

    def retranslate(self) -> None:
        super().retranslate()
        keep = self.what.currentData()
        self.what.blockSignals(True)
        self.what.clear()
        for key, label in _WHAT:
            self.what.addItem(_(label), key)
        self.what.setCurrentIndex(max(0, self.what.findData(keep)))
        self.what.blockSignals(False)
        fill_places(self.place, self.state)
        self.note.setPlaceholderText(_("e.g. school fees, household"))
        if self.product is None:
            self.chosen_product.setText(_("none yet: look a product up above"))

    def submit(self) -> bool:
        money = self.state.shop.money
        what, note = self.what.currentData(), self.note.text()
        if what == "goods":
            if self.product is None:
                from duka.core.errors import InvalidInput

                raise InvalidInput(N_("Choose the goods taken."))
            lines = [(self.product.id, parse_quantity(self.state, self.quantity.text()))]
            self.number = self.state.perform(lambda: money.draw_goods(lines, note)).value
            return True
        amount = parse_money(self.state, self.amount.text())
        place = chosen(self.place)
        if what == "money":
            self.number = self.state.perform(lambda: money.draw_money(amount, place, note)).value
        else:
            self.number = self.state.perform(lambda: money.put_capital(amount, place, note)).value
        return True
