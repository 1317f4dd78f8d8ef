"""The demo shop's expenses over the last months: the rent each month from a monthly expense
(this month's left due, for the Expenses screen to propose), electricity with its VAT, the
staff's wages, and at the counter the cashiers' small pay-outs for transport and water.
Made through the real services, as a story for the counter (till.py)."""

from __future__ import annotations

import datetime as dt
import random

from duka.core.expenses import ExpenseDraft, ExpenseMethod, RecurringDraft
from duka.core.money import Money
from duka.demo.till import Story, back_office
from duka.demo.till import at as _at
from duka.services.shop import Shop

MONTHS = 4
RENT = "25000"
RENT_DAY = 1
# Wages a small shop's counter sales can carry (its staff work part time).
GROSS = {"rent": RENT, "electricity": "4640", "wages": "12000"}


def expense_story(shop: Shop, rng: random.Random) -> Story:
    """Yields the moment of each expense, then records it (the counter has set the clock
    and opened its drawer)."""
    owner = shop.context.actor
    currency = shop.settings.currency()
    keys = {c.key: c.id for c in shop.expenses.categories()}
    now = dt.datetime.now(dt.UTC).replace(minute=0, second=0, microsecond=0)
    this_month = now.date().replace(day=1)
    first_month = this_month
    for _ in range(MONTHS):
        first_month = (first_month - dt.timedelta(days=1)).replace(day=1)
    # From the shop's bank account when it has one, else from the cash the owner brings to
    # the back office's drawer for it.
    accounts = shop.expenses.accounts()
    account = accounts[0].id if accounts else None
    method = ExpenseMethod.ACCOUNT if accounts else ExpenseMethod.DRAWER
    rent = shop.expenses.add_recurring(
        RecurringDraft(
            keys["rent"],
            Money.of(RENT, currency),
            RENT_DAY,
            first_month,
            method,
            account,
            payee="Mzee Otieno",
        )
    )
    # The shop's own moments: the rent and the bills in the back office, by the owner.
    office: list[tuple[dt.datetime, str]] = []
    month = first_month
    while month < this_month:
        office.append((_moment(month, 9), "rent"))
        office.append((_moment(month.replace(day=6), 10), "electricity"))
        office.append((_moment(month.replace(day=28), 15), "wages"))
        month = (month + dt.timedelta(days=32)).replace(day=1)
    # The counter's: a cashier pays a boda boda or the water man from the drawer.
    counter: list[tuple[dt.datetime, str]] = []
    day = now - dt.timedelta(days=MONTHS * 30)
    while day < now - dt.timedelta(days=1):
        if rng.random() < 0.2:
            counter.append((day.replace(hour=8 + rng.randint(0, 4)), "transport"))
        if day.weekday() == 1:
            counter.append((day.replace(hour=7), "water"))
        day += dt.timedelta(days=1)
    for moment, what in sorted(office + counter):
        if moment >= now:
            continue
        yield moment
        if what in ("transport", "water"):
            gross = rng.choice(("150", "200", "300", "450")) if what == "transport" else "240"
            payee = rng.choice(("Boda boda", "Juma (handcart)")) if what == "transport" else ""
            paid = moment.astimezone().date()
            shop.expenses.record(
                ExpenseDraft(paid, keys[what], Money.of(gross, currency), payee=payee)
            )
            continue
        cashier = shop.context.actor
        shop.context.actor = owner
        try:
            _office(shop, what, rent, moment, keys[what], Money.of(GROSS[what], currency), account)
        finally:
            shop.context.actor = cashier


def _office(
    shop: Shop,
    what: str,
    rent: int,
    moment: dt.datetime,
    category: int,
    gross: Money,
    account: int | None,
) -> None:
    """One of the owner's payments in the back office."""
    method = ExpenseMethod.DRAWER if account is None else ExpenseMethod.ACCOUNT
    day = moment.astimezone().date()
    with back_office(shop):
        if account is None:
            shop.context.clock = _at(moment - dt.timedelta(minutes=5))
            shop.cash.open(gross)
            shop.context.clock = _at(moment)
        if what == "rent":
            shop.expenses.record_due(rent)
        elif what == "electricity":  # the bill carries VAT, which the shop claims back
            shop.expenses.record(
                ExpenseDraft(
                    day,
                    category,
                    gross,
                    method,
                    account,
                    tax_code="S",
                    payee="Kenya Power",
                    note="Token meter 0412",
                )
            )
        else:
            shop.expenses.record(
                ExpenseDraft(day, category, gross, method, account, payee="Baraka, Wanjiru, Hassan")
            )
        shop.context.clock = _at(moment + dt.timedelta(minutes=5))


def _moment(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=dt.UTC)
