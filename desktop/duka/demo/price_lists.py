"""The demo shop's price lists: a wholesale list for the kiosks that buy by the carton,
with a kiosk on it, and quantity breaks on a few staples, made through the services."""

from __future__ import annotations

from duka.core.customers import NewCustomer
from duka.core.money import Money
from duka.core.pricing import RETAIL
from duka.core.quantity import Quantity
from duka.services.shop import Shop


def _under(price: Money, percent: int) -> Money:
    """`percent` off, down to whole shillings (whole fives from 100 shillings)."""
    minor = price.minor * (100 - percent) // 100
    step = 500 if price.minor >= 10_000 else 100
    return Money(minor - minor % step, price.currency)


def wholesale_list(shop: Shop, staples: list[int]) -> int:
    """The Wholesale list (8% off, 12% from 10) on the first staples, retail breaks (5% off
    from 6) on three of them, and Juma's kiosk buying at wholesale. Returns the list."""
    lists = shop.price_lists
    wholesale = lists.create("Wholesale")
    for number, product_id in enumerate(staples[:10]):
        draft = shop.products.get(product_id).draft
        own, cost = draft.sell_price, draft.cost_price
        if _under(own, 12) <= cost:  # too little margin to sell cheaper by the carton
            continue
        prices = {wholesale: [(Quantity(0), _under(own, 8)), (Quantity.of(10), _under(own, 12))]}
        if number < 3:
            prices[RETAIL] = [(Quantity.of(6), _under(own, 5))]
        lists.set_product_prices(product_id, prices)
    kiosk = shop.customers.add(
        NewCustomer(
            name="Kiosk ya Juma",
            credit_limit=Money.of(5000, shop.settings.currency()),
            phone="+254 722 300 400",
        )
    )
    lists.set_customer_list(kiosk, wholesale)
    return wholesale
