"""The journal: a hash-chained, append-only record of everything issued.

Each row holds a canonical encoding of one record (an audit entry now; sales, refunds,
invoices and cash events as they come), made by SQLite itself from the record's source row:
the journal's own fields, then the record's fields, as SQL literals (printf %d/%Q and quote(),
formats SQLite has kept unchanged for decades). The row's hash is
SHA-256(previous row's hash || content), starting from 32 zero bytes.

Because the encoding is an SQL expression over the source table, `verify` re-derives every
journaled record from its source in SQLite's own C code and compares it with what was
journaled: an edit, a deletion or an insertion made outside Duka is found and named even when
the append-only triggers were dropped and the journal rewritten around it, unless the whole
chain from that point was recomputed.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from duka.i18n import _, set_language
from duka.store import tills
from duka.store.sql import Connection, Executor, open_read_only

GENESIS = bytes(32)

# The journal's own fields, in their fixed order: (printf format, column).
_HEADER = (
    ("%d", "seq"),
    ("%Q", "at"),
    ("%Q", "kind"),
    ("%Q", "source_table"),
    ("%d", "source_id"),
    ("%s", "quote({user_id})"),
    ("%Q", "actor"),
)


@dataclass(frozen=True, slots=True)
class JournalSource:
    """A kind of journaled record: its table and the canonical encoding of one row.

    `record_sql` is an SQL expression over the row, aliased `s`, e.g.
    printf('%d,%Q', s.id, s.at). Changing it changes every hash: add a new kind instead.
    """

    kind: str
    table: str
    record_sql: str
    # Rows of the table that are journaled, as an SQL condition over `s` ("" for all): a
    # draft invoice is not a document yet.
    journaled_rows: str = ""
    # A record that may change (a user, a price, a setting): each change is a new entry,
    # and the newest entry of each row must match the row as it is. A row deleted by Duka
    # gets an entry recording that it is gone ("-" for its record).
    mutable: bool = False
    id_column: str = "id"  # settings have no id column; their rowid never changes
    # How a finding names the row, as an SQL expression over `s` ("" for its id).
    label_sql: str = ""


SOURCES: dict[str, JournalSource] = {}


def register(source: JournalSource) -> JournalSource:
    SOURCES[source.kind] = source
    return source


AUDIT = register(
    JournalSource(
        kind="audit",
        table="audit",
        record_sql=(
            "printf('%d,%Q,%s,%Q,%Q,%Q,%Q,%Q,%s,%Q', s.id, s.at, quote(s.user_id), s.actor, "
            "s.action, s.subject, s.before, s.after, quote(s.approved_by), s.outcome)"
        ),
    )
)


def _with_tax(lines: str, rates: str, parent: str) -> str:
    """What a delivery's or a supplier return's record adds once it carries tax (data
    version 31): its tax, each line's rate, its totals by rate. Added only then, so every
    document journaled before, and every one without tax, keeps the record it had."""
    return (
        f" || CASE WHEN s.tax != 0 OR EXISTS (SELECT 1 FROM {rates} t WHERE t.{parent} = s.id) "
        f"OR EXISTS (SELECT 1 FROM {lines} l WHERE l.{parent} = s.id AND l.tax_code IS NOT "
        f"NULL) THEN printf('|%d|', s.tax) || ifnull((SELECT group_concat(code, ';') FROM ("
        f"SELECT quote(l.tax_code) AS code FROM {lines} l WHERE l.{parent} = s.id "
        f"ORDER BY l.id)), '') || '|' || ifnull((SELECT group_concat(line, ';') FROM (SELECT "
        f"printf('%Q,%Q,%Q,%d,%d,%d,%d', t.tax_code, t.name, t.percent, t.exempt, t.net, "
        f"t.tax, t.gross) AS line FROM {rates} t WHERE t.{parent} = s.id "
        f"ORDER BY t.tax_code)), '') ELSE '' END"
    )


GOODS_RECEIVED = register(
    JournalSource(
        kind="goods_received",
        table="goods_received",
        record_sql=(
            "printf('%d,%Q,%d,%Q,%d,%d,%Q,%Q;', s.id, s.number, s.supplier_id, s.reference, "
            "s.paid, s.total, s.notes, s.at) || ifnull((SELECT group_concat(line, ';') FROM ("
            "SELECT printf('%d,%d,%d,%d', l.product_id, l.quantity, l.unit_cost, l.total) AS line "
            "FROM goods_received_lines l WHERE l.receipt_id = s.id ORDER BY l.id)), '')"
            + _with_tax("goods_received_lines", "goods_received_taxes", "receipt_id")
        ),
    )
)
SUPPLIER_PAYMENT = register(
    JournalSource(
        kind="supplier_payment",
        table="supplier_payments",
        record_sql=(
            "printf('%d,%Q,%d,%d,%Q,%Q,%Q', s.id, s.number, s.supplier_id, s.amount, s.method, "
            "s.reference, s.at)"
        ),
    )
)

SALE = register(
    JournalSource(
        kind="sale",
        table="sales",
        record_sql=(
            "printf('%d,%Q,%Q,%s,%s,%Q,%Q,%d,%d,%d,%d,%d,%d,%s;', s.id, s.number, s.at, "
            "quote(s.customer_id), quote(s.session_id), s.currency, s.mode, s.net, s.tax, "
            "s.gross, s.discount, s.rounding, s.change, quote(s.approved_by)) "
            "|| ifnull((SELECT group_concat(line, ';') FROM (SELECT printf("
            "'%d,%Q,%Q,%d,%d,%d,%d,%d,%s,%d', l.product_id, l.name, l.unit, l.quantity, "
            "l.unit_price, l.list_price, l.discount, l.amount, quote(l.tax_code), l.unit_cost) "
            "|| CASE WHEN l.promotion_id IS NULL THEN '' ELSE printf(',p%d,%d', "
            "l.promotion_id, l.promotion_saving) END "
            "AS line FROM sale_lines l WHERE l.sale_id = s.id ORDER BY l.id)), '') || '|' "
            "|| ifnull((SELECT group_concat(line, ';') FROM (SELECT printf("
            "'%Q,%Q,%Q,%d,%d,%d,%d', t.tax_code, t.name, t.percent, t.exempt, t.net, t.tax, "
            "t.gross) AS line FROM sale_taxes t WHERE t.sale_id = s.id ORDER BY t.tax_code)), "
            "'') || '|' || ifnull((SELECT group_concat(line, ';') FROM (SELECT printf("
            "'%Q,%d,%d,%Q,%Q', p.method, p.amount, p.tendered, p.provider, p.reference) AS line "
            "FROM sale_payments p WHERE p.sale_id = s.id ORDER BY p.id)), '')"
        ),
    )
)

REFUND = register(
    JournalSource(
        kind="refund",
        table="refunds",
        record_sql=(
            "printf('%d,%Q,%d,%Q,%Q,%Q,%d,%d,%d,%Q,%s;', s.id, s.number, s.sale_id, s.at, "
            "s.currency, s.mode, s.net, s.tax, s.gross, s.reason, quote(s.approved_by)) "
            "|| ifnull((SELECT group_concat(line, ';') FROM (SELECT printf('%d,%d,%d,%d,%d', "
            "l.sale_line_id, l.product_id, l.quantity, l.amount, l.restock) AS line "
            "FROM refund_lines l WHERE l.refund_id = s.id ORDER BY l.id)), '') || '|' "
            "|| ifnull((SELECT group_concat(line, ';') FROM (SELECT printf("
            "'%Q,%Q,%Q,%d,%d,%d,%d', t.tax_code, t.name, t.percent, t.exempt, t.net, t.tax, "
            "t.gross) AS line FROM refund_taxes t WHERE t.refund_id = s.id "
            "ORDER BY t.tax_code)), '') || '|' || ifnull((SELECT group_concat(line, ';') FROM ("
            "SELECT printf('%Q,%d,%Q,%Q', p.method, p.amount, p.provider, p.reference) AS line "
            "FROM refund_payments p WHERE p.refund_id = s.id ORDER BY p.id)), '')"
        ),
    )
)

CASH_EVENT = register(
    JournalSource(
        kind="cash_event",
        table="cash_events",
        record_sql=(
            "printf('%d,%d,%Q,%d,%Q,%Q,%Q', s.id, s.session_id, s.kind, s.amount, s.reason, "
            "s.details, s.at)"
        ),
    )
)

INVOICE = register(
    JournalSource(
        kind="invoice",
        table="invoices",
        record_sql=(
            "printf('%d,%Q,%Q,%d,%Q,%s,%Q,%Q,%Q,%Q,%Q,%d,%Q,%Q,%d,%d,%d,%d,%s,%s,%d,%s,"
            "%Q,%Q,%Q,%Q,%Q,%Q,%Q,%Q,%Q,%Q;', s.id, s.kind, s.number, s.seq, s.period, "
            "quote(s.customer_id), s.language, s.currency, s.mode, s.issue_date, s.due_date, "
            "s.terms_days, s.reference, s.notes, s.discount, s.net, s.tax, s.gross, "
            "quote(s.source_id), quote(s.sale_id), s.restock, quote(s.ledger_entry_id), "
            "s.bill_name, s.bill_address, s.bill_phone, s.bill_email, s.bill_tax_id, "
            "s.seller_name, s.seller_address, s.seller_phone, s.seller_tax_id, s.issued_at) "
            "|| ifnull((SELECT group_concat(line, ';') FROM (SELECT printf("
            "'%d,%s,%Q,%Q,%d,%d,%d,%d,%s,%s,%s,%d,%d,%s', l.position, quote(l.product_id), "
            "l.description, l.unit, l.quantity, l.unit_price, l.discount, l.amount, "
            "quote(l.tax_code), quote(l.tax_name), quote(l.tax_percent), l.exempt, l.unit_cost, "
            "quote(l.source_line_id)) AS line FROM invoice_lines l WHERE l.invoice_id = s.id "
            "ORDER BY l.position, l.id)), '') || '|' || ifnull((SELECT group_concat(line, ';') "
            "FROM (SELECT printf('%Q,%Q,%Q,%d,%d,%d,%d', t.tax_code, t.name, t.percent, "
            "t.exempt, t.net, t.tax, t.gross) AS line FROM invoice_taxes t "
            "WHERE t.invoice_id = s.id ORDER BY t.tax_code)), '')"
        ),
        journaled_rows="s.state = 'issued'",
    )
)

CUSTOMER_ENTRY = register(
    JournalSource(
        kind="customer_entry",
        table="customer_ledger",
        record_sql=(
            "printf('%d,%d,%Q,%d,%Q,%Q,%Q,%s,%Q;', s.id, s.customer_id, s.kind, s.amount, "
            "s.document, s.method, s.note, quote(s.session_id), s.at) "
            "|| ifnull((SELECT group_concat(line, ';') FROM (SELECT printf('%d,%d,%d', "
            "a.debit_id, a.credit_id, a.amount) AS line FROM customer_allocations a "
            "WHERE a.entry_id = s.id ORDER BY a.id)), '')"
        ),
    )
)

# Since data version 13 the records below are journaled too: who may do what, the prices
# and costs, the tax rates and every other setting, credit limits, and the stock movements
# that no journaled document explains (a sale's or refund's movements are checked against
# their sale, refund, invoice or credit note, which are journaled).
USER = register(
    JournalSource(
        kind="user",
        table="users",
        record_sql="printf('%d,%Q,%Q,%Q,%d', s.id, s.name, s.role, s.pin_hash, s.active)",
        mutable=True,
        label_sql="s.name",
    )
)
SETTING = register(
    JournalSource(
        kind="setting",
        table="settings",
        record_sql="printf('%Q,%s', s.key, quote(s.value))",
        mutable=True,
        id_column="rowid",
        label_sql="s.key",
    )
)
# A product's record as data version 13 made it (migration 0021 journals every product with
# it, before migration 0022 adds `price_asked`).
PRODUCT_RECORD_V13 = (
    "printf('%d,%Q,%s,%Q,%d,%d,%s,%d', s.id, s.name, quote(s.sku), s.unit, "
    "s.sell_price, s.cost_price, quote(s.tax_code), s.active)"
)
PRODUCT = register(
    JournalSource(
        kind="product",
        table="products",
        # The flag is added only when set, so every product journaled before it existed
        # (and every product with a fixed price) keeps the record it had.
        record_sql=PRODUCT_RECORD_V13
        + " || CASE WHEN s.price_asked THEN ',asked' ELSE '' END"
        # a parent's options, a variant's parent, values and price following (when any)
        + " || CASE WHEN s.options != '' THEN printf(',%d,%Q,%d', ifnull(s.parent_id, 0),"
        " s.options, s.price_follows) ELSE '' END",
        mutable=True,
        label_sql="s.name",
    )
)
CUSTOMER = register(
    JournalSource(
        kind="customer",
        table="customers",
        record_sql="printf('%d,%Q,%d,%d', s.id, s.name, s.credit_limit, s.active)",
        mutable=True,
        label_sql="s.name",
    )
)
# Since the promotions migration: promotions, with the products and categories they
# cover; a new entry when one is ended early.
PROMOTION = register(
    JournalSource(
        kind="promotion",
        table="promotions",
        record_sql=(
            "printf('%d,%Q,%Q,%Q,%d,%d,%s,%d,%s,%Q,%s,%Q,%Q,%s,%s,%Q,%s,%s;', s.id, s.name, "
            "s.kind, s.scope, s.buy, s.pay, quote(s.price), s.get, quote(s.get_product_id), "
            "s.percent, quote(s.amount), s.starts, s.ends, quote(s.hours_from), "
            "quote(s.hours_until), s.weekdays, quote(s.price_list_id), quote(s.ended_at)) "
            "|| ifnull((SELECT group_concat(product_id, ',') FROM (SELECT product_id FROM "
            "promotion_products WHERE promotion_id = s.id ORDER BY product_id)), '') || ';' "
            "|| ifnull((SELECT group_concat(category_id, ',') FROM (SELECT category_id FROM "
            "promotion_categories WHERE promotion_id = s.id ORDER BY category_id)), '')"
        ),
        mutable=True,
        label_sql="s.name",
    )
)
# A customer's price list, a record of its own (the customer's was fixed before lists
# existed, and migrations journal customers with it): every change is an entry, so the
# newest says the list the customer is on now.
CUSTOMER_PRICE_LIST = register(
    JournalSource(
        kind="customer_price_list",
        table="customers",
        record_sql="printf('%d,%s', s.id, quote(s.price_list_id))",
        journaled_rows="s.price_list_id IS NOT NULL",
        mutable=True,
        label_sql="s.name",
    )
)
PRICE_LIST = register(
    JournalSource(
        kind="price_list",
        table="price_lists",
        record_sql="printf('%d,%Q,%d', s.id, s.name, s.active)",
        journaled_rows="s.id <> 0",  # retail is made with the shop
        mutable=True,
        label_sql="s.name",
    )
)
LIST_PRICE = register(
    JournalSource(
        kind="list_price",
        table="price_list_prices",
        record_sql=(
            "printf('%d,%d,%d,%d,%d', s.id, s.list_id, s.product_id, s.from_quantity, s.price)"
        ),
        mutable=True,
    )
)
UNEXPLAINED_MOVEMENTS = ("opening", "receive", "adjust", "count", "write_off")
STOCK_MOVEMENT = register(
    JournalSource(
        kind="stock_movement",
        table="stock_movements",
        record_sql=(
            "printf('%d,%d,%Q,%d,%d,%Q,%Q,%Q,%s,%Q', s.id, s.product_id, s.kind, s.quantity, "
            "s.unit_cost, s.reason, s.document, s.at, quote(s.user_id), s.actor)"
        ),
        journaled_rows="s.kind IN (" + ", ".join(f"'{k}'" for k in UNEXPLAINED_MOVEMENTS) + ")",
    )
)

# Since data version 26: stock sent from one branch to another, and its arrival.
TRANSFER = register(
    JournalSource(
        kind="transfer",
        table="transfers",
        record_sql=(
            "printf('%d,%Q,%d,%d,%Q,%Q;', s.id, s.number, s.from_branch, s.to_branch, s.note, "
            "s.at) || ifnull((SELECT group_concat(line, ';') FROM (SELECT printf('%d,%d,%d', "
            "l.product_id, l.quantity, l.unit_cost) AS line FROM transfer_lines l "
            "WHERE l.transfer_id = s.id ORDER BY l.id)), '')"
        ),
    )
)
TRANSFER_RECEIPT = register(
    JournalSource(
        kind="transfer_receipt",
        table="transfer_receipts",
        record_sql=(
            "printf('%d,%d,%d,%Q,%Q;', s.id, s.transfer_id, s.branch, s.note, s.at) "
            "|| ifnull((SELECT group_concat(line, ';') FROM (SELECT printf('%d,%d', "
            "l.product_id, l.quantity) AS line FROM transfer_receipt_lines l "
            "WHERE l.receipt_id = s.id ORDER BY l.id)), '')"
        ),
    )
)
PURCHASE_ORDER = register(
    JournalSource(
        kind="purchase_order",
        table="purchase_orders",
        record_sql=(
            "printf('%d,%Q,%d,%Q,%d,%Q;', s.id, s.number, s.supplier_id, s.note, s.total, s.at) "
            "|| ifnull((SELECT group_concat(line, ';') FROM (SELECT printf('%d,%d,%d,%d', "
            "l.product_id, l.quantity, l.unit_cost, l.total) AS line FROM purchase_order_lines l "
            "WHERE l.order_id = s.id ORDER BY l.id)), '')"
        ),
    )
)
PURCHASE_ORDER_RECEIPT = register(
    JournalSource(
        kind="purchase_order_receipt",
        table="purchase_order_receipts",
        record_sql="printf('%d,%d,%d,%Q', s.id, s.order_id, s.receipt_id, s.at)",
    )
)
PURCHASE_ORDER_CANCELLATION = register(
    JournalSource(
        kind="purchase_order_cancellation",
        table="purchase_order_cancellations",
        record_sql="printf('%d,%d,%Q,%Q', s.id, s.order_id, s.reason, s.at)",
    )
)
SUPPLIER_RETURN = register(
    JournalSource(
        kind="supplier_return",
        table="supplier_returns",
        record_sql=(
            "printf('%d,%Q,%d,%Q,%d,%Q;', s.id, s.number, s.supplier_id, s.reason, s.total, "
            "s.at) || ifnull((SELECT group_concat(line, ';') FROM (SELECT printf('%d,%d,%d,%d', "
            "l.product_id, l.quantity, l.unit_cost, l.total) AS line FROM supplier_return_lines l "
            "WHERE l.return_id = s.id ORDER BY l.id)), '')"
            + _with_tax("supplier_return_lines", "supplier_return_taxes", "return_id")
        ),
    )
)

# Since data version 22: the bank and mobile-money accounts, their books, the statements
# they were checked against, and the owner's drawings and capital.
MONEY_ACCOUNT = register(
    JournalSource(
        kind="money_account",
        table="money_accounts",
        record_sql="printf('%d,%Q,%Q,%d,%d', s.id, s.name, s.kind, s.overdraft, s.active)",
        mutable=True,
        label_sql="s.name",
    )
)
MONEY_ENTRY = register(
    JournalSource(
        kind="money_entry",
        table="money_entries",
        record_sql=(
            "printf('%d,%d,%Q,%Q,%d,%s,%s,%s,%s,%Q,%Q', s.id, s.account_id, s.day, s.kind, "
            "s.amount, quote(s.transfer), quote(s.cash_event_id), quote(s.expense_id), "
            "quote(s.drawing_id), s.note, s.at)"
        ),
    )
)
MONEY_RECONCILIATION = register(
    JournalSource(
        kind="money_reconciliation",
        table="money_reconciliations",
        record_sql=(
            "printf('%d,%d,%Q,%d,%d,%Q', s.id, s.account_id, s.day, s.statement, s.book, s.at)"
        ),
    )
)
DRAWING = register(
    JournalSource(
        kind="drawing",
        table="drawings",
        record_sql=(
            "printf('%d,%Q,%Q,%Q,%Q,%d,%s,%s,%s,%s,%Q,%Q', s.id, s.number, s.day, s.kind, "
            "s.what, s.amount, quote(s.method), quote(s.account_id), quote(s.session_id), "
            "quote(s.cash_event_id), s.note, s.at)"
        ),
    )
)

# Since the back office (migration 0028): an expense, with the names and
# sizes of the files attached to it (their bytes stay in expense_files, append-only).
EXPENSE = register(
    JournalSource(
        kind="expense",
        table="expenses",
        record_sql=(
            "printf('%d,%Q,%Q,%d,%d,%d,%d,%s,%Q,%Q,%s,%s,%s,%s,%Q,%s,%Q;', s.id, s.number, "
            "s.day, s.category_id, s.net, s.tax, s.gross, quote(s.tax_code), s.payee, s.method, "
            "quote(s.account_id), quote(s.session_id), quote(s.cash_event_id), "
            "quote(s.recurring_id), s.note, quote(s.approved_by), s.at) "
            "|| ifnull((SELECT group_concat(line, ';') FROM (SELECT printf('%Q,%d', f.name, "
            "length(f.body)) AS line FROM expense_files f WHERE f.expense_id = s.id "
            "ORDER BY f.id)), '')"
        ),
    )
)

TRIGGERS = ("journal_no_update", "journal_no_delete", "audit_no_update", "audit_no_delete")


def _header_sql(ref: str) -> str:
    """The header encoding over columns (`ref` = "j.") or named parameters (`ref` = ":")."""
    formats = ",".join(fmt for fmt, _column in _HEADER)
    args = []
    for _fmt, column in _HEADER:
        if column.startswith("quote("):
            args.append(column.format(user_id=f"{ref}user_id"))
        else:
            args.append(f"{ref}{column}")
    return f"printf('{formats};', {', '.join(args)})"


def _content_sql(source: JournalSource, ref: str, source_id: str) -> str:
    record = (
        f"(SELECT {source.record_sql} FROM {source.table} s "
        f"WHERE s.{source.id_column} = {source_id})"
    )
    if source.mutable:
        record = f"ifnull({record}, '-')"  # a row Duka deleted
    return f"CAST({_header_sql(ref)} || {record} AS BLOB)"


def chain_hash(previous: bytes, content: bytes) -> bytes:
    return hashlib.sha256(previous + content).digest()


@dataclass(frozen=True, slots=True)
class Entry:
    """A journal entry's place in the chain: its sequence number and hash."""

    seq: int
    hash: bytes


