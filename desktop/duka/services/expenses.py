"""Recording what the shop spends: from the drawer (a pay-out of this computer's cash
session) or from a money account (a line of its book), with the receipt's photo or PDF,
journaled and in the audit trail; the owner's own categories; monthly expenses proposed
when due."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

from duka.core.access import Approval, Permission
from duka.core.audit import AuditAction
from duka.core.changes import Area
from duka.core.errors import Conflict, InvalidInput, NotFound
from duka.core.expenses import (
    Attachment,
    Category,
    CheckedExpense,
    Expense,
    ExpenseDraft,
    ExpenseMethod,
    Recurring,
    RecurringDraft,
    check_expense,
    clean_category_name,
    month_after,
)
from duka.core.money import Money
from duka.core.settings import CASHIER_EXPENSE_LIMIT, TAX_RATES
from duka.core.tax import TaxRate
from duka.i18n import N_
from duka.services.access_rules import allowed, require
from duka.services.cash import CashService
from duka.services.context import Context
from duka.services.settings import SettingsService
from duka.services.trail import record
from duka.store import cash_repo, expenses_repo, journal, numbering
from duka.store.database import Connection

EXPORT_COLUMNS = ("number", "date", "category", "payee", "method", "account", "net", "tax", "gross")


class ExpenseService:
    def __init__(self, context: Context, settings: SettingsService, cash: CashService) -> None:
        self._ctx = context
        self._settings = settings
        self._cash = cash

    # -- reading --------------------------------------------------------------------------

    def today(self) -> dt.date:
        return self._ctx.clock().astimezone().date()

    def currency(self) -> str:
        return self._settings.currency()

    def tax_rates(self) -> tuple[TaxRate, ...]:
        """The shop's rates an expense's tax may come from: none when it is not registered
        for tax."""
        rates: tuple[TaxRate, ...] = self._settings.load()[TAX_RATES]
        return rates

    def categories(self, active_only: bool = True) -> list[Category]:
        """The starting list, then the owner's own, by the name shown."""
        found = expenses_repo.categories(self._ctx.db, active_only)
        return sorted(found, key=lambda c: (c.key is None, c.key == "other", c.shown.casefold()))

    def accounts(self) -> list[expenses_repo.AccountRow]:
        """The money accounts an expense may be paid from (none: only the drawer)."""
        return expenses_repo.accounts(self._ctx.db)

    def expenses(self, first: dt.date | None = None, last: dt.date | None = None) -> list[Expense]:
        require(self._ctx, Permission.CASH_SESSION)
        found = expenses_repo.expenses(self._ctx.db, self.currency(), first, last)
        if allowed(self._ctx, Permission.MANAGE_EXPENSES):
            return found
        # A cashier sees what left the drawer (its Z report shows it anyway), not the rent
        # and wages the owner paid from the bank.
        return [e for e in found if e.method is ExpenseMethod.DRAWER]

    def get(self, number: str) -> Expense:
        found = expenses_repo.expense(self._ctx.db, number, self.currency())
        if found is None:
            raise NotFound(N_("There is no expense {number}."), number=number)
        return found

    def files(self, number: str) -> list[Attachment]:
        return expenses_repo.files(self._ctx.db, self.get(number).id)

    def limit(self) -> Money | None:
        """What a cashier may pay from the drawer alone (None: any amount)."""
        limit = int(self._settings.load()[CASHIER_EXPENSE_LIMIT])
        return Money.of(limit, self.currency()) if limit else None

    def needs_approval(self, gross: Money, method: ExpenseMethod) -> bool:
        """Whether recording this goes beyond what the signed-in user may do alone."""
        if allowed(self._ctx, Permission.RECORD_EXPENSES):
            return False
        if method is ExpenseMethod.ACCOUNT:
            return True
        limit = self.limit()
        return limit is not None and gross > limit

    # -- recording ------------------------------------------------------------------------

    def record(self, draft: ExpenseDraft, approval: Approval | None = None) -> str:
        """Record an expense in one transaction; returns its number. A cashier may pay one
        from the drawer up to the cashiers' limit; above it, or from an account, a manager's
        approval is needed."""
        checked = self._checked(draft, approval)
        with self._ctx.writing(Area.MONEY, Area.CASH) as db:
            return self._write(db, checked, None, approval)

    def _checked(self, draft: ExpenseDraft, approval: Approval | None) -> CheckedExpense:
        require(self._ctx, Permission.CASH_SESSION)
        checked = check_expense(draft, self.today(), self.currency(), self.tax_rates())
        categories = {c.id: c for c in expenses_repo.categories(self._ctx.db, True)}
        if checked.category_id not in categories:
            raise InvalidInput(N_("Choose the expense's category."), field="category")
        if checked.account_id is not None and not expenses_repo.account_active(
            self._ctx.db, checked.account_id
        ):
            raise InvalidInput(N_("Choose the account the expense was paid from."), field="account")
        if self.needs_approval(checked.gross, checked.method):
            require(self._ctx, Permission.RECORD_EXPENSES, approval)
        return checked

    def _write(
        self,
        db: Connection,
        checked: CheckedExpense,
        recurring_id: int | None,
        approval: Approval | None,
    ) -> str:
        ctx = self._ctx
        at, actor, user = ctx.now(), ctx.actor_name, ctx.user_id
        category = next(c for c in expenses_repo.categories(db) if c.id == checked.category_id)
        number = numbering.next_fixed(db, "expense", "EX-", 6)
        session = event = None
        if checked.method is ExpenseMethod.DRAWER:
            session = self._cash.session_for(db)
            reason = " ".join(f"{category.shown} {checked.payee}".split())
            event = cash_repo.add_event(
                db,
                session=session,
                kind="pay_out",
                amount=checked.gross.minor,
                reason=reason,
                details=json.dumps({"expense": number}, separators=(",", ":")),
                at=at,
                user_id=user,
                actor=actor,
            )
            journal.append(db, journal.CASH_EVENT.kind, event, at, user, actor)
        approved_by = None
        if approval is not None and not allowed(ctx, Permission.RECORD_EXPENSES):
            approved_by = approval.approver_name
        expense = expenses_repo.insert_expense(
            db,
            expense=checked,
            number=number,
            session_id=session,
            cash_event_id=event,
            recurring_id=recurring_id,
            approved_by=approved_by,
            at=at,
            user_id=user,
            actor=actor,
        )
        if checked.method is ExpenseMethod.ACCOUNT and checked.account_id is not None:
            expenses_repo.insert_account_entry(
                db,
                account=checked.account_id,
                day=checked.day,
                amount=-checked.gross.minor,
                expense=expense,
                note=" ".join(f"{number} {category.shown} {checked.payee}".split()),
                at=at,
                user_id=user,
                actor=actor,
            )
        if checked.attachment is not None:
            expenses_repo.insert_file(db, expense, checked.attachment, at)
        journal.append(db, journal.EXPENSE.kind, expense, at, user, actor)
        record(
            ctx,
            AuditAction.EXPENSE,
            number,
            after={
                "category": category.stored,
                "gross": str(checked.gross),
                "tax": str(checked.tax),
                "method": checked.method.value,
                "payee": checked.payee,
            },
            approval=approval if approved_by else None,
        )
        return number

    # -- categories -----------------------------------------------------------------------

    def add_category(self, name: str) -> int:
        """An owner's own category; its name is not one the shop already shows."""
        require(self._ctx, Permission.MANAGE_EXPENSES)
        others = [c.shown for c in expenses_repo.categories(self._ctx.db)]
        others += [c.stored for c in expenses_repo.categories(self._ctx.db)]
        text = clean_category_name(name, others)
        with self._ctx.writing(Area.MONEY) as db:
            category = expenses_repo.insert_category(
                db, text, self._ctx.now(), self._ctx.actor_name
            )
            record(self._ctx, AuditAction.EXPENSE_CATEGORY, text)
            return category

    # -- recurring expenses -----------------------------------------------------------------

    def add_recurring(self, draft: RecurringDraft) -> int:
        require(self._ctx, Permission.MANAGE_EXPENSES)
        checked = draft.checked(self.currency(), self.tax_rates())
        if checked.category_id not in {c.id for c in expenses_repo.categories(self._ctx.db, True)}:
            raise InvalidInput(N_("Choose the expense's category."), field="category")
        if checked.account_id is not None and not expenses_repo.account_active(
            self._ctx.db, checked.account_id
        ):
            raise InvalidInput(N_("Choose the account the expense was paid from."), field="account")
        with self._ctx.writing(Area.MONEY) as db:
            made = expenses_repo.insert_recurring(
                db, checked, self._ctx.now(), self._ctx.actor_name
            )
            record(
                self._ctx,
                AuditAction.RECURRING_EXPENSE,
                f"recurring {made}",
                after={
                    "gross": str(checked.gross),
                    "day": checked.day_of_month,
                    "next_due": checked.first_due.isoformat(),
                },
            )
            return made

    def recurring(self) -> list[Recurring]:
        return expenses_repo.recurring(self._ctx.db, self.currency())

    def due(self, today: dt.date | None = None) -> list[Recurring]:
        """The monthly expenses due on or before today: proposed for recording."""
        return expenses_repo.recurring(self._ctx.db, self.currency(), today or self.today())

    def _recurring(self, recurring_id: int) -> Recurring:
        found = expenses_repo.recurring_one(self._ctx.db, recurring_id, self.currency())
        if found is None or not found.active:
            raise NotFound(N_("There is no monthly expense {number}."), number=recurring_id)
        return found

    def record_due(
        self,
        recurring_id: int,
        approval: Approval | None = None,
        gross: Money | None = None,
        attachment: Attachment | None = None,
    ) -> str:
        """Record the monthly expense `recurring_id` for the day it was due (its amount, or
        `gross` when this month's differs) and move it on a month, in one transaction."""
        item = self._recurring(recurring_id)
        if item.next_due > self.today():
            raise Conflict(N_("That monthly expense is not due yet."))
        codes = {rate.code for rate in self.tax_rates()}  # a rate the shop dropped since
        draft = ExpenseDraft(
            day=item.next_due,
            category_id=item.category.id,
            gross=gross or item.gross,
            method=item.method,
            account_id=item.account_id,
            tax_code=item.tax_code if item.tax_code in codes else None,
            payee=item.payee,
            note=item.note,
            attachment=attachment,
        )
        checked = self._checked(draft, approval)
        with self._ctx.writing(Area.MONEY, Area.CASH) as db:
            number = self._write(db, checked, item.id, approval)
            expenses_repo.move_recurring(
                db,
                item.id,
                month_after(item.next_due, item.day_of_month),
                self._ctx.now(),
                self._ctx.actor_name,
            )
            return number

    def skip_due(self, recurring_id: int) -> dt.date:
        """Not paid this month: propose it again next month. Returns its next due day."""
        require(self._ctx, Permission.MANAGE_EXPENSES)
        item = self._recurring(recurring_id)
        next_due = month_after(item.next_due, item.day_of_month)
        with self._ctx.writing(Area.MONEY) as db:
            expenses_repo.move_recurring(
                db, item.id, next_due, self._ctx.now(), self._ctx.actor_name
            )
            record(
                self._ctx,
                AuditAction.RECURRING_EXPENSE,
                f"recurring {item.id}",
                before={"next_due": item.next_due.isoformat()},
                after={"next_due": next_due.isoformat()},
            )
        return next_due

    def stop_recurring(self, recurring_id: int) -> None:
        require(self._ctx, Permission.MANAGE_EXPENSES)
        item = self._recurring(recurring_id)
        with self._ctx.writing(Area.MONEY) as db:
            expenses_repo.stop_recurring(db, item.id, self._ctx.now(), self._ctx.actor_name)
            record(
                self._ctx,
                AuditAction.RECURRING_EXPENSE,
                f"recurring {item.id}",
                before={"active": True},
                after={"active": False},
            )

    # -- export ---------------------------------------------------------------------------

    def export(self, path: Path, first: dt.date | None, last: dt.date | None) -> int:
        """The expenses of `first` to `last` as CSV for other programs (ISO dates, '.'
        decimals, the category in the shop's language); returns how many were written."""
        from duka.documents.tables import write_csv

        require(self._ctx, Permission.EXPORT_DATA)
        found = expenses_repo.expenses(self._ctx.db, self.currency(), first, last)

        def rows() -> Iterator[list[str]]:
            for e in found:
                yield [
                    e.number,
                    e.day.isoformat(),
                    e.category.shown,
                    e.payee,
                    e.method.value,
                    e.account,
                    str(e.net.amount),
                    str(e.tax.amount),
                    str(e.gross.amount),
                ]

        write_csv(Path(path), EXPORT_COLUMNS, rows(), bom=False)
        return len(found)
