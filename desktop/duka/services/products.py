"""Products: adding and changing them, finding them, listing a million of them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from duka.core.access import Approval, Permission
from duka.core.audit import AuditAction
from duka.core.changes import Area
from duka.core.errors import Conflict, InvalidInput, NotFound
from duka.core.money import Money
from duka.core.products import (
    Category,
    PriceChange,
    Product,
    ProductDraft,
    ProductQuery,
    ProductRow,
    check_quantity,
    clean_category_path,
)
from duka.core.quantity import Quantity
from duka.core.settings import CURRENCY, TAX_RATES
from duka.core.stock import MovementKind
from duka.i18n import N_
from duka.services.access_rules import allowed, require
from duka.services.context import Context
from duka.services.settings import SettingsService
from duka.services.trail import record
from duka.store import journal, products_repo, stock_repo, variants_repo
from duka.store.database import Connection


class ProductListing:
    """One list of products (a query at one moment): its length and its rows by position."""

    def __init__(self, ctx: Context, query: ProductQuery, currency: str) -> None:
        self._ctx = ctx
        self.query = query
        self._currency = currency
        self._costs = allowed(ctx, Permission.SEE_COSTS)
        if products_repo._simple(ctx.db, query):
            self._ids: list[int] | None = None
            self.count = products_repo.count_listed(ctx.db, query)
        else:
            self._ids = products_repo.all_ids(ctx.db, query)
            self.count = len(self._ids)

    def all_ids(self) -> list[int]:
        if self._ids is None:
            return products_repo.page_ids(self._ctx.db, self.query, 0, self.count)
        return list(self._ids)

    def page(self, offset: int, limit: int) -> list[ProductRow]:
        if self._ids is None:
            ids = products_repo.page_ids(self._ctx.db, self.query, offset, limit)
        else:
            ids = self._ids[offset : offset + limit]
        return products_repo.rows_for(self._ctx.db, ids, self._currency, self._costs)


class ProductService:
    def __init__(self, context: Context, settings: SettingsService) -> None:
        self._ctx = context
        self._settings = settings

    def _check(self, draft: ProductDraft) -> ProductDraft:
        checked = draft.checked()
        shop = self._settings.load()
        if checked.sell_price.currency != shop[CURRENCY]:
            raise InvalidInput(N_("Prices must be in the shop's currency."), field="price")
        codes = {rate.code for rate in shop[TAX_RATES]}
        if checked.tax_code is not None and checked.tax_code not in codes:
            raise InvalidInput(
                N_("There is no tax rate with the code “{code}”."),
                field="tax_code",
                code=checked.tax_code,
            )
        return checked

    # -- changing -------------------------------------------------------------------------

    def add(
        self,
        draft: ProductDraft,
        approval: Approval | None = None,
        opening_stock: Quantity | None = None,
    ) -> int:
        """A new product; `opening_stock` puts what is already on the shelf into the ledger."""
        require(self._ctx, Permission.MANAGE_PRODUCTS, approval)
        checked = self._check(draft)
        if opening_stock is not None and opening_stock.milli:
            check_quantity(opening_stock, checked.unit, N_("The opening stock"))
            if opening_stock.milli < 0:
                raise InvalidInput(
                    N_("The opening stock cannot be negative."), field="opening_stock"
                )
            require(self._ctx, Permission.ADJUST_STOCK, approval)
        with self._ctx.writing(Area.PRODUCTS, Area.STOCK) as db:
            at, actor = self._ctx.now(), self._ctx.actor_name
            category = products_repo.category_id(db, checked.category, at, actor)
            product_id = products_repo.insert_product(db, checked, category, at, actor)
            if opening_stock is not None and opening_stock.milli:
                stock_repo.add_movement(
                    db,
                    product_id=product_id,
                    kind=MovementKind.OPENING,
                    quantity=opening_stock,
                    unit_cost=checked.cost_price.minor,
                    reason="",
                    document="",
                    at=at,
                    user_id=self._ctx.user_id,
                    actor=actor,
                )
            record(
                self._ctx,
                AuditAction.PRODUCT_ADDED,
                f"product {product_id}: {checked.name}",
                after={
                    "sell_price": str(checked.sell_price),
                    "cost_price": str(checked.cost_price),
                    **({"price_asked": True} if checked.price_asked else {}),
                },
                approval=approval,
            )
            return product_id

    def update(
        self, product_id: int, draft: ProductDraft, approval: Approval | None = None
    ) -> None:
        """Change a product; price and cost changes are recorded with before and after."""
        require(self._ctx, Permission.MANAGE_PRODUCTS, approval)
        current = self.get(product_id)
        checked = self._check(draft)
        before = current.draft
        with self._ctx.writing(Area.PRODUCTS, Area.STOCK) as db:
            at, actor = self._ctx.now(), self._ctx.actor_name
            category = products_repo.category_id(db, checked.category, at, actor)
            products_repo.update_product(db, product_id, checked, category, at, actor)
            subject = f"product {product_id}: {checked.name}"
            if before.sell_price != checked.sell_price:
                self._price_of_family(db, current, checked, at, actor)
                record(
                    self._ctx,
                    AuditAction.PRICE_CHANGED,
                    subject,
                    before=str(before.sell_price),
                    after=str(checked.sell_price),
                    approval=approval,
                )
            if before.price_asked != checked.price_asked:
                record(
                    self._ctx,
                    AuditAction.PRODUCT_CHANGED,
                    subject,
                    before={"price_asked": before.price_asked},
                    after={"price_asked": checked.price_asked},
                    approval=approval,
                )
            if before.cost_price != checked.cost_price:
                record(
                    self._ctx,
                    AuditAction.COST_CHANGED,
                    subject,
                    before=str(before.cost_price),
                    after=str(checked.cost_price),
                    approval=approval,
                )

    def _price_of_family(
        self, db: Connection, current: Product, checked: ProductDraft, at: str, actor: str
    ) -> None:
        """A parent's new price reaches the variants that follow it; a variant given a
        price of its own stops following its parent's."""
        if current.is_parent:
            variants_repo.follow_price(
                db, current.id, checked.sell_price.minor, at, self._ctx.user_id, actor
            )
        elif current.parent_id is not None:
            variants_repo.set_follows(db, current.id, False)
            journal.append(db, journal.PRODUCT.kind, current.id, at, self._ctx.user_id, actor)

    def set_active(self, product_id: int, active: bool) -> None:
        """Archive a product (it leaves the lists and the till; its history stays) or bring
        it back."""
        require(self._ctx, Permission.MANAGE_PRODUCTS)
        product = self.get(product_id)
        if product.active == active:
            return
        with self._ctx.writing(Area.PRODUCTS) as db:
            products_repo.set_active(db, product_id, active, self._ctx.now(), self._ctx.actor_name)
            record(
                self._ctx,
                AuditAction.PRODUCT_CHANGED,
                f"product {product_id}: {product.name}",
                before={"active": product.active},
                after={"active": active},
            )

    def delete(self, product_id: int) -> None:
        """Delete a product entered by mistake; one with any history can only be archived."""
        require(self._ctx, Permission.MANAGE_PRODUCTS)
        product = self.get(product_id)
        with self._ctx.writing(Area.PRODUCTS, Area.STOCK) as db:
            if products_repo.has_history(db, product_id):
                raise Conflict(
                    N_("{name} has a stock history, so it is archived instead of deleted."),
                    name=product.name,
                )
            products_repo.delete_product(db, product_id, self._ctx.now(), self._ctx.actor_name)
            record(
                self._ctx,
                AuditAction.PRODUCT_CHANGED,
                f"product {product_id}: {product.name}",
                before={"name": product.name},
                after=None,
            )

    def change_prices(self, query: ProductQuery, change: PriceChange) -> int:
        """Change the sell price of every product in a list by a percentage, in one
        transaction; returns how many prices changed."""
        require(self._ctx, Permission.MANAGE_PRODUCTS)
        if change.percent.is_nan() or abs(change.percent) > 1000:
            raise InvalidInput(N_("A price change must be between -100% and +1000%."))
        currency = self._settings.currency()
        if change.round_to is not None and change.round_to.currency != currency:
            raise InvalidInput(N_("Amounts must be in the shop's currency."))
        ids = ProductListing(self._ctx, query, currency).all_ids()
        with self._ctx.writing(Area.PRODUCTS) as db:
            at, actor = self._ctx.now(), self._ctx.actor_name
            repriced = []
            for product_id, price in products_repo.prices_for(db, ids):
                new = change.apply(Money(price, currency))
                if new.minor != price:
                    products_repo.set_price(db, product_id, new.minor, at, actor, journaled=False)
                    repriced.append(product_id)
            changed = len(repriced)
            journal.append_many(db, journal.PRODUCT.kind, repriced, at, self._ctx.user_id, actor)
            record(
                self._ctx,
                AuditAction.PRICE_CHANGED,
                f"{len(ids)} products",
                after={
                    "percent": str(change.percent),
                    "round_to": str(change.round_to) if change.round_to else None,
                    "changed": changed,
                },
            )
        return changed

    # -- reading --------------------------------------------------------------------------

    def get(self, product_id: int) -> Product:
        found = products_repo.get_product(self._ctx.db, product_id, self._settings.currency())
        if found is None:
            raise NotFound(N_("There is no product number {id}."), id=product_id)
        if not allowed(self._ctx, Permission.SEE_COSTS):
            hidden = replace(found.draft, cost_price=Money.zero(found.draft.cost_price.currency))
            found = replace(found, draft=hidden)
        return found

    def stocked(self, product_id: int) -> Product:
        """The product, refused if it has variants: they are stocked, counted and received
        one by one, never the product itself (core.variants)."""
        found = self.get(product_id)
        if found.is_parent:
            raise InvalidInput(
                N_("{name} is stocked by its variants: choose one of them."), name=found.name
            )
        return found

    def by_barcode(self, code: str) -> tuple[Product, Quantity] | None:
        """The product a scanned code belongs to, and how many units one scan is."""
        found = products_repo.by_barcode(self._ctx.db, code.strip())
        if found is None:
            return None
        return self.get(found[0]), Quantity(found[1])

    def search(self, text: str, limit: int = 20) -> list[ProductRow]:
        """Products for what is being typed: a barcode, words of the name or code."""
        ids = products_repo.quick_search(self._ctx.db, text, limit)
        return products_repo.rows_for(
            self._ctx.db, ids, self._settings.currency(), allowed(self._ctx, Permission.SEE_COSTS)
        )

    def listing(self, query: ProductQuery) -> ProductListing:
        return ProductListing(self._ctx, query, self._settings.currency())

    def count(self) -> int:
        return products_repo.count_products(self._ctx.db)

    def page(self, offset: int, limit: int) -> list[ProductRow]:
        return self.listing(ProductQuery()).page(offset, limit)

    # -- categories ------------------------------------------------------------------------

    def categories(self) -> list[Category]:
        return products_repo.categories(self._ctx.db)

    def add_category(self, path: Sequence[str] | str) -> int:
        require(self._ctx, Permission.MANAGE_PRODUCTS)
        clean = clean_category_path(tuple(path) if not isinstance(path, str) else path)
        if not clean:
            raise InvalidInput(N_("A category name cannot be empty."), field="category")
        with self._ctx.writing(Area.PRODUCTS) as db:
            found = products_repo.category_id(db, clean, self._ctx.now(), self._ctx.actor_name)
            assert found is not None
            return found
