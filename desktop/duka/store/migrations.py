"""The schema, as an append-only list of sqlite-utils migrations.

Never edit or reorder a migration that has shipped: add a new one at the end. Every table is
STRICT. Money columns hold integer minor units of the shop's currency; quantities hold
integer thousandths; times are ISO 8601 UTC text; `*_by` columns name the acting user.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations

APPLICATION_ID = 0x44554B41  # "DUKA" in the file header: marks the file as a Duka shop
MIGRATION_SET = "duka"
MIGRATIONS_TABLE = "_sqlite_migrations"  # sqlite-utils' own bookkeeping table

Step = Callable[["Database"], None]
_steps: list[tuple[str, Step]] = []


def migration(name: str) -> Callable[[Step], Step]:
    """Register the next migration; its position in this file is its version."""

    def register(step: Step) -> Step:
        _steps.append((name, step))
        return step

    return register


def migrations() -> Migrations:
    """The sqlite-utils migration set. sqlite-utils is imported only here, when a shop
    actually needs migrating, so an ordinary start does not pay for it."""
    from sqlite_utils.migrations import Migrations

    found = Migrations(MIGRATION_SET)
    for name, step in _steps:
        found(name=name)(step)
    return found


@migration("0001_settings")
def _settings(db: Database) -> None:
    db.execute(
        """
        CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value ANY NOT NULL,
            updated_at TEXT NOT NULL,
            updated_by TEXT
        ) STRICT
        """
    )


@migration("0002_products_customers")
def _products_customers(db: Database) -> None:
    db.execute(
        """
        CREATE TABLE categories (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            parent_id INTEGER REFERENCES categories(id),
            created_at TEXT NOT NULL,
            created_by TEXT
        ) STRICT
        """
    )
    db.execute(
        """
        CREATE TABLE products (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL CHECK (length(trim(name)) > 0),
            sku TEXT UNIQUE,
            category_id INTEGER REFERENCES categories(id),
            unit TEXT NOT NULL DEFAULT 'piece',
            sell_price INTEGER NOT NULL CHECK (sell_price >= 0),
            cost_price INTEGER NOT NULL DEFAULT 0 CHECK (cost_price >= 0),
            tax_code TEXT,
            reorder_level INTEGER NOT NULL DEFAULT 0,
            active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
            notes TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            created_by TEXT,
            updated_at TEXT NOT NULL,
            updated_by TEXT
        ) STRICT
        """
    )
    db.execute("CREATE INDEX products_category ON products(category_id)")
    db.execute(
        """
        CREATE TABLE barcodes (
            code TEXT PRIMARY KEY,
            product_id INTEGER NOT NULL REFERENCES products(id)
        ) STRICT, WITHOUT ROWID
        """
    )
    db.execute("CREATE INDEX barcodes_product ON barcodes(product_id)")
    db.execute(
        """
        CREATE TABLE customers (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL CHECK (length(trim(name)) > 0),
            phone TEXT NOT NULL DEFAULT '',
            email TEXT NOT NULL DEFAULT '',
            address TEXT NOT NULL DEFAULT '',
            tax_id TEXT NOT NULL DEFAULT '',
            language TEXT,
            credit_limit INTEGER NOT NULL DEFAULT 0 CHECK (credit_limit >= 0),
            notes TEXT NOT NULL DEFAULT '',
            active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
            created_at TEXT NOT NULL,
            created_by TEXT,
            updated_at TEXT NOT NULL,
            updated_by TEXT
        ) STRICT
        """
    )
    db.execute("CREATE INDEX customers_phone ON customers(phone)")


@migration("0003_accountability")
def _accountability(db: Database) -> None:
    db.execute(
        """
        CREATE TABLE users (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL COLLATE NOCASE UNIQUE CHECK (length(trim(name)) > 0),
            role TEXT NOT NULL CHECK (role IN ('owner', 'manager', 'cashier')),
            pin_hash TEXT NOT NULL,
            active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
            failed_pins INTEGER NOT NULL DEFAULT 0,
            lockouts INTEGER NOT NULL DEFAULT 0,
            locked_until TEXT,
            last_sign_in TEXT,
            created_at TEXT NOT NULL,
            created_by TEXT,
            updated_at TEXT NOT NULL,
            updated_by TEXT
        ) STRICT
        """
    )
    # Wrong PINs that matched nobody: counted for the whole shop file, one row.
    db.execute(
        """
        CREATE TABLE sign_in_guard (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            failed_pins INTEGER NOT NULL DEFAULT 0,
            lockouts INTEGER NOT NULL DEFAULT 0,
            locked_until TEXT
        ) STRICT
        """
    )
    db.execute("INSERT INTO sign_in_guard (id) VALUES (1)")
    db.execute(
        """
        CREATE TABLE audit (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            user_id INTEGER REFERENCES users(id),
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            subject TEXT NOT NULL DEFAULT '',
            before TEXT,
            after TEXT,
            approved_by INTEGER REFERENCES users(id),
            outcome TEXT NOT NULL DEFAULT 'done' CHECK (outcome IN ('done', 'denied'))
        ) STRICT
        """
    )
    db.execute("CREATE INDEX audit_at ON audit(at)")
    db.execute("CREATE INDEX audit_action ON audit(action, at)")
    db.execute("CREATE INDEX audit_actor ON audit(actor, at)")
    db.execute(
        """
        CREATE TABLE journal (
            seq INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            kind TEXT NOT NULL,
            source_table TEXT NOT NULL,
            source_id INTEGER NOT NULL,
            user_id INTEGER REFERENCES users(id),
            actor TEXT NOT NULL,
            content BLOB NOT NULL,
            prev_hash BLOB NOT NULL CHECK (length(prev_hash) = 32),
            hash BLOB NOT NULL CHECK (length(hash) = 32)
        ) STRICT
        """
    )
    db.execute("CREATE UNIQUE INDEX journal_source ON journal(kind, source_id)")
    for table in ("journal", "audit"):
        for event in ("UPDATE", "DELETE"):
            db.execute(
                f"""
                CREATE TRIGGER {table}_no_{event.lower()} BEFORE {event} ON {table}
                BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END
                """
            )


@migration("0004_inventory")
def _inventory(db: Database) -> None:
    db.execute("DROP INDEX products_category")
    # Covering indexes: the products list pages through a million rows by offset, which
    # only stays fast when the index alone answers "which ids come at position N".
    db.execute("CREATE INDEX products_name ON products(active, name COLLATE NOCASE, id)")
    db.execute("CREATE INDEX products_price ON products(active, sell_price, id)")
    db.execute("CREATE INDEX products_code ON products(active, sku, id)")
    db.execute(
        "CREATE INDEX products_category ON products(category_id, active, name COLLATE NOCASE, id)"
    )
    db.execute(
        "CREATE UNIQUE INDEX categories_name "
        "ON categories(ifnull(parent_id, 0), name COLLATE NOCASE)"
    )
    db.execute("ALTER TABLE barcodes ADD COLUMN quantity INTEGER NOT NULL DEFAULT 1000")
    db.execute(
        """
        CREATE VIRTUAL TABLE products_fts USING fts5(
            name, sku, content='products', content_rowid='id',
            tokenize='unicode61 remove_diacritics 2', prefix='2 3'
        )
        """
    )
    # Kept up to date by products_repo, not by triggers: FTS5 flushes its pending terms at
    # every statement savepoint, and a trigger opens one per row, which made a 100,000-row
    # import eight times slower.
    db.execute("INSERT INTO products_fts (products_fts) VALUES ('rebuild')")

    db.execute(
        """
        CREATE TABLE stock_movements (
            id INTEGER PRIMARY KEY,
            product_id INTEGER NOT NULL REFERENCES products(id),
            kind TEXT NOT NULL CHECK (kind IN (
                'opening', 'receive', 'sale', 'return', 'adjust', 'count', 'write_off')),
            quantity INTEGER NOT NULL,
            unit_cost INTEGER NOT NULL CHECK (unit_cost >= 0),
            reason TEXT NOT NULL DEFAULT '',
            document TEXT NOT NULL DEFAULT '',
            at TEXT NOT NULL,
            user_id INTEGER REFERENCES users(id),
            actor TEXT NOT NULL
        ) STRICT
        """
    )
    db.execute("CREATE INDEX stock_movements_product ON stock_movements(product_id, id)")
    db.execute("CREATE INDEX stock_movements_document ON stock_movements(document)")
    # The cached level: kept by a trigger in the same transaction as each movement, and
    # proved equal to the ledger by `duka verify`.
    db.execute(
        """
        CREATE TABLE stock_levels (
            product_id INTEGER PRIMARY KEY REFERENCES products(id),
            quantity INTEGER NOT NULL
        ) STRICT
        """
    )
    db.execute(
        """
        CREATE TRIGGER stock_movements_level AFTER INSERT ON stock_movements BEGIN
            INSERT INTO stock_levels (product_id, quantity) VALUES (new.product_id, new.quantity)
            ON CONFLICT (product_id) DO UPDATE SET quantity = quantity + excluded.quantity;
        END
        """
    )

    db.execute(
        """
        CREATE TABLE suppliers (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL CHECK (length(trim(name)) > 0),
            phone TEXT NOT NULL DEFAULT '',
            tax_id TEXT NOT NULL DEFAULT '',
            notes TEXT NOT NULL DEFAULT '',
            active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
            created_at TEXT NOT NULL,
            created_by TEXT,
            updated_at TEXT NOT NULL,
            updated_by TEXT
        ) STRICT
        """
    )
    db.execute(
        """
        CREATE TABLE counters (
            series TEXT PRIMARY KEY,
            period TEXT NOT NULL DEFAULT '',
            next INTEGER NOT NULL CHECK (next >= 1)
        ) STRICT
        """
    )
    db.execute(
        """
        CREATE TABLE goods_received (
            id INTEGER PRIMARY KEY,
            number TEXT NOT NULL UNIQUE,
            supplier_id INTEGER NOT NULL REFERENCES suppliers(id),
            reference TEXT NOT NULL DEFAULT '',
            paid INTEGER NOT NULL CHECK (paid IN (0, 1)),
            total INTEGER NOT NULL CHECK (total >= 0),
            notes TEXT NOT NULL DEFAULT '',
            at TEXT NOT NULL,
            user_id INTEGER REFERENCES users(id),
            actor TEXT NOT NULL
        ) STRICT
        """
    )
    db.execute("CREATE INDEX goods_received_supplier ON goods_received(supplier_id, at)")
    db.execute(
        """
        CREATE TABLE goods_received_lines (
            id INTEGER PRIMARY KEY,
            receipt_id INTEGER NOT NULL REFERENCES goods_received(id),
            product_id INTEGER NOT NULL REFERENCES products(id),
            quantity INTEGER NOT NULL CHECK (quantity > 0),
            unit_cost INTEGER NOT NULL CHECK (unit_cost >= 0),
            total INTEGER NOT NULL CHECK (total >= 0)
        ) STRICT
        """
    )
    db.execute("CREATE INDEX goods_received_lines_receipt ON goods_received_lines(receipt_id, id)")
    db.execute(
        """
        CREATE TABLE supplier_payments (
            id INTEGER PRIMARY KEY,
            number TEXT NOT NULL UNIQUE,
            supplier_id INTEGER NOT NULL REFERENCES suppliers(id),
            amount INTEGER NOT NULL CHECK (amount > 0),
            method TEXT NOT NULL CHECK (method IN ('cash', 'bank', 'mobile', 'card', 'other')),
            reference TEXT NOT NULL DEFAULT '',
            at TEXT NOT NULL,
            user_id INTEGER REFERENCES users(id),
            actor TEXT NOT NULL
        ) STRICT
        """
    )
    # What the shop owes each supplier: + goods received on credit, - payments.
    db.execute(
        """
        CREATE TABLE supplier_ledger (
            id INTEGER PRIMARY KEY,
            supplier_id INTEGER NOT NULL REFERENCES suppliers(id),
            kind TEXT NOT NULL CHECK (kind IN ('received', 'payment', 'opening', 'adjustment')),
            amount INTEGER NOT NULL,
            document TEXT NOT NULL DEFAULT '',
            note TEXT NOT NULL DEFAULT '',
            at TEXT NOT NULL,
            user_id INTEGER REFERENCES users(id),
            actor TEXT NOT NULL
        ) STRICT
        """
    )
    db.execute("CREATE INDEX supplier_ledger_supplier ON supplier_ledger(supplier_id, at, id)")
    for table in (
        "stock_movements",
        "supplier_ledger",
        "goods_received",
        "goods_received_lines",
        "supplier_payments",
    ):
        for event in ("UPDATE", "DELETE"):
            db.execute(
                f"""
                CREATE TRIGGER {table}_no_{event.lower()} BEFORE {event} ON {table}
                BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END
                """
            )


@migration("0005_product_counts")
def _product_counts(db: Database) -> None:
    # How many products are active and archived, kept by products_repo: counting a million
    # rows cost the products list 20 ms of its first paint. `duka verify` checks it.
    db.execute(
        "CREATE TABLE product_counts (active INTEGER PRIMARY KEY, n INTEGER NOT NULL) STRICT"
    )
    db.execute(
        "INSERT INTO product_counts (active, n) "
        "SELECT 0, (SELECT count(*) FROM products WHERE active = 0) "
        "UNION ALL SELECT 1, (SELECT count(*) FROM products WHERE active = 1)"
    )
    # One-letter prefixes indexed too: the first key typed in the search box otherwise
    # scanned the whole index (hundreds of ms on a million products).
    db.execute("DROP TABLE products_fts")
    db.execute(
        """
        CREATE VIRTUAL TABLE products_fts USING fts5(
            name, sku, content='products', content_rowid='id',
            tokenize='unicode61 remove_diacritics 2', prefix='1 2 3'
        )
        """
    )
    db.execute("INSERT INTO products_fts (products_fts) VALUES ('rebuild')")


def _append_only(db: Database, *tables: str) -> None:
    """Triggers that refuse any change or deletion of these tables' rows (`duka verify`
    reports a trigger that was removed)."""
    for table in tables:
        for event in ("UPDATE", "DELETE"):
            db.execute(
                f"""
                CREATE TRIGGER {table}_no_{event.lower()} BEFORE {event} ON {table}
                BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END
                """
            )


@migration("0006_sales")
def _sales(db: Database) -> None:
    # A completed sale is a document the law cares about: written once, with its lines,
    # taxes and payments, in the transaction that takes its number; never changed after.
    db.execute(
        """
        CREATE TABLE sales (
            id INTEGER PRIMARY KEY,
            number TEXT NOT NULL UNIQUE,
            at TEXT NOT NULL,
            user_id INTEGER REFERENCES users(id),
            actor TEXT NOT NULL,
            customer_id INTEGER REFERENCES customers(id),
            session_id INTEGER,
            currency TEXT NOT NULL,
            mode TEXT NOT NULL CHECK (mode IN ('inclusive', 'exclusive')),
            net INTEGER NOT NULL,
            tax INTEGER NOT NULL,
            gross INTEGER NOT NULL,
            discount INTEGER NOT NULL DEFAULT 0,
            rounding INTEGER NOT NULL DEFAULT 0,
            change INTEGER NOT NULL DEFAULT 0 CHECK (change >= 0),
            approved_by TEXT
        ) STRICT
        """
    )
    db.execute("CREATE INDEX sales_at ON sales(at)")
    db.execute("CREATE INDEX sales_customer ON sales(customer_id, at)")
    db.execute(
        """
        CREATE TABLE sale_lines (
            id INTEGER PRIMARY KEY,
            sale_id INTEGER NOT NULL REFERENCES sales(id),
            product_id INTEGER NOT NULL REFERENCES products(id),
            name TEXT NOT NULL,
            unit TEXT NOT NULL,
            quantity INTEGER NOT NULL CHECK (quantity > 0),
            unit_price INTEGER NOT NULL CHECK (unit_price >= 0),
            list_price INTEGER NOT NULL CHECK (list_price >= 0),
            discount INTEGER NOT NULL DEFAULT 0,
            amount INTEGER NOT NULL,
            tax_code TEXT,
            unit_cost INTEGER NOT NULL DEFAULT 0
        ) STRICT
        """
    )
    db.execute("CREATE INDEX sale_lines_sale ON sale_lines(sale_id)")
    db.execute("CREATE INDEX sale_lines_product ON sale_lines(product_id, sale_id)")
    db.execute(
        """
        CREATE TABLE sale_taxes (
            sale_id INTEGER NOT NULL REFERENCES sales(id),
            tax_code TEXT NOT NULL,
            name TEXT NOT NULL,
            percent TEXT NOT NULL,
            exempt INTEGER NOT NULL CHECK (exempt IN (0, 1)),
            net INTEGER NOT NULL,
            tax INTEGER NOT NULL,
            gross INTEGER NOT NULL,
            PRIMARY KEY (sale_id, tax_code)
        ) STRICT, WITHOUT ROWID
        """
    )
    db.execute(
        """
        CREATE TABLE sale_payments (
            id INTEGER PRIMARY KEY,
            sale_id INTEGER NOT NULL REFERENCES sales(id),
            method TEXT NOT NULL
                CHECK (method IN ('cash', 'card', 'mobile', 'account', 'exchange')),
            amount INTEGER NOT NULL,
            tendered INTEGER NOT NULL,
            provider TEXT NOT NULL DEFAULT '',
            reference TEXT NOT NULL DEFAULT ''
        ) STRICT
        """
    )
    db.execute("CREATE INDEX sale_payments_sale ON sale_payments(sale_id)")
    _append_only(db, "sales", "sale_lines", "sale_taxes", "sale_payments")
    # Sales being built and parked ones: saved at every change so that a crash or a power
    # cut loses nothing; not documents, so they change and go.
    db.execute(
        """
        CREATE TABLE carts (
            id INTEGER PRIMARY KEY,
            state TEXT NOT NULL CHECK (state IN ('open', 'parked')),
            user_id INTEGER REFERENCES users(id),
            actor TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            content TEXT NOT NULL
        ) STRICT
        """
    )


@migration("0007_refunds")
def _refunds(db: Database) -> None:
    # A refund is a document of its own that points at the sale; the sale never changes.
    db.execute(
        """
        CREATE TABLE refunds (
            id INTEGER PRIMARY KEY,
            number TEXT NOT NULL UNIQUE,
            sale_id INTEGER NOT NULL REFERENCES sales(id),
            at TEXT NOT NULL,
            user_id INTEGER REFERENCES users(id),
            actor TEXT NOT NULL,
            currency TEXT NOT NULL,
            mode TEXT NOT NULL CHECK (mode IN ('inclusive', 'exclusive')),
            net INTEGER NOT NULL,
            tax INTEGER NOT NULL,
            gross INTEGER NOT NULL CHECK (gross >= 0),
            reason TEXT NOT NULL DEFAULT '',
            approved_by TEXT
        ) STRICT
        """
    )
    db.execute("CREATE INDEX refunds_sale ON refunds(sale_id)")
    db.execute("CREATE INDEX refunds_at ON refunds(at)")
    db.execute(
        """
        CREATE TABLE refund_lines (
            id INTEGER PRIMARY KEY,
            refund_id INTEGER NOT NULL REFERENCES refunds(id),
            sale_line_id INTEGER NOT NULL REFERENCES sale_lines(id),
            product_id INTEGER NOT NULL REFERENCES products(id),
            quantity INTEGER NOT NULL CHECK (quantity > 0),
            amount INTEGER NOT NULL CHECK (amount >= 0),
            restock INTEGER NOT NULL CHECK (restock IN (0, 1))
        ) STRICT
        """
    )
    db.execute("CREATE INDEX refund_lines_refund ON refund_lines(refund_id)")
    db.execute("CREATE INDEX refund_lines_sale_line ON refund_lines(sale_line_id)")
    db.execute(
        """
        CREATE TABLE refund_taxes (
            refund_id INTEGER NOT NULL REFERENCES refunds(id),
            tax_code TEXT NOT NULL,
            name TEXT NOT NULL,
            percent TEXT NOT NULL,
            exempt INTEGER NOT NULL CHECK (exempt IN (0, 1)),
            net INTEGER NOT NULL,
            tax INTEGER NOT NULL,
            gross INTEGER NOT NULL,
            PRIMARY KEY (refund_id, tax_code)
        ) STRICT, WITHOUT ROWID
        """
    )
    db.execute(
        """
        CREATE TABLE refund_payments (
            id INTEGER PRIMARY KEY,
            refund_id INTEGER NOT NULL REFERENCES refunds(id),
            method TEXT NOT NULL
                CHECK (method IN ('cash', 'card', 'mobile', 'account', 'exchange')),
            amount INTEGER NOT NULL CHECK (amount >= 0),
            provider TEXT NOT NULL DEFAULT '',
            reference TEXT NOT NULL DEFAULT ''
        ) STRICT
        """
    )
    db.execute("CREATE INDEX refund_payments_refund ON refund_payments(refund_id)")
    _append_only(db, "refunds", "refund_lines", "refund_taxes", "refund_payments")


@migration("0008_cash_sessions")
def _cash_sessions(db: Database) -> None:
    # A session is the drawer from opening (with a float) to closing (counted); what happens
    # to the cash meanwhile is a list of append-only, journaled events.
    db.execute(
        """
        CREATE TABLE cash_sessions (
            id INTEGER PRIMARY KEY,
            opened_at TEXT NOT NULL,
            opened_by TEXT NOT NULL,
            closed_at TEXT,
            state TEXT NOT NULL CHECK (state IN ('open', 'closed'))
        ) STRICT
        """
    )
    db.execute(
        "CREATE UNIQUE INDEX cash_sessions_one_open ON cash_sessions(state) WHERE state = 'open'"
    )
    db.execute(
        """
        CREATE TABLE cash_events (
            id INTEGER PRIMARY KEY,
            session_id INTEGER NOT NULL REFERENCES cash_sessions(id),
            kind TEXT NOT NULL CHECK (kind IN ('open', 'pay_in', 'pay_out', 'close')),
            amount INTEGER NOT NULL,
            reason TEXT NOT NULL DEFAULT '',
            details TEXT NOT NULL DEFAULT '',
            at TEXT NOT NULL,
            user_id INTEGER REFERENCES users(id),
            actor TEXT NOT NULL
        ) STRICT
        """
    )
    db.execute("CREATE INDEX cash_events_session ON cash_events(session_id, id)")
    db.execute("ALTER TABLE refunds ADD COLUMN session_id INTEGER REFERENCES cash_sessions(id)")
    db.execute("CREATE INDEX sales_session ON sales(session_id)")
    _append_only(db, "cash_events")


@migration("0009_customer_ledger")
def _customer_ledger(db: Database) -> None:
    # A customer's account: append-only, journaled entries (+ owes more, - owes less) and the
    # allocations that say which credit settled which debt. Balances and what is still open
    # are caches kept by triggers in the entry's transaction; `duka verify` re-derives them.
    db.execute(
        """
        CREATE TABLE customer_ledger (
            id INTEGER PRIMARY KEY,
            customer_id INTEGER NOT NULL REFERENCES customers(id),
            kind TEXT NOT NULL CHECK (kind IN ('opening', 'sale', 'payment', 'refund',
                'adjustment', 'store_credit', 'invoice', 'credit_note')),
            amount INTEGER NOT NULL CHECK (amount != 0),
            document TEXT NOT NULL DEFAULT '',
            method TEXT NOT NULL DEFAULT '',
            note TEXT NOT NULL DEFAULT '',
            session_id INTEGER REFERENCES cash_sessions(id),
            at TEXT NOT NULL,
            user_id INTEGER REFERENCES users(id),
            actor TEXT NOT NULL
        ) STRICT
        """
    )
    db.execute("CREATE INDEX customers_name ON customers(active DESC, name COLLATE NOCASE, id)")
    db.execute("CREATE INDEX customer_ledger_customer ON customer_ledger(customer_id, at, id)")
    db.execute("CREATE INDEX customer_ledger_document ON customer_ledger(document)")
    db.execute(
        "CREATE INDEX customer_ledger_session ON customer_ledger(session_id) "
        "WHERE session_id IS NOT NULL"
    )
    db.execute(
        """
        CREATE TABLE customer_allocations (
            id INTEGER PRIMARY KEY,
            entry_id INTEGER NOT NULL REFERENCES customer_ledger(id),
            debit_id INTEGER NOT NULL REFERENCES customer_ledger(id),
            credit_id INTEGER NOT NULL REFERENCES customer_ledger(id),
            amount INTEGER NOT NULL CHECK (amount > 0)
        ) STRICT
        """
    )
    db.execute("CREATE INDEX customer_allocations_entry ON customer_allocations(entry_id)")
    db.execute("CREATE INDEX customer_allocations_debit ON customer_allocations(debit_id)")
    db.execute("CREATE INDEX customer_allocations_credit ON customer_allocations(credit_id)")
    _append_only(db, "customer_ledger", "customer_allocations")
    db.execute(
        """
        CREATE TABLE customer_balances (
            customer_id INTEGER PRIMARY KEY REFERENCES customers(id),
            balance INTEGER NOT NULL,
            entries INTEGER NOT NULL
        ) STRICT
        """
    )
    # Debts not fully paid (open > 0) and credit not yet spent (open < 0), one row each.
    db.execute(
        """
        CREATE TABLE customer_open (
            entry_id INTEGER PRIMARY KEY REFERENCES customer_ledger(id),
            customer_id INTEGER NOT NULL,
            at TEXT NOT NULL,
            open INTEGER NOT NULL
        ) STRICT
        """
    )
    # One index for the receivables list (it reads the debts' amounts from the index alone);
    # one each for a customer's open debts and open credits, oldest first, so that settling
    # reads only the few items it settles, however many a long account holds.
    db.execute(
        "CREATE INDEX customer_open_customer ON customer_open(customer_id, at, open) WHERE open > 0"
    )
    db.execute("CREATE INDEX customer_open_debts ON customer_open(customer_id, at) WHERE open > 0")
    db.execute(
        "CREATE INDEX customer_open_credits ON customer_open(customer_id, at) WHERE open < 0"
    )
    # The receivables list: who owes, most first, from the balances alone; and the shop's
    # debts by age, summed over a range of days.
    db.execute(
        "CREATE INDEX customer_balances_owing ON customer_balances(balance DESC, customer_id) "
        "WHERE balance > 0"
    )
    db.execute("CREATE INDEX customer_open_at ON customer_open(at, open) WHERE open > 0")
    db.execute(
        """
        CREATE TRIGGER customer_ledger_caches AFTER INSERT ON customer_ledger BEGIN
            INSERT INTO customer_balances (customer_id, balance, entries)
            VALUES (new.customer_id, new.amount, 1)
            ON CONFLICT (customer_id) DO UPDATE SET balance = balance + new.amount,
                entries = entries + 1;
            INSERT INTO customer_open (entry_id, customer_id, at, open)
            VALUES (new.id, new.customer_id, new.at, new.amount);
        END
        """
    )
    db.execute(
        """
        CREATE TRIGGER customer_allocations_open AFTER INSERT ON customer_allocations BEGIN
            UPDATE customer_open SET open = open - new.amount WHERE entry_id = new.debit_id;
            UPDATE customer_open SET open = open + new.amount WHERE entry_id = new.credit_id;
            DELETE FROM customer_open WHERE entry_id IN (new.debit_id, new.credit_id)
                AND open = 0;
        END
        """
    )
    # What was put on or paid back to accounts before the ledger existed, oldest first.
    from duka.store import ledger_repo

    rows = db.execute(
        """
        SELECT * FROM (
            SELECT s.customer_id, 'sale', p.amount, s.number, s.at, s.user_id, s.actor, p.id
            FROM sale_payments p JOIN sales s ON s.id = p.sale_id
            WHERE p.method = 'account' AND s.customer_id IS NOT NULL
            UNION ALL
            SELECT s.customer_id, 'refund', -p.amount, f.number, f.at, f.user_id, f.actor, p.id
            FROM refund_payments p JOIN refunds f ON f.id = p.refund_id
            JOIN sales s ON s.id = f.sale_id
            WHERE p.method = 'account' AND s.customer_id IS NOT NULL
        ) ORDER BY 5, 8
        """
    ).fetchall()
    for customer, kind, amount, number, at, user, actor, _id in rows:
        ledger_repo.post(
            db.conn,
            ledger_repo.NewEntry(customer, kind, amount, number, at=at, user_id=user, actor=actor),
        )


@migration("0010_invoices")
def _invoices(db: Database) -> None:
    # Quotes, invoices and credit notes share one table. A draft (no number) may change or
    # go; issuing gives it its number (seq in its series and period), fixes its totals and the
    # parties' details as they were that day, and from then on triggers refuse any change.
    db.execute(
        """
        CREATE TABLE invoices (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('quote', 'invoice', 'credit_note')),
            state TEXT NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'issued')),
            number TEXT UNIQUE,
            seq INTEGER,
            period TEXT,
            customer_id INTEGER REFERENCES customers(id),
            language TEXT NOT NULL DEFAULT '',
            currency TEXT NOT NULL,
            mode TEXT NOT NULL CHECK (mode IN ('inclusive', 'exclusive')),
            issue_date TEXT,
            due_date TEXT,
            terms_days INTEGER NOT NULL DEFAULT 0 CHECK (terms_days >= 0),
            reference TEXT NOT NULL DEFAULT '',
            notes TEXT NOT NULL DEFAULT '',
            discount INTEGER NOT NULL DEFAULT 0 CHECK (discount >= 0),
            net INTEGER NOT NULL DEFAULT 0,
            tax INTEGER NOT NULL DEFAULT 0,
            gross INTEGER NOT NULL DEFAULT 0,
            source_id INTEGER REFERENCES invoices(id),
            sale_id INTEGER REFERENCES sales(id),
            restock INTEGER NOT NULL DEFAULT 0 CHECK (restock IN (0, 1)),
            ledger_entry_id INTEGER REFERENCES customer_ledger(id),
            bill_name TEXT NOT NULL DEFAULT '',
            bill_address TEXT NOT NULL DEFAULT '',
            bill_phone TEXT NOT NULL DEFAULT '',
            bill_email TEXT NOT NULL DEFAULT '',
            bill_tax_id TEXT NOT NULL DEFAULT '',
            seller_name TEXT NOT NULL DEFAULT '',
            seller_address TEXT NOT NULL DEFAULT '',
            seller_phone TEXT NOT NULL DEFAULT '',
            seller_tax_id TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            updated_by TEXT NOT NULL,
            issued_at TEXT,
            user_id INTEGER REFERENCES users(id),
            actor TEXT NOT NULL DEFAULT '',
            CHECK ((state = 'draft') = (number IS NULL)),
            CHECK (state = 'draft' OR (seq > 0 AND issue_date IS NOT NULL
                AND issued_at IS NOT NULL))
        ) STRICT
        """
    )
    db.execute("CREATE INDEX invoices_list ON invoices(kind, issue_date)")
    db.execute("CREATE INDEX invoices_customer ON invoices(customer_id, issue_date)")
    db.execute("CREATE INDEX invoices_source ON invoices(source_id) WHERE source_id IS NOT NULL")
    db.execute("CREATE UNIQUE INDEX invoices_series ON invoices(kind, period, seq)")
    # A sale is made into one tax invoice at most.
    db.execute(
        "CREATE UNIQUE INDEX invoices_sale ON invoices(sale_id) "
        "WHERE sale_id IS NOT NULL AND kind = 'invoice'"
    )
    db.execute(
        """
        CREATE TABLE invoice_lines (
            id INTEGER PRIMARY KEY,
            invoice_id INTEGER NOT NULL REFERENCES invoices(id),
            position INTEGER NOT NULL,
            product_id INTEGER REFERENCES products(id),
            description TEXT NOT NULL CHECK (length(trim(description)) > 0),
            unit TEXT NOT NULL,
            quantity INTEGER NOT NULL CHECK (quantity > 0),
            unit_price INTEGER NOT NULL CHECK (unit_price >= 0),
            discount INTEGER NOT NULL DEFAULT 0 CHECK (discount >= 0),
            amount INTEGER NOT NULL,
            tax_code TEXT,
            tax_name TEXT,
            tax_percent TEXT,
            exempt INTEGER NOT NULL DEFAULT 0 CHECK (exempt IN (0, 1)),
            unit_cost INTEGER NOT NULL DEFAULT 0,
            source_line_id INTEGER REFERENCES invoice_lines(id)
        ) STRICT
        """
    )
    db.execute("CREATE INDEX invoice_lines_invoice ON invoice_lines(invoice_id, position)")
    db.execute(
        "CREATE INDEX invoice_lines_source ON invoice_lines(source_line_id) "
        "WHERE source_line_id IS NOT NULL"
    )
    db.execute(
        """
        CREATE TABLE invoice_taxes (
            invoice_id INTEGER NOT NULL REFERENCES invoices(id),
            tax_code TEXT NOT NULL,
            name TEXT NOT NULL,
            percent TEXT NOT NULL,
            exempt INTEGER NOT NULL CHECK (exempt IN (0, 1)),
            net INTEGER NOT NULL,
            tax INTEGER NOT NULL,
            gross INTEGER NOT NULL,
            PRIMARY KEY (invoice_id, tax_code)
        ) STRICT, WITHOUT ROWID
        """
    )
    # Issued documents never change or go. The header is written issued in the same
    # statement that numbers it, after its lines and taxes, so these checks see the parent's
    # state as it is when a row is touched.
    db.execute(
        """
        CREATE TRIGGER invoices_issued_update BEFORE UPDATE ON invoices
        WHEN old.state = 'issued'
        BEGIN SELECT RAISE(ABORT, 'an issued document cannot change'); END
        """
    )
    db.execute(
        """
        CREATE TRIGGER invoices_issued_delete BEFORE DELETE ON invoices
        WHEN old.state = 'issued'
        BEGIN SELECT RAISE(ABORT, 'an issued document cannot be deleted'); END
        """
    )
    for table, key in (("invoice_lines", "invoice_id"), ("invoice_taxes", "invoice_id")):
        for event, row in (("INSERT", "new"), ("UPDATE", "old"), ("DELETE", "old")):
            db.execute(
                f"""
                CREATE TRIGGER {table}_issued_{event.lower()} BEFORE {event} ON {table}
                WHEN (SELECT state FROM invoices WHERE id = {row}.{key}) = 'issued'
                BEGIN SELECT RAISE(ABORT, 'an issued document cannot change'); END
                """
            )


@migration("0011_report_summaries")
def _report_summaries(db: Database) -> None:
    # Figures per local day, worked out from the sales, refunds and issued invoices and
    # credit notes (store.summaries; each document is noted in report_pending, below, in its
    # own transaction), so that a report over years reads a few thousand rows instead of
    # millions of lines. Caches, not documents: `duka verify` re-derives every row from the
    # documents. The day leads every key, so a period is one range of each table.
    db.execute(
        """
        CREATE TABLE report_days (
            day TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('sale', 'refund', 'invoice', 'credit_note')),
            documents INTEGER NOT NULL,
            gross INTEGER NOT NULL,
            net INTEGER NOT NULL,
            tax INTEGER NOT NULL,
            discount INTEGER NOT NULL,
            cost INTEGER NOT NULL,
            PRIMARY KEY (day, kind)
        ) STRICT, WITHOUT ROWID
        """
    )
    # Sold (counter sales and invoices) and taken back (refunds and credit notes) side by
    # side (net is gross - tax); product 0 holds an invoice's free-text lines. back_cost is
    # the cost of goods that went back on the shelf. Kept narrow: a month of a busy shop is
    # over 100,000 rows to add up.
    db.execute(
        """
        CREATE TABLE report_products (
            day TEXT NOT NULL,
            product_id INTEGER NOT NULL,
            quantity INTEGER NOT NULL,
            gross INTEGER NOT NULL,
            tax INTEGER NOT NULL,
            cost INTEGER NOT NULL,
            back_quantity INTEGER NOT NULL,
            back_gross INTEGER NOT NULL,
            back_tax INTEGER NOT NULL,
            back_cost INTEGER NOT NULL,
            PRIMARY KEY (day, product_id)
        ) STRICT, WITHOUT ROWID
        """
    )
    # The same by week (from its Monday) and by month, kept by triggers from the daily rows:
    # a period is read as whole months, whole weeks and the days left over, so a month of a
    # busy shop is some 20,000 rows instead of 120,000.
    for table, key in (("report_product_weeks", "week"), ("report_product_months", "month")):
        db.execute(
            f"""
            CREATE TABLE {table} (
                {key} TEXT NOT NULL,
                product_id INTEGER NOT NULL,
                quantity INTEGER NOT NULL,
                gross INTEGER NOT NULL,
                tax INTEGER NOT NULL,
                cost INTEGER NOT NULL,
                back_quantity INTEGER NOT NULL,
                back_gross INTEGER NOT NULL,
                back_tax INTEGER NOT NULL,
                back_cost INTEGER NOT NULL,
                PRIMARY KEY ({key}, product_id)
            ) STRICT, WITHOUT ROWID
            """
        )
    values = (
        *("quantity", "gross", "tax", "cost"),
        *("back_quantity", "back_gross", "back_tax", "back_cost"),
    )
    rollups = (
        ("report_product_weeks", "week", "date(new.day, '-6 days', 'weekday 1')"),  # Monday
        ("report_product_months", "month", "substr(new.day, 1, 7)"),
    )
    added = ", ".join(f"{v} = {v} + excluded.{v}" for v in values)
    inserts = "".join(
        f"""
        INSERT INTO {table} ({key}, product_id, {", ".join(values)})
        VALUES ({of}, new.product_id, {", ".join(f"new.{v}" for v in values)})
        ON CONFLICT ({key}, product_id) DO UPDATE SET {added};"""
        for table, key, of in rollups
    )
    changed = ", ".join(f"{v} = {v} + new.{v} - old.{v}" for v in values)
    updates = "".join(
        f"""
        UPDATE {table} SET {changed} WHERE {key} = {of} AND product_id = new.product_id;"""
        for table, key, of in rollups
    )
    added_trigger = "CREATE TRIGGER report_products_added AFTER INSERT ON report_products"
    changed_trigger = "CREATE TRIGGER report_products_changed AFTER UPDATE ON report_products"
    db.execute(f"{added_trigger} BEGIN{inserts}\nEND")
    db.execute(f"{changed_trigger} BEGIN{updates}\nEND")
    db.execute(
        """
        CREATE TABLE report_cashiers (
            day TEXT NOT NULL,
            actor TEXT NOT NULL,
            sales INTEGER NOT NULL,
            gross INTEGER NOT NULL,
            discount INTEGER NOT NULL,
            refunds INTEGER NOT NULL,
            refunded INTEGER NOT NULL,
            PRIMARY KEY (day, actor)
        ) STRICT, WITHOUT ROWID
        """
    )
    db.execute(
        """
        CREATE TABLE report_payments (
            day TEXT NOT NULL,
            method TEXT NOT NULL,
            payments INTEGER NOT NULL,
            amount INTEGER NOT NULL,
            refunds INTEGER NOT NULL,
            refunded INTEGER NOT NULL,
            PRIMARY KEY (day, method)
        ) STRICT, WITHOUT ROWID
        """
    )
    db.execute(
        """
        CREATE TABLE report_taxes (
            day TEXT NOT NULL,
            tax_code TEXT NOT NULL,
            percent TEXT NOT NULL,
            name TEXT NOT NULL,
            exempt INTEGER NOT NULL,
            sales_net INTEGER NOT NULL,
            sales_tax INTEGER NOT NULL,
            refunds_net INTEGER NOT NULL,
            refunds_tax INTEGER NOT NULL,
            PRIMARY KEY (day, tax_code, percent)
        ) STRICT, WITHOUT ROWID
        """
    )
    # The documents not yet added to the summaries above: a sale, refund or issued invoice
    # notes its id here in its own transaction (one small row, where writing the summaries
    # cost a sale a dozen pages of five tables), and the summaries are worked out in batches:
    # every 256 documents, and before anything reads them.
    db.execute(
        """
        CREATE TABLE report_pending (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('sale', 'refund', 'invoice')),
            document INTEGER NOT NULL
        ) STRICT
        """
    )
    # The dashboard's overdue debts: which invoice an open ledger entry belongs to.
    db.execute(
        "CREATE INDEX invoices_ledger_entry ON invoices(ledger_entry_id) "
        "WHERE ledger_entry_id IS NOT NULL"
    )
    from duka.store import summaries

    summaries.rebuild(db.conn)


@migration("0012_cash_sessions_per_computer")
def _cash_sessions_per_computer(db: Database) -> None:
    # Each computer has its drawer: one open session per computer, named by its host name.
    # A session the previous version left open names no computer (''): the first computer
    # that takes money or opens the drawer takes it over (cash_repo.claim_unnamed), so the
    # cash counted into it is never split or lost.
    db.execute("ALTER TABLE cash_sessions ADD COLUMN computer TEXT NOT NULL DEFAULT ''")
    db.execute("DROP INDEX cash_sessions_one_open")
    db.execute(
        "CREATE UNIQUE INDEX cash_sessions_one_open ON cash_sessions(computer) WHERE state = 'open'"
    )
    db.execute("CREATE INDEX cash_sessions_computer ON cash_sessions(computer, id)")
    db.execute("CREATE INDEX refunds_session ON refunds(session_id)")
    # Where the rule "every sale, refund and cash payment is in a cash session" starts: rows
    # up to these ids were written before it and may have no session (`duka verify` lists
    # them; the next Z report of a computer reports them once); any later one without a
    # session is a fault. One row, never changed.
    db.execute(
        """
        CREATE TABLE cash_rule (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            since TEXT NOT NULL,
            last_sale INTEGER NOT NULL,
            last_refund INTEGER NOT NULL,
            last_ledger INTEGER NOT NULL
        ) STRICT
        """
    )
    db.execute(
        """
        INSERT INTO cash_rule (id, since, last_sale, last_refund, last_ledger)
        SELECT 1, strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now'),
            (SELECT ifnull(max(id), 0) FROM sales),
            (SELECT ifnull(max(id), 0) FROM refunds),
            (SELECT ifnull(max(id), 0) FROM customer_ledger)
        """
    )
    # Which cash-up reported each of those older rows: each is reported once, by the first
    # Z report after the change, and the rows themselves are never rewritten.
    db.execute(
        """
        CREATE TABLE cash_backlog (
            id INTEGER PRIMARY KEY,
            session_id INTEGER NOT NULL REFERENCES cash_sessions(id),
            kind TEXT NOT NULL CHECK (kind IN ('sale', 'refund', 'payment')),
            document INTEGER NOT NULL,
            UNIQUE (kind, document)
        ) STRICT
        """
    )
    db.execute("CREATE INDEX cash_backlog_session ON cash_backlog(session_id)")
    _append_only(db, "cash_rule", "cash_backlog")
    # The rule for new rows, in the schema too: a sale, a refund or a payment taken in cash
    # without a cash session is refused whatever wrote it.
    for table, condition in (
        ("sales", "NEW.session_id IS NULL"),
        ("refunds", "NEW.session_id IS NULL"),
        (
            "customer_ledger",
            "NEW.kind = 'payment' AND NEW.method = 'cash' AND NEW.session_id IS NULL",
        ),
    ):
        db.execute(
            f"""
            CREATE TRIGGER {table}_need_cash_session BEFORE INSERT ON {table}
            WHEN {condition}
            BEGIN SELECT RAISE(ABORT, '{table}: no cash session'); END
            """
        )


@migration("0013_ascii_phones")
def _ascii_phones(db: Database) -> None:
    """Phones typed or imported in Arabic-Indic, Persian, Devanagari or other digits, in ASCII
    digits as Duka now keeps them, so that a number typed either way finds its customer."""
    from duka.i18n import ascii_digits

    rows = db.conn.execute("SELECT id, phone FROM customers WHERE phone GLOB '*[^ -~]*'")
    for customer_id, phone in rows.fetchall():
        tidy = " ".join(ascii_digits(str(phone)).split())
        if tidy != phone:
            db.conn.execute("UPDATE customers SET phone = ? WHERE id = ?", (tidy, customer_id))


@migration("0020_quick_keys")
def _quick_keys(db: Database) -> None:
    """The Sell screen's quick keys as the owner arranged them for the whole shop: one row
    holding the layout (pages of tiles) as JSON, read and written whole."""
    db.execute(
        """
        CREATE TABLE quick_keys (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            layout TEXT NOT NULL CHECK (json_valid(layout)),
            updated_at TEXT NOT NULL,
            updated_by TEXT NOT NULL
        ) STRICT
        """
    )


@migration("0021_journal_everything")
def _journal_everything(db: Database) -> None:
    # A record that may change is journaled again at each change, so a row has several
    # entries: the unique index on (kind, source_id) becomes an ordinary one that also
    # finds a row's newest entry.
    db.execute("DROP INDEX journal_source")
    db.execute("CREATE INDEX journal_source ON journal(kind, source_id, seq)")
    # The shop as it is now, once: users, settings, products, customers and the stock
    # movements no journaled document explains each get a first entry, so any change made
    # outside Duka from here on is seen.
    from duka.store import journal

    conn = db.conn
    at = str(conn.execute("SELECT strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')").fetchone()[0])
    for source in (
        journal.USER,
        journal.SETTING,
        journal.PRODUCT,
        journal.CUSTOMER,
        journal.STOCK_MOVEMENT,
    ):
        ids = [
            int(r[0])
            for r in conn.execute(
                f"SELECT s.{source.id_column} FROM {source.table} s "
                f"WHERE {source.journaled_rows or '1'} ORDER BY s.{source.id_column}"
            )
        ]
        # A record as this version made it: a later version's record may read columns
        # that later migrations add.
        as_then = journal.PRODUCT_RECORD_V13 if source is journal.PRODUCT else None
        journal.append_many(
            conn, source.kind, ids, at, None, "Duka (data version 13)", record_sql=as_then
        )


@migration("0022_price_asked")
def _price_asked(db: Database) -> None:
    """A product may have no fixed price: the Sell screen asks it at the sale, and its
    `sell_price` is only a suggestion (0 for none). Every product keeps a fixed price."""
    db.execute(
        "ALTER TABLE products ADD COLUMN price_asked INTEGER NOT NULL DEFAULT 0 "
        "CHECK (price_asked IN (0, 1))"
    )


@migration("0023_name_grams")
def _name_grams(db: Database) -> None:
    """Search as you type finds a product in Thai, Chinese, Tamil and the other scripts a
    word search cannot cut, from one or two letters typed anywhere in its name: every
    piece of one or two letters of such names is kept, with its product (duka.core
    .name_grams). A cache kept by products_repo beside the search index; `duka verify`
    checks it. Looking through every name instead took 150 ms on a million products."""
    db.execute(
        """
        CREATE TABLE product_grams (
            gram TEXT NOT NULL,
            product_id INTEGER NOT NULL,
            PRIMARY KEY (gram, product_id)
        ) STRICT, WITHOUT ROWID
        """
    )
    from duka.store import products_repo

    products_repo.rebuild_name_grams(db.conn)


@migration("0024_change_versions")
def _change_versions(db: Database) -> None:
    """A counter per area of the shop (duka.core.changes.Area), moved on by every write
    that changes the area, so a window sees what another process changed in the file and
    refreshes only that. Not business data: never journaled, never replicated."""
    db.execute(
        """
        CREATE TABLE change_versions (
            area TEXT PRIMARY KEY,
            version INTEGER NOT NULL
        ) STRICT, WITHOUT ROWID
        """
    )
    # The areas of this version, written out (a migration never changes): a commit then
    # moves its areas on with one UPDATE. An area added later is added by its migration.
    areas = [
        "products",
        "stock",
        "sales",
        "parked",
        "cash",
        "customers",
        "suppliers",
        "invoices",
        "users",
        "settings",
        "quick_keys",
        "audit",
    ]
    db.conn.executemany(
        "INSERT INTO change_versions (area, version) VALUES (?, 0)", [(a,) for a in areas]
    )


@migration("0025_tills")
def _tills(db: Database) -> None:
    """Several tills of one shop, each a whole copy that sells alone (duka.store.tills).
    `this_till` says which till this file is and the ids it gives; it is the file's own and
    never travels. `tills` lists the shop's tills (written by the till that makes a new
    one, shared with all). A shop made before tills is till 1: its ids are already in till
    1's range and its numbers stay as issued."""
    db.execute(
        """
        CREATE TABLE this_till (
            only INTEGER PRIMARY KEY CHECK (only = 1),
            number INTEGER NOT NULL CHECK (number >= 1),
            low INTEGER NOT NULL,
            high INTEGER NOT NULL,
            -- 1 while another till's changes are applied (inside that transaction only)
            applying INTEGER NOT NULL DEFAULT 0 CHECK (applying IN (0, 1)),
            CHECK (low = (number - 1) * 1000000000 AND high = number * 1000000000)
        ) STRICT
        """
    )
    db.execute("INSERT INTO this_till (only, number, low, high) VALUES (1, 1, 0, 1000000000)")
    db.execute(
        """
        CREATE TABLE tills (
            number INTEGER PRIMARY KEY CHECK (number >= 1),
            name TEXT NOT NULL DEFAULT '',
            made_at TEXT NOT NULL,
            made_by TEXT NOT NULL DEFAULT '',
            made_from INTEGER
        ) STRICT
        """
    )
    db.execute(
        "INSERT INTO tills (number, name, made_at) VALUES "
        "(1, '', strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now'))"
    )
    # The till that issued an invoice, quote or credit note: each till numbers its own.
    db.execute("ALTER TABLE invoices ADD COLUMN till INTEGER NOT NULL DEFAULT 1")
    # What this till sends (its changes, compressed, each in the transaction of the change it
    # carries: duka.store.sync), what it knows of the others, and the conflicts a written
    # rule resolved, for the owner to see. This file's own, never sent.
    db.execute(
        """
        CREATE TABLE outbox (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,  -- never given twice, pruned or not
            at TEXT NOT NULL,
            size INTEGER NOT NULL,
            body BLOB NOT NULL
        ) STRICT
        """
    )
    db.execute(
        """
        CREATE TABLE sync_peers (
            till INTEGER PRIMARY KEY,
            name TEXT NOT NULL DEFAULT '',
            applied INTEGER NOT NULL DEFAULT 0,
            has_ours INTEGER NOT NULL DEFAULT 0,
            heard_at TEXT,
            published INTEGER NOT NULL DEFAULT 0
        ) STRICT
        """
    )
    db.execute(
        """
        CREATE TABLE sync_notices (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            till INTEGER NOT NULL,
            kind TEXT NOT NULL,
            subject TEXT NOT NULL,
            detail TEXT NOT NULL DEFAULT ''
        ) STRICT
        """
    )
    # An issued document's lines and taxes never change, but another till's changes arrive
    # grouped by table: a document drafted and issued there between two exchanges comes as
    # an issued header with its lines and taxes beside it. Its till checked it; the journal
    # holds it.
    for table in ("invoice_lines", "invoice_taxes"):
        for event, row in (("INSERT", "new"), ("UPDATE", "old"), ("DELETE", "old")):
            name = f"{table}_issued_{event.lower()}"
            db.execute(f"DROP TRIGGER {name}")
            db.execute(
                f"""
                CREATE TRIGGER {name} BEFORE {event} ON {table}
                WHEN (SELECT state FROM invoices WHERE id = {row}.invoice_id) = 'issued'
                    AND (SELECT applying FROM this_till) = 0
                BEGIN SELECT RAISE(ABORT, 'an issued document cannot change'); END
                """
            )
    # One open drawer per computer of each till (a till's sessions are in its range of ids):
    # two tills may share a computer's name, or a computer.
    db.execute("DROP INDEX cash_sessions_one_open")
    db.execute(
        "CREATE UNIQUE INDEX cash_sessions_one_open ON cash_sessions(computer, "
        "(id - 1) / 1000000000) WHERE state = 'open'"
    )


