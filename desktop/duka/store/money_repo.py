"""Rows of the money accounts, their books (entries), reconciliations and the owner's
drawings; and the drawer's cash movements as a book."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from duka.store import journal
from duka.store.sql import Executor
from duka.store.tills import new_id


@dataclass(frozen=True, slots=True)
class AccountRow:
    id: int
    name: str
    kind: str
    overdraft: bool
    active: bool
    balance: int


_ACCOUNT = (
    "SELECT a.id, a.name, a.kind, a.overdraft, a.active, "
    "(SELECT ifnull(sum(e.amount), 0) FROM money_entries e WHERE e.account_id = a.id) "
    "FROM money_accounts a"
)


def _account(row: Any) -> AccountRow:
    id_, name, kind, overdraft, active, balance = row
    return AccountRow(int(id_), str(name), str(kind), bool(overdraft), bool(active), int(balance))


def accounts(conn: Executor, active_only: bool = False) -> list[AccountRow]:
    where = " WHERE a.active = 1" if active_only else ""
    return [_account(r) for r in conn.execute(f"{_ACCOUNT}{where} ORDER BY a.name, a.id")]


def account(conn: Executor, account_id: int) -> AccountRow | None:
    row = conn.execute(f"{_ACCOUNT} WHERE a.id = ?", (account_id,)).fetchone()
    return _account(row) if row else None


def insert_account(
    conn: Executor, name: str, kind: str, overdraft: bool, at: str, user_id: int | None, actor: str
) -> int:
    account_id = new_id(conn, "money_accounts")
    conn.execute(
        "INSERT INTO money_accounts (id, name, kind, overdraft, active, created_at, created_by, "
        "updated_at, updated_by) VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?)",
        (account_id, name, kind, int(overdraft), at, actor, at, actor),
    )
    journal.append(conn, journal.MONEY_ACCOUNT.kind, account_id, at, user_id, actor)
    return account_id


def update_account(
    conn: Executor,
    account_id: int,
    name: str,
    kind: str,
    overdraft: bool,
    active: bool,
    at: str,
    user_id: int | None,
    actor: str,
) -> None:
    conn.execute(
        "UPDATE money_accounts SET name = ?, kind = ?, overdraft = ?, active = ?, "
        "updated_at = ?, updated_by = ? WHERE id = ?",
        (name, kind, int(overdraft), int(active), at, actor, account_id),
    )
    journal.append(conn, journal.MONEY_ACCOUNT.kind, account_id, at, user_id, actor)


def add_entry(
    conn: Executor,
    *,
    account_id: int,
    day: str,
    kind: str,
    amount: int,
    note: str,
    at: str,
    user_id: int | None,
    actor: str,
    transfer: int | None = None,
    cash_event_id: int | None = None,
    expense_id: int | None = None,
    drawing_id: int | None = None,
    entry_id: int | None = None,
) -> int:
    """Append one entry of an account's book (journaled). A transfer's first leg takes its
    id first (`new_entry_id`) so both legs can name it in `transfer`."""
    if entry_id is None:
        entry_id = new_id(conn, "money_entries")
    conn.execute(
        "INSERT INTO money_entries (id, account_id, day, kind, amount, transfer, cash_event_id, "
        "expense_id, drawing_id, note, at, user_id, actor) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (entry_id, account_id, day, kind, amount, transfer, cash_event_id, expense_id,
         drawing_id, note, at, user_id, actor),
    )  # fmt: skip
    journal.append(conn, journal.MONEY_ENTRY.kind, entry_id, at, user_id, actor)
    return entry_id


def new_entry_id(conn: Executor) -> int:
    return new_id(conn, "money_entries")


def balance(conn: Executor, account_id: int, before_day: str | None = None) -> int:
    """The account's balance: of every entry, or of those dated before `before_day`."""
    if before_day is None:
        row = conn.execute(
            "SELECT ifnull(sum(amount), 0) FROM money_entries WHERE account_id = ?", (account_id,)
        ).fetchone()
    else:
        row = conn.execute(
            "SELECT ifnull(sum(amount), 0) FROM money_entries WHERE account_id = ? AND day < ?",
            (account_id, before_day),
        ).fetchone()
    return int(row[0])


def balance_on(conn: Executor, account_id: int, day: str) -> int:
    """The balance at the end of `day`."""
    row = conn.execute(
        "SELECT ifnull(sum(amount), 0) FROM money_entries WHERE account_id = ? AND day <= ?",
        (account_id, day),
    ).fetchone()
    return int(row[0])


@dataclass(frozen=True, slots=True)
class EntryRow:
    day: str
    kind: str
    note: str  # as typed, or the document it belongs to (a drawing's, an expense's number)
    amount: int
    at: str
    other: str | None  # a transfer's other account
    drawer: bool  # to or from the cash drawer


