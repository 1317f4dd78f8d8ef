"""Which till this shop file is, and the row ids it may give (duka.core.tills reads them).

Several tills each keep a whole copy of the shop and sell alone; their new rows travel to
the others as changesets (SQLite's session extension), which find rows by their primary
key. So two tills must never give the same id: till N gives ids in its own range,
(N-1) x SPAN < id <= N x SPAN, in every table the tills share. A shop made before tills
existed is till 1, and every id it ever gave is in till 1's range, so nothing issued is
renumbered.

SQLite would give max(id) + 1 of the whole table, which on till 2 may be an id of till 1's
or above another till's range; so every row of a shared table is inserted with an id taken
here, the next after the highest of this till's range.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from duka.core.branches import branch_of, last_till
from duka.core.tills import FIRST_TILL, SPAN, local_number, shown, till_of
from duka.store.sql import Connection, Executor, open_file, value


@dataclass(frozen=True, slots=True)
class TillRange:
    """The ids till `number` gives: low < id <= high."""

    number: int

    @property
    def low(self) -> int:
        return (self.number - 1) * SPAN

    @property
    def high(self) -> int:
        return self.number * SPAN


def this_till(conn: Executor) -> int:
    """This file's till number (1 for a shop that is a single till)."""
    if not isinstance(conn, Connection) and not _has_tills(conn):
        return FIRST_TILL
    return int(value(conn, "SELECT number FROM this_till"))


def own_range(conn: Executor) -> tuple[int, int]:
    """This till's ids as (low, high): low < id <= high."""
    span = TillRange(this_till(conn))
    return span.low, span.high


# The next id of this till's range in a table, as one statement: the highest id in the
# range found from the top of the primary key's index (a step, not a scan).
_FIRST_FREE = (
    "coalesce((SELECT {key} FROM {table} WHERE {key} > me.low AND {key} <= me.high "
    "ORDER BY {key} DESC LIMIT 1), me.low) + 1"
)
_NEXT = f"SELECT {_FIRST_FREE}, me.high FROM this_till me"


def new_ids(conn: Executor, table: str, count: int = 1, key: str = "id") -> int:
    """The first of `count` fresh ids for rows of `table` made on this till (inside the
    caller's transaction, so no one else takes them)."""
    if not isinstance(conn, Connection) and not _has_tills(conn):
        # A migration's step on a shop older than tills: it has only ever been till 1.
        top = value(conn, f"SELECT max({key}) FROM {table}")
        return 1 if top is None else int(top) + 1
    row = conn.execute(_NEXT.format(table=table, key=key)).fetchone()
    first, high = int(row[0]), int(row[1])
    if first + count - 1 > high:
        raise OverflowError(f"till's ids for {table} are used up")
    return first


def fresh_ids(conn: Executor, counts: dict[str, int]) -> dict[str, int]:
    """`new_ids` for several tables at once (table: how many), in one statement: a sale
    takes ids in three tables and every statement counts at the counter."""
    if not isinstance(conn, Connection) and not _has_tills(conn):
        return {table: new_ids(conn, table, count) for table, count in counts.items()}
    tables = list(counts)
    parts = ", ".join(_FIRST_FREE.format(table=t, key="id") for t in tables)
    row = conn.execute(f"SELECT me.high, {parts} FROM this_till me").fetchone()
    high, firsts = int(row[0]), [int(x) for x in row[1:]]
    for table, first in zip(tables, firsts, strict=True):
        if first + counts[table] - 1 > high:
            raise OverflowError(f"till's ids for {table} are used up")
    return dict(zip(tables, firsts, strict=True))


def _has_tills(conn: Executor) -> bool:
    return bool(value(conn, "SELECT count(*) FROM sqlite_master WHERE name = 'this_till'"))


def new_id(conn: Executor, table: str, key: str = "id") -> int:
    return new_ids(conn, table, 1, key)


@dataclass(frozen=True, slots=True)
class KnownTill:
    """A till of the shop as this file knows it."""

    number: int
    name: str
    made_at: str
    made_by: str
    made_from: int | None
    branch: int = FIRST_TILL


