"""Tills converging through SQLite's session extension (through apsw).

Capture: while a business operation writes on a shop with more than one till, a session
records its changes to the tables the tills share; at its commit the changeset is compressed
into `outbox` in the same transaction, so a sale and the change that carries it to the other
tills are written together or not at all.

Apply: another till's changesets, in its order, are grouped and applied in one transaction
with the note of how far this file has applied that till, so a till killed at any point
applies each change exactly once. Caches (stock levels, balances, open debts) follow by
their triggers; the search index, the product counts and the report summaries are brought
up to date here from the merged rows; caches never travel.

Conflicts: a change that does not fit is answered by a written rule (docs/architecture.md,
"Several tills"), never dropped unseen: an insert already present as it is, skipped; edits
of one row on two tills, merged column by column (a column both changed keeps the lower
till's value: the hub's over any other) and noted; anything that would break a ledger (a
constraint, a foreign key, an id taken by another row) aborts the batch, which waits (a
change that needs a third till's rows applies once those have come) and is noted.
"""

from __future__ import annotations

import json
import lzma
import struct
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

import apsw

from duka.store.changes_repo import TABLE_AREAS
from duka.store.sql import Connection, Executor, value

# The tables only this file has: which till it is and what it knows of the others, its
# parked carts, its wrong-PIN lockout, what it sends and has applied.
LOCAL_TABLES = frozenset(
    {"this_till", "tills", "carts", "sign_in_guard", "outbox", "sync_peers", "sync_notices"}
)
# Every table whose rows are the shop's business and travel between tills: each one
# an area maps (TABLE_AREAS), the journal, and none of the caches or bookkeeping.
SHARED_TABLES: tuple[str, ...] = tuple(
    sorted({t for t, area in TABLE_AREAS.items() if area is not None} - LOCAL_TABLES | {"journal"})
)
# Tables whose rows are edited after they are written (the others are append-only ledgers):
# two tills editing one column of one row is a conflict the newer edit wins.
EDITED_TABLES = frozenset(
    {
        "products",
        "barcodes",
        "categories",
        "promotions",
        "price_lists",
        "price_list_prices",
        "customers",
        "suppliers",
        "users",
        "settings",
        "quick_keys",
        "invoices",
        "invoice_lines",
        "invoice_taxes",
        "money_accounts",
        "expense_categories",
        "recurring_expenses",
        "cash_sessions",
    }
)
# Columns each till writes as things happen there (a user signing in, wrong PINs): two tills'
# values are not a conflict, the greater (the later time, the higher count) is kept.
LATEST_WINS = frozenset(
    {
        ("users", "last_sign_in"),
        ("users", "failed_pins"),
        ("users", "lockouts"),
        ("users", "locked_until"),
    }
)
COMPRESSION = (
    1  # zlib level: a sale's change is written at the counter; level 6 saved 60 bytes for 15 µs
)


def capturing(conn: Executor) -> bool:
    """Whether this file has other tills to send its changes to."""
    return bool(value(conn, "SELECT count(*) > 1 FROM tills"))


class Capture:
    """The changes of one business operation to the shared tables, as a changeset."""

    def __init__(self, conn: Connection) -> None:
        self._session = apsw.Session(conn, "main")
        for table in SHARED_TABLES:
            self._session.attach(table)

    def keep(self, conn: Connection, at: str) -> int | None:
        """Put what was recorded into the outbox (in the caller's transaction); its
        sequence, or None when nothing shared changed."""
        changeset = self._session.changeset()
        if not changeset:
            return None
        body = zlib.compress(changeset, COMPRESSION)
        conn.execute(
            "INSERT INTO outbox (at, size, body) VALUES (?, ?, ?)", (at, len(changeset), body)
        )
        return int(conn.last_insert_rowid())

    def close(self) -> None:
        self._session.close()


# -- batches ------------------------------------------------------------------------------
# A batch is a run of one till's outbox entries, as a file: each entry its sequence and its
# changeset, one after the other, compressed together (the changesets of a hundred sales
# share most of their words). xz at its lightest preset: 405 bytes a sale in batches of 100
# against 506 with zlib, for about 0.25 s more to read 10,000 sales (bench/sync_bench.py).
BATCH_PRESET = 1
_ENTRY = struct.Struct(">QI")