@migration("0026_branches")
def _branches(db: Database) -> None:
    """Branches: other shops of the same owner (duka.core.branches), each with its tills and
    its own stock, exchanging the same batches. Every shop made before is branch 1, and every
    till in it. Stock moves between branches by transfers, a document at each end."""
    # Which branch this file's till is in: the file's own, as `this_till` is.
    db.execute("ALTER TABLE this_till ADD COLUMN branch INTEGER NOT NULL DEFAULT 1")
    db.execute("ALTER TABLE tills ADD COLUMN branch INTEGER NOT NULL DEFAULT 1")
    # Shared with every till of every branch, written by the hub that makes a branch.
    db.execute(
        """
        CREATE TABLE branches (
            number INTEGER PRIMARY KEY CHECK (number >= 1),
            name TEXT NOT NULL DEFAULT '',
            made_at TEXT NOT NULL,
            made_by TEXT NOT NULL DEFAULT '',
            hub_till INTEGER NOT NULL
        ) STRICT
        """
    )
    db.execute(
        "INSERT INTO branches (number, name, made_at, hub_till) VALUES "
        "(1, '', strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now'), 1)"
    )
    # Each movement says whose stock it moved; the cached levels count only this file's
    # branch. The kinds grow by a transfer's two ends, so the table is made again (a CHECK
    # cannot be widened in place), with its indexes and triggers.
    for trigger in ("stock_movements_level", "stock_movements_no_update",
                    "stock_movements_no_delete"):  # fmt: skip
        db.execute(f"DROP TRIGGER {trigger}")
    db.execute("ALTER TABLE stock_movements RENAME TO stock_movements_before_branches")
    db.execute(
        """
        CREATE TABLE stock_movements (
            id INTEGER PRIMARY KEY,
            product_id INTEGER NOT NULL REFERENCES products(id),
            kind TEXT NOT NULL CHECK (kind IN (
                'opening', 'receive', 'sale', 'return', 'adjust', 'count', 'write_off',
                'transfer_out', 'transfer_in')),
            quantity INTEGER NOT NULL,
            unit_cost INTEGER NOT NULL CHECK (unit_cost >= 0),
            reason TEXT NOT NULL DEFAULT '',
            document TEXT NOT NULL DEFAULT '',
            at TEXT NOT NULL,
            user_id INTEGER REFERENCES users(id),
            actor TEXT NOT NULL,
            branch INTEGER NOT NULL DEFAULT 1
        ) STRICT
        """
    )
    db.execute(
        "INSERT INTO stock_movements (id, product_id, kind, quantity, unit_cost, reason, "
        "document, at, user_id, actor) SELECT id, product_id, kind, quantity, unit_cost, "
        "reason, document, at, user_id, actor FROM stock_movements_before_branches ORDER BY id"
    )
    db.execute("DROP TABLE stock_movements_before_branches")
    db.execute("CREATE INDEX stock_movements_product ON stock_movements(product_id, id)")
    db.execute("CREATE INDEX stock_movements_document ON stock_movements(document)")
    db.execute(
        """
        CREATE TRIGGER stock_movements_level AFTER INSERT ON stock_movements
        WHEN new.branch = (SELECT branch FROM this_till)
        BEGIN
            INSERT INTO stock_levels (product_id, quantity) VALUES (new.product_id, new.quantity)
            ON CONFLICT (product_id) DO UPDATE SET quantity = quantity + excluded.quantity;
        END
        """
    )
    # Stock sent from one branch to another: written by the sending till, never changed.
    db.execute(
        """
        CREATE TABLE transfers (
            id INTEGER PRIMARY KEY,
            number TEXT NOT NULL UNIQUE,
            from_branch INTEGER NOT NULL,
            to_branch INTEGER NOT NULL CHECK (to_branch != from_branch),
            note TEXT NOT NULL DEFAULT '',
            at TEXT NOT NULL,
            user_id INTEGER REFERENCES users(id),
            actor TEXT NOT NULL
        ) STRICT
        """
    )
    db.execute("CREATE INDEX transfers_to ON transfers(to_branch, id)")
    db.execute(
        """
        CREATE TABLE transfer_lines (
            id INTEGER PRIMARY KEY,
            transfer_id INTEGER NOT NULL REFERENCES transfers(id),
            product_id INTEGER NOT NULL REFERENCES products(id),
            quantity INTEGER NOT NULL CHECK (quantity > 0),
            unit_cost INTEGER NOT NULL CHECK (unit_cost >= 0)
        ) STRICT
        """
    )
    db.execute("CREATE INDEX transfer_lines_transfer ON transfer_lines(transfer_id, id)")
    # Its arrival, written by the receiving till: rows of its own, not an edit of the
    # sender's, so the two ends never conflict. Two tills of a branch may receive one
    # transfer while apart: both rows arrive, and the first (lowest id) stands.
    db.execute(
        """
        CREATE TABLE transfer_receipts (
            id INTEGER PRIMARY KEY,
            transfer_id INTEGER NOT NULL REFERENCES transfers(id),
            branch INTEGER NOT NULL,
            note TEXT NOT NULL DEFAULT '',
            at TEXT NOT NULL,
            user_id INTEGER REFERENCES users(id),
            actor TEXT NOT NULL
        ) STRICT
        """
    )
    db.execute("CREATE INDEX transfer_receipts_transfer ON transfer_receipts(transfer_id, id)")
    db.execute(
        """
        CREATE TABLE transfer_receipt_lines (
            id INTEGER PRIMARY KEY,
            receipt_id INTEGER NOT NULL REFERENCES transfer_receipts(id),
            product_id INTEGER NOT NULL REFERENCES products(id),
            quantity INTEGER NOT NULL CHECK (quantity >= 0)
        ) STRICT
        """
    )
    db.execute(
        "CREATE INDEX transfer_receipt_lines_receipt ON transfer_receipt_lines(receipt_id, id)"
    )
    _append_only(
        db,
        "stock_movements",
        "transfers",
        "transfer_lines",
        "transfer_receipts",
        "transfer_receipt_lines",
    )


