"""The demo's counter, day by day: the cashier on shift opens the drawer with the float before
the first customer, serves the day's customers (cash sales, sales on account, payments,
returns), and the manager counts the drawer and closes it in the evening (the Z report). The
customers' stories and the day's sales are played in the order they happened, so each cash
session holds one day of the counter."""

from __future__ import annotations

import datetime as dt
import heapq
import random
from collections.abc import Iterator
from contextlib import contextmanager

from duka.core.access import Actor, Role
from duka.core.money import Money
from duka.services.clock import Clock
from duka.services.shop import Shop

FLOAT = "2000"  # the change a day starts with, in shillings
COUNTER = "counter"  # the computer at the counter
BACK_OFFICE = "office"  # the owner's computer in the back office

# A story is a generator: it yields the moment of its next step, and takes that step when
# it is resumed (with the clock set and the drawer open).
Story = Iterator[dt.datetime]


def staff(shop: Shop, role: Role) -> list[Actor]:
    return [
        Actor(user.id, user.name, user.role)
        for user in shop.access.users()
        if user.role is role and user.active
    ]


class Counter:
    def __init__(self, shop: Shop, rng: random.Random) -> None:
        self.shop = shop
        self.rng = rng
        self.cashiers = staff(shop, Role.CASHIER) or staff(shop, Role.OWNER)
        self.closer = (staff(shop, Role.MANAGER) or staff(shop, Role.OWNER))[0]
        self.day: dt.date | None = None
        self.last: dt.datetime | None = None
        self.on_shift: Actor | None = None

    def play(self, stories: list[Story]) -> None:
        """Run every story's steps in time order across the stories, then close the drawer
        of the last day."""
        shop = self.shop
        owner, computer, clock = shop.context.actor, shop.context.computer, shop.context.clock
        shop.context.computer = COUNTER
        waiting: list[tuple[dt.datetime, int]] = []
        for index, story in enumerate(stories):
            first = next(story, None)
            if first is not None:
                heapq.heappush(waiting, (first, index))
        try:
            while waiting:
                moment, index = heapq.heappop(waiting)
                self._serve(moment)
                following = next(stories[index], None)
                if following is not None:
                    heapq.heappush(waiting, (following, index))
            self._close()
        finally:
            shop.context.actor, shop.context.computer, shop.context.clock = owner, computer, clock

    def _serve(self, moment: dt.datetime) -> None:
        """Be at the counter at `moment`: yesterday's drawer closed, today's open."""
        if self.day is not None and moment.date() != self.day:
            self._close()
        ctx = self.shop.context
        if self.day is None:
            self.day = moment.date()
            self.on_shift = self.rng.choice(self.cashiers)
            ctx.actor = self.on_shift
            # The shop opens at half past seven in Nairobi (04:30 UTC), or for an early
            # customer.
            opening = moment.replace(hour=4, minute=self.rng.randint(20, 45), second=0)
            ctx.clock = at(min(opening, moment - dt.timedelta(minutes=5)))
            self.shop.cash.open(Money.of(FLOAT, self.shop.cash.usual_float().currency))
        ctx.actor = self.on_shift
        ctx.clock = at(moment)
        self.last = moment

    def _close(self) -> None:
        """The manager counts the drawer after the last customer: now and then a few
        shillings short or over, and takes the day's takings to the bank."""
        if self.day is None or self.last is None:
            return
        shop, rng = self.shop, self.rng
        ctx = shop.context
        ctx.actor = self.closer
        # After the last customer, at eight in the evening at the earliest (17:00 UTC).
        closing = max(
            self.last + dt.timedelta(minutes=rng.randint(20, 40)),
            self.last.replace(hour=17, minute=rng.randint(0, 30), second=0),
        )
        if rng.random() < 0.3:
            ctx.clock = at(closing - dt.timedelta(minutes=rng.randint(5, 15)))
            shop.cash.move(
                Money.of(rng.choice(("150", "200", "350")), shop.cash.usual_float().currency),
                rng.choice(("Milk and tea for the staff", "Transport to the market", "Airtime")),
                paid_in=False,
            )
        ctx.clock = at(closing)
        expected = shop.cash.report().expected
        counted = expected
        if rng.random() < 0.25:
            counted = expected + Money.of(
                rng.choice(("-50", "-20", "-10", "10")), expected.currency
            )
        shop.cash.close(counted)
        self.day = self.last = self.on_shift = None


@contextmanager
def back_office(shop: Shop) -> Iterator[None]:
    """Money the owner takes in the back office goes into that computer's own drawer,
    which the owner closes when done."""
    computer = shop.context.computer
    shop.context.computer = BACK_OFFICE
    try:
        yield
        if shop.cash.current() is not None:
            shop.cash.close(shop.cash.report().expected)
    finally:
        shop.context.computer = computer


def at(moment: dt.datetime) -> Clock:
    return lambda: moment