@dataclass(frozen=True, slots=True)
class Entry:
    seq: int
    changeset: bytes


def pack(entries: Sequence[Entry]) -> bytes:
    raw = b"".join(_ENTRY.pack(e.seq, len(e.changeset)) + e.changeset for e in entries)
    return lzma.compress(raw, lzma.FORMAT_XZ, preset=BATCH_PRESET)


def unpack(body: bytes) -> list[Entry]:
    raw = lzma.decompress(body, lzma.FORMAT_XZ)
    found: list[Entry] = []
    at = 0
    while at < len(raw):
        seq, size = _ENTRY.unpack_from(raw, at)
        at += _ENTRY.size
        found.append(Entry(int(seq), raw[at : at + size]))
        at += size
    return found


def outbox_after(conn: Executor, seq: int, limit: int) -> list[Entry]:
    """This till's changes after `seq`, oldest first."""
    return [
        Entry(int(r[0]), zlib.decompress(bytes(r[1])))
        for r in conn.execute(
            "SELECT seq, body FROM outbox WHERE seq > ? ORDER BY seq LIMIT ?", (seq, limit)
        )
    ]


def outbox_first(conn: Executor) -> int | None:
    """The oldest change the outbox still keeps, or None when it is empty."""
    found = value(conn, "SELECT min(seq) FROM outbox")
    return None if found is None else int(found)


def outbox_last(conn: Executor) -> int:
    return int(value(conn, "SELECT ifnull(max(seq), 0) FROM outbox") or 0)


def sent_high(conn: Executor) -> int:
    """The last sequence this till ever gave a change (pruned or not)."""
    kept = int(value(conn, "SELECT ifnull(max(seq), 0) FROM outbox") or 0)
    given = value(conn, "SELECT seq FROM sqlite_sequence WHERE name = 'outbox'")
    return max(kept, int(given or 0))


def outbox_waiting(conn: Executor) -> tuple[int, int]:
    """How many changes wait in the outbox, and their bytes on disk."""
    row = conn.execute("SELECT count(*), ifnull(sum(length(body)), 0) FROM outbox").fetchone()
    return int(row[0]), int(row[1])


def prune(conn: Executor, upto: int) -> int:
    """Forget the outbox's changes up to `upto` (every other till has them); how many."""
    conn.execute("DELETE FROM outbox WHERE seq <= ?", (upto,))
    return int(conn.changes()) if isinstance(conn, Connection) else 0


# -- what this file knows of the other tills ---------------------------------------------


@dataclass(frozen=True, slots=True)
class Peer:
    till: int
    name: str
    applied: int  # the last of its changes applied here
    has_ours: int  # the last of our changes it said it applied
    heard_at: str | None
    published: int  # (our own row only) the last of our changes written out as a batch


def peers(conn: Executor) -> dict[int, Peer]:
    return {
        int(r[0]): Peer(int(r[0]), str(r[1]), int(r[2]), int(r[3]), r[4], int(r[5]))
        for r in conn.execute(
            "SELECT till, name, applied, has_ours, heard_at, published FROM sync_peers"
        )
    }


def note_peer(
    conn: Executor,
    till: int,
    *,
    name: str | None = None,
    applied: int | None = None,
    has_ours: int | None = None,
    heard_at: str | None = None,
    published: int | None = None,
) -> None:
    """Note what is known of till `till` now (a value left None stays as it was)."""
    conn.execute(
        """
        INSERT INTO sync_peers (till, name, applied, has_ours, heard_at, published)
        VALUES (:till, ifnull(:name, ''), ifnull(:applied, 0), ifnull(:has_ours, 0), :heard_at,
                ifnull(:published, 0))
        ON CONFLICT (till) DO UPDATE SET
            name = ifnull(:name, name),
            applied = ifnull(:applied, applied),
            has_ours = ifnull(:has_ours, has_ours),
            heard_at = ifnull(:heard_at, heard_at),
            published = ifnull(:published, published)
        """,
        {
            "till": till,
            "name": name,
            "applied": applied,
            "has_ours": has_ours,
            "heard_at": heard_at,
            "published": published,
        },
    )


