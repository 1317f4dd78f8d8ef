"""Absurd numbers, duplicate headers and phones in other digits, from files and typed."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from duka.core.customers import NewCustomer
from duka.core.errors import InvalidInput
from duka.core.money import Money
from duka.core.quantity import Quantity
from duka.services.shop import Shop


@pytest.mark.parametrize(
    "text", ["92233720368547758.08", "-92233720368547758.08", "1E999999999", "10000000000.01"]
)
def test_absurd_amounts_are_refused_at_once(text: str) -> None:
    with pytest.raises(InvalidInput, match=r"at most 10000000000\.00"):
        Money.of(Decimal(text), "KES")
    assert Money.of(Decimal("10000000000.00"), "KES").minor == 10**12


@pytest.mark.parametrize("text", ["9223372036854775.807", "1000000.001", "-1E999999999"])
def test_absurd_quantities_are_refused_at_once(text: str) -> None:
    with pytest.raises(InvalidInput, match="at most 1000000"):
        Quantity.of(Decimal(text))


def test_an_import_of_absurd_numbers_says_so_by_row_and_writes_nothing(
    kenya_shop: Shop, tmp_path: Path
) -> None:
    source = tmp_path / "big.csv"
    source.write_text(
        "name,price,cost,stock,reorder_level\n"
        "Huge,92233720368547758.08,1,1,1\n"
        "Costly,1,92233720368547758.08,1,1\n"
        "Lots,1,1,9223372036854775807,1\n"
        "Fine,1,1,1,1\n",
        encoding="utf-8",
    )
    preview = kenya_shop.exchange.preview(source)
    assert [(p.row, p.column) for p in preview.problems] == [
        (2, "price"),
        (3, "cost"),
        (4, "stock"),
    ]
    assert all("at most" in p.message for p in preview.problems)
    with pytest.raises(InvalidInput):
        kenya_shop.exchange.apply(preview)
    assert kenya_shop.products.count() == 0
    customers = tmp_path / "c.csv"
    customers.write_text("name,credit_limit,balance\nAli,1e30,0\nBo,1,99999999999999\n")
    found = kenya_shop.customer_exchange.preview(customers)
    assert [(p.row, p.column) for p in found.problems] == [(2, "credit_limit"), (3, "balance")]


def test_a_credit_limit_or_price_built_in_code_is_bounded_too(kenya_shop: Shop) -> None:
    with pytest.raises(InvalidInput, match="at most"):
        NewCustomer("Ali", Money(2**63 - 1, "KES")).checked()


@pytest.mark.parametrize("kind", ["products", "customers"])
def test_duplicate_headers_are_refused_naming_them(
    kenya_shop: Shop, tmp_path: Path, kind: str
) -> None:
    source = tmp_path / "dup.csv"
    source.write_text("name,Price,phone,price,Notes, notes \nTea,1,07,2,a,b\n")
    exchange = kenya_shop.exchange if kind == "products" else kenya_shop.customer_exchange
    with pytest.raises(InvalidInput) as caught:
        exchange.preview(source)
    assert "“Price”, “Notes”" in caught.value.message


def test_phones_in_any_digits_are_stored_and_found_in_ascii(
    kenya_shop: Shop, tmp_path: Path
) -> None:
    typed = kenya_shop.customers.add(NewCustomer("Amina", Money(0, "KES"), phone="٠٧١٢ ٣٤٥ ٦٧٨"))
    assert kenya_shop.customers.get(typed).phone == "0712 345 678"
    source = tmp_path / "c.csv"
    source.write_text("name,phone\nRavi,०९८७ ६५४ ३२१\nAmina,0712 345 678\n", encoding="utf-8")
    preview = kenya_shop.customer_exchange.preview(source)
    kenya_shop.customer_exchange.apply(preview)  # type: ignore[arg-type]
    phones = sorted(c.phone for c in kenya_shop.customers.page(0, 10))
    assert phones == ["0712 345 678", "0987 654 321"]  # Amina matched by her phone
    assert kenya_shop.customers.find_one("۰۹۸۷ ۶۵۴ ۳۲۱").name == "Ravi"  # Persian digits
    assert kenya_shop.customers.phone_in_use("٠٧١٢ ٣٤٥ ٦٧٨")


def test_phones_kept_before_in_other_digits_are_made_ascii(
    kenya_shop: Shop, tmp_path: Path
) -> None:
    from sqlite_utils import Database

    from duka.store.migrations import _ascii_phones

    db = kenya_shop.context.db
    kept = kenya_shop.customers.add(NewCustomer("Old", Money(0, "KES"), phone="0700"))
    db.execute("UPDATE customers SET phone = '٠٧١٢  ٣٤٥ ٦٧٨' WHERE id = ?", (kept,))
    _ascii_phones(Database(db))
    assert kenya_shop.customers.get(kept).phone == "0712 345 678"


def test_a_bulk_price_change_stays_within_bounds() -> None:
    from duka.core.products import PriceChange

    with pytest.raises(InvalidInput, match="at most 1000 percent"):
        PriceChange(Decimal("1E400")).apply(Money(100, "KES"))
    with pytest.raises(InvalidInput, match=r"at most 10000000000\.00"):
        PriceChange(Decimal(500)).apply(Money(10**12 // 2, "KES"))
    assert PriceChange(Decimal(10)).apply(Money(1000, "KES")) == Money(1100, "KES")
