"""`duka report`: CSV on stdout for other programs, files on request, one-line refusals."""

from __future__ import annotations

import csv
import datetime as dt
import io
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

DAY = dt.date(2026, 3, 4)


@pytest.fixture
def sold(tmp_path: Path) -> Path:
    """Sugar and weighed rice on the 4th of March, Arabic tea on card the day after."""
    db = tmp_path / "sales.sqlite3"
    with Shop.open(db, backup_dir=tmp_path / "b", actor=Actor.command_line("tester")) as shop:
        shop.settings.first_run(
            "Duka la Test", "KE", language="en", owner_name="Zawadi", owner_pin="4321"
        )
        shop.settings.save({spec.TAX_RATES.key: (TaxRate("S", "VAT 16%", Decimal(16)),)})

        def kes(amount: str) -> Money:
            return Money.of(amount, "KES")

        sugar = shop.products.add(ProductDraft("Sukari 1 kg", kes("180"), kes("150"), tax_code="S"))
        rice = shop.products.add(
            ProductDraft("Mchele", kes("120"), kes("90"), unit=Unit.KILOGRAM, tax_code="S")
        )
        tea = shop.products.add(ProductDraft("=شاي", kes("95.50"), kes("60")))
        checkout = shop.checkout
        first = dt.datetime.combine(DAY, dt.time(10)).astimezone()
        shop.context.clock = lambda: first
        cart = checkout.new_cart()
        cart, _ = cart.add(checkout.line_for(shop.products.get(sugar), Quantity.of(2)))
        cart, _ = cart.add(checkout.line_for(shop.products.get(rice), Quantity.of("1.25")))
        checkout.complete(None, cart, [Tender(PaymentMethod.CASH, kes("1000"))])
        second = first + dt.timedelta(days=1)
        shop.context.clock = lambda: second
        cart, _ = checkout.new_cart().add(checkout.line_for(shop.products.get(tea), Quantity.of(1)))
        checkout.complete(None, cart, [Tender(PaymentMethod.CARD, kes("95.50"), reference="77")])
    return db


def rows_of(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_a_report_goes_to_stdout_as_csv_with_iso_dates_and_point_decimals(
    duka: Run, sold: Path
) -> None:
    done = duka(
        "report", "sales-by-day", "--db", str(sold), "--from", "2026-03-03", "--to", "2026-03-05"
    )
    assert done.returncode == 0, done.stderr
    rows = rows_of(done.stdout)
    assert [row["date"] for row in rows] == ["2026-03-03", "2026-03-04", "2026-03-05"]
    assert [row["gross"] for row in rows] == ["0.00", "510.00", "95.50"]
    assert rows[1]["sales"] == "1" and rows[1]["tax"] == "70.34"
    assert Decimal(rows[1]["net"]) + Decimal(rows[1]["tax"]) == Decimal("510.00")


def test_sales_by_product_has_product_and_gross_in_any_language(duka: Run, sold: Path) -> None:
    done = duka(
        "report",
        "sales-by-product",
        "--db",
        str(sold),
        "--from",
        "2026-03-01",
        "--to",
        "2026-03-31",
        "--lang",
        "fr",
    )
    assert done.returncode == 0, done.stderr
    rows = rows_of(done.stdout)
    assert [(row["product"], row["gross"]) for row in rows] == [
        ("Sukari 1 kg", "360.00"),
        ("Mchele", "150.00"),
        ("'=شاي", "95.50"),  # never a spreadsheet formula
    ]
    assert rows[1]["quantity"] == "1.25" and rows[1]["unit"] == "kg"


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        (("report", "sales-by-year"), "there is no report 'sales-by-year'"),
        (("report", "tax", "--from", "2026-02-30"), "--from takes a date as YYYY-MM-DD"),
        (("report", "tax", "--to", "4 March"), "--to takes a date as YYYY-MM-DD"),
        (("report", "tax", "--format", "pdf"), "give --out FILE"),
        (("report", "tax", "--from", "2026-03-05", "--to", "2026-03-01"), "comes before"),
        (("report", "tax", "--days", "10"), "--days is for the slow-movers and expiring reports"),
    ],
)
def test_bad_names_dates_and_formats_exit_2_with_one_line(
    duka: Run, sold: Path, args: tuple[str, ...], reason: str
) -> None:
    done = duka(*args, "--db", str(sold))
    assert done.returncode == 2
    assert done.stdout == ""
    assert len(done.stderr.strip().splitlines()) == 1 and reason in done.stderr


def test_a_report_is_written_to_pdf_xlsx_or_csv_files(
    duka: Run, sold: Path, tmp_path: Path
) -> None:
    pdf = tmp_path / "days.pdf"
    done = duka(
        "report",
        "sales-by-day",
        "--db",
        str(sold),
        "--from",
        "2026-03-04",
        "--to",
        "2026-03-05",
        "--out",
        str(pdf),
    )
    assert done.returncode == 0, done.stderr
    assert str(pdf) in done.stdout
    text = page_texts(pdf)[0]
    assert "Sales by day" in text and "Total" in text and "605.50" in text
    workbook = tmp_path / "tax.xlsx"
    assert duka("report", "tax", "--db", str(sold), "--out", str(workbook)).returncode == 0
    assert workbook.read_bytes()[:2] == b"PK"
    table = tmp_path / "slow.txt"
    done = duka(
        "report",
        "slow-movers",
        "--db",
        str(sold),
        "--days",
        "30",
        "--format",
        "csv",
        "--out",
        str(table),
    )
    assert done.returncode == 0, done.stderr
    assert table.read_text(encoding="utf-8").splitlines()[0].startswith("product_id,product,sku")


def test_a_reader_that_stops_early_is_no_error(sold: Path, private_home: Path) -> None:
    import os
    import subprocess
    import sys

    from tests.cli.conftest import ROOT

    environment = dict(os.environ, DUKA_HOME=str(private_home), LANG="C.UTF-8")
    environment["PYTHONPATH"] = str(ROOT / "desktop")
    reader = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "duka",
            "report",
            "sales-by-day",
            "--db",
            str(sold),
            "--from",
            "2020-01-01",
            "--to",
            "2026-12-31",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=environment,
    )
    assert reader.stdout is not None and reader.stderr is not None
    assert reader.stdout.readline().startswith(b"date,sales,gross")
    reader.stdout.close()  # like `| head -1`
    assert reader.wait(timeout=60) == 0
    assert reader.stderr.read() == b""
