"""Customers' accounts: payments received, adjustments, store credit, statements, reminders
and the receivables list. Sales and refunds on account post here from checkout and returns."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from duka.core.access import Approval, Permission
from duka.core.audit import AuditAction
from duka.core.changes import Area
from duka.core.customers import CustomerRow
from duka.core.errors import Conflict, InvalidInput
from duka.core.ledger import (
    Ageing,
    Entry,
    EntryKind,
    OpenItem,
    PaymentMethod,
    ReceivableRows,
    Statement,
    age,
    bucket_starts,
    check_amount,
    check_reason,
)
from duka.core.money import Money
from duka.core.payment_qr import QrKind, payment_payload
from duka.core.settings import ADDRESS, LANGUAGE, PHONE, ShopSettings
from duka.i18n import N_, _, speaking
from duka.services.access_rules import require
from duka.services.cash import CashService
from duka.services.clock import day_start
from duka.services.context import Context
from duka.services.customers import CustomerService
from duka.services.printing import (
    document_formats,
    mobile_money_lines,
    page_labels,
    period_text,
    right_to_left,
    shop_name,
)
from duka.services.settings import SettingsService
from duka.services.trail import record
from duka.store import cash_repo, ledger_repo, numbering, sales_repo
from duka.store.database import Connection

PAYMENT_SERIES = "customer_payment"
ADJUSTMENT_SERIES = "customer_adjustment"


@dataclass(frozen=True, slots=True)
class Receivables:
    """Who owes what, with the shop's totals by age."""

    currency: str
    today: dt.date
    rows: ReceivableRows  # most owed first: rows.ordered(...) for another order
    totals: Ageing


@dataclass(frozen=True, slots=True)
class Purchase:
    number: str
    at: str
    gross: Money
    on_account: Money


@dataclass(frozen=True, slots=True)
class Document:
    at: str
    number: str
    kind: str  # sale, refund, payment, adjustment, store_credit, quote, invoice, credit_note
    amount: Money

    @property
    def label(self) -> str:
        """What the document is, as a catalog string."""
        if self.kind == "sale":
            return N_("Sale")
        if self.kind == "refund":
            return N_("Refund")
        if self.kind == "quote":
            return N_("Quote")
        return EntryKind(self.kind).label


