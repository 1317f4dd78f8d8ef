import pytest

from duka.core.customers import NewCustomer
from duka.core.errors import InvalidInput
from duka.core.money import Money
from duka.services.shop import Shop


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
