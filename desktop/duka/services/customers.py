"""Customers as far as the foundation needs them: add, count, list a page."""

from __future__ import annotations

from duka.core.access import Approval, Permission
from duka.core.audit import AuditAction
from duka.core.changes import Area
from duka.core.customers import CustomerRow, NewCustomer, clean_phone
from duka.core.errors import InvalidInput, NotFound
from duka.i18n import N_
from duka.services.access_rules import require
from duka.services.context import Context
from duka.services.settings import SettingsService
from duka.services.trail import record
from duka.store import customers_repo


class CustomerService:
    def __init__(self, context: Context, settings: SettingsService) -> None:
        self._ctx = context
        self._settings = settings

    def add(self, customer: NewCustomer, approval: Approval | None = None) -> int:
        require(self._ctx, Permission.MANAGE_CUSTOMERS)
        checked = customer.checked()
        if checked.credit_limit.minor:
            require(self._ctx, Permission.SET_CREDIT_LIMITS, approval)
        if checked.credit_limit.currency != self._settings.currency():
            raise InvalidInput(N_("Amounts must be in the shop's currency."), field="credit_limit")
        with self._ctx.writing(Area.CUSTOMERS) as db:
            customer_id = customers_repo.insert_customer(
                db, checked, self._ctx.now(), self._ctx.actor_name
            )
            record(
                self._ctx,
                AuditAction.CUSTOMER_ADDED,
                f"customer {customer_id}: {checked.name}",
                after={"credit_limit": str(checked.credit_limit)},
                approval=approval,
            )
            return customer_id

    def update(
        self,
        customer_id: int,
        customer: NewCustomer,
        active: bool = True,
        approval: Approval | None = None,
    ) -> None:
        """Change a customer's details; a changed credit limit needs the right to set one."""
        require(self._ctx, Permission.MANAGE_CUSTOMERS)
        before = self.get(customer_id)
        checked = customer.checked()
        if checked.credit_limit.currency != self._settings.currency():
            raise InvalidInput(N_("Amounts must be in the shop's currency."), field="credit_limit")
        if checked.credit_limit != before.credit_limit:
            require(self._ctx, Permission.SET_CREDIT_LIMITS, approval)
        with self._ctx.writing(Area.CUSTOMERS) as db:
            customers_repo.update_customer(
                db, customer_id, checked, active, self._ctx.now(), self._ctx.actor_name
            )
            changed = {
                key: (str(old), str(new))
                for key, old, new in (
                    ("name", before.name, checked.name),
                    ("phone", before.phone, checked.phone),
                    ("credit_limit", before.credit_limit, checked.credit_limit),
                    ("active", before.active, active),
                )
                if old != new
            }
            record(
                self._ctx,
                AuditAction.CUSTOMER_CHANGED,
                f"customer {customer_id}: {checked.name}",
                before={k: v[0] for k, v in changed.items()},
                after={k: v[1] for k, v in changed.items()},
                approval=approval,
            )

    def phone_in_use(self, phone: str, other_than: int | None = None) -> bool:
        """A duplicate phone is allowed (families share phones) but worth a warning."""
        phone = clean_phone(phone)
        return bool(phone) and customers_repo.phone_in_use(self._ctx.db, phone, other_than)

    def find_one(self, text: str) -> CustomerRow:
        """The customer a command line names: by number, exact phone, or a name only one
        customer has."""
        text = " ".join(text.split())
        if text.isdigit():
            try:
                return self.get(int(text))
            except NotFound:
                pass
        found = [
            c
            for c in self.search(text, 50)
            if c.phone == clean_phone(text) or c.name.casefold() == text.casefold()
        ]
        if len(found) == 1:
            return found[0]
        if not found:
            raise NotFound(N_("No customer is called or has the phone “{text}”."), text=text)
        raise InvalidInput(
            N_("{count} customers match “{text}”; give the customer's number instead."),
            count=len(found),
            text=text,
        )

    def count(self) -> int:
        return customers_repo.count_customers(self._ctx.db)

    def page(self, offset: int, limit: int) -> list[CustomerRow]:
        currency = self._settings.currency()
        return customers_repo.customer_page(self._ctx.db, offset, limit, currency)

    def search(self, text: str, limit: int = 20) -> list[CustomerRow]:
        """Customers whose name or phone holds `text`, for choosing one at the counter."""
        currency = self._settings.currency()
        text = " ".join(text.split())
        if not any(ch.isalpha() for ch in text):
            text = clean_phone(text)  # a phone typed in Arabic-Indic or Devanagari digits
        if not text:
            return customers_repo.customer_page(self._ctx.db, 0, limit, currency)
        return customers_repo.find_customers(self._ctx.db, text, limit, currency)

    def get(self, customer_id: int) -> CustomerRow:
        found = customers_repo.get_customer(self._ctx.db, customer_id, self._settings.currency())
        if found is None:
            raise NotFound(N_("There is no customer number {id}."), id=customer_id)
        return found