def append(
    conn: Executor,
    kind: str,
    source_id: int,
    at: str,
    user_id: int | None,
    actor: str,
) -> Entry:
    """Journal the source row `source_id` of `kind`; the caller holds the transaction, so
    the sequence has no gaps and the record and its journal entry commit together."""
    source = SOURCES[kind]
    low, last = _tail(conn)
    seq = (last[0] + 1) if last else low + 1
    previous = bytes(last[1]) if last else GENESIS
    values = {
        "seq": seq,
        "at": at,
        "kind": kind,
        "source_table": source.table,
        "source_id": source_id,
        "user_id": user_id,
        "actor": actor,
    }
    content = conn.execute(f"SELECT {_content_sql(source, ':', ':source_id')}", values).fetchone()[
        0
    ]
    if content is None:
        raise LookupError(f"{source.table} row {source_id} does not exist")
    digest = chain_hash(previous, bytes(content))
    conn.execute(
        """
        INSERT INTO journal (seq, at, kind, source_table, source_id, user_id, actor, content,
            prev_hash, hash)
        VALUES (:seq, :at, :kind, :source_table, :source_id, :user_id, :actor, :content,
            :prev_hash, :hash)
        """,
        {**values, "content": content, "prev_hash": previous, "hash": digest},
    )
    return Entry(seq, digest)


