"""Who owes whom: customers' debts to the shop and the shop's to its suppliers, by age."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from duka.core.ledger import age, bucket_starts
from duka.core.report_rows import Contact, Owing
from duka.core.reports import Cell, ReportSpec, ReportTable, fifo_open
from duka.services.clock import day_start
from duka.services.reports.parts import Ranked, ReportParts, largest_first
from duka.store import ledger_repo, report_reads

_NOTHING = Owing(0, 0)


def receivables(
    parts: ReportParts, spec: ReportSpec, first: dt.date, last: dt.date, _o: Mapping[str, Any]
) -> ReportTable:
    today = parts.today()
    db = parts.db
    starts = [day_start(d) for d in bucket_starts(today)]
    raw = ledger_repo.receivables(db, *starts)
    labels = report_reads.customer_labels(db, [customer for customer, *_ages in raw])
    owing = report_reads.receivable_totals(db, today.isoformat(), parts.terms_cutoff(today))
    rows: list[tuple[Cell, ...]] = []
    for customer, b0, b1, b2, b3, oldest in raw:
        name, phone = labels.get(customer, Contact(f"#{customer}", ""))
        rows.append(
            (
                customer,
                name,
                phone,
                b0 + b1 + b2 + b3,
                b0,
                b1,
                b2,
                b3,
                owing.get(customer, _NOTHING).overdue,
                report_reads.local_day(oldest),
            )
        )
    return parts.table(spec, rows, first, last)


def payables(
    parts: ReportParts, spec: ReportSpec, first: dt.date, last: dt.date, _o: Mapping[str, Any]
) -> ReportTable:
    today = parts.today()
    entries: dict[int, list[tuple[dt.date, int]]] = {}
    for entry in report_reads.supplier_entries(parts.db):
        entries.setdefault(entry.supplier_id, []).append((entry.day, entry.amount))
    labels = report_reads.supplier_labels(parts.db)
    found: list[Ranked] = []  # the most owed first
    for supplier, items in entries.items():
        debts = [(day, amount) for day, amount in items if amount > 0]
        credit = -sum(amount for _day, amount in items if amount < 0)
        left = fifo_open(debts, credit)
        if not left:
            continue
        ageing = age(left, today)
        name, phone = labels.get(supplier, Contact(f"#{supplier}", ""))
        oldest, _amount = left[0]
        row = (supplier, name, phone, ageing.total, *ageing, oldest)
        found.append(Ranked(ageing.total, name, row))
    return parts.table(spec, largest_first(found), first, last)
