"""The demo shop's khata: customers who have bought on account over the last months, paid
some of it back by M-Pesa or cash, brought goods back to their account, and a few who owe
from the old notebook. Made through the real services, as the shopkeeper and the cashiers
would."""

from __future__ import annotations

import datetime as dt
import random

from duka.core.ledger import PaymentMethod as Paid
from duka.core.money import Money
from duka.core.quantity import Quantity
from duka.core.sale import PaymentMethod, Tender
from duka.demo.till import Story
from duka.demo.till import at as _at
from duka.services.shop import Shop

HISTORY_DAYS = 120


def credit_histories(
    shop: Shop, customer_ids: list[int], product_ids: list[int], rng: random.Random
) -> list[Story]:
    """Sales on account, payments and returns for the customers who have a credit limit:
    what some owed from the notebook is entered now (by whoever acts: the owner), the rest
    is a story per customer for the counter (till.py)."""
    now = dt.datetime.now(dt.UTC).replace(second=0, microsecond=0)
    real_clock = shop.context.clock
    stories = []
    slow = customer_ids[2] if len(customer_ids) > 2 else None  # has not paid since the summer
    try:
        for customer_id in customer_ids:
            customer = shop.customers.get(customer_id)
            if not customer.credit_limit:
                continue
            currency = customer.credit_limit.currency
            day = HISTORY_DAYS - rng.randint(0, 15)
            shop.context.clock = _at(now - dt.timedelta(days=day))
            if rng.random() < 0.4:  # carried over from the paper notebook
                opening = Money(rng.randint(5, 40) * 5000, currency)
                shop.accounts.set_opening(customer_id, opening, "from the notebook")
            story = _story(
                shop, customer_id, customer_id == slow, day, now, product_ids, currency, rng
            )
            stories.append(story)
    finally:
        shop.context.clock = real_clock
    return stories


def _story(
    shop: Shop,
    customer_id: int,
    slow: bool,
    day: int,
    now: dt.datetime,
    product_ids: list[int],
    currency: str,
    rng: random.Random,
) -> Story:
    """One customer's visits to the counter: buying on account while under 70% of the
    limit, paying some of it back (M-Pesa or cash), now and then bringing something back."""
    limit = shop.customers.get(customer_id).credit_limit
    while day > 1:
        day -= rng.randint(4, 16)
        if day < 1:
            break
        # In opening hours: 08:00 to 19:00 in Nairobi.
        yield (now - dt.timedelta(days=day)).replace(
            hour=rng.randint(5, 15), minute=rng.randint(0, 59)
        )
        owed = shop.accounts.balance(customer_id)
        if owed.minor > 0 and not slow and rng.random() < 0.45:
            share = owed.minor * rng.choice((25, 40, 50, 100)) // 100
            part = Money(max(100, share - share % 100), currency)  # whole shillings
            method = rng.choice((Paid.MOBILE, Paid.MOBILE, Paid.CASH))
            reference = _code(rng) if method is Paid.MOBILE else ""
            shop.accounts.receive_payment(customer_id, part, method, reference)
        elif owed.minor < limit.minor * 7 // 10:
            number = _sale_on_account(shop, customer_id, product_ids, rng)
            if number and rng.random() < 0.08:
                _return_one(shop, number)


def _code(rng: random.Random) -> str:
    return "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789") for _ in range(10))


def _sale_on_account(
    shop: Shop, customer_id: int, product_ids: list[int], rng: random.Random
) -> str | None:
    checkout = shop.checkout
    cart = checkout.new_cart().with_customer(customer_id)
    for product_id in rng.sample(product_ids, rng.randint(1, 4)):
        product = shop.products.get(product_id)
        if product.stock.milli < 3000 or product.draft.unit.measured:
            continue
        cart, _ = cart.add(checkout.line_for(product, Quantity.of(rng.choice((1, 1, 2)))))
    if cart.is_empty:
        return None
    due = cart.totals().gross
    if checkout.beyond_credit_limit(customer_id, due):
        return None  # the cashier may not go beyond it, and does not ask the manager
    return checkout.complete(None, cart, [Tender(PaymentMethod.ACCOUNT, due)]).number


def _return_one(shop: Shop, number: str) -> None:
    sale = shop.returns.find(number)
    line = sale.lines[0]
    shop.returns.refund(
        number, {line.line_id: (Quantity.of(1), True)}, PaymentMethod.ACCOUNT, "damaged"
    )