def append_many(
    conn: Executor,
    kind: str,
    source_ids: Iterable[int],
    at: str,
    user_id: int | None,
    actor: str,
    *,
    record_sql: str | None = None,
) -> int:
    """Journal many rows of `kind` at once (an import, a migration's baseline): the same
    entries `append` would write one by one, in the order given. Returns how many.
    `record_sql` is the kind's record as an older migration made it, for that migration."""
    source = SOURCES[kind]
    if record_sql is not None:
        source = replace(source, record_sql=record_sql)
    low, last = _tail(conn)
    first = (last[0] + 1) if last else low + 1
    previous = bytes(last[1]) if last else GENESIS
    ids = [int(i) for i in source_ids]
    # The ids travel as one JSON array: the entries' fields are made in a single query,
    # without a row-by-row round trip.
    rows = conn.execute(
        f"""
        SELECT b.seq, b.source_id, {_content_sql(source, "b.", "b.source_id")}
        FROM (SELECT key + :first AS seq, :at AS at, :kind AS kind, :table AS source_table,
                     value AS source_id, :user_id AS user_id, :actor AS actor
              FROM json_each(:ids)) b
        ORDER BY b.seq
        """,
        {
            "first": first,
            "at": at,
            "kind": kind,
            "table": source.table,
            "user_id": user_id,
            "actor": actor,
            "ids": json.dumps(ids),
        },
    )
    sha256 = hashlib.sha256
    written = []
    for seq, source_id, content in rows:
        if content is None:
            raise LookupError(f"{source.table} row {source_id} does not exist")
        digest = sha256(previous + content).digest()
        written.append((seq, at, kind, source.table, source_id, user_id, actor, content,
                        previous, digest))  # fmt: skip
        previous = digest
    conn.executemany(
        "INSERT INTO journal (seq, at, kind, source_table, source_id, user_id, actor, content, "
        "prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        written,
    )
    return len(written)


