"""Rows of users and of the shop-wide sign-in guard."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from duka.core.access import Role
from duka.core.errors import Conflict
from duka.i18n import N_
from duka.store import journal
from duka.store.sql import ConstraintError, Executor
from duka.store.tills import new_id

# The columns a user's journal record holds: who they are and what they may do.
_JOURNALED = {"role", "pin_hash", "active"}


@dataclass(frozen=True, slots=True)
class UserRow:
    """A user's row, with the PIN's hash and the wrong-PIN counters."""

    id: int
    name: str
    role: Role
    pin_hash: str
    active: bool
    failed_pins: int
    lockouts: int
    locked_until: str | None
    last_sign_in: str | None


@dataclass(frozen=True, slots=True)
class GuardRow:
    """A user's wrong-PIN counters and lock-out time."""

    failed_pins: int
    lockouts: int
    locked_until: str | None


_COLUMNS = "id, name, role, pin_hash, active, failed_pins, lockouts, locked_until, last_sign_in"


def _user(row: tuple[Any, ...]) -> UserRow:
    return UserRow(
        int(row[0]),
        str(row[1]),
        Role(row[2]),
        str(row[3]),
        bool(row[4]),
        int(row[5]),
        int(row[6]),
        row[7],
        row[8],
    )


def insert(conn: Executor, name: str, role: Role, pin_hash: str, at: str, actor: str) -> int:
    user_id = new_id(conn, "users")
    try:
        conn.execute(
            """
            INSERT INTO users (id, name, role, pin_hash, created_at, created_by, updated_at,
                updated_by)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """,
            (user_id, name, role.value, pin_hash, at, actor, at, actor),
        )
    except ConstraintError:
        raise Conflict(N_("There is already a user called “{name}”."), name=name) from None
    journal.append(conn, journal.USER.kind, user_id, at, None, actor)
    return user_id


def all_users(conn: Executor) -> list[UserRow]:
    rows = conn.execute(f"SELECT {_COLUMNS} FROM users ORDER BY active DESC, name")
    return [_user(r) for r in rows]


def active_users(conn: Executor) -> list[UserRow]:
    # The most recent first: at a counter the PIN typed is most often theirs.
    rows = conn.execute(
        f"SELECT {_COLUMNS} FROM users WHERE active = 1 "
        "ORDER BY last_sign_in IS NULL, last_sign_in DESC, id"
    )
    return [_user(r) for r in rows]


def by_name(conn: Executor, name: str) -> UserRow | None:
    row = conn.execute(f"SELECT {_COLUMNS} FROM users WHERE name = ?", (name,)).fetchone()
    return _user(row) if row else None


def by_id(conn: Executor, user_id: int) -> UserRow | None:
    row = conn.execute(f"SELECT {_COLUMNS} FROM users WHERE id = ?", (user_id,)).fetchone()
    return _user(row) if row else None


def count(conn: Executor) -> int:
    return int(conn.execute("SELECT count(*) FROM users").fetchone()[0])


def update(conn: Executor, user_id: int, at: str, actor: str, **fields: object) -> None:
    allowed = {
        "role",
        "pin_hash",
        "active",
        "failed_pins",
        "lockouts",
        "locked_until",
        "last_sign_in",
    }
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"cannot update {unknown}")
    values = {k: (v.value if isinstance(v, Role) else v) for k, v in fields.items()}
    assignments = ", ".join(f"{name} = :{name}" for name in values)
    conn.execute(
        f"UPDATE users SET {assignments}, updated_at = :at, updated_by = :actor WHERE id = :id",
        {**values, "at": at, "actor": actor, "id": user_id},
    )
    if _JOURNALED & set(fields):
        journal.append(conn, journal.USER.kind, user_id, at, None, actor)


def record_attempt(
    conn: Executor, user_id: int, failed: int, lockouts: int, locked_until: str | None
) -> None:
    """Failed-PIN bookkeeping, which is not a change anyone made to the user."""
    conn.execute(
        "UPDATE users SET failed_pins = ?, lockouts = ?, locked_until = ? WHERE id = ?",
        (failed, lockouts, locked_until, user_id),
    )


def record_sign_in(conn: Executor, user_id: int, at: str) -> None:
    """When the user last signed in: bookkeeping too, not a change anyone made to the user."""
    conn.execute("UPDATE users SET last_sign_in = ? WHERE id = ?", (at, user_id))


def guard(conn: Executor) -> GuardRow:
    row = conn.execute(
        "SELECT failed_pins, lockouts, locked_until FROM sign_in_guard WHERE id = 1"
    ).fetchone()
    return GuardRow(int(row[0]), int(row[1]), row[2]) if row else GuardRow(0, 0, None)


def set_guard(conn: Executor, failed: int, lockouts: int, locked_until: str | None) -> None:
    conn.execute(
        "INSERT INTO sign_in_guard (id, failed_pins, lockouts, locked_until) VALUES (1, ?, ?, ?) "
        "ON CONFLICT (id) DO UPDATE SET failed_pins = excluded.failed_pins, "
        "lockouts = excluded.lockouts, locked_until = excluded.locked_until",
        (failed, lockouts, locked_until),
    )
