"""Selling at the counter: what a scan is, approvals, and completing a sale in one
transaction (the cart kept as it is built and parking are services/carts.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from duka.core.access import Approval, ApprovalNeeded, Permission
from duka.core.audit import AuditAction
from duka.core.batches import local_day
from duka.core.changes import Area
from duka.core.currency import cash_step
from duka.core.errors import InvalidInput, NotFound
from duka.core.ledger import EntryKind, credit_needed
from duka.core.money import Money
from duka.core.numbering import fixed_number
from duka.core.pricing import RETAIL_PRICE
from duka.core.products import Product
from duka.core.quantity import Quantity
from duka.core.sale import (
    Cart,
    CartLine,
    CompletedSale,
    Payment,
    PaymentMethod,
    Tender,
    settle,
)
from duka.core.scale import ScaleValue, read_scale_code
from duka.core.settings import CURRENCY, DISCOUNT_LIMIT, SCALE_BARCODES, TAX_RATES, ShopSettings
from duka.core.stock import MovementKind
from duka.core.tills import FIRST_TILL
from duka.i18n import N_
from duka.services.access_rules import allowed, expired_approved, require
from duka.services.batches import SaleMoves, sale_moves
from duka.services.carts import new_cart
from duka.services.context import Context
from duka.services.products import ProductService
from duka.services.settings import SettingsService
from duka.services.trail import record
from duka.store import (
    carts_repo,
    customers_repo,
    journal,
    ledger_repo,
    numbering,
    products_repo,
    sales_repo,
    stock_repo,
    summaries,
)
from duka.store.database import Connection

if TYPE_CHECKING:
    from duka.services.cash import CashService
    from duka.services.promotions import PromotionService
    from duka.services.returns import ReturnService

SALE_SERIES = "sale"


SALE_PREFIX = "S-"


def sale_number(sequence: int, till: int = FIRST_TILL) -> str:
    return fixed_number(SALE_PREFIX, sequence, 6, till)


@dataclass(frozen=True, slots=True)
class Scanned:
    """A scanned code: the product, how many units the scan is, and the price when the
    label carries one (a scale's price label)."""

    product: Product
    quantity: Quantity
    line_price: Money | None = None


class CheckoutService:
    def __init__(
        self,
        context: Context,
        settings: SettingsService,
        products: ProductService,
        *,
        cash: Callable[[], CashService],
        returns: Callable[[], ReturnService],
        promotions: Callable[[], PromotionService] | None = None,
    ) -> None:
        """`cash` and `returns` give the shop's drawer and returns when a sale first needs
        them: the Sell screen's start does not read their code."""
        self._ctx = context
        self._settings = settings
        self._products = products
        self._cash = cash
        self._returns = returns
        self._promotions = promotions

    # -- scanning -------------------------------------------------------------------------

    def scan(self, code: str, shop: ShopSettings | None = None) -> Scanned | None:
        """What a scanned or typed code is: a product's barcode (a pack's code is several
        units), or a scale label with a weight or a price. None when Duka does not know it."""
        code = code.strip()
        if not code:
            return None
        db = self._ctx.db
        found = products_repo.by_barcode(db, code)
        if found is not None:
            return Scanned(self._products.get(found[0]), Quantity(found[1]))
        shop = shop or self._settings.load()
        reading = read_scale_code(code, shop[SCALE_BARCODES])
        if reading is None:
            return None
        found = products_repo.by_barcode(db, reading.lookup_code)
        product_id = found[0] if found is not None else products_repo.by_sku(db, reading.item)
        if product_id is None:
            return None
        product = self._products.get(product_id)
        if reading.value is ScaleValue.WEIGHT:
            assert reading.quantity is not None
            return Scanned(product, reading.quantity)
        assert reading.price_minor is not None
        price = Money(reading.price_minor, product.draft.sell_price.currency)
        per_unit = product.draft.sell_price
        if product.draft.unit.measured and per_unit.minor > 0 and not product.draft.price_asked:
            # The scale priced a weight at this product's price: the weight is what it sold.
            weight = (Decimal(price.minor) / per_unit.minor).quantize(
                Decimal("0.001"), rounding=ROUND_HALF_UP
            )
            return Scanned(product, Quantity.of(weight))
        return Scanned(product, Quantity.of(1), line_price=price)

    def find_code(self, code: str, shop: ShopSettings | None = None) -> Scanned | None:
        """What a code typed by hand is: a barcode or scale label (as `scan`), else a
        product's SKU. None when no product has it."""
        scanned = self.scan(code, shop)
        if scanned is not None:
            return scanned
        product_id = products_repo.by_sku(self._ctx.db, code.strip())
        if product_id is None:
            return None
        return Scanned(self._products.get(product_id), Quantity.of(1))

    def line_for(
        self, product: Product, quantity: Quantity, shop: ShopSettings | None = None
    ) -> CartLine:
        """A cart line selling `quantity` of `product` at its price and tax rate."""
        if product.is_parent:  # sold only as one of its variants (core.variants)
            raise InvalidInput(N_("{name} is sold by its variants: choose one."), name=product.name)
        shop = shop or self._settings.load()
        draft = product.draft
        rates = {rate.code: rate for rate in shop[TAX_RATES]}
        return CartLine(
            product_id=product.id,
            name=draft.name,
            unit=draft.unit,
            quantity=quantity,
            unit_price=draft.sell_price,
            list_price=draft.sell_price,
            rate=rates.get(draft.tax_code) if draft.tax_code else None,
            source=RETAIL_PRICE,  # priced again by the cart's list (services/price_lists.py)
        ).checked()

    def scanned_line(self, scanned: Scanned, shop: ShopSettings | None = None) -> CartLine:
        """The line a scan adds. A product whose price is asked at the sale gets its price
        from a scale's price label, else from `CartLine.at_asked_price` (the Sell screen asks
        it; the checkout refuses the line without it)."""
        line = self.line_for(scanned.product, scanned.quantity, shop)
        if scanned.line_price is not None:
            if scanned.product.draft.price_asked:
                return line.at_asked_price(scanned.line_price)
            # A price label is the price: not a change made at the till.
            return CartLine(
                line.product_id,
                line.name,
                line.unit,
                line.quantity,
                scanned.line_price,
                scanned.line_price,
                line.rate,
            ).checked()
        return line

    # -- the cart being built (kept and parked by CartService) ------------------------------

    def new_cart(self, shop: ShopSettings | None = None) -> Cart:
        return new_cart(shop or self._settings.load())

    # -- approvals ----------------------------------------------------------------------------

    def needs_approval(self, cart: Cart, shop: ShopSettings | None = None) -> bool:
        """Whether this cart's discounts or changed prices go beyond what the signed-in
        user may give alone."""
        if allowed(self._ctx, Permission.DISCOUNT):
            return False
        shop = shop or self._settings.load()
        return cart.price_changed() or cart.discount_percent() > shop[DISCOUNT_LIMIT]

    # -- completing -------------------------------------------------------------------------

    def _check_asked_prices(self, cart: Cart) -> None:
        """Refuse a product whose price is asked at the sale when no price above zero was
        typed for it: it is never sold for nothing by a path that did not ask."""
        asked = products_repo.asked_prices(self._ctx.db, [line.product_id for line in cart.lines])
        for line in cart.lines:
            if line.product_id in asked and (not line.asked or line.unit_price.minor <= 0):
                raise InvalidInput(
                    N_("The price of “{name}” is asked at the sale: type its price first."),
                    field="price",
                    name=line.name,
                )

    def _batch_moves(
        self,
        db: Connection,
        cart: Cart,
        rows: list[sales_repo.SaleLineRow],
        approval: Approval | None,
    ) -> SaleMoves:
        """The sale's movements, per batch for products keeping batches; an expired batch
        is refused unless a manager approved selling it (recorded in the audit trail)."""
        taken = sale_moves(
            db,
            [
                (row.product_id, row.name, Quantity(row.quantity), row.unit_cost, line.batch_id)
                for row, line in zip(rows, cart.lines, strict=True)
            ],
            local_day(self._ctx.clock()),
        )
        if taken.expired:
            first = taken.expired[0]
            if not expired_approved(self._ctx, approval):
                raise ApprovalNeeded(
                    N_(
                        "“{name}”: batch {batch} expired on {date}. It cannot be sold unless "
                        "a manager approves."
                    ),
                    Permission.SELL_EXPIRED,
                    name=first.name,
                    batch=first.batch,
                    date=first.expiry.isoformat(),
                )
            record(
                self._ctx,
                AuditAction.EXPIRED_SOLD,
                ", ".join(f"{e.name} {e.batch}" for e in taken.expired),
                after=[
                    {"product": e.product_id, "batch": e.batch, "expiry": e.expiry.isoformat()}
                    for e in taken.expired
                ],
                approval=approval,
            )
        return taken

    def beyond_credit_limit(self, customer_id: int, on_account: Money) -> bool:
        """Whether putting `on_account` on the customer's account goes beyond their credit
        limit (store credit they hold pays first), so a manager must approve it."""
        customer = customers_repo.get_customer(self._ctx.db, customer_id, on_account.currency)
        if customer is None:
            raise NotFound(N_("There is no customer number {id}."), id=customer_id)
        owed = Money(ledger_repo.balance(self._ctx.db, customer_id), on_account.currency)
        return credit_needed(owed, on_account, customer.credit_limit)

    def cash_step(self, shop: ShopSettings | None = None) -> int:
        shop = shop or self._settings.load()
        return cash_step(str(shop[CURRENCY]))

    def complete(
        self,
        cart_id: int | None,
        cart: Cart,
        tenders: list[Tender],
        approval: Approval | None = None,
        credit_approval: Approval | None = None,
        opening_float: Money | None = None,
        expired_approval: Approval | None = None,
    ) -> CompletedSale:
        """Complete the sale in one transaction: its number, lines, taxes, payments, what is
        put on the customer's account, the stock leaving the shelf and its journal entry; the
        saved cart goes with it. `credit_approval` lets a sale on account go beyond the
        customer's credit limit. The sale belongs to this computer's cash session, opened
        now with `opening_float` (default: the last close's count) when none is open.
        Stock of a product keeping batches leaves the batch that expires first (or the one
        picked); an expired batch needs `expired_approval`, a manager's."""
        require(self._ctx, Permission.SELL)
        require(self._ctx, Permission.TAKE_PAYMENTS)
        shop = self._settings.load()
        if not cart.lines:
            raise InvalidInput(N_("The sale is empty: scan or choose a product first."))
        if cart.currency != shop[CURRENCY]:
            raise InvalidInput(N_("Amounts must be in the shop's currency."))
        self._check_asked_prices(cart)
        if self._promotions is not None:  # those in force now, whatever path built the cart
            cart = self._promotions().apply(cart)
        approved_by = None
        if self.needs_approval(cart, shop):
            require(self._ctx, Permission.DISCOUNT, approval)
            approved_by = approval.approver_name if approval is not None else None
        totals = cart.totals()
        trade = None
        credit = Money.zero(cart.currency)
        if cart.trade_in is not None:  # an exchange: the goods brought back pay first
            returns = self._returns()
            trade = returns.plan(cart.trade_in.sale_number, cart.trade_in.wanted(), approval)
            credit = trade.total
        used = min(credit, totals.gross)
        back = credit - used
        settlement = settle(totals.gross - used, tenders, cash_step(cart.currency))
        if used:
            exchanged = Payment(PaymentMethod.EXCHANGE, used, used, "", cart.trade_in.sale_number)  # type: ignore[union-attr]
            settlement = replace(settlement, payments=(exchanged, *settlement.payments))
        on_account = sum(
            (p.amount for p in settlement.payments if p.method is PaymentMethod.ACCOUNT),
            Money.zero(cart.currency),
        )
        if on_account and cart.customer_id is None:
            raise InvalidInput(N_("Choose the customer whose account pays for this sale."))
        if (
            on_account
            and cart.customer_id is not None
            and self.beyond_credit_limit(cart.customer_id, on_account)
        ):
            require(self._ctx, Permission.EXCEED_CREDIT_LIMIT, credit_approval)
        with self._ctx.writing(
            Area.SALES, Area.STOCK, Area.CASH, Area.CUSTOMERS, Area.PARKED
        ) as db:
            session = self._cash().session_for(db, opening_float)
            refund = None
            if trade is not None:
                refund = returns.write(
                    db,
                    trade,
                    [(PaymentMethod.EXCHANGE, used, ""), (PaymentMethod.CASH, back, "")],
                    "exchange",
                    approval,
                ).number
            at, actor, user = self._ctx.now(), self._ctx.actor_name, self._ctx.user_id
            number = numbering.next_fixed(db, SALE_SERIES, SALE_PREFIX, 6)
            rows = []
            costs = products_repo.costs_if_any(db, [line.product_id for line in cart.lines])
            for line, amount in zip(cart.lines, totals.line_amounts, strict=True):
                unit_cost = costs.get(line.product_id)
                if unit_cost is None:
                    raise NotFound(N_("There is no product number {id}."), id=line.product_id)
                rows.append(
                    sales_repo.SaleLineRow(
                        product_id=line.product_id,
                        name=line.name,
                        unit=line.unit.value,
                        quantity=line.quantity.milli,
                        unit_price=line.unit_price.minor,
                        list_price=line.list_price.minor,
                        discount=off.minor if (off := line.taken_off()) is not None else 0,
                        amount=amount.minor,
                        tax_code=line.rate.code if line.rate is not None else None,
                        unit_cost=unit_cost,
                        promotion_id=line.promotion.id if line.promotion else None,
                        promotion_saving=line.promotion.saving.minor if line.promotion else 0,
                        price_list_id=None if line.source is None else line.source.list_id,
                        price_from=0 if line.source is None else line.source.from_milli,
                    )
                )
            sale_id = sales_repo.insert_sale(
                db,
                sales_repo.SaleHeader(
                    number=number,
                    at=at,
                    user_id=user,
                    actor=actor,
                    customer_id=cart.customer_id,
                    session_id=session,
                    currency=cart.currency,
                    mode=cart.mode.value,
                    net=totals.net.minor,
                    tax=totals.tax.minor,
                    gross=totals.gross.minor,
                    discount=totals.discount.minor,
                    rounding=settlement.rounding.minor,
                    change=settlement.change.minor,
                    approved_by=approved_by,
                ),
                rows,
                totals.by_rate,
                [
                    sales_repo.PaymentRow(
                        p.method.value, p.amount.minor, p.tendered.minor, p.provider, p.reference
                    )
                    for p in settlement.payments
                ],
            )
            summaries.add_sale(db, sale_id)
            taken = self._batch_moves(db, cart, rows, expired_approval)
            stock_repo.add_movements(  # the sale's journal entry explains them
                db,
                [
                    (product_id, MovementKind.SALE, -quantity, unit_cost)
                    for product_id, quantity, unit_cost in taken.moves
                ],
                reason="",
                document=number,
                at=at,
                user_id=user,
                actor=actor,
                batch_ids=taken.batch_ids,
            )
            journal.append(db, journal.SALE.kind, sale_id, at, user, actor)
            if on_account and cart.customer_id is not None:
                ledger_repo.post(
                    db,
                    ledger_repo.NewEntry(
                        cart.customer_id,
                        EntryKind.SALE.value,
                        on_account.minor,
                        number,
                        at=at,
                        user_id=user,
                        actor=actor,
                    ),
                )
            if cart_id is not None:
                carts_repo.delete_cart(db, cart_id)
        self._ctx.activity()  # the journal's anchor follows a selling day every few minutes
        return CompletedSale(sale_id, number, at, settlement, refund, back if trade else None)