def _tail(conn: Executor) -> tuple[int, Any]:
    """Where this till's chain starts (its sequences follow `low`) and its newest entry
    (seq, hash), or None. Each till keeps a chain of its own in its own range of
    sequences (duka.store.tills), so tills never write the same sequence."""
    if not isinstance(conn, Connection):  # a migration's step: tills.own_range knows how
        low, high = tills.own_range(conn)
        last = conn.execute(
            "SELECT seq, hash FROM journal WHERE seq > ? AND seq <= ? ORDER BY seq DESC LIMIT 1",
            (low, high),
        ).fetchone()
        return low, last
    row = conn.execute(
        "SELECT me.low, j.seq, j.hash FROM this_till me LEFT JOIN journal j ON j.seq = "
        "(SELECT seq FROM journal WHERE seq > me.low AND seq <= me.high "
        "ORDER BY seq DESC LIMIT 1)"
    ).fetchall()[0]
    first, seq, digest = int(row[0] or 0), row[1], row[2]
    return first, None if seq is None else (int(seq), digest)


def head(conn: Executor) -> Entry | None:
    """This till's newest entry: what an anchor outside the file records."""
    row = _tail(conn)[1]
    return Entry(int(row[0]), bytes(row[1])) if row else None


def entry_at(conn: Executor, seq: int) -> Entry | None:
    row = conn.execute("SELECT seq, hash FROM journal WHERE seq = ?", (seq,)).fetchone()
    return Entry(int(row[0]), bytes(row[1])) if row else None


