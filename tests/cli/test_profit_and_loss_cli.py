"""`duka report profit-and-loss` and `duka report tax-summary`: the CSV contract on stdout,
the files through --format/--out."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from duka.core.access import Actor
from duka.services.shop import Shop
from tests.cli.conftest import Run
from tests.services.test_profit_and_loss import PNL_HEAD, back_office, wanted
from tests.services.test_reports import trade


@pytest.fixture
def kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A shop that traded, with expenses and write-offs, in India's time zone (the command
    reads it in the same one: TZ goes to the child)."""
    import time

    monkeypatch.setenv("TZ", "Asia/Kolkata")
    time.tzset()
    db = tmp_path / "shop.sqlite3"
    with Shop.open(db, backup_dir=tmp_path / "b", actor=Actor.command_line("tester")) as shop:
        back_office(trade(shop, True))
    yield db
    monkeypatch.undo()
    time.tzset()


def test_the_profit_and_loss_csv_on_stdout(duka: Run, kept: Path, tmp_path: Path) -> None:
    result = duka(
        "report", "profit-and-loss", "--db", str(kept), "--from", "2026-02-01", "--to", "2026-04-30"
    )
    assert result.returncode == 0, result.stderr
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == [
        *PNL_HEAD,
        "expense:rent",
        "expense:electricity",
        "expense:Security guard",
        "expense:other",
    ]
    assert [r[0] for r in rows[1:]] == ["2026-02", "2026-03", "2026-04"]
    with Shop.open(kept, backup_dir=tmp_path / "b", actor=Actor.command_line("t")) as shop:
        months = wanted(shop, dt.date(2026, 2, 1), dt.date(2026, 4, 30))
    for row in rows[1:]:
        figures = months[dt.date.fromisoformat(row[0] + "-01")]
        got = dict(zip(rows[0], row, strict=True))
        cents = {key: int(Decimal(text) * 100) for key, text in got.items() if key != "month"}
        assert cents["net_profit"] == figures["net_profit"]
        assert cents["gross_profit"] == cents["net_sales"] - cents["cost_of_goods"]
        assert cents["net_profit"] == (
            cents["gross_profit"] - cents["expenses"] - cents["written_off"]
        )
    for kind in ("pdf", "xlsx"):
        out = tmp_path / f"pnl.{kind}"
        written = duka("report", "profit-and-loss", "--db", str(kept), "--from", "2026-02-01",
                       "--to", "2026-04-30", "--out", str(out))  # fmt: skip
        assert written.returncode == 0 and out.stat().st_size > 1000, written.stderr


def test_the_tax_summary_csv(duka: Run, kept: Path) -> None:
    result = duka(
        "report", "tax-summary", "--db", str(kept), "--from", "2026-02-01", "--to", "2026-04-30"
    )
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    by_code = {r["tax_code"]: r for r in rows}
    assert by_code["S"]["input_tax"] == "689.66" and by_code["R"]["input_tax"] == "96.00"
    assert list(rows[0]) == [
        "tax_code", "name", "percent", "sales_net", "output_tax", "purchases_net",
        "purchases_tax", "expenses_net", "expenses_tax", "input_tax", "balance",
    ]  # fmt: skip
    for row in rows:
        cents = {k: round(float(v) * 100) for k, v in row.items() if k not in ("tax_code", "name")}
        assert cents["input_tax"] == cents["purchases_tax"] + cents["expenses_tax"]
        assert cents["balance"] == cents["output_tax"] - cents["input_tax"]
