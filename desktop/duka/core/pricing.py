"""Price lists and quantity breaks: which price per unit a line gets.

Retail is the product's own price, and may have quantity breaks of its own ("from 10: 90
each"). Any other list (wholesale, staff...) gives a product a price of its own and breaks.
A customer belongs to one list (none: retail). A line's unit price is the price of the
customer's list for its quantity when that list prices the product at that quantity, else
the retail one: a list that does not mention a product sells it at retail, so a list can
be a handful of products. On one list the break with the largest "from" quantity that the
line reaches wins.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from duka.core.errors import InvalidInput
from duka.core.money import Money
from duka.core.quantity import Quantity
from duka.i18n import N_

if TYPE_CHECKING:
    from duka.core.sale import Cart, CartLine

RETAIL = 0  # the list id of retail: the products' own prices, and their breaks
MAX_NAME = 60
MAX_BREAKS = 20  # prices of one product on one list


@dataclass(frozen=True, slots=True, order=True)
class PriceSource:
    """Where a line's price came from: a list (RETAIL for the product's own price) and
    the quantity its break starts at (zero: the list's price without a break)."""

    list_id: int = RETAIL
    from_milli: int = 0

    @property
    def from_quantity(self) -> Quantity:
        return Quantity(self.from_milli)

    @property
    def is_break(self) -> bool:
        return self.from_milli > 0


RETAIL_PRICE = PriceSource()


@dataclass(frozen=True, slots=True)
class ListPrice:
    """One price of a product on a list: per unit, from this many units on (zero: from the
    first; retail's price from the first is the product's own and has no row)."""

    list_id: int
    from_quantity: Quantity
    price: Money


@dataclass(frozen=True, slots=True)
class PriceList:
    id: int
    name: str  # empty for retail, whose name is translated
    active: bool = True

    @property
    def is_retail(self) -> bool:
        return self.id == RETAIL


@dataclass(frozen=True, slots=True)
class ListedProduct:
    """A product on a list's page: its own price and cost, and its prices on the list."""

    product_id: int
    name: str
    sku: str
    own: int
    cost: int
    prices: tuple[tuple[int, int], ...]  # (from quantity in thousandths, price)


def unit_price(
    own: Money, prices: Iterable[ListPrice], list_id: int | None, quantity: Quantity
) -> tuple[Money, PriceSource]:
    """The price per unit of `quantity` for a customer on `list_id` (None: retail), given
    the product's own price and its list prices, and where that price came from."""
    best: dict[int, ListPrice] = {}
    wanted = (RETAIL,) if list_id in (None, RETAIL) else (list_id, RETAIL)
    for price in prices:
        if price.list_id not in wanted or price.from_quantity > quantity:
            continue
        held = best.get(price.list_id)
        if held is None or price.from_quantity > held.from_quantity:
            best[price.list_id] = price
    for key in wanted:
        found = best.get(key)
        if found is not None:
            return found.price, PriceSource(key, found.from_quantity.milli)
    return own, RETAIL_PRICE


@dataclass(frozen=True, slots=True)
class ProductPrices:
    """What pricing needs of one product: its own price and every price of the lists asked."""

    own: Money
    prices: tuple[ListPrice, ...] = ()


def repriced(cart: Cart, products: Mapping[int, ProductPrices]) -> Cart:
    """`cart` with every line priced by the rules priced again for the cart's list and the
    line's quantity. Lines priced by hand (a price changed or asked at the till, a line
    discount, a price read from a scale's label) keep theirs."""
    lines = []
    changed = False
    for line in cart.lines:
        known = products.get(line.product_id)
        if not by_rule(line) or known is None:
            lines.append(line)
            continue
        price, source = unit_price(known.own, known.prices, cart.price_list_id, line.quantity)
        if price != line.unit_price or source != line.source:
            line = replace(line, unit_price=price, list_price=price, source=source)
            changed = True
        lines.append(line)
    return replace(cart, lines=tuple(lines)) if changed else cart


def by_rule(line: CartLine) -> bool:
    """Whether a cart line's price is the rules' (so a change of customer or quantity may
    change it), not one set by hand."""
    return (
        line.source is not None
        and not line.overridden
        and line.discount is None
        and line.suggested is None
    )


def check_name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise InvalidInput(N_("A price list needs a name."), field="name")
    if len(cleaned) > MAX_NAME:
        raise InvalidInput(
            N_("A price list's name can be at most {limit} characters."),
            field="name",
            limit=MAX_NAME,
        )
    return cleaned


def check_prices(
    list_id: int, prices: Sequence[ListPrice], cost: Money, product_name: str
) -> tuple[ListPrice, ...]:
    """The prices of one product on one list, sorted by quantity, or InvalidInput: two
    prices from the same quantity, a retail price from the first unit (that is the
    product's own price), a negative price, or one below the product's cost."""
    seen: set[int] = set()
    for price in prices:
        if price.list_id != list_id:
            raise ValueError("a price of another list")
        milli = price.from_quantity.milli
        if milli < 0:
            raise InvalidInput(N_("A quantity cannot be negative."), field="quantity")
        price.from_quantity.bounded("quantity")
        if list_id == RETAIL and milli == 0:
            raise InvalidInput(
                N_("The retail price from the first unit is the product's own price."),
                field="quantity",
            )
        if milli in seen:
            raise InvalidInput(
                N_("Two prices of “{name}” start at the same quantity."),
                field="quantity",
                name=product_name,
            )
        seen.add(milli)
        if price.price.minor < 0:
            raise InvalidInput(N_("A price cannot be negative."), field="price")
        if price.price.currency != cost.currency:
            raise InvalidInput(N_("Amounts must be in the shop's currency."), field="price")
        if price.price < cost:
            raise InvalidInput(
                N_("{price} for “{name}” is below its cost of {cost}: nothing was changed."),
                field="price",
                price=str(price.price),
                name=product_name,
                cost=str(cost),
            )
    if len(prices) > MAX_BREAKS:
        raise InvalidInput(
            N_("A product can have at most {limit} prices on one list."), limit=MAX_BREAKS
        )
    return tuple(sorted(prices, key=lambda p: p.from_quantity))
