"""The demo shop: made through the services, with staff, suppliers, sales and accounts."""

import pytest

from duka.core import settings as spec
from duka.core.errors import Conflict
from duka.core.quantity import Quantity
from duka.demo.batches import MEDICINES
from duka.demo.invoices import BUSINESSES
from duka.demo.shop import CUSTOMERS, SUPPLIERS, _catalogue, create_demo
from duka.demo.variants import VARIANTS
from duka.services.shop import Shop


def test_the_demo_shop_is_made_through_the_services(demo_shop: Shop) -> None:
    values = demo_shop.settings.load()
    assert values.is_set_up and values[spec.CURRENCY] == "KES"
    assert {r.code for r in values[spec.TAX_RATES]} == {"S", "Z", "E"}
    assert demo_shop.products.count() == len(_catalogue()) + 1 + VARIANTS + len(MEDICINES)
    assert (
        demo_shop.customers.count() == len(CUSTOMERS) + len(BUSINESSES) + 1
    )  # the kiosk on the wholesale list
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
    assert len(suppliers) == len(SUPPLIERS) + 1  # and the pharmacy's (demo/batches.py)
    assert any(s.owed.minor > 0 for s in suppliers)  # some deliveries are still owed
    assert sum(len(demo_shop.suppliers.deliveries(s.id)) for s in suppliers) >= len(SUPPLIERS)
    low = demo_shop.stock.low_stock()
    assert 0 < len(low) < demo_shop.products.count() // 2
    assert all(line.suggested.milli > 0 for line in low)


def test_the_demo_never_fills_a_shop_that_exists(demo_shop: Shop) -> None:
    with pytest.raises(Conflict):
        create_demo(demo_shop)
    assert demo_shop.products.count() == len(_catalogue()) + 1 + VARIANTS + len(MEDICINES)


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


def test_the_demo_s_deliveries_carry_vat_and_its_profit_and_loss_has_write_offs(
    demo_shop: Shop,
) -> None:
    """The demo shop is registered for VAT: its deliveries and its return carry the rate of
    each line, the tax summary shows input tax on purchases, and some stock was written off
    in past months."""
    import datetime as dt

    db = demo_shop.context.db
    taxed, deliveries = db.execute(
        "SELECT count(DISTINCT receipt_id), (SELECT count(*) FROM goods_received) "
        "FROM goods_received_taxes"
    ).fetchone()
    assert taxed == deliveries > 0  # zero-rated and exempt goods too: by their rates
    assert db.execute("SELECT tax > 0 FROM supplier_returns").fetchone() == (1,)
    assert db.execute(
        "SELECT count(*) FROM goods_received WHERE tax > 0 AND reference = ''"
    ).fetchone() == (0,)
    today = demo_shop.reports.today()
    first = (today - dt.timedelta(days=130)).replace(day=1)
    summary = demo_shop.reports.run("tax-summary", first, today)
    assert summary.total("purchases_tax") and summary.total("expenses_tax")
    pnl = demo_shop.reports.run("profit-and-loss", first, today)
    assert sum(1 for month in pnl.values("written_off") if month) >= 3
    assert set(pnl.values("expense:wages")) <= {0, 1200000}  # a small shop's wages
    assert [r.name for r in demo_shop.maintenance.verify() if r.problems] == []


def test_the_demo_sells_a_t_shirt_in_sizes_and_colours(demo_shop: Shop) -> None:
    (parent,) = [r for r in demo_shop.products.search("T-shirt", 20) if r.is_parent]
    family = demo_shop.variants.family(parent.id)
    assert [o.name for o in family.options] == ["Size", "Colour"]
    assert len(family.variants) == VARIANTS
    assert all(v.barcode for v in family.variants)
    assert sum(v.stock.milli for v in family.variants) > 0
    assert any(not v.follows for v in family.variants)  # the extra large costs more


def test_the_demo_has_a_running_promotion_and_an_upcoming_one(demo_shop: Shop) -> None:
    from duka.core.promotions import Status

    listed = {item.promotion.name: item.status for item in demo_shop.promotions.listed()}
    assert listed == {
        "Bath soap 5 for 4": Status.RUNNING,
        "Cleaning week": Status.RUNNING,
        "Month-end evening": Status.UPCOMING,
    }
    soap = demo_shop.products.search("Bath soap", 5)[0]
    line = demo_shop.checkout.line_for(demo_shop.products.get(soap.id), Quantity.of(5))
    cart = demo_shop.promotions.apply(demo_shop.checkout.new_cart().add(line)[0])
    assert cart.lines[0].promotion is not None
    assert cart.lines[0].saving == line.unit_price  # one of the five is free


def test_the_demo_keeps_medicines_and_dairy_in_batches(demo_shop: Shop) -> None:
    batches = demo_shop.batches
    rows = batches.expiring(7)
    expired = [r for r in rows if r.expired]
    assert [r.name for r in expired] == ["Oral rehydration salts (sachet)"]
    only = expired[0].product_id
    assert demo_shop.stock.level(only) == expired[0].quantity  # its only stock
    assert any(r.name.startswith("Maziwa") and 0 <= r.days_left <= 7 for r in rows)
    assert len(batches.expiring(3650)) == 7
