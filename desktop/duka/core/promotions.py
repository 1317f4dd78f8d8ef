"""Promotions: what they are, when they run, and which one a cart's line gets.

A promotion is one of four kinds over some products, some categories or the whole sale:

- multi-buy: `buy` units for the price of `pay` ("3 for 2"), or for `price` ("2 for 100");
- buy X get Y: buy `buy` units, get `get` units (of the same product, or of `get_product_id`)
  at `percent` off (100: free);
- percent off: each covered line's amount less `percent`;
- amount off: `amount` off each covered unit, or (over the whole sale) off the sale, shared
  over the lines in proportion to their amounts.

Each line gets at most one promotion: the one that saves the customer most on that line (on
a tie the older promotion). Every kind's saving on a line depends only on that line and, for
"buy X get Y" of another product, on how many units of the products that trigger it the cart
holds, so choosing line by line is the best choice for the cart as a whole. A promotion's
saving is taken off the line before tax, exactly as a line discount is (`core.tax`), after
the cashier's own discount; it never takes a line below zero. Only whole units count for a
multi-buy or a "buy X get Y" (0.75 kg is no unit of a "3 for 2").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from enum import Enum

from duka.core.errors import InvalidInput
from duka.core.money import Money
from duka.core.quantity import Quantity
from duka.core.sale import Cart, LinePromotion
from duka.i18n import N_

NAME_LENGTH = 80
MAX_COVERED = 1000  # products or categories one promotion names
MAX_GROUP = 1000  # the largest "buy" or "get" count
HUNDRED = Decimal(100)


class Kind(Enum):
    MULTI_BUY = "multi_buy"
    BUY_GET = "buy_get"
    PERCENT = "percent"
    AMOUNT = "amount"

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]


_KIND_LABELS = {
    Kind.MULTI_BUY: N_("Multi-buy (3 for 2, 2 for a price)"),
    Kind.BUY_GET: N_("Buy some, get some"),
    Kind.PERCENT: N_("Percent off"),
    Kind.AMOUNT: N_("Amount off"),
}


class Scope(Enum):
    PRODUCTS = "products"
    CATEGORIES = "categories"
    SALE = "sale"

    @property
    def label(self) -> str:
        return _SCOPE_LABELS[self]


_SCOPE_LABELS = {
    Scope.PRODUCTS: N_("Some products"),
    Scope.CATEGORIES: N_("Some categories"),
    Scope.SALE: N_("The whole sale"),
}


class Status(Enum):
    UPCOMING = "upcoming"
    RUNNING = "running"
    ENDED = "ended"

    @property
    def label(self) -> str:
        return _STATUS_LABELS[self]


_STATUS_LABELS = {
    Status.UPCOMING: N_("Upcoming"),
    Status.RUNNING: N_("Running"),
    Status.ENDED: N_("Ended"),
}


@dataclass(frozen=True, slots=True)
class Hours:
    """The hours of a day a promotion runs: from `start` up to (not including) `end`."""

    start: dt.time
    end: dt.time

    def holds(self, at: dt.time) -> bool:
        return self.start <= at < self.end

    def meets(self, other: Hours) -> bool:
        return self.start < other.end and other.start < self.end


@dataclass(frozen=True, slots=True)
class PromotionDraft:
    """A promotion as typed in its editor, before it has an id."""

    name: str
    kind: Kind
    scope: Scope
    starts: dt.date
    ends: dt.date | None  # required: a promotion with no end is refused
    products: frozenset[int] = frozenset()
    categories: frozenset[int] = frozenset()
    buy: int = 0  # multi-buy and "buy X get Y": units bought
    pay: int = 0  # multi-buy: units paid for ("3 for 2"); 0 when `price` is set
    price: Money | None = None  # multi-buy: what `buy` units cost together ("2 for 100")
    get: int = 0  # "buy X get Y": units given
    get_product_id: int | None = None  # "buy X get Y": the product given; None: the same
    percent: Decimal = Decimal(0)  # percent off; "buy X get Y": off the units given
    amount: Money | None = None  # amount off each unit, or off the whole sale
    hours: Hours | None = None  # None: all day
    weekdays: frozenset[int] = frozenset()  # 0 is Monday; empty: every day
    price_list_id: int | None = None  # None: everyone; else the customers of that list

    def checked(self) -> PromotionDraft:
        """This draft, or InvalidInput saying what is wrong with it."""
        name = " ".join(self.name.split())
        if not name:
            raise InvalidInput(N_("Give the promotion a name."), field="name")
        if len(name) > NAME_LENGTH:
            raise InvalidInput(
                N_("A promotion's name can be at most {limit} characters."),
                field="name",
                limit=NAME_LENGTH,
            )
        if self.ends is None:
            raise InvalidInput(
                N_("A promotion needs an end date: one without an end would run for ever."),
                field="ends",
            )
        if self.ends < self.starts:
            raise InvalidInput(N_("A promotion cannot end before it starts."), field="ends")
        if self.hours is not None and not self.hours.start < self.hours.end:
            raise InvalidInput(
                N_("A promotion's hours must end after they start, within one day."),
                field="hours",
            )
        if any(not 0 <= day <= 6 for day in self.weekdays):
            raise InvalidInput(N_("Choose the days of the week from Monday to Sunday."))
        self._check_cover()
        self._check_figures()
        return replace(self, name=name)

    def _check_cover(self) -> None:
        if self.scope is Scope.PRODUCTS and not self.products:
            raise InvalidInput(N_("Choose the products the promotion is for."), field="products")
        if self.scope is Scope.CATEGORIES and not self.categories:
            raise InvalidInput(
                N_("Choose the categories the promotion is for."), field="categories"
            )
        if len(self.products) > MAX_COVERED or len(self.categories) > MAX_COVERED:
            raise InvalidInput(
                N_("A promotion can name at most {limit} products or categories."),
                limit=MAX_COVERED,
            )
        if self.scope is Scope.SALE and self.kind not in (Kind.PERCENT, Kind.AMOUNT):
            raise InvalidInput(
                N_("Only a percent or an amount off can be for the whole sale."), field="scope"
            )

    def _check_figures(self) -> None:
        kind = self.kind
        if kind is Kind.MULTI_BUY:
            if not 2 <= self.buy <= MAX_GROUP:
                raise InvalidInput(
                    N_("A multi-buy is for 2 to {limit} units."), field="buy", limit=MAX_GROUP
                )
            if self.price is None:
                if not 1 <= self.pay < self.buy:
                    raise InvalidInput(
                        N_("Pay for at least one unit and fewer than the units bought."),
                        field="pay",
                    )
            elif self.price.minor <= 0:
                raise InvalidInput(N_("A multi-buy's price must be above zero."), field="price")
        elif kind is Kind.BUY_GET:
            if not 1 <= self.buy <= MAX_GROUP or not 1 <= self.get <= MAX_GROUP:
                raise InvalidInput(
                    N_("Units bought and units given are each 1 to {limit}."),
                    field="buy",
                    limit=MAX_GROUP,
                )
            self._check_percent()
        elif kind is Kind.PERCENT:
            self._check_percent()
        elif self.amount is None or self.amount.minor <= 0:
            raise InvalidInput(N_("Type the amount off, above zero."), field="amount")

    def _check_percent(self) -> None:
        if not Decimal(0) < self.percent <= HUNDRED:
            raise InvalidInput(N_("A percent off is more than 0 and at most 100."), field="percent")

    def overlaps(self, other: PromotionDraft) -> bool:
        """Whether both would run at some same moment for the same customers over some same
        products (or categories, or both the whole sale): the shop must choose one."""
        if self.price_list_id != other.price_list_id or self.scope is not other.scope:
            return False
        assert self.ends is not None and other.ends is not None
        if self.starts > other.ends or other.starts > self.ends:
            return False
        if self.weekdays and other.weekdays and not self.weekdays & other.weekdays:
            return False
        if self.hours is not None and other.hours is not None and not self.hours.meets(other.hours):
            return False
        if self.scope is Scope.PRODUCTS:
            return bool(self.products & other.products)
        if self.scope is Scope.CATEGORIES:
            return bool(self.categories & other.categories)
        return True


@dataclass(frozen=True, slots=True)
class Promotion:
    """A promotion as kept: its draft, its id, and when it was ended early (if it was)."""

    id: int
    draft: PromotionDraft
    ended_at: dt.datetime | None = None
    # The categories it covers with all their subcategories (the store fills it in).
    covered_categories: frozenset[int] = field(default=frozenset())

    @property
    def name(self) -> str:
        return self.draft.name

    def runs_at(self, at: dt.datetime) -> bool:
        """Whether it is in force at `at` (the shop's local time)."""
        draft = self.draft
        if self.ended_at is not None and at >= self.ended_at:
            return False
        assert draft.ends is not None
        if not draft.starts <= at.date() <= draft.ends:
            return False
        if draft.weekdays and at.weekday() not in draft.weekdays:
            return False
        return draft.hours is None or draft.hours.holds(at.time())

    def status(self, at: dt.datetime) -> Status:
        draft = self.draft
        assert draft.ends is not None
        if (self.ended_at is not None and at >= self.ended_at) or at.date() > draft.ends:
            return Status.ENDED
        if at.date() < draft.starts:
            return Status.UPCOMING
        return Status.RUNNING

    def covers(self, product_id: int, category_id: int | None) -> bool:
        scope = self.draft.scope
        if scope is Scope.SALE:
            return True
        if scope is Scope.PRODUCTS:
            return product_id in self.draft.products
        categories = self.covered_categories or self.draft.categories
        return category_id is not None and category_id in categories

    def may_cover(self, products: set[int], categories: set[int | None]) -> bool:
        """False when it covers none of these products and categories (so saves nothing)."""
        scope = self.draft.scope
        if scope is Scope.SALE:
            return True
        if scope is Scope.PRODUCTS:
            return not self.draft.products.isdisjoint(products)
        covered = self.covered_categories or self.draft.categories
        return not covered.isdisjoint(categories)

    @property
    def needs_categories(self) -> bool:
        return self.draft.scope is Scope.CATEGORIES


def in_force(
    promotions: Iterable[Promotion], at: dt.datetime, price_list_id: int | None
) -> list[Promotion]:
    """The promotions that run at `at` for a customer on `price_list_id` (None: no list):
    those for everyone, and those for that list."""
    return [
        p
        for p in promotions
        if (p.draft.price_list_id is None or p.draft.price_list_id == price_list_id)
        and p.runs_at(at)
    ]


# -- the engine ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PricedLine:
    """What the engine needs of a cart's line, already priced (a price list may have set its
    unit price): `base` is its amount after the cashier's discount, before any promotion."""

    product_id: int
    category_id: int | None
    quantity: Quantity
    unit_price: Money
    base: Money
    eligible: bool = True  # False: a manager took the promotion off this line


def whole_units(quantity: Quantity) -> int:
    return quantity.milli // 1000 if quantity.milli > 0 else 0


def _percent_of(amount: Money, percent: Decimal) -> Money:
    return Money.rounded(amount.amount * percent / HUNDRED, amount.currency)


def savings(promotion: Promotion, lines: Sequence[PricedLine]) -> list[Money]:
    """What `promotion` alone would save on each line (zero where it does not apply), each at
    most the line's amount."""
    draft = promotion.draft
    covered = [
        line.eligible and promotion.covers(line.product_id, line.category_id) for line in lines
    ]
    out: list[Money] = []
    if draft.kind is Kind.BUY_GET and draft.get_product_id is not None:
        out = _given_other(promotion, lines)
    elif draft.kind is Kind.AMOUNT and draft.scope is Scope.SALE:
        assert draft.amount is not None
        bases = [line.base.minor if ok else 0 for line, ok in zip(lines, covered, strict=True)]
        whole = sum(bases)
        if whole <= 0:
            return [Money.zero(line.base.currency) for line in lines]
        off = Money(min(draft.amount.minor, whole), draft.amount.currency)
        out = off.allocate(bases)
    else:
        out = [
            _line_saving(draft, line) if ok else Money.zero(line.base.currency)
            for line, ok in zip(lines, covered, strict=True)
        ]
    return [
        Money(max(0, min(saving.minor, line.base.minor)), line.base.currency)
        for saving, line in zip(out, lines, strict=True)
    ]


def _line_saving(draft: PromotionDraft, line: PricedLine) -> Money:
    price = line.unit_price
    if draft.kind is Kind.MULTI_BUY:
        groups = whole_units(line.quantity) // draft.buy
        if draft.price is None:
            return Money(price.minor * groups * (draft.buy - draft.pay), price.currency)
        per_group = price.minor * draft.buy - draft.price.minor
        return Money(max(0, per_group) * groups, price.currency)
    if draft.kind is Kind.BUY_GET:  # of the same product: every buy + get units, get given
        given = whole_units(line.quantity) // (draft.buy + draft.get) * draft.get
        return _percent_of(Money(price.minor * given, price.currency), draft.percent)
    if draft.kind is Kind.PERCENT:
        return _percent_of(line.base, draft.percent)
    assert draft.amount is not None  # an amount off each unit
    return draft.amount.times(line.quantity.value)


def _given_other(promotion: Promotion, lines: Sequence[PricedLine]) -> list[Money]:
    """Buy X of the covered products, get Y of another product: the units given go to that
    product's lines in the cart's order."""
    draft = promotion.draft
    given_id = draft.get_product_id
    bought = sum(
        whole_units(line.quantity)
        for line in lines
        if line.product_id != given_id and promotion.covers(line.product_id, line.category_id)
    )
    left = bought // draft.buy * draft.get
    out = []
    for line in lines:
        if line.product_id != given_id or not line.eligible or left <= 0:
            out.append(Money.zero(line.base.currency))
            continue
        take = min(left, whole_units(line.quantity))
        left -= take
        price = line.unit_price
        out.append(_percent_of(Money(price.minor * take, price.currency), draft.percent))
    return out


def best(
    lines: Sequence[PricedLine], promotions: Sequence[Promotion]
) -> list[tuple[Promotion, Money] | None]:
    """For each line the promotion that saves most on it and what it saves, or None."""
    chosen: list[tuple[Promotion, Money] | None] = [None] * len(lines)
    # Most promotions of a busy shop cover none of the few products in a cart: they are
    # passed over by a set test before any saving is worked out (the till runs this at every
    # scan).
    products = {line.product_id for line in lines}
    categories = {line.category_id for line in lines}
    for promotion in sorted(promotions, key=lambda p: p.id):
        if not promotion.may_cover(products, categories):
            continue
        for index, saving in enumerate(savings(promotion, lines)):
            current = chosen[index]
            if saving.minor > 0 and (current is None or saving.minor > current[1].minor):
                chosen[index] = (promotion, saving)
    return chosen


def priced_lines(cart: Cart, categories: dict[int, int | None]) -> list[PricedLine]:
    """The cart's lines as the engine sees them; `categories` maps product ids to theirs."""
    out = []
    for line in cart.lines:
        gross = line.unit_price.times(line.quantity.value)
        base = gross - line.discount if line.discount is not None else gross
        out.append(
            PricedLine(
                line.product_id,
                categories.get(line.product_id),
                line.quantity,
                line.unit_price,
                base,
                not line.promotion_removed,
            )
        )
    return out


def apply(cart: Cart, promotions: Sequence[Promotion], categories: dict[int, int | None]) -> Cart:
    """The cart with each line's best promotion (from `promotions`, those in force for it)
    set on it, and none where none applies."""
    chosen = best(priced_lines(cart, categories), promotions)
    lines = []
    for line, pick in zip(cart.lines, chosen, strict=True):
        promotion = None if pick is None else LinePromotion(pick[0].id, pick[0].name, pick[1])
        lines.append(line if line.promotion == promotion else replace(line, promotion=promotion))
    return replace(cart, lines=tuple(lines))


def below_cost(draft: PromotionDraft, price: Money, cost: Money) -> bool:
    """Whether the promotion sells a product priced `price` with cost `cost` below its cost
    per unit at its deepest (the units given, a multi-buy's group, the amount off)."""
    if cost.minor <= 0:
        return False
    kind = draft.kind
    if kind is Kind.MULTI_BUY:
        group = price.minor * draft.pay if draft.price is None else draft.price.minor
        return group < cost.minor * draft.buy
    if kind is Kind.BUY_GET and draft.get_product_id is not None:
        # `price` and `cost` are then the given product's: its units go at `percent` off.
        return price.amount * (1 - draft.percent / HUNDRED) < cost.amount
    if kind is Kind.BUY_GET:
        # The cheapest a unit gets: buy + get units for buy full prices and get reduced ones.
        paid = price.amount * (draft.buy + draft.get * (1 - draft.percent / HUNDRED))
        return paid < cost.amount * (draft.buy + draft.get)
    if kind is Kind.PERCENT:
        return price.amount * (1 - draft.percent / HUNDRED) < cost.amount
    assert draft.amount is not None
    if draft.scope is Scope.SALE:
        return False  # shared over a whole sale: no one product's price is known
    return price.minor - draft.amount.minor < cost.minor
