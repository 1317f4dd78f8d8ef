"""Rows of customers' accounts: entries, allocations, and the cached balances and open items."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from duka.core.ledger import Entry, EntryKind, OpenItem, allocate
from duka.core.money import Money
from duka.i18n import _
from duka.store import journal
from duka.store.sql import Executor
from duka.store.tills import new_id, new_ids

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


def post(conn: Executor, entry: NewEntry, picked: Sequence[int] = ()) -> int:
    """Append `entry` in the caller's transaction, settle it against the customer's open
    items of the other sign (the `picked` debts first, then oldest first) and journal it
    with its allocations; returns its id."""
    entry_id = new_id(conn, "customer_ledger")
    conn.execute(
        "INSERT INTO customer_ledger (id, customer_id, kind, amount, document, method, note, "
        "session_id, at, user_id, actor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            entry_id,
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
    debit = entry.amount > 0
    wanted = abs(entry.amount)
    picked = () if debit else tuple(picked)
    items = _open_opposite(conn, entry.customer_id, entry_id, debit, wanted, picked)
    parts = allocate(wanted, items, picked)
    first = new_ids(conn, "customer_allocations", len(parts))
    conn.executemany(
        "INSERT INTO customer_allocations (id, entry_id, debit_id, credit_id, amount) "
        "VALUES (?, ?, ?, ?, ?)",
        [
            (first + n, entry_id, entry_id, other, part)
            if debit
            else (first + n, entry_id, other, entry_id, part)
            for n, (other, part) in enumerate(parts)
        ],
    )
    journal.append(conn, CUSTOMER_ENTRY.kind, entry_id, entry.at, entry.user_id, entry.actor)
    return entry_id


def open_debt_of(conn: Executor, customer_id: int, document: str) -> list[int]:
    """The customer's debts from `document` (a sale's number) still open: a refund of that
    sale settles them before older ones."""
    return [
        int(r[0])
        for r in conn.execute(
            "SELECT o.entry_id FROM customer_open o JOIN customer_ledger l ON l.id = o.entry_id "
            "WHERE o.customer_id = ? AND o.open > 0 AND l.document = ? ORDER BY o.entry_id",
            (customer_id, document),
        )
    ]


def open_amount(conn: Executor, entry_id: int) -> int:
    """What is still open on one entry (0 when settled)."""
    row = conn.execute("SELECT open FROM customer_open WHERE entry_id = ?", (entry_id,)).fetchone()
    return int(row[0]) if row else 0


def entry_of_document(conn: Executor, document: str, kind: str) -> int | None:
    """The entry of `kind` a document (a sale's number) put on an account, if any."""
    row = conn.execute(
        "SELECT id FROM customer_ledger WHERE document = ? AND kind = ? ORDER BY id LIMIT 1",
        (document, kind),
    ).fetchone()
    return int(row[0]) if row else None


def _open_opposite(
    conn: Executor,
    customer_id: int,
    entry_id: int,
    debit: bool,
    wanted: int,
    picked: Sequence[int],
) -> list[tuple[int, int]]:
    """The open items an entry of `wanted` can settle: the `picked` ones, then the oldest
    until they cover it. Read a few at a time, so that an account with thousands of open
    debts is not read whole for each payment."""
    sign = "open < 0" if debit else "open > 0"
    chosen: list[tuple[int, int]] = []
    for item in picked:
        row = conn.execute(
            f"SELECT entry_id, open FROM customer_open WHERE entry_id = ? AND customer_id = ? "
            f"AND {sign}",
            (item, customer_id),
        ).fetchone()
        if row is not None:
            chosen.append((int(row[0]), abs(int(row[1]))))
    covered = sum(part for _e, part in chosen)
    rows = conn.execute(
        f"SELECT entry_id, open FROM customer_open WHERE customer_id = ? AND {sign} "
        "AND entry_id != ? ORDER BY at, entry_id",
        (customer_id, entry_id),
    )
    taken = {e for e, _part in chosen}
    for found, amount in rows:
        if covered >= wanted:
            break
        if int(found) not in taken:
            chosen.append((int(found), abs(int(amount))))
            covered += abs(int(amount))
    rows.close()
    return chosen


def balance(conn: Executor, customer_id: int) -> int:
    row = conn.execute(
        "SELECT balance FROM customer_balances WHERE customer_id = ?", (customer_id,)
    ).fetchone()
    return int(row[0]) if row else 0


def balances(conn: Executor, customer_ids: Sequence[int]) -> dict[int, int]:
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


def open_items(conn: Executor, customer_id: int) -> list[OpenItem]:
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


def entry_count(conn: Executor, customer_id: int) -> int:
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


def latest(conn: Executor, customer_id: int, limit: int, currency: str) -> list[Entry]:
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
    conn: Executor,
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
    conn: Executor, after_30: str, after_60: str, after_90: str
) -> list[tuple[int, int, int, int, int, str]]:
    """Every customer with open debts, most owed first: (id, 0-30, 31-60, 61-90, 90+,
    oldest); a debt is in a bucket when it arose at or after the bucket's start. The sums
    run from the newest bucket back (what arose since each start), which costs SQLite less
    than a range condition per bucket. For reports that need every row; the screen's list
    reads `owing` and then `ages_of` a page at a time."""
    return conn.execute(
        """
        SELECT customer_id, ifnull(s30, 0), ifnull(s60, 0) - ifnull(s30, 0),
               ifnull(s90, 0) - ifnull(s60, 0), total - ifnull(s90, 0), oldest
        FROM (
            SELECT customer_id, sum(open) AS total,
                   sum(CASE WHEN at >= :a30 THEN open END) AS s30,
                   sum(CASE WHEN at >= :a60 THEN open END) AS s60,
                   sum(CASE WHEN at >= :a90 THEN open END) AS s90,
                   min(at) AS oldest
            FROM customer_open WHERE open > 0 GROUP BY customer_id
        ) ORDER BY total DESC, oldest
        """,
        {"a30": after_30, "a60": after_60, "a90": after_90},
    ).fetchall()