@migration("0027_invoice_series_per_till")
def _invoice_series_per_till(db: Database) -> None:
    # Each till numbers its own series (INV-2026-00001 at the hub, INV-2026-2-00001 at till
    # 2), so a number's place in its series is unique per till: held by (kind, period, seq)
    # alone, till 2's first invoice of a year the hub had invoiced in was refused, and the
    # hub's applying it would have stopped the exchange.
    db.execute("DROP INDEX invoices_series")
    db.execute("CREATE UNIQUE INDEX invoices_series ON invoices(kind, period, till, seq)")


# The starting list of expense categories, by key (core.expenses names them in each
# language); the owner adds their own with a name of their choosing.
EXPENSE_CATEGORY_KEYS = (
    "rent",
    "electricity",
    "water",
    "transport",
    "wages",
    "phone_internet",
    "repairs",
    "licences_fees",
    "taxes_paid",
    "bank_charges",
    "stock_outside",
    "other",
)


@migration("0028_back_office")
def _back_office(db: Database) -> None:
    # Where the shop's money is besides the drawer (the drawer is the cash sessions): a bank
    # account, each mobile-money wallet. Its book is its entries; its balance their sum.
    db.execute(
        """
        CREATE TABLE money_accounts (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL CHECK (length(trim(name)) > 0),
            kind TEXT NOT NULL CHECK (kind IN ('bank', 'mobile_money', 'other')),
            overdraft INTEGER NOT NULL DEFAULT 0 CHECK (overdraft IN (0, 1)),
            active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            updated_by TEXT NOT NULL
        ) STRICT
        """
    )
    # The starting list's categories carry their key (named in the shop's language when
    # shown); the owner's own carry a name and no key.
    db.execute(
        """
        CREATE TABLE expense_categories (
            id INTEGER PRIMARY KEY,
            key TEXT UNIQUE,
            name TEXT NOT NULL DEFAULT '',
            active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL,
            CHECK ((key IS NULL) = (length(trim(name)) > 0))
        ) STRICT
        """
    )
    db.conn.executemany(
        "INSERT INTO expense_categories (id, key, created_at, created_by) "
        "VALUES (?, ?, '2026-01-01T00:00:00+00:00', 'Duka')",
        list(enumerate(EXPENSE_CATEGORY_KEYS, start=1)),
    )
    # A monthly expense proposed when due (rent): the next day it is due moves on a month
    # each time one is recorded from it.
    db.execute(
        """
        CREATE TABLE recurring_expenses (
            id INTEGER PRIMARY KEY,
            category_id INTEGER NOT NULL REFERENCES expense_categories(id),
            gross INTEGER NOT NULL CHECK (gross > 0),
            tax_code TEXT,
            payee TEXT NOT NULL DEFAULT '',
            method TEXT NOT NULL CHECK (method IN ('drawer', 'account')),
            account_id INTEGER REFERENCES money_accounts(id),
            day_of_month INTEGER NOT NULL CHECK (day_of_month BETWEEN 1 AND 28),
            next_due TEXT NOT NULL,
            note TEXT NOT NULL DEFAULT '',
            active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            updated_by TEXT NOT NULL,
            CHECK ((method = 'account') = (account_id IS NOT NULL))
        ) STRICT
        """
    )
    # An expense: a document of its till's series (EX-000001, EX2-000001), written once.
    # `net` is what the profit and loss counts: without the input tax where the shop is
    # registered for tax (it claims that back), the whole amount where it is not (tax 0).
    # Paid from the drawer it is a pay-out of the cash session (cash_event_id); from an
    # account, an entry of its book.
    db.execute(
        """
        CREATE TABLE expenses (
            id INTEGER PRIMARY KEY,
            number TEXT NOT NULL UNIQUE,
            day TEXT NOT NULL,
            category_id INTEGER NOT NULL REFERENCES expense_categories(id),
            net INTEGER NOT NULL CHECK (net > 0),
            tax INTEGER NOT NULL DEFAULT 0 CHECK (tax >= 0),
            gross INTEGER NOT NULL,
            tax_code TEXT,
            payee TEXT NOT NULL DEFAULT '',
            method TEXT NOT NULL CHECK (method IN ('drawer', 'account')),
            account_id INTEGER REFERENCES money_accounts(id),
            session_id INTEGER REFERENCES cash_sessions(id),
            cash_event_id INTEGER REFERENCES cash_events(id),
            recurring_id INTEGER REFERENCES recurring_expenses(id),
            note TEXT NOT NULL DEFAULT '',
            approved_by TEXT,
            at TEXT NOT NULL,
            user_id INTEGER REFERENCES users(id),
            actor TEXT NOT NULL,
            CHECK (gross = net + tax),
            CHECK ((method = 'account') = (account_id IS NOT NULL)),
            CHECK ((method = 'drawer') = (session_id IS NOT NULL))
        ) STRICT
        """
    )
    db.execute("CREATE INDEX expenses_day ON expenses(day, category_id)")
    # A receipt's photo or PDF, kept in the shop's file (so in every backup).
    db.execute(
        """
        CREATE TABLE expense_files (
            id INTEGER PRIMARY KEY,
            expense_id INTEGER NOT NULL REFERENCES expenses(id),
            name TEXT NOT NULL,
            body BLOB NOT NULL,
            at TEXT NOT NULL
        ) STRICT
        """
    )
    db.execute("CREATE INDEX expense_files_expense ON expense_files(expense_id)")
    # The owner taking money or goods for the household (a drawing), or putting money in
    # (capital): apart from expenses, so profit stays right and the cash is explained.
    # Goods drawn leave the stock as 'adjust' movements whose document is the drawing's
    # number, `amount` their value at cost.
    db.execute(
        """
        CREATE TABLE drawings (
            id INTEGER PRIMARY KEY,
            number TEXT NOT NULL UNIQUE,
            day TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('drawing', 'capital')),
            what TEXT NOT NULL CHECK (what IN ('money', 'goods')),
            amount INTEGER NOT NULL CHECK (amount > 0),
            method TEXT CHECK (method IN ('drawer', 'account')),
            account_id INTEGER REFERENCES money_accounts(id),
            session_id INTEGER REFERENCES cash_sessions(id),
            cash_event_id INTEGER REFERENCES cash_events(id),
            note TEXT NOT NULL DEFAULT '',
            at TEXT NOT NULL,
            user_id INTEGER REFERENCES users(id),
            actor TEXT NOT NULL,
            CHECK (what = 'money' OR kind = 'drawing'),
            CHECK ((what = 'money') = (method IS NOT NULL)),
            CHECK ((method IS 'account') = (account_id IS NOT NULL))
        ) STRICT
        """
    )
    db.execute("CREATE INDEX drawings_day ON drawings(day)")
    # An account's book: every amount into (+) or out of (-) it. A transfer between two
    # accounts is two entries sharing `transfer` (the first's id); one between the drawer
    # and an account is a cash event of the session and one entry (`cash_event_id`).
    db.execute(
        """
        CREATE TABLE money_entries (
            id INTEGER PRIMARY KEY,
            account_id INTEGER NOT NULL REFERENCES money_accounts(id),
            day TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('opening', 'transfer', 'expense', 'drawing',
                'capital', 'adjustment')),
            amount INTEGER NOT NULL CHECK (amount != 0),
            transfer INTEGER,
            cash_event_id INTEGER REFERENCES cash_events(id),
            expense_id INTEGER REFERENCES expenses(id),
            drawing_id INTEGER REFERENCES drawings(id),
            note TEXT NOT NULL DEFAULT '',
            at TEXT NOT NULL,
            user_id INTEGER REFERENCES users(id),
            actor TEXT NOT NULL
        ) STRICT
        """
    )
    db.execute("CREATE INDEX money_entries_account ON money_entries(account_id, day, id)")
    # A statement's balance checked against the book on a day: what matched, or by how much
    # it differed (an adjustment entry, when the owner accepts the statement, is its own).
    db.execute(
        """
        CREATE TABLE money_reconciliations (
            id INTEGER PRIMARY KEY,
            account_id INTEGER NOT NULL REFERENCES money_accounts(id),
            day TEXT NOT NULL,
            statement INTEGER NOT NULL,
            book INTEGER NOT NULL,
            at TEXT NOT NULL,
            user_id INTEGER REFERENCES users(id),
            actor TEXT NOT NULL
        ) STRICT
        """
    )
    # Stock written off, by day, for the profit and loss: a few rows of millions.
    db.execute(
        "CREATE INDEX stock_movements_written_off ON stock_movements(at) WHERE kind = 'write_off'"
    )
    _append_only(db, "expenses", "expense_files", "drawings", "money_entries")
    _append_only(db, "money_reconciliations")
    db.conn.executemany(
        "INSERT INTO change_versions (area, version) VALUES (?, 0)", [("money",), ("purchases",)]
    )


