"""Variants travel through `duka export products` and back: a parent column (the parent's
code) and an options column (a parent's options, a variant's values)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from duka.core.barcodes import Barcode, check_digit
from duka.core.money import Money
from duka.core.products import ProductDraft
from duka.core.quantity import Quantity
from duka.core.variants import VariantDraft, VariantOption
from duka.services.product_exchange import ImportAction
from duka.services.shop import Shop


def kes(amount: str) -> Money:
    return Money.of(amount, "KES")


def ean(body: str) -> str:
    return body + check_digit(body)


def clothes(shop: Shop) -> int:
    parent = ProductDraft("قميص T-shirt", kes("800"), kes("450"), sku="TEE", category=("Clothes",))
    options = [VariantOption("साइज़", ("S", "M")), VariantOption("Colour", ("Red", "أزرق"))]
    variants = [
        VariantDraft(
            p.values,
            p.sku,
            (Barcode(ean(f"61640030000{i}")),),
            price=kes("900") if i == 3 else None,
            stock=Quantity.of(i + 1),
        )
        for i, p in enumerate(shop.variants.plan(parent, options))
    ]
    return shop.variants.create(parent, options, variants)


def family_facts(shop: Shop, parent_id: int) -> object:
    family = shop.variants.family(parent_id)
    return (
        family.name,
        family.options,
        [(v.values, v.sku, v.barcode, v.price, v.follows, v.stock) for v in family.variants],
    )


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_variants_go_out_and_come_back(
    kenya_shop: Shop, tmp_path: Path, suffix: str, private_home: Path
) -> None:
    shop = kenya_shop
    parent_id = clothes(shop)
    exported = tmp_path / f"products{suffix}"
    assert shop.exchange.export(exported) == 5
    if suffix == ".csv":
        rows = list(csv.DictReader(exported.read_text("utf-8-sig").splitlines()))
        assert [(r["sku"], r["parent"], r["options"]) for r in rows] == [
            ("TEE", "", "साइज़=S|M; Colour=Red|أزرق"),
            ("TEE-S-RED", "TEE", "साइज़=S; Colour=Red"),
            ("TEE-S-أزرق", "TEE", "साइज़=S; Colour=أزرق"),
            ("TEE-M-RED", "TEE", "साइज़=M; Colour=Red"),
            ("TEE-M-أزرق", "TEE", "साइज़=M; Colour=أزرق"),
        ]
    with Shop.open(tmp_path / "new.sqlite3", backup_dir=private_home / "b") as new:
        new.settings.first_run(
            "Duka Mpya", "KE", language="en", owner_name="Neema", owner_pin="2468"
        )
        preview = new.exchange.preview(exported)
        assert preview.problems == [] and preview.count(ImportAction.NEW) == 5
        new.exchange.apply(preview)
        assert family_facts(new, parent_id) == family_facts(shop, parent_id)
        assert new.exchange.preview(exported).count(ImportAction.UNCHANGED) == 5
        # a follower follows in the new shop too
        parent = new.products.get(parent_id)
        from dataclasses import replace

        new.products.update(parent_id, replace(parent.draft, sell_price=kes("850")))
        prices = [v.price for v in new.variants.family(parent_id).variants]
        assert prices == [kes("850"), kes("850"), kes("850"), kes("900")]
        assert all(not r.problems for r in new.maintenance.verify())


def test_bad_variant_rows_are_reported_and_nothing_written(
    kenya_shop: Shop, tmp_path: Path
) -> None:
    shop = kenya_shop
    clothes(shop)
    path = tmp_path / "more.csv"
    path.write_text(
        "name,sku,price,parent,options\n"
        "Cap,CAP,300,,Size=One\n"
        "Cap one,CAP-1,300,CAP,Size=One\n"
        "Cap two,CAP-2,300,CAP,Size=One\n"  # the same combination again
        "Tee XL,TEE-XL,800,TEE,साइज़=XL; Colour=Red\n"  # no such size
        "Tee odd,TEE-O,800,TEE,Colour=Red\n"  # not one value of each option
        "Orphan,ORPH,800,NOPE,Size=M\n"  # no such parent
        "Lonely,LONE,800,TEE,\n",  # a variant without values
        encoding="utf-8",
    )
    before = shop.context.db.execute("SELECT count(*) FROM products").fetchone()[0]
    preview = shop.exchange.preview(path)
    said = {p.row: p.message for p in preview.problems}
    assert "also on row 3" in said[4]
    assert "has no Colour" not in said[5] and "“XL”" in said[5]
    assert "one value of each of its options" in said[6]
    assert "“NOPE”" in said[7]
    assert "needs its values" in said[8]
    with pytest.raises(Exception):  # noqa: B017 - refused as a whole
        shop.exchange.apply(preview)
    after = shop.context.db.execute("SELECT count(*) FROM products").fetchone()[0]
    assert after == before
