"""Shelf labels: which products, on which label stock, with each price in the shop's locale."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from duka.core.errors import InvalidInput
from duka.core.products import Unit
from duka.i18n import N_, _
from duka.services.context import Context
from duka.services.printing import document_formats, shop_name
from duka.services.products import ProductService
from duka.services.settings import SettingsService
from duka.services.stock import StockService
from duka.store import stock_repo

if TYPE_CHECKING:
    from duka.documents.labels import Label

# The label stock a shop can buy, named for the person choosing (the documents' own names
# are English).
LAYOUT_NAMES = {
    "a4-l7160": N_("A4 sheet: 21 labels, 63.5 × 38.1 mm (L7160)"),
    "a4-l7159": N_("A4 sheet: 24 labels, 63.5 × 33.9 mm (L7159)"),
    "a4-l7651": N_("A4 sheet: 65 small labels, 38.1 × 21.2 mm (L7651)"),
    "a4-l7163": N_("A4 sheet: 14 wide labels, 99.1 × 38.1 mm (L7163)"),
    "roll-58": N_("Label roll 58 mm wide"),
    "roll-80": N_("Label roll 80 mm wide"),
}
MAX_LABELS = 20_000  # a print run, not a whole catalogue of a million


@dataclass(frozen=True, slots=True)
class LabelStock:
    id: str
    name: str  # catalog string
    per_page: int


class LabelService:
    def __init__(
        self,
        context: Context,
        settings: SettingsService,
        products: ProductService,
        stock: StockService,
    ) -> None:
        self._ctx = context
        self._settings = settings
        self._products = products
        self._stock = stock

    def stocks(self) -> list[LabelStock]:
        from duka.documents.labels import LAYOUTS  # reportlab only when printing

        return [LabelStock(key, LAYOUT_NAMES[key], LAYOUTS[key].per_page) for key in LAYOUT_NAMES]

    def low_stock_ids(self) -> list[int]:
        return [line.product.id for line in self._stock.low_stock()]

    def received_today_ids(self) -> list[int]:
        start = dt.datetime.combine(dt.date.today(), dt.time()).astimezone()
        since = start.astimezone(dt.UTC).isoformat(timespec="seconds")
        return stock_repo.received_since(self._ctx.db, since)

    def labels(self, product_ids: Sequence[int]) -> list[Label]:
        """Each product's label: its name, price, single-unit barcode (or code)."""
        from duka.documents.labels import Label

        formats = document_formats(self._settings.load())
        made = []
        for product_id in product_ids[:MAX_LABELS]:
            product = self._products.get(product_id)
            draft = product.draft
            singles = [b.code for b in draft.barcodes if b.quantity.milli == 1000]
            code = singles[0] if singles else (draft.barcodes[0].code if draft.barcodes else None)
            price = formats.money(draft.sell_price.amount, draft.sell_price.currency)
            if draft.price_asked and not draft.sell_price:
                price = "—"  # asked at the sale, with no suggestion: never "0.00" on a shelf
            per = (
                "" if draft.unit is Unit.PIECE else _("per {unit}").format(unit=_(draft.unit.label))
            )
            made.append(Label(draft.name, price, code, draft.sku, per))
        return made

    def write(
        self,
        path: Path,
        product_ids: Sequence[int],
        layout: str,
        *,
        copies: int = 1,
        start_at: int = 0,
        show_qr: bool = False,
    ) -> int:
        """The labels as a PDF at `path`; returns how many pages."""
        from duka.documents.labels import LAYOUTS, write_labels

        if not product_ids:
            raise InvalidInput(N_("Choose at least one product for labels."))
        stock = LAYOUTS.get(layout)
        if stock is None:
            raise InvalidInput(N_("Duka does not know the label stock “{name}”."), name=layout)
        if not 1 <= copies <= 100:
            raise InvalidInput(N_("Print between 1 and 100 copies of each label."))
        if not 0 <= start_at < stock.per_page:
            raise InvalidInput(
                N_("The first label must be between 1 and {count}."), count=stock.per_page
            )
        return write_labels(
            Path(path),
            self.labels(product_ids),
            stock,
            copies=copies,
            start_at=start_at,
            show_qr=show_qr,
            shop_name=shop_name(self._settings.load()),
        )
