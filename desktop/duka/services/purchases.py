"""Purchase orders (from the low-stock list or by hand), receiving against them in parts,
cancelling them, and goods sent back to suppliers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path

from duka.core.access import Permission
from duka.core.audit import AuditAction
from duka.core.changes import Area
from duka.core.errors import Conflict, InvalidInput, NotFound
from duka.core.money import Money
from duka.core.products import check_quantity
from duka.core.purchase_tax import carries_tax, purchase_totals
from duka.core.purchases import (
    NeedsConfirmation,
    OrderLineDraft,
    OrderState,
    PurchaseOrder,
    PurchaseOrderDraft,
    Suggestion,
    SupplierReturn,
    SupplierReturnDraft,
    lines_total,
    orders_from_suggestions,
    over_ordered,
)
from duka.core.quantity import Quantity
from duka.core.settings import LANGUAGE
from duka.core.stock import MovementKind
from duka.core.suppliers import GoodsReceivedDraft, PaymentMethod, ReceivedLine
from duka.documents.tables import write_csv
from duka.i18n import N_, _, speaking
from duka.services.access_rules import require
from duka.services.context import Context
from duka.services.printing import document_formats, page_labels, right_to_left, shop_name
from duka.services.products import ProductService
from duka.services.settings import SettingsService
from duka.services.stock import StockService
from duka.services.suppliers import SupplierService
from duka.services.trail import record
from duka.store import journal, numbering, purchases_repo, stock_repo, suppliers_repo
from duka.store.database import Connection

ORDER_SERIES, ORDER_PREFIX = "purchase_order", "PO-"
RETURN_SERIES, RETURN_PREFIX = "supplier_return", "SR-"
# The stock movement's reason of a supplier return (stored in English, as every reason).
RETURN_REASON = "returned to the supplier: {reason}"


class PurchaseService:
    def __init__(
        self,
        context: Context,
        settings: SettingsService,
        products: ProductService,
        suppliers: SupplierService,
        stock: StockService,
    ) -> None:
        self._ctx = context
        self._settings = settings
        self._products = products
        self._suppliers = suppliers
        self._stock = stock

    # -- reading ----------------------------------------------------------------------------

    def orders(self, supplier_id: int | None = None) -> list[PurchaseOrder]:
        return purchases_repo.orders(self._ctx.db, self._settings.currency(), supplier_id)

    def get(self, order_id: int) -> PurchaseOrder:
        found = purchases_repo.order(self._ctx.db, order_id, self._settings.currency())
        if found is None:
            raise NotFound(N_("There is no purchase order number {id}."), id=order_id)
        return found

    def find(self, number: str) -> PurchaseOrder:
        order_id = purchases_repo.order_id(self._ctx.db, number.strip().upper())
        if order_id is None:
            raise NotFound(N_("There is no purchase order {number}."), number=number)
        return self.get(order_id)

    def returns(self) -> list[SupplierReturn]:
        return purchases_repo.returns(self._ctx.db, self._settings.currency())

    def delivered_by(self, supplier_id: int) -> list[int]:
        """The products a supplier has brought, the latest first: what an order to it
        usually holds."""
        return purchases_repo.delivered_by(self._ctx.db, supplier_id)

    def suggestions(self) -> list[Suggestion]:
        """The low-stock list's products, how much of each to order, at its cost now, from
        the supplier who last delivered it (None for a product never delivered)."""
        lines = self._stock.low_stock()
        ids = [line.product.id for line in lines]
        suppliers = purchases_repo.last_suppliers(self._ctx.db, ids)
        currency = self._settings.currency()
        return [
            Suggestion(
                line.product.id,
                line.product.name,
                line.suggested,
                line.product.cost_price or Money.zero(currency),
                suppliers.get(line.product.id),
            )
            for line in lines
            if line.suggested.milli > 0
        ]

    # -- ordering ---------------------------------------------------------------------------

    def create(self, draft: PurchaseOrderDraft) -> str:
        """Place one order by hand; returns its number."""
        return self.place([draft])[0]

    def from_low_stock(
        self, default_supplier: int | None, suppliers: Mapping[int, int] | None = None
    ) -> list[str]:
        """One order per supplier from the low-stock list's suggestions: each product to the
        supplier chosen for it (`suppliers`), else the one who last delivered it, else
        `default_supplier`; returns the orders' numbers."""
        chosen = suppliers or {}
        items = [
            Suggestion(
                s.product_id,
                s.name,
                s.quantity,
                s.unit_cost,
                chosen.get(s.product_id, s.supplier_id),
            )
            for s in self.suggestions()
        ]
        grouped = orders_from_suggestions(items, default_supplier)
        if not grouped:
            raise InvalidInput(N_("Nothing is low on stock with a supplier to order from."))
        return self.place([PurchaseOrderDraft(s, lines) for s, lines in grouped.items()])

    def place(self, drafts: Sequence[PurchaseOrderDraft]) -> list[str]:
        """Place orders in one transaction; returns their numbers."""
        require(self._ctx, Permission.MANAGE_SUPPLIERS)
        currency = self._settings.currency()
        checked = [draft.checked() for draft in drafts]
        for draft in checked:
            supplier = self._suppliers.get(draft.supplier_id)
            if not supplier.active:
                raise InvalidInput(
                    N_("{name} is no longer an active supplier."), name=supplier.name
                )
            self._check_lines(draft.lines, currency)
        numbers = []
        with self._ctx.writing(Area.PURCHASES) as db:
            at, actor, user = self._ctx.now(), self._ctx.actor_name, self._ctx.user_id
            for draft in checked:
                number = numbering.next_fixed(db, ORDER_SERIES, ORDER_PREFIX, 6)
                total = lines_total(draft.lines, currency)
                order_id = purchases_repo.insert_order(
                    db,
                    number=number,
                    supplier_id=draft.supplier_id,
                    note=draft.note,
                    lines=draft.lines,
                    total=total.minor,
                    at=at,
                    user_id=user,
                    actor=actor,
                )
                journal.append(db, journal.PURCHASE_ORDER.kind, order_id, at, user, actor)
                record(
                    self._ctx,
                    AuditAction.PURCHASE_ORDERED,
                    number,
                    after={
                        "supplier": self._suppliers.get(draft.supplier_id).name,
                        "lines": len(draft.lines),
                        "total": str(total),
                    },
                )
                numbers.append(number)
        return numbers

    def _check_lines(self, lines: Sequence[OrderLineDraft], currency: str) -> None:
        for line in lines:
            if line.unit_cost.currency != currency:
                raise InvalidInput(N_("Amounts must be in the shop's currency."))
            product = self._products.stocked(line.product_id)
            check_quantity(line.quantity, product.draft.unit)

    # -- receiving --------------------------------------------------------------------------

    def receive(
        self,
        order_id: int,
        lines: Sequence[ReceivedLine],
        *,
        reference: str = "",
        paid: bool = False,
        method: PaymentMethod = PaymentMethod.CASH,
        confirmed: bool = False,
    ) -> str:
        """Receive (part of) an order: a delivery of the supplier, as any other, linked to
        the order, in one transaction; returns the delivery's number. More than was ordered
        is refused unless `confirmed`."""
        require(self._ctx, Permission.RECEIVE_STOCK)
        order = self.get(order_id)
        if order.state is OrderState.CANCELLED:
            raise Conflict(N_("Order {number} was cancelled."), number=order.number)
        lines = [line for line in lines if line.quantity.milli]
        if not lines:
            raise InvalidInput(N_("Enter what came, on at least one line."), field="lines")
        quantities: dict[int, Quantity] = {}
        for line in lines:
            quantities[line.product_id] = quantities.get(line.product_id, Quantity(0)) + (
                line.quantity
            )
        ordered = {line.product_id: line.ordered for line in order.lines}
        received = {line.product_id: line.received for line in order.lines}
        over = over_ordered(quantities, ordered, received)
        if over and not confirmed:
            names = ", ".join(self._products.get(product_id).name for product_id in over)
            raise NeedsConfirmation(
                N_("More than was ordered on {number}: {names}. Receive it anyway?"),
                number=order.number,
                names=names,
            )
        bought = [line.bought for line in lines]
        draft = GoodsReceivedDraft(
            order.supplier_id,
            tuple(lines),
            paid=paid,
            method=method,
            # The order's number stands for a missing reference, but not for the number of
            # the tax invoice that the tax is claimed back on.
            reference=reference.strip() or ("" if carries_tax(bought) else order.number),
        )
        with self._ctx.writing(Area.PURCHASES) as db:
            number = self._suppliers.receive(draft)
            at = self._ctx.now()
            link = purchases_repo.link_receipt(
                db, order.id, purchases_repo.receipt_id(db, number), at
            )
            journal.append(
                db,
                journal.PURCHASE_ORDER_RECEIPT.kind,
                link,
                at,
                self._ctx.user_id,
                self._ctx.actor_name,
            )
        return number

    def cancel(self, order_id: int, reason: str) -> None:
        """Cancel what is still to come of an order, with a reason."""
        require(self._ctx, Permission.MANAGE_SUPPLIERS)
        reason = " ".join(reason.split())
        if not reason:
            raise InvalidInput(N_("Please say why the order is cancelled."), field="reason")
        order = self.get(order_id)
        if order.state is OrderState.CANCELLED:
            raise Conflict(N_("Order {number} was already cancelled."), number=order.number)
        if order.state is OrderState.RECEIVED:
            raise Conflict(N_("Order {number} was received in full."), number=order.number)
        with self._ctx.writing(Area.PURCHASES) as db:
            at, actor, user = self._ctx.now(), self._ctx.actor_name, self._ctx.user_id
            row = purchases_repo.insert_cancellation(db, order.id, reason, at, user, actor)
            journal.append(db, journal.PURCHASE_ORDER_CANCELLATION.kind, row, at, user, actor)
            record(
                self._ctx,
                AuditAction.PURCHASE_ORDER_CANCELLED,
                order.number,
                before=order.state.value,
                after={"reason": reason},
            )

    # -- returns ----------------------------------------------------------------------------

    def return_goods(self, draft: SupplierReturnDraft, confirmed: bool = False) -> str:
        """Send goods back to a supplier: the stock leaves and what the shop owes the
        supplier goes down by their cost, in one transaction; returns the return's number.
        More than is on hand is refused unless `confirmed`."""
        require(self._ctx, Permission.RECEIVE_STOCK)
        require(self._ctx, Permission.ADJUST_STOCK)
        checked = draft.checked()
        currency = self._settings.currency()
        supplier = self._suppliers.get(checked.supplier_id)
        self._check_lines(checked.lines, currency)
        # Goods sent back reverse the input tax they were bought with: the supplier credits
        # the tax too.
        totals = purchase_totals(
            [line.bought for line in checked.lines], self._suppliers.tax_rates(), currency
        )
        with self._ctx.writing(Area.PURCHASES, Area.STOCK, Area.SUPPLIERS) as db:
            short = [
                self._products.get(line.product_id).name
                for line in checked.lines
                if line.quantity.milli > stock_repo.level(db, line.product_id).milli
            ]
            if short and not confirmed:
                raise NeedsConfirmation(
                    N_("More than is on hand: {names}. Send it back anyway?"),
                    names=", ".join(short),
                )
            at, actor, user = self._ctx.now(), self._ctx.actor_name, self._ctx.user_id
            number = numbering.next_fixed(db, RETURN_SERIES, RETURN_PREFIX, 6)
            total = totals.gross
            return_id = purchases_repo.insert_return(
                db,
                number=number,
                supplier_id=supplier.id,
                reason=checked.reason,
                lines=checked.lines,
                totals=totals,
                at=at,
                user_id=user,
                actor=actor,
            )
            self._take_out(db, checked, number, at)
            suppliers_repo.add_ledger(
                db,
                supplier_id=supplier.id,
                kind="adjustment",
                amount=-total.minor,
                document=number,
                note=checked.reason,
                at=at,
                user_id=user,
                actor=actor,
            )
            journal.append(db, journal.SUPPLIER_RETURN.kind, return_id, at, user, actor)
            record(
                self._ctx,
                AuditAction.SUPPLIER_RETURN,
                number,
                after={
                    "supplier": supplier.name,
                    "total": str(total),
                    "reason": checked.reason,
                    **({"tax": str(totals.tax)} if totals.tax else {}),
                },
            )
        return number

    def _take_out(self, db: Connection, draft: SupplierReturnDraft, number: str, at: str) -> None:
        reason = RETURN_REASON.format(reason=draft.reason)
        for line in draft.lines:
            stock_repo.add_movement(
                db,
                product_id=line.product_id,
                kind=MovementKind.ADJUST,
                quantity=-line.quantity,
                unit_cost=line.unit_cost.minor,
                reason=reason,
                document=number,
                at=at,
                user_id=self._ctx.user_id,
                actor=self._ctx.actor_name,
            )

    # -- documents --------------------------------------------------------------------------

    def pdf(self, order_id: int, path: Path, language: str | None = None) -> int:
        """The order to send the supplier, in `language`, else the supplier's, else the
        shop's; returns its pages."""
        from duka.documents.purchase_order import (  # reportlab only when printing
            OrderDocument,
            OrderItem,
            OrderTitles,
            write_purchase_order,
        )

        require(self._ctx, Permission.RECEIVE_STOCK)  # what the shop buys, and at what cost
        order = self.get(order_id)
        supplier = self._suppliers.get(order.supplier_id)
        settings = self._settings.load()
        with speaking(language or supplier.language or str(settings[LANGUAGE])):
            formats = document_formats(settings)

            def money(amount: Money) -> str:
                return formats.money(amount.amount, amount.currency)

            day = dt.datetime.fromisoformat(order.at).astimezone().date()
            document = OrderDocument(
                shop_name=shop_name(settings),
                number=order.number,
                date=formats.date(day, "long"),
                supplier=supplier.name,
                supplier_phone=supplier.phone,
                supplier_tax_id=supplier.tax_id,
                note=order.note,
                state=_(order.state.label) if order.state is OrderState.CANCELLED else "",
                items=[
                    OrderItem(
                        name=line.name,
                        quantity=formats.quantity(line.ordered.value),
                        unit=_(line.unit.label),
                        unit_cost=money(line.unit_cost),
                        total=money(line.total),
                    )
                    for line in order.lines
                ],
                total=money(order.total),
            )
            titles = OrderTitles(
                title=_("Purchase order {number}").format(number=order.number),
                supplier=_("Supplier"),
                phone=_("Phone"),
                tax_id=_("Tax number"),
                date=_("Date"),
                note=_("Note"),
                product=_("Product"),
                quantity=_("Quantity"),
                unit=_("Unit"),
                unit_cost=_("Unit cost"),
                total=_("Total"),
                grand_total=_("Total {amount}"),
            )
            return write_purchase_order(
                Path(path),
                document,
                titles=titles,
                page_label=page_labels(formats),
                right_to_left=right_to_left(),
            )

    def export(self, path: Path) -> int:
        """Every order as CSV (ISO dates, '.' decimals); returns how many."""
        require(self._ctx, Permission.EXPORT_DATA)
        orders = self.orders()
        write_csv(
            Path(path),
            ["number", "supplier", "state", "ordered_at", "lines", "total", "still_to_come"],
            (
                [
                    order.number,
                    order.supplier_name,
                    order.state.value,
                    order.at,
                    str(len(order.lines)),
                    str(order.total.amount),
                    str(order.still_to_come.amount),
                ]
                for order in orders
            ),
        )
        record(
            self._ctx, AuditAction.EXPORT, Path(path).name, after={"purchase_orders": len(orders)}
        )
        return len(orders)
