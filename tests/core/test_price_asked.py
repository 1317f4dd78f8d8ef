"""A product without a fixed price: its draft keeps the flag, and a line whose price was
asked at the sale is measured against the suggestion for a cashier's limit."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from duka.core.errors import InvalidInput
from duka.core.money import Money
from duka.core.products import ProductDraft, Unit
from duka.core.quantity import Quantity
from duka.core.sale import Cart, CartLine, lowest_within
from duka.core.tax import TaxMode


def kes(amount: str) -> Money:
    return Money.of(amount, "KES")


def line(suggested: str) -> CartLine:
    price = kes(suggested)
    return CartLine(1, "Repair", Unit.PIECE, Quantity.of(1), price, price, None)


def test_a_draft_keeps_the_flag_and_may_have_no_price() -> None:
    draft = ProductDraft("Phone repair", kes("0"), kes("0"), price_asked=True).checked()
    assert draft.price_asked and draft.sell_price == kes("0")
    # Positional drafts made before the flag still work, with a fixed price.
    older = ProductDraft("Sukari", kes("180"), kes("150"), Unit.PIECE, "S").checked()
    assert not older.price_asked


def test_a_price_asked_is_the_lines_price_and_list_price() -> None:
    asked = line("0").at_asked_price(kes("250"))
    assert asked.asked and asked.suggested == kes("0")
    assert asked.unit_price == asked.list_price == kes("250")
    assert not asked.overridden  # a receipt shows it as an ordinary line
    assert asked.amount() == kes("250")


@pytest.mark.parametrize("minor", [0, -500])
def test_a_price_asked_must_be_above_zero(minor: int) -> None:
    with pytest.raises(InvalidInput) as refused:
        line("100").at_asked_price(Money(minor, "KES"))
    assert refused.value.message == "Type a price above zero."


def test_the_limit_is_measured_from_the_suggestion() -> None:
    cart = Cart("KES", TaxMode.INCLUSIVE)
    within, _ = cart.add(line("400").at_asked_price(kes("360")))  # 10% below
    assert within.discount_percent() == Decimal(10)
    below, _ = cart.add(line("400").at_asked_price(kes("300")))  # 25% below
    assert below.discount_percent() == Decimal(25)
    above, _ = cart.add(line("400").at_asked_price(kes("900")))
    assert above.discount_percent() == 0 and not above.price_changed()
    free, _ = cart.add(line("0").at_asked_price(kes("1")))  # no suggestion: any price
    assert free.discount_percent() == 0 and not free.price_changed()


def test_a_changed_asked_price_is_a_change_at_the_counter() -> None:
    asked = line("400").at_asked_price(kes("400"))
    assert replace(asked, unit_price=kes("380")).overridden


def test_the_lowest_price_a_cashier_may_type_alone() -> None:
    assert lowest_within(kes("400"), 10) == kes("360")
    assert lowest_within(Money(333, "KES"), 10) == Money(300, "KES")  # 299.7 rounded up
    assert lowest_within(kes("400"), 100) == Money(1, "KES")  # above zero still
    assert lowest_within(kes("0"), 10) is None


def test_an_asked_line_survives_being_saved_and_read_back() -> None:
    cart, _ = Cart("KES", TaxMode.INCLUSIVE).add(line("400").at_asked_price(kes("250")))
    again = Cart.from_json(cart.to_json())
    assert again == cart and again.lines[0].suggested == kes("400")
    plain, _ = Cart("KES", TaxMode.INCLUSIVE).add(line("400"))
    assert "suggested" not in plain.to_json()["lines"][0]  # older carts read the same


@given(
    suggested=st.integers(min_value=1, max_value=10**9),
    limit=st.sampled_from((0, 5, 10, 15, 20, 25, 50, 100)),
)
def test_the_lowest_price_shown_is_where_approval_starts(suggested: int, limit: int) -> None:
    suggestion = Money(suggested, "KES")
    lowest = lowest_within(suggestion, limit)
    assert lowest is not None

    def cut(price: int) -> Decimal:
        asked = line("0").at_asked_price(Money(price, "KES"))
        asked = replace(asked, suggested=suggestion)
        return Cart("KES", TaxMode.INCLUSIVE).add(asked)[0].discount_percent()

    assert cut(lowest.minor) <= limit
    if lowest.minor > 1:
        assert cut(lowest.minor - 1) > limit
