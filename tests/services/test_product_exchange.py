from decimal import Decimal
from pathlib import Path

import pytest

from duka.core import settings as spec
from duka.core.barcodes import Barcode, check_digit
from duka.core.errors import InvalidInput
from duka.core.money import Money
from duka.core.product_import import Column
from duka.core.products import ProductDraft, ProductQuery, Unit
from duka.core.quantity import Quantity
from duka.core.stock import MovementKind
from duka.core.tax import TaxRate
from duka.services.product_exchange import ImportAction, ImportCancelled
from duka.services.shop import Shop


def ean(body: str) -> str:
    return body + check_digit(body)


def kes(amount: str) -> Money:
    return Money.of(amount, "KES")


@pytest.fixture
def shop(kenya_shop: Shop) -> Shop:
    kenya_shop.settings.save(
        {
            spec.TAX_RATES.key: (
                TaxRate("S", "VAT 16%", Decimal(16)),
                TaxRate("E", "Exempt", Decimal(0), True),
            )
        }
    )
    return kenya_shop


def snapshot(shop: Shop) -> list[object]:
    db = shop.context.db
    return [
        db.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()
        for table in ("products", "barcodes", "categories", "stock_movements")
    ]


def fill(shop: Shop) -> None:
    """Products in several scripts, with every field used."""
    items = [
        ("Sugar 1 kg", "SUG1", (Barcode(ean("616400000001")),), ("Food", "Staples"), Unit.PIECE,
         "180", "150", "S", "10", "24"),
        ("سكر ناعم", "", (Barcode(ean("616400000002")),
                          Barcode(ean("616400000003"), Quantity.of(12))), ("طعام",),
         Unit.PIECE, "95.50", "80.25", "E", "0", "3"),
        ("बासमती चावल", "RICE-IN", (), ("Food", "अनाज"), Unit.KILOGRAM, "320", "260.75", None,
         "2.5", "40.125"),
        ("酱油 soy sauce, \"dark\"", "", (Barcode("SOY-酱"),), (), Unit.LITRE, "280", "0", None,
         "0", "-2"),
        ("Mafuta ya taa\nlamp oil", "M1", (), ("Household",), Unit.MILLILITRE, "0.50", "0.35", "S",
         "0", "0"),
    ]  # fmt: skip
    for name, sku, codes, category, unit, price, cost, tax, reorder, stock in items:
        product_id = shop.products.add(
            ProductDraft(
                name, kes(price), kes(cost), unit=unit, tax_code=tax, sku=sku or None,
                barcodes=codes, category=category, reorder_level=Quantity.of(reorder),
                notes="واحد, two; तीन" if unit is Unit.KILOGRAM else "",
            )
        )  # fmt: skip
        if stock != "0":
            shop.stock.adjust(product_id, Quantity.of(stock), "count")
    archived = shop.products.add(ProductDraft("Old tin", kes("10"), kes("5")))
    shop.products.set_active(archived, False)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_export_then_import_into_a_new_shop_is_exact(
    shop: Shop, tmp_path: Path, suffix: str, private_home: Path
) -> None:
    fill(shop)
    exported = tmp_path / f"products{suffix}"
    assert shop.exchange.export(exported) == 6
    with Shop.open(tmp_path / "new.sqlite3", backup_dir=private_home / "b") as new:
        new.settings.first_run(
            "Duka Mpya", "KE", language="en", owner_name="Neema", owner_pin="2468"
        )
        new.settings.save({spec.TAX_RATES.key: shop.settings.load()[spec.TAX_RATES]})
        preview = new.exchange.preview(exported)
        assert preview.problems == [] and preview.count(ImportAction.NEW) == 6
        result = new.exchange.apply(preview)
        assert (result.added, result.updated, result.skipped) == (6, 0, 0)
        again = tmp_path / f"again{suffix}"
        new.exchange.export(again)
        if suffix == ".csv":
            assert again.read_bytes() == exported.read_bytes()
        old = [shop.products.get(i) for i in range(1, 7)]
        made = [new.products.get(i) for i in range(1, 7)]
        assert [(p.draft, p.active, p.stock) for p in made] == [
            (p.draft, p.active, p.stock) for p in old
        ]
        # and importing the same file again changes nothing
        assert new.exchange.preview(again).count(ImportAction.UNCHANGED) == 6
        # the ledger, the search index and the kept counts all agree with what was written
        assert all(not r.problems for r in new.maintenance.verify())
        assert new.products.listing(ProductQuery(archived=True)).count == 1


def test_the_export_reads_well_in_a_spreadsheet(shop: Shop, tmp_path: Path) -> None:
    fill(shop)
    path = tmp_path / "p.csv"
    shop.exchange.export(path)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel then reads UTF-8
    lines = raw.decode("utf-8-sig").split("\r\n")
    assert lines[0] == ",".join(c.value for c in Column)
    assert lines[1].startswith(f"Sugar 1 kg,SUG1,{ean('616400000001')},Food > Staples,piece,")
    assert "180.00,150.00,S,10,24,yes," in lines[1]


