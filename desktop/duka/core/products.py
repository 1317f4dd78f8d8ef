"""Products as the shop sells them: a name, a price, a unit, a tax rate, barcodes."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from duka.core.errors import InvalidInput
from duka.core.money import Money
from duka.core.quantity import Quantity
from duka.i18n import N_, Lazy

MAX_NAME = 200


class Unit(Enum):
    PIECE = "piece"
    KILOGRAM = "kg"
    GRAM = "g"
    LITRE = "l"
    MILLILITRE = "ml"
    METRE = "m"

    @property
    def measured(self) -> bool:
        """Measured units take decimal quantities (0.375 kg); pieces are counted whole."""
        return self is not Unit.PIECE

    @property
    def label(self) -> str:
        return _UNIT_LABELS[self]


_UNIT_LABELS = {
    Unit.PIECE: N_("piece"),
    Unit.KILOGRAM: N_("kg"),
    Unit.GRAM: N_("g"),
    Unit.LITRE: N_("l"),
    Unit.MILLILITRE: N_("ml"),
    Unit.METRE: N_("m"),
}


def clean_name(name: str, what: str = N_("A name")) -> str:
    """`name` with its spaces tidied; `what` is a catalog string naming the thing."""
    text = " ".join(name.split())
    if not text:
        raise InvalidInput(N_("{what} cannot be empty."), field="name", what=Lazy(what))
    if len(text) > MAX_NAME:
        raise InvalidInput(
            N_("{what} is too long (at most {limit} characters)."),
            field="name",
            what=Lazy(what),
            limit=MAX_NAME,
        )
    return text


@dataclass(frozen=True, slots=True)
class NewProduct:
    name: str
    sell_price: Money
    cost_price: Money
    unit: Unit = Unit.PIECE
    tax_code: str | None = None
    sku: str | None = None
    barcodes: tuple[str, ...] = ()
    category: str | None = None
    reorder_level: Quantity = field(default_factory=lambda: Quantity(0))
    notes: str = ""

    def checked(self) -> NewProduct:
        if self.sell_price.minor < 0 or self.cost_price.minor < 0:
            raise InvalidInput(N_("A price cannot be negative."), field="price")
        if self.sell_price.currency != self.cost_price.currency:
            raise InvalidInput(N_("Prices must be in the shop's currency."), field="price")
        codes = tuple(dict.fromkeys(c.strip() for c in self.barcodes if c.strip()))
        return NewProduct(
            name=clean_name(self.name, N_("A product name")),
            sell_price=self.sell_price,
            cost_price=self.cost_price,
            unit=self.unit,
            tax_code=(self.tax_code or None),
            sku=(self.sku or "").strip() or None,
            barcodes=codes,
            category=" ".join((self.category or "").split()) or None,
            reorder_level=self.reorder_level,
            notes=self.notes.strip(),
        )


@dataclass(frozen=True, slots=True)
class ProductRow:
    """One line of the products list."""

    id: int
    name: str
    sku: str | None
    barcode: str | None
    category: str | None
    unit: Unit
    sell_price: Money
    tax_code: str | None
    active: bool
