"""Rows of customers' accounts: entries, allocations, and the cached balances and open items."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

from duka.core.ledger import Entry, EntryKind, OpenItem, allocate
from duka.core.money import Money
from duka.store import journal

CUSTOMER_ENTRY = journal.CUSTOMER_ENTRY


@dataclass(frozen=True, slots=True)
class NewEntry:
    customer_id: int
    kind: str  # an EntryKind value
    amount: int  # + the customer owes more, - owes less
    document: str = ""
    method: str = ""
    note: str = ""
    session_id: int | None = None
    at: str = ""
    user_id: int | None = None
    actor: str = ""


def post(conn: sqlite3.Connection, entry: NewEntry, picked: Sequence[int] = ()) -> int:
    """Append `entry` in the caller's transaction, settle it against the customer's open
    items of the other sign (the `picked` debts first, then oldest first) and journal it
    with its allocations; returns its id."""
    cursor = conn.execute(
        "INSERT INTO customer_ledger (customer_id, kind, amount, document, method, note, "
        "session_id, at, user_id, actor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            entry.customer_id,
            entry.kind,
            entry.amount,
            entry.document,
            entry.method,
            entry.note,
            entry.session_id,
            entry.at,
            entry.user_id,
            entry.actor,
        ),
    )
    entry_id = int(cursor.lastrowid or 0)
    debit = entry.amount > 0
    opposite = conn.execute(
        "SELECT entry_id, open FROM customer_open WHERE customer_id = ? AND "
        + ("open < 0" if debit else "open > 0")
        + " AND entry_id != ? ORDER BY at, entry_id",
        (entry.customer_id, entry_id),
    ).fetchall()
    items = [(int(e), abs(int(o))) for e, o in opposite]
    parts = allocate(abs(entry.amount), items, () if debit else picked)
    conn.executemany(
        "INSERT INTO customer_allocations (entry_id, debit_id, credit_id, amount) "
        "VALUES (?, ?, ?, ?)",
        [
            (entry_id, entry_id, other, part) if debit else (entry_id, other, entry_id, part)
            for other, part in parts
        ],
    )
    journal.append(conn, CUSTOMER_ENTRY.kind, entry_id, entry.at, entry.user_id, entry.actor)
    return entry_id


def balance(conn: sqlite3.Connection, customer_id: int) -> int:
    row = conn.execute(
        "SELECT balance FROM customer_balances WHERE customer_id = ?", (customer_id,)
    ).fetchone()
    return int(row[0]) if row else 0


def balances(conn: sqlite3.Connection, customer_ids: Sequence[int]) -> dict[int, int]:
    found: dict[int, int] = {}
    for start in range(0, len(customer_ids), 500):
        chunk = customer_ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        found.update(
            conn.execute(
                "SELECT customer_id, balance FROM customer_balances "
                f"WHERE customer_id IN ({marks})",
                chunk,
            ).fetchall()
        )
    return found


def open_items(conn: sqlite3.Connection, customer_id: int) -> list[OpenItem]:
    """The customer's open debts (or unspent credits), oldest first."""
    rows = conn.execute(
        "SELECT o.entry_id, o.at, l.document, l.kind, l.amount, o.open FROM customer_open o "
        "JOIN customer_ledger l ON l.id = o.entry_id WHERE o.customer_id = ? "
        "ORDER BY o.at, o.entry_id",
        (customer_id,),
    )
    return [
        OpenItem(int(r[0]), str(r[1]), str(r[2]), EntryKind(r[3]), int(r[4]), int(r[5]))
        for r in rows
    ]


def entry_count(conn: sqlite3.Connection, customer_id: int) -> int:
    row = conn.execute(
        "SELECT entries FROM customer_balances WHERE customer_id = ?", (customer_id,)
    ).fetchone()
    return int(row[0]) if row else 0


_ENTRY_COLUMNS = "id, at, kind, document, amount, method, note, actor"