@migration("0029_purchases")
def _purchases(db: Database) -> None:
    # Every row is written once: what was received against an order is the deliveries linked
    # to it, and a cancellation is a row of its own, so an order's state is read, never kept.
    db.execute(
        """
        CREATE TABLE purchase_orders (
            id INTEGER PRIMARY KEY,
            number TEXT NOT NULL UNIQUE,
            supplier_id INTEGER NOT NULL REFERENCES suppliers(id),
            note TEXT NOT NULL DEFAULT '',
            total INTEGER NOT NULL CHECK (total >= 0),
            at TEXT NOT NULL,
            user_id INTEGER REFERENCES users(id),
            actor TEXT NOT NULL
        ) STRICT
        """
    )
    db.execute("CREATE INDEX purchase_orders_supplier ON purchase_orders(supplier_id, at)")
    db.execute(
        """
        CREATE TABLE purchase_order_lines (
            id INTEGER PRIMARY KEY,
            order_id INTEGER NOT NULL REFERENCES purchase_orders(id),
            product_id INTEGER NOT NULL REFERENCES products(id),
            quantity INTEGER NOT NULL CHECK (quantity > 0),
            unit_cost INTEGER NOT NULL CHECK (unit_cost >= 0),
            total INTEGER NOT NULL CHECK (total >= 0),
            UNIQUE (order_id, product_id)
        ) STRICT
        """
    )
    # A delivery (goods_received) received against an order.
    db.execute(
        """
        CREATE TABLE purchase_order_receipts (
            id INTEGER PRIMARY KEY,
            order_id INTEGER NOT NULL REFERENCES purchase_orders(id),
            receipt_id INTEGER NOT NULL UNIQUE REFERENCES goods_received(id),
            at TEXT NOT NULL
        ) STRICT
        """
    )
    db.execute("CREATE INDEX purchase_order_receipts_order ON purchase_order_receipts(order_id)")
    db.execute(
        """
        CREATE TABLE purchase_order_cancellations (
            id INTEGER PRIMARY KEY,
            order_id INTEGER NOT NULL UNIQUE REFERENCES purchase_orders(id),
            reason TEXT NOT NULL CHECK (length(trim(reason)) > 0),
            at TEXT NOT NULL,
            user_id INTEGER REFERENCES users(id),
            actor TEXT NOT NULL
        ) STRICT
        """
    )
    # Goods sent back to a supplier: the stock leaves as 'adjust' movements whose document is
    # the return's number, and the supplier's account is credited ('adjustment', negative).
    db.execute(
        """
        CREATE TABLE supplier_returns (
            id INTEGER PRIMARY KEY,
            number TEXT NOT NULL UNIQUE,
            supplier_id INTEGER NOT NULL REFERENCES suppliers(id),
            reason TEXT NOT NULL CHECK (length(trim(reason)) > 0),
            total INTEGER NOT NULL CHECK (total >= 0),
            at TEXT NOT NULL,
            user_id INTEGER REFERENCES users(id),
            actor TEXT NOT NULL
        ) STRICT
        """
    )
    db.execute(
        """
        CREATE TABLE supplier_return_lines (
            id INTEGER PRIMARY KEY,
            return_id INTEGER NOT NULL REFERENCES supplier_returns(id),
            product_id INTEGER NOT NULL REFERENCES products(id),
            quantity INTEGER NOT NULL CHECK (quantity > 0),
            unit_cost INTEGER NOT NULL CHECK (unit_cost >= 0),
            total INTEGER NOT NULL CHECK (total >= 0)
        ) STRICT
        """
    )
    db.execute("CREATE INDEX supplier_return_lines_return ON supplier_return_lines(return_id)")
    _append_only(
        db,
        "purchase_orders",
        "purchase_order_lines",
        "purchase_order_receipts",
        "purchase_order_cancellations",
        "supplier_returns",
        "supplier_return_lines",
    )


