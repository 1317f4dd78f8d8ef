"""A customer's account (the shop's khata): what each entry means, how payments settle debts
and how old the debts are.

Amounts are signed minor units from the shop's side: + the customer came to owe more (a sale
on account, an opening debt, an adjustment up), - the customer owes less (a payment, a refund
to the account, store credit, an adjustment down). The balance is the sum; below zero it is
store credit the customer can spend.

Each credit settles debits and each debit uses up open credit, oldest first unless the user
picks: so a customer never has open debts and unspent credit at the same time, and the age of
what is owed is the age of the debts still open.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import NamedTuple, overload

from duka.core.errors import InvalidInput
from duka.core.money import Money
from duka.i18n import N_, Lazy


class EntryKind(Enum):
    OPENING = "opening"
    SALE = "sale"
    PAYMENT = "payment"
    REFUND = "refund"
    ADJUSTMENT = "adjustment"
    STORE_CREDIT = "store_credit"
    INVOICE = "invoice"
    CREDIT_NOTE = "credit_note"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    EntryKind.OPENING: N_("Opening balance"),
    EntryKind.SALE: N_("Sale on account"),
    EntryKind.PAYMENT: N_("Payment received"),
    EntryKind.REFUND: N_("Refund to the account"),
    EntryKind.ADJUSTMENT: N_("Adjustment"),
    EntryKind.STORE_CREDIT: N_("Store credit given"),
    EntryKind.INVOICE: N_("Invoice"),
    EntryKind.CREDIT_NOTE: N_("Credit note"),
}


class PaymentMethod(Enum):
    """How a customer pays what they owe."""

    CASH = "cash"
    CARD = "card"
    MOBILE = "mobile"
    BANK = "bank"

    @property
    def label(self) -> str:
        return _METHODS[self]


_METHODS = {
    PaymentMethod.CASH: N_("Cash"),
    PaymentMethod.CARD: N_("Card"),
    PaymentMethod.MOBILE: N_("Mobile money"),
    PaymentMethod.BANK: N_("Bank transfer"),
}


@dataclass(frozen=True, slots=True)
class Entry:
    """One line of a customer's account, with the balance after it."""

    id: int
    at: str
    kind: EntryKind
    document: str
    amount: Money
    balance: Money
    method: str = ""
    note: str = ""
    actor: str = ""


@dataclass(frozen=True, slots=True)
class OpenItem:
    """A debt not yet fully paid (open > 0), or credit not yet spent (open < 0)."""

    entry_id: int
    at: str
    document: str
    kind: EntryKind
    amount: int
    open: int


def allocate(
    amount: int, open_items: Sequence[tuple[int, int]], picked: Sequence[int] = ()
) -> list[tuple[int, int]]:
    """How `amount` (> 0) settles `open_items` ((entry id, open amount > 0), oldest first):
    the `picked` entries first in the order given, then the rest oldest first. Returns
    (entry id, amount) pairs; never more to an entry than is open on it, never more in all
    than `amount`, and each entry at most once."""
    if amount <= 0:
        return []
    remaining = dict(open_items)
    unknown = [entry for entry in picked if entry not in remaining]
    if unknown:
        raise InvalidInput(N_("A chosen debt is already paid or is not this customer's."))
    order = list(dict.fromkeys(picked)) + [e for e, _ in open_items if e not in set(picked)]
    result = []
    for entry in order:
        if amount <= 0:
            break
        part = min(amount, remaining[entry])
        if part > 0:
            result.append((entry, part))
            amount -= part
    return result


class Ageing(NamedTuple):
    """What a customer owes, by the age of the debts still open (days since each). Named
    tuples, as a receivables list makes one per customer owing (100,000 of them)."""

    current: int  # 0-30 days
    days_31_60: int
    days_61_90: int
    over_90: int

    @property
    def total(self) -> int:
        return self.current + self.days_31_60 + self.days_61_90 + self.over_90


AGE_BUCKETS = (30, 60, 90)


def bucket_starts(today: dt.date) -> tuple[dt.date, dt.date, dt.date]:
    """The first day of each older bucket's boundary: a debt from on or after the first
    date is at most 30 days old, and so on."""
    return tuple(today - dt.timedelta(days=d) for d in AGE_BUCKETS)  # type: ignore[return-value]


def age(open_items: Sequence[tuple[dt.date, int]], today: dt.date) -> Ageing:
    """Open debts ((day, amount)) bucketed by age on `today`."""
    buckets = [0, 0, 0, 0]
    for day, amount in open_items:
        days = (today - day).days
        index = sum(days > limit for limit in AGE_BUCKETS)
        buckets[index] += amount
    return Ageing(*buckets)