def entry_of(conn: Executor, kind: str, source_id: int) -> Entry | None:
    """The newest entry that journaled row `source_id` of `kind`."""
    row = conn.execute(
        "SELECT seq, hash FROM journal WHERE kind = ? AND source_id = ? ORDER BY seq DESC LIMIT 1",
        (kind, source_id),
    ).fetchone()
    return Entry(int(row[0]), bytes(row[1])) if row else None


def count(conn: Executor) -> int:
    return int(conn.execute("SELECT count(*) FROM journal").fetchone()[0])


def last_seq(conn: Executor) -> int:
    """This till's newest sequence (the one before its first when it has none)."""
    low, last = _tail(conn)
    return int(last[0]) if last else low


def chains(conn: Executor) -> list[tuple[int, int]]:
    """Each till's chain in the journal as (first, last) sequence, tills in order: found by
    stepping from one till's range to the next, not by reading every entry."""
    found: list[tuple[int, int]] = []
    floor = 0
    while True:
        row = conn.execute(
            "SELECT seq FROM journal WHERE seq > ? ORDER BY seq LIMIT 1", (floor,)
        ).fetchone()
        if row is None:
            return found
        span = tills.TillRange(tills.till_of(int(row[0])))
        last = conn.execute(
            "SELECT max(seq) FROM journal WHERE seq > ? AND seq <= ?", (span.low, span.high)
        ).fetchone()[0]
        found.append((int(row[0]), int(last)))
        floor = span.high