def test_a_shops_own_code_is_exported_as_it_is(shop: Shop, tmp_path: Path) -> None:
    """Whether a code is the shop's own follows from the code (its check digit is wrong), so
    the file needs no column for it: the code goes out digit for digit."""
    shop.products.add(
        ProductDraft("Pork", kes("600"), kes("450"), barcodes=(Barcode("25250001", own=True),))
    )
    path = tmp_path / "p.csv"
    shop.exchange.export(path)
    lines = path.read_bytes().decode("utf-8-sig").split("\r\n")
    assert lines[0] == ",".join(c.value for c in Column)
    assert lines[1].startswith("Pork,,25250001,")


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def test_a_semicolon_file_with_decimal_commas_and_a_bom(shop: Shop, tmp_path: Path) -> None:
    path = write(
        tmp_path / "fr.csv",
        "\ufeffDésignation;Prix de vente;Prix d'achat;Qté;Unité\r\n"
        "Farine de blé;1 250,50;980;12,5;kg\r\n"
        "\r\n"
        "Savon;58,99;40;3;pièce\r\n",
    )
    preview = shop.exchange.preview(path)
    assert preview.table.encoding == "UTF-8 with BOM" and preview.table.delimiter == ";"
    assert preview.decimal_mark == ","
    assert preview.problems == []
    shop.exchange.apply(preview)
    flour = shop.products.search("Farine")[0]
    assert (flour.sell_price, flour.stock, flour.unit) == (
        kes("1250.50"),
        Quantity.of("12.5"),
        Unit.KILOGRAM,
    )
    assert shop.products.search("Savon")[0].sell_price == kes("58.99")


def test_utf16_and_tabs_as_excel_writes_unicode_text(shop: Shop, tmp_path: Path) -> None:
    path = write(tmp_path / "u.txt", "\ufeffName\tPrice\r\nचाय पत्ती\t90\r\n", "utf-16-le")
    preview = shop.exchange.preview(path)
    assert (preview.table.encoding, preview.table.delimiter) == ("UTF-16", "\t")
    shop.exchange.apply(preview)
    assert [r.name for r in shop.products.search("चाय")] == ["चाय पत्ती"]


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"", "has no rows"),
        (b"name,price\r\n", "has no rows"),
        (b"\r\n\r\n", "has no rows"),
        ("Désignation;Prix\nCafé;10\n".encode("cp1252"), "save it as “CSV UTF-8”"),
        (b"%PDF-1.4\n\x00\x01\x02binary", "is not a table"),
        (b"PK\x03\x04not really a workbook", "is not a table"),
        (b"\xd0\xcf\x11\xe0old excel", "old Excel file"),
        (b"Dear supplier, please send more sugar.\nThanks\n", "No column"),
    ],
)
def test_files_that_cannot_be_imported_are_refused_clearly(
    shop: Shop, tmp_path: Path, content: bytes, says: str
) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(InvalidInput) as caught:
        shop.exchange.preview(path)
    assert says in caught.value.message
    assert shop.products.count() == 0


def test_every_bad_row_is_reported_and_nothing_written(shop: Shop, tmp_path: Path) -> None:
    shop.products.add(
        ProductDraft(
            "Chai", kes("90"), kes("60"), sku="C1", barcodes=(Barcode(ean("616400000009")),)
        )
    )
    before = snapshot(shop)
    path = write(
        tmp_path / "p.csv",
        "name,price,barcodes,unit,stock,sku\n"
        "Good one,10,,,,G1\n"  # row 2
        "No price,,,,,\n"  # row 3
        ",20,,,,\n"  # row 4: no name
        "Bad code,10,4.00638E+12,,,\n"  # row 5: a spreadsheet's number
        "Taken code,10," + ean("616400000009") + ",,,X9\n"  # row 6: Chai's barcode
        "Pieces,10,,piece,1.5,\n"  # row 7
        "Twice,10,,,,G1\n"  # row 8: G1 again
        "Comma,58;99,,,,\n",  # row 9
    )
    preview = shop.exchange.preview(path)
    report = [(p.row, p.column, p.message) for p in preview.problems]
    assert [(row, column) for row, column, _ in report] == [
        (3, "price"),
        (4, "name"),
        (5, "barcodes"),
        (6, "barcodes"),
        (7, "stock"),
        (8, "sku"),
        (9, "price"),
    ]
    assert "turned this barcode into a number" in report[2][2]
    assert "already belongs to another product" in report[3][2]
    assert "more than 0 decimals" in report[4][2]
    assert "also on row 2" in report[5][2]
    assert preview.invalid_rows == 7 and preview.count(ImportAction.NEW) == 1
    with pytest.raises(InvalidInput) as caught:
        shop.exchange.apply(preview)
    assert caught.value.message == "7 rows have problems, so nothing was imported."
    assert snapshot(shop) == before
    result = shop.exchange.apply(preview, skip_invalid=True)
    assert (result.added, result.skipped) == (1, 7)
    assert shop.products.count() == 2


