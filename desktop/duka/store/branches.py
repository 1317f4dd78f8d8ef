"""The shop's branches (duka.core.branches): shared by every till of every branch."""

from __future__ import annotations

from dataclasses import dataclass

from duka.store.sql import Executor, value


@dataclass(frozen=True, slots=True)
class Branch:
    number: int
    name: str
    made_at: str
    made_by: str
    hub_till: int


def known(conn: Executor) -> list[Branch]:
    """The branches this file knows, by number."""
    return [
        Branch(int(r[0]), str(r[1]), str(r[2]), str(r[3]), int(r[4]))
        for r in conn.execute(
            "SELECT number, name, made_at, made_by, hub_till FROM branches ORDER BY number"
        )
    ]


def exists(conn: Executor, number: int) -> bool:
    return bool(value(conn, "SELECT count(*) FROM branches WHERE number = ?", (number,)))


def register(conn: Executor, number: int, name: str, at: str, actor: str) -> bool:
    """Note branch `number`, its hub being its first till (False when it is known already)."""
    if exists(conn, number):
        return False
    conn.execute(
        "INSERT INTO branches (number, name, made_at, made_by, hub_till) VALUES (?, ?, ?, ?, ?)",
        (number, name, at, actor, number),
    )
    return True
