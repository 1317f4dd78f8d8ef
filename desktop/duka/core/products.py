"""Products as the shop sells them: a name, a price, a unit, a tax rate, barcodes, a category."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import Enum
from functools import lru_cache

from duka.core.barcodes import Barcode
from duka.core.errors import InvalidInput
from duka.core.money import Money, check_bounds
from duka.core.quantity import Quantity
from duka.i18n import N_, Lazy

MAX_NAME = 200
MAX_SKU = 40
CATEGORY_SEPARATOR = " > "


class Unit(Enum):
    PIECE = "piece"
    KILOGRAM = "kg"
    GRAM = "g"
    LITRE = "l"
    MILLILITRE = "ml"
    METRE = "m"

    # Members are singletons: identity hashing keeps Enum's own __hash__ out of imports.
    __hash__ = object.__hash__

    @property
    def decimals(self) -> int:
        """How many decimals a quantity in this unit may have (0.375 kg, but 3 pieces)."""
        return 3 if self is Unit.KILOGRAM or self is Unit.LITRE or self is Unit.METRE else 0

    @property
    def measured(self) -> bool:
        return self.decimals > 0

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


def parse_unit(text: str) -> Unit:
    """A unit from its code or a common spelling ("pcs", "kilo", "litre"...)."""
    key = text.strip().lower().rstrip(".")
    for unit in Unit:
        if key == unit.value:
            return unit
    found = _UNIT_WORDS.get(key)
    if found is None:
        raise InvalidInput(
            N_("“{unit}” is not a unit Duka knows (piece, kg, g, l, ml, m)."),
            field="unit",
            unit=text,
        )
    return found


_UNIT_WORDS = {
    word: unit
    for unit, words in {
        Unit.PIECE: (
            "",
            "pc",
            "pcs",
            "piece",
            "pieces",
            "each",
            "ea",
            "unit",
            "units",
            "pce",
            "pièce",
            "pièces",
            "u",
            "qty",
            "nos",
            "no",
            # as other shop software writes it (Odoo, Square, in their languages)
            "stück",
            "stk",
            "unité",
            "unidad",
            "unidades",
            "einheiten",
        ),
        Unit.KILOGRAM: ("kilo", "kilos", "kilogram", "kilograms", "kilogramme", "kgs"),
        Unit.GRAM: ("gram", "grams", "gramme", "grammes", "gr", "gm"),
        Unit.LITRE: ("litre", "litres", "liter", "liters", "ltr", "lt"),
        Unit.MILLILITRE: ("millilitre", "millilitres", "milliliter", "milliliters"),
        Unit.METRE: ("metre", "metres", "meter", "meters", "mtr"),
    }.items()
    for word in words
}


def check_quantity(quantity: Quantity, unit: Unit, what: str = N_("A quantity")) -> Quantity:
    """Refuse a quantity with more decimals than `unit` allows."""
    step = 10 ** (3 - unit.decimals)
    if quantity.milli % step:
        raise InvalidInput(
            N_("{what} in {unit} cannot have more than {decimals} decimals."),
            field="quantity",
            what=Lazy(what),
            unit=Lazy(unit.label),
            decimals=unit.decimals,
        )
    return quantity


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


@lru_cache(maxsize=4096)  # an import checks the same few categories on every row
def clean_category_path(path: tuple[str, ...] | str | None) -> tuple[str, ...]:
    """A category as its path from the top, e.g. ("Food", "Staples"); "Food > Staples" too."""
    if path is None:
        return ()
    parts = path.split(">") if isinstance(path, str) else path
    cleaned = tuple(" ".join(p.split()) for p in parts if p and not p.isspace())
    for part in cleaned:
        if len(part) > MAX_NAME:
            clean_name(part, N_("A category name"))  # says it is too long
    return cleaned


@dataclass(frozen=True, slots=True)
class ProductDraft:
    """What someone types or imports for a product, checked by `checked()`."""

    name: str
    sell_price: Money
    cost_price: Money
    unit: Unit = Unit.PIECE
    tax_code: str | None = None
    sku: str | None = None
    barcodes: tuple[Barcode, ...] = ()
    category: tuple[str, ...] = ()
    reorder_level: Quantity = field(default_factory=lambda: Quantity(0))
    notes: str = ""
    # The price is asked at the sale (fruit by the heap, a repair, a second-hand item):
    # `sell_price` is then only a suggestion shown when it is asked, 0 for none.
    price_asked: bool = False

    def checked(self) -> ProductDraft:
        if self.sell_price.minor < 0 or self.cost_price.minor < 0:
            raise InvalidInput(N_("A price cannot be negative."), field="price")
        if self.sell_price.currency != self.cost_price.currency:
            raise InvalidInput(N_("Prices must be in the shop's currency."), field="price")
        check_bounds(self.sell_price, "price")
        check_bounds(self.cost_price, "cost")
        self.reorder_level.bounded("reorder_level")
        if self.reorder_level.milli < 0:
            raise InvalidInput(N_("A reorder level cannot be negative."), field="reorder_level")
        check_quantity(self.reorder_level, self.unit, N_("A reorder level"))
        sku = " ".join((self.sku or "").split()) or None
        if sku is not None and len(sku) > MAX_SKU:
            raise InvalidInput(
                N_("A product code has at most {limit} characters."), field="sku", limit=MAX_SKU
            )
        seen: dict[str, Barcode] = {}
        for barcode in self.barcodes:
            clean = barcode.checked()
            if clean.code in seen:
                raise InvalidInput(
                    N_("The barcode {code} is listed twice."), field="barcode", code=clean.code
                )
            seen[clean.code] = clean
        return ProductDraft(
            name=clean_name(self.name, N_("A product name")),
            sell_price=self.sell_price,
            cost_price=self.cost_price,
            unit=self.unit,
            tax_code=(self.tax_code or "").strip() or None,
            sku=sku,
            barcodes=tuple(seen.values()),
            category=clean_category_path(self.category),
            reorder_level=self.reorder_level,
            notes=self.notes.strip(),
            price_asked=bool(self.price_asked),
        )


@dataclass(frozen=True, slots=True)
class Product:
    """A product as stored, with what it is now: stock on hand and whether it is archived."""

    id: int
    draft: ProductDraft
    active: bool
    stock: Quantity
    parent_id: int | None = None  # a variant's parent (core.variants)
    is_parent: bool = False  # has variants: sold and stocked only through them

    @property
    def name(self) -> str:
        return self.draft.name


@dataclass(frozen=True, slots=True)
class ProductRow:
    """One line of the products list. `cost` is None for users who may not see costs."""

    id: int
    name: str
    sku: str | None
    barcode: str | None
    category: str | None
    unit: Unit
    sell_price: Money
    cost_price: Money | None
    tax_code: str | None
    stock: Quantity
    reorder_level: Quantity
    active: bool
    price_asked: bool = False  # `sell_price` is then a suggestion (0: none)
    parent_id: int | None = None  # a variant's parent (core.variants)
    is_parent: bool = False  # has variants

    @property
    def low(self) -> bool:
        return self.stock <= self.reorder_level and self.reorder_level.milli > 0


class ProductSort(Enum):
    NAME = "name"
    CODE = "sku"
    PRICE = "price"
    STOCK = "stock"


@dataclass(frozen=True, slots=True)
class ProductQuery:
    """Which products a list shows, and in which order."""

    text: str = ""
    category_id: int | None = None
    low_stock: bool = False
    archived: bool = False  # show the archived products instead of the active ones
    sort: ProductSort = ProductSort.NAME
    descending: bool = False


MAX_RAISE = 1000  # percent: ten times a price at once is already more than a typing slip


@dataclass(frozen=True, slots=True)
class PriceChange:
    """A bulk change of sell prices by a percentage, optionally rounded to a cash step."""

    percent: Decimal  # +10 raises prices by 10%, -5 lowers them by 5%
    round_to: Money | None = None  # e.g. 5.00: new prices end in whole fives

    def apply(self, price: Money) -> Money:
        if self.percent <= -100:
            raise InvalidInput(N_("Prices cannot go down by 100 percent or more."), field="percent")
        if not self.percent.is_finite() or self.percent > MAX_RAISE:
            raise InvalidInput(
                N_("Prices can go up by at most {limit} percent at once."),
                field="percent",
                limit=MAX_RAISE,
            )
        raised = Money.rounded(price.amount * (100 + self.percent) / 100, price.currency)
        if self.round_to is None or self.round_to.minor <= 0:
            return check_bounds(raised, "percent")
        step = self.round_to.minor
        steps = (Decimal(raised.minor) / step).quantize(Decimal(1), rounding=ROUND_HALF_UP)
        return check_bounds(Money(int(steps) * step, price.currency), "percent")


@dataclass(frozen=True, slots=True)
class Category:
    """A product category; `path` names its parents too ("Food", "Staples")."""

    id: int
    name: str
    parent_id: int | None
    path: tuple[str, ...]

    @property
    def label(self) -> str:
        return CATEGORY_SEPARATOR.join(self.path)
