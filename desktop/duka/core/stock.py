"""The stock ledger's vocabulary: kinds of movement, and the moving average cost."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import Enum

from duka.core.money import Money
from duka.core.quantity import Quantity
from duka.i18n import N_


class MovementKind(Enum):
    OPENING = "opening"
    RECEIVE = "receive"
    SALE = "sale"
    RETURN = "return"
    ADJUST = "adjust"
    COUNT = "count"
    WRITE_OFF = "write_off"
    TRANSFER_OUT = "transfer_out"  # sent to another branch
    TRANSFER_IN = "transfer_in"  # received from another branch

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    MovementKind.OPENING: N_("Opening stock"),
    MovementKind.RECEIVE: N_("Received"),
    MovementKind.SALE: N_("Sold"),
    MovementKind.RETURN: N_("Returned"),
    MovementKind.ADJUST: N_("Adjusted"),
    MovementKind.COUNT: N_("Stocktake"),
    MovementKind.WRITE_OFF: N_("Written off"),
    MovementKind.TRANSFER_OUT: N_("Sent to a branch"),
    MovementKind.TRANSFER_IN: N_("Received from a branch"),
}


@dataclass(frozen=True, slots=True)
class Movement:
    """One change of a product's stock: received, sold, counted, returned..."""

    id: int
    product_id: int
    kind: MovementKind
    quantity: Quantity  # signed: what came in (+) or went out (-)
    unit_cost: Money
    reason: str
    document: str
    at: str
    actor: str


def moving_average(on_hand: Quantity, cost: Money, received: Quantity, unit_cost: Money) -> Money:
    """The cost per unit after receiving `received` at `unit_cost` into `on_hand` at `cost`.

    Weighted by quantity and rounded once. Stock at or below zero carries no value of its
    own (it was sold before it was received), so the new cost is then what was paid.
    """
    if received.milli <= 0:
        return cost
    if on_hand.milli <= 0:
        return unit_cost
    value = cost.exact_times(on_hand.value) + unit_cost.exact_times(received.value)
    return Money.rounded(value / (on_hand + received).value, cost.currency)


def suggested_order(on_hand: Quantity, reorder_level: Quantity) -> Quantity:
    """How much to order to get back to twice the reorder level (a common rule of thumb
    that leaves one reorder level of safety stock), never below zero."""
    return Quantity(max(0, reorder_level.milli * 2 - max(on_hand.milli, 0)))


def stock_value(on_hand: Quantity, unit_cost: Money) -> Money:
    return Money.rounded(unit_cost.exact_times(max(on_hand.value, Decimal(0))), unit_cost.currency)
