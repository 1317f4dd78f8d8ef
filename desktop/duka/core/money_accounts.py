"""The shop's money besides the drawer: bank and mobile-money accounts, their books, and the
owner's drawings and capital. Rules only: no SQL, no files."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import Enum

from duka.core.errors import InvalidInput
from duka.core.money import Money
from duka.i18n import N_

NAME_MAX = 60
NOTE_MAX = 200


class AccountKind(Enum):
    BANK = "bank"
    MOBILE_MONEY = "mobile_money"
    OTHER = "other"

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]


_KIND_LABELS = {
    AccountKind.BANK: N_("Bank"),
    AccountKind.MOBILE_MONEY: N_("Mobile money"),
    AccountKind.OTHER: N_("Other account"),
}


class EntryKind(Enum):
    """Why an amount went into or out of an account (money_entries.kind)."""

    OPENING = "opening"
    TRANSFER = "transfer"
    EXPENSE = "expense"
    DRAWING = "drawing"
    CAPITAL = "capital"
    ADJUSTMENT = "adjustment"

    @property
    def label(self) -> str:
        return _ENTRY_LABELS[self]


_ENTRY_LABELS = {
    EntryKind.OPENING: N_("Opening balance"),
    EntryKind.TRANSFER: N_("Transfer"),
    EntryKind.EXPENSE: N_("Expense"),
    EntryKind.DRAWING: N_("Owner's drawing"),
    EntryKind.CAPITAL: N_("Capital put in"),
    EntryKind.ADJUSTMENT: N_("Adjustment"),
}


def entry_label(kind: str) -> str:
    """The label of a stored entry kind (a kind this version does not know reads as is)."""
    try:
        return EntryKind(kind).label
    except ValueError:
        return kind


@dataclass(frozen=True, slots=True)
class AccountDraft:
    name: str
    kind: AccountKind
    overdraft: bool = False

    def checked(self) -> AccountDraft:
        name = " ".join(self.name.split())
        if not name:
            raise InvalidInput(N_("Please give the account a name."), field="name")
        if len(name) > NAME_MAX:
            raise InvalidInput(
                N_("An account's name has at most {count} characters."),
                field="name",
                count=NAME_MAX,
            )
        return AccountDraft(name, self.kind, self.overdraft)


@dataclass(frozen=True, slots=True)
class MoneyAccount:
    id: int
    name: str
    kind: AccountKind
    overdraft: bool
    active: bool
    balance: Money


@dataclass(frozen=True, slots=True)
class BookLine:
    """One line of a book: what moved, and the balance after it."""

    day: dt.date
    kind: str  # an EntryKind value for an account; a cash event's kind for the drawer
    note: str
    amount: Money
    balance: Money
    at: str = ""

    @property
    def label(self) -> str:
        return entry_label(self.kind)


@dataclass(frozen=True, slots=True)
class Book:
    """An account's entries over a period, with the balance before it and after each."""

    title: str
    opening: Money
    lines: tuple[BookLine, ...]

    @property
    def closing(self) -> Money:
        return self.lines[-1].balance if self.lines else self.opening


def clean_note(note: str) -> str:
    note = " ".join(note.split())
    if len(note) > NOTE_MAX:
        raise InvalidInput(
            N_("A note has at most {count} characters."), field="note", count=NOTE_MAX
        )
    return note


def check_amount(amount: Money, currency: str) -> None:
    """An amount moved must be in the shop's currency and more than zero."""
    if amount.currency != currency:
        raise InvalidInput(N_("Amounts must be in the shop's currency."), field="amount")
    if amount.minor <= 0:
        raise InvalidInput(N_("An amount must be more than zero."), field="amount")


def running(opening: Money, moves: list[tuple[dt.date, str, str, int, str]]) -> list[BookLine]:
    """Book lines from (day, kind, note, amount in minor units, time) in order, each with
    the balance after it."""
    balance = opening
    lines = []
    for day, kind, note, amount, at in moves:
        moved = Money(amount, opening.currency)
        balance = balance + moved
        lines.append(BookLine(day, kind, note, moved, balance, at))
    return lines


def goods_value(quantity_milli: int, unit_cost: int) -> int:
    """Goods at cost (quantities in thousandths), rounded half up to the minor unit."""
    exact = Decimal(quantity_milli) * Decimal(unit_cost) / Decimal(1000)
    return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))
