"""A report as an Excel workbook: one sheet, the column titles as the reader reads them,
numbers kept as numbers (money with the currency's decimals), dates as dates, and the totals
row in bold. Text cells stay text, whatever they start with (a product named "=1+1" is not
a formula)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from duka.documents.output import atomic_path

_FORBIDDEN = str.maketrans({ch: " " for ch in "[]:*?/\\"})


@dataclass(frozen=True, slots=True)
class SheetColumn:
    title: str
    kind: str  # a core.reports.ColumnKind value: text, label, date, month, money...
    money_digits: int = 2


def _number_format(column: SheetColumn) -> str | None:
    if column.kind == "money":
        return "#,##0" + ("." + "0" * column.money_digits if column.money_digits else "")
    if column.kind == "quantity":
        return "#,##0.###"
    if column.kind == "count":
        return "#,##0"
    if column.kind == "percent":
        return '0.00"%"'
    if column.kind == "rate":
        return '0.###"%"'
    if column.kind == "date":
        return "yyyy-mm-dd"
    if column.kind == "month":
        return "yyyy-mm"
    return None


def _width(column: SheetColumn) -> float:
    if column.kind in ("text", "label"):
        return 28.0
    return max(12.0, min(24.0, len(column.title) * 1.1))


def write_report_xlsx(
    path: Path,
    title: str,
    columns: Sequence[SheetColumn],
    rows: Sequence[Sequence[object]],
    totals: Sequence[object] | None = None,
) -> None:
    """Write the workbook at `path` atomically. Cells are str, int, Decimal, dt.date or
    None."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    sheet = book.create_sheet((title.translate(_FORBIDDEN).strip() or "Report")[:31])
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = _width(column)
    formats = [_number_format(column) for column in columns]
    bold = Font(bold=True)

    def cell(value: object, number_format: str | None, strong: bool) -> WriteOnlyCell:
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, Decimal):
            value = int(value) if value == value.to_integral_value() else value
        made = WriteOnlyCell(sheet, value=value)
        if isinstance(value, str):
            made.data_type = "s"  # never a formula
        elif number_format is not None and value is not None:
            made.number_format = number_format
        if strong:
            made.font = bold
        return made

    try:
        sheet.append([cell(column.title, None, True) for column in columns])
        for row in rows:
            sheet.append([cell(v, f, False) for v, f in zip(row, formats, strict=True)])
        if totals is not None:
            sheet.append([cell(v, f, True) for v, f in zip(totals, formats, strict=True)])
    except BaseException:
        sheet.close()
        raise
    with atomic_path(path) as part:
        book.save(part)
