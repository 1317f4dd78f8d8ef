"""A purchase order to send a supplier, on A4: what the shop orders, how much of each and at
what cost it expects to pay. Every text arrives translated and formatted."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from duka.documents.stock_lists import (
    ColumnSpec,
    PageLabel,
    TableDocument,
    TableRow,
    plain_page_label,
    write_table_pdf,
)


@dataclass(frozen=True, slots=True)
class OrderItem:
    name: str
    quantity: str
    unit: str
    unit_cost: str
    total: str


@dataclass(frozen=True, slots=True)
class OrderDocument:
    shop_name: str
    number: str
    date: str
    supplier: str
    items: Sequence[OrderItem]
    total: str
    supplier_phone: str = ""
    supplier_tax_id: str = ""
    note: str = ""
    state: str = ""  # "Cancelled" on an order that was: nobody should deliver it


@dataclass(frozen=True, slots=True)
class OrderTitles:
    title: str
    supplier: str
    phone: str
    tax_id: str
    date: str
    note: str
    product: str
    quantity: str
    unit: str
    unit_cost: str
    total: str
    grand_total: str  # "Total {amount}"


def write_purchase_order(
    path: Path,
    order: OrderDocument,
    *,
    titles: OrderTitles,
    page_label: PageLabel = plain_page_label,
    right_to_left: bool = False,
) -> int:
    """The order as a PDF at `path`; returns the number of pages."""
    columns = (
        ColumnSpec(titles.product, 0.40, max_lines=2),
        ColumnSpec(titles.quantity, 0.13, align_end=True),
        ColumnSpec(titles.unit, 0.11),
        ColumnSpec(titles.unit_cost, 0.17, align_end=True, shrink=True),
        ColumnSpec(titles.total, 0.19, align_end=True, shrink=True),
    )
    rows = [
        TableRow((item.name, item.quantity, item.unit, item.unit_cost, item.total))
        for item in order.items
    ]
    details = [(titles.supplier, order.supplier)]
    if order.supplier_phone:
        details.append((titles.phone, order.supplier_phone))
    if order.supplier_tax_id:
        details.append((titles.tax_id, order.supplier_tax_id))
    details.append((titles.date, order.date))
    if order.note:
        details.append((titles.note, order.note))
    document = TableDocument(
        title=titles.title,
        columns=columns,
        rows=rows,
        shop_name=order.shop_name,
        subtitle_lines=(order.state,) if order.state else (),
        details=details,
        footer_lines=(titles.grand_total.format(amount=order.total),),
        page_label=page_label,
        right_to_left=right_to_left,
    )
    return write_table_pdf(path, document)
