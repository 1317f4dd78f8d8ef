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


MIGRATION_NAMES: tuple[str, ...] = tuple(name for name, _step in _steps)
SCHEMA_VERSION = len(MIGRATION_NAMES)