class Refused(Exception):
    """A change no written rule may resolve: the batch waits, nothing of it is applied."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass
class Applied:
    """What one apply did: the changes it applied, the areas they touch, the conflicts it
    resolved by rule, and why it stopped (a conflict no rule may resolve)."""

    changes: int = 0
    tables: set[str] = field(default_factory=set)
    notices: list[tuple[str, str, str]] = field(default_factory=list)  # kind, table, detail
    refused: str | None = None


def _greater(there: object, here: object) -> bool:
    """Whether `there` is greater than `here` (None is the least)."""
    if there is None:
        return False
    if here is None:
        return True
    if isinstance(there, int) and isinstance(here, int):
        return there > here
    return str(there) > str(here)


def _row_id(change: apsw.TableChange) -> int:
    """The key of the row a change is to (its table's first column, an integer id)."""
    row = change.new if change.op == "INSERT" else change.old
    found = row[0] if row else None
    if not isinstance(found, int):
        raise TypeError(f"{change.name}: a change without an integer key")
    return found


def apply(
    conn: Connection, changesets: Iterable[bytes], source_till: int, own_till: int
) -> Applied:
    """Apply `source_till`'s changesets as one change group, in the caller's transaction, or
    raise Refused (nothing applied; the caller's transaction must roll back)."""
    builder = apsw.ChangesetBuilder()  # type: ignore[no-untyped-call]
    for changeset in changesets:
        builder.add(changeset)
    group = builder.output()
    builder.close()
    result = Applied()
    columns: dict[str, list[str]] = {}

    def names(table: str) -> list[str]:
        if table not in columns:
            columns[table] = [str(r[1]) for r in conn.execute(f"PRAGMA table_info({table})")]
        return columns[table]

    arrived = _Arrived.of(group, names("invoices").index("state"), result)

    merged: list[tuple[str, str, list[object]]] = []

    def merge(change: apsw.TableChange, columns: list[str]) -> bool:
        """Column by column, as if the two edits had been made one after the other: a
        column only the other till changed takes its value; one both changed keeps the
        lower till's value (the hub's, till 1, over any other). Both tills decide alike from
        what each sees, so they agree (an edit's time cannot decide: a column unchanged by
        an edit is not in its change, and stamps are to the second). Written after the
        change group (the edit itself is left out)."""
        old, new, here = change.old or (), change.new or (), change.conflict or ()
        theirs_win = source_till < own_till
        keys = sorted(change.pk_columns)
        assignments: list[str] = []
        values: list[object] = []
        contested = False
        for index, value_there in enumerate(new):
            if value_there is apsw.no_change or index in change.pk_columns:
                continue
            both = here[index] != old[index]
            if both and (change.name, columns[index]) in LATEST_WINS:
                # What each till saw happen there: the greater of the two, unnoted.
                if _greater(value_there, here[index]):
                    assignments.append(f"{columns[index]} = ?")
                    values.append(value_there)
                continue
            if both:
                contested = contested or here[index] != value_there
                if not theirs_win:
                    continue
            assignments.append(f"{columns[index]} = ?")
            values.append(value_there)
        if assignments:
            where = " AND ".join(f"{columns[i]} = ?" for i in keys)
            merged.append(
                (
                    f"UPDATE {change.name} SET {', '.join(assignments)} WHERE {where}",
                    change.name,
                    values + [old[i] for i in keys],
                )
            )
        return contested

    def conflict(reason: int, change: apsw.TableChange) -> int:
        table = change.name
        if (
            reason == apsw.SQLITE_CHANGESET_CONFLICT
            and change.op == "INSERT"
            and tuple(change.conflict or ()) == tuple(change.new or ())
        ):
            return apsw.SQLITE_CHANGESET_OMIT  # already here exactly so
        if reason == apsw.SQLITE_CHANGESET_NOTFOUND and table in EDITED_TABLES:
            if change.op == "UPDATE":  # an edit of a row deleted here: the deletion stands
                result.notices.append(("gone", table, _key(change)))
            return apsw.SQLITE_CHANGESET_OMIT
        if reason == apsw.SQLITE_CHANGESET_DATA and table in EDITED_TABLES:
            if change.op == "DELETE":  # deleted there after an edit here: deleted
                result.notices.append(("deleted after an edit", table, _key(change)))
                return apsw.SQLITE_CHANGESET_REPLACE
            contested = merge(change, names(table))
            if contested:
                result.notices.append(("edited on both", table, _key(change)))
            return apsw.SQLITE_CHANGESET_OMIT
        result.refused = f"{_REASONS.get(reason, reason)} {table} {_key(change)}"
        return apsw.SQLITE_CHANGESET_ABORT

    from duka.store import ledger_repo, products_repo, summaries

    levels_before = {p: level for p, _name, level in _levels(conn, arrived.moved)}
    with products_repo.reindexing(conn, arrived.products):
        conn.execute("UPDATE this_till SET applying = 1")
        try:
            apsw.Changeset.apply(group, conn, conflict=conflict)
        except apsw.Error as error:
            # ABORT answered to a conflict raises AbortError, or ConstraintError for a
            # foreign key; a trigger's refusal raises its own error.
            raise Refused(result.refused or str(error)) from None
        for statement, _table, values in merged:
            conn.execute(statement, values)
        conn.execute("UPDATE this_till SET applying = 0")
    # Open debts and credits follow the ledger and its allocations, whatever order the group
    # brought them in.
    customers = set(arrived.customers)
    if arrived.settled:
        customers |= ledger_repo.customers_of(conn, arrived.settled)
    if customers:
        ledger_repo.rebuild_open(conn, customers)
    _merge_notices(conn, arrived, customers, levels_before, result)
    # The report summaries count the documents that arrived, as they count this till's.
    summaries.add_arrived(conn, "sale", arrived.sales)
    summaries.add_arrived(conn, "refund", arrived.refunds)
    summaries.add_arrived(conn, "invoice", arrived.issued)
    return result


@dataclass
class _Arrived:
    """What a change group brings that the caches must follow, read in one pass over it
    (each pass reads every change)."""

    products: set[int] = field(default_factory=set)  # rows of products changed
    sales: list[int] = field(default_factory=list)
    refunds: list[int] = field(default_factory=list)
    issued: list[int] = field(default_factory=list)  # invoices issued by the group
    customers: set[int] = field(default_factory=set)  # whose ledger grew
    settled: set[int] = field(default_factory=set)  # ledger entries allocations touch
    refunded_lines: set[int] = field(default_factory=set)
    moved: set[int] = field(default_factory=set)  # products whose stock moved

    @classmethod
    def of(cls, group: bytes, state_column: int, result: Applied) -> _Arrived:
        found = cls()
        tables = result.tables
        count = 0
        for change in apsw.Changeset.iter(group):
            table = change.name
            count += 1
            tables.add(table)
            if table not in _FOLLOWED:  # most of a group: lines, taxes, payments, journal
                continue
            new = change.new
            if table == "products":
                found.products.add(_row_id(change))
            elif change.op != "INSERT" or not new:
                # An edit that issues a document: the one that sets its state.
                if table == "invoices" and new is not None and new[state_column] == "issued":
                    found.issued.append(_row_id(change))
            elif table == "sales":
                found.sales.append(_row_id(change))
            elif table == "refunds":
                found.refunds.append(_row_id(change))
            elif table == "invoices" and new[state_column] == "issued":
                found.issued.append(_row_id(change))
            elif table == "customer_ledger":
                found.customers.add(_integer(new[1]))
            elif table == "customer_allocations":
                found.settled.update(_integer(v) for v in new[1:4])
            elif table == "refund_lines":
                found.refunded_lines.add(_integer(new[2]))
            elif table == "stock_movements":
                found.moved.add(_integer(new[1]))
        result.changes += count
        return found


# The tables whose changes the caches follow (_Arrived.of reads no others' rows).
_FOLLOWED = frozenset(
    {
        "products",
        "invoices",
        "sales",
        "refunds",
        "customer_ledger",
        "customer_allocations",
        "refund_lines",
        "stock_movements",
    }
)


def _integer(found: object) -> int:
    if not isinstance(found, int):
        raise TypeError("a key that is not an integer")
    return found


def _merge_notices(
    conn: Connection,
    arrived: _Arrived,
    customers: set[int],
    levels_before: dict[int, int],
    result: Applied,
) -> None:
    """What the merge made that no till could see alone, for the owner: a sale line
    refunded at two tills beyond what was sold (each refund stands: its money was given
    back), a debt paid at two tills (both payments stand; what is paid beyond the debt is
    the customer's credit, which the next sale on account uses), and stock gone below zero
    because two tills sold the last pieces."""
    for customer in sorted(customers):
        row = conn.execute(
            "SELECT c.name FROM customer_open o JOIN customer_ledger l ON l.id = o.entry_id "
            "JOIN customers c ON c.id = l.customer_id "
            "WHERE o.customer_id = ? AND l.amount > 0 AND o.open < 0 LIMIT 1",
            (customer,),
        ).fetchone()
        if row is not None:
            result.notices.append(("paid at two tills", "customers", f"{customer} {row[0]}"))
    for line in sorted(arrived.refunded_lines):
        row = conn.execute(
            "SELECT s.number FROM sale_lines l JOIN sales s ON s.id = l.sale_id "
            "WHERE l.id = ? AND (SELECT sum(r.quantity) FROM refund_lines r "
            "WHERE r.sale_line_id = l.id) > l.quantity",
            (line,),
        ).fetchone()
        if row is not None:
            result.notices.append(("refunded at two tills", "sales", str(row[0])))
    for product, name, _level in _levels(conn, arrived.moved, below_zero=True):
        if levels_before.get(product, 0) >= 0:  # noted once, when it goes below
            result.notices.append(("stock below zero", "products", f"{product} {name}"))


def _levels(
    conn: Connection, products: set[int], below_zero: bool = False
) -> list[tuple[int, str, int]]:
    """The stock level of each of `products` that has one (product, name, level), in one
    read: a change group moves thousands."""
    if not products:
        return []
    return [
        (int(r[0]), str(r[1]), int(r[2]))
        for r in conn.execute(
            "SELECT p.id, p.name, s.quantity FROM stock_levels s "
            "JOIN products p ON p.id = s.product_id "
            "WHERE s.product_id IN (SELECT value FROM json_each(?))"
            + (" AND s.quantity < 0" if below_zero else "")
            + " ORDER BY p.id",
            (json.dumps(sorted(products)),),
        )
    ]


_REASONS = {
    apsw.SQLITE_CHANGESET_DATA: "edited",
    apsw.SQLITE_CHANGESET_NOTFOUND: "missing",
    apsw.SQLITE_CHANGESET_CONFLICT: "taken",
    apsw.SQLITE_CHANGESET_CONSTRAINT: "constraint",
    apsw.SQLITE_CHANGESET_FOREIGN_KEY: "foreign key",
}


def _key(change: apsw.TableChange) -> str:
    row = change.old if change.op != "INSERT" else change.new
    if not row:
        return ""
    return ",".join(str(row[i]) for i in sorted(change.pk_columns))


def notice(conn: Executor, at: str, till: int, kind: str, table: str, detail: str) -> None:
    conn.execute(
        "INSERT INTO sync_notices (at, till, kind, subject, detail) VALUES (?, ?, ?, ?, ?)",
        (at, till, kind, table, detail),
    )


def notices(conn: Executor, limit: int = 50) -> Iterator[tuple[str, int, str, str, str]]:
    for r in conn.execute(
        "SELECT at, till, kind, subject, detail FROM sync_notices ORDER BY id DESC LIMIT ?",
        (limit,),
    ):
        yield str(r[0]), int(r[1]), str(r[2]), str(r[3]), str(r[4])
