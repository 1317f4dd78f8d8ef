"""Expenses: what the shop spends besides stock from its suppliers (rent, power, wages), with
the tax in it where the shop is registered for tax, and monthly ones proposed when due."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum

from duka.core.errors import InvalidInput
from duka.core.expense_names import EXPENSE_NAMES
from duka.core.money import Money
from duka.core.tax import TaxMode, TaxRate, rate_tax, shop_rate
from duka.i18n import N_, Lazy, _

# The starting list, by the key migration 0028 seeds: named in the shop's language when shown
# (one list, which the profit and loss reads too).
STARTING_CATEGORIES: dict[str, str] = EXPENSE_NAMES
CATEGORY_NAME_MAX = 60
PAYEE_MAX = 120
NOTE_MAX = 500
# A receipt's photo or PDF is kept inside the shop's file: big scans would swell every backup.
FILE_MAX_BYTES = 10 * 1024 * 1024
FILE_NAME_MAX = 200


class ExpenseMethod(Enum):
    DRAWER = "drawer"  # cash from this computer's drawer: a pay-out of its session
    ACCOUNT = "account"  # from a money account (bank, mobile money)

    @property
    def label(self) -> str:
        return _METHOD_LABELS[self]


_METHOD_LABELS = {
    ExpenseMethod.DRAWER: N_("Cash drawer"),
    ExpenseMethod.ACCOUNT: N_("Account"),
}


@dataclass(frozen=True, slots=True)
class Category:
    id: int
    key: str | None  # the starting list's; None for the owner's own
    name: str  # the owner's own name ("" for the starting list's)
    active: bool

    @property
    def shown(self) -> str:
        """The name in the language on screen."""
        if self.key is not None and self.key in STARTING_CATEGORIES:
            return _(STARTING_CATEGORIES[self.key])
        return self.name or (self.key or "")

    @property
    def stored(self) -> str:
        """The name as records keep it (a pay-out's reason): the English for the starting
        list's, since the journal hashes it."""
        if self.key is not None and self.key in STARTING_CATEGORIES:
            return STARTING_CATEGORIES[self.key]
        return self.name


def clean_category_name(name: str, others: list[str]) -> str:
    """An owner's category name: 1 to 60 characters, not one the shop already shows."""
    text = " ".join(name.split())
    if not text:
        raise InvalidInput(N_("A category needs a name."), field="name")
    if len(text) > CATEGORY_NAME_MAX:
        raise InvalidInput(
            N_("A category name is at most {limit} characters."),
            field="name",
            limit=CATEGORY_NAME_MAX,
        )
    if text.casefold() in {other.casefold() for other in others}:
        raise InvalidInput(N_("There is already a category named {name}."), field="name", name=text)
    return text


@dataclass(frozen=True, slots=True)
class Attachment:
    """A receipt's photo or PDF, as read from its file."""

    name: str
    body: bytes

    def checked(self) -> Attachment:
        name = " ".join(self.name.split())[-FILE_NAME_MAX:]
        if not name:
            raise InvalidInput(N_("An attached file needs a name."), field="file")
        if not self.body:
            raise InvalidInput(N_("The attached file {name} is empty."), field="file", name=name)
        if len(self.body) > FILE_MAX_BYTES:
            raise InvalidInput(
                N_("The attached file {name} is larger than {limit} MB: attach a smaller photo."),
                field="file",
                name=name,
                limit=FILE_MAX_BYTES // (1024 * 1024),
            )
        return Attachment(name, self.body)


@dataclass(frozen=True, slots=True)
class ExpenseDraft:
    """An expense as typed. `gross` is what was paid; the tax in it comes from `tax_code` (one
    of the shop's rates, taken out as from a price that includes tax) unless `tax` is typed
    (as the receipt says)."""

    day: dt.date
    category_id: int
    gross: Money
    method: ExpenseMethod = ExpenseMethod.DRAWER
    account_id: int | None = None
    tax_code: str | None = None
    tax: Money | None = None
    payee: str = ""
    note: str = ""
    attachment: Attachment | None = None


@dataclass(frozen=True, slots=True)
class CheckedExpense:
    day: dt.date
    category_id: int
    net: Money
    tax: Money
    gross: Money
    tax_code: str | None
    method: ExpenseMethod
    account_id: int | None
    payee: str
    note: str
    attachment: Attachment | None


def _text(value: str, limit: int, what: str, field: str) -> str:
    text = " ".join(value.split())
    if len(text) > limit:
        raise InvalidInput(
            N_("{what} is too long (at most {limit} characters)."),
            field=field,
            what=Lazy(what),
            limit=limit,
        )
    return text


def check_amount(gross: Money, currency: str) -> None:
    if gross.currency != currency:
        raise InvalidInput(N_("Amounts must be in the shop's currency."), field="amount")
    if gross.minor <= 0:
        raise InvalidInput(N_("An amount must be more than zero."), field="amount")


def check_method(method: ExpenseMethod, account_id: int | None) -> None:
    if method is ExpenseMethod.ACCOUNT and account_id is None:
        raise InvalidInput(N_("Choose the account the expense was paid from."), field="account")
    if method is ExpenseMethod.DRAWER and account_id is not None:
        raise InvalidInput(N_("Choose the account the expense was paid from."), field="account")


def find_rate(tax_code: str | None, rates: tuple[TaxRate, ...]) -> TaxRate | None:
    """The shop's rate `tax_code` for an expense (None for none)."""
    return shop_rate(
        tax_code, rates, N_("The shop is not registered for tax: an expense has no tax in it.")
    )


def check_expense(
    draft: ExpenseDraft, today: dt.date, currency: str, rates: tuple[TaxRate, ...]
) -> CheckedExpense:
    """The draft with its net and tax worked out, or a refusal naming what is wrong."""
    check_amount(draft.gross, currency)
    if draft.day > today:
        raise InvalidInput(N_("An expense cannot be dated in the future."), field="day")
    check_method(draft.method, draft.account_id)
    rate = find_rate(draft.tax_code, rates)
    if draft.tax is not None and rate is None and draft.tax.minor:
        raise InvalidInput(N_("Choose the tax rate of the tax typed."), field="tax")
    if draft.tax is None:
        tax = rate_tax(draft.gross, rate, TaxMode.INCLUSIVE)
    else:
        tax = draft.tax
        if tax.currency != currency:
            raise InvalidInput(N_("Amounts must be in the shop's currency."), field="tax")
        if tax.minor < 0 or tax >= draft.gross:
            raise InvalidInput(
                N_("The tax must be at least zero and less than the amount paid."), field="tax"
            )
    attachment = draft.attachment.checked() if draft.attachment is not None else None
    return CheckedExpense(
        day=draft.day,
        category_id=draft.category_id,
        net=draft.gross - tax,
        tax=tax,
        gross=draft.gross,
        tax_code=rate.code if rate is not None else None,
        method=draft.method,
        account_id=draft.account_id,
        payee=_text(draft.payee, PAYEE_MAX, N_("Who was paid"), "payee"),
        note=_text(draft.note, NOTE_MAX, N_("A note"), "note"),
        attachment=attachment,
    )


@dataclass(frozen=True, slots=True)
class Expense:
    """A recorded expense, as the Expenses screen lists it."""

    id: int
    number: str
    day: dt.date
    category: Category
    net: Money
    tax: Money
    gross: Money
    tax_code: str | None
    payee: str
    method: ExpenseMethod
    account_id: int | None
    account: str  # the account's name ("" from the drawer)
    note: str
    actor: str
    files: int  # attached files


@dataclass(frozen=True, slots=True)
class RecurringDraft:
    """A monthly expense (rent): proposed on `day_of_month` from `first_due` on."""

    category_id: int
    gross: Money
    day_of_month: int
    first_due: dt.date
    method: ExpenseMethod = ExpenseMethod.DRAWER
    account_id: int | None = None
    tax_code: str | None = None
    payee: str = ""
    note: str = ""

    def checked(self, currency: str, rates: tuple[TaxRate, ...]) -> RecurringDraft:
        check_amount(self.gross, currency)
        check_method(self.method, self.account_id)
        find_rate(self.tax_code, rates)
        if not 1 <= self.day_of_month <= 28:
            raise InvalidInput(
                N_("A monthly expense falls on a day from 1 to 28 of the month."), field="day"
            )
        return RecurringDraft(
            self.category_id,
            self.gross,
            self.day_of_month,
            self.first_due.replace(day=self.day_of_month),
            self.method,
            self.account_id,
            self.tax_code,
            _text(self.payee, PAYEE_MAX, N_("Who was paid"), "payee"),
            _text(self.note, NOTE_MAX, N_("A note"), "note"),
        )


@dataclass(frozen=True, slots=True)
class Recurring:
    id: int
    category: Category
    gross: Money
    tax_code: str | None
    payee: str
    method: ExpenseMethod
    account_id: int | None
    day_of_month: int
    next_due: dt.date
    note: str
    active: bool


def month_after(day: dt.date, day_of_month: int) -> dt.date:
    """`day_of_month` of the month after `day`'s (every month has days 1 to 28)."""
    if day.month == 12:
        return dt.date(day.year + 1, 1, day_of_month)
    return dt.date(day.year, day.month + 1, day_of_month)
