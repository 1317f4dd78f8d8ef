"""`duka export expenses`: one CSV row per expense of a period, for other programs."""

import csv
import datetime as dt
from decimal import Decimal
from pathlib import Path

from duka.core import settings as spec
from duka.core.access import Actor
from duka.core.expenses import ExpenseDraft
from duka.core.money import Money
from duka.core.tax import TaxRate
from duka.services.shop import Shop
from tests.cli.conftest import Run


def test_export_expenses_writes_one_row_per_expense(duka: Run, tmp_path: Path) -> None:
    db = tmp_path / "shop.sqlite3"
    kes = lambda a: Money.of(a, "KES")  # noqa: E731
    with Shop.open(db, backup_dir=tmp_path / "b", actor=Actor.command_line("tester")) as shop:
        shop.settings.first_run("Duka", "KE", language="en", owner_name="Zawadi", owner_pin="4321")
        shop.settings.save({spec.TAX_RATES.key: (TaxRate("S", "VAT 16%", Decimal(16)),)})
        by_key = {c.key: c.id for c in shop.expenses.categories()}
        today = shop.expenses.today()
        last_week = today - dt.timedelta(days=7)
        shop.expenses.record(ExpenseDraft(last_week, by_key["transport"], kes("300"), payee="Boda"))
        shop.expenses.record(ExpenseDraft(today, by_key["repairs"], kes("58"), tax_code="S"))
    out = tmp_path / "expenses.csv"
    result = duka("export", "expenses", str(out), "--db", str(db))
    assert result.returncode == 0, result.stderr
    assert "2 expenses" in result.stdout
    rows = list(csv.DictReader(out.open(encoding="utf-8", newline="")))
    assert [list(r.values()) for r in rows] == [
        ["EX-000001", last_week.isoformat(), "Transport", "Boda", "drawer", "", "300.00", "0.00",
         "300.00"],
        ["EX-000002", today.isoformat(), "Repairs", "", "drawer", "", "50.00", "8.00", "58.00"],
    ]  # fmt: skip
    assert list(rows[0]) == [
        "number", "date", "category", "payee", "method", "account", "net", "tax", "gross"
    ]  # fmt: skip
    since = duka("export", "expenses", str(out), "--db", str(db), "--from", today.isoformat())
    assert since.returncode == 0 and len(list(csv.reader(out.open(encoding="utf-8")))) == 2
    bad = duka("export", "expenses", str(out), "--db", str(db), "--to", "25/11/2026")
    assert bad.returncode == 2 and "YYYY-MM-DD" in bad.stderr
