"""The demo shop's promotions: bath soap 5 for the price of 4 and a week of 10% off cleaning
goods (both running), and an evening's amount off the whole sale later this month (upcoming).
Made through the service as the owner would, once the shop's history is written, so the
history's sales stay as they were sold."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from duka.core.money import Money
from duka.core.promotions import Hours, Kind, PromotionDraft, Scope
from duka.services.shop import Shop


def add_promotions(shop: Shop) -> int:
    """The demo's promotions; how many were made."""
    currency = shop.settings.currency()
    today = shop.promotions.local_now().date()
    days = dt.timedelta
    soaps = frozenset(
        row.id for row in shop.products.search("Bath soap", 50) if row.name.startswith("Bath soap")
    )
    cleaning = [c.id for c in shop.products.categories() if c.path == ("Household", "Cleaning")]
    drafts = [
        PromotionDraft(
            "Bath soap 5 for 4",
            Kind.MULTI_BUY,
            Scope.PRODUCTS,
            today - days(3),
            today + days(25),
            products=soaps,
            buy=5,
            pay=4,
        ),
        PromotionDraft(
            "Cleaning week",
            Kind.PERCENT,
            Scope.CATEGORIES,
            today,
            today + days(6),
            categories=frozenset(cleaning),
            percent=Decimal(10),
        ),
        PromotionDraft(
            "Month-end evening",
            Kind.AMOUNT,
            Scope.SALE,
            today + days(7),
            today + days(9),
            amount=Money.of(50, currency),
            hours=Hours(dt.time(16), dt.time(19)),
        ),
    ]
    # A trimmed demo (the upgrade fixtures keep a few products) may lack the soaps or the
    # cleaning goods: a promotion of nothing is refused, so it is left out.
    made = [d for d in drafts if d.scope is Scope.SALE or d.products or d.categories]
    for draft in made:
        shop.promotions.create(draft)
    return len(made)