@migration("0030_supplier_language")
def _supplier_language(db: Database) -> None:
    # The language a supplier reads their purchase orders in (NULL: the shop's), as a
    # customer has for invoices.
    db.execute("ALTER TABLE suppliers ADD COLUMN language TEXT")


@migration("0031_purchase_tax")
def _purchase_tax(db: Database) -> None:
    # Input tax on what the shop buys, where it is registered for tax: each line of a
    # delivery or a supplier return keeps the rate of the supplier's invoice (NULL: none),
    # the document its tax (rounded once per rate, as every document's) and its totals by
    # rate, with the rate's name and percent as they were. A line's total and unit cost stay
    # before tax (the stock's cost); the document's total is what the supplier is owed or
    # credits, with the tax: the lines' totals plus `tax`. Old rows carry no tax.
    for document, lines in (
        ("goods_received", "goods_received_lines"),
        ("supplier_returns", "supplier_return_lines"),
    ):
        db.execute(
            f"ALTER TABLE {document} ADD COLUMN tax INTEGER NOT NULL DEFAULT 0 CHECK (tax >= 0)"
        )
        db.execute(f"ALTER TABLE {lines} ADD COLUMN tax_code TEXT")
        db.execute(f"CREATE INDEX {document}_at ON {document}(at)")  # the tax summary's days
    for table, parent in (
        ("goods_received_taxes", "receipt_id INTEGER NOT NULL REFERENCES goods_received(id)"),
        ("supplier_return_taxes", "return_id INTEGER NOT NULL REFERENCES supplier_returns(id)"),
    ):
        key = parent.split()[0]
        db.execute(
            f"""
            CREATE TABLE {table} (
                {parent},
                tax_code TEXT NOT NULL,
                name TEXT NOT NULL,
                percent TEXT NOT NULL,
                exempt INTEGER NOT NULL CHECK (exempt IN (0, 1)),
                net INTEGER NOT NULL,
                tax INTEGER NOT NULL,
                gross INTEGER NOT NULL,
                PRIMARY KEY ({key}, tax_code)
            ) STRICT, WITHOUT ROWID
            """
        )
    _append_only(db, "goods_received_taxes", "supplier_return_taxes")


