"""Suppliers, receiving their deliveries, and paying what is owed to them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from duka.core.access import Permission
from duka.core.audit import AuditAction
from duka.core.batches import local_day
from duka.core.changes import Area
from duka.core.errors import InvalidInput, NotFound
from duka.core.money import Money
from duka.core.products import check_quantity
from duka.core.purchase_tax import check_invoice_number
from duka.core.quantity import Quantity
from duka.core.settings import TAX_RATES
from duka.core.stock import MovementKind, moving_average
from duka.core.suppliers import (
    GoodsReceived,
    GoodsReceivedDraft,
    PaymentMethod,
    Statement,
    Supplier,
    SupplierDraft,
)
from duka.core.tax import TaxRate
from duka.i18n import N_, _
from duka.services.access_rules import require
from duka.services.batches import received_batch
from duka.services.context import Context
from duka.services.printing import (
    document_formats,
    page_labels,
    period_text,
    right_to_left,
    shop_name,
)
from duka.services.products import ProductService
from duka.services.settings import SettingsService
from duka.services.trail import record
from duka.store import journal, numbering, products_repo, stock_repo, suppliers_repo
from duka.store.database import Connection


class SupplierService:
    def __init__(
        self, context: Context, settings: SettingsService, products: ProductService
    ) -> None:
        self._ctx = context
        self._settings = settings
        self._products = products

    # -- suppliers ------------------------------------------------------------------------

    def add(self, draft: SupplierDraft) -> int:
        require(self._ctx, Permission.MANAGE_SUPPLIERS)
        checked = draft.checked()
        with self._ctx.writing(Area.SUPPLIERS) as db:
            supplier_id = suppliers_repo.insert_supplier(
                db, checked, self._ctx.now(), self._ctx.actor_name
            )
            record(
                self._ctx,
                AuditAction.SUPPLIER_CHANGED,
                f"supplier {supplier_id}: {checked.name}",
                after={"name": checked.name, "phone": checked.phone},
            )
            return supplier_id

    def update(self, supplier_id: int, draft: SupplierDraft, active: bool = True) -> None:
        require(self._ctx, Permission.MANAGE_SUPPLIERS)
        before = self.get(supplier_id)
        checked = draft.checked()
        with self._ctx.writing(Area.SUPPLIERS) as db:
            suppliers_repo.update_supplier(
                db, supplier_id, checked, active, self._ctx.now(), self._ctx.actor_name
            )
            record(
                self._ctx,
                AuditAction.SUPPLIER_CHANGED,
                f"supplier {supplier_id}: {checked.name}",
                before={"name": before.name, "phone": before.phone, "active": before.active},
                after={"name": checked.name, "phone": checked.phone, "active": active},
            )

    def get(self, supplier_id: int) -> Supplier:
        found = suppliers_repo.supplier(self._ctx.db, supplier_id, self._settings.currency())
        if found is None:
            raise NotFound(N_("There is no supplier number {id}."), id=supplier_id)
        return found

    def suppliers(self, active_only: bool = False) -> list[Supplier]:
        return suppliers_repo.suppliers(self._ctx.db, self._settings.currency(), active_only)

    def tax_rates(self) -> tuple[TaxRate, ...]:
        """The rates what the shop buys may carry: none when it is not registered for tax
        (then it claims no tax back, and its costs are what it paid)."""
        rates: tuple[TaxRate, ...] = self._settings.load()[TAX_RATES]
        return rates

    def deliveries(self, supplier_id: int) -> list[GoodsReceived]:
        return suppliers_repo.deliveries(self._ctx.db, supplier_id, self._settings.currency())

    # -- receiving ------------------------------------------------------------------------

    def receive(self, draft: GoodsReceivedDraft) -> str:
        """Record a delivery in one transaction: the document, stock coming in, each
        product's cost moving to the weighted average, and what is owed (or paid)."""
        require(self._ctx, Permission.RECEIVE_STOCK)
        if draft.paid:
            require(self._ctx, Permission.PAY_SUPPLIERS)
        checked = draft.checked()
        currency = self._settings.currency()
        supplier = self.get(checked.supplier_id)
        if not supplier.active:
            raise InvalidInput(N_("{name} is no longer an active supplier."), name=supplier.name)
        for line in checked.lines:
            if line.unit_cost.currency != currency:
                raise InvalidInput(N_("Amounts must be in the shop's currency."))
            product = self._products.stocked(line.product_id)
            check_quantity(line.quantity, product.draft.unit, N_("A received quantity"))
        totals = checked.totals(self.tax_rates(), currency)
        check_invoice_number(totals, checked.reference)
        today = local_day(self._ctx.clock())
        with self._ctx.writing(Area.STOCK, Area.SUPPLIERS, Area.PRODUCTS) as db:
            at, actor, user = self._ctx.now(), self._ctx.actor_name, self._ctx.user_id
            batch_ids = [  # checked before anything else is written
                received_batch(
                    db,
                    line.product_id,
                    self._products.get(line.product_id).name,
                    line.batch,
                    line.expiry,
                    today,
                    at,
                    actor,
                )
                for line in checked.lines
            ]
            number = numbering.next_fixed(db, "goods_received", "GRN-", 5)
            receipt_id = suppliers_repo.insert_goods_received(
                db, checked, totals, number, at, user, actor
            )
            for line, batch_id in zip(checked.lines, batch_ids, strict=True):
                self._receive_line(
                    db,
                    line.product_id,
                    line.quantity,
                    line.unit_cost,
                    number,
                    at,
                    user,
                    actor,
                    currency,
                    batch_id,
                )
            total = totals.gross  # what the supplier is owed: with the tax
            suppliers_repo.add_ledger(
                db,
                supplier_id=supplier.id,
                kind="received",
                amount=total.minor,
                document=number,
                note=checked.reference,
                at=at,
                user_id=user,
                actor=actor,
            )
            journal.append(db, journal.GOODS_RECEIVED.kind, receipt_id, at, user, actor)
            record(
                self._ctx,
                AuditAction.GOODS_RECEIVED,
                number,
                after={
                    "supplier": supplier.name,
                    "total": str(total),
                    "paid": checked.paid,
                    **({"tax": str(totals.tax)} if totals.tax else {}),
                },
            )
            if checked.paid:
                self._pay(
                    db, supplier, total, checked.method, f"{number} {checked.reference}".strip()
                )
        return number

    def _receive_line(
        self,
        db: Connection,
        product_id: int,
        quantity: Quantity,
        unit_cost: Money,
        number: str,
        at: str,
        user: int | None,
        actor: str,
        currency: str,
        batch_id: int | None = None,
    ) -> None:
        product = products_repo.get_product(db, product_id, currency)
        assert product is not None
        on_hand = stock_repo.level(db, product_id)
        new_cost = moving_average(on_hand, product.draft.cost_price, quantity, unit_cost)
        stock_repo.add_movement(
            db,
            product_id=product_id,
            kind=MovementKind.RECEIVE,
            quantity=quantity,
            unit_cost=unit_cost.minor,
            reason="",
            document=number,
            at=at,
            user_id=user,
            actor=actor,
            batch_id=batch_id,
        )
        if new_cost != product.draft.cost_price:
            products_repo.set_cost(db, product_id, new_cost.minor, at, actor)

    # -- paying -----------------------------------------------------------------------------

    def pay(
        self, supplier_id: int, amount: Money, method: PaymentMethod, reference: str = ""
    ) -> str:
        """Pay all or part of what is owed to a supplier; returns the payment's number."""
        require(self._ctx, Permission.PAY_SUPPLIERS)
        supplier = self.get(supplier_id)
        if amount.currency != self._settings.currency():
            raise InvalidInput(N_("Amounts must be in the shop's currency."))
        if amount.minor <= 0:
            raise InvalidInput(N_("A payment must be more than zero."), field="amount")
        with self._ctx.writing(Area.SUPPLIERS, Area.CASH) as db:
            owed = Money(suppliers_repo.owed(db, supplier_id), amount.currency)
            if amount > owed:
                raise InvalidInput(
                    N_("{amount} is more than the {owed} owed to {name}."),
                    field="amount",
                    amount=str(amount),
                    owed=str(owed),
                    name=supplier.name,
                )
            return self._pay(db, supplier, amount, method, reference)

    def _pay(
        self,
        db: Connection,
        supplier: Supplier,
        amount: Money,
        method: PaymentMethod,
        reference: str,
    ) -> str:
        at, actor, user = self._ctx.now(), self._ctx.actor_name, self._ctx.user_id
        number = numbering.next_fixed(db, "supplier_payment", "PAY-", 5)
        payment_id = suppliers_repo.insert_payment(
            db,
            number=number,
            supplier_id=supplier.id,
            amount=amount.minor,
            method=method,
            reference=reference.strip(),
            at=at,
            user_id=user,
            actor=actor,
        )
        suppliers_repo.add_ledger(
            db,
            supplier_id=supplier.id,
            kind="payment",
            amount=-amount.minor,
            document=number,
            note=reference.strip(),
            at=at,
            user_id=user,
            actor=actor,
        )
        journal.append(db, journal.SUPPLIER_PAYMENT.kind, payment_id, at, user, actor)
        record(
            self._ctx,
            AuditAction.SUPPLIER_PAID,
            number,
            after={"supplier": supplier.name, "amount": str(amount), "method": method.value},
        )
        return number

    def statement(
        self, supplier_id: int, since: str | None = None, until: str | None = None
    ) -> Statement:
        """A supplier's account for a period: what was owed before it, every delivery and
        payment in it with the running balance, and what is owed at its end."""
        require(self._ctx, Permission.PAY_SUPPLIERS)
        supplier = self.get(supplier_id)
        opening, entries = suppliers_repo.ledger(
            self._ctx.db, supplier_id, self._settings.currency(), since, until
        )
        closing = entries[-1].balance if entries else opening
        return Statement(supplier, since, until, opening, tuple(entries), closing)

    def statement_pdf(
        self, supplier_id: int, since: str | None, until: str | None, path: Path
    ) -> int:
        """The statement to send or print, in the language on screen; returns its pages."""
        from duka.documents.stock_lists import (  # reportlab only when printing
            AccountStatement,
            StatementEntry,
            StatementTitles,
            write_statement,
        )

        found = self.statement(supplier_id, since, until)
        settings = self._settings.load()
        formats = document_formats(settings)

        def money(amount: Money) -> str:
            return formats.money(amount.amount, amount.currency)

        def day(stamp: str) -> str:
            return formats.date(dt.datetime.fromisoformat(stamp).astimezone().date(), "short")

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
                description=" ".join(
                    (_("Delivery") if entry.kind == "received" else _("Payment"), entry.note)
                ).strip(),
                amount=money(entry.amount),
                balance=money(entry.balance),
            )
            for entry in found.entries
        ]
        statement = AccountStatement(
            shop_name=shop_name(settings),
            party_name=found.supplier.name,
            period=period_text(first, day(last_moment)),
            opening_balance=money(found.opening),
            closing_balance=money(found.closing),
            entries=entries,
            party_phone=found.supplier.phone,
            party_tax_id=found.supplier.tax_id,
        )
        titles = StatementTitles(
            title=_("Supplier statement"),
            party=_("Supplier"),
            phone=_("Phone"),
            tax_id=_("Tax number"),
            period=_("Period"),
            opening_balance=_("Owed at the start"),
            closing_balance=_("Owed at the end"),
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
