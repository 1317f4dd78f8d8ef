"""Rows of the audit trail; each one is journaled as it is written."""

from __future__ import annotations

from duka.core.audit import AuditEntry, AuditFilter
from duka.store import journal
from duka.store.sql import Executor
from duka.store.tills import new_id


def insert(
    conn: Executor,
    *,
    at: str,
    user_id: int | None,
    actor: str,
    action: str,
    subject: str,
    before: str | None,
    after: str | None,
    approved_by: int | None,
    outcome: str,
) -> int:
    """Write one entry and its journal entry; the caller holds the transaction."""
    entry_id = new_id(conn, "audit")
    conn.execute(
        """
        INSERT INTO audit (id, at, user_id, actor, action, subject, before, after,
            approved_by, outcome)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """,
        (entry_id, at, user_id, actor, action, subject, before, after, approved_by, outcome),
    )
    journal.append(conn, journal.AUDIT.kind, entry_id, at, user_id, actor)
    return entry_id


def _where(found: AuditFilter) -> tuple[str, list[object]]:
    clauses: list[str] = []
    params: list[object] = []
    if found.action:
        clauses.append("a.action = ?")
        params.append(found.action)
    if found.actor is not None:
        clauses.append("a.actor = ?")
        params.append(found.actor)
    if found.since:
        clauses.append("a.at >= ?")
        params.append(found.since)
    if found.until:
        clauses.append("a.at < ?")
        params.append(found.until)
    if found.text:
        clauses.append(
            "(instr(lower(a.subject), ?) OR instr(lower(ifnull(a.before, '')), ?) "
            "OR instr(lower(ifnull(a.after, '')), ?) OR instr(lower(a.actor), ?))"
        )
        params.extend([found.text.lower()] * 4)
    return ("WHERE " + " AND ".join(clauses)) if clauses else "", params


def count(conn: Executor, found: AuditFilter) -> int:
    where, params = _where(found)
    return int(conn.execute(f"SELECT count(*) FROM audit a {where}", params).fetchone()[0])


def page(conn: Executor, found: AuditFilter, offset: int, limit: int) -> list[AuditEntry]:
    """Newest first."""
    where, params = _where(found)
    rows = conn.execute(
        f"""
        SELECT a.id, a.at, a.user_id, a.actor, a.action, a.subject, a.before, a.after,
               u.name, a.outcome
        FROM audit a LEFT JOIN users u ON u.id = a.approved_by
        {where}
        ORDER BY a.id DESC LIMIT ? OFFSET ?
        """,
        [*params, limit, offset],
    )
    return [AuditEntry(*row) for row in rows]


def actions_used(conn: Executor) -> list[str]:
    return [str(r[0]) for r in conn.execute("SELECT DISTINCT action FROM audit ORDER BY action")]


def actors(conn: Executor) -> list[str]:
    return [str(r[0]) for r in conn.execute("SELECT DISTINCT actor FROM audit ORDER BY actor")]
