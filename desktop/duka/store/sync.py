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
"Several tills"), never dropped unseen: an insert already present as it is, skipped; an edit
of a row the two tills both changed, the newer edit wins (the lower till on a tie) and the
conflict is noted; anything that would break a ledger (a constraint, a foreign key, an id
taken by another row) aborts the batch, which waits, and is noted.
"""

from __future__ import annotations

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
        "customers",
        "suppliers",
        "users",
        "settings",
        "quick_keys",
        "invoices",
        "invoice_lines",
        "invoice_taxes",
        "cash_sessions",
    }
)
COMPRESSION = 6


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
# share most of their words). With xz (LZMA2), whose window holds the whole batch: zlib's
# 32 KB holds a dozen sales, and wrote a fifth more (505 bytes a sale against 405; the
# bench's sync_bytes_per_sale). A batch in zlib, as the first builds wrote them, still reads.
_ENTRY = struct.Struct(">QI")
# xz's fast presets (0-3) pack a batch of sales within 3% of each other, in 15 to 30 ms a
# hundred sales; 6 packs a tenth smaller in 130 ms.
BATCH_PRESET = 1


@dataclass(frozen=True, slots=True)
class Entry:
    seq: int
    changeset: bytes


def pack(entries: Sequence[Entry]) -> bytes:
    raw = b"".join(_ENTRY.pack(e.seq, len(e.changeset)) + e.changeset for e in entries)
    return lzma.compress(raw, lzma.FORMAT_XZ, preset=BATCH_PRESET)


_XZ_MAGIC = b"\xfd7zXZ\x00"


def unpack(body: bytes) -> list[Entry]:
    raw = (
        lzma.decompress(body, lzma.FORMAT_XZ)
        if body.startswith(_XZ_MAGIC)
        else zlib.decompress(body)
    )
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


def outbox_last(conn: Executor) -> int:
    return int(value(conn, "SELECT ifnull(max(seq), 0) FROM outbox") or 0)


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
    conn.execute(
        "INSERT INTO sync_peers (till, name) VALUES (?, '') ON CONFLICT (till) DO NOTHING",
        (till,),
    )
    for column, given in (
        ("name", name),
        ("applied", applied),
        ("has_ours", has_ours),
        ("heard_at", heard_at),
        ("published", published),
    ):
        if given is not None:
            conn.execute(f"UPDATE sync_peers SET {column} = ? WHERE till = ?", (given, till))


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


def _newer(change: apsw.TableChange, names: Sequence[str]) -> bool | None:
    """Whether the incoming edit is newer than the row here, by their `updated_at`."""
    if "updated_at" not in names:
        return None
    at = names.index("updated_at")
    incoming = change.new[at] if change.new else None
    here = change.conflict[at] if change.conflict else None
    if not isinstance(incoming, str) or not isinstance(here, str):
        return None
    return incoming > here  # ISO 8601 stamps in UTC sort as they happened


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

    # One pass over the group before it is applied (each pass reads every change of it):
    # the products to reindex, and the documents the summaries count.
    products: set[int] = set()
    sales: list[int] = []
    refunds: list[int] = []
    invoices: list[int] = []
    for change in apsw.Changeset.iter(group):
        result.changes += 1
        table = change.name
        result.tables.add(table)
        if table == "products":
            products.add(_row_id(change))
        elif table == "sales" and change.op == "INSERT":
            sales.append(_row_id(change))
        elif table == "refunds" and change.op == "INSERT":
            refunds.append(_row_id(change))
        elif (
            table == "invoices"
            and change.new is not None
            # Issued here: a document is issued by the edit that sets its state.
            and change.new[names("invoices").index("state")] == "issued"
        ):
            invoices.append(_row_id(change))

    def conflict(reason: int, change: apsw.TableChange) -> int:
        table = change.name
        if (
            reason == apsw.SQLITE_CHANGESET_CONFLICT
            and change.op == "INSERT"
            and tuple(change.conflict or ()) == tuple(change.new or ())
        ):
            return apsw.SQLITE_CHANGESET_OMIT  # already here exactly so
        if reason in (apsw.SQLITE_CHANGESET_DATA, apsw.SQLITE_CHANGESET_NOTFOUND) and (
            table in EDITED_TABLES
        ):
            if reason == apsw.SQLITE_CHANGESET_NOTFOUND:
                result.notices.append(("gone", table, _key(change)))
                return apsw.SQLITE_CHANGESET_OMIT
            newer = _newer(change, names(table))
            wins = newer if newer is not None else source_till < own_till
            result.notices.append(("edited on both", table, _key(change)))
            return apsw.SQLITE_CHANGESET_REPLACE if wins else apsw.SQLITE_CHANGESET_OMIT
        result.refused = f"{_REASONS.get(reason, reason)} {table} {_key(change)}"
        return apsw.SQLITE_CHANGESET_ABORT

    from duka.store import products_repo, summaries

    with products_repo.reindexing(conn, products):
        try:
            apsw.Changeset.apply(group, conn, conflict=conflict)
        except apsw.AbortError:
            raise Refused(result.refused or "aborted") from None
    # The report summaries count the documents that arrived, as they count this till's.
    for sale in sales:
        summaries.add_sale(conn, sale)
    for refund in refunds:
        summaries.add_refund(conn, refund)
    for invoice in invoices:
        summaries.add_invoice(conn, invoice)
    return result


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
