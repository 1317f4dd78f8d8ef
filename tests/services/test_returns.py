from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from duka.core import settings as spec
from duka.core.errors import InvalidInput, NotFound
from duka.core.money import Money
from duka.core.products import ProductDraft, Unit
from duka.core.quantity import Quantity
from duka.core.returns import SoldLine, refund_amount
from duka.core.sale import PaymentMethod, Tender
from duka.core.tax import TaxRate
from duka.services.shop import Shop


def kes(amount: str) -> Money:
    return Money.of(amount, "KES")


@pytest.fixture
def sold(kenya_shop: Shop) -> tuple[Shop, str, list[int]]:
    """Sugar x3 and 1.5 kg of rice with 10.00 off the sale, paid by M-Pesa."""
    shop = kenya_shop
    shop.settings.save({spec.TAX_RATES.key: (TaxRate("S", "VAT 16%", Decimal(16)),)})
    sugar = shop.products.add(
        ProductDraft("Sukari", kes("180"), kes("150"), tax_code="S"), opening_stock=Quantity.of(10)
    )
    rice = shop.products.add(
        ProductDraft("Mchele", kes("120"), kes("90"), unit=Unit.KILOGRAM),
        opening_stock=Quantity.of(20),
    )
    checkout = shop.checkout
    cart, _ = checkout.new_cart().add(checkout.line_for(shop.products.get(sugar), Quantity.of(3)))
    cart, _ = cart.add(checkout.line_for(shop.products.get(rice), Quantity.of("1.5")))
    cart = cart.with_discount(kes("10"))
    done = checkout.complete(
        None, cart, [Tender(PaymentMethod.MOBILE, cart.totals().gross, "M-Pesa", "QX1")]
    )
    return shop, done.number, [sugar, rice]


def problems(shop: Shop) -> tuple[str, ...]:
    return {r.name: r.problems for r in shop.maintenance.verify()}["Sales"]


def test_returning_part_of_a_sale_makes_a_refund_of_its_own(
    sold: tuple[Shop, str, list[int]],
) -> None:
    shop, number, (sugar, rice) = sold
    sale = shop.returns.find(number)
    assert sale.original_method is PaymentMethod.MOBILE
    sugar_line, rice_line = sale.lines
    assert sugar_line.amount + rice_line.amount == kes("710")  # 540 + 180 - 10
    first = shop.returns.refund(
        number, {sugar_line.line_id: (Quantity.of(1), True)}, sale.original_method
    )
    assert first.number == "R-000001"
    assert first.total == refund_amount(sugar_line, Quantity.of(1))
    assert shop.stock.level(sugar) == Quantity.of(8)  # 10 - 3 + 1
    # the rest of the sugar and the rice, damaged: back in the books, then written off
    again = shop.returns.find(number)
    rest = shop.returns.refund(
        number,
        {
            again.lines[0].line_id: (Quantity.of(2), True),
            again.lines[1].line_id: (Quantity.of("1.5"), False),
        },
        PaymentMethod.CASH,
        "wrong size",
    )
    assert first.total + rest.total == kes("710")  # every minor unit back, none more
    assert shop.stock.level(rice) == Quantity.of("18.5")
    assert problems(shop) == ()
    db = shop.context.db
    assert db.execute("SELECT count(*) FROM sales").fetchone() == (1,)  # the sale is untouched
    assert db.execute("SELECT kind FROM journal ORDER BY seq DESC LIMIT 2").fetchall()[-1] == (
        "refund",
    )


def test_more_than_was_sold_cannot_come_back(sold: tuple[Shop, str, list[int]]) -> None:
    shop, number, _ids = sold
    line = shop.returns.find(number).lines[0]
    journal_before = shop.context.db.execute("SELECT count(*) FROM journal").fetchone()
    with pytest.raises(InvalidInput):
        shop.returns.refund(number, {line.line_id: (Quantity.of(4), True)}, PaymentMethod.CASH)
    with pytest.raises(InvalidInput):
        shop.returns.refund(number, {}, PaymentMethod.CASH)
    with pytest.raises(InvalidInput):  # no customer on the sale
        shop.returns.refund(number, {line.line_id: (Quantity.of(1), True)}, PaymentMethod.ACCOUNT)
    with pytest.raises(NotFound):
        shop.returns.find("S-999999")
    shop.returns.refund(number, {line.line_id: (Quantity.of(3), True)}, PaymentMethod.CASH)
    with pytest.raises(InvalidInput):
        shop.returns.refund(number, {line.line_id: (Quantity.of(1), True)}, PaymentMethod.CASH)
    assert shop.context.db.execute("SELECT count(*) FROM refunds").fetchone() == (1,)
    assert shop.context.db.execute("SELECT count(*) FROM journal").fetchone()[0] > journal_before[0]