def _entries(rows: Sequence[tuple[object, ...]], start_balance: int, currency: str) -> list[Entry]:
    running = start_balance
    found = []
    for r in rows:
        running += int(r[4])  # type: ignore[call-overload]
        found.append(
            Entry(
                id=int(r[0]),  # type: ignore[call-overload]
                at=str(r[1]),
                kind=EntryKind(r[2]),
                document=str(r[3]),
                amount=Money(int(r[4]), currency),  # type: ignore[call-overload]
                balance=Money(running, currency),
                method=str(r[5]),
                note=str(r[6]),
                actor=str(r[7]),
            )
        )
    return found


def latest(conn: sqlite3.Connection, customer_id: int, limit: int, currency: str) -> list[Entry]:
    """The newest `limit` entries, oldest first, with running balances worked back from the
    cached balance (so a long account is not summed from its first entry)."""
    rows = conn.execute(
        f"SELECT {_ENTRY_COLUMNS} FROM customer_ledger WHERE customer_id = ? "
        "ORDER BY at DESC, id DESC LIMIT ?",
        (customer_id, limit),
    ).fetchall()
    rows.reverse()
    before = balance(conn, customer_id) - sum(int(r[4]) for r in rows)
    return _entries(rows, before, currency)


def period(
    conn: sqlite3.Connection,
    customer_id: int,
    since: str | None,
    until: str | None,
    currency: str,
) -> tuple[Money, list[Entry]]:
    """The balance before `since`, and the entries in [since, until) with running balances."""
    opening = int(
        conn.execute(
            "SELECT ifnull(sum(amount), 0) FROM customer_ledger WHERE customer_id = ? AND at < ?",
            (customer_id, since or ""),
        ).fetchone()[0]
    )
    rows = conn.execute(
        f"SELECT {_ENTRY_COLUMNS} FROM customer_ledger WHERE customer_id = ? AND at >= ? "
        "AND at < ? ORDER BY at, id",
        (customer_id, since or "", until or "\uffff"),
    ).fetchall()
    return Money(opening, currency), _entries(rows, opening, currency)


def receivables(
    conn: sqlite3.Connection, after_30: str, after_60: str, after_90: str
) -> list[tuple[int, str, str, int, int, int, int, str, int]]:
    """Every customer with open debts: (id, name, phone, 0-30, 31-60, 61-90, 90+, oldest,
    credit limit); a debt is in a bucket when it arose at or after the bucket's start."""
    return conn.execute(
        """
        SELECT o.customer_id, c.name, c.phone, o.d30, o.d60, o.d90, o.older, o.oldest,
               c.credit_limit
        FROM (
            SELECT customer_id,
                   sum(CASE WHEN at >= :a30 THEN open ELSE 0 END) AS d30,
                   sum(CASE WHEN at < :a30 AND at >= :a60 THEN open ELSE 0 END) AS d60,
                   sum(CASE WHEN at < :a60 AND at >= :a90 THEN open ELSE 0 END) AS d90,
                   sum(CASE WHEN at < :a90 THEN open ELSE 0 END) AS older,
                   min(at) AS oldest
            FROM customer_open WHERE open > 0 GROUP BY customer_id
        ) o JOIN customers c ON c.id = o.customer_id
        """,
        {"a30": after_30, "a60": after_60, "a90": after_90},
    ).fetchall()


def sessions_payments(conn: sqlite3.Connection, session: int) -> dict[str, int]:
    """Payments of debts taken while a cash session was open, by method."""
    return {
        str(method): int(total)
        for method, total in conn.execute(
            "SELECT method, -sum(amount) FROM customer_ledger WHERE session_id = ? "
            "AND kind = 'payment' GROUP BY method ORDER BY method",
            (session,),
        )
    }


