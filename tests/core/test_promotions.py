"""The promotion engine against a plain recomputation: each promotion's saving worked out
unit by unit, and the best choice for the customer found by trying every way of giving the
lines promotions (small carts), with hypothesis."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from duka.core.errors import InvalidInput
from duka.core.money import Money
from duka.core.products import Unit
from duka.core.promotions import (
    Hours,
    Kind,
    Promotion,
    PromotionDraft,
    Scope,
    Status,
    apply,
    below_cost,
    in_force,
)
from duka.core.quantity import Quantity
from duka.core.sale import Cart, CartLine
from duka.core.tax import TaxLine, TaxMode, TaxRate, document_totals

CUR = "KES"
DAY = dt.date(2026, 12, 7)  # a Monday
VAT = TaxRate("S", "VAT 16%", Decimal(16))
CATEGORIES = {1: 10, 2: 10, 3: 20, 4: None}


def kes(minor: int) -> Money:
    return Money(minor, CUR)


def draft(kind: Kind, scope: Scope = Scope.PRODUCTS, **figures: object) -> PromotionDraft:
    values: dict[str, object] = {
        "name": "P",
        "kind": kind,
        "scope": scope,
        "starts": DAY,
        "ends": DAY + dt.timedelta(days=6),
        **figures,
    }
    return PromotionDraft(**values)  # type: ignore[arg-type]


def line(product: int, milli: int, price: int, discount: int | None = None) -> CartLine:
    return CartLine(
        product_id=product,
        name=f"P{product}",
        unit=Unit.PIECE if milli % 1000 == 0 else Unit.KILOGRAM,
        quantity=Quantity(milli),
        unit_price=kes(price),
        list_price=kes(price),
        rate=VAT,
        discount=None if discount is None else kes(discount),
    )


# -- the plain recomputation --------------------------------------------------------------


def _round(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _base(cart_line: CartLine) -> int:
    gross = _round(Decimal(cart_line.unit_price.minor) * cart_line.quantity.milli / 1000)
    return gross - (cart_line.discount.minor if cart_line.discount else 0)


def _covers(p: Promotion, cart_line: CartLine) -> bool:
    d = p.draft
    if d.scope is Scope.SALE:
        return True
    if d.scope is Scope.PRODUCTS:
        return cart_line.product_id in d.products
    return CATEGORIES[cart_line.product_id] in d.categories


def plain_savings(p: Promotion, lines: list[CartLine]) -> list[int]:
    """What `p` saves on each line, counted unit by unit."""
    d = p.draft
    out = [0] * len(lines)
    if d.kind is Kind.BUY_GET and d.get_product_id is not None:
        bought = 0
        for cart_line in lines:
            if cart_line.product_id != d.get_product_id and _covers(p, cart_line):
                for _unit in range(cart_line.quantity.milli // 1000):
                    bought += 1
        to_give = 0
        while bought >= d.buy:
            bought -= d.buy
            to_give += d.get
        for i, cart_line in enumerate(lines):
            if cart_line.product_id != d.get_product_id or cart_line.promotion_removed:
                continue
            given = 0
            for _unit in range(cart_line.quantity.milli // 1000):
                if to_give:
                    to_give -= 1
                    given += cart_line.unit_price.minor
            out[i] = _round(Decimal(given) * d.percent / 100)
    elif d.kind is Kind.AMOUNT and d.scope is Scope.SALE:
        assert d.amount is not None
        bases = [_base(cl) if not cl.promotion_removed and _covers(p, cl) else 0 for cl in lines]
        whole = sum(bases)
        off = min(d.amount.minor, whole)
        if whole:
            exact = [Decimal(off) * b / whole for b in bases]
            shares = [int(e) for e in exact]
            left = off - sum(shares)
            by_remainder = sorted(range(len(lines)), key=lambda i: (-(exact[i] - shares[i]), i))
            for i in by_remainder[:left]:
                shares[i] += 1
            out = shares
    else:
        for i, cart_line in enumerate(lines):
            if cart_line.promotion_removed or not _covers(p, cart_line):
                continue
            units = cart_line.quantity.milli // 1000
            price = cart_line.unit_price.minor
            saving = 0
            if d.kind is Kind.MULTI_BUY:
                complete = units - units % d.buy
                for position in range(complete):  # the last units of each group are free
                    if d.price is None and position % d.buy >= d.pay:
                        saving += price
                if d.price is not None:
                    saving = (complete // d.buy) * max(0, d.buy * price - d.price.minor)
            elif d.kind is Kind.BUY_GET:
                size = d.buy + d.get
                complete = units - units % size
                given = sum(price for pos in range(complete) if pos % size >= d.buy)
                saving = _round(Decimal(given) * d.percent / 100)
            elif d.kind is Kind.PERCENT:
                saving = _round(Decimal(_base(cart_line)) * d.percent / 100)
            else:
                assert d.amount is not None
                saving = _round(Decimal(d.amount.minor) * cart_line.quantity.milli / 1000)
            out[i] = saving
    return [max(0, min(s, _base(cl))) for s, cl in zip(out, lines, strict=True)]


def best_total(lines: list[CartLine], promotions: list[Promotion]) -> int:
    """The most any choice of one promotion (or none) per line saves, by trying them all."""
    table = [plain_savings(p, lines) for p in promotions]
    choices = [range(-1, len(promotions))] * len(lines)
    best = 0
    for pick in itertools.product(*choices):
        best = max(best, sum(table[c][i] for i, c in enumerate(pick) if c >= 0))
    return best


# -- strategies ----------------------------------------------------------------------------

prices = st.integers(min_value=0, max_value=5000)


@st.composite
def promotions(draw: st.DrawFn, number: int) -> Promotion:
    kind = draw(st.sampled_from(list(Kind)))
    scopes = [Scope.PRODUCTS, Scope.CATEGORIES]
    if kind in (Kind.PERCENT, Kind.AMOUNT):
        scopes.append(Scope.SALE)
    scope = draw(st.sampled_from(scopes))
    products = frozenset(draw(st.sets(st.integers(1, 4), min_size=1, max_size=3)))
    categories = frozenset(draw(st.sets(st.sampled_from([10, 20]), min_size=1)))
    figures: dict[str, object] = {
        "products": products if scope is Scope.PRODUCTS else frozenset(),
        "categories": categories if scope is Scope.CATEGORIES else frozenset(),
    }
    if kind is Kind.MULTI_BUY:
        buy = draw(st.integers(2, 5))
        figures["buy"] = buy
        if draw(st.booleans()):
            figures["pay"] = draw(st.integers(1, buy - 1))
        else:
            figures["price"] = kes(draw(st.integers(1, 10_000)))
    elif kind is Kind.BUY_GET:
        figures["buy"] = draw(st.integers(1, 4))
        figures["get"] = draw(st.integers(1, 3))
        figures["percent"] = Decimal(draw(st.sampled_from([100, 50, 25, 33])))
        figures["get_product_id"] = draw(st.one_of(st.none(), st.integers(1, 4)))
    elif kind is Kind.PERCENT:
        figures["percent"] = Decimal(draw(st.integers(1, 100))) / draw(st.sampled_from([1, 4]))
    else:
        figures["amount"] = kes(draw(st.integers(1, 3000)))
    made = draft(kind, scope, **figures).checked()
    return Promotion(number, made)


@st.composite
def carts(draw: st.DrawFn) -> Cart:
    lines = []
    for _ in range(draw(st.integers(1, 4))):
        product = draw(st.integers(1, 4))
        milli = draw(st.one_of(st.integers(1, 12).map(lambda n: n * 1000), st.integers(1, 9000)))
        price = draw(prices)
        gross = _round(Decimal(price) * milli / 1000)
        discount = draw(st.one_of(st.none(), st.integers(0, gross)))
        cart_line = line(product, milli, price, discount)
        if draw(st.integers(0, 9)) == 0:
            cart_line = CartLine(**{**_as_dict(cart_line), "promotion_removed": True})
        lines.append(cart_line)
    return Cart(CUR, draw(st.sampled_from(list(TaxMode))), tuple(lines))


def _as_dict(cart_line: CartLine) -> dict[str, object]:
    return {name: getattr(cart_line, name) for name in CartLine.__dataclass_fields__}


@st.composite
def offers(draw: st.DrawFn) -> list[Promotion]:
    count = draw(st.integers(0, 3))
    return [draw(promotions(n + 1)) for n in range(count)]


# -- properties ----------------------------------------------------------------------------


@settings(max_examples=400, deadline=None)
@given(carts(), offers())
def test_the_engine_gives_the_best_a_plain_recomputation_finds(
    cart: Cart, running: list[Promotion]
) -> None:
    priced = apply(cart, running, CATEGORIES)
    got = [cl.saving.minor if cl.saving is not None else 0 for cl in priced.lines]
    assert sum(got) == best_total(list(cart.lines), running)
    table = {p.id: plain_savings(p, list(cart.lines)) for p in running}
    for i, cl in enumerate(priced.lines):
        if cl.promotion is None:
            assert all(table[p][i] == 0 for p in table)
            continue
        # The one chosen saves what the recomputation says it does, and none saves more.
        assert cl.promotion.saving.minor == table[cl.promotion.id][i] > 0
        assert all(table[p][i] <= cl.promotion.saving.minor for p in table)
        assert not cl.promotion_removed
        assert cl.amount().minor >= 0
        cl.checked()


@settings(max_examples=300, deadline=None)
@given(carts(), offers())
def test_tax_on_a_promotion_is_tax_on_a_line_discount_of_the_same_amount(
    cart: Cart, running: list[Promotion]
) -> None:
    priced = apply(cart, running, CATEGORIES)
    as_discounts = [
        TaxLine(cl.quantity, cl.unit_price, cl.rate, cl.taken_off()) for cl in priced.lines
    ]
    assert priced.totals() == document_totals(as_discounts, priced.mode, CUR)
    assert priced.totals().gross <= cart.totals().gross  # a promotion never costs more


@settings(max_examples=200, deadline=None)
@given(carts(), offers())
def test_a_promotion_is_not_the_cashiers_discount(cart: Cart, running: list[Promotion]) -> None:
    assert apply(cart, running, CATEGORIES).discount_percent() == cart.discount_percent()


@settings(max_examples=100, deadline=None)
@given(carts(), offers())
def test_the_cart_keeps_its_promotions_through_saving(cart: Cart, running: list[Promotion]) -> None:
    priced = apply(cart, running, CATEGORIES)
    assert Cart.from_json(priced.to_json()) == priced


# -- examples ------------------------------------------------------------------------------


def test_worked_examples() -> None:
    three_for_two = Promotion(1, draft(Kind.MULTI_BUY, products=frozenset({1}), buy=3, pay=2))
    two_for_100 = Promotion(
        2, draft(Kind.MULTI_BUY, products=frozenset({2}), buy=2, price=kes(10000))
    )
    buy_2_get_soap = Promotion(
        3,
        draft(
            Kind.BUY_GET,
            products=frozenset({3}),
            buy=2,
            get=1,
            get_product_id=4,
            percent=Decimal(100),
        ),
    )
    cart = Cart(
        CUR,
        TaxMode.INCLUSIVE,
        (line(1, 7000, 5000), line(2, 5000, 6000), line(3, 4000, 1000), line(4, 3000, 800)),
    )
    priced = apply(cart, [three_for_two, two_for_100, buy_2_get_soap], CATEGORIES)
    assert [cl.saving for cl in priced.lines] == [
        kes(10000),  # 7 pieces: two groups of 3, two free
        kes(4000),  # 5 pieces: two pairs at 100 instead of 120
        None,
        kes(1600),  # 4 bought: 2 soaps given
    ]


def test_running_depends_on_dates_days_hours_and_the_price_list() -> None:
    evenings = Promotion(
        1,
        draft(
            Kind.PERCENT,
            products=frozenset({1}),
            percent=Decimal(10),
            hours=Hours(dt.time(17), dt.time(20)),
            weekdays=frozenset({0, 4}),
            price_list_id=5,
        ),
    )
    monday_evening = dt.datetime.combine(DAY, dt.time(18))
    assert in_force([evenings], monday_evening, 5) == [evenings]
    assert in_force([evenings], monday_evening, None) == []  # not on that list
    assert in_force([evenings], monday_evening.replace(hour=20), 5) == []  # until 20:00
    assert in_force([evenings], monday_evening + dt.timedelta(days=1), 5) == []  # Tuesday
    assert in_force([evenings], monday_evening + dt.timedelta(days=7), 5) == []  # over
    assert evenings.status(monday_evening - dt.timedelta(days=1)) is Status.UPCOMING
    ended = Promotion(1, evenings.draft, ended_at=monday_evening - dt.timedelta(minutes=1))
    assert in_force([ended], monday_evening, 5) == []
    assert ended.status(monday_evening) is Status.ENDED


def test_overlaps_are_the_same_products_customers_and_times() -> None:
    soap = draft(Kind.PERCENT, products=frozenset({1, 2}), percent=Decimal(5))
    assert soap.overlaps(draft(Kind.MULTI_BUY, products=frozenset({2}), buy=3, pay=2))
    assert not soap.overlaps(draft(Kind.PERCENT, products=frozenset({3}), percent=Decimal(5)))
    later = DAY + dt.timedelta(days=7)
    assert not soap.overlaps(
        draft(Kind.PERCENT, products=frozenset({1}), percent=Decimal(5), starts=later, ends=later)
    )
    assert not soap.overlaps(
        draft(Kind.PERCENT, products=frozenset({1}), percent=Decimal(5), price_list_id=2)
    )
    mornings = draft(
        Kind.PERCENT,
        products=frozenset({1}),
        percent=Decimal(5),
        hours=Hours(dt.time(8), dt.time(12)),
    )
    afternoons = draft(
        Kind.PERCENT,
        products=frozenset({1}),
        percent=Decimal(5),
        hours=Hours(dt.time(12), dt.time(18)),
    )
    assert not mornings.overlaps(afternoons) and soap.overlaps(mornings)
    weekend = draft(
        Kind.PERCENT, products=frozenset({1}), percent=Decimal(5), weekdays=frozenset({5, 6})
    )
    weekdays = draft(
        Kind.PERCENT, products=frozenset({1}), percent=Decimal(5), weekdays=frozenset({0})
    )
    assert not weekend.overlaps(weekdays)
    sale = draft(Kind.AMOUNT, Scope.SALE, amount=kes(100))
    assert sale.overlaps(draft(Kind.PERCENT, Scope.SALE, percent=Decimal(5)))
    assert not sale.overlaps(soap)  # a product's promotion and the sale's: the best applies


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"ends": None}, "ends"),
        ({"ends": DAY - dt.timedelta(days=1)}, "ends"),
        ({"name": "  "}, "name"),
        ({"products": frozenset()}, "products"),
        ({"buy": 1}, "buy"),
        ({"pay": 3}, "pay"),
        ({"pay": 0}, "pay"),
        ({"hours": Hours(dt.time(12), dt.time(9))}, "hours"),
    ],
)
def test_bad_drafts_say_what_is_wrong(changes: dict[str, object], field: str) -> None:
    good = draft(Kind.MULTI_BUY, products=frozenset({1}), buy=3, pay=2)
    good.checked()
    values = {name: getattr(good, name) for name in PromotionDraft.__dataclass_fields__}
    with pytest.raises(InvalidInput) as refused:
        PromotionDraft(**{**values, **changes}).checked()  # type: ignore[arg-type]
    assert refused.value.field == field


def test_below_cost() -> None:
    price, cost = kes(10000), kes(7000)
    assert below_cost(draft(Kind.MULTI_BUY, buy=3, pay=2), price, cost)  # 66.67 < 70
    assert not below_cost(draft(Kind.MULTI_BUY, buy=4, pay=3), price, cost)  # 75
    assert below_cost(draft(Kind.MULTI_BUY, buy=2, price=kes(13000)), price, cost)
    assert not below_cost(draft(Kind.PERCENT, percent=Decimal(30)), price, cost)  # 70: at cost
    assert below_cost(draft(Kind.PERCENT, percent=Decimal(31)), price, cost)
    assert below_cost(draft(Kind.AMOUNT, amount=kes(3001)), price, cost)
    assert not below_cost(draft(Kind.AMOUNT, Scope.SALE, amount=kes(9000)), price, cost)
    assert below_cost(draft(Kind.BUY_GET, buy=1, get=1, percent=Decimal(100)), price, cost)
    assert not below_cost(draft(Kind.BUY_GET, buy=3, get=1, percent=Decimal(100)), price, cost)
    assert not below_cost(draft(Kind.PERCENT, percent=Decimal(90)), price, kes(0))  # no cost
