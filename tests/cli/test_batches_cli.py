"""`duka sell` of an expired batch, `duka export batches`, `duka import batches` and
`duka report expiring`."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from duka.core.access import Actor
from duka.core.money import Money
from duka.core.products import ProductDraft
from duka.core.quantity import Quantity
from duka.core.suppliers import GoodsReceivedDraft, ReceivedLine, SupplierDraft
from duka.services.shop import Shop
from tests.cli.conftest import Run


def kes(amount: str) -> Money:
    return Money.of(amount, "KES")


TODAY = dt.datetime.now().astimezone().date()


@pytest.fixture
def shop_file(tmp_path: Path) -> Path:
    """Milk (SKU MILK) whose only batch expired three days ago; yoghurt (YOG) with a batch
    good for five more days."""
    path = tmp_path / "batches.sqlite3"
    with Shop.open(path, backup_dir=tmp_path / "b", actor=Actor.command_line("t")) as shop:
        shop.settings.first_run(
            "Duka la Test", "KE", language="en", owner_name="Zawadi", owner_pin="4321"
        )
        milk = shop.products.add(ProductDraft("Maziwa", kes("60"), kes("45"), sku="MILK"))
        yog = shop.products.add(ProductDraft("Mtindi", kes("90"), kes("70"), sku="YOG"))
        for product in (milk, yog):
            shop.batches.set_tracking(product, True)
        supplier = shop.suppliers.add(SupplierDraft("Brookside"))
        then = dt.datetime.now().astimezone() - dt.timedelta(days=10)
        shop.context.clock = lambda: then  # received ten days ago, before it expired
        shop.suppliers.receive(
            GoodsReceivedDraft(
                supplier,
                (
                    ReceivedLine(
                        milk,
                        Quantity.of(6),
                        kes("45"),
                        batch="M-0412",
                        expiry=TODAY - dt.timedelta(days=3),
                    ),
                    ReceivedLine(
                        yog,
                        Quantity.of(4),
                        kes("70"),
                        batch="Y-77",
                        expiry=TODAY + dt.timedelta(days=5),
                    ),
                ),
            )
        )
    return path


def counts(path: Path) -> tuple[int, int]:
    db = sqlite3.connect(path)
    try:
        return (
            db.execute("SELECT count(*) FROM sales").fetchone()[0],
            db.execute("SELECT count(*) FROM stock_movements").fetchone()[0],
        )
    finally:
        db.close()


def test_selling_a_product_whose_only_batch_expired_exits_2_writing_nothing(
    duka: Run, shop_file: Path
) -> None:
    before = counts(shop_file)
    done = duka("sell", "MILK", "--db", str(shop_file))
    assert done.returncode == 2
    assert "batch M-0412 expired on" in done.stderr
    assert counts(shop_file) == before
    sold = duka("sell", "YOG", "--db", str(shop_file))
    assert sold.returncode == 0, sold.stderr
    assert counts(shop_file)[0] == before[0] + 1


def test_export_batches_writes_the_contract_columns_and_imports_back(
    duka: Run, shop_file: Path, tmp_path: Path
) -> None:
    out = tmp_path / "batches.csv"
    done = duka("export", "batches", str(out), "--db", str(shop_file))
    assert done.returncode == 0, done.stderr
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == "product_id,sku,batch,expiry,quantity"
    assert lines[1:] == [
        f"1,MILK,M-0412,{(TODAY - dt.timedelta(days=3)).isoformat()},6",
        f"2,YOG,Y-77,{(TODAY + dt.timedelta(days=5)).isoformat()},4",
    ]
    # the expired row is refused on the way back in: nothing written
    before = counts(shop_file)
    again = duka("import", "batches", str(out), "--db", str(shop_file))
    assert again.returncode == 2
    assert "expired on" in again.stderr
    assert counts(shop_file) == before
    out.write_text("\n".join([lines[0], lines[2]]) + "\n", encoding="utf-8")
    ok = duka("import", "batches", str(out), "--db", str(shop_file))
    assert ok.returncode == 0, ok.stderr
    assert counts(shop_file)[1] == before[1] + 1


def test_report_expiring_takes_days(duka: Run, shop_file: Path) -> None:
    week = duka("report", "expiring", "--days", "7", "--db", str(shop_file))
    assert week.returncode == 0, week.stderr
    rows = week.stdout.splitlines()
    assert rows[0].startswith("product_id,product,sku,batch,expiry,days_left,quantity")
    assert [r.split(",")[3] for r in rows[1:] if r and not r.startswith(",")] == [
        "M-0412",
        "Y-77",
    ]
    expired_only = duka("report", "expiring", "--days", "0", "--db", str(shop_file))
    assert "Y-77" not in expired_only.stdout and "M-0412" in expired_only.stdout