def owing(conn: Executor) -> list[tuple[int, int]]:
    """(customer id, what they owe) of every customer who owes, most first: from the cached
    balances through their own index. (A customer never holds open debts and unspent credit
    at once, so a balance above zero is exactly the sum of their open debts.)"""
    return conn.execute(
        "SELECT customer_id, balance FROM customer_balances WHERE balance > 0 "
        "ORDER BY balance DESC, customer_id"
    ).fetchall()


def owed_since(conn: Executor, since: str) -> int:
    """What is still open of the debts that arose at or after `since`, shop-wide."""
    return int(
        conn.execute(
            "SELECT ifnull(sum(open), 0) FROM customer_open WHERE open > 0 AND at >= ?",
            (since,),
        ).fetchone()[0]
    )


def ages_of(
    conn: Executor,
    customer_ids: Sequence[int],
    after_30: str,
    after_60: str,
    after_90: str,
) -> dict[int, tuple[int, int, int, int, str]]:
    """What these customers owe by age (0-30, 31-60, 61-90, 90+) and their oldest open
    debt."""
    found: dict[int, tuple[int, int, int, int, str]] = {}
    for start in range(0, len(customer_ids), 500):
        chunk = list(customer_ids[start : start + 500])
        marks = ",".join("?" * len(chunk))
        for row in conn.execute(
            f"""
            SELECT customer_id, sum(open),
                   ifnull(sum(CASE WHEN at >= ? THEN open END), 0),
                   ifnull(sum(CASE WHEN at >= ? THEN open END), 0),
                   ifnull(sum(CASE WHEN at >= ? THEN open END), 0), min(at)
            FROM customer_open WHERE open > 0 AND customer_id IN ({marks})
            GROUP BY customer_id
            """,
            [after_30, after_60, after_90, *chunk],
        ):
            total, s30, s60, s90 = int(row[1]), int(row[2]), int(row[3]), int(row[4])
            found[int(row[0])] = (s30, s60 - s30, s90 - s60, total - s90, str(row[5]))
    return found


def customer_labels(conn: Executor, customer_ids: Sequence[int]) -> dict[int, tuple[str, str, int]]:
    """(name, phone, credit limit) of these customers."""
    found: dict[int, tuple[str, str, int]] = {}
    for start in range(0, len(customer_ids), 500):
        chunk = list(customer_ids[start : start + 500])
        marks = ",".join("?" * len(chunk))
        for row in conn.execute(
            f"SELECT id, name, phone, credit_limit FROM customers WHERE id IN ({marks})", chunk
        ):
            found[int(row[0])] = (str(row[1]), str(row[2]), int(row[3]))
    return found


def sessions_payments(conn: Executor, session: int) -> dict[str, int]:
    """Payments of debts taken while a cash session was open, by method."""
    return {
        str(method): int(total)
        for method, total in conn.execute(
            "SELECT method, -sum(amount) FROM customer_ledger WHERE session_id = ? "
            "AND kind = 'payment' GROUP BY method ORDER BY method",
            (session,),
        )
    }


