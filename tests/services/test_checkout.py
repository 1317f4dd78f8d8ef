from decimal import Decimal

import pytest

from duka.core import settings as spec
from duka.core.access import Permission, Role
from duka.core.barcodes import check_digit
from duka.core.errors import InvalidInput, NotAllowed
from duka.core.money import Money
from duka.core.products import Barcode, ProductDraft, Unit
from duka.core.quantity import Quantity
from duka.core.sale import Cart, PaymentMethod, Tender
from duka.core.tax import TaxRate
from duka.services.shop import Shop
from tests.conftest import OWNER_PIN


def kes(amount: str) -> Money:
    return Money.of(amount, "KES")


def ean(body: str) -> str:
    return body + check_digit(body)


@pytest.fixture
def shop(kenya_shop: Shop) -> Shop:
    kenya_shop.settings.save(
        {
            spec.TAX_RATES.key: (
                TaxRate("S", "VAT 16%", Decimal(16)),
                TaxRate("E", "Exempt", Decimal(0), exempt=True),
            )
        }
    )
    return kenya_shop


def add(
    shop: Shop,
    name: str,
    price: str,
    code: str,
    unit: Unit = Unit.PIECE,
    stock: str = "50",
    tax: str | None = "S",
    sku: str | None = None,
) -> int:
    return shop.products.add(
        ProductDraft(
            name, kes(price), kes("1"), unit=unit, tax_code=tax, sku=sku, barcodes=(Barcode(code),)
        ),
        opening_stock=Quantity.of(stock),
    )


def scan_into(shop: Shop, cart: Cart, *codes: str) -> Cart:
    for code in codes:
        found = shop.checkout.scan(code)
        assert found is not None, code
        cart, _ = cart.add(shop.checkout.scanned_line(found))
    return cart


def sales_problems(shop: Shop) -> tuple[str, ...]:
    return {r.name: r.problems for r in shop.maintenance.verify()}["Sales"]


def test_a_scanned_sale_paid_in_cash_is_one_whole_document(shop: Shop) -> None:
    soap = add(shop, "Sabuni", "55", ean("616400000011"))
    milk = add(shop, "Maziwa", "60", ean("616400000012"), tax="E")
    cart = scan_into(
        shop,
        shop.checkout.new_cart(),
        ean("616400000011"),
        ean("616400000012"),
        ean("616400000011"),
    )
    cart_id = shop.carts.save(None, cart)
    assert shop.carts.open_cart() == (cart_id, cart)  # saved as it is built

    done = shop.checkout.complete(cart_id, cart, [Tender(PaymentMethod.CASH, kes("200"))])
    assert done.number == "S-000001"
    assert done.settlement.change == kes("30")
    assert shop.carts.open_cart()[0] is None  # the saved cart went with the sale
    assert shop.stock.level(soap) == Quantity.of(48) and shop.stock.level(milk) == Quantity.of(49)
    db = shop.context.db
    assert db.execute("SELECT gross, tax, net FROM sales").fetchone() == (17000, 1517, 15483)
    assert db.execute("SELECT kind FROM journal ORDER BY seq DESC LIMIT 1").fetchone() == ("sale",)
    assert sales_problems(shop) == ()
    second = shop.checkout.complete(
        None, cart, [Tender(PaymentMethod.CARD, kes("170"), reference="4411")]
    )
    assert second.number == "S-000002"
    assert all(not r.problems for r in shop.maintenance.verify())


