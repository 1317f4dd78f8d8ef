"""The demo shop: made through the services, with staff, suppliers, sales and accounts."""

import pytest

from duka.core import settings as spec
from duka.core.errors import Conflict
from duka.demo.invoices import BUSINESSES
from duka.demo.shop import CUSTOMERS, SUPPLIERS, _catalogue, create_demo
from duka.services.shop import Shop


def test_the_demo_shop_is_made_through_the_services(demo_shop: Shop) -> None:
    values = demo_shop.settings.load()
    assert values.is_set_up and values[spec.CURRENCY] == "KES"
    assert {r.code for r in values[spec.TAX_RATES]} == {"S", "Z", "E"}
    assert demo_shop.products.count() == len(_catalogue())
    # and the kiosk that buys at the wholesale list (demo/price_lists.py)
    assert demo_shop.customers.count() == len(CUSTOMERS) + len(BUSINESSES) + 1
    names = " ".join(r.name for r in demo_shop.products.page(0, 1000))
    for sample in ("चाय", "زيت", "মসুর", "Savon", "酱油"):  # several scripts on the shelves
        assert sample in names


def test_the_demo_has_a_wholesale_list_with_a_customer_and_breaks(demo_shop: Shop) -> None:
    lists = demo_shop.price_lists
    (wholesale,) = lists.lists()
    assert wholesale.name == "Wholesale" and lists.count_listed(wholesale.id) >= 3
    assert lists.count_listed(0) >= 1  # retail's quantity breaks
    on_it = demo_shop.context.db.execute(
        "SELECT count(*) FROM customers WHERE price_list_id = ?", (wholesale.id,)
    ).fetchone()[0]
    assert on_it == 1


def test_the_demo_has_suppliers_deliveries_and_some_low_stock(demo_shop: Shop) -> None:
    suppliers = demo_shop.suppliers.suppliers()
    assert len(suppliers) == len(SUPPLIERS)
    assert any(s.owed.minor > 0 for s in suppliers)  # some deliveries are still owed
    assert sum(len(demo_shop.suppliers.deliveries(s.id)) for s in suppliers) >= len(SUPPLIERS)
    low = demo_shop.stock.low_stock()
    assert 0 < len(low) < demo_shop.products.count() // 2
    assert all(line.suggested.milli > 0 for line in low)


def test_the_demo_never_fills_a_shop_that_exists(demo_shop: Shop) -> None:
    with pytest.raises(Conflict):
        create_demo(demo_shop)
    assert demo_shop.products.count() == len(_catalogue())


def test_the_demos_cashiers_sell_in_daily_cash_ups_closed_by_the_manager(demo_shop: Shop) -> None:
    from duka.demo.shop import STAFF

    db = demo_shop.context.db
    staff = {name for name, _role, _pin in STAFF} | {"Amina"}
    sellers = {row[0] for row in db.execute("SELECT DISTINCT actor FROM sales")}
    assert sellers and sellers <= staff  # signed in as themselves, never the command line
    assert db.execute("SELECT count(*) FROM sales WHERE session_id IS NULL").fetchone() == (0,)
    assert db.execute("SELECT count(*) FROM cash_sessions WHERE state = 'open'").fetchone() == (0,)
    closers = {r[0] for r in db.execute("SELECT actor FROM cash_events WHERE kind = 'close'")}
    assert closers <= {"Baraka", "Amina"}
    # One counter session a day, each with its Z report.
    days = db.execute(
        "SELECT count(*), count(DISTINCT substr(opened_at, 1, 10)) FROM cash_sessions "
        "WHERE computer = 'counter'"
    ).fetchone()
    assert days[0] == days[1] > 20
    z = demo_shop.cash.report(1)
    assert z.counted is not None and z.session.opened_by in staff


def test_the_demo_has_purchase_orders_in_every_state_and_a_supplier_return(
    demo_shop: Shop,
) -> None:
    from duka.core.purchases import OrderState

    orders = demo_shop.purchases.orders()
    assert {o.state for o in orders} == set(OrderState)
    cancelled = next(o for o in orders if o.state is OrderState.CANCELLED)
    assert cancelled.cancel_reason
    [sent] = demo_shop.purchases.returns()
    assert sent.number == "SR-000001" and sent.total.minor > 0
