"""Returns: goods coming back from a past sale, refunded by a document of their own."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from duka.core.access import Approval, Permission
from duka.core.audit import AuditAction
from duka.core.changes import Area
from duka.core.errors import InvalidInput, NotFound
from duka.core.ledger import EntryKind
from duka.core.money import Money
from duka.core.numbering import fixed_number
from duka.core.quantity import Quantity
from duka.core.returns import ReturnedLine, SoldLine, plan_return, refund_totals
from duka.core.sale import PaymentMethod
from duka.core.settings import REFUND_LIMIT, TAX_RATES
from duka.core.stock import MovementKind
from duka.core.tax import DocumentTotals, TaxMode, TaxRate
from duka.core.tills import FIRST_TILL
from duka.i18n import N_
from duka.services.access_rules import allowed, require
from duka.services.batches import return_parts
from duka.services.cash import CashService
from duka.services.clock import stamp
from duka.services.context import Context
from duka.services.settings import SettingsService
from duka.services.trail import record
from duka.store import (
    journal,
    ledger_repo,
    numbering,
    refunds_repo,
    sales_repo,
    stock_repo,
    summaries,
)
from duka.store.database import Connection

REFUND_SERIES = "refund"


REFUND_PREFIX = "R-"


def refund_number(sequence: int, till: int = FIRST_TILL) -> str:
    return fixed_number(REFUND_PREFIX, sequence, 6, till)


@dataclass(frozen=True, slots=True)
class SaleForReturn:
    sale_id: int
    number: str
    at: str
    customer_id: int | None
    mode: TaxMode
    currency: str
    lines: tuple[SoldLine, ...]
    methods: tuple[PaymentMethod, ...]  # how the sale was paid

    @property
    def original_method(self) -> PaymentMethod:
        """The way to pay back: the sale's own method when it had one, else cash."""
        return self.methods[0] if len(self.methods) == 1 else PaymentMethod.CASH


@dataclass(frozen=True, slots=True)
class SaleFound:
    number: str
    at: str
    total: Money
    customer: str | None


@dataclass(frozen=True, slots=True)
class RefundPlan:
    sale: SaleForReturn
    lines: tuple[ReturnedLine, ...]
    totals: DocumentTotals

    @property
    def total(self) -> Money:
        return self.totals.gross


@dataclass(frozen=True, slots=True)
class RefundDone:
    id: int
    number: str
    total: Money


