"""The change counters: one per area of the shop, moved on by every write to the area.

A process learns what another one changed without a message between them: SQLite's
`data_version` says that some other connection committed, and the counters that moved say
which areas it touched.
"""

from __future__ import annotations

from collections.abc import Iterable

from duka.core.changes import Area
from duka.store.sql import Executor

# Which area each table's rows belong to. Tables mapped to None are caches and bookkeeping
# rebuilt from, or written with, the tables of an area (the journal, the number series, the
# report summaries, the search index): a write to them alone changes nothing shown.
TABLE_AREAS: dict[str, Area | None] = {
    "products": Area.PRODUCTS,
    "barcodes": Area.PRODUCTS,
    "categories": Area.PRODUCTS,
    "promotions": Area.PRODUCTS,
    "promotion_products": Area.PRODUCTS,
    "promotion_categories": Area.PRODUCTS,
    "price_lists": Area.PRODUCTS,
    "price_list_prices": Area.PRODUCTS,
    "stock_movements": Area.STOCK,
    "batches": Area.STOCK,
    "goods_received": Area.STOCK,
    "goods_received_lines": Area.STOCK,
    "goods_received_taxes": Area.STOCK,
    "transfers": Area.STOCK,
    "transfer_lines": Area.STOCK,
    "transfer_receipts": Area.STOCK,
    "transfer_receipt_lines": Area.STOCK,
    "sales": Area.SALES,
    "sale_lines": Area.SALES,
    "sale_payments": Area.SALES,
    "sale_taxes": Area.SALES,
    "refunds": Area.SALES,
    "refund_lines": Area.SALES,
    "refund_payments": Area.SALES,
    "refund_taxes": Area.SALES,
    "carts": Area.PARKED,
    "cash_sessions": Area.CASH,
    "cash_events": Area.CASH,
    "cash_rule": Area.CASH,
    "cash_backlog": Area.CASH,
    "customers": Area.CUSTOMERS,
    "customer_ledger": Area.CUSTOMERS,
    "customer_allocations": Area.CUSTOMERS,
    "suppliers": Area.SUPPLIERS,
    "supplier_ledger": Area.SUPPLIERS,
    "supplier_payments": Area.SUPPLIERS,
    "invoices": Area.INVOICES,
    "invoice_lines": Area.INVOICES,
    "invoice_taxes": Area.INVOICES,
    "users": Area.USERS,
    "settings": Area.SETTINGS,
    "tills": Area.SETTINGS,
    "branches": Area.SETTINGS,
    "quick_keys": Area.QUICK_KEYS,
    "audit": Area.AUDIT,
    "money_accounts": Area.MONEY,
    "money_entries": Area.MONEY,
    "money_reconciliations": Area.MONEY,
    "expense_categories": Area.MONEY,
    "recurring_expenses": Area.MONEY,
    "expenses": Area.MONEY,
    "expense_files": Area.MONEY,
    "drawings": Area.MONEY,
    "purchase_orders": Area.PURCHASES,
    "purchase_order_lines": Area.PURCHASES,
    "purchase_order_receipts": Area.PURCHASES,
    "purchase_order_cancellations": Area.PURCHASES,
    "supplier_returns": Area.PURCHASES,
    "supplier_return_lines": Area.PURCHASES,
    "supplier_return_taxes": Area.PURCHASES,
    # Caches and bookkeeping.
    "stock_levels": None,
    "batch_levels": None,
    "this_till": None,
    "outbox": None,
    "sync_peers": None,
    "sync_notices": None,
    "product_counts": None,
    "product_grams": None,
    "products_fts": None,
    "customer_balances": None,
    "customer_open": None,
    "report_days": None,
    "report_cashiers": None,
    "report_payments": None,
    "report_pending": None,
    "report_product_months": None,
    "report_product_weeks": None,
    "report_products": None,
    "report_taxes": None,
    "journal": None,
    "counters": None,
    "sign_in_guard": None,
    "change_versions": None,
}


def bump(conn: Executor, areas: Iterable[Area]) -> dict[Area, int]:
    """Move the counters of `areas` on, in the caller's transaction; their new values."""
    names = [area.value for area in areas]
    marks = ", ".join("?" * len(names))
    moved = {
        Area(name): int(version)
        for name, version in conn.execute(
            "UPDATE change_versions SET version = version + 1 "
            f"WHERE area IN ({marks}) RETURNING area, version",
            names,
        )
    }
    for name in names:
        if Area(name) not in moved:  # no row yet: a counter this shop has never moved
            conn.execute("INSERT INTO change_versions (area, version) VALUES (?, 1)", (name,))
            moved[Area(name)] = 1
    return moved


def versions(conn: Executor) -> dict[Area, int]:
    """Every area's counter as it is now (0 for an area never written)."""
    found = dict.fromkeys(Area, 0)
    known = {area.value: area for area in Area}
    for name, version in conn.execute("SELECT area, version FROM change_versions"):
        if name in known:  # a newer Duka may count areas this one does not know
            found[known[name]] = int(version)
    return found


def version(conn: Executor, area: Area) -> int:
    """One area's counter as it is now (0 if never written)."""
    row = conn.execute("SELECT version FROM change_versions WHERE area = ?", (area.value,))
    found = row.fetchone()
    return int(found[0]) if found else 0


def data_version(conn: Executor) -> int:
    """A number that changes when another connection commits to the file (SQLite's)."""
    return int(conn.execute("PRAGMA data_version").fetchone()[0])
