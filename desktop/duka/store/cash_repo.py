"""Rows of cash sessions and their events, and the sums a drawer's report needs."""

from __future__ import annotations

from dataclasses import dataclass

from duka.store import ledger_repo
from duka.store.sql import Executor
from duka.store.tills import new_id


@dataclass(frozen=True, slots=True)
class SessionRow:
    id: int
    opened_at: str
    opened_by: str
    closed_at: str | None
    state: str
    computer: str


@dataclass(frozen=True, slots=True)
class EventRow:
    kind: str
    amount: int
    reason: str
    details: str
    at: str
    actor: str


_SESSION = "SELECT id, opened_at, opened_by, closed_at, state, computer FROM cash_sessions"


def open_session(conn: Executor, computer: str) -> SessionRow | None:
    """The session open on `computer`; else one left open by a version of Duka that did not
    name computers, which whichever computer asks first may take over (claim_unnamed). Only
    this till's: a till made from a copy of another's file on the same computer does not
    sell into the other till's drawer."""
    row = conn.execute(
        f"{_SESSION} WHERE state = 'open' AND computer IN (?, '') "
        "AND id > (SELECT low FROM this_till) AND id <= (SELECT high FROM this_till) "
        "ORDER BY computer = '' LIMIT 1",
        (computer,),
    ).fetchone()
    return SessionRow(*row) if row else None


def claim_unnamed(conn: Executor, session: SessionRow, computer: str) -> SessionRow:
    """Give a session that names no computer to `computer` (inside the caller's write)."""
    if session.computer or not computer:
        return session
    conn.execute(
        "UPDATE cash_sessions SET computer = ? WHERE id = ? AND computer = ''",
        (computer, session.id),
    )
    return SessionRow(
        session.id, session.opened_at, session.opened_by, session.closed_at, session.state, computer
    )


def get_session(conn: Executor, session: int) -> SessionRow | None:
    row = conn.execute(f"{_SESSION} WHERE id = ?", (session,)).fetchone()
    return SessionRow(*row) if row else None


def insert_session(conn: Executor, at: str, actor: str, computer: str) -> int:
    session = new_id(conn, "cash_sessions")
    conn.execute(
        "INSERT INTO cash_sessions (id, opened_at, opened_by, state, computer) "
        "VALUES (?, ?, ?, 'open', ?)",
        (session, at, actor, computer),
    )
    return session


def last_counted(conn: Executor, computer: str) -> int:
    """The cash counted at this computer's last close (what is left in its drawer), or 0."""
    row = conn.execute(
        "SELECT e.amount FROM cash_events e WHERE e.kind = 'close' AND e.session_id = "
        "(SELECT max(s.id) FROM cash_sessions s WHERE s.computer = ? AND s.state = 'closed')",
        (computer,),
    ).fetchone()
    return int(row[0]) if row else 0


def close_session(conn: Executor, session: int, at: str) -> None:
    conn.execute(
        "UPDATE cash_sessions SET state = 'closed', closed_at = ? WHERE id = ? AND state = 'open'",
        (at, session),
    )


def add_event(
    conn: Executor,
    *,
    session: int,
    kind: str,
    amount: int,
    reason: str,
    details: str,
    at: str,
    user_id: int | None,
    actor: str,
) -> int:
    event = new_id(conn, "cash_events")
    conn.execute(
        "INSERT INTO cash_events (id, session_id, kind, amount, reason, details, at, user_id, "
        "actor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (event, session, kind, amount, reason, details, at, user_id, actor),
    )
    return event


def events(conn: Executor, session: int) -> list[EventRow]:
    rows = conn.execute(
        "SELECT kind, amount, reason, details, at, actor FROM cash_events WHERE session_id = ? "
        "ORDER BY id",
        (session,),
    )
    return [EventRow(*row) for row in rows]


@dataclass(frozen=True, slots=True)
class SessionSums:
    sales: int
    gross: int
    discounts: int
    rounding: int
    by_method: dict[str, int]
    taxes: list[tuple[str, str, int, int]]  # (code, name, net, tax)
    refunds: int
    refunded: int
    refunded_cash: int
    grand_total: int  # every sale ever, less every refund, up to now
    account_payments: dict[str, int]  # debts customers paid off, by method