@settings(max_examples=200)
@given(
    amount=st.integers(min_value=0, max_value=10**7),
    sold=st.integers(min_value=1, max_value=50),
    cuts=st.lists(st.integers(min_value=1, max_value=50), max_size=10),
)
def test_returning_in_any_steps_refunds_exactly_what_was_paid(
    amount: int, sold: int, cuts: list[int]
) -> None:
    line = SoldLine(
        1, 1, "x", Quantity.of(sold), Money(amount, "KES"), None, Quantity(0), Money(0, "KES")
    )
    refunded = 0
    for cut in cuts:
        take = min(cut, sold - line.returned.milli // 1000)
        if take <= 0:
            break
        part = refund_amount(line, Quantity.of(take))
        assert 0 <= part.minor <= amount - refunded
        refunded += part.minor
        line = SoldLine(
            1,
            1,
            "x",
            line.quantity,
            line.amount,
            None,
            line.returned + Quantity.of(take),
            Money(refunded, "KES"),
        )
    if line.returnable.milli:
        refunded += refund_amount(line, line.returnable).minor
    assert refunded == amount


def test_a_refund_above_the_cashiers_limit_needs_a_manager(
    sold: tuple[Shop, str, list[int]],
) -> None:
    from duka.core.access import Permission, Role
    from duka.core.errors import NotAllowed
    from tests.conftest import OWNER_PIN

    shop, number, _ids = sold
    shop.settings.save({spec.REFUND_LIMIT.key: 100})
    shop.access.add_user("Neema", Role.CASHIER, "1357")
    shop.access.sign_in("1357")
    line = shop.returns.find(number).lines[0]  # sugar at 180 each
    journal = shop.context.db.execute("SELECT count(*) FROM refunds").fetchone()
    with pytest.raises(NotAllowed):
        shop.returns.refund(number, {line.line_id: (Quantity.of(1), True)}, PaymentMethod.CASH)
    assert shop.context.db.execute("SELECT count(*) FROM refunds").fetchone() == journal
    approval = shop.access.approve(OWNER_PIN, Permission.BIG_REFUNDS)
    done = shop.returns.refund(
        number, {line.line_id: (Quantity.of(1), True)}, PaymentMethod.CASH, approval=approval
    )
    row = shop.context.db.execute(
        "SELECT approved_by FROM refunds WHERE id = ?", (done.id,)
    ).fetchone()
    assert row == ("Zawadi",)


def test_an_exchange_settles_only_the_difference(sold: tuple[Shop, str, list[int]]) -> None:
    from duka.core.sale import TradeIn

    shop, number, (sugar, rice) = sold
    checkout = shop.checkout
    line = shop.returns.find(number).lines[0]  # sugar
    back = refund_amount(line, Quantity.of(1))
    trade = TradeIn(number, ((line.line_id, 1000, True),), back)
    dearer, _ = checkout.new_cart().add(checkout.line_for(shop.products.get(rice), Quantity.of(2)))
    dearer = dearer.with_trade_in(trade)
    assert dearer.to_pay() == kes("240") - back
    done = checkout.complete(None, dearer, [Tender(PaymentMethod.CASH, kes("100"))])
    assert done.refund == "R-000001" and done.given_back == kes("0")
    assert done.settlement.change == kes("100") - (kes("240") - back)
    # worth more than the new goods: the difference goes back in cash
    line = shop.returns.find(number).lines[0]
    cheaper, _ = checkout.new_cart().add(
        checkout.line_for(shop.products.get(rice), Quantity.of("0.5"))
    )
    cheaper = cheaper.with_trade_in(TradeIn(number, ((line.line_id, 2000, False),), kes("0")))
    second = checkout.complete(None, cheaper, [])
    assert second.given_back is not None and second.given_back.minor > 0
    assert shop.stock.level(sugar) == Quantity.of(8)  # 10 - 3 + 1 back on the shelf (2 written off)
    assert {r.name: r.problems for r in shop.maintenance.verify()}["Sales"] == ()
    # a trade-in cannot bring back more than was sold, and nothing is written then
    too_much = cheaper.with_trade_in(TradeIn(number, ((line.line_id, 1000, True),), kes("0")))
    sales = shop.context.db.execute("SELECT count(*) FROM sales").fetchone()
    with pytest.raises(InvalidInput):
        checkout.complete(None, too_much, [])
    assert shop.context.db.execute("SELECT count(*) FROM sales").fetchone() == sales


def test_a_refund_in_a_shop_whose_prices_exclude_tax_verifies(kenya_shop: Shop) -> None:
    shop = kenya_shop
    shop.settings.save(
        {
            spec.TAX_RATES.key: (TaxRate("S", "VAT 16%", Decimal(16)),),
            spec.PRICES_INCLUDE_TAX.key: False,
        }
    )
    sugar = shop.products.add(
        ProductDraft("Sukari", kes("100"), kes("80"), tax_code="S"), opening_stock=Quantity.of(5)
    )
    checkout = shop.checkout
    cart, _ = checkout.new_cart().add(checkout.line_for(shop.products.get(sugar), Quantity.of(2)))
    done = checkout.complete(None, cart, [Tender(PaymentMethod.CASH, cart.totals().gross)])
    line = shop.returns.find(done.number).lines[0]
    refund = shop.returns.refund(done.number, {line.line_id: (Quantity.of(1), True)},
                                 PaymentMethod.CASH)  # fmt: skip
    assert refund.total == kes("116")  # 100 net and its 16% tax
    assert problems(shop) == ()