class ReturnService:
    def __init__(self, context: Context, settings: SettingsService, cash: CashService) -> None:
        self._ctx = context
        self._settings = settings
        self._cash = cash

    def find(self, number: str) -> SaleForReturn:
        """A past sale by its number (typed, or scanned from its receipt's barcode)."""
        require(self._ctx, Permission.RETURN_GOODS)
        db = self._ctx.db
        sale_id = sales_repo.sale_id(db, number.strip().upper())
        header = sales_repo.header(db, sale_id) if sale_id is not None else None
        if sale_id is None or header is None:
            raise NotFound(N_("There is no sale number {number}."), number=number.strip())
        taxes = {t.tax_code: t for t in sales_repo.taxes(db, sale_id)}
        rates = {rate.code: rate for rate in self._settings.load()[TAX_RATES]}
        currency = header.currency

        def rate_of(code: str | None) -> TaxRate | None:
            if code is None:
                return None
            sold = taxes.get(code)
            if sold is not None:  # the rate as it was on the day of the sale
                return TaxRate(code, sold.name, Decimal(sold.percent), sold.exempt)
            return rates.get(code)

        lines = tuple(
            SoldLine(
                line_id=row.line_id,
                product_id=row.product_id,
                name=row.name,
                quantity=Quantity(row.quantity),
                amount=Money(row.amount, currency),
                rate=rate_of(row.tax_code),
                returned=Quantity(row.returned),
                refunded=Money(row.refunded, currency),
            )
            for row in refunds_repo.returnable(db, sale_id)
        )
        methods = tuple(
            dict.fromkeys(PaymentMethod(p.method) for p in sales_repo.payments(db, sale_id))
        )
        return SaleForReturn(
            sale_id,
            header.number,
            header.at,
            header.customer_id,
            TaxMode(header.mode),
            currency,
            lines,
            methods,
        )

    def find_sales(self, text: str, day: dt.date | None = None, limit: int = 50) -> list[SaleFound]:
        """Past sales for a return when the receipt is lost: those of a day (local date), or
        of the customers whose name or phone holds `text`; newest first."""
        require(self._ctx, Permission.RETURN_GOODS)
        currency = self._settings.currency()
        if day is not None:
            start = dt.datetime.combine(day, dt.time()).astimezone()
            rows = sales_repo.sales_between(
                self._ctx.db, stamp(start), stamp(start + dt.timedelta(days=1)), limit
            )
        else:
            text = " ".join(text.split())
            rows = sales_repo.sales_of_customers(self._ctx.db, text, limit) if text else []
        return [SaleFound(n, at, Money(gross, currency), who) for n, at, gross, who in rows]

    def refund(
        self,
        number: str,
        wanted: dict[int, tuple[Quantity, bool]],
        method: PaymentMethod,
        reason: str = "",
        approval: Approval | None = None,
        reference: str = "",
        opening_float: Money | None = None,
    ) -> RefundDone:
        """Take back `wanted` ({sale line id: (quantity, restock)}) of sale `number` and pay
        it back by `method`, in one transaction: the refund document, the stock coming back
        (or written off), and its journal entry. It belongs to this computer's cash session,
        opened now with `opening_float` (default: the last close's count) if need be."""
        require(self._ctx, Permission.RETURN_GOODS, approval)
        plan = self.plan(number, wanted, approval)
        if method is PaymentMethod.ACCOUNT and plan.sale.customer_id is None:
            raise InvalidInput(N_("Only a sale to a named customer can be refunded to an account."))
        with self._ctx.writing(Area.SALES, Area.STOCK, Area.CASH, Area.CUSTOMERS) as db:
            return self.write(
                db, plan, [(method, plan.total, reference)], reason, approval, opening_float
            )

    def plan(
        self,
        number: str,
        wanted: dict[int, tuple[Quantity, bool]],
        approval: Approval | None = None,
    ) -> RefundPlan:
        """What taking back `wanted` of sale `number` refunds; refused (and nothing kept)
        when it is more than can come back or above the cashiers' limit without approval."""
        require(self._ctx, Permission.RETURN_GOODS, approval)
        sale = self.find(number)
        planned = plan_return(sale.lines, wanted)
        totals = refund_totals(planned, sale.mode, sale.currency)
        if self._over_limit(totals.gross):
            require(self._ctx, Permission.BIG_REFUNDS, approval)
        return RefundPlan(sale, tuple(planned), totals)

    def needs_approval(self, number: str, wanted: dict[int, tuple[Quantity, bool]]) -> bool:
        """Whether refunding `wanted` goes beyond what the signed-in user may give alone."""
        if allowed(self._ctx, Permission.BIG_REFUNDS):
            return False
        sale = self.find(number)
        planned = plan_return(sale.lines, wanted)
        return self._over_limit(refund_totals(planned, sale.mode, sale.currency).gross)

    def _over_limit(self, total: Money) -> bool:
        limit = int(self._settings.load()[REFUND_LIMIT])
        return bool(limit) and total > Money.of(limit, total.currency)

    def write(
        self,
        db: Connection,
        plan: RefundPlan,
        payments: list[tuple[PaymentMethod, Money, str]],
        reason: str = "",
        approval: Approval | None = None,
        opening_float: Money | None = None,
    ) -> RefundDone:
        """Write `plan` in the caller's transaction: the refund paid back as `payments`
        ((method, amount, reference), adding up to its total), the stock coming back (or
        written off) and its journal entry."""
        sale, planned, totals = plan.sale, plan.lines, plan.totals
        at, actor, user = self._ctx.now(), self._ctx.actor_name, self._ctx.user_id
        # Read again inside the transaction: another till may have taken some back.
        fresh = {row.line_id: row for row in refunds_repo.returnable(db, sale.sale_id)}
        for item in planned:
            if fresh[item.line.line_id].returned != item.line.returned.milli:
                raise InvalidInput(N_("This sale changed meanwhile; open it again."))
        refund_no = numbering.next_fixed(db, REFUND_SERIES, REFUND_PREFIX, 6)
        refund_id = refunds_repo.insert_refund(
            db,
            number=refund_no,
            sale_id=sale.sale_id,
            at=at,
            user_id=user,
            actor=actor,
            currency=sale.currency,
            mode=sale.mode.value,
            totals=(totals.net.minor, totals.tax.minor, totals.gross.minor),
            reason=reason.strip(),
            approved_by=approval.approver_name if approval is not None else None,
            lines=[
                refunds_repo.RefundLineRow(
                    item.line.line_id,
                    item.line.product_id,
                    item.quantity.milli,
                    item.amount.minor,
                    item.restock,
                )
                for item in planned
            ],
            taxes=totals.by_rate,
            payments=[
                (method.value, amount.minor, "", reference.strip())
                for method, amount, reference in payments
                if amount.minor
            ],
            session_id=self._cash.session_for(db, opening_float),
        )
        summaries.add_refund(db, refund_id)
        for item in planned:
            self._move_stock(db, item, fresh[item.line.line_id].unit_cost, refund_no, sale)
        journal.append(db, journal.REFUND.kind, refund_id, at, user, actor)
        to_account = sum(a.minor for m, a, _r in payments if m is PaymentMethod.ACCOUNT)
        if to_account and sale.customer_id is not None:
            ledger_repo.post(
                db,
                ledger_repo.NewEntry(
                    sale.customer_id,
                    EntryKind.REFUND.value,
                    -to_account,
                    refund_no,
                    at=at,
                    user_id=user,
                    actor=actor,
                ),
                picked=ledger_repo.open_debt_of(db, sale.customer_id, sale.number),
            )
        record(
            self._ctx,
            AuditAction.REFUND,
            refund_no,
            after={
                "sale": sale.number,
                "total": str(totals.gross),
                "methods": [method.value for method, _amount, _ref in payments],
            },
            approval=approval,
        )
        return RefundDone(refund_id, refund_no, totals.gross)

    def _move_stock(
        self, db: Connection, item: ReturnedLine, unit_cost: int, number: str, sale: SaleForReturn
    ) -> None:
        """The goods back on the shelf, into the batches the sale took them from, or written
        off when they cannot be sold again."""
        ctx = self._ctx
        at, actor, user = ctx.now(), ctx.actor_name, ctx.user_id
        product_id = item.line.product_id
        for batch_id, quantity in return_parts(
            db, sale.number, sale.sale_id, product_id, item.quantity
        ):
            stock_repo.add_movement(
                db,
                product_id=product_id,
                kind=MovementKind.RETURN,
                quantity=quantity,
                unit_cost=unit_cost,
                reason="",
                document=number,
                at=at,
                user_id=user,
                actor=actor,
                batch_id=batch_id,
            )
            if not item.restock:  # it came back, but cannot be sold again
                stock_repo.add_movement(
                    db,
                    product_id=product_id,
                    kind=MovementKind.WRITE_OFF,
                    quantity=-quantity,
                    unit_cost=unit_cost,
                    reason="returned damaged",
                    document=number,
                    at=at,
                    user_id=user,
                    actor=actor,
                    batch_id=batch_id,
                )