# -- verification -----------------------------------------------------------------------


def trigger_names(conn: Executor) -> set[str]:
    return {
        str(r[0]) for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
    }


def structure_problems(conn: Executor) -> list[str]:
    """Missing protection triggers, and a sequence that does not start at 1. (Gaps inside
    the sequence are found while the chain is read, which costs nothing extra.)"""
    found = []
    present = trigger_names(conn)
    for trigger in TRIGGERS:
        if trigger not in present:
            found.append(
                _("{table}: the protection trigger {trigger} was removed").format(
                    table="journal", trigger=trigger
                )
            )
    for first, _last in chains(conn):
        start = tills.TillRange(tills.till_of(first)).low + 1
        if first != start:
            found.append(
                _("journal: the sequence starts at {first}, not {start}").format(
                    first=first, start=start
                )
            )
    return found


def chain_problems(conn: Executor, first: int | None = None, last: int | None = None) -> list[str]:
    """Recompute the hash of every row in [first, last] (one till's; every till's chain
    without a range) and check each row links to the one before it. Each row is checked
    against its stored predecessor, so ranges can be checked in parallel; together with the
    links that proves the whole chain."""
    if first is None:
        return [p for start, end in chains(conn) for p in chain_problems(conn, start, end)]
    found: list[str] = []
    if not _starts_chain(first):
        row = conn.execute("SELECT hash FROM journal WHERE seq = ?", (first - 1,)).fetchone()
        expected = bytes(row[0]) if row else None
    else:
        expected = GENESIS
    upper = last if last is not None else 2**62
    sha256 = hashlib.sha256
    cursor = conn.execute(
        "SELECT seq, prev_hash, content, hash FROM journal WHERE seq BETWEEN ? AND ? ORDER BY seq",
        (first, upper),
    )
    next_seq = first
    # apsw builds each row in C as the cursor is walked (batching the rows in Python only adds
    # work), and a row that is in order costs one test: the chain is the whole file.
    for seq, prev_hash, content, stored in cursor:
        if (
            seq != next_seq
            or prev_hash != expected
            or sha256(prev_hash + content).digest() != stored
        ):
            found += _row_problems(seq, next_seq, prev_hash, expected, content, stored)
        next_seq = seq + 1
        expected = stored
    return found


