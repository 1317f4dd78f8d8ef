"""Taking goods back: how much of each sale line can still be returned, and what it refunds.

A refund is its own document, never an edit of the sale. Returned units refund their share
of what the line was paid (after its discount and its share of the sale's discount): the
running total amount x (returned so far) / sold is rounded once and each return gives the
difference, the last units exactly what is left; so returning a line in any number of goes
never refunds a minor unit more or less than it cost.
Tax is worked out by rate on the refunded amounts, as on the sale.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from duka.core.errors import InvalidInput
from duka.core.money import Money
from duka.core.quantity import Quantity
from duka.core.tax import DocumentTotals, TaxLine, TaxMode, TaxRate, document_totals
from duka.i18n import N_


@dataclass(frozen=True, slots=True)
class SoldLine:
    """A line of a past sale, with what has already come back of it."""

    line_id: int
    product_id: int
    name: str
    quantity: Quantity
    amount: Money  # what the line was paid, in the sale's tax mode
    rate: TaxRate | None
    returned: Quantity  # by earlier refunds
    refunded: Money  # by earlier refunds

    @property
    def returnable(self) -> Quantity:
        return self.quantity - self.returned


@dataclass(frozen=True, slots=True)
class ReturnedLine:
    line: SoldLine
    quantity: Quantity
    amount: Money
    restock: bool


def refund_amount(line: SoldLine, quantity: Quantity) -> Money:
    """What returning `quantity` of `line` gives back (see the module's docstring)."""
    if quantity.milli <= 0:
        raise InvalidInput(N_("A returned quantity must be more than zero."), field="quantity")
    if quantity > line.returnable:
        raise InvalidInput(
            N_("Only {left} of “{name}” can still be returned."),
            field="quantity",
            left=str(line.returnable),
            name=line.name,
        )
    if quantity == line.returnable:
        return line.amount - line.refunded
    # Rounded on the running total, not on each return: three returns of 0.6 minor units
    # each must come to 2 (what 1.8 rounds to), not 3.
    back = line.returned + quantity
    share = line.amount.amount * Decimal(back.milli) / Decimal(line.quantity.milli)
    due = Money.rounded(share, line.amount.currency) - line.refunded
    left = line.amount - line.refunded
    return min(max(due, Money.zero(due.currency)), left)


def plan_return(
    lines: Sequence[SoldLine], wanted: dict[int, tuple[Quantity, bool]]
) -> list[ReturnedLine]:
    """The lines to refund for `wanted` ({sale line id: (quantity, restock)})."""
    by_id = {line.line_id: line for line in lines}
    planned = []
    for line_id, (quantity, restock) in wanted.items():
        if not quantity.milli:
            continue
        line = by_id.get(line_id)
        if line is None:
            raise InvalidInput(N_("That line is not on this sale."))
        planned.append(ReturnedLine(line, quantity, refund_amount(line, quantity), restock))
    if not planned:
        raise InvalidInput(N_("Choose what comes back: at least one quantity."))
    return planned


def refund_totals(planned: Sequence[ReturnedLine], mode: TaxMode, currency: str) -> DocumentTotals:
    """Net, tax and gross of a refund, by rate, from the refunded amounts."""
    return document_totals(
        [TaxLine(Quantity.of(1), item.amount, item.line.rate) for item in planned],
        mode,
        currency,
    )
