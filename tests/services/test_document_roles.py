"""Every document and draft a service makes, asked for by a cashier: what the README's role
table lets a cashier do is made, the rest is refused and writes no file.

A cashier may sell, take payments and returns, keep cash sessions, look after customers and
write quotes and invoices; not prices, stock, voids and credit notes, costs and profit,
exports or settings (README, "Users and roles")."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from duka.core.errors import NotAllowed
from duka.core.invoices import DocKind
from duka.services.shop import Shop

Make = Callable[[Shop, Path, dict[str, Any]], object]

# name of the service method -> (may a cashier?, how to call it)
DOCUMENTS: dict[str, tuple[bool, Make]] = {
    "receipts.receipt_pdf": (True, lambda s, p, k: s.receipts.receipt_pdf(k["sale"], p)),
    "receipts.export_sales": (False, lambda s, p, k: s.receipts.export_sales(p, None, None)),
    "invoices.pdf": (True, lambda s, p, k: s.invoices.pdf(k["invoice"], p)),
    "invoices.pictures": (True, lambda s, p, k: s.invoices.pictures(k["invoice"], p.parent)),
    "invoices.save_draft": (True, lambda s, p, k: s.invoices.save_draft(k["quote"])),
    "invoices.save_draft (credit note)": (
        False,
        lambda s, p, k: s.invoices.save_draft(k["credit"]),
    ),
    "invoices.credit_draft": (False, lambda s, p, k: s.invoices.credit_draft(k["invoice"])),
    "invoices.export": (False, lambda s, p, k: s.invoices.export(p)),
    "accounts.statement_pdf": (
        True,
        lambda s, p, k: s.accounts.statement_pdf(k["customer"], None, None, p),
    ),
    "accounts.reminder": (True, lambda s, p, k: s.accounts.reminder(k["customer"], p)),
    "labels.write": (True, lambda s, p, k: s.labels.write(p, [1, 2], k["layout"])),
    "stock.low_stock_pdf": (False, lambda s, p, k: s.stock.low_stock_pdf(p)),
    "stock.export_low_stock": (False, lambda s, p, k: s.stock.export_low_stock(p)),
    "suppliers.statement_pdf": (
        False,
        lambda s, p, k: s.suppliers.statement_pdf(1, None, None, p),
    ),
    "purchases.pdf": (False, lambda s, p, k: s.purchases.pdf(1, p)),
    "purchases.export": (False, lambda s, p, k: s.purchases.export(p)),
    "exchange.export": (False, lambda s, p, k: s.exchange.export(p)),
    "customer_exchange.export": (False, lambda s, p, k: s.customer_exchange.export(p)),
    "reports.run": (False, lambda s, p, k: s.reports.run("profit", None, None)),
    "reports.write_pdf": (False, lambda s, p, k: s.reports.write_pdf(k["table"], p)),
    "reports.write_csv": (False, lambda s, p, k: s.reports.write_csv(k["table"], p)),
    "reports.write_xlsx": (False, lambda s, p, k: s.reports.write_xlsx(k["table"], p)),
    "maintenance.backup": (False, lambda s, p, k: s.maintenance.backup(p)),
}

# Service methods that produce a document or a draft, found by their names: each one must
# be in the table above (the cash session's X/Z report belongs to the cash drawer's own tests).
_PRODUCING = ("pdf", "export", "write", "draft", "reminder", "pictures", "backup")
_SERVICES = (
    "receipts",
    "invoices",
    "accounts",
    "labels",
    "stock",
    "suppliers",
    "purchases",
    "exchange",
    "customer_exchange",
    "reports",
    "maintenance",
)
_NOT_DOCUMENTS = {
    "invoices.delete_draft",  # takes away, makes nothing (a credit note's still needs voids)
    "invoices.new_draft",  # an empty form in memory; keeping it is save_draft
    "maintenance.backup_copy",  # the same as backup, for a worker thread
    "maintenance.record_backup",
    "returns.write",
}


def test_every_document_producing_method_is_walked(demo_shop: Shop) -> None:
    found = set()
    for service in _SERVICES:
        for name, _member in inspect.getmembers(type(getattr(demo_shop, service))):
            if name.startswith("_") or not any(word in name for word in _PRODUCING):
                continue
            found.add(f"{service}.{name}")
    walked = {name.split(" ")[0] for name in DOCUMENTS}
    assert found - _NOT_DOCUMENTS - walked == set()


@pytest.fixture
def prepared(demo_shop: Shop) -> dict[str, Any]:
    """What the owner has made for the cashier to print: a report, an issued invoice, a
    customer who owes, a quote and a credit note to keep as drafts."""
    shop = demo_shop
    db = shop.context.db
    invoice = db.execute(
        "SELECT id FROM invoices WHERE kind = 'invoice' AND number IS NOT NULL LIMIT 1"
    ).fetchone()[0]
    owing = db.execute(
        "SELECT customer_id FROM customer_balances WHERE balance > 0 LIMIT 1"
    ).fetchone()[0]
    sale = db.execute("SELECT number FROM sales ORDER BY id LIMIT 1").fetchone()[0]
    quote = shop.invoices.new_draft(DocKind.QUOTE, owing)
    credit_id = shop.invoices.credit_draft(invoice)
    credit = shop.invoices.get(credit_id).draft
    return {
        "invoice": invoice,
        "customer": owing,
        "sale": sale,
        "quote": quote,
        "credit": credit,
        "table": shop.reports.run("profit", None, None),
        "layout": shop.labels.stocks()[0].id,
    }


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_a_cashier_gets_exactly_the_documents_the_role_table_allows(
    demo_shop: Shop, prepared: dict[str, Any], tmp_path: Path, name: str
) -> None:
    allowed, make = DOCUMENTS[name]
    demo_shop.access.sign_in("1357", "Wanjiru")  # a cashier of the demo shop
    out = tmp_path / "out" / "document.file"
    out.parent.mkdir()
    if allowed:
        make(demo_shop, out, prepared)
        return
    drafts = demo_shop.context.db.execute("SELECT count(*) FROM invoices").fetchone()[0]
    with pytest.raises(NotAllowed):
        make(demo_shop, out, prepared)
    assert list(out.parent.iterdir()) == []
    assert demo_shop.context.db.execute("SELECT count(*) FROM invoices").fetchone()[0] == drafts
