"""Importing products from CSV and Excel files, and exporting them to the same format.

An import is read and checked in full first (a preview: what each column is, which rows
add or change products, and every problem with its row, column and reason); only then,
when the person accepts, is it written, in one transaction. Rows match existing products
by code (SKU), else by barcode, else by a name that only one product has; a matched
product keeps whatever the file leaves empty. The stock column is what is on the shelf:
a new product opens with it, an existing one is counted to it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from duka.core.access import Permission
from duka.core.audit import AuditAction
from duka.core.barcodes import Barcode
from duka.core.changes import Area
from duka.core.errors import Conflict, InvalidInput, UserError
from duka.core.list_price_columns import ListColumn
from duka.core.money import Money
from duka.core.moving_in.assemble import assemble
from duka.core.moving_in.layout import recognise
from duka.core.moving_in.products import (
    ASKED_BY_WORD,
    FIELD_OF_COLUMN,
    LAYOUTS,
    NUMBER_FIELDS,
    UNREAD,
    Field,
    match_fields,
)
from duka.core.moving_in.reading import RecordReader
from duka.core.product_import import (
    NUMBER_COLUMNS,
    Column,
    ImportedRow,
    RowProblem,
    barcodes_text,
    category_text,
    money_text,
    quantity_text,
)
from duka.core.products import Product, ProductDraft, check_quantity
from duka.core.quantity import Quantity
from duka.core.settings import CURRENCY, TAX_RATES
from duka.core.stock import MovementKind
from duka.core.tax import TaxRate
from duka.core.variants import (
    VALUE_SEPARATOR,
    VariantOption,
    options_from_json,
    options_json,
    options_text,
    values_from_json,
    values_json,
    values_text,
)
from duka.documents.tables import Table as Table  # the interface reads tables through here
from duka.documents.tables import read_table, write_csv, write_xlsx
from duka.i18n import N_
from duka.services import list_price_exchange
from duka.services.access_rules import allowed, require
from duka.services.collecting import collecting_later
from duka.services.context import Context
from duka.services.imports import (
    ImportAction,
    ImportCancelled,
    ImportResult,
    Progress,
    numbers_mark,
)
from duka.services.imports import ImportPreview as Preview
from duka.services.settings import SettingsService
from duka.services.trail import record
from duka.store import journal, numbering, products_repo, stock_repo, variants_repo
from duka.store.database import Connection

ImportPreview = Preview[Field, "PlannedRow"]


@dataclass(frozen=True, slots=True)
class PlannedRow:
    row: int
    action: ImportAction
    product_id: int | None
    draft: ProductDraft
    active: bool
    stock: Quantity | None  # what is on the shelf, if the file says
    stock_now: Quantity = Quantity(0)  # noqa: RUF009 - an immutable value
    family: Family | None = None  # a parent's options or a variant's parent and values
    # Its list prices and breaks (services/list_price_exchange.py): (column, price or None)
    list_prices: tuple[tuple[ListColumn, int | None], ...] = ()


class ProductExchange:
    def __init__(self, context: Context, settings: SettingsService) -> None:
        self._ctx = context
        self._settings = settings

    # -- reading and checking ----------------------------------------------------------

    def read(self, path: Path) -> Table:
        """The table in a CSV or Excel file (InvalidInput if it is not one)."""
        return read_table(Path(path))

    def preview(
        self,
        path: Path,
        table: Table | None = None,
        mapping: Sequence[Field | Column | None] | None = None,
        mark: str | None = None,
    ) -> ImportPreview:
        """Read every row of `path` and check it against the shop; `mapping` overrides
        what each column holds (a field, or one of Duka's columns), `mark` the decimal mark
        found in the numbers."""
        require(self._ctx, Permission.MANAGE_PRODUCTS)
        with collecting_later():
            table = table if table is not None else self.read(path)
            return self._preview(path, table, mapping, mark)

    def _preview(
        self,
        path: Path,
        table: Table,
        mapping: Sequence[Field | Column | None] | None,
        mark: str | None,
    ) -> ImportPreview:
        layout = recognise(table.headers, LAYOUTS)
        if mapping is None:
            fields = match_fields(table.headers, layout)
        else:
            chosen = tuple(FIELD_OF_COLUMN[m] if isinstance(m, Column) else m for m in mapping)
            fields = (chosen + (None,) * len(table.headers))[: len(table.headers)]
        if not set(fields) & {Field.NAME, Field.SKU, Field.BARCODE}:
            raise InvalidInput(
                N_(
                    "No column of {name} holds product names, codes or barcodes. Its "
                    "first row should name the columns, e.g. name, price, barcodes."
                ),
                name=Path(path).name,
            )
        shop = self._settings.load()
        if not shop.is_set_up:
            raise InvalidInput(
                N_("Set up the shop first (its name, country and currency), then import.")
            )
        if mark is None:
            mark = numbers_mark(table, fields, NUMBER_FIELDS, shop)
        currency = str(shop[CURRENCY])
        rates: tuple[TaxRate, ...] = shop[TAX_RATES]
        reader = RecordReader(
            mark,
            currency,
            rates,
            known_codes=products_repo.codes_of_length(self._ctx.db, 11),
            asked_by_word=layout is not None and layout.system in ASKED_BY_WORD,
        )
        preview = ImportPreview(Path(path), table, fields, mark)
        preview.system = layout.system if layout is not None else None
        preview.unused = [
            h for h, f in zip(table.headers, fields, strict=True) if f in UNREAD and h.strip()
        ]
        assembled = assemble(table.rows, table.headers, fields, layout)
        for row, header, message, params in assembled.notices:
            preview.notices.append(RowProblem(row, header, UserError(message, **params)))
        rows: list[ImportedRow] = []
        troubled: list[tuple[ImportedRow, set[str]]] = []
        for found in assembled.records:
            read = reader.read(found)
            preview.notices.extend(read.notices)
            if read.problems:
                preview.problems.extend(read.problems)
                troubled.append((read.row, {p.column for p in read.problems}))
            else:
                rows.append(read.row)
        _Planner(self._ctx.db, currency, fields, preview).plan(rows, troubled)
        list_price_exchange.read_columns(preview, currency)
        preview.problems.sort(key=lambda p: p.row)
        preview.notices.sort(key=lambda p: p.row)
        return preview

    # -- writing -------------------------------------------------------------------------

    def apply(
        self, preview: ImportPreview, skip_invalid: bool = False, progress: Progress | None = None
    ) -> ImportResult:
        """Write the previewed rows in one transaction. Rows with problems stop it unless
        `skip_invalid`; `progress` may cancel it, leaving nothing written."""
        require(self._ctx, Permission.MANAGE_PRODUCTS)
        if any(p.stock is not None for p in preview.planned):
            require(self._ctx, Permission.ADJUST_STOCK)
        preview.check(skip_invalid)
        with collecting_later():
            return _Writer(self._ctx, preview, progress).write()

    # -- exporting -----------------------------------------------------------------------

    def export(self, path: Path, progress: Progress | None = None) -> int:
        """Write every product, active and archived, to a CSV or (by its name) an Excel
        file that `preview` reads back exactly; returns how many were written."""
        require(self._ctx, Permission.EXPORT_DATA)
        path = Path(path)
        costs = allowed(self._ctx, Permission.SEE_COSTS)
        columns = [c for c in Column if costs or c is not Column.COST]
        workbook = path.suffix.lower() == ".xlsx"
        total = products_repo.count_products(self._ctx.db)
        categories = {c.id: c.path for c in products_repo.categories(self._ctx.db)}
        currency = self._settings.currency()
        written = 0
        listed = list_price_exchange.export_columns(self._ctx.db)

        def rows() -> Iterator[list[str | Decimal]]:
            nonlocal written
            after = 0
            while True:
                chunk = products_repo.export_rows(self._ctx.db, after, 2000)
                if not chunk:
                    return
                families = variants_repo.export_options(self._ctx.db, [int(r[0]) for r in chunk])
                prices = list_price_exchange.export_cells(
                    self._ctx.db, [int(raw[0]) for raw in chunk], listed, currency
                )
                for raw in chunk:
                    values = _export_values(raw, categories, currency)
                    values.update(_family_values(families.get(int(raw[0]))))
                    yield [
                        (_number(values[c]) if workbook and c in NUMBER_COLUMNS else values[c])
                        for c in columns
                    ] + [
                        _number(cell) if workbook else cell
                        for cell in prices.get(int(raw[0]), [""] * len(listed))
                    ]
                    written += 1
                after = int(chunk[-1][0])
                if progress is not None and not progress(written, total):
                    raise ImportCancelled()

        headers = [c.value for c in columns] + [column.header for column, _list in listed]
        if workbook:
            write_xlsx(path, headers, rows())
        else:
            write_csv(path, headers, rows())  # type: ignore[arg-type]
        record(self._ctx, AuditAction.EXPORT, path.name, after={"products": written})
        return written


def _family_values(found: tuple[str | None, str, str] | None) -> dict[Column, str]:
    """The parent and options columns of a product (empty for one without variants)."""
    if found is None:
        return {Column.PARENT: "", Column.OPTIONS: ""}
    parent_sku, parent_options, own = found
    if not parent_options:  # a parent: its own options
        return {Column.PARENT: "", Column.OPTIONS: options_text(options_from_json(own))}
    return {
        Column.PARENT: parent_sku or "",
        Column.OPTIONS: values_text(options_from_json(parent_options), values_from_json(own)),
    }


def _family_json(family: Family) -> str:
    """What a product's `options` column holds for this family."""
    if family.parent is None:
        return options_json(family.options)
    return values_json([o.values[0] for o in family.options])


@dataclass(frozen=True, slots=True)
class Family:
    """What an imported row says of variants: a parent's options (`parent` None), or the
    parent (a row of the file, or a product of the shop) and values of a variant."""

    options: tuple[VariantOption, ...]
    parent: str | None = None  # the parent's code
    parent_row: int | None = None  # the parent's row in the file
    parent_id: int | None = None  # the parent in the shop


def _number(text: str) -> Decimal | str:
    return Decimal(text) if text else ""


def _export_values(
    raw: tuple[Any, ...], categories: dict[int, tuple[str, ...]], currency: str
) -> dict[Column, str]:
    (_id, name, sku, codes, category, unit, price, cost, tax, reorder, stock, active, notes,
     asked) = raw  # fmt: skip
    barcodes = []
    for item in str(codes).split("\x1f") if codes else []:
        code, _, milli = item.rpartition("=")
        barcodes.append(Barcode(code, Quantity(int(milli))))
    return {
        Column.NAME: str(name),
        Column.SKU: str(sku or ""),
        Column.BARCODES: barcodes_text(barcodes),
        Column.CATEGORY: category_text(categories.get(category, ())),
        Column.UNIT: str(unit),
        Column.PRICE: money_text(Money(int(price), currency)),
        Column.COST: money_text(Money(int(cost), currency)),
        Column.TAX: str(tax or ""),
        Column.REORDER_LEVEL: quantity_text(Quantity(int(reorder))),
        Column.STOCK: quantity_text(Quantity(int(stock))),
        Column.ACTIVE: "yes" if active else "no",
        Column.NOTES: str(notes or ""),
        Column.PRICE_ASKED: "yes" if asked else "no",
    }


class _Planner:
    """Matches rows to products and checks what each would become."""

    def __init__(
        self,
        db: Connection,
        currency: str,
        fields: Sequence[Field | None],
        preview: ImportPreview,
    ) -> None:
        self._db = db
        self._currency = currency
        self._fields = fields
        self._preview = preview

    def _header(self, which: Field) -> str:
        """The file's header for `which`; empty when the file has no such column."""
        if which in self._fields:
            return self._preview.headers[self._fields.index(which)]
        return ""

    def _problem(self, row: int, which: Field, error: UserError) -> None:
        self._preview.problems.append(RowProblem(row, self._header(which), error))

    def plan(self, rows: list[ImportedRow], troubled: list[tuple[ImportedRow, set[str]]]) -> None:
        """Plan `rows`; of the `troubled` ones (with problems in the named columns), only
        say what else is wrong, so that a row's problems come as one list."""
        rows = self._unique_in_file(rows)
        every = rows + [row for row, _headers in troubled]
        skus = products_repo.ids_by_sku(self._db, [r.sku for r in every if r.sku])
        codes = products_repo.ids_by_barcode(
            self._db, [b.code for r in every if r.barcodes for b in r.barcodes]
        )
        bare = [r.name for r in every if r.name and not r.sku and not r.barcodes]
        by_name: dict[str, list[int]] = {}
        for name, product_id in products_repo.ids_by_name(self._db, bare):
            by_name.setdefault(name.casefold(), []).append(product_id)
        for row in rows:
            self._plan_row(row, skus, codes, by_name)
        self._plan_families(rows)
        for row, headers in troubled:
            try:
                found = self._match(row, skus, codes, by_name)
            except UserError:
                found = None
            if found is not None:
                continue
            for which, error in self._missing(row):
                if self._header(which) not in headers:
                    self._problem(row.row, which, error)

    def _plan_families(self, rows: list[ImportedRow]) -> None:
        """Check what rows say of variants: a variant's parent is a row of the file or a
        product of the shop with options, and its values are one of each of its options,
        a combination no other row of the parent has."""
        told = [r for r in rows if r.options is not None or r.parent]
        if not told:
            return
        at = {p.row: i for i, p in enumerate(self._preview.planned)}
        in_file = {r.sku.casefold(): r for r in told if r.options and not r.parent and r.sku}
        shop = products_repo.ids_by_sku(
            self._db, [r.parent for r in told if r.parent and r.parent.casefold() not in in_file]
        )
        taken: dict[tuple[str, ...], int] = {}
        dropped: set[int] = set()
        for row in told:
            index = at.get(row.row)
            if index is None:
                continue
            try:
                family = self._family(row, in_file, shop)
            except UserError as error:
                self._problem(row.row, Field.OPTIONS, error)
                dropped.add(index)
                continue
            if family.parent is not None:
                key = (family.parent.casefold(), *(o.values[0].casefold() for o in family.options))
                first = taken.setdefault(key, row.row)
                if first != row.row:
                    self._problem(
                        row.row,
                        Field.OPTIONS,
                        Conflict(
                            N_("The variant {values} of {parent} is also on row {row}."),
                            values=" / ".join(o.values[0] for o in family.options),
                            parent=family.parent,
                            row=first,
                        ),
                    )
                    dropped.add(index)
                    continue
            planned = self._preview.planned[index]
            action = planned.action
            if action is ImportAction.UNCHANGED and planned.product_id is not None:
                kept = variants_repo.options_of(self._db, planned.product_id)
                if kept is None or kept[1] != _family_json(family):
                    action = ImportAction.UPDATE
            self._preview.planned[index] = replace(planned, family=family, action=action)
        if dropped:
            self._preview.planned[:] = [
                p for i, p in enumerate(self._preview.planned) if i not in dropped
            ]

    def _family(
        self, row: ImportedRow, in_file: dict[str, ImportedRow], shop: dict[str, int]
    ) -> Family:
        if not row.parent:
            assert row.options is not None
            return Family(row.options)
        if not row.options:
            raise InvalidInput(
                N_("A variant needs its values in the options column (Size=M; Colour=Red).")
            )
        source = in_file.get(row.parent.casefold())
        parent_id = None
        if source is not None and source.options:
            options = source.options
        else:
            parent_id = shop.get(row.parent)
            found = variants_repo.options_of(self._db, parent_id) if parent_id else None
            if found is None or found[0] is not None or not found[1]:
                raise InvalidInput(
                    N_("No product with options has the code “{parent}”, in the file or the "
                       "shop."),
                    parent=row.parent,
                )  # fmt: skip
            options = options_from_json(found[1])
        if [o.name.casefold() for o in row.options] != [o.name.casefold() for o in options]:
            raise InvalidInput(
                N_("A variant of {parent} gives one value of each of its options: {options}."),
                parent=row.parent,
                options=", ".join(o.name for o in options),
            )
        values = []
        for mine, theirs in zip(row.options, options, strict=True):
            spelled = {v.casefold(): v for v in theirs.values}
            if len(mine.values) != 1 or mine.values[0].casefold() not in spelled:
                raise InvalidInput(
                    N_("{parent} has no {option} “{value}”."),
                    parent=row.parent,
                    option=theirs.name,
                    value=VALUE_SEPARATOR.join(mine.values),
                )
            values.append(VariantOption(theirs.name, (spelled[mine.values[0].casefold()],)))
        return Family(
            tuple(values),
            parent=row.parent,
            parent_row=source.row if source is not None else None,
            parent_id=parent_id,
        )

    def _unique_in_file(self, rows: list[ImportedRow]) -> list[ImportedRow]:
        """Rows whose code or barcodes another row already has are problems."""
        seen_sku: dict[str, int] = {}
        seen_code: dict[str, int] = {}
        kept = []
        for row in rows:
            clash = False
            if row.sku:
                first = seen_sku.setdefault(row.sku.casefold(), row.row)
                if first != row.row:
                    clash = True
                    self._problem(
                        row.row,
                        Field.SKU,
                        Conflict(
                            N_("The code “{sku}” is also on row {row}."), sku=row.sku, row=first
                        ),
                    )
            for barcode in row.barcodes or ():
                first = seen_code.setdefault(barcode.code, row.row)
                if first != row.row:
                    clash = True
                    self._problem(
                        row.row,
                        Field.BARCODE,
                        Conflict(
                            N_("The barcode {code} is also on row {row}."),
                            code=barcode.code,
                            row=first,
                        ),
                    )
            if not clash:
                kept.append(row)
        return kept

    def _match(
        self,
        row: ImportedRow,
        skus: dict[str, int],
        codes: dict[str, int],
        by_name: dict[str, list[int]],
    ) -> int | None:
        """The product this row is about, or None for a new one (raises on a clash)."""
        owners = {codes[b.code] for b in row.barcodes or () if b.code in codes}
        if row.sku:
            found = skus.get(row.sku)
            if found is None and len(owners) == 1:
                # a new code for a product that had none, known by its barcode
                owner = next(iter(owners))
                product = products_repo.get_product(self._db, owner, self._currency)
                found = owner if product is not None and product.draft.sku is None else None
        elif row.barcodes:
            found = next(iter(owners)) if len(owners) == 1 else None
        else:
            candidates = by_name.get((row.name or "").casefold(), [])
            found = candidates[0] if len(candidates) == 1 else None
        for barcode in row.barcodes or ():
            holder = codes.get(barcode.code)
            if holder is not None and holder != found:
                raise Conflict(
                    N_("The barcode {code} already belongs to another product."),
                    code=barcode.code,
                )
        return found

    def _plan_row(
        self,
        row: ImportedRow,
        skus: dict[str, int],
        codes: dict[str, int],
        by_name: dict[str, list[int]],
    ) -> None:
        try:
            product_id = self._match(row, skus, codes, by_name)
        except UserError as error:
            self._problem(row.row, Field.BARCODE, error)
            return
        current = None
        if product_id is not None:
            current = products_repo.get_product(self._db, product_id, self._currency)
            if not row.sku and not row.barcodes:
                row = replace(row, name=None)  # found by its name: keep it as it is written
        try:
            draft, active = self._draft(row, current)
        except _CellProblems as refused:
            for which, problem in refused.problems:
                self._problem(row.row, which, problem)
            return
        if current is None:
            action = ImportAction.NEW
        elif (
            draft == current.draft
            and active == current.active
            and (row.stock is None or row.stock == current.stock)
        ):
            action = ImportAction.UNCHANGED
        else:
            action = ImportAction.UPDATE
        self._preview.planned.append(
            PlannedRow(
                row.row,
                action,
                product_id,
                draft,
                active,
                row.stock,
                current.stock if current is not None else Quantity(0),
            )
        )

    def _missing(self, row: ImportedRow) -> list[tuple[Field, UserError]]:
        """What a new product needs that the row does not give."""
        missing: list[tuple[Field, UserError]] = []
        if row.name is None:
            missing.append((Field.NAME, InvalidInput(N_("A new product needs a name."))))
        if row.price is None and not row.price_asked:
            needs = (
                N_("A new product needs a price.")
                if Field.PRICE in self._fields
                else N_("A new product needs a price, and the file has no price column.")
            )
            missing.append((Field.PRICE, InvalidInput(needs)))
        return missing

    def _draft(self, row: ImportedRow, current: Product | None) -> tuple[ProductDraft, bool]:
        """What the row makes of the product; every problem at once (`_CellProblems`)."""
        problems: list[tuple[Field, UserError]] = []
        if current is None:
            problems += self._missing(row)
            base = _blank(self._currency)
            active = True
        else:
            base, active = current.draft, current.active
        draft = ProductDraft(
            name=row.name if row.name is not None else base.name,
            sell_price=row.price if row.price is not None else base.sell_price,
            cost_price=row.cost if row.cost is not None else base.cost_price,
            unit=row.unit if row.unit is not None else base.unit,
            tax_code=row.tax_code if row.tax_code is not None else base.tax_code,
            sku=row.sku if row.sku is not None else base.sku,
            barcodes=row.barcodes if row.barcodes is not None else base.barcodes,
            category=row.category if row.category is not None else base.category,
            reorder_level=row.reorder_level
            if row.reorder_level is not None
            else base.reorder_level,
            notes=row.notes if row.notes is not None else base.notes,
            price_asked=row.price_asked if row.price_asked is not None else base.price_asked,
        )
        for which, quantity in (
            (Field.REORDER_LEVEL, row.reorder_level),
            (Field.STOCK, row.stock),
        ):
            if quantity is not None:
                try:
                    check_quantity(quantity, draft.unit)
                except UserError as error:
                    problems.append((which, error))
        if problems:
            raise _CellProblems(problems)
        try:
            checked = draft.checked()
        except InvalidInput as error:
            raise _CellProblems(
                [(_FIELD_OF_DRAFT.get(error.field or "", Field.NAME), error)]
            ) from None
        return checked, row.active if row.active is not None else active


@cache
def _blank(currency: str) -> ProductDraft:
    """What a new product is where the file says nothing (made once, not per row)."""
    zero = Money.zero(currency)
    return ProductDraft("", zero, zero)


_FIELD_OF_DRAFT = {
    "name": Field.NAME,
    "price": Field.PRICE,
    "cost": Field.COST,
    "sku": Field.SKU,
    "barcode": Field.BARCODE,
    "reorder_level": Field.REORDER_LEVEL,
    "quantity": Field.STOCK,
    "category": Field.CATEGORY,
}


class _CellProblems(Exception):
    def __init__(self, problems: list[tuple[Field, UserError]]) -> None:
        super().__init__(problems[0][1].message_id)
        self.problems = problems


_BATCH = 500  # new products written at once, between two looks at Cancel


class _Writer:
    """Writes a preview's rows in one transaction."""

    def __init__(self, ctx: Context, preview: ImportPreview, progress: Progress | None) -> None:
        self._ctx = ctx
        self._preview = preview
        self._progress = progress
        self._categories: dict[tuple[str, ...], int | None] = {(): None}

    def _category(self, db: Connection, path: tuple[str, ...], at: str, actor: str) -> int | None:
        key = tuple(p.casefold() for p in path)
        if key not in self._categories:
            self._categories[key] = products_repo.category_id(db, path, at, actor)
        return self._categories[key]

    def write(self) -> ImportResult:
        preview, ctx = self._preview, self._ctx
        planned = [p for p in preview.planned if p.action is not ImportAction.UNCHANGED]
        total = len(planned)
        added = updated = 0
        # Stock is written after every product: a movement's trigger opens a savepoint, which
        # makes FTS5 flush the names indexed so far; once per import, not once per row.
        movements: list[tuple[int, MovementKind, Quantity, int]] = []
        # Journaled together at the end, in bulk: one entry per product written and per
        # movement, as if written one by one, for a fraction of the time.
        touched: dict[int, None] = {}
        written: dict[int, int] = {}  # product id by row
        written_ids: list[tuple[PlannedRow, int]] = []  # for their list prices
        with products_repo.roomy_cache(ctx.db), ctx.writing(Area.PRODUCTS, Area.STOCK) as db:
            at, actor, user = ctx.now(), ctx.actor_name, ctx.user_id
            number = numbering.next_fixed(db, "import", "IMP-", 5)
            fresh = [p for p in planned if p.product_id is None]
            for start in range(0, len(fresh), _BATCH):
                if self._progress and not self._progress(start, total):
                    raise ImportCancelled()
                batch = fresh[start : start + _BATCH]
                items = [(p.draft, self._category(db, p.draft.category, at, actor)) for p in batch]
                ids = products_repo.insert_products(db, items, at, actor)
                for item, product_id in zip(batch, ids, strict=True):
                    written[item.row] = product_id
                    written_ids.append((item, product_id))
                    if not item.active:
                        products_repo.set_active(db, product_id, False, at, actor, journaled=False)
                    touched[product_id] = None
                    if item.stock is not None and item.stock.milli:
                        cost = item.draft.cost_price.minor
                        movements.append((product_id, MovementKind.OPENING, item.stock, cost))
            added = len(fresh)
            for index, item in enumerate(p for p in planned if p.product_id is not None):
                if index % 500 == 0 and self._progress and not self._progress(added + index, total):
                    raise ImportCancelled()
                assert item.product_id is not None
                written[item.row] = item.product_id
                category = self._category(db, item.draft.category, at, actor)
                self._update(db, item, category, at, actor)
                change = item.stock - item.stock_now if item.stock is not None else Quantity(0)
                touched[item.product_id] = None
                updated += 1
                if change.milli:
                    movements.append(
                        (item.product_id, MovementKind.COUNT, change, item.draft.cost_price.minor)
                    )
            self._families(db, planned, written)
            moved = stock_repo.add_movements(
                db,
                movements,
                reason=preview.path.name,
                document=number,
                at=at,
                user_id=user,
                actor=actor,
            )
            written_ids += [(p, p.product_id) for p in preview.planned if p.product_id is not None]
            if written_ids:
                currency = written_ids[0][0].draft.sell_price.currency
                list_price_exchange.write_prices(ctx, db, written_ids, currency)
            journal.append_many(db, journal.PRODUCT.kind, touched, at, user, actor)
            journal.append_many(db, journal.STOCK_MOVEMENT.kind, moved, at, user, actor)
            result = ImportResult(
                number,
                added,
                updated,
                preview.count(ImportAction.UNCHANGED),
                preview.invalid_rows,
            )
            record(
                ctx,
                AuditAction.IMPORT,
                number,
                after={
                    "file": preview.path.name,
                    "added": added,
                    "updated": updated,
                    "unchanged": result.unchanged,
                    "skipped": result.skipped,
                },
            )
            if self._progress is not None and not self._progress(total, total):
                raise ImportCancelled()
        return result

    def _families(
        self, db: Connection, planned: Sequence[PlannedRow], written: dict[int, int]
    ) -> None:
        """Mark the parents, then their variants (a variant whose price is its parent's
        follows it). Before the products are journaled, so their records carry it."""
        ids = {p.row: p.product_id for p in self._preview.planned if p.product_id is not None}
        ids.update(written)
        told = [p for p in planned if p.family is not None]
        for item in told:
            assert item.family is not None
            if item.family.parent is None:
                variants_repo.mark_parent(db, ids[item.row], options_json(item.family.options))
        for item in told:
            family = item.family
            assert family is not None
            if family.parent is None:
                continue
            parent_id = ids.get(family.parent_row) if family.parent_row else family.parent_id
            assert parent_id is not None
            price = dict(products_repo.prices_for(db, [parent_id]))[parent_id]
            variants_repo.mark_variant(
                db,
                ids[item.row],
                parent_id,
                _family_json(family),
                item.draft.sell_price.minor == int(price),
            )

    def _update(
        self, db: Connection, item: PlannedRow, category: int | None, at: str, actor: str
    ) -> None:
        assert item.product_id is not None
        before = products_repo.get_product(db, item.product_id, item.draft.sell_price.currency)
        assert before is not None
        products_repo.update_product(
            db, item.product_id, item.draft, category, at, actor, journaled=False
        )
        if before.active != item.active:
            products_repo.set_active(db, item.product_id, item.active, at, actor, journaled=False)
        subject = f"product {item.product_id}: {item.draft.name}"
        for action, old, new in (
            (AuditAction.PRICE_CHANGED, before.draft.sell_price, item.draft.sell_price),
            (AuditAction.COST_CHANGED, before.draft.cost_price, item.draft.cost_price),
        ):
            if old != new:
                record(self._ctx, action, subject, before=str(old), after=str(new))
