"""Price lists and quantity breaks through the services: keeping them (journaled and
audited, a price below cost refused with nothing written), a customer's list repricing the
till's lines, a quantity reaching a break, and the sale's lines recording which price
applied."""

from __future__ import annotations

from decimal import Decimal

import pytest

from duka.core import settings as spec
from duka.core.barcodes import Barcode
from duka.core.customers import NewCustomer
from duka.core.errors import Conflict, InvalidInput
from duka.core.money import Money
from duka.core.pricing import RETAIL, PriceSource
from duka.core.products import ProductDraft
from duka.core.quantity import Quantity
from duka.core.sale import Cart, PaymentMethod, Tender
from duka.core.tax import TaxRate
from duka.services.shop import Shop

SUGAR = "6161234567890"


def kes(amount: str) -> Money:
    return Money.of(amount, "KES")


@pytest.fixture
def shop(kenya_shop: Shop) -> Shop:
    kenya_shop.settings.save({spec.TAX_RATES.key: (TaxRate("S", "VAT 16%", Decimal(16)),)})
    return kenya_shop


@pytest.fixture
def sugar(shop: Shop) -> int:
    return shop.products.add(
        ProductDraft("Sukari", kes("180"), kes("150"), tax_code="S", barcodes=(Barcode(SUGAR),)),
        opening_stock=Quantity.of(500),
    )


@pytest.fixture
def wholesale(shop: Shop, sugar: int) -> int:
    list_id = shop.price_lists.create("Wholesale")
    shop.price_lists.set_prices(
        sugar, list_id, [(Quantity(0), kes("170")), (Quantity.of(10), kes("160"))]
    )
    shop.price_lists.set_prices(sugar, RETAIL, [(Quantity.of(10), kes("175"))])
    return list_id


def scan(shop: Shop, cart: Cart, count: int = 1) -> Cart:
    found = shop.checkout.scan(SUGAR)
    assert found is not None
    line = shop.checkout.scanned_line(found)
    for _ in range(count):
        cart, _index = cart.add(line)
        cart = shop.price_lists.priced(cart)  # as the Sell screen does at every change
    return cart


def rows(shop: Shop, sql: str) -> list[tuple[object, ...]]:
    return [tuple(r) for r in shop.context.db.execute(sql).fetchall()]


def problems(shop: Shop) -> list[str]:
    return [p for result in shop.maintenance.verify() for p in result.problems]


def test_lists_are_made_renamed_set_aside_journaled_and_audited(shop: Shop) -> None:
    list_id = shop.price_lists.create("  Wholesale ")
    assert [(x.id, x.name, x.active) for x in shop.price_lists.lists()] == [
        (list_id, "Wholesale", True)
    ]
    with pytest.raises(Conflict):
        shop.price_lists.create("wholesale")
    with pytest.raises(InvalidInput):
        shop.price_lists.create("   ")
    shop.price_lists.rename(list_id, "Jumla")
    shop.price_lists.set_active(list_id, False)
    assert shop.price_lists.lists(active_only=True) == []
    assert shop.price_lists.get(list_id).name == "Jumla"
    audited = rows(shop, "SELECT action FROM audit WHERE action = 'price_list_changed'")
    assert len(audited) == 3
    journaled = rows(shop, "SELECT count(*) FROM journal WHERE kind = 'price_list'")
    assert journaled == [(3,)]
    assert problems(shop) == []


def test_a_price_below_cost_writes_nothing(shop: Shop, sugar: int, wholesale: int) -> None:
    before = rows(shop, "SELECT * FROM price_list_prices ORDER BY id")
    journal = rows(shop, "SELECT count(*) FROM journal")
    with pytest.raises(InvalidInput, match="below its cost") as refused:
        shop.price_lists.set_prices(
            sugar, wholesale, [(Quantity(0), kes("165")), (Quantity.of(100), kes("149.99"))]
        )
    assert "149.99" in refused.value.message and "150.00" in refused.value.message
    assert rows(shop, "SELECT * FROM price_list_prices ORDER BY id") == before
    assert rows(shop, "SELECT count(*) FROM journal") == journal