class Receivable(NamedTuple):
    """One customer in the receivables list (amounts in minor units of the shop's currency)."""

    customer_id: int
    name: str
    phone: str
    ageing: Ageing
    oldest: str  # when the oldest open debt arose
    credit_limit: int

    @property
    def total(self) -> int:
        return self.ageing.total

    def days_oldest(self, today: dt.date) -> int:
        return (today - dt.datetime.fromisoformat(self.oldest).astimezone().date()).days


Labels = Callable[[Sequence[int]], dict[int, tuple[str, str, int]]]  # name, phone, limit
Ages = Callable[[Sequence[int]], dict[int, tuple[Ageing, str]]]  # by age, and the oldest


class ReceivableRows(Sequence[Receivable]):
    """The receivables list: who owes, most owed first. What each owes by age, and their
    names, are read only for the rows looked at (a page at a time): a screen shows a page of
    a list that may hold 100,000 customers, and the order by amount comes from the cached
    balances alone."""

    BY_AMOUNT = "amount"
    BY_AGE = "age"
    BY_NAME = "name"
    PAGE = 256

    def __init__(
        self,
        owing: list[tuple[int, int]],
        labels: Labels,
        ages: Ages,
        known: dict[int, tuple[str, str, int]] | None = None,
        aged: dict[int, tuple[Ageing, str]] | None = None,
    ) -> None:
        self._owing = owing  # (customer id, what they owe), in the list's order
        self._labels = labels
        self._ages = ages
        self._known = known if known is not None else {}
        self._aged = aged if aged is not None else {}

    def __len__(self) -> int:
        return len(self._owing)

    @overload
    def __getitem__(self, index: int) -> Receivable: ...

    @overload
    def __getitem__(self, index: slice) -> ReceivableRows: ...

    def __getitem__(self, index: int | slice) -> Receivable | ReceivableRows:
        if isinstance(index, slice):
            return self._like(self._owing[index])
        customer = self._owing[index][0]
        if customer not in self._known or customer not in self._aged:
            first = (index % len(self._owing)) // self.PAGE * self.PAGE
            page = [row[0] for row in self._owing[first : first + self.PAGE]]
            self._learn(page)
            self._age(page)
        name, phone, limit = self._known[customer]
        ageing, oldest = self._aged[customer]
        return Receivable(customer, name, phone, ageing, oldest, limit)

    def _like(self, owing: list[tuple[int, int]]) -> ReceivableRows:
        return ReceivableRows(owing, self._labels, self._ages, self._known, self._aged)

    def _learn(self, ids: Sequence[int]) -> None:
        self._known.update(self._labels([i for i in ids if i not in self._known]))

    def _age(self, ids: Sequence[int]) -> None:
        self._aged.update(self._ages([i for i in ids if i not in self._aged]))

    def ordered(self, by: str) -> ReceivableRows:
        """Most owed first, oldest debt first, or by name. (The last two read every row's
        ages or name once.)"""
        owing = self._owing
        ids = [row[0] for row in owing]
        if by == self.BY_NAME:
            self._learn(ids)
            known = self._known
            owing = sorted(owing, key=lambda r: (known[r[0]][0].casefold(), r[0]))
        elif by == self.BY_AGE:
            self._age(ids)
            aged = self._aged
            owing = sorted(owing, key=lambda r: (aged[r[0]][1], r[0]))
        else:
            owing = sorted(owing, key=lambda r: (-r[1], r[0]))
        return self._like(owing)


@dataclass(frozen=True, slots=True)
class Statement:
    customer_id: int
    since: str | None
    until: str | None
    opening: Money
    entries: tuple[Entry, ...]
    closing: Money


def check_amount(amount: Money, currency: str, what: str = N_("An amount")) -> None:
    if amount.currency != currency:
        raise InvalidInput(N_("Amounts must be in the shop's currency."), field="amount")
    if amount.minor <= 0:
        raise InvalidInput(N_("{what} must be more than zero."), field="amount", what=Lazy(what))


def check_reason(reason: str) -> str:
    text = " ".join(reason.split())
    if not text:
        raise InvalidInput(N_("Say why the balance is adjusted."), field="reason")
    return text


def credit_needed(balance: Money, on_account: Money, limit: Money) -> bool:
    """Whether putting `on_account` on a customer's account takes it above the credit limit
    (store credit they hold counts against the sale first)."""
    return bool(on_account.minor > 0) and balance + on_account > limit
