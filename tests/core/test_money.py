from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from duka.core.currency import currency_digits, territory_currency
from duka.core.errors import InvalidInput
from duka.core.money import Money, total

CURRENCIES = ["KES", "UGX", "KWD", "EUR", "INR", "CLP", "JPY", "BHD"]


def test_digits_come_from_cldr() -> None:
    assert currency_digits("KES") == 2
    assert currency_digits("UGX") == 0
    assert currency_digits("KWD") == 3
    assert currency_digits("CLP") == 0


def test_exact_amounts_and_their_decimal_value() -> None:
    assert Money.of("58.99", "KES") == Money(5899, "KES")
    assert Money.of(1500, "UGX") == Money(1500, "UGX")
    assert Money.of("1.234", "KWD").amount == Decimal("1.234")
    assert Money(5899, "KES").amount == Decimal("58.99")


def test_too_many_decimals_are_refused_not_rounded() -> None:
    with pytest.raises(InvalidInput) as caught:
        Money.of("58.999", "KES")
    assert "at most 2 decimals" in caught.value.message
    with pytest.raises(InvalidInput):
        Money.of("10.5", "UGX")


def test_rounding_is_half_up_away_from_zero_once() -> None:
    assert Money.rounded(Decimal("0.125"), "KES") == Money(13, "KES")
    assert Money.rounded(Decimal("0.135"), "KES") == Money(14, "KES")  # not half-even
    assert Money.rounded(Decimal("-0.125"), "KES") == Money(-13, "KES")
    assert Money.rounded(Decimal("2.5"), "UGX") == Money(3, "UGX")
    assert Money.rounded(Decimal("0.0005"), "KWD") == Money(1, "KWD")


def test_money_is_never_a_float() -> None:
    with pytest.raises(TypeError):
        Money(1.5, "KES")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Money(True, "KES")


def test_currencies_do_not_mix() -> None:
    with pytest.raises(ValueError):
        _ = Money(1, "KES") + Money(1, "UGX")
    with pytest.raises(ValueError):
        _ = Money(1, "KES") < Money(1, "EUR")


def test_times_rounds_a_price_by_a_quantity_once() -> None:
    assert Money.of("199.99", "KES").times(Decimal("0.375")) == Money(7500, "KES")  # 74.99625
    assert Money.of("10.00", "KES").times(3) == Money(3000, "KES")


def test_allocation_of_a_discount_keeps_every_minor_unit() -> None:
    parts = Money(100, "KES").allocate([1, 1, 1])
    assert [p.minor for p in parts] == [34, 33, 33]
    parts = Money(-100, "KES").allocate([1, 1, 1])
    assert [p.minor for p in parts] == [-34, -33, -33]
    assert [p.minor for p in Money(10, "KES").allocate([0, 0])] == [5, 5]
    assert [p.minor for p in Money(7, "KES").allocate([Decimal("0.5"), Decimal("1.5")])] == [2, 5]


def test_total_of_nothing_is_zero_in_the_currency() -> None:
    assert total([], "KES") == Money(0, "KES")


def test_territory_currency() -> None:
    assert territory_currency("KE") == "KES"
    assert territory_currency("in") == "INR"
    assert territory_currency("ZZ") is None


amounts = st.integers(min_value=-(10**12), max_value=10**12)


@given(
    st.sampled_from(CURRENCIES),
    amounts,
    st.lists(st.integers(min_value=0, max_value=10**9), min_size=1, max_size=30),
)
def test_allocate_neither_creates_nor_loses_a_minor_unit(
    currency: str, minor: int, weights: list[int]
) -> None:
    whole = Money(minor, currency)
    parts = whole.allocate(weights)
    assert sum(p.minor for p in parts) == minor
    share_total = sum(weights) or len(weights)
    for part, weight in zip(parts, weights or [1] * len(parts), strict=True):
        exact = Decimal(abs(minor)) * (weight if sum(weights) else 1) / share_total
        assert abs(Decimal(abs(part.minor)) - exact) < 1  # each part is its share, +-1


@given(st.sampled_from(CURRENCIES), st.lists(amounts, max_size=40))
def test_sums_and_differences_are_exact(currency: str, values: list[int]) -> None:
    moneys = [Money(v, currency) for v in values]
    assert total(moneys, currency).minor == sum(values)
    running = total(moneys, currency)
    for m in moneys:
        running = running - m
    assert running == Money.zero(currency)


@given(st.sampled_from(CURRENCIES), amounts)
def test_of_and_amount_round_trip(currency: str, minor: int) -> None:
    money = Money(minor, currency)
    assert Money.of(money.amount, currency) == money
    assert Money.rounded(money.amount, currency) == money
