"""Which price a line gets from price lists and quantity breaks, against a plain
recomputation, and a cart priced again when its list or quantities change."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from duka.core.errors import InvalidInput
from duka.core.money import Money
from duka.core.pricing import (
    RETAIL,
    RETAIL_PRICE,
    ListPrice,
    PriceSource,
    ProductPrices,
    check_prices,
    repriced,
    unit_price,
)
from duka.core.products import Unit
from duka.core.quantity import Quantity
from duka.core.sale import Cart, CartLine
from duka.core.tax import TaxMode

WHOLESALE, STAFF = 7, 8


def kes(minor: int) -> Money:
    return Money(minor, "KES")


prices_strategy = st.lists(
    st.builds(
        lambda list_id, pieces, price: ListPrice(list_id, Quantity(pieces * 1000), kes(price)),
        st.sampled_from([RETAIL, WHOLESALE, STAFF]),
        st.integers(0, 200),
        st.integers(0, 10_000),
    ),
    max_size=12,
).map(lambda found: [p for p in found if not (p.list_id == RETAIL and p.from_quantity.milli == 0)])


def plain(own: Money, prices: list[ListPrice], list_id: int | None, quantity: Quantity) -> Money:
    """The rule said in another way: the list's price from the largest quantity reached,
    else retail's, else the product's own."""
    for wanted in ([list_id] if list_id not in (None, RETAIL) else []) + [RETAIL]:
        reached = [p for p in prices if p.list_id == wanted and p.from_quantity <= quantity]
        if reached:
            top = max(p.from_quantity for p in reached)
            return next(p.price for p in reached if p.from_quantity == top)
    return own


@given(
    prices_strategy.map(
        lambda found: list({(p.list_id, p.from_quantity): p for p in found}.values())
    ),
    st.sampled_from([None, RETAIL, WHOLESALE, STAFF]),
    st.integers(1, 300_000),
    st.integers(0, 10_000),
)
def test_the_price_is_the_plain_rule(
    prices: list[ListPrice], list_id: int | None, milli: int, own: int
) -> None:
    quantity = Quantity(milli)
    price, source = unit_price(kes(own), prices, list_id, quantity)
    assert price == plain(kes(own), prices, list_id, quantity)
    # where it came from names a price that exists and that the quantity reaches
    if source == RETAIL_PRICE:
        assert price == kes(own) or any(p.list_id == RETAIL for p in prices)
    else:
        assert source.from_quantity <= quantity
        assert ListPrice(source.list_id, source.from_quantity, price) in prices
    assert source.list_id in (RETAIL, list_id)


@given(st.integers(1, 100_000), st.integers(1, 100_000))
def test_more_never_costs_more_per_unit_on_falling_breaks(first: int, second: int) -> None:
    prices = [
        ListPrice(RETAIL, Quantity.of(10), kes(90)),
        ListPrice(RETAIL, Quantity.of(100), kes(80)),
        ListPrice(WHOLESALE, Quantity(0), kes(85)),
        ListPrice(WHOLESALE, Quantity.of(10), kes(75)),
    ]
    low, high = sorted((first, second))
    for list_id in (None, WHOLESALE):
        cheaper, _ = unit_price(kes(100), prices, list_id, Quantity(high))
        dearer, _ = unit_price(kes(100), prices, list_id, Quantity(low))
        assert cheaper <= dearer


def test_breaks_and_lists_name_where_the_price_came_from() -> None:
    prices = [
        ListPrice(RETAIL, Quantity.of(10), kes(90)),
        ListPrice(WHOLESALE, Quantity(0), kes(85)),
        ListPrice(WHOLESALE, Quantity.of(10), kes(75)),
    ]
    own = kes(100)
    assert unit_price(own, prices, None, Quantity.of(9)) == (own, RETAIL_PRICE)
    assert unit_price(own, prices, None, Quantity.of(10)) == (kes(90), PriceSource(0, 10_000))
    assert unit_price(own, prices, WHOLESALE, Quantity.of(1)) == (kes(85), PriceSource(7, 0))
    ten = unit_price(own, prices, WHOLESALE, Quantity.of(10))
    assert ten == (kes(75), PriceSource(WHOLESALE, 10_000))
    # a list that does not price a product sells it at retail
    assert unit_price(own, prices, STAFF, Quantity.of(12)) == (kes(90), PriceSource(0, 10_000))


def line(product_id: int, pieces: int, price: int = 100) -> CartLine:
    return CartLine(
        product_id, f"P{product_id}", Unit.PIECE, Quantity.of(pieces), kes(price), kes(price),
        None, source=RETAIL_PRICE,
    )  # fmt: skip


def test_a_cart_is_priced_again_except_lines_priced_by_hand() -> None:
    known = {
        1: ProductPrices(kes(100), (ListPrice(WHOLESALE, Quantity(0), kes(80)),)),
        2: ProductPrices(kes(50), (ListPrice(RETAIL, Quantity.of(10), kes(40)),)),
    }
    cart = Cart("KES", TaxMode.INCLUSIVE, (line(1, 1), line(2, 12, 50)))
    by_hand = CartLine(1, "P1", Unit.PIECE, Quantity.of(1), kes(70), kes(100), None,
                       source=RETAIL_PRICE)  # fmt: skip
    cart = Cart(cart.currency, cart.mode, (*cart.lines, by_hand))
    retail = repriced(cart, known)
    assert [x.unit_price for x in retail.lines] == [kes(100), kes(40), kes(70)]
    assert retail.lines[1].source == PriceSource(RETAIL, 10_000)
    wholesale = repriced(Cart(**{**_fields(retail), "price_list_id": WHOLESALE}), known)
    assert [x.unit_price for x in wholesale.lines] == [kes(80), kes(40), kes(70)]
    assert wholesale.lines[0].source == PriceSource(WHOLESALE, 0)
    back = Cart.from_json(wholesale.to_json())
    assert back == wholesale


def test_scanning_more_of_a_product_merges_and_reaches_the_break() -> None:
    known = {2: ProductPrices(kes(50), (ListPrice(RETAIL, Quantity.of(10), kes(40)),))}
    cart = repriced(Cart("KES", TaxMode.INCLUSIVE, (line(2, 9, 50),)), known)
    cart, index = cart.add(line(2, 1, 50))
    cart = repriced(cart, known)
    assert index == 0 and len(cart.lines) == 1
    assert cart.lines[0].unit_price == kes(40) and cart.lines[0].quantity == Quantity.of(10)
    cart, _ = cart.add(line(2, 1, 50))  # at 40 and 50: both priced by the lists, one line
    assert len(cart.lines) == 1


def _fields(cart: Cart) -> dict[str, object]:
    return {name: getattr(cart, name) for name in Cart.__slots__}


def test_a_price_below_cost_or_twice_from_one_quantity_is_refused() -> None:
    cost = kes(60)
    ok = check_prices(
        WHOLESALE,
        [
            ListPrice(WHOLESALE, Quantity.of(10), kes(70)),
            ListPrice(WHOLESALE, Quantity(0), kes(80)),
        ],
        cost,
        "Sugar",
    )
    assert [p.from_quantity for p in ok] == [Quantity(0), Quantity.of(10)]
    with pytest.raises(InvalidInput, match="below its cost"):
        check_prices(WHOLESALE, [ListPrice(WHOLESALE, Quantity(0), kes(59))], cost, "Sugar")
    with pytest.raises(InvalidInput, match="same quantity"):
        check_prices(
            WHOLESALE,
            [ListPrice(WHOLESALE, Quantity.of(5), kes(70))] * 2,
            cost,
            "Sugar",
        )
    with pytest.raises(InvalidInput, match="own price"):
        check_prices(RETAIL, [ListPrice(RETAIL, Quantity(0), kes(70))], cost, "Sugar")
