"""Rows of expenses, their categories, attached files and recurring expenses; the money
accounts an expense may be paid from (read), and the book entry such a payment writes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from duka.core.expenses import (
    Attachment,
    Category,
    CheckedExpense,
    Expense,
    ExpenseMethod,
    Recurring,
    RecurringDraft,
)
from duka.core.money import Money
from duka.store.sql import Executor
from duka.store.tills import new_id


@dataclass(frozen=True, slots=True)
class AccountRow:
    id: int
    name: str
    kind: str


def categories(conn: Executor, active_only: bool = False) -> list[Category]:
    where = " WHERE active = 1" if active_only else ""
    return [
        Category(int(i), k, str(n), bool(a))
        for i, k, n, a in conn.execute(
            f"SELECT id, key, name, active FROM expense_categories{where} ORDER BY id"
        )
    ]


def insert_category(conn: Executor, name: str, at: str, actor: str) -> int:
    category = new_id(conn, "expense_categories")
    conn.execute(
        "INSERT INTO expense_categories (id, name, created_at, created_by) VALUES (?, ?, ?, ?)",
        (category, name, at, actor),
    )
    return category


def accounts(conn: Executor) -> list[AccountRow]:
    """The money accounts an expense may be paid from: the active ones."""
    return [
        AccountRow(int(i), str(n), str(k))
        for i, n, k in conn.execute(
            "SELECT id, name, kind FROM money_accounts WHERE active = 1 ORDER BY name, id"
        )
    ]


def account_active(conn: Executor, account: int) -> bool:
    row = conn.execute("SELECT active FROM money_accounts WHERE id = ?", (account,)).fetchone()
    return bool(row and row[0])


def insert_expense(
    conn: Executor,
    *,
    expense: CheckedExpense,
    number: str,
    session_id: int | None,
    cash_event_id: int | None,
    recurring_id: int | None,
    approved_by: str | None,
    at: str,
    user_id: int | None,
    actor: str,
) -> int:
    row = new_id(conn, "expenses")
    conn.execute(
        "INSERT INTO expenses (id, number, day, category_id, net, tax, gross, tax_code, payee, "
        "method, account_id, session_id, cash_event_id, recurring_id, note, approved_by, at, "
        "user_id, actor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            row,
            number,
            expense.day.isoformat(),
            expense.category_id,
            expense.net.minor,
            expense.tax.minor,
            expense.gross.minor,
            expense.tax_code,
            expense.payee,
            expense.method.value,
            expense.account_id,
            session_id,
            cash_event_id,
            recurring_id,
            expense.note,
            approved_by,
            at,
            user_id,
            actor,
        ),
    )
    return row


def insert_file(conn: Executor, expense: int, attachment: Attachment, at: str) -> int:
    row = new_id(conn, "expense_files")
    conn.execute(
        "INSERT INTO expense_files (id, expense_id, name, body, at) VALUES (?, ?, ?, ?, ?)",
        (row, expense, attachment.name, attachment.body, at),
    )
    return row


def files(conn: Executor, expense: int) -> list[Attachment]:
    return [
        Attachment(str(n), bytes(b))
        for n, b in conn.execute(
            "SELECT name, body FROM expense_files WHERE expense_id = ? ORDER BY id", (expense,)
        )
    ]


def insert_account_entry(
    conn: Executor,
    *,
    account: int,
    day: dt.date,
    amount: int,
    expense: int,
    note: str,
    at: str,
    user_id: int | None,
    actor: str,
) -> int:
    """The expense's line in its account's book (`amount` negative: money out), journaled as
    every line of a book is (store.money_repo)."""
    from duka.store import money_repo

    return money_repo.add_entry(
        conn,
        account_id=account,
        day=day.isoformat(),
        kind="expense",
        amount=amount,
        note=note,
        at=at,
        user_id=user_id,
        actor=actor,
        expense_id=expense,
    )


def _category(row: tuple[object, ...]) -> Category:
    key = row[1]
    return Category(int(str(row[0])), None if key is None else str(key), str(row[2]), bool(row[3]))


_EXPENSE = (
    "SELECT e.id, e.number, e.day, c.id, c.key, c.name, c.active, e.net, e.tax, e.gross, "
    "e.tax_code, e.payee, e.method, e.account_id, ifnull(a.name, ''), e.note, e.actor, "
    "(SELECT count(*) FROM expense_files f WHERE f.expense_id = e.id) "
    "FROM expenses e JOIN expense_categories c ON c.id = e.category_id "
    "LEFT JOIN money_accounts a ON a.id = e.account_id"
)


def _expense(row: tuple[object, ...], currency: str) -> Expense:
    def money(value: object) -> Money:
        return Money(int(str(value)), currency)

    return Expense(
        id=int(str(row[0])),
        number=str(row[1]),
        day=dt.date.fromisoformat(str(row[2])),
        category=_category(row[3:7]),
        net=money(row[7]),
        tax=money(row[8]),
        gross=money(row[9]),
        tax_code=None if row[10] is None else str(row[10]),
        payee=str(row[11]),
        method=ExpenseMethod(str(row[12])),
        account_id=None if row[13] is None else int(str(row[13])),
        account=str(row[14]),
        note=str(row[15]),
        actor=str(row[16]),
        files=int(str(row[17])),
    )


def expenses(
    conn: Executor, currency: str, first: dt.date | None, last: dt.date | None
) -> list[Expense]:
    """The expenses dated from `first` to `last` (either may be open), oldest first."""
    rows = conn.execute(
        f"{_EXPENSE} WHERE e.day >= ? AND e.day <= ? ORDER BY e.day, e.id",
        (
            first.isoformat() if first else "0000",
            last.isoformat() if last else "9999",
        ),
    )
    return [_expense(tuple(row), currency) for row in rows]


def expense(conn: Executor, number: str, currency: str) -> Expense | None:
    row = conn.execute(f"{_EXPENSE} WHERE e.number = ?", (number,)).fetchone()
    return _expense(tuple(row), currency) if row else None


def count(conn: Executor) -> int:
    return int(conn.execute("SELECT count(*) FROM expenses").fetchone()[0])


# -- recurring expenses -----------------------------------------------------------------------

_RECURRING = (
    "SELECT r.id, c.id, c.key, c.name, c.active, r.gross, r.tax_code, r.payee, r.method, "
    "r.account_id, r.day_of_month, r.next_due, r.note, r.active FROM recurring_expenses r "
    "JOIN expense_categories c ON c.id = r.category_id"
)


def _recurring(row: tuple[object, ...], currency: str) -> Recurring:
    return Recurring(
        id=int(str(row[0])),
        category=_category(row[1:5]),
        gross=Money(int(str(row[5])), currency),
        tax_code=None if row[6] is None else str(row[6]),
        payee=str(row[7]),
        method=ExpenseMethod(str(row[8])),
        account_id=None if row[9] is None else int(str(row[9])),
        day_of_month=int(str(row[10])),
        next_due=dt.date.fromisoformat(str(row[11])),
        note=str(row[12]),
        active=bool(row[13]),
    )


def insert_recurring(conn: Executor, draft: RecurringDraft, at: str, actor: str) -> int:
    row = new_id(conn, "recurring_expenses")
    conn.execute(
        "INSERT INTO recurring_expenses (id, category_id, gross, tax_code, payee, method, "
        "account_id, day_of_month, next_due, note, created_at, created_by, updated_at, "
        "updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            row,
            draft.category_id,
            draft.gross.minor,
            draft.tax_code,
            draft.payee,
            draft.method.value,
            draft.account_id,
            draft.day_of_month,
            draft.first_due.isoformat(),
            draft.note,
            at,
            actor,
            at,
            actor,
        ),
    )
    return row


def recurring(conn: Executor, currency: str, due_by: dt.date | None = None) -> list[Recurring]:
    """The active recurring expenses (only those due on or before `due_by`, when given)."""
    rows = conn.execute(
        f"{_RECURRING} WHERE r.active = 1 AND r.next_due <= ? ORDER BY r.next_due, r.id",
        (due_by.isoformat() if due_by else "9999",),
    )
    return [_recurring(tuple(row), currency) for row in rows]


def recurring_one(conn: Executor, recurring_id: int, currency: str) -> Recurring | None:
    row = conn.execute(f"{_RECURRING} WHERE r.id = ?", (recurring_id,)).fetchone()
    return _recurring(tuple(row), currency) if row else None


def move_recurring(
    conn: Executor, recurring_id: int, next_due: dt.date, at: str, actor: str
) -> None:
    conn.execute(
        "UPDATE recurring_expenses SET next_due = ?, updated_at = ?, updated_by = ? WHERE id = ?",
        (next_due.isoformat(), at, actor, recurring_id),
    )


def stop_recurring(conn: Executor, recurring_id: int, at: str, actor: str) -> None:
    conn.execute(
        "UPDATE recurring_expenses SET active = 0, updated_at = ?, updated_by = ? WHERE id = ?",
        (at, actor, recurring_id),
    )
