import csv
import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from duka.core import settings as spec
from duka.core.access import Actor
from duka.core.money import Money
from duka.core.products import ProductDraft, Unit
from duka.core.quantity import Quantity
from duka.core.sale import PaymentMethod, Tender
from duka.core.tax import TaxRate
from duka.services.shop import Shop
from tests.cli.conftest import Run
from tests.documents.pdf_reading import page_texts


@pytest.fixture
def sold(tmp_path: Path) -> Path:
    """A shop with two sales: sugar and weighed rice, then tea on card."""
    db = tmp_path / "sales.sqlite3"
    with Shop.open(db, backup_dir=tmp_path / "b", actor=Actor.command_line("tester")) as shop:
        shop.settings.first_run(
            "Duka la Test", "KE", language="en", owner_name="Zawadi", owner_pin="4321"
        )
        shop.settings.save({spec.TAX_RATES.key: (TaxRate("S", "VAT 16%", Decimal(16)),)})
        kes = lambda a: Money.of(a, "KES")  # noqa: E731
        sugar = shop.products.add(ProductDraft("Sukari 1 kg", kes("180"), kes("150"), tax_code="S"))
        rice = shop.products.add(
            ProductDraft("चावल", kes("120"), kes("90"), unit=Unit.KILOGRAM, tax_code="S")
        )
        tea = shop.products.add(ProductDraft("شاي", kes("95.50"), kes("60")))
        checkout = shop.checkout
        cart = checkout.new_cart()
        cart, _ = cart.add(checkout.line_for(shop.products.get(sugar), Quantity.of(2)))
        cart, _ = cart.add(checkout.line_for(shop.products.get(rice), Quantity.of("1.25")))
        checkout.complete(None, cart, [Tender(PaymentMethod.CASH, kes("1000"))])
        cart, _ = checkout.new_cart().add(checkout.line_for(shop.products.get(tea), Quantity.of(1)))
        checkout.complete(None, cart, [Tender(PaymentMethod.CARD, kes("95.50"), reference="77")])
    return db


def test_export_sales_writes_one_row_per_line_for_other_programs(duka: Run, sold: Path) -> None:
    out = sold.with_name("sales.csv")
    result = duka("export", "sales", str(out), "--db", str(sold))
    assert result.returncode == 0, result.stderr
    assert "3 sale lines" in result.stdout
    assert not out.read_bytes().startswith(b"\xef\xbb\xbf")  # no byte-order mark
    rows = list(csv.DictReader(out.open(encoding="utf-8", newline="")))
    today = dt.date.today().isoformat()
    assert [(r["number"], r["date"], r["product"], r["quantity"], r["gross"]) for r in rows] == [
        ("S-000001", today, "Sukari 1 kg", "2", "360.00"),
        ("S-000001", today, "चावल", "1.25", "150.00"),
        ("S-000002", today, "شاي", "1", "95.50"),
    ]
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    later = duka("export", "sales", str(out), "--db", str(sold), "--from", tomorrow)
    assert later.returncode == 0 and len(list(csv.reader(out.open(encoding="utf-8")))) == 1
    bad = duka("export", "sales", str(out), "--db", str(sold), "--to", "25/11/2026")
    assert bad.returncode == 2 and "YYYY-MM-DD" in bad.stderr


def test_print_receipt_writes_the_sale_as_a_pdf(duka: Run, sold: Path) -> None:
    out = sold.with_name("receipt.pdf")
    result = duka("print", "receipt", "S-000001", "--db", str(sold), "--out", str(out))
    assert result.returncode == 0, result.stderr
    text = " ".join(page_texts(out))
    for expected in (
        "Duka la Test",
        "Receipt S-000001",
        "Sukari 1 kg",
        "510.00",
        "1,000.00",
        "490.00",
    ):
        assert expected in text, (expected, text)
    missing = duka("print", "receipt", "S-000099", "--db", str(sold), "--out", str(out))
    assert missing.returncode == 2 and "S-000099" in missing.stderr


def test_print_z_report_of_a_cash_session(duka: Run, sold: Path) -> None:
    with Shop.open(sold, backup_dir=sold.parent / "b", actor=Actor.command_line("t")) as shop:
        session = shop.cash.current().id  # type: ignore[union-attr]  # opened by the first sale
        shop.cash.close(Money.of("500", "KES"))
    out = sold.with_name("z.pdf")
    result = duka("print", "z-report", str(session), "--db", str(sold), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "Z report 1" in " ".join(page_texts(out))
    missing = duka("print", "z-report", "7", "--db", str(sold), "--out", str(out))
    assert missing.returncode == 2 and "7" in missing.stderr


def test_print_receipt_bytes_for_a_thermal_printer(duka: Run, sold: Path) -> None:
    out = sold.with_name("receipt.bin")
    result = duka("print", "receipt", "S-000001", "--db", str(sold), "--escpos-out", str(out))
    assert result.returncode == 0, result.stderr
    printed = out.read_bytes()
    # Hindi on the receipt: painted by Qt and sent as a raster picture, then the barcode
    assert printed.startswith(b"\x1b@") and b"\x1dv0" in printed and b"\x1dk" in printed
    assert "चावल".encode() not in printed
    neither = duka("print", "receipt", "S-000001", "--db", str(sold))
    assert neither.returncode == 2
