"""The demo shop's money besides the counter: a bank account and an M-Pesa till with what
they held when the shop started with Duka, the drawer's cash banked each Saturday, cash taken
out of M-Pesa into the drawer, the owner's drawings (money and goods), one injection of
capital, and the bank's statement checked. A story for the counter (till.py), played in time
order with the day's sales, so the banking takes what the drawer really holds."""

from __future__ import annotations

import datetime as dt
import random

from duka.core.access import Role
from duka.core.money import Money
from duka.core.money_accounts import AccountDraft, AccountKind
from duka.core.quantity import Quantity
from duka.demo.sales import DAYS
from duka.demo.till import FLOAT, Story, staff
from duka.services.shop import Shop

WEEKS = 8


def money_story(shop: Shop, product_ids: list[int], rng: random.Random) -> Story:
    """The owner's steps, each at its moment (the counter sets the clock and opens the
    drawer; the owner acts, then hands back to the cashier on shift)."""
    now = dt.datetime.now(dt.UTC).replace(minute=0, second=0, microsecond=0)
    start = now - dt.timedelta(weeks=WEEKS)
    owner = staff(shop, Role.OWNER)[0]
    money = shop.money
    currency = shop.settings.currency()

    def kes(amount: str) -> Money:
        return Money.of(amount, currency)

    def acting() -> None:
        shop.context.actor = owner

    yield start.replace(hour=5)
    acting()
    bank = money.add_account(
        AccountDraft("KCB current account", AccountKind.BANK), kes("85000"), start.date()
    )
    mpesa = money.add_account(
        AccountDraft("M-Pesa till 123456", AccountKind.MOBILE_MONEY), kes("12500"), start.date()
    )

    steps: list[tuple[dt.datetime, str]] = []
    for days_ago in range(WEEKS * 7 - 1, 0, -1):
        day = now - dt.timedelta(days=days_ago)
        if day.weekday() == 5 and days_ago <= DAYS:
            steps.append((day.replace(hour=16, minute=rng.randint(0, 30)), "bank"))
    steps += [
        ((now - dt.timedelta(days=47)).replace(hour=9), "capital"),
        ((now - dt.timedelta(days=33)).replace(hour=11), "school_fees"),
        ((now - dt.timedelta(days=26)).replace(hour=10), "mpesa_to_bank"),
        ((now - dt.timedelta(days=12)).replace(hour=8), "withdraw"),
        ((now - dt.timedelta(days=9)).replace(hour=15), "household_cash"),
        ((now - dt.timedelta(days=6)).replace(hour=14), "goods"),
        ((now - dt.timedelta(days=2)).replace(hour=12), "reconcile"),
    ]
    for moment, step in sorted(steps):
        yield moment
        cashier = shop.context.actor
        acting()
        if step == "bank":
            expected = money.drawer_expected()
            if expected is not None:
                # Keep the float in the drawer; bank the rest in whole hundreds.
                spare = (expected - kes(FLOAT)).minor // 10000 * 10000
                if spare >= 100000:
                    money.transfer(None, bank, Money(spare, currency), "Weekly banking")
        elif step == "capital":
            money.put_capital(kes("40000"), bank, "Savings put into the shop")
        elif step == "school_fees":
            money.draw_money(kes("15000"), bank, "School fees")
        elif step == "mpesa_to_bank":
            money.transfer(mpesa, bank, kes("8000"), "")
        elif step == "withdraw":
            money.transfer(mpesa, None, kes("3000"), "Change for the drawer")
        elif step == "household_cash":
            money.draw_money(kes("1500"), None, "Household")
        elif step == "goods":
            taken = rng.sample(product_ids, 2)
            money.draw_goods([(taken[0], Quantity.of(2)), (taken[1], Quantity.of(1))], "For home")
        elif step == "reconcile":
            statement = money.get(bank).balance - kes("350")  # the bank's charges
            money.reconcile(bank, moment.date(), statement, accept=True)
        shop.context.actor = cashier
