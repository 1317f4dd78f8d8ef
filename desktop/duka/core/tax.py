"""Tax on a document: several rates, exempt lines, prices with or without tax.

The method is the one EN 16931 prescribes for invoices, applied to every document:
1. each line's amount is rounded once: quantity x unit price - line discount;
2. a document discount is allocated over the lines in proportion to their amounts;
3. line amounts are summed per tax rate, and the tax of each rate is rounded once on that sum.

With prices that exclude tax the line amounts are net and the tax is added per rate. With
prices that include tax (the shelf price is what the customer pays) the line amounts are
gross and the tax is taken out per rate: tax = gross x rate / (100 + rate). Either way the
document's total equals the sum of its lines to the minor unit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum

from duka.core.errors import InvalidInput
from duka.core.money import Money, total
from duka.core.quantity import Quantity
from duka.i18n import N_

MAX_RATE = Decimal(100)


class TaxMode(Enum):
    EXCLUSIVE = "exclusive"  # prices are net; tax is added on top
    INCLUSIVE = "inclusive"  # prices already contain the tax


@dataclass(frozen=True, slots=True)
class TaxRate:
    """A rate the shop charges, e.g. TaxRate("S", "VAT 16%", Decimal(16))."""

    code: str
    name: str
    percent: Decimal
    exempt: bool = False  # outside the tax (not the same as a 0% rate on a tax return)

    def __post_init__(self) -> None:
        if not self.code.strip():
            raise InvalidInput(N_("A tax rate needs a short code."))
        if not self.name.strip():
            raise InvalidInput(N_("A tax rate needs a name."))
        if not self.percent.is_finite() or self.percent < 0 or self.percent >= MAX_RATE:
            raise InvalidInput(
                N_("A tax rate must be at least 0% and below 100%: {name}."), name=self.name
            )
        if self.exempt and self.percent != 0:
            raise InvalidInput(N_("An exempt rate cannot charge tax: {name}."), name=self.name)

    @property
    def fraction(self) -> Decimal:
        return self.percent / 100


@dataclass(frozen=True, slots=True)
class TaxLine:
    """What tax needs of a document line; `rate` None means no tax applies to the line."""

    quantity: Quantity
    unit_price: Money
    rate: TaxRate | None
    discount: Money | None = None

    def amount(self) -> Money:
        """Quantity x price - discount, rounded once (step 1)."""
        gross = self.unit_price.times(self.quantity.value)
        return gross - self.discount if self.discount is not None else gross


@dataclass(frozen=True, slots=True)
class RateTotal:
    """What one tax rate comes to on a document: net, tax and gross."""

    rate: TaxRate | None
    net: Money
    tax: Money
    gross: Money


@dataclass(frozen=True, slots=True)
class DocumentTotals:
    """A document's totals, by tax rate and in all, with its lines' amounts."""

    mode: TaxMode
    line_amounts: tuple[Money, ...]  # after the document discount, in the prices' mode
    by_rate: tuple[RateTotal, ...]
    net: Money
    tax: Money
    gross: Money
    discount: Money  # the document discount that was allocated over the lines


def shop_rate(tax_code: str | None, rates: Sequence[TaxRate], unregistered: str) -> TaxRate | None:
    """The shop's rate `tax_code` (None for none); refused when the shop has no such rate,
    or with `unregistered` (a message id) when it has no rates at all: it is not registered
    for tax."""
    if tax_code is None:
        return None
    for rate in rates:
        if rate.code == tax_code:
            return rate
    if not rates:
        raise InvalidInput(unregistered, field="tax")
    raise InvalidInput(N_("The shop has no tax rate {code}."), field="tax", code=tax_code)


def rate_tax(amount: Money, rate: TaxRate | None, mode: TaxMode) -> Money:
    """The tax in `amount` (gross when prices include tax, net otherwise), rounded once."""
    if rate is None or rate.exempt or rate.percent == 0:
        return Money.zero(amount.currency)
    if mode is TaxMode.EXCLUSIVE:
        return Money.rounded(amount.amount * rate.fraction, amount.currency)
    return Money.rounded(amount.amount * rate.percent / (MAX_RATE + rate.percent), amount.currency)


def _rate_key(rate: TaxRate | None) -> tuple[str, Decimal, bool] | None:
    return None if rate is None else (rate.code, rate.percent, rate.exempt)


def document_totals(
    lines: Sequence[TaxLine],
    mode: TaxMode,
    currency: str,
    discount: Money | None = None,
) -> DocumentTotals:
    """Totals of a document by the method in this module's docstring."""
    for line in lines:
        if line.unit_price.currency != currency:
            raise ValueError(f"a {line.unit_price.currency} line on a {currency} document")
    amounts = [line.amount() for line in lines]
    doc_discount = discount if discount is not None else Money.zero(currency)
    if doc_discount:
        subtotal = total(amounts, currency)
        if doc_discount.minor < 0 or doc_discount.minor > max(subtotal.minor, 0):
            raise InvalidInput(N_("A discount cannot be negative or more than the total."))
        weights = [max(a.minor, 0) for a in amounts]
        shares = doc_discount.allocate(weights)
        amounts = [a - s for a, s in zip(amounts, shares, strict=True)]

    groups: dict[tuple[str, Decimal, bool] | None, tuple[TaxRate | None, Money]] = {}
    for line, amount in zip(lines, amounts, strict=True):
        key = _rate_key(line.rate)
        rate, running = groups.get(key, (line.rate, Money.zero(currency)))
        groups[key] = (rate, running + amount)

    by_rate: list[RateTotal] = []
    for rate, amount in groups.values():
        tax = rate_tax(amount, rate, mode)
        if mode is TaxMode.EXCLUSIVE:
            by_rate.append(RateTotal(rate, net=amount, tax=tax, gross=amount + tax))
        else:
            by_rate.append(RateTotal(rate, net=amount - tax, tax=tax, gross=amount))

    return DocumentTotals(
        mode=mode,
        line_amounts=tuple(amounts),
        by_rate=tuple(by_rate),
        net=total((r.net for r in by_rate), currency),
        tax=total((r.tax for r in by_rate), currency),
        gross=total((r.gross for r in by_rate), currency),
        discount=doc_discount,
    )