def test_prices_are_changed_in_place_journaled_and_verified(
    shop: Shop, sugar: int, wholesale: int
) -> None:
    shop.price_lists.set_prices(sugar, wholesale, [(Quantity(0), kes("169"))])
    assert [(p.list_id, p.from_quantity, p.price) for p in shop.price_lists.prices_of(sugar)] == [
        (RETAIL, Quantity.of(10), kes("175")),
        (wholesale, Quantity(0), kes("169")),
    ]
    assert problems(shop) == []
    listed = shop.price_lists.listed_page(wholesale, 0, 10)
    assert [(x.name, x.prices) for x in listed] == [("Sukari", ((0, 16900),))]
    # an edit made outside Duka is seen
    shop.context.db.execute(
        "UPDATE price_list_prices SET price = 1 WHERE list_id = ?", (wholesale,)
    )
    assert any("price_list_prices" in p for p in problems(shop))


def test_choosing_and_removing_a_customer_reprices_the_till(
    shop: Shop, sugar: int, wholesale: int
) -> None:
    customer = shop.customers.add(NewCustomer(name="Duka la Mama", credit_limit=kes("0")))
    shop.price_lists.set_customer_list(customer, wholesale)
    cart = scan(shop, shop.checkout.new_cart(), 3)
    assert cart.lines[0].unit_price == kes("180") and cart.lines[0].source == PriceSource()
    cart = shop.price_lists.with_customer(cart, customer)
    assert cart.price_list_id == wholesale
    assert cart.lines[0].unit_price == kes("170")
    assert cart.lines[0].source == PriceSource(wholesale, 0)
    cart = scan(shop, cart, 7)  # ten: the wholesale break
    assert len(cart.lines) == 1 and cart.lines[0].unit_price == kes("160")
    assert cart.lines[0].source == PriceSource(wholesale, 10_000)
    cart = shop.price_lists.with_customer(cart, None)  # removed: retail's break from 10
    assert cart.price_list_id is None
    assert cart.lines[0].unit_price == kes("175")
    assert cart.lines[0].source == PriceSource(RETAIL, 10_000)


def test_a_line_priced_by_hand_keeps_its_price(shop: Shop, sugar: int, wholesale: int) -> None:
    customer = shop.customers.add(NewCustomer(name="Duka la Mama", credit_limit=kes("0")))
    shop.price_lists.set_customer_list(customer, wholesale)
    cart = scan(shop, shop.checkout.new_cart())
    changed = cart.lines[0].__class__(**{
        **{name: getattr(cart.lines[0], name) for name in cart.lines[0].__slots__},
        "unit_price": kes("178"),
    })  # fmt: skip
    cart = cart.replaced(0, changed)
    cart = shop.price_lists.with_customer(cart, customer)
    assert cart.lines[0].unit_price == kes("178")


def test_a_customer_on_a_list_set_aside_buys_at_retail(
    shop: Shop, sugar: int, wholesale: int
) -> None:
    customer = shop.customers.add(NewCustomer(name="Duka la Mama", credit_limit=kes("0")))
    shop.price_lists.set_customer_list(customer, wholesale)
    shop.price_lists.set_active(wholesale, False)
    cart = shop.price_lists.with_customer(scan(shop, shop.checkout.new_cart()), customer)
    assert cart.price_list_id is None and cart.lines[0].unit_price == kes("180")


def test_the_sale_lines_record_the_price_that_applied(
    shop: Shop, sugar: int, wholesale: int
) -> None:
    customer = shop.customers.add(NewCustomer(name="Duka la Mama", credit_limit=kes("0")))
    shop.price_lists.set_customer_list(customer, wholesale)
    cart = shop.price_lists.with_customer(scan(shop, shop.checkout.new_cart(), 12), customer)
    cart_id = shop.carts.save(None, cart)
    restored = shop.carts.open_cart()[1]  # a restart keeps the list and the sources
    assert restored == cart
    done = shop.checkout.complete(cart_id, cart, [Tender(PaymentMethod.CASH, kes("2000"))])
    assert done.settlement.due == kes("1920")
    stored = rows(shop, "SELECT unit_price, list_price, price_list_id, price_from FROM sale_lines")
    assert stored == [(16000, 16000, wholesale, 10_000)]
    assert problems(shop) == []
    assert shop.price_lists.customer_list(customer) == wholesale
    audited = rows(shop, "SELECT after FROM audit WHERE action = 'customer_changed'")
    assert str(wholesale) in str(audited[-1][0])


