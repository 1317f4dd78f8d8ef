"""Discounts by promotion: what each promotion saved customers over a period."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from duka.core.reports import Cell, ColumnKind, Figure, ReportSpec, ReportTable
from duka.i18n import N_
from duka.services.clock import days_between
from duka.services.reports.parts import ReportParts
from duka.store import promotions_repo


def by_promotion(
    parts: ReportParts, spec: ReportSpec, first: dt.date, last: dt.date, _o: Mapping[str, Any]
) -> ReportTable:
    since, until = days_between(first, last)
    assert since is not None and until is not None
    saved = promotions_repo.saved_between(parts.db, since, until, parts.ids())
    rows: list[tuple[Cell, ...]] = [(s.name, s.sales, s.lines, s.saving) for s in saved]
    figures = (Figure(N_("Saved by promotions"), sum(s.saving for s in saved), ColumnKind.MONEY),)
    return parts.table(spec, rows, first, last, figures=figures)
