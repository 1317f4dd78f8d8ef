"""Products with variants: making a parent and its grid, adding values later, reading a
family. Each is one transaction; a grid that would repeat a code or barcode is refused
before anything is written."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from duka.core.access import Approval, Permission
from duka.core.audit import AuditAction
from duka.core.changes import Area
from duka.core.errors import InvalidInput, NotFound
from duka.core.products import Product, ProductDraft, check_quantity
from duka.core.quantity import Quantity
from duka.core.stock import MovementKind
from duka.core.variants import (
    VariantDraft,
    VariantFamily,
    VariantLine,
    VariantOption,
    check_grid,
    clean_options,
    missing_variants,
    options_from_json,
    options_json,
    plan_grid,
    values_from_json,
    values_json,
    variant_product,
)
from duka.i18n import N_
from duka.services.access_rules import require
from duka.services.context import Context
from duka.services.products import ProductService
from duka.services.trail import record
from duka.store import journal, products_repo, stock_repo, variants_repo
from duka.store.database import Connection


class VariantService:
    def __init__(self, context: Context, products: ProductService) -> None:
        self._ctx = context
        self._products = products

    # -- planning -------------------------------------------------------------------------

    def plan(self, parent: ProductDraft, options: Sequence[VariantOption]) -> list[VariantDraft]:
        """The grid the options make, to show and edit before saving."""
        return plan_grid(parent, clean_options(options))

    def _checked(
        self,
        parent: ProductDraft,
        options: tuple[VariantOption, ...],
        variants: Sequence[VariantDraft],
    ) -> list[tuple[VariantDraft, ProductDraft]]:
        """Each variant checked against the grid and the shop, with the product it makes."""
        db = self._ctx.db
        skus = [v.sku for v in variants if v.sku]
        codes = [b.code for v in variants for b in v.barcodes]
        checked = check_grid(
            parent,
            options,
            variants,
            taken_skus=set(products_repo.ids_by_sku(db, skus)),
            taken_codes=set(products_repo.ids_by_barcode(db, codes)),
        )
        made = []
        for variant in checked:
            draft = self._products._check(variant_product(parent, variant))
            if variant.stock.milli:
                check_quantity(variant.stock, draft.unit, N_("The opening stock"))
            made.append((variant, draft))
        return made

    # -- changing -------------------------------------------------------------------------

    def create(
        self,
        parent: ProductDraft,
        options: Sequence[VariantOption],
        variants: Sequence[VariantDraft],
        approval: Approval | None = None,
    ) -> int:
        """A new product with its variants, in one transaction; returns the parent's id."""
        require(self._ctx, Permission.MANAGE_PRODUCTS, approval)
        checked_parent = self._products._check(parent)
        if checked_parent.barcodes:
            raise InvalidInput(
                N_("A product with variants has no barcodes of its own: give them to its "
                   "variants."),
                field="barcode",
            )  # fmt: skip
        cleaned = clean_options(options)
        made = self._checked(checked_parent, cleaned, variants)
        if any(v.stock.milli for v, _d in made):
            require(self._ctx, Permission.ADJUST_STOCK, approval)
        if checked_parent.sku and products_repo.by_sku(self._ctx.db, checked_parent.sku):
            raise InvalidInput(
                N_("Another product already has the code “{sku}”."),
                field="sku",
                sku=checked_parent.sku,
            )
        with self._ctx.writing(Area.PRODUCTS, Area.STOCK) as db:
            at, actor = self._ctx.now(), self._ctx.actor_name
            category = products_repo.category_id(db, checked_parent.category, at, actor)
            # The reorder level is its variants' (each gets it): the parent, never stocked,
            # would always be "low".
            parent_id = products_repo.insert_product(
                db,
                replace(checked_parent, reorder_level=Quantity(0)),
                category,
                at,
                actor,
                journaled=False,
            )
            variants_repo.mark_parent(db, parent_id, options_json(cleaned))
            journal.append(db, journal.PRODUCT.kind, parent_id, at, self._ctx.user_id, actor)
            self._write_variants(db, parent_id, category, made)
            record(
                self._ctx,
                AuditAction.PRODUCT_ADDED,
                f"product {parent_id}: {checked_parent.name}",
                after={
                    "sell_price": str(checked_parent.sell_price),
                    "options": options_json(cleaned),
                    "variants": len(made),
                },
                approval=approval,
            )
            return parent_id

    def _write_variants(
        self,
        db: Connection,
        parent_id: int,
        category: int | None,
        made: Sequence[tuple[VariantDraft, ProductDraft]],
    ) -> list[int]:
        at, actor, user = self._ctx.now(), self._ctx.actor_name, self._ctx.user_id
        ids = []
        for variant, draft in made:
            product_id = products_repo.insert_product(
                db, draft, category, at, actor, journaled=False
            )
            variants_repo.mark_variant(
                db, product_id, parent_id, values_json(variant.values), variant.price is None
            )
            journal.append(db, journal.PRODUCT.kind, product_id, at, user, actor)
            if variant.stock.milli:
                stock_repo.add_movement(
                    db,
                    product_id=product_id,
                    kind=MovementKind.OPENING,
                    quantity=variant.stock,
                    unit_cost=draft.cost_price.minor,
                    reason="",
                    document="",
                    at=at,
                    user_id=user,
                    actor=actor,
                )
            ids.append(product_id)
        return ids

    def add_variants(
        self,
        parent_id: int,
        options: Sequence[VariantOption],
        variants: Sequence[VariantDraft],
        approval: Approval | None = None,
    ) -> list[int]:
        """Give a parent more values (its options keep every value they had, in order) and
        make the variants `variants` (combinations it has not got yet)."""
        require(self._ctx, Permission.MANAGE_PRODUCTS, approval)
        family = self.family(parent_id)
        parent = self._products.get(parent_id)
        cleaned = clean_options(options)
        if [o.name.casefold() for o in cleaned] != [o.name.casefold() for o in family.options]:
            raise InvalidInput(
                N_("A product's options cannot be renamed or added once it has variants; "
                   "add values to them."),
                field="options",
            )  # fmt: skip
        for old, new in zip(family.options, cleaned, strict=True):
            kept = [v.casefold() for v in new.values[: len(old.values)]]
            if kept != [v.casefold() for v in old.values]:
                raise InvalidInput(
                    N_("The option “{name}” must keep the values it has; add new ones after "
                       "them."),
                    field="options",
                    name=old.name,
                )  # fmt: skip
        have = {tuple(v.casefold() for v in line.values) for line in family.variants}
        if any(tuple(x.casefold() for x in v.values) in have for v in variants):
            raise InvalidInput(N_("That variant is there already."), field="options")
        made = self._checked(parent.draft, cleaned, variants)
        if any(v.stock.milli for v, _d in made):
            require(self._ctx, Permission.ADJUST_STOCK, approval)
        with self._ctx.writing(Area.PRODUCTS, Area.STOCK) as db:
            at, actor = self._ctx.now(), self._ctx.actor_name
            variants_repo.mark_parent(db, parent_id, options_json(cleaned))
            journal.append(db, journal.PRODUCT.kind, parent_id, at, self._ctx.user_id, actor)
            category = products_repo.category_id(db, parent.draft.category, at, actor)
            ids = self._write_variants(db, parent_id, category, made)
            record(
                self._ctx,
                AuditAction.PRODUCT_CHANGED,
                f"product {parent_id}: {parent.name}",
                before={"options": options_json(family.options)},
                after={"options": options_json(cleaned), "variants added": len(ids)},
                approval=approval,
            )
        return ids

    def add_value(self, parent_id: int, option: str, value: str) -> list[int]:
        """Add one value to one of a parent's options and make the variants it is missing
        (following the parent's price)."""
        family = self.family(parent_id)
        names = [o.name.casefold() for o in family.options]
        if option.strip().casefold() not in names:
            raise InvalidInput(N_("This product has no option “{name}”."), name=option)
        at = names.index(option.strip().casefold())
        options = list(family.options)
        options[at] = VariantOption(options[at].name, (*options[at].values, value))
        cleaned = clean_options(options)
        parent = self._products.get(parent_id)
        missing = missing_variants(parent.draft.sku, cleaned, [v.values for v in family.variants])
        return self.add_variants(parent_id, cleaned, missing)

    # -- reading --------------------------------------------------------------------------

    def family(self, parent_id: int) -> VariantFamily:
        """The parent `parent_id` with its options and every variant, archived too."""
        db = self._ctx.db
        found = variants_repo.options_of(db, parent_id)
        if found is None or found[0] is not None or not found[1]:
            raise NotFound(N_("There is no product number {id}."), id=parent_id)
        parent = self._products.get(parent_id)
        options = options_from_json(found[1])
        marks = variants_repo.variants_of(db, parent_id)
        rows = {
            r.id: r
            for r in products_repo.rows_for(
                db, [m[0] for m in marks], parent.draft.sell_price.currency, False
            )
        }
        lines = []
        for product_id, values, follows in marks:
            row = rows[product_id]
            lines.append(
                VariantLine(
                    id=product_id,
                    values=values_from_json(values),
                    name=row.name,
                    sku=row.sku,
                    barcode=row.barcode,
                    price=row.sell_price,
                    follows=follows,
                    stock=row.stock,
                    active=row.active,
                )
            )
        return VariantFamily(parent_id, parent.name, options, tuple(lines))

    def parent_of(self, product: Product) -> int | None:
        return product.parent_id
