"""Promotions: made and ended in the back office, applied to the cart at the till.

The till keeps the promotions that are not over in memory (read once, and again only when
the catalogue's change counter moves: a promotion made or ended here, in another window or
on another till) and picks those in force at each moment, so a scan costs no more reads
than the categories of the cart's products, and only when a promotion is for a category.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from duka.core.access import Approval, Permission
from duka.core.audit import AuditAction
from duka.core.changes import Area
from duka.core.errors import Conflict, InvalidInput, NotFound
from duka.core.money import Money
from duka.core.promotions import (
    Kind,
    Promotion,
    PromotionDraft,
    Scope,
    Status,
    apply,
    below_cost,
    in_force,
)
from duka.core.purchases import NeedsConfirmation
from duka.core.sale import Cart
from duka.core.settings import CURRENCY
from duka.i18n import N_
from duka.services.access_rules import require
from duka.services.context import Context
from duka.services.settings import SettingsService
from duka.services.trail import record
from duka.store import changes_repo, promotions_repo

BELOW_COST_SHOWN = 3  # products named in the warning; the rest are counted
CATEGORY_PRODUCTS_CHECKED = 2000  # a category's products checked against their costs


@dataclass(frozen=True, slots=True)
class Listed:
    """A promotion as the list shows it."""

    promotion: Promotion
    status: Status


class PromotionService:
    def __init__(self, context: Context, settings: SettingsService) -> None:
        self._ctx = context
        self._settings = settings
        self._kept: list[Promotion] | None = None
        self._kept_key: tuple[int, dt.date] | None = None

    def _currency(self) -> str:
        return str(self._settings.load()[CURRENCY])

    def local_now(self) -> dt.datetime:
        """The shop computer's local time, without a zone, as promotions' dates and hours."""
        return self._ctx.clock().astimezone().replace(tzinfo=None)

    # -- the back office ------------------------------------------------------------------

    def listed(self) -> list[Listed]:
        now = self.local_now()
        return [
            Listed(p, p.status(now))
            for p in promotions_repo.all_promotions(self._ctx.db, self._currency())
        ]

    def get(self, promotion_id: int) -> Promotion:
        found = promotions_repo.get(self._ctx.db, promotion_id, self._currency())
        if found is None:
            raise NotFound(N_("There is no promotion number {id}."), id=promotion_id)
        return found

    def create(self, draft: PromotionDraft, confirmed: bool = False) -> int:
        """Make a promotion. Refused (nothing written) when it has no end, has ended already,
        names what does not exist, or overlaps a promotion of the same products for the
        same customers at a same time; NeedsConfirmation (ask, then call again with
        `confirmed`) when it sells some product below its cost."""
        require(self._ctx, Permission.MANAGE_PRODUCTS)
        draft = draft.checked()
        currency = self._currency()
        for money in (draft.price, draft.amount):
            if money is not None and money.currency != currency:
                raise InvalidInput(N_("Amounts must be in the shop's currency."))
        assert draft.ends is not None
        if draft.ends < self.local_now().date():
            raise InvalidInput(
                N_("That promotion would have ended already: its end date is past."),
                field="ends",
            )
        db = self._ctx.db
        named = set(draft.products)
        if draft.get_product_id is not None:
            named.add(draft.get_product_id)
        if promotions_repo.missing_products(db, named):
            raise NotFound(N_("A product the promotion names is no longer there."))
        if promotions_repo.missing_categories(db, draft.categories):
            raise NotFound(N_("A category the promotion names is no longer there."))
        for other in promotions_repo.current(db, self.local_now().date(), currency):
            if draft.overlaps(other.draft):
                raise Conflict(
                    N_(
                        "“{other}” already runs for some of the same products, for the same "
                        "customers, at the same times. Change the dates, hours or products, "
                        "or end “{other}” first."
                    ),
                    other=other.name,
                )
        if not confirmed:
            self._warn_below_cost(draft, currency)
        with self._ctx.writing(Area.PRODUCTS) as db:
            at = self._ctx.now()
            promotion_id = promotions_repo.insert(
                db, draft, at, self._ctx.user_id, self._ctx.actor_name
            )
            record(
                self._ctx,
                AuditAction.PROMOTION_CREATED,
                draft.name,
                after=_described(draft) | ({"below_cost": "accepted"} if confirmed else {}),
            )
        self._kept = None
        return promotion_id

    def below_cost_products(self, draft: PromotionDraft) -> list[str]:
        """The names of the products the promotion would sell below their cost."""
        db = self._ctx.db
        currency = self._currency()
        if draft.kind is Kind.BUY_GET and draft.get_product_id is not None:
            rows = promotions_repo.prices_and_costs(db, [draft.get_product_id])
        elif draft.scope is Scope.PRODUCTS:
            rows = promotions_repo.prices_and_costs(db, draft.products)
        elif draft.scope is Scope.CATEGORIES:
            rows = promotions_repo.products_in_categories(
                db,
                promotions_repo.category_children(db, draft.categories),
                CATEGORY_PRODUCTS_CHECKED,
            )
        else:
            return []  # an amount or percent off a whole sale: no one product's price
        return [
            name
            for _id, name, price, cost in rows
            if below_cost(draft, Money(price, currency), Money(cost, currency))
        ]

    def _warn_below_cost(self, draft: PromotionDraft, currency: str) -> None:
        names = self.below_cost_products(draft)
        if not names:
            return
        shown = ", ".join(f"“{n}”" for n in names[:BELOW_COST_SHOWN])
        if len(names) > BELOW_COST_SHOWN:
            raise NeedsConfirmation(
                N_(
                    "This promotion sells {names} and {more} other products below their cost. "
                    "Make it anyway?"
                ),
                names=shown,
                more=len(names) - BELOW_COST_SHOWN,
            )
        raise NeedsConfirmation(
            N_("This promotion sells {names} below cost. Make it anyway?"), names=shown
        )

    def end(self, promotion_id: int) -> None:
        """End a promotion now (upcoming ones too): it no longer applies from this moment."""
        require(self._ctx, Permission.MANAGE_PRODUCTS)
        promotion = self.get(promotion_id)
        if promotion.status(self.local_now()) is Status.ENDED:
            raise Conflict(N_("“{name}” has ended already."), name=promotion.name)
        with self._ctx.writing(Area.PRODUCTS) as db:
            at = self._ctx.now()
            promotions_repo.end(db, promotion_id, at, self._ctx.user_id, self._ctx.actor_name)
            record(self._ctx, AuditAction.PROMOTION_ENDED, promotion.name)
        self._kept = None

    # -- at the till ----------------------------------------------------------------------

    def _current(self, today: dt.date) -> list[Promotion]:
        key = (changes_repo.version(self._ctx.db, Area.PRODUCTS), today)
        if self._kept is None or key != self._kept_key:
            self._kept = promotions_repo.current(self._ctx.db, today, self._currency())
            self._kept_key = key
        return self._kept

    def apply(self, cart: Cart) -> Cart:
        """The cart with the best promotion in force now on each line (for the customer's
        price list, if the cart has one)."""
        if not cart.lines:
            return cart
        now = self.local_now()
        running = in_force(self._current(now.date()), now, cart.price_list_id)
        if not running and not any(line.promotion for line in cart.lines):
            return cart
        categories: dict[int, int | None] = {}
        if any(p.needs_categories for p in running):
            categories = promotions_repo.categories_of(
                self._ctx.db, [line.product_id for line in cart.lines]
            )
        return apply(cart, running, categories)

    def remove_from_line(self, cart: Cart, index: int, approval: Approval | None = None) -> Cart:
        """The cart without the promotion of line `index` (a manager's decision, recorded):
        the line is sold at its price from then on."""
        require(self._ctx, Permission.DISCOUNT, approval)
        if not 0 <= index < len(cart.lines):
            raise NotFound(N_("That line is no longer in the sale."))
        line = cart.lines[index]
        if line.promotion is None:
            raise InvalidInput(N_("This line has no promotion to remove."))
        record(
            self._ctx,
            AuditAction.PROMOTION_REMOVED,
            line.promotion.name,
            before={"line": line.name, "saving": str(line.promotion.saving)},
            approval=approval,
        )
        lines = list(cart.lines)
        lines[index] = replace(line, promotion=None, promotion_removed=True)
        return self.apply(replace(cart, lines=tuple(lines)))


def _described(draft: PromotionDraft) -> dict[str, object]:
    """What the audit trail keeps of a new promotion."""
    assert draft.ends is not None
    out: dict[str, object] = {
        "kind": draft.kind.value,
        "scope": draft.scope.value,
        "starts": draft.starts.isoformat(),
        "ends": draft.ends.isoformat(),
    }
    if draft.scope is Scope.PRODUCTS:
        out["products"] = sorted(draft.products)
    if draft.scope is Scope.CATEGORIES:
        out["categories"] = sorted(draft.categories)
    for key, value in (
        ("buy", draft.buy),
        ("pay", draft.pay),
        ("get", draft.get),
        ("get_product", draft.get_product_id),
        ("price", draft.price),
        ("amount", draft.amount),
        ("price_list", draft.price_list_id),
    ):
        if value:
            out[key] = str(value) if isinstance(value, Money) else value
    if draft.percent:
        out["percent"] = str(draft.percent)
    if draft.hours is not None:
        out["hours"] = f"{draft.hours.start:%H:%M}-{draft.hours.end:%H:%M}"
    if draft.weekdays:
        out["weekdays"] = sorted(draft.weekdays)
    return out
