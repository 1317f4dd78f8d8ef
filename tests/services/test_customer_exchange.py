"""Importing and exporting customers, with the balances they owe."""

from pathlib import Path

import pytest

from duka.core.customers import NewCustomer
from duka.core.errors import InvalidInput
from duka.core.ledger import PaymentMethod as Paid
from duka.services.imports import ImportAction
from duka.services.shop import Shop
from tests.services.test_checkout import kes


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_text(text, encoding=encoding)
    return path


def test_import_new_customers_with_their_opening_balances(kenya_shop: Shop, tmp_path: Path) -> None:
    shop = kenya_shop
    source = write(
        tmp_path / "khata.csv",
        "\ufeffName;Mobile;Langue;Plafond;Solde;Notes\n"
        "Mama Njeri;+254 712 000 111;fr;1 500,00;350,50;pays on Fridays\n"
        "أحمد علي;+254 733 000 222;ar;0;0;\n"
        "राम कुमार;;hi;500;-20;\n",
    )
    preview = shop.customer_exchange.preview(source)
    assert preview.problems == []
    assert preview.decimal_mark == ","
    assert preview.count(ImportAction.NEW) == 3
    result = shop.customer_exchange.apply(preview)
    assert result.added == 3
    rows = {c.name: c for c in shop.customers.search("", 10)}
    assert rows["Mama Njeri"].balance == kes("350.50")
    assert rows["Mama Njeri"].credit_limit == kes("1500")
    assert rows["Mama Njeri"].language == "fr"
    assert rows["राम कुमार"].balance == kes("-20")
    assert rows["أحمد علي"].balance == kes("0")
    found = [p for r in shop.maintenance.verify() for p in r.problems]
    assert found == []


def test_export_then_import_changes_nothing(kenya_shop: Shop, tmp_path: Path) -> None:
    shop = kenya_shop
    njeri = shop.customers.add(
        NewCustomer('=HYPERLINK("x")', kes("800"), phone="+254 700 1", notes="line one\nline two")
    )
    shop.customers.add(NewCustomer("أحمد", kes("0"), language="ar", address="Souk, Mombasa"))
    shop.accounts.set_opening(njeri, kes("120"))
    shop.accounts.receive_payment(njeri, kes("20"), Paid.CASH)
    for name in ("c.csv", "c.xlsx"):
        path = tmp_path / name
        assert shop.customer_exchange.export(path) == 2
        preview = shop.customer_exchange.preview(path)
        assert preview.problems == []
        assert preview.count(ImportAction.UNCHANGED) == 2, name
    text = (tmp_path / "c.csv").read_text(encoding="utf-8-sig")  # a BOM, for Excel
    assert text.splitlines()[0] == (
        "id,name,phone,email,address,tax_id,language,credit_limit,notes,active,balance"
    )
    assert "'=HYPERLINK" in text  # not a formula when a spreadsheet opens it
    assert "+254 700 1" in text and ",100.00\n" in text.replace("\r\n", "\n")


def test_an_existing_customer_is_updated_by_number_or_phone(
    kenya_shop: Shop, tmp_path: Path
) -> None:
    shop = kenya_shop
    njeri = shop.customers.add(NewCustomer("Njeri", kes("100"), phone="0712"))
    source = write(tmp_path / "u.csv", "phone,email,balance\n0712,njeri@example.com,999\n")
    preview = shop.customer_exchange.preview(source)
    assert [p.action for p in preview.planned] == [ImportAction.UPDATE]
    shop.customer_exchange.apply(preview)
    updated = shop.customers.get(njeri)
    assert updated.email == "njeri@example.com" and updated.name == "Njeri"
    assert updated.balance == kes("0")  # an account changes only through its entries


def test_bad_rows_are_named_and_nothing_is_written(kenya_shop: Shop, tmp_path: Path) -> None:
    shop = kenya_shop
    source = write(
        tmp_path / "bad.csv",
        "name,credit_limit,language,email,id\n"
        "Good,10,,,\n"
        ",5,,,\n"
        "Neg,-5,,,\n"
        "Lang,1,xx,,\n"
        "Mail,1,,not-an-email,\n"
        "Ghost,1,,,99\n",
    )
    preview = shop.customer_exchange.preview(source)
    assert sorted({p.row for p in preview.problems}) == [3, 4, 5, 6, 7]
    assert [(p.row, p.column) for p in preview.problems] == [
        (3, "name"),
        (4, "credit_limit"),
        (5, "language"),
        (6, "email"),  # not the name column
        (7, "id"),
    ]
    with pytest.raises(InvalidInput):
        shop.customer_exchange.apply(preview)
    assert shop.customers.count() == 0
    result = shop.customer_exchange.apply(preview, skip_invalid=True)
    assert (result.added, result.skipped) == (1, 5)