class AccountService:
    def __init__(
        self,
        context: Context,
        settings: SettingsService,
        customers: CustomerService,
        cash: CashService,
    ) -> None:
        self._ctx = context
        self._settings = settings
        self._customers = customers
        self._cash = cash

    # -- reading ----------------------------------------------------------------------------

    def balance(self, customer_id: int) -> Money:
        """What the customer owes now (below zero: store credit they hold)."""
        return Money(ledger_repo.balance(self._ctx.db, customer_id), self._settings.currency())

    def entries(self, customer_id: int, limit: int = 1000) -> list[Entry]:
        """The newest `limit` entries of the account, oldest first, with running balances."""
        return ledger_repo.latest(self._ctx.db, customer_id, limit, self._settings.currency())

    def entry_count(self, customer_id: int) -> int:
        return ledger_repo.entry_count(self._ctx.db, customer_id)

    def open_debts(self, customer_id: int) -> list[OpenItem]:
        """Debts not yet fully paid, oldest first: what a payment can be put against."""
        return [i for i in ledger_repo.open_items(self._ctx.db, customer_id) if i.open > 0]

    def purchases(self, customer_id: int, limit: int = 500) -> list[Purchase]:
        currency = self._settings.currency()
        return [
            Purchase(number, at, Money(gross, currency), Money(account, currency))
            for number, at, gross, account in sales_repo.sales_of_customer(
                self._ctx.db, customer_id, limit
            )
        ]

    def documents(self, customer_id: int, limit: int = 1000) -> list[Document]:
        """The customer's sales, refunds, payments and corrections, newest first."""
        currency = self._settings.currency()
        return [
            Document(at, number, kind, Money(amount, currency))
            for at, number, kind, amount in ledger_repo.documents(self._ctx.db, customer_id, limit)
        ]

    def receivables(self, today: dt.date | None = None) -> Receivables:
        """Every customer who owes the shop, with what they owe by the age of each open debt
        (0-30, 31-60, 61-90 and over 90 days, by the shop's calendar)."""
        require(self._ctx, Permission.MANAGE_CUSTOMERS)
        today = today or self._ctx.clock().astimezone().date()
        a30, a60, a90 = (day_start(d) for d in bucket_starts(today))
        db = self._ctx.db
        owing = ledger_repo.owing(db)

        def ages(ids: Sequence[int]) -> dict[int, tuple[Ageing, str]]:
            if len(ids) > ReceivableRows.PAGE * 8:  # most of the list: one pass over it all
                wanted = set(ids)
                return {
                    r[0]: (Ageing(r[1], r[2], r[3], r[4]), r[5])
                    for r in ledger_repo.receivables(db, a30, a60, a90)
                    if r[0] in wanted
                }
            return {
                customer: (Ageing(*found[:4]), found[4])
                for customer, found in ledger_repo.ages_of(db, ids, a30, a60, a90).items()
            }

        rows = ReceivableRows(owing, lambda ids: ledger_repo.customer_labels(db, ids), ages)
        total = sum(amount for _customer, amount in owing)
        s30, s60, s90 = (ledger_repo.owed_since(db, start) for start in (a30, a60, a90))
        totals = Ageing(s30, s60 - s30, s90 - s60, total - s90)
        return Receivables(self._settings.currency(), today, rows, totals)

    # -- writing ----------------------------------------------------------------------------

    def receive_payment(
        self,
        customer_id: int,
        amount: Money,
        method: PaymentMethod,
        reference: str = "",
        picked: Sequence[int] = (),
        keep_as_credit: bool = False,
        opening_float: Money | None = None,
    ) -> str:
        """Take a payment towards what the customer owes, in one transaction; it settles the
        `picked` debts first, then the oldest. More than is owed is refused unless the rest
        is to be kept as store credit. Returns the payment's number (CP-...). Cash goes into
        this computer's cash session (opened now with `opening_float`, default the last
        close's count, when none is open); other methods join the open session, if any."""
        require(self._ctx, Permission.TAKE_PAYMENTS)
        check_amount(amount, self._settings.currency(), N_("A payment"))
        customer = self._customers.get(customer_id)
        with self._ctx.writing(Area.CUSTOMERS, Area.CASH, Area.INVOICES) as db:
            owed = Money(ledger_repo.balance(db, customer_id), amount.currency)
            if amount > owed and not keep_as_credit:
                raise InvalidInput(
                    N_(
                        "{amount} is more than the {owed} {name} owes. Take less, or keep "
                        "the rest as store credit."
                    ),
                    field="amount",
                    amount=self._money(amount),
                    owed=self._money(max(owed, Money.zero(owed.currency))),
                    name=customer.name,
                )
            number = numbering.next_fixed(db, PAYMENT_SERIES, "CP-", 6)
            if method is PaymentMethod.CASH:
                session: int | None = self._cash.session_for(db, opening_float)
            else:
                found = cash_repo.open_session(db, self._ctx.computer)
                session = found.id if found is not None else None
            self._post(
                db,
                customer_id,
                EntryKind.PAYMENT,
                -amount.minor,
                number,
                method=method.value,
                note=reference,
                session_id=session,
                picked=picked,
            )
            record(
                self._ctx,
                AuditAction.ACCOUNT_PAYMENT,
                number,
                after={
                    "customer": customer.name,
                    "amount": str(amount),
                    "method": method.value,
                    "owed_before": str(owed),
                },
            )
        return number

    def adjust(
        self, customer_id: int, amount: Money, reason: str, approval: Approval | None = None
    ) -> str:
        """Correct a balance up (+) or down (-), with the reason; a manager's right."""
        require(self._ctx, Permission.ADJUST_ACCOUNTS, approval)
        if amount.currency != self._settings.currency():
            raise InvalidInput(N_("Amounts must be in the shop's currency."), field="amount")
        if not amount:
            raise InvalidInput(N_("An adjustment cannot be zero."), field="amount")
        return self._restricted(
            customer_id, EntryKind.ADJUSTMENT, amount.minor, check_reason(reason), approval
        )

    def give_store_credit(
        self, customer_id: int, amount: Money, reason: str, approval: Approval | None = None
    ) -> str:
        """Credit the customer's account without money changing hands (a goodwill gesture,
        a voucher); spent on later sales on account."""
        require(self._ctx, Permission.ADJUST_ACCOUNTS, approval)
        check_amount(amount, self._settings.currency(), N_("Store credit"))
        return self._restricted(
            customer_id, EntryKind.STORE_CREDIT, -amount.minor, check_reason(reason), approval
        )

    def set_opening(
        self, customer_id: int, amount: Money, note: str = "", approval: Approval | None = None
    ) -> None:
        """What the customer owed (+) or held in credit (-) when the shop started keeping
        the account in Duka: the first entry of an empty account only."""
        require(self._ctx, Permission.ADJUST_ACCOUNTS, approval)
        if amount.currency != self._settings.currency():
            raise InvalidInput(N_("Amounts must be in the shop's currency."), field="amount")
        if not amount:
            raise InvalidInput(N_("An opening balance cannot be zero."), field="amount")
        customer = self._customers.get(customer_id)
        with self._ctx.writing(Area.CUSTOMERS) as db:
            if ledger_repo.entry_count(db, customer_id):
                raise Conflict(
                    N_("{name}'s account already has entries; correct it with an adjustment."),
                    name=customer.name,
                )
            self._post(db, customer_id, EntryKind.OPENING, amount.minor, "", note=note.strip())
            record(
                self._ctx,
                AuditAction.ACCOUNT_ADJUSTED,
                f"customer {customer_id}: {customer.name}",
                after={"opening": str(amount)},
                approval=approval,
            )

    def _restricted(
        self,
        customer_id: int,
        kind: EntryKind,
        amount: int,
        reason: str,
        approval: Approval | None,
    ) -> str:
        customer = self._customers.get(customer_id)
        with self._ctx.writing(Area.CUSTOMERS) as db:
            number = numbering.next_fixed(db, ADJUSTMENT_SERIES, "ADJ-", 6)
            self._post(db, customer_id, kind, amount, number, note=reason)
            record(
                self._ctx,
                AuditAction.ACCOUNT_ADJUSTED,
                number,
                after={
                    "customer": customer.name,
                    "kind": kind.value,
                    "amount": str(Money(amount, self._settings.currency())),
                    "reason": reason,
                },
                approval=approval,
            )
        return number

    def _post(
        self,
        db: Connection,
        customer_id: int,
        kind: EntryKind,
        amount: int,
        document: str,
        *,
        method: str = "",
        note: str = "",
        session_id: int | None = None,
        picked: Sequence[int] = (),
    ) -> int:
        return ledger_repo.post(
            db,
            ledger_repo.NewEntry(
                customer_id,
                kind.value,
                amount,
                document,
                method=method,
                note=" ".join(note.split()),
                session_id=session_id,
                at=self._ctx.now(),
                user_id=self._ctx.user_id,
                actor=self._ctx.actor_name,
            ),
            picked,
        )

    # -- documents --------------------------------------------------------------------------

    def statement(
        self, customer_id: int, since: str | None = None, until: str | None = None
    ) -> Statement:
        """The account over [since, until): the balance before, every entry with the running
        balance, and the balance at the end."""
        require(self._ctx, Permission.MANAGE_CUSTOMERS)
        self._customers.get(customer_id)
        opening, entries = ledger_repo.period(
            self._ctx.db, customer_id, since, until, self._settings.currency()
        )
        closing = entries[-1].balance if entries else opening
        return Statement(customer_id, since, until, opening, tuple(entries), closing)

    def document_language(self, customer: CustomerRow, settings: ShopSettings) -> str:
        return customer.language or str(settings[LANGUAGE])

    def statement_pdf(
        self,
        customer_id: int,
        since: str | None,
        until: str | None,
        path: Path,
        language: str | None = None,
    ) -> int:
        """The statement as a PDF in the customer's language (or `language`); returns the
        number of pages."""
        from duka.documents.stock_lists import (  # reportlab only when printing
            AccountStatement,
            StatementEntry,
            StatementTitles,
            write_statement,
        )

        customer = self._customers.get(customer_id)
        settings = self._settings.load()
        found = self.statement(customer_id, since, until)
        with speaking(language or self.document_language(customer, settings)):
            formats = document_formats(settings)

            def money(amount: Money) -> str:
                return formats.money(amount.amount, amount.currency)

            def day(moment: str) -> str:
                local = dt.datetime.fromisoformat(moment).astimezone().date()
                return formats.date(local, "short")

            first = day(since) if since else day(found.entries[0].at) if found.entries else ""
            last_moment = (
                (dt.datetime.fromisoformat(until) - dt.timedelta(seconds=1)).isoformat()
                if until
                else self._ctx.now()
            )
            entries = [
                StatementEntry(
                    date=day(entry.at),
                    number=entry.document,
                    description=self.describe(entry),
                    amount=money(entry.amount),
                    balance=money(entry.balance),
                )
                for entry in found.entries
            ]
            footer = []
            if found.closing.minor > 0:
                footer.append(_("Amount due: {amount}").format(amount=money(found.closing)))
            elif found.closing.minor < 0:
                footer.append(_("Store credit: {amount}").format(amount=money(-found.closing)))
            statement = AccountStatement(
                shop_name=shop_name(settings),
                party_name=customer.name,
                period=period_text(first, day(last_moment)),
                opening_balance=money(found.opening),
                closing_balance=money(found.closing),
                entries=entries,
                party_phone=customer.phone,
                party_tax_id=customer.tax_id,
                footer_lines=footer,
            )
            titles = StatementTitles(
                title=_("Customer statement"),
                party=_("Customer"),
                phone=_("Phone"),
                tax_id=_("Tax number"),
                period=_("Period"),
                opening_balance=_("Balance at the start"),
                closing_balance=_("Balance at the end"),
                date=_("Date"),
                number=_("Document"),
                description=_("What"),
                amount=_("Amount"),
                balance=_("Balance"),
            )
            return write_statement(
                Path(path),
                statement,
                titles=titles,
                page_label=page_labels(formats),
                right_to_left=right_to_left(),
            )

    @staticmethod
    def describe(entry: Entry) -> str:
        """An entry in words, in the language being spoken: its kind, how it was paid, and
        its note."""
        parts = [_(entry.kind.label)]
        if entry.method:
            try:
                parts.append(f"({_(PaymentMethod(entry.method).label)})")
            except ValueError:
                parts.append(f"({entry.method})")
        if entry.note:
            parts.append(f"– {entry.note}")
        return " ".join(parts)

    def payment_code(self, customer_id: int, amount: Money | None = None) -> str | None:
        """What the payment QR code says for the amount due (None: the shop has none set)."""
        settings = self._settings.load()
        due = amount if amount is not None else self.balance(customer_id)
        return payment_payload(settings.payee, due, self._reference(customer_id))

    def _reference(self, customer_id: int) -> str:
        return f"C{customer_id}"

    def reminder(
        self,
        customer_id: int,
        pdf: Path,
        png: Path | None = None,
        language: str | None = None,
        today: dt.date | None = None,
    ) -> Money:
        """A payment reminder for what the customer owes, as a one-page PDF and, with `png`,
        the same page as a picture to send by phone; in the customer's language. Returns the
        amount due; refused when nothing is due."""
        from duka.documents.reminder import Reminder, reminder_png, write_reminder

        require(self._ctx, Permission.TAKE_PAYMENTS)  # as the list of who owes

        customer = self._customers.get(customer_id)
        due = self.balance(customer_id)
        if due.minor <= 0:
            raise InvalidInput(N_("{name} owes nothing; there is nothing to remind."),
                               name=customer.name)  # fmt: skip
        settings = self._settings.load()
        payee = settings.payee
        payload = payment_payload(payee, due, self._reference(customer_id))
        today = today or self._ctx.clock().astimezone().date()
        debts = self.open_debts(customer_id)
        with speaking(language or self.document_language(customer, settings)):
            formats = document_formats(settings)

            def money(minor: int) -> str:
                return formats.money(Money(minor, due.currency).amount, due.currency)

            oldest = dt.datetime.fromisoformat(debts[0].at).astimezone().date() if debts else today
            ageing = _age_of(debts, today)
            details = [
                (label, money(amount))
                for label, amount in (
                    (_("0–30 days"), ageing.current),
                    (_("31–60 days"), ageing.days_31_60),
                    (_("61–90 days"), ageing.days_61_90),
                    (_("Over 90 days"), ageing.over_90),
                )
                if amount
            ]
            pay_to = {
                QrKind.UPI: payee.account,
                QrKind.EPC: f"{payee.payee} · {payee.account}",
                QrKind.PIX: payee.account,
            }.get(payee.kind, "")
            contact = " · ".join(
                part
                for part in (str(settings[PHONE]), str(settings[ADDRESS]).split("\n")[0])
                if part
            )
            reminder = Reminder(
                shop_name=shop_name(settings),
                title=_("Payment reminder"),
                greeting=_("Dear {name},").format(name=customer.name),
                message=_(
                    "This is a friendly reminder that your account with us shows an amount "
                    "due, the oldest part since {date}. Thank you for paying when you can."
                ).format(date=formats.date(oldest, "medium")),
                amount_label=_("Amount due"),
                amount=money(due.minor),
                details=details,
                qr_payload=payload,
                qr_caption=_("Scan to pay") if payload else "",
                pay_to=pay_to,
                pay_by=mobile_money_lines(settings, self._reference(customer_id)),
                shop_contact=contact,
                date_line=formats.date(today, "long"),
                right_to_left=right_to_left(),
            )
            write_reminder(Path(pdf), reminder)
        if png is not None:
            reminder_png(Path(pdf), Path(png))
        return due

    def _money(self, amount: Money) -> str:
        formats = document_formats(self._settings.load())
        return formats.money(amount.amount, amount.currency)


def _age_of(debts: Sequence[OpenItem], today: dt.date) -> Ageing:
    return age(
        [(dt.datetime.fromisoformat(d.at).astimezone().date(), d.open) for d in debts], today
    )