def sums(conn: Executor, session: int) -> SessionSums:
    sales, gross, discount, rounding = conn.execute(
        "SELECT count(*), ifnull(sum(gross), 0), ifnull(sum(discount), 0), "
        "ifnull(sum(rounding), 0) FROM sales WHERE session_id = ?",
        (session,),
    ).fetchone()
    line_discounts = conn.execute(
        "SELECT ifnull(sum(l.discount + (l.list_price - l.unit_price) * l.quantity / 1000), 0) "
        "FROM sale_lines l JOIN sales s ON s.id = l.sale_id WHERE s.session_id = ?",
        (session,),
    ).fetchone()[0]
    by_method = dict(
        conn.execute(
            "SELECT p.method, sum(p.amount) FROM sale_payments p JOIN sales s ON s.id = p.sale_id "
            "WHERE s.session_id = ? GROUP BY p.method ORDER BY p.method",
            (session,),
        ).fetchall()
    )
    taxes = [
        (str(r[0]), str(r[1]), int(r[2]), int(r[3]))
        for r in conn.execute(
            "SELECT t.tax_code, max(t.name), sum(t.net), sum(t.tax) FROM sale_taxes t "
            "JOIN sales s ON s.id = t.sale_id WHERE s.session_id = ? GROUP BY t.tax_code "
            "ORDER BY t.tax_code",
            (session,),
        )
    ]
    refunds, refunded = conn.execute(
        "SELECT count(*), ifnull(sum(gross), 0) FROM refunds WHERE session_id = ?", (session,)
    ).fetchone()
    refunded_cash = conn.execute(
        "SELECT ifnull(sum(p.amount), 0) FROM refund_payments p JOIN refunds f "
        "ON f.id = p.refund_id WHERE f.session_id = ? AND p.method = 'cash'",
        (session,),
    ).fetchone()[0]
    grand = conn.execute(
        "SELECT (SELECT ifnull(sum(gross), 0) FROM sales) - (SELECT ifnull(sum(gross), 0) "
        "FROM refunds)"
    ).fetchone()[0]
    return SessionSums(
        int(sales),
        int(gross),
        int(discount) + int(line_discounts),
        int(rounding),
        {str(k): int(v) for k, v in by_method.items()},
        taxes,
        int(refunds),
        int(refunded),
        int(refunded_cash),
        int(grand),
        ledger_repo.sessions_payments(conn, session),
    )


def cancelled_sales(conn: Executor, since: str, until: str | None) -> int:
    """Sales cancelled at the till (the audit trail keeps them) between two moments."""
    row = conn.execute(
        "SELECT count(*) FROM audit WHERE action = 'sale_cancelled' AND at >= ? "
        "AND at <= ifnull(?, '9999')",
        (since, until),
    ).fetchone()
    return int(row[0])


# -- rows written before every sale belonged to a cash session --------------------------------


@dataclass(frozen=True, slots=True)
class Backlog:
    """Sales, refunds and cash payments of debts written before the rule (migration 0012)
    without a cash session: reported once, by one Z report."""

    sales: int = 0
    sold: int = 0
    sold_cash: int = 0
    refunds: int = 0
    refunded: int = 0
    refunded_cash: int = 0
    payments: int = 0
    paid: int = 0
    first: str | None = None  # when the oldest was written
    last: str | None = None

    @property
    def empty(self) -> bool:
        return not (self.sales or self.refunds or self.payments)


# (kind, table, the cash_rule column holding the last id written before the rule)
_OLD = (
    ("sale", "sales", "last_sale"),
    ("refund", "refunds", "last_refund"),
    ("payment", "customer_ledger", "last_ledger"),
)


def _unsessioned(kind: str, table: str, column: str) -> str:
    extra = " AND t.kind = 'payment' AND t.method = 'cash'" if kind == "payment" else ""
    return (
        f"SELECT t.id FROM {table} t WHERE t.session_id IS NULL{extra} "
        f"AND t.id <= (SELECT {column} FROM cash_rule)"
    )


def old_unsessioned(
    conn: Executor, limit: int
) -> tuple[int, list[tuple[str, str, str, int | None]]]:
    """How many rows were written before the rule without a session, and the `limit`
    oldest of each kind: (kind, number, time, the cash-up that reported it or None)."""
    total = 0
    found: list[tuple[str, str, str, int | None]] = []
    for kind, table, column in _OLD:
        total += int(
            conn.execute(f"SELECT count(*) FROM ({_unsessioned(kind, table, column)})").fetchone()[
                0
            ]
        )
        number = "t.document" if kind == "payment" else "t.number"
        found += [
            (kind, str(n), str(at), b)
            for n, at, b in conn.execute(
                f"SELECT {number}, t.at, b.session_id FROM {table} t LEFT JOIN cash_backlog b "
                f"ON b.kind = ? AND b.document = t.id WHERE t.id IN "
                f"({_unsessioned(kind, table, column)} ORDER BY t.id LIMIT ?) ORDER BY t.id",
                (kind, limit),
            )
        ]
    return total, sorted(found, key=lambda row: row[2])[:limit]


