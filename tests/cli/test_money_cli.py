"""`duka money accounts` and `duka money book`: the accounts with their balances, and an
account's book with its running balance, for scripts."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

from duka.core.access import Actor
from duka.core.money import Money
from duka.core.money_accounts import AccountDraft, AccountKind
from duka.services.shop import Shop
from tests.cli.conftest import Run


def kes(amount: str) -> Money:
    return Money.of(amount, "KES")


def test_accounts_and_a_book(duka: Run, db_path: Path, tmp_path: Path) -> None:
    with Shop.open(db_path, backup_dir=tmp_path / "b", actor=Actor.command_line("t")) as shop:
        shop.settings.first_run("Duka", "KE", language="en", owner_name="Zawadi", owner_pin="4321")
        money = shop.money
        bank = money.add_account(
            AccountDraft("KCB", AccountKind.BANK), kes("1000"), dt.date(2026, 10, 1)
        )
        mpesa = money.add_account(
            AccountDraft("M-Pesa, till", AccountKind.MOBILE_MONEY), kes("500.50"),
            dt.date(2026, 10, 1),
        )  # fmt: skip
        money.transfer(mpesa, bank, kes("200"), "", dt.date(2026, 10, 5))
        money.draw_money(kes("100"), bank, "rent at home", dt.date(2026, 11, 2))

    listed = duka("money", "accounts", "--db", str(db_path))
    assert listed.returncode == 0, listed.stderr
    assert [line.split("\t") for line in listed.stdout.splitlines()] == [
        [str(bank), "KCB", "bank", "1100.00"],
        [str(mpesa), "M-Pesa, till", "mobile_money", "300.50"],
    ]
    book = duka("money", "book", str(bank), "--db", str(db_path))
    assert list(csv.reader(io.StringIO(book.stdout))) == [
        ["date", "kind", "note", "amount", "balance"],
        ["2026-10-01", "opening", "", "1000.00", "1000.00"],
        ["2026-10-05", "transfer", "From M-Pesa, till", "200.00", "1200.00"],
        ["2026-11-02", "drawing", "rent at home", "-100.00", "1100.00"],
    ]
    period = duka(
        "money", "book", str(bank), "--db", str(db_path), "--from", "2026-10-02",
        "--to", "2026-10-31",
    )  # fmt: skip
    assert list(csv.reader(io.StringIO(period.stdout)))[1:] == [
        ["2026-10-02", "brought_forward", "", "", "1000.00"],
        ["2026-10-05", "transfer", "From M-Pesa, till", "200.00", "1200.00"],
    ]
    missing = duka("money", "book", "99", "--db", str(db_path))
    assert missing.returncode != 0 and "no money account number 99" in missing.stderr
    bad = duka("money", "book", str(bank), "--db", str(db_path), "--from", "2.10.2026")
    assert bad.returncode != 0 and "YYYY-MM-DD" in bad.stderr
