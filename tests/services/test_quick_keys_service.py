import pytest

from duka.core.errors import NotAllowed
from duka.core.money import Money
from duka.core.quantity import Quantity
from duka.core.quick_keys import Layout
from duka.core.sale import PaymentMethod, Tender
from duka.services.shop import Shop


def test_the_shop_layout_is_kept_in_the_database_and_audited(demo_shop: Shop) -> None:
    keys = demo_shop.quick_keys
    assert keys.layout() == Layout()
    layout = Layout().add_page("Sokoni").add_tile(0, 3).add_tile(0, 4)
    keys.save(layout)
    assert keys.layout() == layout
    subject = demo_shop.context.db.execute(
        "SELECT subject FROM audit ORDER BY id DESC LIMIT 1"
    ).fetchone()[0]
    assert subject == "quick keys"


def test_a_cashier_may_not_arrange_the_shops_keys(demo_shop: Shop) -> None:
    demo_shop.access.sign_in("1357", "Wanjiru")  # a cashier of the demo shop
    with pytest.raises(NotAllowed):
        demo_shop.quick_keys.save(Layout().add_page("Mine"))
    assert demo_shop.quick_keys.layout() == Layout()


def test_most_sold_this_month_counts_sales(demo_shop: Shop) -> None:
    demo_shop.cash.open(Money.of("2000", "KES"))
    checkout = demo_shop.checkout
    product = demo_shop.products.get(7)
    for _ in range(60):  # more sales than any demo product had
        cart, _ = checkout.new_cart().add(checkout.line_for(product, Quantity.of(1)))
        checkout.complete(None, cart, [Tender(PaymentMethod.CASH, cart.totals().gross)])
    assert demo_shop.quick_keys.most_sold()[0] == 7


def test_most_sold_reads_only_the_months_sales(demo_shop: Shop) -> None:
    """The plan starts from the sales by date, not from every product's history of lines."""
    from duka.store.quick_keys_repo import MOST_SOLD_SQL

    plan = demo_shop.context.db.execute(
        "EXPLAIN QUERY PLAN " + MOST_SOLD_SQL, ("2026-01-01", 24)
    ).fetchall()
    first = plan[0][3]
    assert "sales_at" in first, plan