@migration("0032_variants")
def _variants(db: Database) -> None:
    # A variant is an ordinary product (its own code, barcodes, price, cost, stock) naming
    # its parent; `options` holds a parent's options (names and values, JSON) or a variant's
    # values (JSON, in the parent's option order). A parent is never sold or stocked.
    # `price_follows`: the variant's price is its parent's, copied when the parent's changes.
    db.execute("ALTER TABLE products ADD COLUMN parent_id INTEGER REFERENCES products(id)")
    db.execute("ALTER TABLE products ADD COLUMN options TEXT NOT NULL DEFAULT ''")
    db.execute(
        "ALTER TABLE products ADD COLUMN price_follows INTEGER NOT NULL DEFAULT 0 "
        "CHECK (price_follows IN (0, 1))"
    )
    # One variant per combination of values under a parent; it also finds a parent's
    # variants.
    db.execute(
        "CREATE UNIQUE INDEX products_variant ON products(parent_id, options) "
        "WHERE parent_id IS NOT NULL"
    )


@migration("0033_promotions")
def _promotions(db: Database) -> None:
    # Promotions (core/promotions.py). Ending one early sets `ended_at`; one is never deleted,
    # since the sale lines it saved on name it. `price_list_id` is the audience (NULL: every
    # customer); it names a price list without a foreign key so that the promotions and the
    # price lists stand apart.
    db.execute(
        """
        CREATE TABLE promotions (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL CHECK (length(trim(name)) > 0),
            kind TEXT NOT NULL CHECK (kind IN ('multi_buy', 'buy_get', 'percent', 'amount')),
            scope TEXT NOT NULL CHECK (scope IN ('products', 'categories', 'sale')),
            buy INTEGER NOT NULL DEFAULT 0 CHECK (buy >= 0),
            pay INTEGER NOT NULL DEFAULT 0 CHECK (pay >= 0),
            price INTEGER CHECK (price > 0),
            get INTEGER NOT NULL DEFAULT 0 CHECK (get >= 0),
            get_product_id INTEGER REFERENCES products(id),
            percent TEXT NOT NULL DEFAULT '0',
            amount INTEGER CHECK (amount > 0),
            starts TEXT NOT NULL,
            ends TEXT NOT NULL CHECK (ends >= starts),
            hours_from TEXT,
            hours_until TEXT,
            weekdays TEXT NOT NULL DEFAULT '',
            price_list_id INTEGER,
            ended_at TEXT,
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL
        ) STRICT
        """
    )
    db.execute("CREATE INDEX promotions_ends ON promotions(ends)")
    db.execute(
        """
        CREATE TABLE promotion_products (
            promotion_id INTEGER NOT NULL REFERENCES promotions(id),
            product_id INTEGER NOT NULL REFERENCES products(id),
            PRIMARY KEY (promotion_id, product_id)
        ) STRICT, WITHOUT ROWID
        """
    )
    db.execute(
        """
        CREATE TABLE promotion_categories (
            promotion_id INTEGER NOT NULL REFERENCES promotions(id),
            category_id INTEGER NOT NULL REFERENCES categories(id),
            PRIMARY KEY (promotion_id, category_id)
        ) STRICT, WITHOUT ROWID
        """
    )
    _append_only(db, "promotion_products", "promotion_categories")
    # Which promotion a sold line got and what it saved there; `discount` holds the saving
    # too (with the cashier's own discount), so every reader of a line's amount is unchanged.
    db.execute("ALTER TABLE sale_lines ADD COLUMN promotion_id INTEGER REFERENCES promotions(id)")
    db.execute("ALTER TABLE sale_lines ADD COLUMN promotion_saving INTEGER NOT NULL DEFAULT 0")
    db.execute(
        "CREATE INDEX sale_lines_promotion ON sale_lines(promotion_id, sale_id) "
        "WHERE promotion_id IS NOT NULL"
    )


