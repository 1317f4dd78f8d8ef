"""Goods the demo shop wrote off over its months (milk past its date, a torn bag, a jar
dropped in the store), so that its profit and loss has the stock written off a real shop
has: written off through the stock service, as the owner would, on their days."""

from __future__ import annotations

import datetime as dt

from duka.core.quantity import Quantity
from duka.core.stock import MovementKind
from duka.demo.till import at
from duka.services.shop import Shop

# Days ago, which of the everyday goods (their place in the list), how many, and why
# (stored in English, as every reason).
WRITE_OFFS = (
    (100, 0, 3, "expired"),
    (74, 5, 2, "damaged: torn bags"),
    (52, 2, 4, "expired"),
    (31, 9, 1, "broken in the store"),
    (12, 0, 2, "expired"),
    (5, 14, 1, "damaged by water"),
)


def write_off_some(shop: Shop, staples: list[int]) -> int:
    """Writes off a few of `staples` (the everyday goods) over the last months; returns how
    many write-offs."""
    now = dt.datetime.now(dt.UTC).replace(minute=0, second=0, microsecond=0)
    done = 0
    for days_ago, place, pieces, reason in WRITE_OFFS:
        if place >= len(staples):
            continue
        shop.context.clock = at(now - dt.timedelta(days=days_ago, hours=-2))
        shop.stock.adjust(
            staples[place], Quantity.pieces(pieces), reason, kind=MovementKind.WRITE_OFF
        )
        done += 1
    return done
