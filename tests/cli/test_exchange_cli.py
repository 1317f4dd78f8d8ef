import hashlib
from pathlib import Path

from duka.services.shop import Shop
from tests.cli.conftest import Run


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_export_and_import_products_round_trip(duka: Run, tmp_path: Path) -> None:
    db = tmp_path / "demo.sqlite3"
    assert duka("demo", "--db", str(db)).returncode == 0
    exported = tmp_path / "products.csv"
    result = duka("export", "products", str(exported), "--db", str(db))
    assert result.returncode == 0, result.stderr
    n = len(exported.read_bytes().decode("utf-8-sig").splitlines()) - 1  # rows under the header
    assert n > 200  # the demo's, variants and medicines among them
    assert result.stdout.strip() == f"Exported {n} products to {exported}."
    same = duka("import", "products", str(exported), "--db", str(db))
    assert same.returncode == 0, same.stderr
    assert f"{n} rows: 0 new, 0 to update, {n} unchanged, 0 with problems" in same.stdout
    # a price changed in the spreadsheet comes back, and the rest stays exactly as it was
    text = exported.read_bytes().decode("utf-8-sig")
    first = text.splitlines()[1]
    changed = first.replace(",220.00,", ",225.50,", 1)
    assert changed != first
    edited = tmp_path / "edited.csv"
    edited.write_bytes(text.replace(first, changed, 1).encode("utf-8-sig"))
    imported = duka("import", "products", str(edited), "--db", str(db))
    assert "Imported as IMP-00002: 0 added, 1 updated, 0 rows skipped." in imported.stdout
    again = tmp_path / "again.csv"
    assert duka("export", "products", str(again), "--db", str(db)).returncode == 0
    assert again.read_bytes() == edited.read_bytes()
    workbook = tmp_path / "products.xlsx"
    assert duka("export", "products", str(workbook), "--db", str(db)).returncode == 0
    unchanged = duka("import", "products", str(workbook), "--db", str(db))
    assert f"{n} rows: 0 new, 0 to update, {n} unchanged" in unchanged.stdout


def test_a_shop_not_yet_set_up_is_refused(duka: Run, tmp_path: Path) -> None:
    source = tmp_path / "p.csv"
    source.write_text("name,price\nKalamu,25\n", encoding="utf-8")
    new = tmp_path / "new.sqlite3"
    Shop.open(new, backup_dir=tmp_path / "b").close()  # the app made it; nobody set it up
    result = duka("import", "products", str(source), "--db", str(new))
    assert result.returncode == 2
    assert "Set up the shop first" in result.stderr


def test_bad_rows_exit_2_and_write_nothing_unless_skipped(duka: Run, tmp_path: Path) -> None:
    db = tmp_path / "shop.sqlite3"
    assert duka("demo", "--db", str(db)).returncode == 0
    source = tmp_path / "new.csv"
    source.write_text("Name;Prix;Stock\nKalamu;25;10\nDaftari;;3\nRula;1,50;x\n", encoding="utf-8")
    before = digest(db)
    for extra in ([], ["--dry-run"]):
        result = duka("import", "products", str(source), "--db", str(db), *extra)
        assert result.returncode == 2
        assert "Row 3, Prix: A new product needs a price." in result.stdout
        assert "Row 4, Stock: “x” is not a number" in result.stdout
        assert result.stderr.strip() == "duka: 2 rows have problems, so nothing was imported."
        assert digest(db) == before
    dry = duka("import", "products", str(source), "--db", str(db), "--dry-run", "--skip-invalid")
    assert dry.returncode == 0 and "Dry run: nothing was written." in dry.stdout
    assert digest(db) == before
    done = duka("import", "products", str(source), "--db", str(db), "--skip-invalid")
    assert done.returncode == 0, done.stderr
    assert "1 added, 0 updated, 2 rows skipped." in done.stdout


def test_a_file_that_is_not_a_table_is_one_clear_line(duka: Run, tmp_path: Path) -> None:
    picture = tmp_path / "photo.csv"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    Shop.open(tmp_path / "s.sqlite3", backup_dir=tmp_path / "b").close()
    result = duka("import", "products", str(picture), "--db", str(tmp_path / "s.sqlite3"))
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "duka: photo.csv is not a table. Duka reads CSV files and Excel workbooks (.xlsx)."
    )
