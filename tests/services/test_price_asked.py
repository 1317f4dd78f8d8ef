"""A product whose price is asked at the sale: the checkout sells it only at a price typed
above zero, a cashier's limit is measured from the suggestion, and the flag is journaled."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from duka.core import settings as spec
from duka.core.access import Permission, Role
from duka.core.barcodes import Barcode, check_digit
from duka.core.errors import InvalidInput, NotAllowed
from duka.core.money import Money
from duka.core.products import ProductDraft, ProductQuery
from duka.core.sale import Cart, PaymentMethod, Tender
from duka.core.tax import TaxRate
from duka.services.shop import Shop
from duka.store import journal
from tests.conftest import OWNER_PIN

REPAIR = "6164000000" + "71"
REPAIR += check_digit(REPAIR)


def kes(amount: str) -> Money:
    return Money.of(amount, "KES")


@pytest.fixture
def shop(kenya_shop: Shop) -> Shop:
    kenya_shop.settings.save({spec.TAX_RATES.key: (TaxRate("S", "VAT 16%", Decimal(16)),)})
    return kenya_shop


def add_repair(shop: Shop, suggestion: str = "0") -> int:
    return shop.products.add(
        ProductDraft(
            "Phone repair",
            kes(suggestion),
            kes("0"),
            tax_code="S",
            barcodes=(Barcode(REPAIR),),
            price_asked=True,
        )
    )


def scanned_cart(shop: Shop, price: str | None) -> Cart:
    found = shop.checkout.scan(REPAIR)
    assert found is not None and found.product.draft.price_asked
    line = shop.checkout.scanned_line(found)
    if price is not None:
        line = line.at_asked_price(kes(price))
    cart, _ = shop.checkout.new_cart().add(line)
    return cart


def cash(amount: str) -> list[Tender]:
    return [Tender(PaymentMethod.CASH, kes(amount))]


def sales(shop: Shop) -> int:
    return int(shop.context.db.execute("SELECT count(*) FROM sales").fetchone()[0])


def test_the_flag_is_kept_listed_and_audited(shop: Shop) -> None:
    product_id = add_repair(shop, "300")
    product = shop.products.get(product_id)
    assert product.draft.price_asked and product.draft.sell_price == kes("300")
    (row,) = shop.products.listing(ProductQuery()).page(0, 10)
    assert row.price_asked and row.sell_price == kes("300")
    assert shop.products.search("repair")[0].price_asked
    shop.products.update(product_id, replace(product.draft, price_asked=False))
    assert not shop.products.get(product_id).draft.price_asked
    changed = shop.context.db.execute(
        "SELECT before, after FROM audit WHERE action = 'product_changed' ORDER BY id DESC"
    ).fetchone()
    assert "price_asked" in changed[0] and "false" in changed[1].lower()


def test_the_checkout_refuses_it_without_a_price_typed(shop: Shop) -> None:
    add_repair(shop, "300")
    before = sales(shop)
    untyped = scanned_cart(shop, None)  # what `duka sell REPAIR` or any other path makes
    with pytest.raises(InvalidInput) as refused:
        shop.checkout.complete(None, untyped, cash("500"))
    assert refused.value.message == (
        "The price of “Phone repair” is asked at the sale: type its price first."
    )
    zero = scanned_cart(shop, "250")
    zero = zero.replaced(0, replace(zero.lines[0], unit_price=kes("0")))
    with pytest.raises(InvalidInput):
        shop.checkout.complete(None, zero, cash("0"))
    assert sales(shop) == before


def test_a_typed_price_sells_as_an_ordinary_line(shop: Shop) -> None:
    add_repair(shop)
    done = shop.checkout.complete(None, scanned_cart(shop, "250"), cash("250"))
    row = shop.context.db.execute(
        "SELECT unit_price, list_price, amount FROM sale_lines WHERE sale_id = ?", (done.id,)
    ).fetchone()
    assert row == (25000, 25000, 25000)
    (printed,) = shop.receipts.receipt(done.number).lines
    assert printed.note == ""  # no "price changed from 0.00"
    assert not [p for r in shop.maintenance.verify() for p in r.problems]


def test_a_cashier_below_the_suggestion_beyond_the_limit_needs_a_manager(shop: Shop) -> None:
    add_repair(shop, "400")
    shop.access.add_user("Neema", Role.CASHIER, "1357")
    shop.access.sign_in("1357")
    checkout = shop.checkout
    assert not checkout.needs_approval(scanned_cart(shop, "360"))  # 10%: the default limit
    assert not checkout.needs_approval(scanned_cart(shop, "900"))  # above: any price
    low = scanned_cart(shop, "300")
    assert checkout.needs_approval(low)
    with pytest.raises(NotAllowed):
        checkout.complete(None, low, cash("300"))
    approval = shop.access.approve(OWNER_PIN, Permission.DISCOUNT)
    done = checkout.complete(None, low, cash("300"), approval)
    assert shop.context.db.execute(
        "SELECT approved_by FROM sales WHERE id = ?", (done.id,)
    ).fetchone() == ("Zawadi",)
    checkout.complete(None, scanned_cart(shop, "360"), cash("360"))


def test_without_a_suggestion_a_cashier_may_type_any_price_above_zero(shop: Shop) -> None:
    add_repair(shop)
    shop.access.add_user("Neema", Role.CASHIER, "1357")
    shop.access.sign_in("1357")
    cart = scanned_cart(shop, "0.05")
    assert not shop.checkout.needs_approval(cart)
    shop.checkout.complete(None, cart, [Tender(PaymentMethod.CARD, kes("0.05"))])


def test_changing_the_flag_is_journaled_and_verifies(shop: Shop) -> None:
    product_id = add_repair(shop, "300")
    db = shop.context.db
    content = db.execute(
        "SELECT content FROM journal WHERE kind = 'product' AND source_id = ? "
        "ORDER BY seq DESC LIMIT 1",
        (product_id,),
    ).fetchone()[0]
    assert bytes(content).endswith(b",asked")
    draft = shop.products.get(product_id).draft
    shop.products.update(product_id, replace(draft, price_asked=False))
    latest = journal.entry_of(db, journal.PRODUCT.kind, product_id)
    assert latest is not None
    content = db.execute("SELECT content FROM journal WHERE seq = ?", (latest.seq,)).fetchone()
    assert not bytes(content[0]).endswith(b",asked")
    assert journal.chain_problems(db) == [] and journal.latest_problems(db) == []
    # The flag set by plain SQL, outside Duka, is named.
    db.execute("UPDATE products SET price_asked = 1 WHERE id = ?", (product_id,))
    assert journal.latest_problems(db) == [
        f"products row {product_id} (Phone repair) was changed outside Duka (it differs "
        f"from what journal sequence {latest.seq} recorded)"
    ]


def test_a_shelf_label_never_says_it_is_free(shop: Shop) -> None:
    product_id = add_repair(shop)
    (label,) = shop.labels.labels([product_id])
    assert label.price == "—" and label.barcode == REPAIR