def test_an_invoice_is_priced_by_its_customers_list_and_records_it(
    shop: Shop, sugar: int, wholesale: int, tmp_path: object
) -> None:
    from dataclasses import replace

    from duka.core.invoices import DocKind

    customer = shop.customers.add(NewCustomer(name="Duka la Mama", credit_limit=kes("0")))
    shop.price_lists.set_customer_list(customer, wholesale)
    invoices = shop.invoices
    line = invoices.product_line(shop.products.get(sugar), Quantity.of(4))
    draft = replace(invoices.new_draft(DocKind.INVOICE), lines=(line,))
    draft = shop.price_lists.priced_document(draft)  # no customer yet: retail
    assert draft.lines[0].unit_price == kes("180")
    draft = shop.price_lists.priced_document(replace(draft, customer_id=customer))
    assert draft.lines[0].unit_price == kes("170")
    assert draft.lines[0].source == PriceSource(wholesale, 0)
    more = replace(draft.lines[0], quantity=Quantity.of(10))  # the quantity reaches a break
    draft = shop.price_lists.priced_document(replace(draft, lines=(more,)))
    assert draft.lines[0].unit_price == kes("160")
    typed = replace(draft.lines[0], unit_price=kes("165"), source=None)  # by hand: kept
    assert shop.price_lists.priced_document(replace(draft, lines=(typed,))).lines[0] == typed
    invoice_id = invoices.save_draft(draft)
    assert invoices.get(invoice_id).draft.lines[0].source == PriceSource(wholesale, 10_000)
    invoices.issue(invoice_id)
    stored = rows(shop, "SELECT unit_price, price_list_id, price_from FROM invoice_lines")
    assert stored == [(16000, wholesale, 10_000)]
    assert problems(shop) == []
    from pathlib import Path

    from pypdf import PdfReader

    pdf = Path(str(tmp_path)) / "invoice.pdf"
    invoices.pdf(invoice_id, pdf)
    text = " ".join((page.extract_text() or "") for page in PdfReader(pdf).pages)
    assert "Sukari (Wholesale from 10)" in " ".join(text.split()), text


def test_list_prices_and_breaks_go_out_and_come_back_exactly(
    shop: Shop, sugar: int, wholesale: int, tmp_path: object
) -> None:
    from pathlib import Path

    from duka.core.access import Actor

    folder = Path(str(tmp_path))
    shop.price_lists.set_prices(
        sugar, shop.price_lists.create("Staff"), [(Quantity(0), kes("155"))]
    )
    out = folder / "products.csv"
    shop.exchange.export(out)
    header = out.read_text(encoding="utf-8-sig").splitlines()[0].split(",")
    assert header[-4:] == ["price@10", "price:Staff", "price:Wholesale", "price:Wholesale@10"]
    with Shop.open(
        folder / "other.sqlite3", backup_dir=folder / "b", actor=Actor.command_line("t")
    ) as other:
        other.settings.first_run("Other", "KE", language="en", owner_name="O", owner_pin="4321")
        other.settings.save({spec.TAX_RATES.key: (TaxRate("S", "VAT 16%", Decimal(16)),)})
        preview = other.exchange.preview(out)
        assert preview.problems == [] and not any(h.startswith("price:") for h in preview.unused)
        other.exchange.apply(preview)
        (product,) = other.products.page(0, 5)
        names = other.price_lists.names()
        came = {(names.get(p.list_id, "retail"), p.from_quantity, p.price) for p in
                other.price_lists.prices_of(product.id)}  # fmt: skip
        assert came == {
            ("retail", Quantity.of(10), kes("175")),
            ("Staff", Quantity(0), kes("155")),
            ("Wholesale", Quantity(0), kes("170")),
            ("Wholesale", Quantity.of(10), kes("160")),
        }
        again = folder / "again.csv"
        other.exchange.export(again)
        assert again.read_text(encoding="utf-8-sig").splitlines()[0].split(",")[-4:] == header[-4:]
        assert problems(other) == []


def test_an_imported_list_price_below_cost_is_a_problem_of_its_row(
    shop: Shop, sugar: int, tmp_path: object
) -> None:
    from pathlib import Path

    path = Path(str(tmp_path)) / "prices.csv"
    path.write_text("sku,name,price,cost,price:Wholesale,price@5\n"
                    "S1,Chumvi,50,40,39,45\n", encoding="utf-8")  # fmt: skip
    preview = shop.exchange.preview(path)
    assert [(p.row, p.column) for p in preview.problems] == [(2, "price:Wholesale")]
    assert "below its cost" in preview.problems[0].message
    with pytest.raises(InvalidInput):
        shop.exchange.apply(preview)
    assert shop.price_lists.lists() == []
