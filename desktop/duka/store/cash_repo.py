"""Rows of cash sessions and their events, and the sums a drawer's report needs."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from duka.store import ledger_repo


@dataclass(frozen=True, slots=True)
class SessionRow:
    id: int
    opened_at: str
    opened_by: str
    closed_at: str | None
    state: str


@dataclass(frozen=True, slots=True)
class EventRow:
    kind: str
    amount: int
    reason: str
    details: str
    at: str
    actor: str


def open_session(conn: sqlite3.Connection) -> SessionRow | None:
    row = conn.execute(
        "SELECT id, opened_at, opened_by, closed_at, state FROM cash_sessions WHERE state = 'open'"
    ).fetchone()
    return SessionRow(*row) if row else None


def get_session(conn: sqlite3.Connection, session: int) -> SessionRow | None:
    row = conn.execute(
        "SELECT id, opened_at, opened_by, closed_at, state FROM cash_sessions WHERE id = ?",
        (session,),
    ).fetchone()
    return SessionRow(*row) if row else None


def insert_session(conn: sqlite3.Connection, at: str, actor: str) -> int:
    cursor = conn.execute(
        "INSERT INTO cash_sessions (opened_at, opened_by, state) VALUES (?, ?, 'open')",
        (at, actor),
    )
    return int(cursor.lastrowid or 0)


def close_session(conn: sqlite3.Connection, session: int, at: str) -> None:
    conn.execute(
        "UPDATE cash_sessions SET state = 'closed', closed_at = ? WHERE id = ? AND state = 'open'",
        (at, session),
    )


def add_event(
    conn: sqlite3.Connection,
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
    cursor = conn.execute(
        "INSERT INTO cash_events (session_id, kind, amount, reason, details, at, user_id, actor) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (session, kind, amount, reason, details, at, user_id, actor),
    )
    return int(cursor.lastrowid or 0)


def events(conn: sqlite3.Connection, session: int) -> list[EventRow]:
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


def sums(conn: sqlite3.Connection, session: int) -> SessionSums:
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


def cancelled_sales(conn: sqlite3.Connection, since: str, until: str | None) -> int:
    """Sales cancelled at the till (the audit trail keeps them) between two moments."""
    row = conn.execute(
        "SELECT count(*) FROM audit WHERE action = 'sale_cancelled' AND at >= ? "
        "AND at <= ifnull(?, '9999')",
        (since, until),
    ).fetchone()
    return int(row[0])
