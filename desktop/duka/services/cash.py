"""The cash drawer of each computer: a session opened with a float, money paid in and out with
a reason, the X report at any time, and closing with the cash counted (the Z report). Every
event is journaled. Every sale, refund and payment taken in cash belongs to the session of
the computer it was made on: when none is open, the operation opens one in its own
transaction (unless the shop asks for the drawer to be opened first)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from duka.core.access import Permission, shown_actor_name
from duka.core.changes import Area
from duka.core.errors import Conflict, InvalidInput, NotFound
from duka.core.ledger import PaymentMethod as AccountMethod
from duka.core.money import Money
from duka.core.sale import PaymentMethod
from duka.core.settings import DRAWER_OPENED_FIRST, RECEIPT_WIDTH
from duka.core.tills import shown
from duka.i18n import N_, _
from duka.services.access_rules import require
from duka.services.anchor import printed
from duka.services.context import Context
from duka.services.printing import document_formats, right_to_left, shop_name
from duka.services.settings import SettingsService
from duka.store import cash_repo, journal, promotions_repo
from duka.store.database import Connection

if TYPE_CHECKING:
    from duka.documents.receipt import ReceiptData


# The refusal when the shop wants the drawer opened first; the Sell screen shows it as soon as
# it is shown, before the first scan.
DRAWER_FIRST = N_(
    "The cash drawer is not open. Open it first with F3 (Cash drawer): "
    "the shop's settings ask for it before any sale or payment."
)


@dataclass(frozen=True, slots=True)
class CashReport:
    """What an X (session open) or Z (closed) report says."""

    session: cash_repo.SessionRow
    currency: str
    float: Money
    pay_ins: Money
    pay_outs: Money
    sums: cash_repo.SessionSums
    cancelled: int
    counted: Money | None
    closed_by: str | None
    # Written before every sale was in a cash-up, without one: what this Z report reports
    # (for an open session, what it will report if closed now).
    earlier: cash_repo.Backlog = field(default_factory=cash_repo.Backlog)
    # What each promotion saved on the session's sales (part of the discounts): (name, saving).
    promotions: tuple[tuple[str, int], ...] = ()

    def money(self, minor: int) -> Money:
        return Money(minor, self.currency)

    @property
    def expected(self) -> Money:
        """The cash that should be in the drawer: float, cash taken (for sales and for debts
        paid off), paid in, less paid out and cash refunds."""
        cash = (
            self.sums.by_method.get("cash", 0)
            + self.sums.account_payments.get("cash", 0)
            - self.sums.refunded_cash
        )
        return self.float + self.pay_ins - self.pay_outs + self.money(cash)

    @property
    def difference(self) -> Money | None:
        return None if self.counted is None else self.counted - self.expected


class CashService:
    def __init__(self, context: Context, settings: SettingsService) -> None:
        self._ctx = context
        self._settings = settings

    def current(self) -> cash_repo.SessionRow | None:
        """The session open on this computer, if any."""
        return cash_repo.open_session(self._ctx.db, self._ctx.computer)

    def usual_float(self) -> Money:
        """What this computer's last close counted (left in its drawer), else zero: the
        float a new session starts with unless told otherwise."""
        return Money(
            cash_repo.last_counted(self._ctx.db, self._ctx.computer), self._settings.currency()
        )

    def drawer_first(self) -> bool:
        """Whether the shop wants the drawer opened (F3) before any sale or payment."""
        return bool(self._settings.load()[DRAWER_OPENED_FIRST])

    def needs_opening(self) -> bool:
        """Whether the next sale or cash payment on this computer opens a session (and so
        should ask for the float first)."""
        return self.current() is None and not self.drawer_first()

    def open(self, float_amount: Money) -> int:
        """Open the drawer with `float_amount` of change in it."""
        require(self._ctx, Permission.CASH_SESSION)
        self._check_float(float_amount)
        with self._ctx.writing(Area.CASH) as db:
            if cash_repo.open_session(db, self._ctx.computer) is not None:
                raise Conflict(N_("A cash session is already open; close it first."))
            return self._open(db, float_amount)

    def session_for(self, db: Connection, opening_float: Money | None = None) -> int:
        """The session of this computer that an operation taking or giving back money
        belongs to, inside that operation's transaction `db`: the open one, else one opened
        now with `opening_float` (default: what the last close counted), unless the shop
        wants the drawer opened first. The operation's own permission covers the opening."""
        session = cash_repo.open_session(db, self._ctx.computer)
        if session is not None:
            return cash_repo.claim_unnamed(db, session, self._ctx.computer).id
        if self.drawer_first():
            raise Conflict(DRAWER_FIRST)
        if opening_float is None:
            opening_float = self.usual_float()
        self._check_float(opening_float)
        return self._open(db, opening_float)

    def _open(self, db: Connection, float_amount: Money) -> int:
        at, actor = self._ctx.now(), self._ctx.actor_name
        session = cash_repo.insert_session(db, at, actor, self._ctx.computer)
        self._event(db, session, "open", float_amount.minor, "", "")
        return session

    def _check_float(self, float_amount: Money) -> None:
        if float_amount.currency != self._settings.currency():
            raise InvalidInput(N_("Amounts must be in the shop's currency."), field="amount")
        if float_amount.minor < 0:
            raise InvalidInput(N_("The float cannot be negative."), field="amount")

    def move(
        self, amount: Money, reason: str, paid_in: bool, opening_float: Money | None = None
    ) -> None:
        """Money put into (a pay-in) or taken out of (a pay-out) the drawer, with a reason;
        opens the drawer with `opening_float` when it is not open."""
        require(self._ctx, Permission.CASH_SESSION)
        if amount.minor <= 0:
            raise InvalidInput(N_("An amount must be more than zero."), field="amount")
        if not reason.strip():
            raise InvalidInput(N_("Say why the money goes in or out."), field="reason")
        with self._ctx.writing(Area.CASH) as db:
            session = self.session_for(db, opening_float)
            kind = "pay_in" if paid_in else "pay_out"
            self._event(db, session, kind, amount.minor, " ".join(reason.split()), "")

    def report(self, session_id: int | None = None) -> CashReport:
        """The X report of the open session, or the report of session `session_id`."""
        require(self._ctx, Permission.CASH_SESSION)
        db = self._ctx.db
        session = (
            cash_repo.open_session(db, self._ctx.computer)
            if session_id is None
            else cash_repo.get_session(db, session_id)
        )
        if session is None:
            if session_id is None:
                raise Conflict(N_("No cash session is open."))
            raise NotFound(N_("There is no cash session {number}."), number=session_id)
        currency = self._settings.currency()
        events = cash_repo.events(db, session.id)

        def total(kind: str) -> Money:
            return Money(sum(e.amount for e in events if e.kind == kind), currency)

        closing = next((e for e in events if e.kind == "close"), None)
        return CashReport(
            session=session,
            currency=currency,
            float=total("open"),
            pay_ins=total("pay_in"),
            pay_outs=total("pay_out"),
            sums=cash_repo.sums(db, session.id),
            cancelled=cash_repo.cancelled_sales(db, session.opened_at, session.closed_at),
            counted=Money(closing.amount, currency) if closing else None,
            closed_by=closing.actor if closing else None,
            earlier=cash_repo.backlog(db, session.id if closing else None),
            promotions=tuple(
                (saved.name, saved.saving)
                for saved in promotions_repo.saved_in_session(db, session.id)
            ),
        )

    def close(self, counted: Money, counts: dict[int, int] | None = None) -> CashReport:
        """Close the open session with the cash counted (by denomination when `counts`,
        {value in minor units: how many}, is given): the Z report."""
        require(self._ctx, Permission.CASH_SESSION)
        counted = self._counted(counted, counts)
        with self._ctx.writing(Area.CASH) as db:
            report = self.report()
            session = cash_repo.claim_unnamed(db, report.session, self._ctx.computer)
            earlier = report.earlier
            details: dict[str, object] = {
                "expected": report.expected.minor,
                "difference": counted.minor - report.expected.minor,
                "grand_total": report.sums.grand_total,
                "counts": {str(k): v for k, v in sorted((counts or {}).items())},
            }
            if not earlier.empty:  # the journal keeps what this Z report took on
                details["earlier"] = {
                    "sales": earlier.sales,
                    "refunds": earlier.refunds,
                    "payments": earlier.payments,
                }
            cash_repo.claim_backlog(db, session.id)
            text = json.dumps(details, separators=(",", ":"))
            self._event(db, session.id, "close", counted.minor, "", text)
            cash_repo.close_session(db, session.id, self._ctx.now())
        self._ctx.checkpoint()  # the Z report's journal line is now kept outside the file too
        return self.report(report.session.id)

    def _counted(self, counted: Money, counts: dict[int, int] | None) -> Money:
        if counts:
            counted = Money(
                sum(value * number for value, number in counts.items()), counted.currency
            )
        if counted.minor < 0:
            raise InvalidInput(N_("The cash counted cannot be negative."), field="amount")
        return counted

    def _event(
        self, db: Connection, session: int, kind: str, amount: int, reason: str, details: str
    ) -> None:
        ctx = self._ctx
        at, actor, user = ctx.now(), ctx.actor_name, ctx.user_id
        event = cash_repo.add_event(
            db,
            session=session,
            kind=kind,
            amount=amount,
            reason=reason,
            details=details,
            at=at,
            user_id=user,
            actor=actor,
        )
        journal.append(db, journal.CASH_EVENT.kind, event, at, user, actor)

    # -- the printed report -------------------------------------------------------------------

    def report_document(self, session_id: int | None = None) -> ReceiptData:
        """The X or Z report for the receipt roll, in the language on screen."""
        report = self.report(session_id)
        return self._document(report, printed(self._journal_entry(report)))

    def closing_preview(self, counted: Money, counts: dict[int, int] | None = None) -> ReceiptData:
        """The Z report that closing the open session with `counted` would print, to look
        at before closing; nothing is written."""
        require(self._ctx, Permission.CASH_SESSION)
        counted = self._counted(counted, counts)
        report = self.report()
        closing = replace(report.session, closed_at=self._ctx.now(), state="closed")
        return self._document(
            replace(report, session=closing, counted=counted, closed_by=self._ctx.actor_name),
            "…",  # the closing entry's hash is known only once the drawer is closed
        )

    def _document(self, report: CashReport, anchor: str) -> ReceiptData:
        from duka.documents.receipt import ReceiptData

        settings = self._settings.load()
        formats = document_formats(settings)

        def money(amount: Money) -> str:
            return formats.money(amount.amount, amount.currency)

        def when(stamp: str | None) -> str:
            if stamp is None:
                return ""
            return formats.datetime(dt.datetime.fromisoformat(stamp).astimezone(), "short")

        session = report.session
        sums = report.sums
        grand = sums.grand_total
        closed = report.counted is not None
        title = (_("Z report {number}") if closed else _("X report {number}")).format(
            number=shown(session.id)
        )
        meta = [
            _("Opened {time} by {name}").format(
                time=when(session.opened_at), name=shown_actor_name(session.opened_by)
            )
        ]
        if session.computer:
            meta.append(_("Computer: {name}").format(name=session.computer))
        if closed:
            meta.append(
                _("Closed {time} by {name}").format(
                    time=when(session.closed_at), name=shown_actor_name(report.closed_by or "")
                )
            )
        totals = [
            (_("Sales"), str(sums.sales)),
            (_("Sold"), money(report.money(sums.gross))),
            (_("Discounts"), money(report.money(sums.discounts))),
            *(
                (_("of which “{promotion}”").format(promotion=name), money(report.money(saving)))
                for name, saving in report.promotions
            ),
            (
                _("Refunds ({count})").format(count=sums.refunds),
                money(report.money(-sums.refunded)),
            ),
            (_("Cancelled sales"), str(report.cancelled)),
        ]
        taxes = [
            (_("{name} on {net}").format(name=name or code, net=money(report.money(net))),
             money(report.money(tax)))
            for code, name, net, tax in sums.taxes
            if tax
        ]  # fmt: skip
        payments = [
            (_(PaymentMethod(method).label), money(report.money(amount)))
            for method, amount in sums.by_method.items()
        ]
        payments += [
            (
                _("Account payments: {method}").format(method=_(AccountMethod(method).label)),
                money(report.money(amount)),
            )
            for method, amount in sums.account_payments.items()
        ]
        payments += [
            (_("Float"), money(report.float)),
            (_("Paid in"), money(report.pay_ins)),
            (_("Paid out"), money(-report.pay_outs)),
            (_("Cash expected"), money(report.expected)),
        ]
        if report.counted is not None and report.difference is not None:
            payments += [
                (_("Cash counted"), money(report.counted)),
                (_("Difference"), money(report.difference)),
            ]
        earlier = report.earlier
        if not earlier.empty:
            first, last = when(earlier.first), when(earlier.last)
            sold = report.money(earlier.sold)
            # Taken before every sale was in a cash-up: reported here once, apart, and not
            # part of the cash expected in this drawer.
            payments += [
                ("", ""),
                (_("Earlier, in no cash-up"), ""),
                (_("{first} to {last}").format(first=first, last=last), ""),
                (_("Sales ({count})").format(count=earlier.sales), money(sold)),
                (_("of which cash"), money(report.money(earlier.sold_cash))),
                (
                    _("Refunds ({count})").format(count=earlier.refunds),
                    money(report.money(-earlier.refunded)),
                ),
                (_("of which cash"), money(report.money(-earlier.refunded_cash))),
                (
                    _("Account payments in cash ({count})").format(count=earlier.payments),
                    money(report.money(earlier.paid)),
                ),
            ]
        return ReceiptData(
            shop_name=shop_name(settings),
            header=[],
            title=title,
            meta=meta,
            lines=[],
            totals=totals,
            total=(_("Net sales"), money(report.money(sums.gross - sums.refunded))),
            taxes=taxes,
            payments=payments,
            footer=[
                _("Grand total: {amount}").format(amount=money(report.money(grand))),
                # Copied off paper into `duka verify --anchor`, it shows whether the newest
                # records were cut off the file since.
                _("Journal {anchor}").format(anchor=anchor),
            ],
            number=f"Z-{session.id:06d}",
            rtl=right_to_left(),
            width_mm=int(settings[RECEIPT_WIDTH]),
        )

    def _journal_entry(self, report: CashReport) -> journal.Entry | None:
        """A Z report's closing entry in the journal; an X report's newest entry."""
        closing = cash_repo.close_event_id(self._ctx.db, report.session.id)
        if closing is None:
            return journal.head(self._ctx.db)
        return journal.entry_of(self._ctx.db, journal.CASH_EVENT.kind, closing)

    def report_pdf(self, path: Path, session_id: int | None = None) -> None:
        from duka.documents.receipt import write_receipt

        write_receipt(Path(path), self.report_document(session_id))
