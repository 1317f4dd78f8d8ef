"""Purchase orders to suppliers, what is still to come of them, and goods sent back."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import Enum

from duka.core.errors import Conflict, InvalidInput
from duka.core.money import Money
from duka.core.products import Unit
from duka.core.purchase_tax import BoughtLine
from duka.core.quantity import Quantity
from duka.i18n import N_


class NeedsConfirmation(Conflict):
    """Allowed, but only once the user has said yes (the service is asked again with
    confirmed=True): more received than ordered, more sent back than is on hand."""


class OrderState(Enum):
    OPEN = "open"
    PARTLY_RECEIVED = "partly_received"
    RECEIVED = "received"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return _STATES[self]


_STATES = {
    # "Ordered", not "Open": a word no other screen uses for something else.
    OrderState.OPEN: N_("Ordered"),
    OrderState.PARTLY_RECEIVED: N_("Partly received"),
    OrderState.RECEIVED: N_("Received in full"),
    OrderState.CANCELLED: N_("Cancelled"),
}


@dataclass(frozen=True, slots=True)
class OrderLineDraft:
    product_id: int
    quantity: Quantity
    unit_cost: Money  # what the shop expects to pay (a return: is credited), before tax
    # A supplier return's line: the rate it was bought at, whose tax the supplier credits
    # too (None: no tax). An order keeps none: what it will cost is on the delivery.
    tax_code: str | None = None

    @property
    def total(self) -> Money:
        """The line's amount before tax."""
        return self.unit_cost.times(self.quantity.value)

    @property
    def bought(self) -> BoughtLine:
        return BoughtLine(self.quantity, self.unit_cost, self.tax_code)


def _checked_lines(lines: tuple[OrderLineDraft, ...], empty: str) -> None:
    if not lines:
        raise InvalidInput(empty, field="lines")
    seen: set[int] = set()
    for line in lines:
        if line.quantity.milli <= 0:
            raise InvalidInput(N_("A quantity must be more than zero."), field="quantity")
        if line.unit_cost.minor < 0:
            raise InvalidInput(N_("A cost cannot be negative."), field="unit_cost")
        if line.product_id in seen:
            raise InvalidInput(N_("A product is on two lines; put it on one."), field="lines")
        seen.add(line.product_id)


def lines_total(lines: Iterable[OrderLineDraft], currency: str) -> Money:
    result = Money.zero(currency)
    for line in lines:
        result = result + line.total
    return result


@dataclass(frozen=True, slots=True)
class PurchaseOrderDraft:
    supplier_id: int
    lines: tuple[OrderLineDraft, ...]
    note: str = ""

    def checked(self) -> PurchaseOrderDraft:
        _checked_lines(self.lines, N_("An order needs at least one product."))
        return PurchaseOrderDraft(self.supplier_id, self.lines, " ".join(self.note.split()))


@dataclass(frozen=True, slots=True)
class OrderLine:
    product_id: int
    name: str
    unit: Unit
    ordered: Quantity
    received: Quantity  # by the deliveries received against the order
    unit_cost: Money

    @property
    def still_to_come(self) -> Quantity:
        return Quantity(max(0, self.ordered.milli - self.received.milli))

    @property
    def total(self) -> Money:
        return self.unit_cost.times(self.ordered.value)


def order_state(lines: Iterable[OrderLine], cancelled: bool) -> OrderState:
    """Read from the order's rows, never kept: a cancellation, then what came of each line."""
    if cancelled:
        return OrderState.CANCELLED
    lines = list(lines)
    if all(line.received.milli >= line.ordered.milli for line in lines):
        return OrderState.RECEIVED
    if any(line.received.milli > 0 for line in lines):
        return OrderState.PARTLY_RECEIVED
    return OrderState.OPEN


@dataclass(frozen=True, slots=True)
class PurchaseOrder:
    id: int
    number: str
    supplier_id: int
    supplier_name: str
    note: str
    total: Money
    at: str
    actor: str
    lines: tuple[OrderLine, ...]
    deliveries: tuple[str, ...]  # numbers of the goods received against it
    cancel_reason: str = ""
    cancelled_at: str = ""

    @property
    def state(self) -> OrderState:
        return order_state(self.lines, bool(self.cancelled_at))

    @property
    def still_to_come(self) -> Money:
        """The value of what is still to come at the expected costs (nothing once
        cancelled)."""
        result = Money.zero(self.total.currency)
        if self.state is OrderState.CANCELLED:
            return result
        for line in self.lines:
            result = result + line.unit_cost.times(line.still_to_come.value)
        return result


def over_ordered(
    lines: Mapping[int, Quantity], ordered: Mapping[int, Quantity], received: Mapping[int, Quantity]
) -> list[int]:
    """The products of a delivery that bring what was received beyond what was ordered
    (including products that were not on the order at all)."""
    over = []
    for product_id, quantity in lines.items():
        so_far = received.get(product_id, Quantity(0))
        if (so_far + quantity).milli > ordered.get(product_id, Quantity(0)).milli:
            over.append(product_id)
    return over


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A product of the low-stock list, how much to order, and from whom (the supplier who
    last delivered it, if any)."""

    product_id: int
    name: str
    quantity: Quantity
    unit_cost: Money
    supplier_id: int | None


def orders_from_suggestions(
    suggestions: Iterable[Suggestion], default_supplier: int | None
) -> dict[int, tuple[OrderLineDraft, ...]]:
    """One order per supplier: each product goes to its own supplier, those without one to
    `default_supplier` (left out when there is none); nothing to order, no line."""
    grouped: dict[int, list[OrderLineDraft]] = {}
    for item in suggestions:
        supplier = item.supplier_id if item.supplier_id is not None else default_supplier
        if supplier is None or item.quantity.milli <= 0:
            continue
        grouped.setdefault(supplier, []).append(
            OrderLineDraft(item.product_id, item.quantity, item.unit_cost)
        )
    return {supplier: tuple(lines) for supplier, lines in grouped.items()}


@dataclass(frozen=True, slots=True)
class SupplierReturnDraft:
    """Goods sent back to a supplier, at the cost the shop is credited for them."""

    supplier_id: int
    lines: tuple[OrderLineDraft, ...]
    reason: str

    def checked(self) -> SupplierReturnDraft:
        _checked_lines(self.lines, N_("A return needs at least one product."))
        reason = " ".join(self.reason.split())
        if not reason:
            raise InvalidInput(N_("Please say why the goods go back."), field="reason")
        return SupplierReturnDraft(self.supplier_id, self.lines, reason)


@dataclass(frozen=True, slots=True)
class SupplierReturn:
    id: int
    number: str
    supplier_id: int
    supplier_name: str
    reason: str
    total: Money
    at: str