def _row_problems(
    seq: int,
    next_seq: int,
    prev_hash: bytes,
    expected: bytes | None,
    content: bytes,
    stored: bytes,
) -> list[str]:
    """What is wrong with journal row `seq`, read when `next_seq` was due after `expected`."""
    found: list[str] = []
    if seq != next_seq and not _starts_chain(next_seq):
        found.extend(
            _("journal: sequence {seq} is missing").format(seq=missing)
            for missing in range(next_seq, min(seq, next_seq + 20))
        )
    if prev_hash != expected:
        found.append(
            _("journal: sequence {seq} does not follow on from sequence {before}").format(
                seq=seq, before=seq - 1
            )
        )
    if hashlib.sha256(prev_hash + content).digest() != stored:
        found.append(_("journal: sequence {seq} was changed after it was written").format(seq=seq))
    return found


def record_problems(conn: Executor, first: int = 1, last: int | None = None) -> list[str]:
    """Re-derive each journaled record from its source row and compare."""
    found: list[str] = []
    upper = last if last is not None else 2**62
    for source in SOURCES.values():
        if first == 1:
            found += _unjournaled(conn, source)
        if source.mutable:
            continue  # the newest entry of each row is compared, once: `latest_problems`
        recomputed = _content_sql(source, "j.", "j.source_id")
        rows = conn.execute(
            f"""
            SELECT j.seq, j.source_id,
                   EXISTS (SELECT 1 FROM {source.table} s WHERE s.id = j.source_id)
            FROM journal j
            WHERE j.kind = ? AND j.seq BETWEEN ? AND ? AND j.content IS NOT {recomputed}
            ORDER BY j.seq
            """,
            (source.kind, first, upper),
        )
        for seq, source_id, exists in rows:
            if exists:
                found.append(
                    _("{table} row {row} differs from what journal sequence {seq} recorded").format(
                        table=source.table, row=source_id, seq=seq
                    )
                )
            else:
                found.append(
                    _("{table} row {row} (journal sequence {seq}) was deleted").format(
                        table=source.table, row=source_id, seq=seq
                    )
                )
    return found


