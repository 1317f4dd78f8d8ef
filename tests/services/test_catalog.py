import pytest

from duka.core.customers import NewCustomer
from duka.core.errors import Conflict, InvalidInput
from duka.core.money import Money
from duka.core.products import NewProduct, Unit
from duka.services.shop import Shop


def sugar(**changes: object) -> NewProduct:
    fields: dict[str, object] = {
        "name": "Sugar 1 kg",
        "sell_price": Money.of("180", "KES"),
        "cost_price": Money.of("158", "KES"),
        "barcodes": ("6161234567890",),
    }
    fields.update(changes)
    return NewProduct(**fields)  # type: ignore[arg-type]


def test_products_are_added_counted_and_listed_in_pages(kenya_shop: Shop) -> None:
    for number in range(5):
        kenya_shop.products.add(sugar(name=f"Item {number}", barcodes=(f"20000{number}",)))
    assert kenya_shop.products.count() == 5
    page = kenya_shop.products.page(2, 2)
    assert [r.name for r in page] == ["Item 2", "Item 3"]
    assert page[0].sell_price == Money.of("180", "KES")
    assert page[0].barcode == "200002"


def test_a_duplicate_barcode_is_refused_and_nothing_is_written(kenya_shop: Shop) -> None:
    kenya_shop.products.add(sugar())
    with pytest.raises(Conflict) as caught:
        kenya_shop.products.add(sugar(name="Other", barcodes=("111", "6161234567890")))
    assert "already belongs" in caught.value.message
    assert kenya_shop.products.count() == 1
    assert kenya_shop.context.db.execute("SELECT count(*) FROM barcodes").fetchone()[0] == 1


@pytest.mark.parametrize(
    ("changes", "says"),
    [
        ({"name": "   "}, "cannot be empty"),
        ({"sell_price": Money(-1, "KES")}, "cannot be negative"),
        (
            {"sell_price": Money.of("1", "UGX"), "cost_price": Money.of("1", "UGX")},
            "shop's currency",
        ),
        ({"tax_code": "Q"}, "no tax rate"),
    ],
)
def test_bad_products_are_refused(kenya_shop: Shop, changes: dict[str, object], says: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        kenya_shop.products.add(sugar(**changes))
    assert says in caught.value.message
    assert kenya_shop.products.count() == 0


def test_measured_products_keep_their_unit(kenya_shop: Shop) -> None:
    kenya_shop.products.add(sugar(name="Rice (loose)", unit=Unit.KILOGRAM, barcodes=()))
    assert kenya_shop.products.page(0, 1)[0].unit is Unit.KILOGRAM


def test_customers_with_any_script_and_a_shared_phone(kenya_shop: Shop) -> None:
    limit = Money.of("5000", "KES")
    kenya_shop.customers.add(NewCustomer("فاطمة حسن", limit, phone="+254 733 456 789"))
    assert kenya_shop.customers.phone_in_use("+254 733 456 789")
    kenya_shop.customers.add(NewCustomer("राजेश पटेल", limit, phone="+254 733 456 789"))
    assert [c.name for c in kenya_shop.customers.page(0, 10)] == ["فاطمة حسن", "राजेश पटेल"]
    with pytest.raises(InvalidInput):
        kenya_shop.customers.add(NewCustomer("X", Money(-5, "KES")))
    with pytest.raises(InvalidInput):
        kenya_shop.customers.add(NewCustomer("X", limit, email="not an email"))
    assert kenya_shop.customers.count() == 2