def problems(conn: sqlite3.Connection) -> list[str]:
    """Where the cached balances and open items, or the allocations, disagree with the
    entries; and sales or refunds on account that are missing from the accounts."""
    found = []
    for customer, cached, summed in conn.execute(
        """
        SELECT customer_id, cached, summed FROM (
            SELECT l.customer_id, b.balance AS cached, l.total AS summed FROM (
                SELECT customer_id, sum(amount) AS total FROM customer_ledger
                GROUP BY customer_id) l
            LEFT JOIN customer_balances b ON b.customer_id = l.customer_id
            UNION ALL
            SELECT b.customer_id, b.balance, NULL FROM customer_balances b WHERE NOT EXISTS (
                SELECT 1 FROM customer_ledger l WHERE l.customer_id = b.customer_id)
        ) WHERE cached IS NOT summed LIMIT 20
        """
    ):
        found.append(
            f"customer {customer}: cached balance {cached} but the ledger adds up to {summed}"
        )
    for entry, cached, derived in conn.execute(
        """
        SELECT l.id, o.open, l.amount
            - ifnull((SELECT sum(amount) FROM customer_allocations a WHERE a.debit_id = l.id), 0)
            + ifnull((SELECT sum(amount) FROM customer_allocations a WHERE a.credit_id = l.id), 0)
            AS derived
        FROM customer_ledger l LEFT JOIN customer_open o ON o.entry_id = l.id
        WHERE ifnull(o.open, 0) != derived OR (o.open IS NOT NULL AND o.customer_id
            != l.customer_id) LIMIT 20
        """
    ):
        found.append(f"customer_ledger {entry}: cached open amount {cached} but {derived} is open")
    for (entry,) in conn.execute(
        "SELECT o.entry_id FROM customer_open o LEFT JOIN customer_ledger l ON l.id = o.entry_id "
        "WHERE l.id IS NULL LIMIT 20"
    ):
        found.append(f"customer_open {entry}: no such ledger entry")
    for allocation, debit, credit in conn.execute(
        """
        SELECT a.id, d.amount, c.amount FROM customer_allocations a
        JOIN customer_ledger d ON d.id = a.debit_id JOIN customer_ledger c ON c.id = a.credit_id
        WHERE d.amount <= 0 OR c.amount >= 0 OR d.customer_id != c.customer_id
            OR a.entry_id NOT IN (a.debit_id, a.credit_id) LIMIT 20
        """
    ):
        found.append(
            f"customer_allocations {allocation}: settles {debit} with {credit}, "
            "not a debt with a credit of the same customer by one of them"
        )
    for (customer,) in conn.execute(
        "SELECT customer_id FROM customer_open GROUP BY customer_id "
        "HAVING min(open) < 0 AND max(open) > 0 LIMIT 20"
    ):
        found.append(f"customer {customer}: open debts and unspent credit at the same time")
    for number, missing in conn.execute(
        """
        SELECT s.number, p.amount FROM sale_payments p JOIN sales s ON s.id = p.sale_id
        WHERE p.method = 'account' AND NOT EXISTS (
            SELECT 1 FROM customer_ledger l WHERE l.document = s.number AND l.kind = 'sale'
            AND l.amount = p.amount AND l.customer_id IS s.customer_id) LIMIT 20
        """
    ):
        found.append(f"sales {number}: {missing} on account is missing from the customer's account")
    for number, missing in conn.execute(
        """
        SELECT f.number, p.amount FROM refund_payments p JOIN refunds f ON f.id = p.refund_id
        JOIN sales s ON s.id = f.sale_id
        WHERE p.method = 'account' AND NOT EXISTS (
            SELECT 1 FROM customer_ledger l WHERE l.document = f.number AND l.kind = 'refund'
            AND l.amount = -p.amount AND l.customer_id IS s.customer_id) LIMIT 20
        """
    ):
        found.append(
            f"refunds {number}: {missing} to the account is missing from the customer's account"
        )
    for entry, document in conn.execute(
        """
        SELECT l.id, l.document FROM customer_ledger l WHERE (l.kind = 'sale' AND NOT EXISTS (
            SELECT 1 FROM sale_payments p JOIN sales s ON s.id = p.sale_id
            WHERE s.number = l.document AND p.method = 'account' AND p.amount = l.amount))
        OR (l.kind = 'refund' AND NOT EXISTS (
            SELECT 1 FROM refund_payments p JOIN refunds f ON f.id = p.refund_id
            WHERE f.number = l.document AND p.method = 'account' AND p.amount = -l.amount))
        LIMIT 20
        """
    ):
        found.append(f"customer_ledger {entry}: {document} has no such payment on account")
    return found
