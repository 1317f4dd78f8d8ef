"""Quantities: whole pieces or measured goods (0.375 kg), kept as integer thousandths."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from duka.core.errors import InvalidInput
from duka.i18n import N_

DECIMALS = 3
_SCALE = 1000  # 10 ** DECIMALS
# The largest quantity typed or read from a file (a stock level, a count, a reorder level):
# a million units. Times the largest price it stays within SQLite's 64-bit integers.
MAX_UNITS = 1_000_000


@dataclass(frozen=True, slots=True, order=True)
class Quantity:
    """A quantity in thousandths, so 0.25 kg and 3 pieces are both exact."""

    milli: int  # thousandths of the unit: 375 is 0.375 kg, 2000 is 2 pieces

    def __post_init__(self) -> None:
        if not isinstance(self.milli, int) or isinstance(self.milli, bool):
            raise TypeError(f"Quantity needs integer thousandths, got {self.milli!r}")

    @classmethod
    def of(cls, value: Decimal | int | str) -> Quantity:
        """An exact quantity; more than three decimals is refused, never rounded."""
        number = value if isinstance(value, Decimal) else Decimal(value)
        if not number.is_finite():
            raise InvalidInput(N_("A quantity must be a number."))
        if number.copy_abs() > MAX_UNITS:  # first: "1E999999999" cannot even be scaled
            raise InvalidInput(N_("A quantity can be at most {limit}."), limit=MAX_UNITS)
        scaled = number.scaleb(DECIMALS)
        if scaled != scaled.to_integral_value():
            raise InvalidInput(N_("Quantities have at most three decimals."))
        return cls(int(scaled))

    def bounded(self, field: str | None = None) -> Quantity:
        """Self, if no larger than any typed or imported quantity may be (MAX_UNITS)."""
        if abs(self.milli) > MAX_UNITS * _SCALE:
            raise InvalidInput(
                N_("A quantity can be at most {limit}."), field=field, limit=MAX_UNITS
            )
        return self

    @classmethod
    def pieces(cls, count: int) -> Quantity:
        return cls(count * _SCALE)

    @property
    def value(self) -> Decimal:
        return Decimal(self.milli).scaleb(-DECIMALS).normalize() if self.milli else Decimal(0)

    def is_whole(self) -> bool:
        return self.milli % _SCALE == 0

    def __add__(self, other: Quantity) -> Quantity:
        return Quantity(self.milli + other.milli)

    def __sub__(self, other: Quantity) -> Quantity:
        return Quantity(self.milli - other.milli)

    def __neg__(self) -> Quantity:
        return Quantity(-self.milli)

    def __bool__(self) -> bool:
        return self.milli != 0

    def __str__(self) -> str:
        return format(self.value, "f")
