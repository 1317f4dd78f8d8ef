"""From a file's rows to products: variants, parents and continuation rows put together.

Other systems spread one product over several rows: Shopify writes a product's other variants
(and its extra images) on rows that carry only the handle and the variant's own fields;
WooCommerce writes a "variable" parent and then its "variation" rows, the category only on
the parent; Odoo and ERPNext write a second tax or barcode on the next row with every main
column empty. Each product becomes one `Record`: its own cells, plus what it takes from its
parent where its row leaves a field empty. Duka has no variants of its own yet, so each variant
is a product named after its parent and its option values.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from duka.core.cells import unescape_cell
from duka.core.moving_in.layout import Layout, is_key_row
from duka.core.moving_in.products import Field
from duka.i18n import N_

Cell = tuple[str, str]  # (the file's header, the text in it)

# What a variant takes from its parent where its own row is empty. Not its price or cost:
# a variant row without a price is said to need one, never sold at a sibling's price.
INHERITED = frozenset(
    {
        Field.NAME,
        Field.CATEGORY,
        Field.CATEGORY_ALT,
        Field.UNIT,
        Field.SOLD_BY_WEIGHT,
        Field.TAX,
        Field.TAX_BY_PERCENT,
        Field.TAX_PERCENT,
        Field.TAXABLE,
        Field.TAX_STATUS,
        Field.TAX_CLASS,
        Field.ACTIVE,
        Field.INACTIVE,
        Field.STATUS,
        Field.PUBLISHED,
        Field.NOTES,
    }
)
# A later row of a handle that fills none of these is not a product (Shopify's image rows).
_PRODUCT_FIELDS = frozenset(
    {
        Field.NAME,
        Field.SKU,
        Field.BARCODE,
        Field.PRICE,
        Field.SALE_PRICE,
        Field.COST,
        Field.OPTION_VALUE,
        Field.VARIANT_NAME,
        Field.STOCK,
    }
)
# A continuation row (Odoo's second tax, ERPNext's second barcode) fills none of these: a
# row that does is a product of its own, with a problem if it lacks a name.
_MAIN = frozenset(
    {
        Field.NAME,
        Field.SKU,
        Field.ROW_ID,
        Field.HANDLE,
        Field.PRICE,
        Field.SALE_PRICE,
        Field.COMPUTED_PRICE,
        Field.COST,
        Field.STOCK,
        Field.CATEGORY,
        Field.UNIT,
        Field.ACTIVE,
        Field.INACTIVE,
        Field.REORDER_LEVEL,
    }
)
# Names systems give the one variant of a product that has none.
_PLACEHOLDERS = frozenset({"", "default title", "default", "regular"})


@dataclass(slots=True)
class Record:
    """One product as the file describes it, and the row it is on."""

    row: int
    values: dict[Field, list[Cell]]
    # what was said about the row as it was put together (a variable parent, a lost parent)
    notices: list[tuple[int, str, str, dict[str, str]]] = field(default_factory=list)

    def first(self, which: Field) -> Cell | None:
        cells = self.values.get(which)
        return cells[0] if cells else None


@dataclass(slots=True)
class Assembled:
    records: list[Record]
    # (row, header, message id, arguments): said about rows that are not products
    notices: list[tuple[int, str, str, dict[str, str]]]


def _cells(
    cells: Sequence[str], columns: Sequence[tuple[int, Field, str]]
) -> dict[Field, list[Cell]]:
    values: dict[Field, list[Cell]] = {}
    size = len(cells)
    for index, which, header in columns:
        if index < size:
            # An export guards formula-like text with an apostrophe; the import takes it off.
            text = unescape_cell(cells[index]).strip()
            if text:
                found = values.get(which)
                if found is None:
                    values[which] = [(header, text)]
                else:
                    found.append((header, text))
    return values


def assemble(
    rows: Iterable[tuple[int, Sequence[str]]],
    headers: Sequence[str],
    fields: Sequence[Field | None],
    layout: Layout[Field] | None,
) -> Assembled:
    columns = [(i, f, headers[i]) for i, f in enumerate(fields) if f is not None]
    used = {f for _i, f, _h in columns}
    read = ((n, _cells(c, columns), c) for n, c in rows)
    if layout is not None and layout.key_row_prefixes:
        read = ((n, v, c) for n, v, c in read if not is_key_row(c, layout))
    plain = ((n, v) for n, v, _c in read)
    if Field.HANDLE in used:
        return _by_handle(plain)
    if Field.PARENT in used and Field.ROW_TYPE in used:
        return _by_parent(plain)
    continuing = layout is not None and layout.continuation_rows
    return _in_order(plain, continuing, Field.VARIANT_NAME in used)


def _in_order(
    rows: Iterable[tuple[int, dict[Field, list[Cell]]]], continuing: bool, variants: bool
) -> Assembled:
    records: list[Record] = []
    head: dict[Field, list[Cell]] | None = None
    for number, values in rows:
        if not values:
            continue
        if continuing and records and _MAIN.isdisjoint(values):
            last = records[-1].values
            for which, cells in values.items():
                last.setdefault(which, []).extend(cells)
            continue
        if variants:
            # Square: a variation's row may leave the item's fields to the row above.
            if Field.NAME in values or head is None:
                head = values
            else:
                values = _inherit(values, head)
            values = _name_variant(values, head, [])
        elif Field.OPTION_VALUE in values and Field.NAME in values:
            # Odoo's variants: one row each, "Color: Red, Size: M" beside the name
            values = _name_variant(values, values, _option_words(values))
        records.append(Record(number, values))
    return Assembled(records, [])


def _option_words(values: dict[Field, list[Cell]]) -> list[str]:
    """Option values, without the attribute names Odoo writes before them."""
    words = []
    for _header, text in values.get(Field.OPTION_VALUE, []):
        for part in text.split(","):
            value = part.split(":", 1)[-1].strip()
            if value:
                words.append(value)
    return words


def _inherit(
    own: dict[Field, list[Cell]], parent: dict[Field, list[Cell]]
) -> dict[Field, list[Cell]]:
    merged = dict(own)
    for which in INHERITED:
        if which not in merged and which in parent:
            merged[which] = parent[which]
    return merged


def _name_variant(
    values: dict[Field, list[Cell]], parent: dict[Field, list[Cell]], options: list[str]
) -> dict[Field, list[Cell]]:
    """The variant's name: its own where the file gives it one of its own, else its
    parent's with the option values ("Classic Tee (Red, M)")."""
    parent_name = parent.get(Field.NAME)
    own = values.get(Field.NAME)
    if own and (parent_name is None or own[0][1] != parent_name[0][1]) and values is not parent:
        return values
    named = own or parent_name
    if not named:
        return values
    base = named[0]
    words = [v for v in options if v.strip().casefold() not in _PLACEHOLDERS]
    variant = values.get(Field.VARIANT_NAME)
    if variant and not words and variant[0][1].strip().casefold() not in _PLACEHOLDERS:
        words = [variant[0][1]]
    if not words:
        return values if own else {**values, Field.NAME: [base]}
    header, name = base
    return {**values, Field.NAME: [(header, f"{name} ({', '.join(words)})")]}