def backlog_claimed(conn: Executor) -> bool:
    """Whether a Z report has reported the older rows. The first Z report after the rule
    takes them all at once, and no row can join them later (their ids are below the rule's),
    so this one look answers for every row."""
    return bool(conn.execute("SELECT EXISTS (SELECT 1 FROM cash_backlog)").fetchone()[0])


def new_unsessioned(conn: Executor) -> list[tuple[str, str, str]]:
    """Rows written after the rule that have no session (only writing outside Duka, with
    its triggers removed, makes one): (kind, number, time)."""
    found: list[tuple[str, str, str]] = []
    for kind, table, column in _OLD:
        extra = " AND kind = 'payment' AND method = 'cash'" if kind == "payment" else ""
        number = "document" if kind == "payment" else "number"
        found += [
            (kind, str(n), str(at))
            for n, at in conn.execute(
                f"SELECT {number}, at FROM {table} WHERE session_id IS NULL{extra} "
                f"AND id > ifnull((SELECT {column} FROM cash_rule), 0) ORDER BY id"
            )
        ]
    return found


def claim_backlog(conn: Executor, session: int) -> None:
    """Note that session `session` reports the older rows no cash-up has reported yet."""
    if backlog_claimed(conn):
        return
    for kind, table, column in _OLD:
        first = new_id(conn, "cash_backlog")
        conn.execute(
            f"INSERT INTO cash_backlog (id, session_id, kind, document) "
            f"SELECT ? + row_number() OVER (ORDER BY t.id) - 1, ?, ?, t.id FROM "
            f"({_unsessioned(kind, table, column)}) t ORDER BY t.id",
            (first, session, kind),
        )


def backlog(conn: Executor, session: int | None) -> Backlog:
    """The older rows session `session` reported; with None, those no cash-up has reported
    yet (what the next Z report will show)."""
    if session is None:
        if backlog_claimed(conn):
            return Backlog()
        chosen = {kind: _unsessioned(kind, table, column) for kind, table, column in _OLD}
        params: tuple[int, ...] = ()
    else:
        chosen = {
            kind: f"SELECT document FROM cash_backlog WHERE session_id = ? AND kind = '{kind}'"
            for kind, _table, _column in _OLD
        }
        params = (session,)
    sales, sold, first_sale, last_sale = conn.execute(
        f"SELECT count(*), ifnull(sum(gross), 0), min(at), max(at) FROM sales WHERE id IN "
        f"({chosen['sale']})",
        params,
    ).fetchone()
    sold_cash = conn.execute(
        f"SELECT ifnull(sum(amount), 0) FROM sale_payments WHERE method = 'cash' AND sale_id "
        f"IN ({chosen['sale']})",
        params,
    ).fetchone()[0]
    refunds, refunded, first_refund, last_refund = conn.execute(
        f"SELECT count(*), ifnull(sum(gross), 0), min(at), max(at) FROM refunds WHERE id IN "
        f"({chosen['refund']})",
        params,
    ).fetchone()
    refunded_cash = conn.execute(
        f"SELECT ifnull(sum(amount), 0) FROM refund_payments WHERE method = 'cash' AND "
        f"refund_id IN ({chosen['refund']})",
        params,
    ).fetchone()[0]
    payments, paid, first_paid, last_paid = conn.execute(
        f"SELECT count(*), ifnull(-sum(amount), 0), min(at), max(at) FROM customer_ledger "
        f"WHERE id IN ({chosen['payment']})",
        params,
    ).fetchone()
    firsts = [t for t in (first_sale, first_refund, first_paid) if t]
    lasts = [t for t in (last_sale, last_refund, last_paid) if t]
    return Backlog(
        int(sales),
        int(sold),
        int(sold_cash),
        int(refunds),
        int(refunded),
        int(refunded_cash),
        int(payments),
        int(paid),
        min(firsts) if firsts else None,
        max(lasts) if lasts else None,
    )


def close_event_id(conn: Executor, session_id: int) -> int | None:
    row = conn.execute(
        "SELECT id FROM cash_events WHERE session_id = ? AND kind = 'close'", (session_id,)
    ).fetchone()
    return int(row[0]) if row else None