def test_rows_update_the_products_they_name(shop: Shop, tmp_path: Path) -> None:
    sugar = shop.products.add(ProductDraft("Sugar", kes("180"), kes("150"), sku="S1"))
    soap = shop.products.add(
        ProductDraft("Soap", kes("45"), kes("30"), barcodes=(Barcode(ean("616400000005")),))
    )
    salt = shop.products.add(
        ProductDraft("Salt", kes("20"), kes("12")), opening_stock=Quantity.of(5)
    )
    path = write(
        tmp_path / "update.csv",
        "sku,barcode,name,price,stock\n"
        "S1,,,190,\n"  # by code: only the price changes
        f",{ean('616400000005')},,,7\n"  # by barcode: counted to 7
        ",,SALT,20,5\n"  # by name, in any case: nothing changes
        "S2,,Sugar,100,\n",  # a new code: a new product, even with the same name
    )
    preview = shop.exchange.preview(path)
    assert [(p.row, p.action, p.product_id) for p in preview.planned] == [
        (2, ImportAction.UPDATE, sugar),
        (3, ImportAction.UPDATE, soap),
        (4, ImportAction.UNCHANGED, salt),
        (5, ImportAction.NEW, None),
    ]
    result = shop.exchange.apply(preview)
    assert (result.number, result.added, result.updated, result.unchanged) == (
        "IMP-00001",
        1,
        2,
        1,
    )
    assert shop.products.get(sugar).draft.sell_price == kes("190")
    assert shop.products.get(sugar).draft.cost_price == kes("150")  # left as it was
    counted = shop.stock.history(soap)[0]
    assert (counted.kind, counted.quantity, counted.document, counted.reason) == (
        MovementKind.COUNT,
        Quantity.of(7),
        "IMP-00001",
        "update.csv",
    )
    trail = shop.context.db.execute(
        "SELECT action, subject, before, after FROM audit WHERE action IN "
        "('price_changed', 'import') ORDER BY id"
    ).fetchall()
    assert trail[0] == ("price_changed", f"product {sugar}: Sugar", '"180.00 KES"', '"190.00 KES"')
    assert trail[1][:2] == ("import", "IMP-00001")
    assert all(not r.problems for r in shop.maintenance.verify())


def test_a_cancelled_import_writes_nothing(shop: Shop, tmp_path: Path) -> None:
    lines = "".join(f"Item {i},{i}.50,{i}\n" for i in range(1, 1500))
    path = write(tmp_path / "big.csv", "name,price,stock\n" + lines)
    preview = shop.exchange.preview(path)
    seen: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> bool:
        seen.append((done, total))
        return done < 1000

    before = snapshot(shop)
    with pytest.raises(ImportCancelled):
        shop.exchange.apply(preview, progress=progress)
    assert seen == [(0, 1499), (500, 1499), (1000, 1499)]
    assert snapshot(shop) == before
    with shop.detached() as own:  # as the window runs it, on a connection of its own
        assert own.context.db is not shop.context.db
        result = own.exchange.apply(preview)
    assert result.added == 1499
    assert shop.products.listing(ProductQuery(text="Item 1499")).count == 1


def test_a_mapping_and_mark_chosen_by_hand(shop: Shop, tmp_path: Path) -> None:
    path = write(tmp_path / "odd.csv", "Kitu;Thamani\nKalamu;1,500\n")
    with pytest.raises(InvalidInput):
        shop.exchange.preview(path)  # neither header is known
    table = shop.exchange.read(path)
    assert shop.exchange.preview(path, table, [Column.NAME, Column.PRICE]).decimal_mark == "."
    preview = shop.exchange.preview(path, table, [Column.NAME, Column.PRICE], ",")
    assert preview.problems == []
    shop.exchange.apply(preview)
    assert shop.products.search("Kalamu")[0].sell_price == kes("1.50")


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_cancelled_export_keeps_the_file_it_would_have_replaced(
    shop: Shop, tmp_path: Path, suffix: str
) -> None:
    for number in range(1, 2501):
        shop.products.add(
            ProductDraft(name=f"Item {number}", sell_price=kes("10"), cost_price=kes("5"))
        )
    folder = tmp_path / "exports"
    folder.mkdir()
    target = folder / f"products{suffix}"
    target.write_bytes(b"last week's list")

    def stop_halfway(done: int, total: int) -> bool:
        return done < total // 2

    with pytest.raises(ImportCancelled):
        shop.exchange.export(target, progress=stop_halfway)
    assert target.read_bytes() == b"last week's list"
    assert [p.name for p in folder.iterdir()] == [target.name]  # no half-written file left