@migration("0034_batches")
def _batches(db: Database) -> None:
    """Batches and expiry (duka.core.batches): a product may ask for a batch number and an
    expiry date when it is received; its stock is then kept per batch."""
    db.execute(
        "ALTER TABLE products ADD COLUMN tracks_batches INTEGER NOT NULL DEFAULT 0 "
        "CHECK (tracks_batches IN (0, 1))"
    )
    # A batch of one product: shared, from the till's range of ids, written once. Two tills
    # receiving the same batch number while apart each write a row; the lowest id is the
    # one a later delivery finds (store.batches_repo.find), so no unique index can stop a
    # change group forever.
    db.execute(
        """
        CREATE TABLE batches (
            id INTEGER PRIMARY KEY,
            product_id INTEGER NOT NULL REFERENCES products(id),
            number TEXT NOT NULL CHECK (length(trim(number)) > 0),
            expiry TEXT NOT NULL CHECK (expiry GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
            at TEXT NOT NULL,
            actor TEXT NOT NULL
        ) STRICT
        """
    )
    db.execute("CREATE INDEX batches_product ON batches(product_id, number, id)")
    db.execute("CREATE INDEX batches_expiry ON batches(expiry)")
    # Which batch a movement moved (NULL: the product keeps no batches, or stock from before
    # it did). A sale line taken from two batches is two movements of the sale's document.
    db.execute("ALTER TABLE stock_movements ADD COLUMN batch_id INTEGER REFERENCES batches(id)")
    # What each batch holds at this file's branch: a cache of its movements, as stock_levels
    # is, kept by a trigger that fires while another till's changes apply too. Its index is
    # the sale's one read: a product's batches (those holding stock are a few rows of it).
    db.execute(
        """
        CREATE TABLE batch_levels (
            batch_id INTEGER PRIMARY KEY,
            product_id INTEGER NOT NULL,
            quantity INTEGER NOT NULL
        ) STRICT
        """
    )
    # By product alone: a sale moves a batch's quantity, and an index holding it would be
    # rewritten with every sale of a batch product.
    db.execute("CREATE INDEX batch_levels_product ON batch_levels(product_id)")
    db.execute(
        """
        CREATE TRIGGER stock_movements_batch_level AFTER INSERT ON stock_movements
        WHEN new.batch_id IS NOT NULL AND new.branch = (SELECT branch FROM this_till)
        BEGIN
            INSERT INTO batch_levels (batch_id, product_id, quantity)
            VALUES (new.batch_id, new.product_id, new.quantity)
            ON CONFLICT (batch_id) DO UPDATE SET quantity = quantity + excluded.quantity;
        END
        """
    )
    _append_only(db, "batches")


