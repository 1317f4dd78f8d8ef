"""The demo shop's khata: customers who have bought on account over the last months, paid
some of it back by M-Pesa or cash, brought goods back to their account, and a few who owe
from the old notebook. Made through the real services, as the shopkeeper would."""

from __future__ import annotations

import datetime as dt
import random

from duka.core.ledger import PaymentMethod as Paid
from duka.core.money import Money
from duka.core.quantity import Quantity
from duka.core.sale import PaymentMethod, Tender
from duka.services.demo_sales import at as _at
from duka.services.shop import Shop

HISTORY_DAYS = 120


def credit_histories(
    shop: Shop, customer_ids: list[int], product_ids: list[int], rng: random.Random
) -> int:
    """Sales on account, payments and returns for the customers who have a credit limit;
    returns how many account entries were made."""
    now = dt.datetime.now(dt.UTC).replace(second=0, microsecond=0)
    real_clock = shop.context.clock
    entries = 0
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
                entries += 1
            while day > 1:
                day -= rng.randint(4, 16)
                if day < 1:
                    break
                moment = now - dt.timedelta(days=day, hours=rng.randint(0, 8))
                shop.context.clock = _at(moment)
                owed = shop.accounts.balance(customer_id)
                if owed.minor > 0 and customer_id != slow and rng.random() < 0.45:
                    share = owed.minor * rng.choice((25, 40, 50, 100)) // 100
                    part = Money(max(100, share - share % 100), currency)  # whole shillings
                    method = rng.choice((Paid.MOBILE, Paid.MOBILE, Paid.CASH))
                    reference = _code(rng) if method is Paid.MOBILE else ""
                    shop.accounts.receive_payment(customer_id, part, method, reference)
                elif owed.minor < customer.credit_limit.minor * 7 // 10:
                    number = _sale_on_account(shop, customer_id, product_ids, rng)
                    if number and rng.random() < 0.08:
                        _return_one(shop, number)
                        entries += 1
                else:
                    continue
                entries += 1
    finally:
        shop.context.clock = real_clock
    return entries


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
    return checkout.complete(None, cart, [Tender(PaymentMethod.ACCOUNT, due)]).number


def _return_one(shop: Shop, number: str) -> None:
    sale = shop.returns.find(number)
    line = sale.lines[0]
    shop.returns.refund(
        number, {line.line_id: (Quantity.of(1), True)}, PaymentMethod.ACCOUNT, "damaged"
    )
