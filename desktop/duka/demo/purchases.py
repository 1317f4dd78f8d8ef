"""The demo shop's purchase orders, one in every state, and goods sent back to a supplier:
made through the purchase service, as the owner would, over the last week."""

from __future__ import annotations

import contextlib
import datetime as dt

from duka.core.errors import InvalidInput
from duka.core.money import Money
from duka.core.purchases import OrderLineDraft, PurchaseOrderDraft, SupplierReturnDraft
from duka.core.quantity import Quantity
from duka.core.suppliers import ReceivedLine
from duka.demo.till import at
from duka.services.shop import Shop


def order_and_return(shop: Shop) -> int:
    """Orders received in full, in part, cancelled and still open, the low-stock list
    ordered from this morning, and one return; returns how many orders were placed."""
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)

    def days_ago(days: float) -> None:
        shop.context.clock = at(now - dt.timedelta(days=days))

    suppliers = shop.suppliers.suppliers(active_only=True)
    stocked = [(s, shop.purchases.delivered_by(s.id)[:3]) for s in suppliers]
    stocked = [(s, products) for s, products in stocked if products]
    placed = []
    for supplier, products in stocked[:4]:
        lines = []
        for product_id in products:
            product = shop.products.get(product_id)
            step = 1000 if not product.draft.unit.measured else 500
            quantity = Quantity(max(product.draft.reorder_level.milli * 2, 12_000) // step * step)
            lines.append(OrderLineDraft(product_id, quantity, product.draft.cost_price))
        days_ago(6)
        placed.append(shop.purchases.create(PurchaseOrderDraft(supplier.id, tuple(lines))))
    orders = [shop.purchases.find(number) for number in placed]
    if orders:  # the first came in two deliveries, all of it
        first = orders[0]
        days_ago(4)
        half = [
            _came(shop, line.product_id, line.ordered, line.unit_cost, 2) for line in first.lines
        ]
        shop.purchases.receive(first.id, half, reference="INV-4410")
        days_ago(3)
        rest = shop.purchases.get(first.id).lines
        shop.purchases.receive(
            first.id,
            [_came(shop, line.product_id, line.still_to_come, line.unit_cost, 1) for line in rest],
            reference="INV-4471",
        )
    if len(orders) > 1:  # the second: its first line only, so far
        line = orders[1].lines[0]
        days_ago(2)
        shop.purchases.receive(
            orders[1].id,
            [_came(shop, line.product_id, line.ordered, line.unit_cost, 2)],
            reference="T-20931",
        )
    if len(orders) > 2:
        days_ago(1.5)
        shop.purchases.cancel(orders[2].id, "The supplier has none until next month")
    # The fourth stays open; this morning, what runs low is ordered too.
    days_ago(0.2)
    if suppliers:
        with contextlib.suppress(InvalidInput):  # nothing low: no such order then
            placed += shop.purchases.from_low_stock(default_supplier=suppliers[0].id)
    if orders:  # a few of the first delivery came damaged and went back
        line = orders[0].lines[0]
        days_ago(1)
        shop.purchases.return_goods(
            SupplierReturnDraft(
                orders[0].supplier_id,
                (
                    OrderLineDraft(
                        line.product_id,
                        Quantity.pieces(2),
                        line.unit_cost,
                        shop.products.get(line.product_id).draft.tax_code,
                    ),
                ),
                "Damaged in transport",
            ),
            confirmed=True,
        )
    return len(placed)


def _came(
    shop: Shop, product_id: int, quantity: Quantity, unit_cost: Money, parts: int
) -> ReceivedLine:
    """A delivery's line bringing one of `parts` shares of `quantity`, in whole units, at
    the product's tax rate (the supplier's invoice carries VAT: the shop is registered)."""
    share = Quantity(quantity.milli // parts // 1000 * 1000 or quantity.milli)
    return ReceivedLine(product_id, share, unit_cost, shop.products.get(product_id).draft.tax_code)