def test_pack_and_scale_barcodes_say_how_much(shop: Shop) -> None:
    add(shop, "Soda", "50", ean("616400000021"))
    tray = shop.products.get(shop.products.search("Soda")[0].id)
    shop.products.update(
        tray.id,
        ProductDraft(
            "Soda",
            kes("50"),
            kes("1"),
            tax_code="S",
            barcodes=(Barcode(ean("616400000021")), Barcode(ean("616400000022"), Quantity.of(24))),
        ),
    )
    found = shop.checkout.scan(ean("616400000022"))
    assert found is not None and found.quantity == Quantity.of(24)

    add(shop, "Nyama", "600", ean("210012300000"), unit=Unit.KILOGRAM)
    weighed = shop.checkout.scan(ean("210012301250"))
    assert (
        weighed is not None
        and weighed.product.name == "Nyama"
        and weighed.quantity == Quantity.of("1.25")
    )
    add(shop, "Mboga", "80", "VEG-1", unit=Unit.KILOGRAM, sku="00777")
    assert shop.checkout.scan(ean("210077700500")).quantity == Quantity.of("0.5")  # by its code

    shop.settings.save({spec.SCALE_BARCODES.key: "price-5"})
    priced = shop.checkout.scan(ean("210012330000"))  # 300.00 of meat at 600 a kg
    assert priced is not None and priced.quantity == Quantity.of("0.5")
    assert shop.checkout.scan("nothing-like-this") is None


def test_a_shops_own_code_sells_when_scanned(shop: Shop) -> None:
    """A butcher's label code with a wrong EAN-8 check digit, kept as the shop's own."""
    pork = shop.products.add(
        ProductDraft("Pork", kes("600"), kes("1"), barcodes=(Barcode("25250001", own=True),)),
        opening_stock=Quantity.of(5),
    )
    found = shop.checkout.scan("25250001")
    assert found is not None and found.product.id == pork and found.quantity == Quantity.of(1)
    cart = scan_into(shop, shop.checkout.new_cart(), "25250001", "25250001")
    sale = shop.checkout.complete(None, cart, [Tender(PaymentMethod.CASH, kes("1200"))])
    assert sale.settlement.due == kes("1200") and sale.settlement.change == kes("0")
    assert shop.stock.level(pork) == Quantity.of(3)


def test_parking_resuming_and_cancelling(shop: Shop) -> None:
    add(shop, "Chai", "30", ean("616400000031"))
    first = scan_into(shop, shop.checkout.new_cart(), ean("616400000031"))
    first_id = shop.carts.save(None, first)
    parked_id = shop.carts.park(first_id, first)
    assert shop.carts.open_cart()[0] is None
    second = scan_into(shop, shop.checkout.new_cart(), ean("616400000031"), ean("616400000031"))
    second_id = shop.carts.save(None, second)
    back_id, back = shop.carts.resume(parked_id, second_id, second)
    assert back == first and back_id == parked_id
    assert [p.cart for p in shop.carts.parked()] == [second]  # the other one waits now
    shop.carts.cancel(back_id, back, "customer changed mind")
    assert shop.carts.open_cart()[0] is None
    action, after = shop.context.db.execute(
        "SELECT action, after FROM audit ORDER BY id DESC LIMIT 1"
    ).fetchone()
    assert action == "sale_cancelled" and "changed mind" in after
    with pytest.raises(InvalidInput):
        shop.carts.park(None, shop.checkout.new_cart())


def test_bad_payments_and_carts_change_nothing(shop: Shop) -> None:
    add(shop, "Unga", "150", ean("616400000041"))
    cart = scan_into(shop, shop.checkout.new_cart(), ean("616400000041"))
    before = shop.context.db.execute("SELECT count(*) FROM journal").fetchone()
    for tenders in (
        [Tender(PaymentMethod.CASH, kes("100"))],
        [Tender(PaymentMethod.CARD, kes("140"))],
        [],
    ):
        with pytest.raises(InvalidInput):
            shop.checkout.complete(None, cart, tenders)
    with pytest.raises(InvalidInput):  # on account needs a customer
        shop.checkout.complete(None, cart, [Tender(PaymentMethod.ACCOUNT, kes("150"))])
    with pytest.raises(InvalidInput):
        shop.checkout.complete(
            None, shop.checkout.new_cart(), [Tender(PaymentMethod.CASH, kes("1"))]
        )
    assert shop.context.db.execute("SELECT count(*) FROM journal").fetchone() == before
    assert shop.context.db.execute("SELECT count(*) FROM sales").fetchone() == (0,)


