"""`duka print purchase-order` and `duka export purchase-orders` on the demo's orders."""

import csv
import subprocess
from pathlib import Path

from tests.cli.conftest import Run


def test_print_and_export_purchase_orders(duka: Run, tmp_path: Path) -> None:
    db = tmp_path / "shop.sqlite3"
    assert duka("demo", "--db", str(db), timeout=180).returncode == 0
    out = tmp_path / "orders.csv"
    exported = duka("export", "purchase-orders", str(out), "--db", str(db))
    assert exported.returncode == 0, exported.stderr
    with open(out, encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0]) == [
        "number",
        "supplier",
        "state",
        "ordered_at",
        "lines",
        "total",
        "still_to_come",
    ]
    states = {row["state"] for row in rows}
    assert {"open", "partly_received", "received", "cancelled"} <= states
    partly = next(row for row in rows if row["state"] == "partly_received")
    assert 0 < float(partly["still_to_come"]) < float(partly["total"])

    pdf = tmp_path / "po.pdf"
    printed = duka("print", "purchase-order", partly["number"], "--out", str(pdf), "--db", str(db))
    assert printed.returncode == 0, printed.stderr
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert partly["number"] in text and partly["supplier"].split()[0] in text

    missing = duka("print", "purchase-order", "PO-999999", "--out", str(pdf), "--db", str(db))
    assert missing.returncode == 2 and "PO-999999" in missing.stderr