def _options(values: dict[Field, list[Cell]]) -> list[str]:
    return [text for _h, text in values.get(Field.OPTION_VALUE, [])]


def _by_handle(rows: Iterable[tuple[int, dict[Field, list[Cell]]]]) -> Assembled:
    """Shopify, Loyverse, Vend: the rows of one product share its handle; the first carries
    the product's fields, the others its variants' (or only an image)."""
    heads: dict[str, dict[Field, list[Cell]]] = {}
    grouped: list[tuple[int, dict[Field, list[Cell]], str]] = []
    for number, values in rows:
        if not values:
            continue
        handle_cell = values.get(Field.HANDLE)
        handle = handle_cell[0][1].casefold() if handle_cell else f"\x00{number}"
        if handle not in heads:
            heads[handle] = values
        elif not any(f in values for f in _PRODUCT_FIELDS):
            continue  # an image of the product above, or its SEO text
        grouped.append((number, values, handle))
    records = []
    for number, values, handle in grouped:
        head = heads[handle]
        merged = values if values is head else _inherit(values, head)
        options = _options(values)
        records.append(Record(number, _name_variant(merged, head, options)))
    return Assembled(records, [])


def _by_parent(rows: Iterable[tuple[int, dict[Field, list[Cell]]]]) -> Assembled:
    """WooCommerce: "variation" rows name their "variable" parent (`id:12` or its SKU) and
    take its category, tax and status; the parent itself is not sold."""
    listed = list(rows)
    by_ref: dict[str, dict[Field, list[Cell]]] = {}
    for _number, values in listed:
        row_id = values.get(Field.ROW_ID)
        if row_id:
            by_ref[f"id:{row_id[0][1]}".casefold()] = values
        sku = values.get(Field.SKU)
        if sku:
            by_ref.setdefault(sku[0][1].casefold(), values)
    records: list[Record] = []
    notices: list[tuple[int, str, str, dict[str, str]]] = []
    for number, values in listed:
        if not values:
            continue
        kind_cell = values.get(Field.ROW_TYPE)
        kinds = {k.strip().casefold() for k in kind_cell[0][1].split(",")} if kind_cell else set()
        header = kind_cell[0][0] if kind_cell else ""
        if "variable" in kinds:
            notices.append((number, header, _VARIABLE, {}))
            continue
        if "grouped" in kinds:
            notices.append((number, header, _GROUPED, {}))
            continue
        parent_cell = values.get(Field.PARENT)
        if "variation" in kinds or parent_cell:
            parent = by_ref.get(parent_cell[0][1].strip().casefold()) if parent_cell else None
            if parent is None:
                record = Record(number, values)
                if parent_cell:
                    said = (number, parent_cell[0][0], _NO_PARENT, {"parent": parent_cell[0][1]})
                    record.notices.append(said)
                records.append(record)
                continue
            merged = _inherit(values, parent)
            records.append(Record(number, _name_variant(merged, parent, _options(values))))
            continue
        records.append(Record(number, values))
    return Assembled(records, notices)


_VARIABLE = N_("A product with variations: each variation is imported as a product of its own.")
_GROUPED = N_("A group of other products, not a product itself: not imported.")
_NO_PARENT = N_("Its parent “{parent}” is not in the file: imported with its own fields only.")
