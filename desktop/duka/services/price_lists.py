"""Price lists (wholesale, staff...) and quantity breaks: keeping them, a customer's list,
and pricing the lines of a sale or an invoice by them (core/pricing.py)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace

from duka.core.access import Permission
from duka.core.audit import AuditAction
from duka.core.changes import Area
from duka.core.errors import Conflict, InvalidInput, NotFound
from duka.core.invoices import DocKind, Draft
from duka.core.money import Money
from duka.core.pricing import (
    RETAIL,
    ListedProduct,
    ListPrice,
    PriceList,
    PriceSource,
    check_name,
    check_prices,
    repriced,
    unit_price,
)
from duka.core.quantity import Quantity
from duka.core.sale import Cart
from duka.i18n import N_
from duka.services.access_rules import require
from duka.services.context import Context
from duka.services.settings import SettingsService
from duka.services.trail import record
from duka.store import price_lists_repo, products_repo
from duka.store.sql import Connection


class PriceListService:
    def __init__(self, context: Context, settings: SettingsService) -> None:
        self._ctx = context
        self._settings = settings

    # -- the lists ---------------------------------------------------------------------------

    def lists(self, *, active_only: bool = False) -> list[PriceList]:
        """The named lists by name (retail is not one of them)."""
        return price_lists_repo.lists(self._ctx.db, active_only=active_only)

    def get(self, list_id: int) -> PriceList:
        found = price_lists_repo.get_list(self._ctx.db, list_id)
        if found is None:
            raise NotFound(N_("There is no price list number {id}."), id=list_id)
        return found

    def names(self) -> dict[int, str]:
        """Every named list's name by id (the till shows them beside prices)."""
        return {found.id: found.name for found in self.lists()}

    def create(self, name: str) -> int:
        require(self._ctx, Permission.MANAGE_PRODUCTS)
        cleaned = check_name(name)
        with self._ctx.writing(Area.PRODUCTS) as db:
            if price_lists_repo.name_taken(db, cleaned):
                raise Conflict(N_("There is already a price list called “{name}”."), name=cleaned)
            list_id = price_lists_repo.insert_list(
                db, cleaned, self._ctx.now(), self._ctx.user_id, self._ctx.actor_name
            )
            record(self._ctx, AuditAction.PRICE_LIST_CHANGED, f"list {list_id}", after=cleaned)
        return list_id

    def rename(self, list_id: int, name: str) -> None:
        self._update(list_id, name=name)

    def set_active(self, list_id: int, active: bool) -> None:
        """A list no longer in use is set aside: its customers buy at retail meanwhile, and
        its prices are kept for when it is used again."""
        self._update(list_id, active=active)

    def _update(self, list_id: int, *, name: str | None = None, active: bool | None = None) -> None:
        require(self._ctx, Permission.MANAGE_PRODUCTS)
        if list_id == RETAIL:
            raise InvalidInput(N_("Retail is the products' own prices: it cannot be changed."))
        before = self.get(list_id)
        cleaned = check_name(name) if name is not None else before.name
        now_active = before.active if active is None else active
        with self._ctx.writing(Area.PRODUCTS) as db:
            if price_lists_repo.name_taken(db, cleaned, list_id):
                raise Conflict(N_("There is already a price list called “{name}”."), name=cleaned)
            price_lists_repo.update_list(
                db, list_id, cleaned, now_active, self._ctx.now(), self._ctx.user_id,
                self._ctx.actor_name,
            )  # fmt: skip
            record(
                self._ctx,
                AuditAction.PRICE_LIST_CHANGED,
                f"list {list_id}",
                before={"name": before.name, "active": before.active},
                after={"name": cleaned, "active": now_active},
            )

    # -- prices and breaks -------------------------------------------------------------------

    def prices_of(self, product_id: int) -> list[ListPrice]:
        """Every list price of a product, retail's breaks too."""
        return price_lists_repo.prices_of(self._ctx.db, product_id, self._settings.currency())

    def set_prices(
        self, product_id: int, list_id: int, prices: Sequence[tuple[Quantity, Money]]
    ) -> None:
        """Make `prices` (from quantity, price per unit) the product's prices on a list
        (RETAIL: its quantity breaks). Refused, writing nothing, when one is below the
        product's cost or two start at the same quantity."""
        require(self._ctx, Permission.MANAGE_PRODUCTS)
        if list_id != RETAIL:
            self.get(list_id)
        with self._ctx.writing(Area.PRODUCTS) as db:
            self.write_prices(db, product_id, list_id, prices)

    def set_product_prices(
        self, product_id: int, prices: Mapping[int, Sequence[tuple[Quantity, Money]]]
    ) -> int:
        """A product's prices on several lists (list id: its prices) in one transaction;
        returns how many rows changed. Nothing is written if one list's are refused."""
        require(self._ctx, Permission.MANAGE_PRODUCTS)
        for list_id in prices:
            if list_id != RETAIL:
                self.get(list_id)
        with self._ctx.writing(Area.PRODUCTS) as db:
            return sum(
                self.write_prices(db, product_id, list_id, wanted)
                for list_id, wanted in prices.items()
            )

    def write_prices(
        self,
        db: Connection,
        product_id: int,
        list_id: int,
        prices: Sequence[tuple[Quantity, Money]],
    ) -> int:
        """`set_prices` inside the caller's transaction (an import writes many); returns
        how many rows changed."""
        conn = db
        currency = self._settings.currency()
        product = products_repo.get_product(conn, product_id, currency)
        if product is None:
            raise NotFound(N_("There is no product number {id}."), id=product_id)
        wanted = [ListPrice(list_id, quantity, price) for quantity, price in prices]
        checked = check_prices(list_id, wanted, product.draft.cost_price, product.draft.name)
        before = price_lists_repo.prices_of(conn, product_id, currency)
        changed = price_lists_repo.replace_prices(
            conn,
            list_id,
            product_id,
            checked,
            self._ctx.now(),
            self._ctx.user_id,
            self._ctx.actor_name,
        )
        if changed:
            record(
                self._ctx,
                AuditAction.PRICE_LIST_CHANGED,
                f"product {product_id}: {product.draft.name}",
                before=_prices_text([p for p in before if p.list_id == list_id], list_id),
                after=_prices_text(checked, list_id),
            )
        return changed

    def count_listed(self, list_id: int) -> int:
        return price_lists_repo.count_listed(self._ctx.db, list_id)

    def listed_page(self, list_id: int, offset: int, limit: int) -> list[ListedProduct]:
        return price_lists_repo.listed_page(self._ctx.db, list_id, offset, limit)

    # -- customers ----------------------------------------------------------------------------

    def customer_list(self, customer_id: int) -> int | None:
        return price_lists_repo.customer_list(self._ctx.db, customer_id)

    def set_customer_list(self, customer_id: int, list_id: int | None) -> None:
        """Put a customer on a list (None: retail)."""
        require(self._ctx, Permission.MANAGE_CUSTOMERS)
        if list_id == RETAIL:
            list_id = None
        if list_id is not None:
            self.get(list_id)
        before = self.customer_list(customer_id)
        if before == list_id:
            return
        with self._ctx.writing(Area.CUSTOMERS) as db:
            price_lists_repo.set_customer_list(
                db, customer_id, list_id, self._ctx.now(), self._ctx.user_id, self._ctx.actor_name
            )
            record(
                self._ctx,
                AuditAction.CUSTOMER_CHANGED,
                f"customer {customer_id}",
                before={"price_list": before},
                after={"price_list": list_id},
            )

    def saving_customer(self, save: Callable[[], int], list_id: int | None) -> int:
        """Save a customer (`save` adds or changes them and returns their id) and put them
        on `list_id`, in one transaction."""
        with self._ctx.writing(Area.CUSTOMERS):
            customer_id = save()
            self.set_customer_list(customer_id, list_id)
        return customer_id

    def list_for_customer(self, customer_id: int | None) -> int | None:
        """The list a customer buys at: None (retail) for no customer, or one whose list
        was set aside."""
        if customer_id is None:
            return None
        list_id = self.customer_list(customer_id)
        if list_id is None:
            return None
        found = price_lists_repo.get_list(self._ctx.db, list_id)
        return list_id if found is not None and found.active else None

    # -- pricing ------------------------------------------------------------------------------

    def priced(self, cart: Cart) -> Cart:
        """The cart with its lines priced by the rules for its list and their quantities
        (lines priced by hand keep their prices)."""
        if not cart.lines:
            return cart
        known = price_lists_repo.for_pricing(
            self._ctx.db, (line.product_id for line in cart.lines), cart.price_list_id,
            cart.currency,
        )  # fmt: skip
        return repriced(cart, known)

    def with_customer(self, cart: Cart, customer_id: int | None) -> Cart:
        """The cart for `customer_id` (None: no customer), at the customer's list."""
        chosen = cart.with_customer(customer_id)
        return self.priced(replace(chosen, price_list_id=self.list_for_customer(customer_id)))

    def priced_document(self, draft: Draft) -> Draft:
        """An invoice's or quote's lines priced by the customer's list and their quantities
        (lines priced by hand and credit notes are left as they are)."""
        if draft.kind is DocKind.CREDIT_NOTE or not draft.lines:
            return draft
        list_id = self.list_for_customer(draft.customer_id)
        ids = [line.product_id for line in draft.lines if line.product_id is not None]
        known = price_lists_repo.for_pricing(self._ctx.db, ids, list_id, draft.currency)
        lines = []
        for line in draft.lines:
            found = known.get(line.product_id) if line.product_id is not None else None
            if found is None or line.source is None or line.discount is not None:
                lines.append(line)
                continue
            price, source = unit_price(found.own, found.prices, list_id, line.quantity)
            lines.append(replace(line, unit_price=price, source=source))
        return replace(draft, lines=tuple(lines))

    def price(
        self, product_id: int, list_id: int | None, quantity: Quantity
    ) -> tuple[Money, PriceSource]:
        """The price per unit of `quantity` of a product for a customer on `list_id`."""
        known = price_lists_repo.for_pricing(
            self._ctx.db, [product_id], list_id, self._settings.currency()
        )
        if product_id not in known:
            raise NotFound(N_("There is no product number {id}."), id=product_id)
        found = known[product_id]
        return unit_price(found.own, found.prices, list_id, quantity)


def _prices_text(prices: Sequence[ListPrice], list_id: int) -> dict[str, object]:
    return {"list": list_id, "prices": {str(p.from_quantity): str(p.price) for p in prices}}
