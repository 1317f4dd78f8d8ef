"""Customers the shop knows by name, and may sell to on credit."""

from __future__ import annotations

from dataclasses import dataclass

from duka.core.errors import InvalidInput
from duka.core.money import Money, check_bounds
from duka.core.products import clean_name
from duka.i18n import LANGUAGES, N_, ascii_digits


@dataclass(frozen=True, slots=True)
class NewCustomer:
    """What is asked of a new customer (only the name is required)."""

    name: str
    credit_limit: Money
    phone: str = ""
    email: str = ""
    address: str = ""
    tax_id: str = ""
    language: str | None = None
    notes: str = ""

    def checked(self) -> NewCustomer:
        if self.credit_limit.minor < 0:
            raise InvalidInput(N_("A credit limit cannot be negative."), field="credit_limit")
        check_bounds(self.credit_limit, "credit_limit")
        if self.language is not None and self.language not in LANGUAGES:
            raise InvalidInput(
                N_("Duka does not speak the language “{code}”."),
                field="language",
                code=self.language,
            )
        email = self.email.strip()
        if email and ("@" not in email or " " in email):
            raise InvalidInput(N_("“{email}” is not an email address."), field="email", email=email)
        return NewCustomer(
            name=clean_name(self.name, N_("A customer name")),
            credit_limit=self.credit_limit,
            phone=clean_phone(self.phone),
            email=email,
            address=self.address.strip(),
            tax_id=self.tax_id.strip(),
            language=self.language,
            notes=self.notes.strip(),
        )


@dataclass(frozen=True, slots=True)
class CustomerRow:
    """A customer as lists show them, with the balance they owe."""

    id: int
    name: str
    phone: str
    email: str
    language: str | None
    credit_limit: Money
    balance: Money  # + what they owe the shop, - store credit they hold
    address: str = ""
    tax_id: str = ""
    notes: str = ""
    active: bool = True

    @property
    def draft(self) -> NewCustomer:
        return NewCustomer(
            name=self.name,
            credit_limit=self.credit_limit,
            phone=self.phone,
            email=self.email,
            address=self.address,
            tax_id=self.tax_id,
            language=self.language,
            notes=self.notes,
        )

    @property
    def available(self) -> Money:
        """What more may go on the account before the credit limit."""
        return self.credit_limit - self.balance


def clean_phone(text: str) -> str:
    """A phone number as stored and searched: digits of any script (٠٧١٢, ०७१२) as ASCII
    digits, so a number typed either way is the same number; spaces as single spaces."""
    return " ".join(ascii_digits(text).split())
