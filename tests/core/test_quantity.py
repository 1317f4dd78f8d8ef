from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from duka.core.errors import InvalidInput
from duka.core.quantity import Quantity


def test_measured_quantities_keep_three_decimals() -> None:
    assert Quantity.of("0.375").milli == 375
    assert Quantity.of(2).milli == 2000
    assert Quantity.of("0.375").value == Decimal("0.375")
    assert str(Quantity.of("1.500")) == "1.5"
    assert str(Quantity.pieces(10)) == "10"


def test_a_fourth_decimal_is_refused() -> None:
    with pytest.raises(InvalidInput):
        Quantity.of("0.3755")


def test_whole_and_arithmetic() -> None:
    assert Quantity.of(3).is_whole()
    assert not Quantity.of("0.5").is_whole()
    assert Quantity.of("0.5") + Quantity.of("0.25") == Quantity.of("0.75")
    assert -Quantity.of(1) == Quantity(-1000)


@given(st.integers(min_value=-(10**9), max_value=10**9))
def test_round_trip(milli: int) -> None:
    quantity = Quantity(milli)
    assert Quantity.of(quantity.value) == quantity
    assert Quantity.of(str(quantity)) == quantity