def entries(conn: Executor, account_id: int, first: str | None, last: str | None) -> list[EntryRow]:
    """The account's entries from `first` to `last` (days, inclusive; None: open), in the
    order of the book."""
    rows = conn.execute(
        "SELECT e.day, e.kind, CASE WHEN e.note != '' THEN e.note "
        "WHEN e.drawing_id IS NOT NULL THEN (SELECT d.number FROM drawings d "
        "WHERE d.id = e.drawing_id) "
        "WHEN e.expense_id IS NOT NULL THEN (SELECT trim(x.number || ' ' || x.payee) "
        "FROM expenses x WHERE x.id = e.expense_id) ELSE '' END, e.amount, e.at, "
        "(SELECT a.name FROM money_entries o JOIN money_accounts a ON a.id = o.account_id "
        "WHERE o.transfer = e.transfer AND o.id != e.id), e.cash_event_id IS NOT NULL "
        "FROM money_entries e "
        "WHERE e.account_id = ? AND e.day >= ifnull(?, '') AND e.day <= ifnull(?, '9999') "
        "ORDER BY e.day, e.at, e.id",
        (account_id, first, last),
    )
    return [
        EntryRow(str(d), str(k), str(n), int(a), str(at), o, bool(c))
        for d, k, n, a, at, o, c in rows
    ]


def insert_reconciliation(
    conn: Executor,
    account_id: int,
    day: str,
    statement: int,
    book: int,
    at: str,
    user_id: int | None,
    actor: str,
) -> int:
    reconciliation = new_id(conn, "money_reconciliations")
    conn.execute(
        "INSERT INTO money_reconciliations (id, account_id, day, statement, book, at, user_id, "
        "actor) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (reconciliation, account_id, day, statement, book, at, user_id, actor),
    )
    journal.append(conn, journal.MONEY_RECONCILIATION.kind, reconciliation, at, user_id, actor)
    return reconciliation


def last_reconciliation(conn: Executor, account_id: int) -> tuple[str, int, int] | None:
    """(day, statement, book) of the account's newest reconciliation."""
    row = conn.execute(
        "SELECT day, statement, book FROM money_reconciliations WHERE account_id = ? "
        "ORDER BY day DESC, id DESC LIMIT 1",
        (account_id,),
    ).fetchone()
    return (str(row[0]), int(row[1]), int(row[2])) if row else None


def insert_drawing(
    conn: Executor,
    *,
    number: str,
    day: str,
    kind: str,
    what: str,
    amount: int,
    method: str | None,
    account_id: int | None,
    session_id: int | None,
    cash_event_id: int | None,
    note: str,
    at: str,
    user_id: int | None,
    actor: str,
) -> int:
    drawing = new_id(conn, "drawings")
    conn.execute(
        "INSERT INTO drawings (id, number, day, kind, what, amount, method, account_id, "
        "session_id, cash_event_id, note, at, user_id, actor) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (drawing, number, day, kind, what, amount, method, account_id, session_id,
         cash_event_id, note, at, user_id, actor),
    )  # fmt: skip
    journal.append(conn, journal.DRAWING.kind, drawing, at, user_id, actor)
    return drawing


@dataclass(frozen=True, slots=True)
class DrawingRow:
    id: int
    number: str
    day: str
    kind: str
    what: str
    amount: int
    method: str | None
    account_id: int | None
    note: str


def drawings(conn: Executor, first: str | None = None, last: str | None = None) -> list[DrawingRow]:
    rows = conn.execute(
        "SELECT id, number, day, kind, what, amount, method, account_id, note FROM drawings "
        "WHERE day >= ifnull(?, '') AND day <= ifnull(?, '9999') ORDER BY day, id",
        (first, last),
    )
    return [
        DrawingRow(int(i), str(n), str(d), str(k), str(w), int(a), m, acc, str(note))
        for i, n, d, k, w, a, m, acc, note in rows
    ]


# -- the drawer as a book ---------------------------------------------------------------------


