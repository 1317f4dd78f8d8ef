"""`duka sell` of a variant: its barcode (or code) sells that variant, with its own price and
stock; the parent's code is refused, since only its variants are sold."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from duka.core.access import Actor
from duka.core.barcodes import Barcode
from duka.core.money import Money
from duka.core.products import ProductDraft
from duka.core.quantity import Quantity
from duka.core.variants import VariantDraft, VariantOption
from duka.services.shop import Shop
from tests.cli.conftest import Run

CODES = {("M", "Red"): "2000000000015", ("M", "Blue"): "2000000000022"}


def kes(amount: str) -> Money:
    return Money.of(amount, "KES")


@pytest.fixture
def shop_file(tmp_path: Path) -> Path:
    path = tmp_path / "clothes.sqlite3"
    with Shop.open(path, backup_dir=tmp_path / "b", actor=Actor.command_line("t")) as shop:
        shop.settings.first_run(
            "Duka la Nguo", "KE", language="en", owner_name="Zawadi", owner_pin="4321"
        )
        parent = ProductDraft("Shati", kes("800"), kes("400"), sku="SHATI")
        options = [VariantOption("Size", ("M",)), VariantOption("Colour", ("Red", "Blue"))]
        variants = [
            VariantDraft(
                p.values,
                p.sku,
                (Barcode(CODES[p.values]),),
                price=kes("950") if p.values[1] == "Blue" else None,
                stock=Quantity.of(3),
            )
            for p in shop.variants.plan(parent, options)
        ]
        shop.variants.create(parent, options, variants)
    return path


def test_a_variants_barcode_sells_that_variant(duka: Run, shop_file: Path) -> None:
    done = duka(
        "sell", "--db", str(shop_file), CODES[("M", "Blue")], "SHATI-M-RED", "--pay", "cash:2000"
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["S-000001", "change\t250.00"]  # 950 + 800
    db = sqlite3.connect(shop_file)
    sold = db.execute("SELECT name, unit_price FROM sale_lines ORDER BY id").fetchall()
    assert sold == [("Shati (M / Blue)", 95000), ("Shati (M / Red)", 80000)]
    left = db.execute(
        "SELECT p.name, s.quantity FROM stock_levels s JOIN products p ON p.id = s.product_id "
        "ORDER BY p.name"
    ).fetchall()
    assert left == [("Shati (M / Blue)", 2000), ("Shati (M / Red)", 2000)]
    db.close()
    assert duka("verify", "--db", str(shop_file)).returncode == 0


def test_the_parents_code_is_refused(duka: Run, shop_file: Path) -> None:
    done = duka("sell", "--db", str(shop_file), "SHATI", "--pay", "cash:2000")
    assert done.returncode == 2
    assert "Shati is sold by its variants: choose one." in done.stderr
    db = sqlite3.connect(shop_file)
    assert db.execute("SELECT count(*) FROM sales").fetchone()[0] == 0
    db.close()
