"""The Products screen: every product in the shop, however many there are."""

from __future__ import annotations

from collections.abc import Sequence

from duka.core.products import ProductRow
from duka.i18n import N_, N_plural, _
from duka.ui.models.windowed import Column
from duka.ui.screens.listing import ListingScreen, text_of


class ProductsScreen(ListingScreen):
    kind = "products"
    title_id = N_("Products")
    empty_id = N_(
        "No products yet. Adding products and importing a product list arrive in an update of Duka."
    )
    count_label = N_plural("{count} product", "{count} products")

    def columns(self) -> Sequence[Column[ProductRow]]:
        return (
            Column(N_("Name"), text_of(lambda r: r.name)),
            Column(N_("Barcode"), text_of(lambda r: r.barcode)),
            Column(N_("Code"), text_of(lambda r: r.sku)),
            Column(N_("Category"), text_of(lambda r: r.category)),
            Column(N_("Unit"), lambda r: _(r.unit.label)),
            Column(
                N_("Price"),
                self._price,
                align_end=True,
            ),
            Column(N_("Tax"), text_of(lambda r: r.tax_code)),
        )

    def _price(self, row: ProductRow) -> str:
        # Looked up at each paint: the locale changes with the language.
        return self.state.formats.money(row.sell_price.amount, row.sell_price.currency)

    def column_widths(self) -> Sequence[int]:
        return (320, 140, 90, 140, 70, 120, 60)

    def count_rows(self) -> int:
        return self.state.shop.products.count()

    def fetch_rows(self, offset: int, limit: int) -> Sequence[ProductRow]:
        return self.state.shop.products.page(offset, limit)