def known(conn: Executor) -> list[KnownTill]:
    """The shop's tills this file knows of, by number."""
    return [
        KnownTill(
            int(r[0]),
            str(r[1]),
            str(r[2]),
            str(r[3]),
            None if r[4] is None else int(r[4]),
            int(r[5]),
        )
        for r in conn.execute(
            "SELECT number, name, made_at, made_by, made_from, branch FROM tills ORDER BY number"
        )
    ]


def this_branch(conn: Executor) -> int:
    """The branch this file's till is in (1 for a shop without branches)."""
    return int(value(conn, "SELECT branch FROM this_till"))


def next_free(conn: Executor, branch: int | None = None) -> int | None:
    """The number a new till of `branch` (else this file's) made from this file gets: after
    every till of that branch it knows; None when the branch has no number left."""
    branch = this_branch(conn) if branch is None else branch
    top = value(
        conn,
        "SELECT max(number) FROM tills WHERE number BETWEEN ? AND ?",
        (branch, last_till(branch)),
    )
    chosen = branch if top is None else int(top) + 1
    return chosen if chosen <= last_till(branch) else None


def register(conn: Executor, number: int, name: str, at: str, actor: str, made_from: int) -> bool:
    """Note till `number` in this file (False when the number is taken already); its
    branch is the one its number is in."""
    taken = value(conn, "SELECT count(*) FROM tills WHERE number = ?", (number,))
    if taken:
        return False
    conn.execute(
        "INSERT INTO tills (number, name, made_at, made_by, made_from, branch) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (number, name, at, actor, made_from, branch_of(number)),
    )
    return True


# What a copy of another till's file must forget to become a till of its own: its number
# series (each till counts its own), the carts parked at the other till's counter, and
# the other computer's wrong-PIN lockout.
_FORGOTTEN = ("DELETE FROM counters", "DELETE FROM carts")


def become(conn: Executor, number: int) -> None:
    """Make this file (a fresh copy of another till's) till `number`; inside the caller's
    transaction."""
    source = this_till(conn)
    source_branch = this_branch(conn)
    span = TillRange(number)
    conn.execute(
        "UPDATE this_till SET number = ?, low = ?, high = ?, branch = ?",
        (number, span.low, span.high, branch_of(number)),
    )
    if branch_of(number) != source_branch:
        # The first till of a new branch: the stock on hand is the branch's own, none yet.
        from duka.store import batches_repo
        from duka.store.stock_repo import rebuild_levels

        rebuild_levels(conn)
        batches_repo.rebuild_levels(conn)
    for statement in _FORGOTTEN:
        conn.execute(statement)
    # The outbox held the source's own changes, all of them in this copy already: the copy
    # has applied the source up to there, sends none of them as its own, and numbers its
    # own changes from 1 (the outbox's sequence counter too).
    from duka.store.sync import sent_high

    last = sent_high(conn)
    conn.execute("DELETE FROM outbox")
    conn.execute("DELETE FROM sqlite_sequence WHERE name = 'outbox'")
    conn.execute("DELETE FROM sync_notices")
    # What the source knew of the others it had applied: so has the copy. Nothing of the
    # copy's own has been sent or seen anywhere yet.
    conn.execute("UPDATE sync_peers SET has_ours = 0, published = 0")
    conn.execute(
        "INSERT INTO sync_peers (till, applied) VALUES (?, ?) "
        "ON CONFLICT (till) DO UPDATE SET applied = excluded.applied",
        (source, last),
    )
    conn.execute("UPDATE sign_in_guard SET failed_pins = 0, lockouts = 0, locked_until = NULL")


def turn_into(path: Path, number: int) -> None:
    """Make the shop file at `path`, a fresh copy of another till's, till `number`."""
    from duka.store.database import transaction

    conn = open_file(path)
    try:
        with transaction(conn):
            become(conn, number)
    finally:
        conn.close()


def heard_from(conn: Executor) -> list[tuple[int, str | None]]:
    """The other tills this file knows, with when each was last heard from (None: never),
    by number."""
    own = this_till(conn)
    numbers = {t.number for t in known(conn)} - {own}
    heard = {
        int(r[0]): r[1]
        for r in conn.execute("SELECT till, heard_at FROM sync_peers WHERE till != ?", (own,))
    }
    return [(number, heard.get(number)) for number in sorted(numbers | set(heard))]


__all__ = ["FIRST_TILL", "SPAN", "TillRange", "local_number", "shown", "till_of"]
