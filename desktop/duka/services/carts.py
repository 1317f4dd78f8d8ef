"""The sale being built at the counter, kept on every change so a crash loses nothing, and
the sales parked beside it. Apart from checkout, so the Sell screen opens without reading
the code that completes a sale."""

from __future__ import annotations

from dataclasses import dataclass

from duka.core.access import Permission
from duka.core.audit import AuditAction
from duka.core.changes import Area
from duka.core.errors import InvalidInput, NotFound
from duka.core.sale import Cart
from duka.core.settings import CURRENCY, ShopSettings
from duka.i18n import N_
from duka.services.access_rules import require
from duka.services.context import Context
from duka.services.settings import SettingsService
from duka.services.trail import record
from duka.store import carts_repo


def new_cart(shop: ShopSettings) -> Cart:
    """An empty sale in the shop's currency and way of showing tax."""
    return Cart(currency=str(shop[CURRENCY]), mode=shop.tax_mode)


@dataclass(frozen=True, slots=True)
class ParkedCart:
    """A sale set aside to serve the next customer, and who set it aside when."""

    id: int
    actor: str
    parked_at: str
    cart: Cart


class CartService:
    def __init__(self, context: Context, settings: SettingsService) -> None:
        self._ctx = context
        self._settings = settings

    def new_cart(self) -> Cart:
        return new_cart(self._settings.load())

    def last_sale_number(self) -> str | None:
        """The newest sale's number: the counter compares it with the last sale it showed,
        to point out one completed just before Duka closed."""
        return carts_repo.newest_sale_number(self._ctx.db)

    def open_cart(self) -> tuple[int | None, Cart]:
        """The sale that was being built (after a restart too), or a new empty one."""
        row = carts_repo.open_cart(self._ctx.db)
        if row is None:
            return None, self.new_cart()
        return row.id, Cart.from_json(row.content)

    def save(self, cart_id: int | None, cart: Cart) -> int | None:
        """Keep the cart as it is now, so a crash loses nothing; an empty cart is dropped.
        Returns the saved cart's id."""
        require(self._ctx, Permission.SELL)
        with self._ctx.writing(Area.PARKED) as db:
            if cart.is_empty:
                if cart_id is not None:
                    carts_repo.delete_cart(db, cart_id)
                return None
            return carts_repo.save_cart(
                db,
                cart_id,
                cart.to_json(),
                self._ctx.now(),
                self._ctx.user_id,
                self._ctx.actor_name,
            )

    def park(self, cart_id: int | None, cart: Cart) -> int:
        """Set the sale aside (the customer fetches something) to serve the next one."""
        require(self._ctx, Permission.PARK_SALES)
        if cart.is_empty:
            raise InvalidInput(N_("There is nothing to park: the sale is empty."))
        with self._ctx.writing(Area.PARKED) as db:
            at = self._ctx.now()
            saved = carts_repo.save_cart(
                db, cart_id, cart.to_json(), at, self._ctx.user_id, self._ctx.actor_name
            )
            carts_repo.set_cart_state(db, saved, "parked", at)
        return saved

    def parked(self) -> list[ParkedCart]:
        return [
            ParkedCart(row.id, row.actor, row.updated_at, Cart.from_json(row.content))
            for row in carts_repo.parked_carts(self._ctx.db)
        ]

    def resume(self, parked_id: int, cart_id: int | None, cart: Cart) -> tuple[int, Cart]:
        """Bring a parked sale back; the sale on screen, if it has lines, is parked instead."""
        require(self._ctx, Permission.PARK_SALES)
        with self._ctx.writing(Area.PARKED) as db:
            row = carts_repo.get_cart(db, parked_id)
            if row is None or row.state != "parked":
                raise NotFound(N_("That parked sale is no longer there."))
            at = self._ctx.now()
            if not cart.is_empty:
                saved = carts_repo.save_cart(
                    db, cart_id, cart.to_json(), at, self._ctx.user_id, self._ctx.actor_name
                )
                carts_repo.set_cart_state(db, saved, "parked", at)
            elif cart_id is not None:
                carts_repo.delete_cart(db, cart_id)
            carts_repo.set_cart_state(db, parked_id, "open", at)
        return parked_id, Cart.from_json(row.content)

    def cancel(self, cart_id: int | None, cart: Cart, reason: str = "") -> None:
        """Drop the sale on screen; the audit trail keeps what it held and who dropped it."""
        require(self._ctx, Permission.SELL)
        with self._ctx.writing(Area.PARKED) as db:
            if cart_id is not None:
                carts_repo.delete_cart(db, cart_id)
            if not cart.is_empty:
                record(
                    self._ctx,
                    AuditAction.SALE_CANCELLED,
                    f"{len(cart.lines)} lines",
                    before={
                        "lines": [
                            f"{line.quantity} x {line.name} @ {line.unit_price}"
                            for line in cart.lines
                        ],
                        "total": str(cart.totals().gross),
                    },
                    after={"reason": reason.strip()} if reason.strip() else None,
                )
