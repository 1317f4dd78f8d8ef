"""The demo's clothing: a T-shirt in four sizes and three colours, each variant with its own
barcode and stock, the extra large dearer; made as a shopkeeper makes it, with the grid."""

from __future__ import annotations

from duka.core.barcodes import Barcode, check_digit
from duka.core.money import Money
from duka.core.products import ProductDraft
from duka.core.quantity import Quantity
from duka.core.variants import VariantDraft, VariantOption
from duka.services.shop import Shop

SIZES = ("S", "M", "L", "XL")
COLOURS = ("Red", "Blue", "Black")
STOCK = (4, 6, 3, 8, 12, 5, 7, 0, 9, 2, 3, 1)  # one variant sold out, as on a real rail
VARIANTS = len(SIZES) * len(COLOURS)


def add_clothing(shop: Shop, currency: str) -> int:
    """The T-shirt and its variants; returns the parent's id."""
    parent = ProductDraft(
        "T-shirt",
        Money.of("850", currency),
        Money.of("420", currency),
        tax_code="S",
        sku="TEE",
        category=("Clothes",),
        reorder_level=Quantity.of(2),
    )
    options = (VariantOption("Size", SIZES), VariantOption("Colour", COLOURS))
    variants = []
    for number, planned in enumerate(shop.variants.plan(parent, options)):
        body = f"20000{number + 1:07d}"  # the shop's own codes: 20 is kept for in-store use
        variants.append(
            VariantDraft(
                planned.values,
                planned.sku,
                (Barcode(body + check_digit(body)),),
                price=Money.of("950", currency) if planned.values[0] == "XL" else None,
                stock=Quantity.of(STOCK[number]),
            )
        )
    return shop.variants.create(parent, options, variants)
