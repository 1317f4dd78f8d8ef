"""A few weeks of counter sales for the demo shop, made through the real checkout service
by the demo's cashiers at the counter (till.py): mostly cash (handed over in notes), then
M-Pesa, card, and a split."""

from __future__ import annotations

import datetime as dt
import random

from duka.core.currency import quick_cash
from duka.core.money import Money
from duka.core.quantity import Quantity
from duka.core.sale import PaymentMethod, Tender
from duka.demo.till import Story, at
from duka.services.shop import Shop

__all__ = ["DAYS", "at", "sell_for_weeks"]

DAYS = 20


def sell_for_weeks(
    shop: Shop, product_ids: list[int], rng: random.Random, made: list[str]
) -> Story:
    """Sales on each of the last DAYS days (busier at the weekend), as a story for the
    counter (till.py): yields each sale's moment, then makes it; `made` gets their
    numbers."""
    popular = rng.sample(product_ids, min(60, len(product_ids)))
    now = dt.datetime.now(dt.UTC).replace(minute=0, second=0, microsecond=0)
    for days_ago in range(DAYS, 0, -1):
        day = now - dt.timedelta(days=days_ago)
        sales = rng.randint(8, 14) + (6 if day.weekday() >= 5 else 0)
        for moment in sorted(
            day.replace(hour=5) + dt.timedelta(minutes=rng.randint(0, 12 * 60))
            for _ in range(sales)
        ):
            yield moment
            number = _one_sale(shop, popular, product_ids, rng)
            if number is not None:
                made.append(number)


def _one_sale(
    shop: Shop, popular: list[int], everything: list[int], rng: random.Random
) -> str | None:
    checkout = shop.checkout
    cart = checkout.new_cart()
    for _ in range(rng.choice((1, 1, 2, 2, 3, 4, 5))):
        product_id = rng.choice(popular) if rng.random() < 0.8 else rng.choice(everything)
        product = shop.products.get(product_id)
        if product.stock.milli < 2000:
            continue
        quantity = (
            Quantity.of(rng.choice(("0.25", "0.5", "1", "1.5")))
            if product.draft.unit.measured
            else Quantity.of(rng.choice((1, 1, 1, 2, 3)))
        )
        cart, _ = cart.add(checkout.line_for(product, quantity))
    if cart.is_empty:
        return None
    due = cart.totals().gross
    roll = rng.random()
    if roll < 0.6:
        notes = quick_cash(due.minor, due.currency) or [due.minor]
        given = rng.choice([due.minor, *notes[:2]])
        tenders = [Tender(PaymentMethod.CASH, Money(given, due.currency))]
    elif roll < 0.82:
        code = "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789") for _ in range(10))
        tenders = [Tender(PaymentMethod.MOBILE, due, "M-Pesa", code)]
    elif roll < 0.95:
        tenders = [Tender(PaymentMethod.CARD, due, reference=str(rng.randint(100000, 999999)))]
    else:
        half = Money(due.minor // 2, due.currency)
        tenders = [
            Tender(PaymentMethod.MOBILE, half, "M-Pesa", "QF4K2M9PX1"),
            Tender(PaymentMethod.CASH, due - half),
        ]
    return checkout.complete(None, cart, tenders).number