def drawer_moves(conn: Executor, session: int) -> list[tuple[str, str, str, int]]:
    """(time, kind, note, amount) of every movement of cash in session `session`'s drawer,
    in order: the float, cash taken for sales and debts, cash refunded, paid in and out (the
    same sums as the X report's cash expected)."""
    rows = conn.execute(
        """
        SELECT at, kind, note, amount FROM (
            SELECT at, kind, reason AS note,
                CASE kind WHEN 'pay_out' THEN -amount ELSE amount END AS amount, id AS seq
            FROM cash_events WHERE session_id = :s AND kind IN ('open', 'pay_in', 'pay_out')
            UNION ALL
            SELECT s.at, 'sale', s.number, sum(p.amount), s.id FROM sales s
            JOIN sale_payments p ON p.sale_id = s.id
            WHERE s.session_id = :s AND p.method = 'cash' GROUP BY s.id
            UNION ALL
            SELECT f.at, 'refund', f.number, -sum(p.amount), f.id FROM refunds f
            JOIN refund_payments p ON p.refund_id = f.id
            WHERE f.session_id = :s AND p.method = 'cash' GROUP BY f.id
            UNION ALL
            SELECT at, 'payment', document, -amount, id FROM customer_ledger
            WHERE session_id = :s AND kind = 'payment' AND method = 'cash'
        ) ORDER BY at, kind != 'open', seq
        """,
        {"s": session},
    )
    return [(str(at), str(k), str(n), int(a)) for at, k, n, a in rows]


def sessions(conn: Executor, computer: str, limit: int) -> list[tuple[int, str, str | None]]:
    """(id, opened, closed) of this computer's newest sessions, newest first."""
    rows = conn.execute(
        "SELECT id, opened_at, closed_at FROM cash_sessions WHERE computer IN (?, '') "
        "ORDER BY id DESC LIMIT ?",
        (computer, limit),
    )
    return [(int(i), str(o), c) for i, o, c in rows]


# -- checks -----------------------------------------------------------------------------------


def problems(conn: Executor) -> list[str]:
    """Books that do not hold together: a transfer missing a leg or not summing to zero, an
    expense or drawing paid from an account without its entry (or with another amount), an
    entry naming a cash event that is not there, a drawing from the drawer without its
    pay-out."""
    from duka.i18n import _

    found: list[str] = []
    for (transfer,) in conn.execute(
        "SELECT transfer FROM money_entries WHERE transfer IS NOT NULL GROUP BY transfer "
        "HAVING count(*) != 2 OR sum(amount) != 0 "
        "OR NOT EXISTS (SELECT 1 FROM money_entries f WHERE f.id = transfer) LIMIT 50"
    ):
        found.append(
            _("money accounts: transfer {number} does not have two legs that cancel out").format(
                number=transfer
            )
        )
    for (number,) in conn.execute(
        "SELECT x.number FROM expenses x WHERE x.account_id IS NOT NULL AND "
        "ifnull((SELECT sum(e.amount) FROM money_entries e WHERE e.expense_id = x.id), 0) "
        "!= -x.gross LIMIT 50"
    ):
        found.append(
            _("money accounts: expense {number} has no matching entry in its account").format(
                number=number
            )
        )
    for (number,) in conn.execute(
        "SELECT d.number FROM drawings d WHERE d.account_id IS NOT NULL AND "
        "ifnull((SELECT sum(e.amount) FROM money_entries e WHERE e.drawing_id = d.id "
        "AND e.account_id = d.account_id), 0) "
        "!= CASE d.kind WHEN 'capital' THEN d.amount ELSE -d.amount END LIMIT 50"
    ):
        found.append(
            _("money accounts: drawing {number} has no matching entry in its account").format(
                number=number
            )
        )
    for (number,) in conn.execute(
        "SELECT d.number FROM drawings d WHERE d.method = 'drawer' AND NOT EXISTS ("
        "SELECT 1 FROM cash_events c WHERE c.id = d.cash_event_id AND c.amount = d.amount "
        "AND c.kind = CASE d.kind WHEN 'capital' THEN 'pay_in' ELSE 'pay_out' END) LIMIT 50"
    ):
        found.append(
            _("money accounts: drawing {number} has no matching cash movement").format(
                number=number
            )
        )
    # Each goods line is valued at cost and rounded half up on its own (goods_value).
    for (number,) in conn.execute(
        "SELECT d.number FROM drawings d WHERE d.what = 'goods' AND d.amount != ifnull(("
        "SELECT sum((-m.quantity * m.unit_cost + 500) / 1000) FROM stock_movements m "
        "WHERE m.document = d.number AND m.kind = 'adjust'), 0) LIMIT 50"
    ):
        found.append(
            _("money accounts: drawing {number}'s value differs from its goods").format(
                number=number
            )
        )
    for (entry,) in conn.execute(
        "SELECT e.id FROM money_entries e WHERE e.cash_event_id IS NOT NULL AND NOT EXISTS ("
        "SELECT 1 FROM cash_events c WHERE c.id = e.cash_event_id AND c.amount = abs(e.amount) "
        "AND c.kind = CASE WHEN e.amount > 0 THEN 'pay_out' ELSE 'pay_in' END) LIMIT 50"
    ):
        found.append(
            _("money accounts: entry {number} has no matching cash movement").format(number=entry)
        )
    return found
