"""Barcodes printed by shop scales: EAN-13 codes starting 20-29 that carry a weight or a price.

A scale prints one label per weighed item: a two-digit prefix (20-29, kept by GS1 for use
inside a shop), the item's code, the weight or the price, and the EAN check digit. Shops
choose the layout in the scale's settings; Duka reads the common ones (`FORMATS`). The
product is the one whose barcode is the label with the value part as zeros (how scale PLUs
are usually entered, e.g. 2100123000008), or whose code (SKU) is the item number.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from duka.core.barcodes import check_digit
from duka.core.quantity import Quantity
from duka.i18n import N_

PREFIXES = tuple(str(p) for p in range(20, 30))


class ScaleValue(Enum):
    WEIGHT = "weight"  # grams, so the quantity is kg with 3 decimals
    PRICE = "price"  # the line's price, in minor units of the shop's currency


@dataclass(frozen=True, slots=True)
class ScaleFormat:
    """A kind of scale label: where its item code and weight or price are."""

    key: str
    label: str  # catalog string
    value: ScaleValue
    item_digits: int
    price_check: bool = False  # a check digit over the value sits before it

    @property
    def value_digits(self) -> int:
        return 13 - 2 - self.item_digits - 1 - (1 if self.price_check else 0)


FORMATS: dict[str, ScaleFormat] = {
    f.key: f
    for f in (
        ScaleFormat("weight-5", N_("Weight in grams, 5-digit item number"), ScaleValue.WEIGHT, 5),
        ScaleFormat("price-5", N_("Price, 5-digit item number"), ScaleValue.PRICE, 5),
        ScaleFormat("weight-4", N_("Weight in grams, 4-digit item number"), ScaleValue.WEIGHT, 4),
        ScaleFormat("price-4", N_("Price, 4-digit item number"), ScaleValue.PRICE, 4),
        ScaleFormat(
            "price-4-check",
            N_("Price with its check digit, 4-digit item number"),
            ScaleValue.PRICE,
            4,
            price_check=True,
        ),
    )
}
OFF = ""


@dataclass(frozen=True, slots=True)
class ScaleReading:
    """What a scale label says: the item and its weight or price."""

    item: str  # the item number as printed, e.g. "00123"
    lookup_code: str  # the label with zeros for its value, as a product's barcode holds it
    value: ScaleValue
    quantity: Quantity | None  # for a weight
    price_minor: int | None  # for a price


def read_scale_code(code: str, format_key: str) -> ScaleReading | None:
    """The item and value in a scale label, or None if `code` is not one in this format."""
    layout = FORMATS.get(format_key)
    if layout is None or len(code) != 13 or not code.isdigit() or code[:2] not in PREFIXES:
        return None
    if check_digit(code[:12]) != code[12]:
        return None
    item_end = 2 + layout.item_digits
    item = code[2:item_end]
    digits = code[12 - layout.value_digits : 12]
    body = code[:item_end] + "0" * (12 - item_end)
    lookup = body + check_digit(body)
    number = int(digits)
    if layout.value is ScaleValue.WEIGHT:
        if number == 0:
            return None
        return ScaleReading(item, lookup, layout.value, Quantity(number), None)
    return ScaleReading(item, lookup, layout.value, None, number)
