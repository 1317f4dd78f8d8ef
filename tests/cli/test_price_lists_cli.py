"""`duka sell` with a customer on a price list: the list's quantity break applies and the
sale's line records it."""

from __future__ import annotations

import sqlite3
from decimal import Decimal
from pathlib import Path

from duka.core import settings as spec
from duka.core.access import Actor
from duka.core.barcodes import Barcode
from duka.core.customers import NewCustomer
from duka.core.money import Money
from duka.core.products import ProductDraft
from duka.core.quantity import Quantity
from duka.core.tax import TaxRate
from duka.services.shop import Shop
from tests.cli.conftest import Run

SUGAR = "6161234567890"


def kes(amount: str) -> Money:
    return Money.of(amount, "KES")


def test_a_customer_on_a_list_buys_at_its_break(duka: Run, tmp_path: Path) -> None:
    path = tmp_path / "lists.sqlite3"
    with Shop.open(path, backup_dir=tmp_path / "b", actor=Actor.command_line("t")) as shop:
        shop.settings.first_run(
            "Duka la Test", "KE", language="en", owner_name="Zawadi", owner_pin="4321"
        )
        shop.settings.save({spec.TAX_RATES.key: (TaxRate("S", "VAT 16%", Decimal(16)),)})
        sugar = shop.products.add(
            ProductDraft(
                "Sukari", kes("180"), kes("150"), tax_code="S", barcodes=(Barcode(SUGAR),)
            ),
            opening_stock=Quantity.of(50),
        )
        wholesale = shop.price_lists.create("Wholesale")
        shop.price_lists.set_prices(
            sugar, wholesale, [(Quantity(0), kes("170")), (Quantity.of(10), kes("160"))]
        )
        mama = shop.customers.add(NewCustomer(name="Mama Mboga", credit_limit=kes("0")))
        shop.price_lists.set_customer_list(mama, wholesale)
    done = duka(
        "sell", "--db", str(path), "--customer", "Mama Mboga", "10*" + SUGAR, "--pay", "cash:1600"
    )
    assert done.returncode == 0, done.stderr
    db = sqlite3.connect(path)
    try:
        line = db.execute("SELECT unit_price, price_list_id, price_from FROM sale_lines").fetchone()
        assert line == (16000, wholesale, 10_000)
        assert db.execute("SELECT gross FROM sales").fetchone()[0] == 160000
    finally:
        db.close()
    plain = duka("sell", "--db", str(path), "10*" + SUGAR, "--pay", "cash:1800")
    assert plain.returncode == 0, plain.stderr  # no customer: retail, no break
    assert duka("verify", "--db", str(path)).returncode == 0
