import pytest

from duka.core.errors import Conflict, InvalidInput
from duka.core.money import Money
from duka.core.products import ProductDraft
from duka.core.quantity import Quantity
from duka.core.sale import PaymentMethod, Tender
from duka.services.shop import Shop
from tests.documents.pdf_reading import page_texts


def kes(amount: str) -> Money:
    return Money.of(amount, "KES")


def sell(shop: Shop, product: int, *tenders: Tender) -> str:
    checkout = shop.checkout
    cart, _ = checkout.new_cart().add(checkout.line_for(shop.products.get(product), Quantity.of(1)))
    return checkout.complete(None, cart, list(tenders)).number


def test_a_day_at_the_drawer_from_float_to_z_report(kenya_shop: Shop, tmp_path: object) -> None:
    shop = kenya_shop
    tea = shop.products.add(
        ProductDraft("Chai", kes("100"), kes("60")), opening_stock=Quantity.of(50)
    )
    # The first sale opens the drawer, with the float the cashier gave when asked.
    cart, _ = shop.checkout.new_cart().add(
        shop.checkout.line_for(shop.products.get(tea), Quantity.of(1))
    )
    first = shop.checkout.complete(
        None, cart, [Tender(PaymentMethod.CASH, kes("100"))], opening_float=kes("500")
    )
    session = shop.cash.current().id  # type: ignore[union-attr]
    assert shop.returns.find(first.number).sale_id  # the sale is kept in it
    with pytest.raises(Conflict):
        shop.cash.open(kes("100"))
    sell(shop, tea, Tender(PaymentMethod.CASH, kes("200")))  # 100 change given
    number = sell(shop, tea, Tender(PaymentMethod.MOBILE, kes("100"), "M-Pesa", "X1"))
    sell(shop, tea, Tender(PaymentMethod.CARD, kes("60")), Tender(PaymentMethod.CASH, kes("40")))
    shop.cash.move(kes("50"), "change from the bank", paid_in=True)
    shop.cash.move(kes("30"), "  bought   milk ", paid_in=False)
    with pytest.raises(InvalidInput):
        shop.cash.move(kes("30"), " ", paid_in=False)
    line = shop.returns.find(number).lines[0]
    shop.returns.refund(number, {line.line_id: (Quantity.of(1), True)}, PaymentMethod.CASH)
    cancelled_cart, _ = shop.checkout.new_cart().add(
        shop.checkout.line_for(shop.products.get(tea), Quantity.of(1))
    )
    shop.carts.cancel(None, cancelled_cart)

    x = shop.cash.report()
    assert x.sums.sales == 4 and x.sums.gross == 40000
    assert x.sums.by_method == {"card": 6000, "cash": 24000, "mobile": 10000}
    assert x.expected == kes("660")  # 500 + 100 + 100 + 40 + 50 in, 30 out, 100 refunded
    assert x.cancelled == 1 and x.counted is None

    z = shop.cash.close(kes("0"), counts={100000: 0, 20000: 3, 5000: 1})
    assert z.counted == kes("650") and z.difference == kes("-10")
    assert z.sums.grand_total == 40000 - 10000  # every sale ever, less the refund
    assert shop.cash.current() is None
    assert shop.cash.usual_float() == kes("650")  # what the next session starts with
    assert all(not r.problems for r in shop.maintenance.verify())
    kinds = [
        r[0] for r in shop.context.db.execute("SELECT kind FROM journal WHERE kind = 'cash_event'")
    ]
    assert len(kinds) == 4  # open, in, out, close

    path = tmp_path / "z.pdf"  # type: ignore[operator]
    shop.cash.report_pdf(path, session)
    text = " ".join(page_texts(path))  # the no-break space after "Ksh" reads as a space
    for expected in (
        "Z report 1",
        "Cash expected",
        "Ksh 660.00",
        "Ksh 650.00",
        "-Ksh 10.00",
        "Grand total",
        "Ksh 300.00",
    ):
        assert expected in text, (expected, text)