def problems(conn: Executor) -> list[str]:
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
            _(
                "customer {customer}: cached balance {cached} but the ledger adds up to {summed}"
            ).format(customer=customer, cached=cached, summed=summed)
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
        found.append(
            _("customer_ledger {entry}: cached open amount {cached} but {derived} is open").format(
                entry=entry, cached=cached, derived=derived
            )
        )
    for (entry,) in conn.execute(
        "SELECT o.entry_id FROM customer_open o LEFT JOIN customer_ledger l ON l.id = o.entry_id "
        "WHERE l.id IS NULL LIMIT 20"
    ):
        found.append(_("customer_open {entry}: no such ledger entry").format(entry=entry))
    for allocation, debit, credit in conn.execute(
        """
        SELECT a.id, d.amount, c.amount FROM customer_allocations a
        JOIN customer_ledger d ON d.id = a.debit_id JOIN customer_ledger c ON c.id = a.credit_id
        WHERE d.amount <= 0 OR c.amount >= 0 OR d.customer_id != c.customer_id
            OR a.entry_id NOT IN (a.debit_id, a.credit_id) LIMIT 20
        """
    ):
        found.append(
            _(
                "customer_allocations {allocation}: settles {debit} with {credit}, not a debt "
                "with a credit of the same customer by one of them"
            ).format(allocation=allocation, debit=debit, credit=credit)
        )
    for (customer,) in conn.execute(
        "SELECT customer_id FROM customer_open GROUP BY customer_id "
        "HAVING min(open) < 0 AND max(open) > 0 LIMIT 20"
    ):
        found.append(
            _("customer {customer}: open debts and unspent credit at the same time").format(
                customer=customer
            )
        )
    for number, missing in conn.execute(
        """
        SELECT s.number, p.amount FROM sale_payments p JOIN sales s ON s.id = p.sale_id
        WHERE p.method = 'account' AND NOT EXISTS (
            SELECT 1 FROM customer_ledger l WHERE l.document = s.number AND l.kind = 'sale'
            AND l.amount = p.amount AND l.customer_id IS s.customer_id) LIMIT 20
        """
    ):
        found.append(
            _("sales {number}: {missing} on account is missing from the customer's account").format(
                number=number, missing=missing
            )
        )
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
            _(
                "refunds {number}: {missing} to the account is missing from the customer's account"
            ).format(number=number, missing=missing)
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
        found.append(
            _("customer_ledger {entry}: {document} has no such payment on account").format(
                entry=entry, document=document
            )
        )
    return found


def documents(conn: Executor, customer_id: int, limit: int) -> list[tuple[str, str, str, int]]:
    """Every document about the customer, newest first: (at, number, kind, amount) for their
    sales (gross), refunds of those sales (minus their gross), payments, adjustments, and
    issued quotes, invoices and credit notes (minus their gross)."""
    return [
        (str(r[0]), str(r[1]), str(r[2]), int(r[3]))
        for r in conn.execute(
            """
            SELECT at, number, 'sale', gross FROM sales WHERE customer_id = :c
            UNION ALL
            SELECT f.at, f.number, 'refund', -f.gross FROM refunds f
                JOIN sales s ON s.id = f.sale_id WHERE s.customer_id = :c
            UNION ALL
            SELECT at, document, kind, amount FROM customer_ledger
                WHERE customer_id = :c AND kind IN ('payment', 'adjustment', 'store_credit')
                AND document != ''
            UNION ALL
            SELECT issued_at, number, kind, CASE kind WHEN 'credit_note' THEN -gross
                ELSE gross END FROM invoices WHERE customer_id = :c AND state = 'issued'
            ORDER BY 1 DESC, 2 DESC LIMIT :n
            """,
            {"c": customer_id, "n": limit},
        )
    ]


def rebuild_open(conn: Executor, customer_ids: Iterable[int]) -> None:
    """Work out again the open amount of every entry of these customers from their ledger
    and allocations (after another till's entries were applied: the change group may bring
    allocations before the entries they settle, which the triggers cannot follow)."""
    for customer_id in sorted(set(customer_ids)):
        conn.execute("DELETE FROM customer_open WHERE customer_id = ?", (customer_id,))
        conn.execute(
            """
            INSERT INTO customer_open (entry_id, customer_id, at, open)
            SELECT id, customer_id, at, open FROM (
                SELECT l.id, l.customer_id, l.at, l.amount
                    - ifnull((SELECT sum(a.amount) FROM customer_allocations a
                              WHERE a.debit_id = l.id), 0)
                    + ifnull((SELECT sum(a.amount) FROM customer_allocations a
                              WHERE a.credit_id = l.id), 0) AS open
                FROM customer_ledger l WHERE l.customer_id = ?)
            WHERE open != 0
            """,
            (customer_id,),
        )


def customers_of(conn: Executor, entry_ids: Iterable[int]) -> set[int]:
    """The customers whose ledger holds these entries."""
    ids = sorted(set(entry_ids))
    found: set[int] = set()
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        found.update(
            int(r[0])
            for r in conn.execute(
                f"SELECT DISTINCT customer_id FROM customer_ledger WHERE id IN ({marks})", chunk
            )
        )
    return found