def test_a_discount_above_the_limit_needs_a_manager(shop: Shop) -> None:
    shop.access.add_user("Neema", Role.CASHIER, "1357")
    add(shop, "Mafuta", "400", ean("616400000051"))
    shop.access.sign_in("1357")
    cart = scan_into(shop, shop.checkout.new_cart(), ean("616400000051"))
    small = cart.with_discount(kes("40"))  # 10%: the default limit
    assert not shop.checkout.needs_approval(small)
    big = cart.with_discount(kes("100"))
    assert shop.checkout.needs_approval(big)
    with pytest.raises(NotAllowed):
        shop.checkout.complete(None, big, [Tender(PaymentMethod.CASH, kes("300"))])
    approval = shop.access.approve(OWNER_PIN, Permission.DISCOUNT)
    done = shop.checkout.complete(None, big, [Tender(PaymentMethod.CASH, kes("300"))], approval)
    assert shop.context.db.execute(
        "SELECT approved_by FROM sales WHERE id = ?", (done.id,)
    ).fetchone() == ("Zawadi",)
    shop.checkout.complete(None, small, [Tender(PaymentMethod.CASH, kes("360"))])


def test_verify_names_a_sale_changed_outside_duka(shop: Shop) -> None:
    add(shop, "Sukari", "180", ean("616400000061"))
    cart = scan_into(shop, shop.checkout.new_cart(), ean("616400000061"))
    shop.checkout.complete(None, cart, [Tender(PaymentMethod.CASH, kes("180"))])
    shop.checkout.complete(None, cart, [Tender(PaymentMethod.CASH, kes("180"))])
    db = shop.context.db
    db.execute("DROP TRIGGER sale_payments_no_update")
    db.execute("UPDATE sale_payments SET amount = 100 WHERE sale_id = 1")
    db.execute("DROP TRIGGER sale_taxes_no_delete")
    db.execute("DELETE FROM sale_taxes WHERE sale_id = 2")
    found = sales_problems(shop)
    assert any("S-000001: 18000 due but 100 paid" in p for p in found)
    assert any("sale_taxes_no_delete was removed" in p for p in found)
    assert any("S-000002: total 18000" in p for p in found)
    journal = {r.name: r.problems for r in shop.maintenance.verify()}["Journal and audit trail"]
    assert journal  # the journal names the changed records too


def test_a_latin_receipt_goes_to_the_printer_as_text(shop: Shop) -> None:
    add(shop, "Sabuni ya kufulia", "55", ean("616400000071"))
    cart = scan_into(shop, shop.checkout.new_cart(), ean("616400000071"))
    done = shop.checkout.complete(None, cart, [Tender(PaymentMethod.CASH, kes("100"))])
    printed = shop.receipts.receipt_escpos(done.number, open_drawer=True)
    assert printed.startswith(b"\x1b@")  # initialise
    assert b"Sabuni ya kufulia" in printed and b"Duka la Test" in printed
    assert b"\x1dk" in printed  # the sale number as the printer's own barcode
    assert b"\x1bp" in printed  # the cash drawer kicked
    assert printed.rstrip(b"\x00").endswith(b"\x1dV\x00") or b"\x1dV" in printed[-8:]
    assert b"\x1dv0" not in printed  # no picture needed


def test_a_receipt_the_printer_cannot_shape_needs_a_picture(shop: Shop) -> None:
    add(shop, "चाय पत्ती", "95", ean("616400000081"))
    cart = scan_into(shop, shop.checkout.new_cart(), ean("616400000081"))
    done = shop.checkout.complete(None, cart, [Tender(PaymentMethod.CASH, kes("95"))])
    with pytest.raises(InvalidInput):
        shop.receipts.receipt_escpos(done.number)  # and nothing to paint it with
    painted: list[object] = []

    def painter(data: object) -> bytes:
        painted.append(data)
        import io

        from PIL import Image

        buffer = io.BytesIO()
        Image.new("1", (384, 40), 1).save(buffer, "PNG")
        return buffer.getvalue()

    printed = shop.receipts.receipt_escpos(done.number, painter)
    assert painted and b"\x1dv0" in printed  # sent as a raster picture
