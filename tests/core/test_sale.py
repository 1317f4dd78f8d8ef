from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from duka.core.currency import cash_step, quick_cash
from duka.core.errors import InvalidInput
from duka.core.money import Money
from duka.core.products import Unit
from duka.core.quantity import Quantity
from duka.core.sale import (
    Cart,
    CartLine,
    PaymentMethod,
    Tender,
    TradeIn,
    round_cash,
    settle,
)
from duka.core.tax import TaxMode, TaxRate

VAT = TaxRate("S", "VAT 16%", Decimal(16))


def kes(amount: str) -> Money:
    return Money.of(amount, "KES")


def line(product: int, price: str, quantity: str = "1", unit: Unit = Unit.PIECE) -> CartLine:
    return CartLine(
        product, f"P{product}", unit, Quantity.of(quantity), kes(price), kes(price), VAT
    )


def cart() -> Cart:
    return Cart("KES", TaxMode.INCLUSIVE)


def test_scanning_the_same_product_again_adds_to_its_line() -> None:
    one, index = cart().add(line(1, "50"))
    two, again = one.add(line(1, "50"))
    three, other = two.add(line(2, "20"))
    assert (index, again, other) == (0, 0, 1)
    assert [(x.product_id, x.quantity) for x in three.lines] == [
        (1, Quantity.of(2)),
        (2, Quantity.of(1)),
    ]
    # a line whose price was changed keeps to itself
    changed = three.replaced(
        0, CartLine(1, "P1", Unit.PIECE, Quantity.of(2), kes("45"), kes("50"), VAT)
    )
    four, placed = changed.add(line(1, "50"))
    assert placed == 2 and len(four.lines) == 3
    assert four.totals().gross == kes("160")  # 2 x 45 + 20 + 50


def test_weighed_lines_take_grams_and_pieces_do_not() -> None:
    weighed, _ = cart().add(line(1, "120", "0.375", Unit.KILOGRAM))
    assert weighed.totals().gross == kes("45")
    with pytest.raises(InvalidInput):
        cart().add(line(2, "10", "1.5"))
    with pytest.raises(InvalidInput):
        cart().add(line(2, "10", "0"))


def test_discounts_are_checked_and_measured_against_list_prices() -> None:
    full, _ = cart().add(line(1, "200"))
    with pytest.raises(InvalidInput):
        full.with_discount(kes("201"))
    with pytest.raises(InvalidInput):
        full.replaced(
            0, CartLine(1, "P1", Unit.PIECE, Quantity.of(1), kes("200"), kes("200"), VAT, kes("-1"))
        )
    off = full.with_discount(kes("30"))
    assert off.totals().gross == kes("170")
    assert off.discount_percent() == 15
    cheaper = full.replaced(
        0, CartLine(1, "P1", Unit.PIECE, Quantity.of(1), kes("180"), kes("200"), VAT)
    )
    assert cheaper.price_changed() and cheaper.discount_percent() == 10
    assert full.without(0).is_empty and full.with_discount(kes("5")).without(0).discount is None


def test_a_cart_survives_being_saved_and_read_back() -> None:
    built, _ = cart().add(line(1, "99.95", "2"))
    built, _ = built.add(
        CartLine(
            7, "سكر ناعم", Unit.KILOGRAM, Quantity.of("1.25"), kes("80"), kes("90"), None, kes("1")
        )
    )
    built = built.with_discount(kes("10")).with_customer(3)
    assert Cart.from_json(built.to_json()) == built
    traded = built.with_trade_in(TradeIn("S-000007", ((12, 1500, False),), kes("45.50")))
    assert Cart.from_json(traded.to_json()) == traded
    assert traded.to_pay() == traded.totals().gross - kes("45.50")


def test_cash_with_change_and_a_split() -> None:
    paid = settle(kes("850"), [Tender(PaymentMethod.CASH, kes("1000"))])
    assert paid.change == kes("150") and paid.paid == kes("850")
    split = settle(
        kes("850"),
        [
            Tender(PaymentMethod.MOBILE, kes("500"), "M-Pesa", "QK12"),
            Tender(PaymentMethod.CASH, kes("400")),
        ],
    )
    assert [(p.method, p.amount) for p in split.payments] == [
        (PaymentMethod.CASH, kes("350")),
        (PaymentMethod.MOBILE, kes("500")),
    ]
    assert split.change == kes("50")


@pytest.mark.parametrize(
    ("due", "tenders", "message"),
    [
        ("850", [("cash", "800")], "less than"),
        ("850", [("card", "900")], "more than is due"),
        ("850", [("card", "500")], "still due"),
        ("850", [("card", "850"), ("cash", "10")], "Nothing is left"),
        ("850", [], "still due"),
        ("850", [("cash", "-5")], "negative"),
    ],
)
def test_payments_that_do_not_add_up_are_refused(
    due: str, tenders: list[tuple[str, str]], message: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        settle(kes(due), [Tender(PaymentMethod(m), kes(a)) for m, a in tenders])
    assert message in refused.value.message.format(**refused.value.params)


def test_cash_is_rounded_to_the_coins_a_currency_uses() -> None:
    assert cash_step("CHF") == 5 and cash_step("SEK") == 100 and cash_step("KES") == 1
    chf = Money.of("12.32", "CHF")
    paid = settle(chf, [Tender(PaymentMethod.CASH, Money.of("20", "CHF"))], cash_step("CHF"))
    assert paid.rounding == Money.of("-0.02", "CHF") and paid.change == Money.of("7.70", "CHF")
    # a card pays to the cent, so nothing is rounded when it pays everything
    card = settle(chf, [Tender(PaymentMethod.CARD, chf)], cash_step("CHF"))
    assert card.rounding.is_zero()


@given(
    due=st.integers(min_value=0, max_value=10**9),
    card=st.integers(min_value=0, max_value=10**9),
    extra=st.integers(min_value=0, max_value=10**6),
    step=st.sampled_from([1, 5, 10, 50, 100]),
)
def test_settling_never_loses_a_minor_unit(due: int, card: int, extra: int, step: int) -> None:
    card = min(card, due)
    cash_due = round_cash(Money(due - card, "KES"), step)
    tenders = [Tender(PaymentMethod.CARD, Money(card, "KES"))]
    if due - card:
        tenders.append(Tender(PaymentMethod.CASH, Money(cash_due.minor + extra, "KES")))
    result = settle(Money(due, "KES"), tenders, step)
    assert result.paid.minor == due + result.rounding.minor
    assert result.change.minor == (extra if due - card else 0)
    assert abs(result.rounding.minor) * 2 <= step
    assert all(p.amount.minor > 0 or p.tendered.minor > 0 for p in result.payments)


def test_quick_cash_offers_the_next_notes() -> None:
    assert quick_cash(123450, "KES") == [125000, 130000, 140000, 150000]
    assert quick_cash(99000, "KES") == [100000]
    assert quick_cash(100000, "KES") == []  # only the exact amount makes sense
