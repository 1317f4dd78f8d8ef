"""The shop's money besides what it sells: bank and mobile-money accounts with their books,
moving money between them and the cash drawer, checking a book against a statement, and
the owner's drawings and capital (apart from expenses, so profit stays right)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from duka.core.access import Permission
from duka.core.audit import AuditAction
from duka.core.changes import Area
from duka.core.errors import Conflict, InvalidInput, NotFound
from duka.core.money import Money
from duka.core.money_accounts import (
    AccountDraft,
    AccountKind,
    Book,
    BookLine,
    EntryKind,
    MoneyAccount,
    check_amount,
    clean_note,
    goods_value,
    running,
)
from duka.core.products import check_quantity
from duka.core.quantity import Quantity
from duka.core.stock import MovementKind
from duka.i18n import N_, _
from duka.services.access_rules import require
from duka.services.cash import CashService
from duka.services.context import Context
from duka.services.printing import document_formats
from duka.services.products import ProductService
from duka.services.settings import SettingsService
from duka.services.trail import record
from duka.store import cash_repo, money_repo, numbering, products_repo, report_reads, stock_repo
from duka.store.database import Connection

DRAWING_SERIES = "drawing"
DRAWING_PREFIX = "DR-"

# What the drawer's book calls each movement of cash.
_DRAWER_LABELS = {
    "open": N_("Float"),
    "pay_in": N_("Paid in"),
    "pay_out": N_("Paid out"),
    "sale": N_("Sale"),
    "refund": N_("Refund"),
    "payment": N_("Payment on account"),
}


def drawer_label(kind: str) -> str:
    return _(_DRAWER_LABELS[kind]) if kind in _DRAWER_LABELS else kind


@dataclass(frozen=True, slots=True)
class Reconciliation:
    account_id: int
    day: dt.date
    statement: Money
    book: Money
    adjusted: bool  # an adjustment entry brought the book to the statement

    @property
    def difference(self) -> Money:
        return self.statement - self.book


class MoneyService:
    def __init__(
        self,
        context: Context,
        settings: SettingsService,
        cash: CashService,
        products: ProductService,
    ) -> None:
        self._ctx = context
        self._settings = settings
        self._cash = cash
        self._products = products

    # -- reading --------------------------------------------------------------------------

    def currency(self) -> str:
        return self._settings.currency()

    def today(self) -> dt.date:
        return self._ctx.clock().astimezone().date()

    def _money(self, minor: int) -> Money:
        return Money(minor, self.currency())

    def _text(self, minor: int) -> str:
        formats = document_formats(self._settings.load())
        return formats.money(self._money(minor).amount, self.currency())

    def _as_account(self, row: money_repo.AccountRow) -> MoneyAccount:
        return MoneyAccount(
            row.id, row.name, AccountKind(row.kind), row.overdraft, row.active,
            self._money(row.balance),
        )  # fmt: skip

    def accounts(self, active_only: bool = False) -> list[MoneyAccount]:
        return [self._as_account(r) for r in money_repo.accounts(self._ctx.db, active_only)]

    def get(self, account_id: int) -> MoneyAccount:
        row = money_repo.account(self._ctx.db, account_id)
        if row is None:
            raise NotFound(N_("There is no money account number {id}."), id=account_id)
        return self._as_account(row)

    def book(
        self, account_id: int, first: dt.date | None = None, last: dt.date | None = None
    ) -> Book:
        """The account's entries from `first` to `last` (inclusive), each with the balance
        after it, after the balance brought forward from before `first`."""
        account = self.get(account_id)
        db = self._ctx.db
        start = first.isoformat() if first else None
        opening = self._money(money_repo.balance(db, account_id, start) if start else 0)
        found = money_repo.entries(db, account_id, start, last.isoformat() if last else None)
        moves = [(dt.date.fromisoformat(e.day), e.kind, _said(e), e.amount, e.at) for e in found]
        return Book(account.name, opening, tuple(running(opening, moves)))

    def drawer_expected(self) -> Money | None:
        """The cash this computer's open session expects in the drawer (None: none open)."""
        session = self._cash.current()
        if session is None:
            return None
        return self._money(report_reads.cash_expected(self._ctx.db, session.id))

    def drawer_sessions(self, limit: int = 20) -> list[tuple[int, str, str | None]]:
        """(id, opened, closed) of this computer's newest cash sessions, newest first."""
        return money_repo.sessions(self._ctx.db, self._ctx.computer, limit)

    def drawer_book(self, session_id: int | None = None) -> Book:
        """Session `session_id`'s cash movements (default: the open one) with the cash the
        drawer should hold after each; the float is the first."""
        require(self._ctx, Permission.CASH_SESSION)
        if session_id is None:
            session = self._cash.current()
            if session is None:
                raise Conflict(N_("No cash session is open."))
            session_id = session.id
        elif cash_repo.get_session(self._ctx.db, session_id) is None:
            raise NotFound(N_("There is no cash session {number}."), number=session_id)
        moves = [
            (dt.datetime.fromisoformat(at).astimezone().date(), kind, note, amount, at)
            for at, kind, note, amount in money_repo.drawer_moves(self._ctx.db, session_id)
        ]
        zero = self._money(0)
        return Book(_("Cash drawer"), zero, tuple(running(zero, moves)))

    def drawings(
        self, first: dt.date | None = None, last: dt.date | None = None
    ) -> list[money_repo.DrawingRow]:
        require(self._ctx, Permission.SEE_COSTS)
        return money_repo.drawings(
            self._ctx.db, first.isoformat() if first else None, last.isoformat() if last else None
        )

    # -- accounts -------------------------------------------------------------------------

    def add_account(
        self, draft: AccountDraft, opening: Money | None = None, day: dt.date | None = None
    ) -> int:
        """A new account, with its balance on `day` (default today) as its first entry."""
        require(self._ctx, Permission.MANAGE_MONEY)
        if draft.overdraft:
            require(self._ctx, Permission.OWNER_MONEY)
        checked = draft.checked()
        if opening is not None and opening.currency != self.currency():
            raise InvalidInput(N_("Amounts must be in the shop's currency."), field="amount")
        if opening is not None and opening.minor < 0 and not checked.overdraft:
            raise InvalidInput(
                N_("An account that may not be overdrawn cannot open below zero."), field="amount"
            )
        self._check_name_free(checked.name, None)
        day = day or self.today()
        with self._ctx.writing(Area.MONEY) as db:
            at, user, actor = self._ctx.now(), self._ctx.user_id, self._ctx.actor_name
            account_id = money_repo.insert_account(
                db, checked.name, checked.kind.value, checked.overdraft, at, user, actor
            )
            if opening is not None and opening.minor:
                money_repo.add_entry(
                    db, account_id=account_id, day=day.isoformat(), kind=EntryKind.OPENING.value,
                    amount=opening.minor, note="", at=at, user_id=user, actor=actor,
                )  # fmt: skip
            record(
                self._ctx,
                AuditAction.MONEY_ACCOUNT_CHANGED,
                f"money account {account_id}: {checked.name}",
                after={
                    "name": checked.name,
                    "kind": checked.kind.value,
                    "overdraft": checked.overdraft,
                    "opening": opening.minor if opening else 0,
                },
            )
            return account_id

    def update_account(self, account_id: int, draft: AccountDraft, active: bool = True) -> None:
        """Rename an account, change its kind, allow or forbid overdrafts, deactivate it."""
        require(self._ctx, Permission.MANAGE_MONEY)
        before = self.get(account_id)
        checked = draft.checked()
        if checked.overdraft != before.overdraft:
            require(self._ctx, Permission.OWNER_MONEY)
        self._check_name_free(checked.name, account_id)
        with self._ctx.writing(Area.MONEY) as db:
            at, user, actor = self._ctx.now(), self._ctx.user_id, self._ctx.actor_name
            money_repo.update_account(
                db, account_id, checked.name, checked.kind.value, checked.overdraft, active,
                at, user, actor,
            )  # fmt: skip
            record(
                self._ctx,
                AuditAction.MONEY_ACCOUNT_CHANGED,
                f"money account {account_id}: {checked.name}",
                before={
                    "name": before.name,
                    "kind": before.kind.value,
                    "overdraft": before.overdraft,
                    "active": before.active,
                },
                after={
                    "name": checked.name,
                    "kind": checked.kind.value,
                    "overdraft": checked.overdraft,
                    "active": active,
                },
            )

    def _check_name_free(self, name: str, account_id: int | None) -> None:
        for other in self.accounts():
            if other.id != account_id and other.name.casefold() == name.casefold():
                raise InvalidInput(
                    N_("There is already an account called {name}."), field="name", name=name
                )

    # -- moving money ---------------------------------------------------------------------

    def _usable(self, db: Connection, account_id: int) -> money_repo.AccountRow:
        row = money_repo.account(db, account_id)
        if row is None:
            raise NotFound(N_("There is no money account number {id}."), id=account_id)
        if not row.active:
            raise InvalidInput(N_("The account {name} is no longer in use."), name=row.name)
        return row

    def _check_cover(self, row: money_repo.AccountRow, amount: int) -> None:
        """Refuse to take `amount` from an account that would go below zero, unless the
        owner allows it to be overdrawn."""
        if not row.overdraft and row.balance - amount < 0:
            raise Conflict(
                N_(
                    "{name} holds only {balance}: taking {amount} would overdraw it, and the "
                    "owner has not allowed overdrafts on it."
                ),
                name=row.name,
                balance=self._text(row.balance),
                amount=self._text(amount),
            )

    def _check_drawer(self, db: Connection, session: int, amount: int) -> None:
        expected = report_reads.cash_expected(db, session)
        if expected - amount < 0:
            raise Conflict(
                N_("The drawer should hold only {balance}: {amount} cannot be taken out of it."),
                balance=self._text(expected),
                amount=self._text(amount),
            )

    def _open_session(self, db: Connection) -> int:
        session = cash_repo.open_session(db, self._ctx.computer)
        if session is None:
            raise Conflict(N_("No cash session is open: open the cash drawer first."))
        return cash_repo.claim_unnamed(db, session, self._ctx.computer).id

    def transfer(
        self,
        from_id: int | None,
        to_id: int | None,
        amount: Money,
        note: str = "",
        day: dt.date | None = None,
    ) -> None:
        """Move `amount` between two accounts, or between this computer's drawer (None) and
        an account: banking the day's cash is a pay-out of the open session and an entry
        into the account; withdrawing to the drawer, an entry out and a pay-in."""
        require(self._ctx, Permission.MANAGE_MONEY)
        if from_id is None and to_id is None:
            raise InvalidInput(N_("Choose an account to move the money to or from."))
        if from_id == to_id:
            raise InvalidInput(N_("Choose two different accounts."), field="to")
        check_amount(amount, self.currency())
        note = clean_note(note)
        when = (day or self.today()).isoformat()
        with self._ctx.writing(Area.MONEY, Area.CASH) as db:
            source = self._usable(db, from_id) if from_id is not None else None
            target = self._usable(db, to_id) if to_id is not None else None
            at, user, actor = self._ctx.now(), self._ctx.user_id, self._ctx.actor_name
            if source is not None:
                self._check_cover(source, amount.minor)
            if source is not None and target is not None:
                first = money_repo.new_entry_id(db)
                money_repo.add_entry(
                    db, account_id=source.id, day=when, kind=EntryKind.TRANSFER.value,
                    amount=-amount.minor, note=note, at=at, user_id=user,
                    actor=actor, transfer=first, entry_id=first,
                )  # fmt: skip
                money_repo.add_entry(
                    db, account_id=target.id, day=when, kind=EntryKind.TRANSFER.value,
                    amount=amount.minor, note=note, at=at, user_id=user,
                    actor=actor, transfer=first,
                )  # fmt: skip
                subject = f"{source.name} -> {target.name}"
            else:
                session = self._open_session(db)
                account = target if target is not None else source
                assert account is not None
                banking = target is not None
                if banking:
                    self._check_drawer(db, session, amount.minor)
                reason = note or (_("Banked to {name}") if banking else _("From {name}")).format(
                    name=account.name
                )
                event = self._cash_event(
                    db, session, "pay_out" if banking else "pay_in", amount.minor, reason
                )
                money_repo.add_entry(
                    db, account_id=account.id, day=when, kind=EntryKind.TRANSFER.value,
                    amount=amount.minor if banking else -amount.minor,
                    note=note,
                    at=at, user_id=user, actor=actor, cash_event_id=event,
                )  # fmt: skip
                subject = f"drawer -> {account.name}" if banking else f"{account.name} -> drawer"
            record(
                self._ctx,
                AuditAction.MONEY_MOVED,
                subject,
                after={"amount": amount.minor, "day": when, "note": note},
            )

    def _cash_event(self, db: Connection, session: int, kind: str, amount: int, reason: str) -> int:
        from duka.store import journal

        at, user, actor = self._ctx.now(), self._ctx.user_id, self._ctx.actor_name
        event = cash_repo.add_event(
            db, session=session, kind=kind, amount=amount, reason=reason, details="", at=at,
            user_id=user, actor=actor,
        )  # fmt: skip
        journal.append(db, journal.CASH_EVENT.kind, event, at, user, actor)
        return event

    # -- reconciling ----------------------------------------------------------------------

    def reconcile(
        self, account_id: int, day: dt.date, statement: Money, accept: bool = False
    ) -> Reconciliation:
        """Check the book at the end of `day` against the statement's balance and record it;
        with `accept`, a difference becomes an adjustment entry that brings the book to the
        statement."""
        require(self._ctx, Permission.MANAGE_MONEY)
        if statement.currency != self.currency():
            raise InvalidInput(N_("Amounts must be in the shop's currency."), field="amount")
        if day > self.today():
            raise InvalidInput(N_("A statement cannot be dated in the future."), field="day")
        with self._ctx.writing(Area.MONEY) as db:
            account = self._usable(db, account_id)
            at, user, actor = self._ctx.now(), self._ctx.user_id, self._ctx.actor_name
            book = money_repo.balance_on(db, account.id, day.isoformat())
            money_repo.insert_reconciliation(
                db, account.id, day.isoformat(), statement.minor, book, at, user, actor
            )
            difference = statement.minor - book
            adjusted = bool(accept and difference)
            if adjusted:
                money_repo.add_entry(
                    db, account_id=account.id, day=day.isoformat(),
                    kind=EntryKind.ADJUSTMENT.value, amount=difference,
                    note="",
                    at=at, user_id=user, actor=actor,
                )  # fmt: skip
            record(
                self._ctx,
                AuditAction.MONEY_RECONCILED,
                f"money account {account.id}: {account.name}",
                before={"book": book},
                after={"statement": statement.minor, "day": day.isoformat(), "adjusted": adjusted},
            )
        return Reconciliation(account_id, day, statement, self._money(book), adjusted)

    def last_reconciliation(self, account_id: int) -> tuple[dt.date, Money, Money] | None:
        found = money_repo.last_reconciliation(self._ctx.db, account_id)
        if found is None:
            return None
        day, statement, book = found
        return dt.date.fromisoformat(day), self._money(statement), self._money(book)

    # -- the owner's money ----------------------------------------------------------------

    def draw_money(
        self, amount: Money, account_id: int | None = None, note: str = "",
        day: dt.date | None = None,
    ) -> str:  # fmt: skip
        """The owner takes money: from the drawer (None, a pay-out of the open session) or
        from an account. Returns the drawing's number."""
        return self._owner_money("drawing", amount, account_id, note, day)

    def put_capital(
        self, amount: Money, account_id: int | None = None, note: str = "",
        day: dt.date | None = None,
    ) -> str:  # fmt: skip
        """The owner puts money in: into the drawer (None, a pay-in) or into an account."""
        return self._owner_money("capital", amount, account_id, note, day)

    def _owner_money(
        self, kind: str, amount: Money, account_id: int | None, note: str, day: dt.date | None
    ) -> str:
        require(self._ctx, Permission.OWNER_MONEY)
        check_amount(amount, self.currency())
        note = clean_note(note)
        when = (day or self.today()).isoformat()
        drawing = kind == "drawing"
        with self._ctx.writing(Area.MONEY, Area.CASH) as db:
            at, user, actor = self._ctx.now(), self._ctx.user_id, self._ctx.actor_name
            number = numbering.next_fixed(db, DRAWING_SERIES, DRAWING_PREFIX, 6)
            session = event = None
            account = None
            if account_id is None:
                session = self._open_session(db)
                if drawing:
                    self._check_drawer(db, session, amount.minor)
                label = _("Owner's drawing {number}") if drawing else _("Capital {number}")
                reason = label.format(number=number) + (f": {note}" if note else "")
                event = self._cash_event(
                    db, session, "pay_out" if drawing else "pay_in", amount.minor, reason
                )
            else:
                account = self._usable(db, account_id)
                if drawing:
                    self._check_cover(account, amount.minor)
            drawing_id = money_repo.insert_drawing(
                db, number=number, day=when, kind=kind, what="money", amount=amount.minor,
                method="drawer" if account is None else "account",
                account_id=account.id if account else None, session_id=session,
                cash_event_id=event, note=note, at=at, user_id=user, actor=actor,
            )  # fmt: skip
            if account is not None:
                money_repo.add_entry(
                    db, account_id=account.id, day=when, kind=kind,
                    amount=-amount.minor if drawing else amount.minor, note=note,
                    at=at, user_id=user, actor=actor, drawing_id=drawing_id,
                )  # fmt: skip
            record(
                self._ctx,
                AuditAction.OWNER_MONEY,
                number,
                after={
                    "kind": kind,
                    "amount": amount.minor,
                    "from": account.name if account else "drawer",
                    "note": note,
                },
            )
            return number

    def draw_goods(
        self,
        lines: Sequence[tuple[int, Quantity]],
        note: str = "",
        day: dt.date | None = None,
    ) -> str:
        """The owner takes goods for the household: each leaves the stock as an adjustment
        whose document is the drawing, and the drawing is worth their cost."""
        require(self._ctx, Permission.OWNER_MONEY)
        if not lines:
            raise InvalidInput(N_("Choose the goods taken."), field="lines")
        note = clean_note(note)
        checked: list[tuple[int, Quantity, str]] = []
        for product_id, quantity in lines:
            product = self._products.get(product_id)
            if quantity.milli <= 0:
                raise InvalidInput(N_("A quantity taken must be more than zero."), field="lines")
            check_quantity(quantity, product.draft.unit)
            checked.append((product_id, quantity, product.name))
        when = (day or self.today()).isoformat()
        with self._ctx.writing(Area.MONEY, Area.STOCK) as db:
            at, user, actor = self._ctx.now(), self._ctx.user_id, self._ctx.actor_name
            number = numbering.next_fixed(db, DRAWING_SERIES, DRAWING_PREFIX, 6)
            reason = _("Owner's drawing {number}").format(number=number) + (
                f": {note}" if note else ""
            )
            value = 0
            for product_id, quantity, _name in checked:
                cost = products_repo.cost(db, product_id)
                value += goods_value(quantity.milli, cost)
                stock_repo.add_movement(
                    db, product_id=product_id, kind=MovementKind.ADJUST, quantity=-quantity,
                    unit_cost=cost, reason=reason, document=number, at=at, user_id=user,
                    actor=actor,
                )  # fmt: skip
            if value <= 0:
                raise InvalidInput(
                    N_("These goods have no cost price: a drawing of them would be worth nothing.")
                )
            money_repo.insert_drawing(
                db, number=number, day=when, kind="drawing", what="goods", amount=value,
                method=None, account_id=None, session_id=None, cash_event_id=None, note=note,
                at=at, user_id=user, actor=actor,
            )  # fmt: skip
            record(
                self._ctx,
                AuditAction.OWNER_MONEY,
                number,
                after={
                    "kind": "drawing",
                    "goods": {name: str(q) for _p, q, name in checked},
                    "amount": value,
                    "note": note,
                },
            )
            return number


def _said(entry: money_repo.EntryRow) -> str:
    """An entry's note, or, where none was typed, what it was, in the language on screen:
    the other account of a transfer, the drawer, the statement it matched."""
    if entry.note:
        return entry.note
    if entry.other is not None:
        into = entry.amount > 0
        return (_("From {name}") if into else _("To {name}")).format(name=entry.other)
    if entry.drawer:
        return _("From the drawer") if entry.amount > 0 else _("To the drawer")
    if entry.kind == EntryKind.ADJUSTMENT.value:
        return _("To match the statement")
    return ""


__all__ = ["BookLine", "MoneyService", "Reconciliation", "drawer_label"]
