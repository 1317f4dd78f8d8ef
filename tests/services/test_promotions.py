"""Promotions through the services: made, refused, applied at the till and at the checkout,
taken off a line by a manager, ended; stored on the sale's lines, journaled and reported."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal

import pytest

from duka.core import settings as spec
from duka.core.access import Permission, Role
from duka.core.errors import Conflict, InvalidInput, NotAllowed, NotFound
from duka.core.money import Money
from duka.core.products import ProductDraft
from duka.core.promotions import Hours, Kind, PromotionDraft, Scope, Status
from duka.core.purchases import NeedsConfirmation
from duka.core.quantity import Quantity
from duka.core.sale import Cart, PaymentMethod, Tender
from duka.core.tax import TaxLine, TaxRate, document_totals
from duka.services.shop import Shop
from duka.store import journal
from tests.conftest import OWNER_PIN


def kes(amount: str) -> Money:
    return Money.of(amount, "KES")


TODAY = dt.date.today()
WEEK = TODAY + dt.timedelta(days=7)


@pytest.fixture
def shop(kenya_shop: Shop) -> Shop:
    kenya_shop.settings.save({spec.TAX_RATES.key: (TaxRate("S", "VAT 16%", Decimal(16)),)})
    return kenya_shop


def product(shop: Shop, name: str, price: str, cost: str = "0", category: str = "") -> int:
    return shop.products.add(
        ProductDraft(
            name,
            kes(price),
            kes(cost),
            tax_code="S",
            category=(category,) if category else (),
        )
    )


def three_for_two(product_id: int, **changes: object) -> PromotionDraft:
    draft = PromotionDraft(
        "Soap 3 for 2",
        Kind.MULTI_BUY,
        Scope.PRODUCTS,
        TODAY,
        WEEK,
        products=frozenset({product_id}),
        buy=3,
        pay=2,
    )
    return PromotionDraft(**{**_fields(draft), **changes})  # type: ignore[arg-type]


def _fields(draft: PromotionDraft) -> dict[str, object]:
    return {name: getattr(draft, name) for name in draft.__dataclass_fields__}


def cart_of(shop: Shop, *items: tuple[int, int]) -> Cart:
    cart = shop.checkout.new_cart()
    for product_id, count in items:
        line = shop.checkout.line_for(shop.products.get(product_id), Quantity.of(count))
        cart, _ = cart.add(line)
    return shop.promotions.apply(cart)


def count(shop: Shop, table: str) -> int:
    return int(shop.context.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def test_a_multi_buy_is_applied_sold_journaled_and_reported(shop: Shop) -> None:
    soap = product(shop, "Soap", "100", "50")
    promotion = shop.promotions.create(three_for_two(soap))
    cart = cart_of(shop, (soap, 7))
    (line,) = cart.lines
    assert line.promotion is not None and line.promotion.id == promotion
    assert line.promotion.saving == kes("200")  # two groups of three: two free
    assert line.amount() == kes("500")
    # Tax on the discounted amount exactly as a line discount of the same amount.
    plain = document_totals(
        [TaxLine(line.quantity, line.unit_price, line.rate, kes("200"))],
        cart.mode,
        "KES",
    )
    assert cart.totals() == plain
    done = shop.checkout.complete(None, cart, [Tender(PaymentMethod.CASH, kes("500"))])
    row = shop.context.db.execute(
        "SELECT discount, amount, promotion_id, promotion_saving FROM sale_lines WHERE sale_id = ?",
        (done.id,),
    ).fetchone()
    assert tuple(row) == (20000, 50000, promotion, 20000)
    assert not journal.latest_problems(shop.context.db)
    report = shop.reports.run("promotions", TODAY, TODAY)
    assert report.values("promotion")[:1] == ["Soap 3 for 2"]
    assert report.values("saving")[:1] == [20000]
    assert report.values("saving") == shop.reports.run("promotions", TODAY, TODAY, till=1).values(
        "saving"
    )


def test_the_checkout_applies_promotions_to_a_cart_built_without_them(shop: Shop) -> None:
    soap = product(shop, "Soap", "100")
    shop.promotions.create(three_for_two(soap))
    cart = shop.checkout.new_cart()
    cart, _ = cart.add(shop.checkout.line_for(shop.products.get(soap), Quantity.of(3)))
    assert cart.lines[0].promotion is None
    done = shop.checkout.complete(None, cart, [Tender(PaymentMethod.CASH, kes("200"))])
    gross = shop.context.db.execute("SELECT gross FROM sales WHERE id = ?", (done.id,))
    assert gross.fetchone()[0] == 20000


def test_the_best_promotion_wins_and_audiences_are_kept_apart(shop: Shop) -> None:
    soap = product(shop, "Soap", "100", category="Home")
    tea = product(shop, "Tea", "300", category="Food")
    shop.promotions.create(three_for_two(soap))
    shop.promotions.create(
        PromotionDraft(
            "Everything 10% off",
            Kind.PERCENT,
            Scope.SALE,
            TODAY,
            WEEK,
            percent=Decimal(10),
        )
    )
    shop.promotions.create(
        PromotionDraft(
            "Wholesale tea",
            Kind.AMOUNT,
            Scope.PRODUCTS,
            TODAY,
            WEEK,
            products=frozenset({tea}),
            amount=kes("100"),
            price_list_id=7,
        )
    )
    cart = cart_of(shop, (soap, 3), (tea, 1))
    assert [line.promotion.name for line in cart.lines if line.promotion] == [
        "Soap 3 for 2",
        "Everything 10% off",
    ]
    assert [line.saving for line in cart.lines] == [kes("100"), kes("30")]
    listed = shop.promotions.apply(Cart(cart.currency, cart.mode, cart.lines, price_list_id=7))
    assert listed.lines[1].promotion is not None
    assert listed.lines[1].promotion.name == "Wholesale tea"
    assert listed.lines[1].saving == kes("100")


def test_bad_promotions_are_refused_and_nothing_is_written(shop: Shop) -> None:
    soap = product(shop, "Soap", "100")
    shop.promotions.create(three_for_two(soap))
    before = (count(shop, "promotions"), count(shop, "journal"), count(shop, "audit"))
    with pytest.raises(InvalidInput) as no_end:
        shop.promotions.create(three_for_two(soap, name="Other", ends=None))
    assert "end date" in no_end.value.message
    with pytest.raises(Conflict) as overlap:
        shop.promotions.create(
            three_for_two(soap, name="Soap again", starts=WEEK, ends=WEEK, buy=2, pay=1)
        )
    assert "Soap 3 for 2" in overlap.value.message
    for bad in (
        three_for_two(soap, name=" "),
        three_for_two(soap, name="x", pay=3),
        three_for_two(soap, name="x", ends=TODAY - dt.timedelta(days=1), starts=TODAY),
        three_for_two(
            soap, name="x", starts=TODAY - dt.timedelta(days=9), ends=TODAY - dt.timedelta(days=2)
        ),
        three_for_two(soap, name="x", products=frozenset()),
        three_for_two(soap, name="x", products=frozenset({999_999})),
        three_for_two(soap, name="x", hours=Hours(dt.time(18), dt.time(9))),
        PromotionDraft("x", Kind.PERCENT, Scope.PRODUCTS, TODAY, WEEK, frozenset({soap})),
        PromotionDraft("x", Kind.MULTI_BUY, Scope.SALE, TODAY, WEEK, buy=3, pay=2),
    ):
        with pytest.raises((InvalidInput, Conflict, NotFound)):
            shop.promotions.create(bad)
    after = (count(shop, "promotions"), count(shop, "journal"), count(shop, "audit"))
    assert after == before


def test_the_same_products_at_other_hours_or_for_another_list_do_not_overlap(shop: Shop) -> None:
    soap = product(shop, "Soap", "100")
    shop.promotions.create(three_for_two(soap, hours=Hours(dt.time(8), dt.time(12))))
    shop.promotions.create(
        three_for_two(soap, name="Afternoon", hours=Hours(dt.time(12), dt.time(18)))
    )
    shop.promotions.create(three_for_two(soap, name="Wholesale", price_list_id=3))
    with pytest.raises(Conflict):
        shop.promotions.create(
            three_for_two(soap, name="Lunch", hours=Hours(dt.time(11), dt.time(13)))
        )


def test_below_cost_needs_a_yes(shop: Shop) -> None:
    soap = product(shop, "Soap", "100", cost="80")  # 3 for 2: 66.67 a piece, below 80
    with pytest.raises(NeedsConfirmation) as warned:
        shop.promotions.create(three_for_two(soap))
    assert "“Soap”" in warned.value.message and "below cost" in warned.value.message
    assert count(shop, "promotions") == 0
    shop.promotions.create(three_for_two(soap), confirmed=True)
    assert count(shop, "promotions") == 1
    after = shop.context.db.execute(
        "SELECT after FROM audit WHERE action = 'promotion_created'"
    ).fetchone()[0]
    assert "below_cost" in after


def test_a_manager_removes_a_lines_promotion_and_it_is_recorded(shop: Shop) -> None:
    soap = product(shop, "Soap", "100")
    shop.promotions.create(three_for_two(soap))
    shop.access.add_user("Neema", Role.CASHIER, "1357")
    shop.access.sign_in("1357")
    cart = cart_of(shop, (soap, 3))
    assert cart.lines[0].saving == kes("100")
    with pytest.raises(NotAllowed):
        shop.promotions.remove_from_line(cart, 0)
    approval = shop.access.approve(OWNER_PIN, Permission.DISCOUNT)
    plain = shop.promotions.remove_from_line(cart, 0, approval)
    assert plain.lines[0].promotion is None and plain.lines[0].promotion_removed
    assert shop.promotions.apply(plain).lines[0].promotion is None  # stays off
    assert plain.totals().gross == kes("300")
    entry = shop.context.db.execute(
        "SELECT subject, approved_by FROM audit WHERE action = 'promotion_removed'"
    ).fetchone()
    assert entry[0] == "Soap 3 for 2" and entry[1] is not None
    # The cashier sells it at the full price without a further approval.
    shop.checkout.complete(None, plain, [Tender(PaymentMethod.CASH, kes("300"))])


def test_ending_a_promotion_stops_it_at_once(shop: Shop) -> None:
    soap = product(shop, "Soap", "100")
    promotion = shop.promotions.create(three_for_two(soap))
    assert cart_of(shop, (soap, 3)).lines[0].promotion is not None
    (listed,) = shop.promotions.listed()
    assert listed.status is Status.RUNNING
    shop.promotions.end(promotion)
    assert cart_of(shop, (soap, 3)).lines[0].promotion is None
    (listed,) = shop.promotions.listed()
    assert listed.status is Status.ENDED
    with pytest.raises(Conflict):
        shop.promotions.end(promotion)
    kinds = shop.context.db.execute(
        "SELECT count(*) FROM journal WHERE kind = 'promotion'"
    ).fetchone()[0]
    assert kinds == 2
    # A promotion of the same products may now be made again.
    shop.promotions.create(three_for_two(soap, name="Again"))


def test_a_category_promotion_covers_its_subcategories(shop: Shop) -> None:
    rice = shop.products.add(
        ProductDraft("Rice", kes("200"), kes("0"), category=("Food", "Staples"))
    )
    soap = product(shop, "Soap", "100", category="Home")
    food = shop.context.db.execute("SELECT id FROM categories WHERE name = 'Food'").fetchone()[0]
    shop.promotions.create(
        PromotionDraft(
            "Food week",
            Kind.PERCENT,
            Scope.CATEGORIES,
            TODAY,
            WEEK,
            categories=frozenset({int(food)}),
            percent=Decimal(25),
        )
    )
    cart = cart_of(shop, (rice, 1), (soap, 1))
    assert [line.saving for line in cart.lines] == [kes("50"), None]


def test_the_receipt_and_the_z_report_show_the_savings(shop: Shop) -> None:
    soap = product(shop, "Soap", "100")
    tea = product(shop, "Tea", "300")
    shop.promotions.create(three_for_two(soap))
    cart = cart_of(shop, (soap, 3), (tea, 1))
    cart = cart.replaced(1, replace(cart.lines[1], discount=kes("20")))  # the cashier's own
    cart = shop.promotions.apply(cart)
    done = shop.checkout.complete(None, cart, [Tender(PaymentMethod.CASH, kes("480"))])
    receipt = shop.receipts.receipt(done.number)
    notes = [line.note for line in receipt.lines]
    assert notes == ["Soap 3 for 2: you save 100.00", "discount -20.00"]
    assert [line.amount for line in receipt.lines] == ["200.00", "280.00"]
    assert ("You saved", "Ksh 100.00") in [(a, b.replace("\xa0", " ")) for a, b in receipt.totals]
    report = shop.cash.report()
    assert report.promotions == (("Soap 3 for 2", 10000),)
    assert report.sums.discounts == 12000  # the promotion's and the cashier's
    z = shop.cash.report_document()
    labels = [label for label, _value in z.totals]
    assert labels.index("of which “Soap 3 for 2”") == labels.index("Discounts") + 1
