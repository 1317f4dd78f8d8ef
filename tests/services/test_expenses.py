"""Expenses: recorded in one transaction from the drawer (a pay-out of the session) or from
an account (a line of its book), with their receipt, roles and limits, monthly ones."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from duka.core import settings as spec
from duka.core.access import Actor, Permission, Role
from duka.core.errors import Conflict, InvalidInput, NotAllowed
from duka.core.expenses import (
    FILE_MAX_BYTES,
    Attachment,
    ExpenseDraft,
    ExpenseMethod,
    RecurringDraft,
)
from duka.core.money import Money
from duka.core.tax import TaxRate
from duka.services.shop import Shop
from duka.store import journal
from tests.conftest import OWNER_PIN


def kes(amount: str | int) -> Money:
    return Money.of(amount, "KES")


TABLES = (
    "expenses",
    "expense_files",
    "expense_categories",
    "recurring_expenses",
    "money_entries",
    "cash_events",
    "cash_sessions",
    "journal",
)


def counts(shop: Shop) -> dict[str, int]:
    db = shop.context.db
    return {t: int(db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]) for t in TABLES}


def category(shop: Shop, key: str) -> int:
    return next(c.id for c in shop.expenses.categories() if c.key == key)


def add_account(shop: Shop, name: str = "Equity Bank") -> int:
    from duka.core.money_accounts import AccountDraft, AccountKind

    return shop.money.add_account(AccountDraft(name, AccountKind.BANK))


def today(shop: Shop) -> dt.date:
    return shop.expenses.today()


def problems(shop: Shop) -> dict[str, tuple[str, ...]]:
    return {r.name: r.problems for r in shop.maintenance.verify() if r.problems}


@pytest.fixture
def shop(kenya_shop: Shop) -> Shop:
    return kenya_shop


def test_the_starting_categories_are_named_in_the_shops_language(shop: Shop) -> None:
    names = [c.shown for c in shop.expenses.categories()]
    assert names[0] == "Bank and mobile-money charges" and names[-1] == "Other"
    assert len(names) == 12 and "Rent" in names


def test_a_drawer_expense_is_a_pay_out_of_the_session_and_on_the_z_report(shop: Shop) -> None:
    shop.cash.open(kes("1000"))
    number = shop.expenses.record(
        ExpenseDraft(today(shop), category(shop, "transport"), kes("250"), payee="Boda boda")
    )
    assert number == "EX-000001"
    assert (
        shop.expenses.record(ExpenseDraft(today(shop), category(shop, "water"), kes("80.50")))
        == "EX-000002"
    )
    report = shop.cash.report()
    assert report.pay_outs == kes("330.50")
    assert report.expected == kes("669.50")
    events = shop.cash.report().session
    row = shop.context.db.execute(
        "SELECT e.session_id, c.kind, c.amount, c.reason FROM expenses e "
        "JOIN cash_events c ON c.id = e.cash_event_id WHERE e.number = ?",
        (number,),
    ).fetchone()
    assert row == (events.id, "pay_out", 25000, "Transport Boda boda")
    closed = shop.cash.close(kes("669.50"))
    assert closed.pay_outs == kes("330.50") and closed.difference == kes("0")
    listed = shop.expenses.expenses()
    assert [(e.number, e.category.shown, e.gross) for e in listed] == [
        ("EX-000001", "Transport", kes("250")),
        ("EX-000002", "Water", kes("80.50")),
    ]
    assert problems(shop) == {}


def test_an_expense_with_no_drawer_open_opens_one(shop: Shop) -> None:
    shop.expenses.record(ExpenseDraft(today(shop), category(shop, "other"), kes("10")))
    assert shop.cash.current() is not None
    assert shop.cash.report().pay_outs == kes("10")


def test_an_account_expense_writes_a_line_of_its_book(shop: Shop) -> None:
    bank = add_account(shop)
    before = counts(shop)
    number = shop.expenses.record(
        ExpenseDraft(
            today(shop),
            category(shop, "rent"),
            kes("15000"),
            ExpenseMethod.ACCOUNT,
            bank,
            payee="Mama Njeri",
        )
    )
    after = counts(shop)
    assert after["cash_events"] == before["cash_events"]  # the drawer is not touched
    assert after["cash_sessions"] == before["cash_sessions"]
    entry = shop.context.db.execute(
        "SELECT m.account_id, m.kind, m.amount, e.number FROM money_entries m "
        "JOIN expenses e ON e.id = m.expense_id"
    ).fetchall()
    assert entry == [(bank, "expense", -1500000, number)]
    expense = shop.expenses.get(number)
    assert (expense.method, expense.account, expense.net, expense.tax) == (
        ExpenseMethod.ACCOUNT,
        "Equity Bank",
        kes("15000"),
        kes("0"),
    )
    assert problems(shop) == {}


def test_tax_comes_from_the_shops_rate_where_it_is_registered(shop: Shop) -> None:
    with pytest.raises(InvalidInput, match="not registered"):
        shop.expenses.record(
            ExpenseDraft(today(shop), category(shop, "repairs"), kes("116"), tax_code="S")
        )
    shop.settings.save({spec.TAX_RATES.key: (TaxRate("S", "VAT 16%", Decimal(16)),)})
    worked = shop.expenses.get(
        shop.expenses.record(
            ExpenseDraft(today(shop), category(shop, "repairs"), kes("116"), tax_code="S")
        )
    )
    assert (worked.net, worked.tax, worked.gross, worked.tax_code) == (
        kes("100"),
        kes("16"),
        kes("116"),
        "S",
    )
    typed = shop.expenses.get(
        shop.expenses.record(
            ExpenseDraft(
                today(shop), category(shop, "repairs"), kes("116"), tax_code="S", tax=kes("15.99")
            )
        )
    )
    assert (typed.net, typed.tax) == (kes("100.01"), kes("15.99"))
    with pytest.raises(InvalidInput, match="no tax rate"):
        shop.expenses.record(
            ExpenseDraft(today(shop), category(shop, "repairs"), kes("116"), tax_code="X")
        )


BAD = [
    (lambda s, c: ExpenseDraft(today(s), c, kes("0")), "more than zero"),
    (lambda s, c: ExpenseDraft(today(s), c, kes("-5")), "more than zero"),
    (lambda s, c: ExpenseDraft(today(s), c, Money.of("5", "USD")), "shop's currency"),
    (lambda s, c: ExpenseDraft(today(s) + dt.timedelta(days=1), c, kes("5")), "future"),
    (lambda s, c: ExpenseDraft(today(s), 999, kes("5")), "category"),
    (lambda s, c: ExpenseDraft(today(s), c, kes("5"), ExpenseMethod.ACCOUNT), "account"),
    (lambda s, c: ExpenseDraft(today(s), c, kes("5"), ExpenseMethod.ACCOUNT, 777), "account"),
    (lambda s, c: ExpenseDraft(today(s), c, kes("5"), payee="x" * 500), "too long"),
    (
        lambda s, c: ExpenseDraft(
            today(s), c, kes("5"), attachment=Attachment("big.jpg", bytes(FILE_MAX_BYTES + 1))
        ),
        "larger than 10 MB",
    ),
    (
        lambda s, c: ExpenseDraft(today(s), c, kes("5"), attachment=Attachment("a.pdf", b"")),
        "empty",
    ),
]


@pytest.mark.parametrize(("make", "says"), BAD)
def test_bad_input_is_refused_and_changes_nothing(shop: Shop, make: object, says: str) -> None:
    shop.cash.open(kes("100"))
    before = counts(shop)
    with pytest.raises(InvalidInput, match=says):
        shop.expenses.record(make(shop, category(shop, "other")))  # type: ignore[operator]
    assert counts(shop) == before


def test_the_receipt_file_is_kept_in_the_shop_and_its_backups(shop: Shop, tmp_path: Path) -> None:
    body = b"%PDF-1.4 a receipt " + bytes(range(256))
    number = shop.expenses.record(
        ExpenseDraft(
            today(shop),
            category(shop, "electricity"),
            kes("3200"),
            payee="KPLC",
            attachment=Attachment("kplc token.pdf", body),
        )
    )
    assert shop.expenses.files(number) == [Attachment("kplc token.pdf", body)]
    assert shop.expenses.get(number).files == 1
    info = shop.maintenance.backup(tmp_path / "backup.sqlite3")
    with Shop.open(
        Path(info.path), backup_dir=tmp_path / "b", actor=Actor.command_line("t")
    ) as copy:
        assert copy.expenses.files(number) == [Attachment("kplc token.pdf", body)]


def test_a_cashier_pays_from_the_drawer_up_to_the_limit_and_a_manager_approves_more(
    shop: Shop,
) -> None:
    shop.settings.save({spec.CASHIER_EXPENSE_LIMIT.key: 500})
    bank = add_account(shop)
    shop.access.add_user("Neema", Role.CASHIER, "1357")
    shop.access.sign_in("1357")
    shop.cash.open(kes("2000"))
    transport = category(shop, "transport")
    assert shop.expenses.record(ExpenseDraft(today(shop), transport, kes("500"))) == "EX-000001"
    before = counts(shop)
    with pytest.raises(NotAllowed):
        shop.expenses.record(ExpenseDraft(today(shop), transport, kes("500.01")))
    with pytest.raises(NotAllowed):
        shop.expenses.record(
            ExpenseDraft(today(shop), transport, kes("5"), ExpenseMethod.ACCOUNT, bank)
        )
    assert {k: v for k, v in counts(shop).items() if k != "journal"} == {
        k: v for k, v in before.items() if k != "journal"
    }  # (the refusals are in the audit trail, so in the journal)
    with pytest.raises(NotAllowed):
        shop.expenses.add_category("Security guard")
    assert shop.expenses.needs_approval(kes("501"), ExpenseMethod.DRAWER)
    approval = shop.access.approve(OWNER_PIN, Permission.RECORD_EXPENSES)
    number = shop.expenses.record(
        ExpenseDraft(today(shop), transport, kes("1200")), approval=approval
    )
    row = shop.context.db.execute(
        "SELECT approved_by, actor FROM expenses WHERE number = ?", (number,)
    ).fetchone()
    assert row == ("Zawadi", "Neema")
    with pytest.raises(NotAllowed):  # an approval covers one expense
        shop.expenses.record(ExpenseDraft(today(shop), transport, kes("1200")), approval=approval)
    audit = shop.context.db.execute(
        "SELECT subject, approved_by FROM audit WHERE action = 'expense' ORDER BY id"
    ).fetchall()
    assert audit == [("EX-000001", None), (number, approval.approver_id)]


def test_a_cashier_sees_what_left_the_drawer_not_the_bank_s_payments(shop: Shop) -> None:
    bank = add_account(shop)
    shop.cash.open(kes("2000"))
    rent = shop.expenses.record(
        ExpenseDraft(today(shop), category(shop, "rent"), kes("25000"), ExpenseMethod.ACCOUNT, bank)
    )
    water = shop.expenses.record(ExpenseDraft(today(shop), category(shop, "water"), kes("240")))
    assert {e.number for e in shop.expenses.expenses()} == {rent, water}  # the owner: all
    shop.access.add_user("Neema", Role.CASHIER, "1357")
    shop.access.sign_in("1357")
    assert [e.number for e in shop.expenses.expenses()] == [water]


def test_the_owner_adds_categories_that_are_not_duplicates(shop: Shop) -> None:
    made = shop.expenses.add_category("  Security   guard ")
    assert any(c.id == made and c.shown == "Security guard" for c in shop.expenses.categories())
    before = counts(shop)
    for name, says in (
        ("", "needs a name"),
        ("x" * 61, "at most 60"),
        ("security GUARD", "already"),
        ("rent", "already"),
    ):
        with pytest.raises(InvalidInput, match=says):
            shop.expenses.add_category(name)
    assert counts(shop) == before


def test_a_monthly_expense_is_proposed_when_due_and_moves_on(shop: Shop) -> None:
    now = today(shop)
    first = (now - dt.timedelta(days=40)).replace(day=5)
    rent = shop.expenses.add_recurring(
        RecurringDraft(category(shop, "rent"), kes("12000"), 5, first, payee="Landlord")
    )
    assert [r.id for r in shop.expenses.due()] == [rent]
    number = shop.expenses.record_due(rent)
    recorded = shop.expenses.get(number)
    assert (recorded.day, recorded.gross, recorded.payee) == (first, kes("12000"), "Landlord")
    moved = shop.expenses.recurring()[0].next_due
    assert moved == (first.replace(day=28) + dt.timedelta(days=5)).replace(day=5)
    row = shop.context.db.execute(
        "SELECT recurring_id FROM expenses WHERE number = ?", (number,)
    ).fetchone()
    assert row == (rent,)
    # Skipping a month moves it on without recording; stopping ends the proposals.
    while shop.expenses.due():
        shop.expenses.skip_due(rent)
    assert shop.expenses.recurring()[0].next_due > now
    with pytest.raises(Conflict):
        shop.expenses.record_due(rent)
    shop.expenses.stop_recurring(rent)
    assert shop.expenses.recurring() == []
    for bad in (0, 29):
        with pytest.raises(InvalidInput, match="1 to 28"):
            shop.expenses.add_recurring(RecurringDraft(category(shop, "rent"), kes("1"), bad, now))
    assert problems(shop) == {}


def test_a_failed_recording_from_a_monthly_expense_does_not_move_it(shop: Shop) -> None:
    shop.settings.save({spec.DRAWER_OPENED_FIRST.key: True})
    rent = shop.expenses.add_recurring(
        RecurringDraft(category(shop, "rent"), kes("100"), 1, today(shop).replace(day=1))
    )
    before = counts(shop)
    with pytest.raises(Conflict):  # the drawer must be opened first
        shop.expenses.record_due(rent)
    assert counts(shop) == before
    assert shop.expenses.recurring()[0].next_due == today(shop).replace(day=1)


def test_each_till_numbers_its_own_expenses(tmp_path: Path) -> None:
    hub = Shop.open(tmp_path / "hub.sqlite3", backup_dir=tmp_path / "b1",
                    actor=Actor.command_line("owner"))  # fmt: skip
    try:
        hub.settings.first_run("Duka", "KE", language="en", owner_name="Z", owner_pin="4321")
        made = hub.tills.make(tmp_path / "till2.sqlite3", "Counter 2")
        other = hub.expenses.categories()[0].id
        with Shop.open(
            made.path, backup_dir=tmp_path / "b2", actor=Actor.command_line("owner")
        ) as till:
            assert (
                till.expenses.record(ExpenseDraft(till.expenses.today(), other, kes("5")))
                == "EX2-000001"
            )
        assert (
            hub.expenses.record(ExpenseDraft(hub.expenses.today(), other, kes("5"))) == "EX-000001"
        )
    finally:
        hub.close()


def test_expenses_are_journaled_and_tampering_is_found(shop: Shop) -> None:
    number = shop.expenses.record(ExpenseDraft(today(shop), category(shop, "wages"), kes("700")))
    entry = shop.context.db.execute(
        "SELECT count(*) FROM journal WHERE kind = ?", (journal.EXPENSE.kind,)
    ).fetchone()
    assert entry == (1,)
    assert problems(shop) == {}
    db = shop.context.db
    db.execute("DROP TRIGGER expenses_no_update")
    db.execute("UPDATE expenses SET gross = 70000000, net = 70000000 WHERE number = ?", (number,))
    assert problems(shop)


def test_expenses_export_as_csv(shop: Shop, tmp_path: Path) -> None:
    shop.settings.save({spec.TAX_RATES.key: (TaxRate("S", "VAT 16%", Decimal(16)),)})
    bank = add_account(shop, "M-Pesa")
    shop.expenses.record(
        ExpenseDraft(
            today(shop), category(shop, "repairs"), kes("116"), tax_code="S", payee="Fundi"
        )
    )
    shop.expenses.record(
        ExpenseDraft(today(shop), category(shop, "rent"), kes("9000"), ExpenseMethod.ACCOUNT, bank)
    )
    out = tmp_path / "x.csv"
    assert shop.expenses.export(out, None, None) == 2
    day = today(shop).isoformat()
    assert out.read_text(encoding="utf-8").splitlines() == [
        "number,date,category,payee,method,account,net,tax,gross",
        f"EX-000001,{day},Repairs,Fundi,drawer,,100.00,16.00,116.00",
        f"EX-000002,{day},Rent,,account,M-Pesa,9000.00,0.00,9000.00",
    ]
    assert shop.expenses.export(out, today(shop) + dt.timedelta(days=1), None) == 0


def test_an_expense_made_on_a_till_reaches_the_hub(tmp_path: Path) -> None:
    hub = Shop.open(tmp_path / "hub.sqlite3", backup_dir=tmp_path / "b1",
                    actor=Actor.command_line("owner"))  # fmt: skip
    try:
        hub.settings.first_run("Duka", "KE", language="en", owner_name="Z", owner_pin="4321")
        made = hub.tills.make(tmp_path / "till2.sqlite3", "Counter 2")
        folder = tmp_path / "share"
        folder.mkdir()
        with Shop.open(
            made.path, backup_dir=tmp_path / "b2", actor=Actor.command_line("owner")
        ) as till:
            water = category(till, "water")
            body = b"%PDF receipt"
            number = till.expenses.record(
                ExpenseDraft(
                    till.expenses.today(), water, kes("240"), attachment=Attachment("r.pdf", body)
                )
            )
            for _ in range(2):
                till.sync.exchange(folder)
                hub.sync.exchange(folder)
            assert problems(till) == {}
        arrived = hub.expenses.get(number)
        assert (arrived.gross, arrived.category.key) == (kes("240"), "water")
        assert hub.expenses.files(number) == [Attachment("r.pdf", body)]
        assert problems(hub) == {}
    finally:
        hub.close()
