import csv
from pathlib import Path

from pypdf import PdfReader

from tests.cli.conftest import Run


def test_customers_export_import_and_a_statement(duka: Run, tmp_path: Path) -> None:
    db = tmp_path / "demo.sqlite3"
    assert duka("demo", "--db", str(db)).returncode == 0
    exported = tmp_path / "customers.csv"
    result = duka("export", "customers", str(exported), "--db", str(db))
    assert result.returncode == 0, result.stderr
    with exported.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == [
        "id", "name", "phone", "email", "address", "tax_id", "language", "credit_limit",
        "notes", "active", "balance",
    ]  # fmt: skip
    owing = [r for r in rows if float(r["balance"]) > 0]
    assert owing, "the demo has customers who owe"
    same = duka("import", "customers", str(exported), "--db", str(db))
    assert same.returncode == 0, same.stderr
    assert f"{len(rows)} rows: 0 new, 0 to update, {len(rows)} unchanged" in same.stdout

    debtor = owing[0]
    out = tmp_path / "statement.pdf"
    printed = duka("print", "statement", debtor["id"], "--db", str(db), "--out", str(out))
    assert printed.returncode == 0, printed.stderr
    text = "".join(page.extract_text() for page in PdfReader(out).pages)
    assert debtor["name"].split()[0] in text or debtor["language"] in ("ar",)
    period = duka(
        "print", "statement", debtor["name"], "--db", str(db),
        "--from", "2020-01-01", "--to", "2020-01-31", "--lang", "en", "--out", str(out),
    )  # fmt: skip
    assert period.returncode == 0, period.stderr
    assert "Balance at the start" in PdfReader(out).pages[0].extract_text()

    bad = tmp_path / "bad.csv"
    bad.write_text("name,credit_limit\nGood,5\nBad,-1\n", encoding="utf-8")
    refused = duka("import", "customers", str(bad), "--db", str(db))
    assert refused.returncode == 2
    assert "Row 3, credit_limit:" in refused.stdout
    shared = duka("print", "statement", "+254 712 345 678", "--db", str(db), "--out", str(out))
    assert shared.returncode == 2 and "give the customer's number" in shared.stderr
    missing = duka("print", "statement", "nobody-at-all", "--db", str(db), "--out", str(out))
    assert missing.returncode == 2
