"""The demo shop's batches: medicines and dairy received with batch numbers and expiry
dates, through the supplier service as the owner would. Oral rehydration salts hold only a
batch that has expired (the till refuses it, the Expiring tab offers to write it off), and
fresh milk has a batch that expires this week."""

from __future__ import annotations

import datetime as dt

from duka.core.money import Money
from duka.core.products import ProductDraft
from duka.core.quantity import Quantity
from duka.core.suppliers import GoodsReceivedDraft, ReceivedLine, SupplierDraft
from duka.demo.till import at
from duka.services.shop import Shop

CURRENCY = "KES"

# Medicines: name, SKU, price, cost, then each batch as (number, pieces, days it has left
# today: negative for one already expired), received `days ago`.
MEDICINES = (
    ("Paracetamol 500 mg (strip of 10)", "MED-PARA", "50", "30",
     (("PA2611", 40, 240, 20), ("PA2703", 60, 420, 5))),
    ("Amoxicillin 250 mg (21 capsules)", "MED-AMOX", "350", "240", (("AX2541", 12, 20, 30),)),
    ("Oral rehydration salts (sachet)", "MED-ORS", "40", "25", (("OR2409", 15, -4, 90),)),
)  # fmt: skip
# Dairy already on the shelf that starts keeping batches: its name as the catalogue has it.
DAIRY = (
    ("Maziwa fresh (milk) 500 ml", (("BK-1203", 24, 3, 2), ("BK-1207", 24, 9, 1))),
    ("Mtindi (plain) 500 ml", (("BK-Y118", 12, 12, 1),)),
)


def batch_story(shop: Shop) -> int:
    """Medicines and dairy received in batches; returns how many batches."""
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    today = now.astimezone().date()
    pharmacy = shop.suppliers.add(SupplierDraft("Mediplus Pharmaceuticals", "+254 720 555 010"))
    made = 0
    for name, sku, price, cost, batches in MEDICINES:
        shop.context.clock = at(now - dt.timedelta(days=100))
        product = shop.products.add(
            ProductDraft(
                name,
                Money.of(price, CURRENCY),
                Money.of(cost, CURRENCY),
                sku=sku,
                category=("Health", "Medicines"),
                tax_code="E",
                reorder_level=Quantity.of(5),
            )
        )
        shop.batches.set_tracking(product, True)
        for number, pieces, left, days_ago in batches:
            made += _receive(
                shop, pharmacy, product, cost, number, pieces, today, left, now, days_ago
            )
    dairy = next(
        (s for s in shop.suppliers.suppliers() if "Dairy" in s.name), None
    ) or shop.suppliers.get(pharmacy)
    for name, batches in DAIRY:
        found = [row for row in shop.products.search(name, 5) if row.name == name]
        if not found:
            continue
        product = found[0].id
        cost = str(shop.products.get(product).draft.cost_price.amount)
        shop.context.clock = at(now - dt.timedelta(days=3))
        shop.batches.set_tracking(product, True)
        for number, pieces, left, days_ago in batches:
            made += _receive(
                shop, dairy.id, product, cost, number, pieces, today, left, now, days_ago
            )
    return made


def _receive(
    shop: Shop,
    supplier: int,
    product: int,
    cost: str,
    number: str,
    pieces: int,
    today: dt.date,
    left: int,
    now: dt.datetime,
    days_ago: int,
) -> int:
    """One delivery of one batch, `days_ago` (before it expired, as receiving demands)."""
    shop.context.clock = at(now - dt.timedelta(days=days_ago))
    shop.suppliers.receive(
        GoodsReceivedDraft(
            supplier,
            (
                ReceivedLine(
                    product,
                    Quantity.of(pieces),
                    Money.of(cost, CURRENCY),
                    # The shop is registered for VAT: the product's rate, as its other
                    # deliveries carry.
                    tax_code=shop.products.get(product).draft.tax_code,
                    batch=number,
                    expiry=today + dt.timedelta(days=left),
                ),
            ),
            reference=f"DN-{number}",
        )
    )
    return 1