def _unjournaled(conn: Executor, source: JournalSource) -> list[str]:
    """Rows that should be journaled and are not: added outside Duka."""
    rows = conn.execute(
        f"""
        SELECT s.{source.id_column}, {source.label_sql or "''"} FROM {source.table} s
        WHERE {source.journaled_rows or "1"} AND NOT EXISTS (
            SELECT 1 FROM journal j WHERE j.kind = ? AND j.source_id = s.{source.id_column})
        ORDER BY s.{source.id_column} LIMIT 50
        """,
        (source.kind,),
    )
    return [
        _("{table} row {row} was added outside Duka (it is not in the journal)").format(
            table=source.table, row=_named(source_id, label)
        )
        for source_id, label in rows
    ]


def _named(source_id: int, label: object) -> str:
    return f"{source_id} ({label})" if label not in (None, "") else str(source_id)


def latest_problems(conn: Executor) -> list[str]:
    """Each record that may change against its newest journal entry: an edit, or a
    deletion, made outside Duka shows as a difference."""
    found: list[str] = []
    for source in SOURCES.values():
        if not source.mutable:
            continue
        recomputed = _content_sql(source, "j.", "j.source_id")
        label = source.label_sql or "NULL"
        rows = conn.execute(
            f"""
            SELECT j.seq, j.source_id,
                   (SELECT {label} FROM {source.table} s
                    WHERE s.{source.id_column} = j.source_id),
                   EXISTS (SELECT 1 FROM {source.table} s
                           WHERE s.{source.id_column} = j.source_id)
            FROM journal j
            WHERE j.kind = ? AND j.seq = (SELECT max(k.seq) FROM journal k
                                          WHERE k.kind = j.kind AND k.source_id = j.source_id)
              AND j.content IS NOT {recomputed}
            ORDER BY j.seq LIMIT 50
            """,
            (source.kind,),
        )
        for seq, source_id, name, exists in rows:
            if exists:
                found.append(
                    _(
                        "{table} row {row} was changed outside Duka (it differs from what "
                        "journal sequence {seq} recorded)"
                    ).format(table=source.table, row=_named(source_id, name), seq=seq)
                )
            else:
                found.append(
                    _("{table} row {row} (journal sequence {seq}) was deleted outside Duka").format(
                        table=source.table, row=source_id, seq=seq
                    )
                )
    return found


def _starts_chain(seq: int) -> bool:
    """Whether `seq` is the first of a till's chain (whose predecessor is the genesis)."""
    return tills.local_number(seq) == 1


def ranges(spans: Sequence[tuple[int, int]], parts: int) -> Iterator[tuple[int, int]]:
    """Split the chains `spans` (first, last) into about `parts` contiguous ranges, none
    across two tills' chains."""
    total = sum(last - first + 1 for first, last in spans)
    size = max(1, -(-total // max(1, parts)))
    for first, last in spans:
        start = first
        while start <= last:
            yield start, min(last, start + size - 1)
            start += size


def verify_range(
    path: str, first: int, last: int, records: bool = True, language: str | None = None
) -> list[str]:
    """Chain (and record) checks of one range, on a connection of its own (a worker's),
    saying what it finds in `language` (a fresh worker process has not chosen one)."""
    if language is not None:
        set_language(language)
    conn = open_read_only(Path(path))
    # Reading the file through a memory map saves copying every page into SQLite's cache.
    conn.execute("PRAGMA mmap_size = 1073741824")
    try:
        found = chain_problems(conn, first, last)
        return found + record_problems(conn, first, last) if records else found
    finally:
        conn.close()


def content_sql_for_rows(source: JournalSource) -> str:
    """The canonical content over journal rows aliased `j` (for bulk writers and checks)."""
    return _content_sql(source, "j.", "j.source_id")
