"""Money as integer minor units of one currency.

The one rounding point: `Money.rounded` turns an exact Decimal (a price times a quantity, an
amount times a rate) into minor units with ROUND_HALF_UP. Every other operation on Money is
exact integer arithmetic, so no minor unit is ever created or lost, and `allocate` splits an
amount into parts that add up to it exactly.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from duka.core.currency import currency_digits
from duka.core.errors import InvalidInput
from duka.i18n import N_

Number = Decimal | int

# The largest amount typed or read from a file, in minor units: ten billion in a currency
# with cents. A line (up to a million units of such a price) and the totals built from it
# stay within SQLite's 64-bit integers; 2**63 minor units read from a file would not.
MAX_MINOR = 10**12


@dataclass(frozen=True, slots=True)
class Money:
    """An amount in a currency's smallest unit (cents): never a float."""

    minor: int
    currency: str

    def __post_init__(self) -> None:
        if not isinstance(self.minor, int) or isinstance(self.minor, bool):
            raise TypeError(f"Money needs integer minor units, got {self.minor!r}")

    # -- construction -------------------------------------------------------------------

    @classmethod
    def zero(cls, currency: str) -> Money:
        return cls(0, currency)

    @classmethod
    def of(cls, amount: Decimal | int | str, currency: str) -> Money:
        """An exact amount such as Decimal("58.99"); more decimals than the currency has
        are refused rather than rounded, because they can only be a typing mistake."""
        value = Decimal(amount) if not isinstance(amount, Decimal) else amount
        if not value.is_finite():
            raise InvalidInput(N_("An amount must be a number."))
        digits = currency_digits(currency)
        largest = Decimal(MAX_MINOR).scaleb(-digits)
        if value.copy_abs() > largest:  # first: "1E999999999" cannot even be scaled
            raise InvalidInput(N_("An amount can be at most {limit}."), limit=f"{largest:f}")
        scaled = value.scaleb(digits)
        if scaled != scaled.to_integral_value():
            raise InvalidInput(
                N_("{currency} amounts have at most {digits} decimals."),
                currency=currency,
                digits=digits,
            )
        return cls(int(scaled), currency)

    @classmethod
    def rounded(cls, amount: Decimal, currency: str) -> Money:
        """The rounding point: an exact Decimal amount to minor units, half away from zero."""
        if not amount.is_finite():
            raise InvalidInput(N_("An amount must be a number."))
        scaled = amount.scaleb(currency_digits(currency))
        return cls(int(scaled.quantize(Decimal(1), rounding=ROUND_HALF_UP)), currency)

    # -- reading ------------------------------------------------------------------------

    @property
    def amount(self) -> Decimal:
        """The exact value in major units, e.g. Decimal("58.99")."""
        return Decimal(self.minor).scaleb(-currency_digits(self.currency))

    def is_zero(self) -> bool:
        return self.minor == 0

    def __bool__(self) -> bool:
        return self.minor != 0

    # -- arithmetic (exact) -------------------------------------------------------------

    def _same(self, other: object) -> Money:
        if not isinstance(other, Money):
            raise TypeError(f"cannot combine Money with {type(other).__name__}")
        if other.currency != self.currency:
            raise ValueError(f"cannot combine {self.currency} with {other.currency}")
        return other

    def __add__(self, other: Money) -> Money:
        return Money(self.minor + self._same(other).minor, self.currency)

    def __sub__(self, other: Money) -> Money:
        return Money(self.minor - self._same(other).minor, self.currency)

    def __neg__(self) -> Money:
        return Money(-self.minor, self.currency)

    def __abs__(self) -> Money:
        return Money(abs(self.minor), self.currency)

    def __lt__(self, other: Money) -> bool:
        return self.minor < self._same(other).minor

    def __le__(self, other: Money) -> bool:
        return self.minor <= self._same(other).minor

    def __gt__(self, other: Money) -> bool:
        return self.minor > self._same(other).minor

    def __ge__(self, other: Money) -> bool:
        return self.minor >= self._same(other).minor

    def exact_times(self, factor: Number) -> Decimal:
        """self x factor as an exact Decimal in major units, for summing before rounding."""
        return self.amount * Decimal(factor)

    def times(self, factor: Number) -> Money:
        """self x factor (a quantity or a rate), rounded once."""
        return Money.rounded(self.exact_times(factor), self.currency)

    def allocate(self, weights: Sequence[Number]) -> list[Money]:
        """Split self in proportion to `weights`; the parts add up to self exactly.

        Largest remainder: each part gets its floor share, then the minor units left over go
        one each to the parts with the largest remainders (the earliest first on a tie).
        """
        if not weights:
            raise ValueError("allocate needs at least one weight")
        exact = [Decimal(w) for w in weights]
        if any(not w.is_finite() or w < 0 for w in exact):
            raise ValueError("allocation weights must be finite and not negative")
        # Integer weights keep the split exact whatever their size or decimals.
        places = max(max(0, -int(w.as_tuple().exponent)) for w in exact)
        ints = [int(w.scaleb(places)) for w in exact]
        if sum(ints) == 0:
            ints = [1] * len(ints)
        total_weight = sum(ints)
        sign = -1 if self.minor < 0 else 1
        whole = abs(self.minor)
        parts: list[int] = []
        remainders: list[int] = []
        for weight in ints:
            part, remainder = divmod(whole * weight, total_weight)
            parts.append(part)
            remainders.append(remainder)
        left = whole - sum(parts)
        order = sorted(range(len(parts)), key=lambda i: (-remainders[i], i))
        for i in order[:left]:
            parts[i] += 1
        return [Money(sign * p, self.currency) for p in parts]

    def __str__(self) -> str:
        return f"{self.amount} {self.currency}"


def check_bounds(amount: Money, field: str | None = None) -> Money:
    """Refuse an amount larger than any typed or imported one may be (MAX_MINOR)."""
    if abs(amount.minor) > MAX_MINOR:
        digits = currency_digits(amount.currency)
        raise InvalidInput(
            N_("An amount can be at most {limit}."),
            field=field,
            limit=f"{Decimal(MAX_MINOR).scaleb(-digits):f}",
        )
    return amount


def total(amounts: Iterable[Money], currency: str) -> Money:
    """The exact sum of `amounts`, zero in `currency` when there are none."""
    result = Money.zero(currency)
    for amount in amounts:
        result = result + amount
    return result
