"""Refunds, credit notes, discounts given and sales cancelled at the till, one list with
their counts and amounts as key figures."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from duka.core.errors import InvalidInput
from duka.core.money import Money
from duka.core.reports import Cell, ColumnKind, Figure, ReportSpec, ReportTable
from duka.i18n import N_, _
from duka.services.clock import days_between
from duka.services.reports.parts import ReportParts
from duka.store import report_reads


def refunds(
    parts: ReportParts, spec: ReportSpec, first: dt.date, last: dt.date, _o: Mapping[str, Any]
) -> ReportTable:
    db = parts.db
    currency = parts.currency()
    since, until = days_between(first, last)
    assert since is not None and until is not None
    start, end = first.isoformat(), last.isoformat()
    ids = parts.ids()  # one till's documents, or every till's
    refund_list = report_reads.refund_list(db, since, until, ids)
    refunded: list[tuple[Cell, ...]] = [
        ("refund", r.day, r.number, r.actor, r.sale_number, r.reason, r.gross) for r in refund_list
    ]
    note_list = report_reads.credit_note_list(db, start, end, ids)
    notes: list[tuple[Cell, ...]] = [
        ("credit_note", n.day, n.number, n.actor, n.invoice_number, n.notes, n.gross)
        for n in note_list
    ]
    discount_list = report_reads.discount_list(db, since, until, start, end, ids)
    discounts: list[tuple[Cell, ...]] = []
    for d in discount_list:
        reason = _("Approved by {name}").format(name=d.approved_by) if d.approved_by else ""
        discounts.append(("discount", d.day, d.number, d.actor, "", reason, d.discount))
    voids: list[tuple[Cell, ...]] = []
    voided = 0
    for v in report_reads.cancelled_sales(db, since, until, ids):
        items, total = _cancelled(v.before, currency)
        reason = str(_json(v.after).get("reason", "")) if v.after else ""
        voids.append(("void", v.day, "", v.actor, items, reason, total))
        voided += total or 0
    refunds_total = sum(r.gross for r in refund_list)
    notes_total = sum(n.gross for n in note_list)
    discounts_total = sum(d.discount for d in discount_list)
    figures: list[Figure] = []
    for title, count_title, count, amount in (
        (N_("Refunds"), N_("Number of refunds"), len(refunded), refunds_total),
        (N_("Credit notes"), N_("Number of credit notes"), len(notes), notes_total),
        (N_("Discounts"), N_("Sales with a discount"), len(discounts), discounts_total),
        (N_("Cancelled sales"), N_("Number of cancelled sales"), len(voids), voided),
    ):
        figures.append(Figure(count_title, count, ColumnKind.COUNT))
        figures.append(Figure(title, amount, ColumnKind.MONEY))
    rows = refunded + notes + discounts + voids
    return parts.table(spec, rows, first, last, totals=False, figures=tuple(figures))


def _json(text: str | None) -> dict[str, Any]:
    try:
        found = json.loads(text) if text else {}
    except ValueError:
        return {}
    return found if isinstance(found, dict) else {}


def _cancelled(before: str | None, currency: str) -> tuple[str, int | None]:
    """What a cancelled sale held (its first lines) and its total in minor units, from the
    audit trail."""
    content = _json(before)
    lines = [str(line) for line in content.get("lines", []) if line]
    items = "; ".join(lines[:3]) + (" …" if len(lines) > 3 else "")
    amount, _sep, code = str(content.get("total", "")).partition(" ")
    if code not in ("", currency):
        return items, None
    try:
        return items, Money.of(Decimal(amount), currency).minor
    except (InvalidOperation, InvalidInput):
        return items, None