@migration("0035_price_lists")
def _price_lists(db: Database) -> None:
    # Row 0 is retail, the products' own prices: it holds retail's quantity breaks, and
    # has the same id on every till (ids made by tills start above 0). Its name is
    # translated, so the row's own is empty.
    db.execute(
        """
        CREATE TABLE price_lists (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            updated_by TEXT,
            CHECK (id = 0 OR length(trim(name)) > 0)
        ) STRICT
        """
    )
    db.execute(
        "INSERT INTO price_lists (id, name, active, created_at, updated_at) "
        "VALUES (0, '', 1, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')"
    )
    # A price per unit of a product on a list, from a quantity on (thousandths; 0 is the
    # list's price from the first unit, which retail takes from the product itself).
    db.execute(
        """
        CREATE TABLE price_list_prices (
            id INTEGER PRIMARY KEY,
            list_id INTEGER NOT NULL REFERENCES price_lists(id),
            product_id INTEGER NOT NULL REFERENCES products(id),
            from_quantity INTEGER NOT NULL CHECK (from_quantity >= 0),
            price INTEGER NOT NULL CHECK (price >= 0),
            UNIQUE (list_id, product_id, from_quantity),
            CHECK (list_id <> 0 OR from_quantity > 0)
        ) STRICT
        """
    )
    # The till reads one product's prices on two lists at a scan.
    db.execute("CREATE INDEX price_list_prices_product ON price_list_prices(product_id, list_id)")
    db.execute("ALTER TABLE customers ADD COLUMN price_list_id INTEGER REFERENCES price_lists(id)")
    # Which price applied on a line: the list (NULL: not from a list, as before) and the
    # quantity its break starts at (0: no break).
    for table in ("sale_lines", "invoice_lines"):
        db.execute(
            f"ALTER TABLE {table} ADD COLUMN price_list_id INTEGER REFERENCES price_lists(id)"
        )
        db.execute(f"ALTER TABLE {table} ADD COLUMN price_from INTEGER NOT NULL DEFAULT 0")


MIGRATION_NAMES: tuple[str, ...] = tuple(name for name, _step in _steps)
SCHEMA_VERSION = len(MIGRATION_NAMES)
