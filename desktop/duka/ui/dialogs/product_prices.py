"""A product's quantity breaks and its prices on each price list, edited together and
saved in one go (a price below the product's cost is refused, nothing saved)."""

from __future__ import annotations

from PySide6.QtWidgets import QGroupBox, QScrollArea, QVBoxLayout, QWidget

from duka.core.pricing import RETAIL
from duka.core.products import Product
from duka.i18n import N_, _
from duka.ui.amounts import amount_text
from duka.ui.dialogs.form import FormDialog
from duka.ui.models.windowed import isolate
from duka.ui.state import AppState
from duka.ui.widgets.price_rows import PriceRows


class ProductPricesDialog(FormDialog):
    title_id = N_("Quantity breaks and price lists")

    def __init__(
        self,
        state: AppState,
        product: Product,
        parent: QWidget | None = None,
        only_list: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("productPrices")
        self.state = state
        self.product = product
        lists = state.shop.price_lists
        held = lists.prices_of(product.id)
        wanted = [RETAIL] + [
            found.id
            for found in lists.lists()
            if found.active or any(p.list_id == found.id for p in held)
        ]
        if only_list is not None:
            wanted = [only_list]
        names = lists.names()
        self.editors: dict[int, PriceRows] = {}
        self.boxes: list[tuple[QGroupBox, int]] = []
        inside = QWidget()
        column = QVBoxLayout(inside)
        for list_id in wanted:
            box = QGroupBox(names.get(list_id, ""))
            editor = PriceRows(state, list_id == RETAIL)
            editor.set_prices([(p.from_quantity, p.price) for p in held if p.list_id == list_id])
            QVBoxLayout(box).addWidget(editor)
            column.addWidget(box)
            self.editors[list_id] = editor
            self.boxes.append((box, list_id))
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inside)
        self.finish_layout(scroll)
        self.setMinimumWidth(520)

    def intro_text(self) -> str:
        draft = self.product.draft
        return _("{name}: its own price is {price}; no price may be below its cost.").format(
            name=isolate(draft.name), price=amount_text(self.state, draft.sell_price)
        )

    def retranslate(self) -> None:
        self.intro_id = "-"  # the intro is always shown: intro_text writes it
        super().retranslate()
        for box, list_id in getattr(self, "boxes", []):
            if list_id == RETAIL:
                box.setTitle(_("Retail: quantity breaks"))

    def submit(self) -> bool:
        prices = {list_id: editor.prices() for list_id, editor in self.editors.items()}
        self.state.perform(
            lambda: self.state.shop.price_lists.set_product_prices(self.product.id, prices)
        )
        return True
