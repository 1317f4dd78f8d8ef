"""Importing customers from CSV and Excel files, and exporting them with their balances.

As with products, a file is read and checked in full first and written only when the person
accepts, in one transaction. The exports of other shop software are recognised by their
headers (`duka.core.moving_in.customers`) and the names, phones and addresses they split are
joined. A row matches an existing customer by its customer number, else by a phone only one
customer has, else by such an email; a matched customer keeps what the file leaves empty. The
balance column opens a new customer's account (what they owed when the shop started keeping it
in Duka); for an existing customer it is compared, never written: an account changes only
through its entries.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from duka.core.access import Permission
from duka.core.audit import AuditAction
from duka.core.changes import Area
from duka.core.customer_import import (
    EXPORTED,
    NAME_PARTS,
    NUMBER_COLUMNS,
    Column,
    CustomerReader,
    ImportedCustomer,
    match_columns,
)
from duka.core.customers import CustomerRow, NewCustomer
from duka.core.errors import InvalidInput, UserError
from duka.core.ledger import EntryKind
from duka.core.money import Money
from duka.core.moving_in.customers import LAYOUTS, OWED_NEGATIVE, ROLE
from duka.core.moving_in.layout import header_key, is_key_row, recognise
from duka.core.product_import import RowProblem, money_text
from duka.core.products import clean_name
from duka.core.settings import CURRENCY
from duka.documents.tables import Table, read_table, write_csv, write_xlsx
from duka.i18n import N_
from duka.services.access_rules import require
from duka.services.context import Context
from duka.services.imports import (
    ImportAction,
    ImportCancelled,
    ImportPreview,
    ImportResult,
    Progress,
    numbers_mark,
)
from duka.services.settings import SettingsService
from duka.services.trail import record
from duka.store import customers_repo, journal, ledger_repo, numbering


@dataclass(frozen=True, slots=True)
class PlannedCustomer:
    row: int
    action: ImportAction
    customer_id: int | None
    draft: NewCustomer
    active: bool
    opening: Money | None  # a new customer's opening balance


CustomerPreview = ImportPreview[Column, PlannedCustomer]


class CustomerExchange:
    def __init__(self, context: Context, settings: SettingsService) -> None:
        self._ctx = context
        self._settings = settings

    def read(self, path: Path) -> Table:
        return read_table(Path(path))

    def preview(
        self,
        path: Path,
        table: Table | None = None,
        mapping: Sequence[Column | None] | None = None,
        mark: str | None = None,
    ) -> CustomerPreview:
        """Read every row of `path` and check it; `mapping` overrides which column is which,
        `mark` the decimal mark. The system whose export it is is recognised from the
        headers; every problem of every row is listed, and the columns nothing is read from."""
        require(self._ctx, Permission.MANAGE_CUSTOMERS)
        table = table if table is not None else self.read(path)
        layout = recognise(table.headers, LAYOUTS)
        if mapping is not None:
            columns = tuple(mapping)
        elif layout is not None:
            columns = tuple(layout.field_of(h) for h in table.headers)
        else:
            columns = tuple(match_columns(table.headers))
        columns = (columns + (None,) * len(table.headers))[: len(table.headers)]
        if not _WHO & set(columns):
            raise InvalidInput(
                N_(
                    "No column of {name} holds customer names. Its first row should name "
                    "the columns, e.g. name, phone, credit_limit."
                ),
                name=Path(path).name,
            )
        shop = self._settings.load()
        currency = str(shop[CURRENCY])
        if mark is None:
            mark = numbers_mark(table, columns, NUMBER_COLUMNS, shop)
        system = layout.system if layout is not None else None
        sign = -1 if system in OWED_NEGATIVE else 1
        reader = CustomerReader(table.headers, columns, mark, currency, sign)
        role_index, not_customers = self._role(table.headers, system)
        preview = CustomerPreview(Path(path), table, columns, mark, system=system)
        preview.unused = [
            h for i, (h, c) in enumerate(zip(table.headers, columns, strict=True))
            if c is None and h.strip() and i != role_index
        ]  # fmt: skip
        existing = {c.id: c for c in customers_repo.all_customers(self._ctx.db, currency)}
        known: dict[str, list[int]] = {}
        for customer in existing.values():
            if customer.phone:
                known.setdefault(customer.phone, []).append(customer.id)
            if customer.email:
                known.setdefault(_email_key(customer.email), []).append(customer.id)
        seen: set[int] = set()
        for number, cells in table.rows:
            if is_key_row(cells, layout):
                continue  # Frappe's second header row of field keys
            if role_index is not None and _cell(cells, role_index).casefold() in not_customers:
                header = table.headers[role_index]
                preview.notices.append(RowProblem(number, header, UserError(_SUPPLIER)))
                continue
            row, problems, notices = reader.read(number, cells)
            planned, found = self._plan(row, reader, existing, known, currency)
            problems += found
            if planned is not None and planned.customer_id is not None:
                notices += self._balance_kept(row, reader, existing[planned.customer_id])
            if planned is not None and planned.customer_id is not None:
                if planned.customer_id in seen:
                    header = reader.header(Column.ID) or reader.header(Column.PHONE) or "id"
                    twice = InvalidInput(_TWICE, id=planned.customer_id)
                    problems.append(RowProblem(number, header, twice))
                seen.add(planned.customer_id)
            preview.problems += problems
            if problems:
                continue
            preview.notices += notices
            assert planned is not None
            preview.planned.append(planned)
        preview.problems.sort(key=lambda p: p.row)
        return preview

    @staticmethod
    def _balance_kept(
        row: ImportedCustomer, reader: CustomerReader, current: CustomerRow
    ) -> list[RowProblem]:
        """A customer already in the shop: the file's balance is said to be left aside."""
        if row.balance is None or row.balance == current.balance:
            return []
        header = reader.header(Column.BALANCE) or Column.BALANCE.value
        return [RowProblem(row.row, header, UserError(_BALANCE_KEPT))]

    @staticmethod
    def _role(headers: Sequence[str], system: str | None) -> tuple[int | None, frozenset[str]]:
        """Which column says whether a row is a customer at all, and its values that say not."""
        if system not in ROLE:
            return None, frozenset()
        key, values = ROLE[system]
        index = next((i for i, h in enumerate(headers) if header_key(h) == key), None)
        return index, values

    def _plan(
        self,
        row: ImportedCustomer,
        reader: CustomerReader,
        existing: dict[int, CustomerRow],
        known: dict[str, list[int]],
        currency: str,
    ) -> tuple[PlannedCustomer | None, list[RowProblem]]:
        """What the row does, or the problems that stop it (every one, each on the file's
        column)."""
        problems: list[RowProblem] = []

        def problem(column: Column | None, error: UserError) -> None:
            header = reader.header(column) if column is not None else None
            problems.append(RowProblem(row.row, header or _who_header(reader), error))

        current = None
        if row.id is not None:
            current = existing.get(row.id)
            if current is None:
                problem(Column.ID, InvalidInput(N_("There is no customer number {id}."), id=row.id))
        elif row.phone and len(known.get(row.phone, [])) == 1:
            current = existing[known[row.phone][0]]
        elif row.email and len(known.get(_email_key(row.email), [])) == 1:
            # Loyverse and WooCommerce know a customer by their email.
            current = existing[known[_email_key(row.email)][0]]
        base = current.draft if current is not None else None
        name = _pick(row.name, base.name if base else "")
        try:
            clean_name(name, N_("A customer name"))
        except UserError as error:
            problem(None, error)
        if row.currency and row.currency != currency and row.balance and row.balance.minor:
            problem(
                Column.CURRENCY,
                InvalidInput(_OTHER_CURRENCY, currency=row.currency, shop=currency),
            )
        if problems:
            return None, problems
        draft = NewCustomer(
            name=name,
            credit_limit=row.credit_limit
            if row.credit_limit is not None
            else (base.credit_limit if base else Money.zero(currency)),
            phone=_pick(row.phone, base.phone if base else ""),
            email=_pick(row.email, base.email if base else ""),
            address=_pick(row.address, base.address if base else ""),
            tax_id=_pick(row.tax_id, base.tax_id if base else ""),
            language=row.language
            if row.language is not None
            else (base.language if base else None),
            notes=_noted(_pick(row.notes, base.notes if base else ""), row.noted),
        )
        try:
            draft = draft.checked()
        except InvalidInput as error:
            problem(_FIELD_COLUMNS.get(error.field or ""), error)
            return None, problems
        active = row.active if row.active is not None else (current.active if current else True)
        if current is None:
            opening = row.balance if row.balance is not None and row.balance.minor else None
            return PlannedCustomer(row.row, ImportAction.NEW, None, draft, active, opening), []
        same = draft == current.draft.checked() and active == current.active
        action = ImportAction.UNCHANGED if same else ImportAction.UPDATE
        return PlannedCustomer(row.row, action, current.id, draft, active, None), []

    def apply(
        self, preview: CustomerPreview, skip_invalid: bool = False, progress: Progress | None = None
    ) -> ImportResult:
        """Write the previewed rows in one transaction; rows with problems stop it unless
        `skip_invalid`, and `progress` may cancel it, leaving nothing written."""
        require(self._ctx, Permission.MANAGE_CUSTOMERS)
        if any(p.draft.credit_limit.minor for p in preview.planned):
            require(self._ctx, Permission.SET_CREDIT_LIMITS)
        if any(p.opening is not None for p in preview.planned):
            require(self._ctx, Permission.ADJUST_ACCOUNTS)
        preview.check(skip_invalid)
        work = [p for p in preview.planned if p.action is not ImportAction.UNCHANGED]
        at, actor, user = self._ctx.now(), self._ctx.actor_name, self._ctx.user_id
        with self._ctx.writing(Area.CUSTOMERS) as db:
            number = numbering.next_fixed(db, "import", "IMP-", 5)
            touched: dict[int, None] = {}  # journaled together at the end, in bulk
            for done, item in enumerate(work, start=1):
                if item.customer_id is None:
                    customer_id = customers_repo.insert_customer(
                        db, item.draft, at, actor, journaled=False
                    )
                    touched[customer_id] = None
                    if not item.active:
                        customers_repo.update_customer(
                            db, customer_id, item.draft, False, at, actor, journaled=False
                        )
                    if item.opening is not None:
                        ledger_repo.post(
                            db,
                            ledger_repo.NewEntry(
                                customer_id,
                                EntryKind.OPENING.value,
                                item.opening.minor,
                                number,
                                note=N_("Imported"),
                                at=at,
                                user_id=user,
                                actor=actor,
                            ),
                        )
                else:
                    customers_repo.update_customer(
                        db, item.customer_id, item.draft, item.active, at, actor, journaled=False
                    )
                    touched[item.customer_id] = None
                if progress is not None and done % 200 == 0 and not progress(done, len(work)):
                    raise ImportCancelled()
            journal.append_many(db, journal.CUSTOMER.kind, touched, at, user, actor)
            result = ImportResult(
                number,
                added=preview.count(ImportAction.NEW),
                updated=preview.count(ImportAction.UPDATE),
                unchanged=preview.count(ImportAction.UNCHANGED),
                skipped=preview.invalid_rows,
            )
            record(
                self._ctx,
                AuditAction.IMPORT,
                f"{number} {preview.path.name}",
                after={
                    "customers_added": result.added,
                    "customers_updated": result.updated,
                    "skipped": result.skipped,
                },
            )
        return result

    def export(self, path: Path) -> int:
        """Every customer with their balance now, to a CSV or (by its name) an Excel file
        that `preview` reads back; returns how many were written."""
        require(self._ctx, Permission.EXPORT_DATA)
        path = Path(path)
        workbook = path.suffix.lower() == ".xlsx"
        currency = self._settings.currency()
        customers = customers_repo.all_customers(self._ctx.db, currency)

        def cells(c: CustomerRow) -> Iterator[str | Decimal]:
            texts = {
                Column.ID: str(c.id),
                Column.NAME: c.name,
                Column.PHONE: c.phone,
                Column.EMAIL: c.email,
                Column.ADDRESS: c.address,
                Column.TAX_ID: c.tax_id,
                Column.LANGUAGE: c.language or "",
                Column.CREDIT_LIMIT: money_text(c.credit_limit),
                Column.NOTES: c.notes,
                Column.ACTIVE: "yes" if c.active else "no",
                Column.BALANCE: money_text(c.balance),
            }
            for column in EXPORTED:
                text = texts[column]
                if workbook and column in NUMBER_COLUMNS:
                    yield Decimal(text)
                else:
                    yield text  # formula-like text is guarded by the writer

        rows = (list(cells(c)) for c in customers)
        headers = [c.value for c in EXPORTED]
        if workbook:
            write_xlsx(path, headers, rows, sheet_title="Customers")
        else:
            write_csv(path, headers, rows)  # type: ignore[arg-type]
        record(self._ctx, AuditAction.EXPORT, path.name, after={"customers": len(customers)})
        return len(customers)


_TWICE = N_("Customer number {id} is in the file twice.")
_SUPPLIER = N_("A supplier, not a customer: not imported.")

# Columns that can say who a row is: a file needs one of them.
_WHO = {
    Column.NAME,
    Column.FIRST_NAME,
    Column.LAST_NAME,
    Column.COMPANY,
    Column.ID,
    Column.PHONE,
    Column.MOBILE,
}
_FIELD_COLUMNS = {
    "email": Column.EMAIL,
    "credit_limit": Column.CREDIT_LIMIT,
    "language": Column.LANGUAGE,
}


def _email_key(email: str) -> str:
    # Emails are looked up beside phones: an "@" never starts a phone number.
    return "@" + email.strip().casefold()


def _cell(cells: Sequence[str], index: int) -> str:
    return cells[index].strip() if index < len(cells) else ""


def _who_header(reader: CustomerReader) -> str:
    """The file's column a problem with the customer's name is shown on: the first the file
    has of the name's columns, else of those that find an existing customer."""
    for column in (*NAME_PARTS, Column.ID, Column.PHONE, Column.MOBILE):
        header = reader.header(column)
        if header is not None:
            return header
    return Column.NAME.value


_OTHER_CURRENCY = N_(
    "The balance is in {currency}, and the shop keeps its accounts in {shop}: change it in the "
    "file first."
)
_BALANCE_KEPT = N_(
    "Already a customer: the balance in the file is not written (an account changes only "
    "through its entries)."
)


def _noted(notes: str, lines: tuple[str, ...]) -> str:
    """`notes` with the lines the file gives elsewhere added once, never replacing them."""
    missing = [line for line in lines if line not in notes.splitlines()]
    return "\n".join([notes, *missing]) if notes and missing else notes or "\n".join(missing)


def _pick(value: str | None, current: str) -> str:
    return value if value is not None else current
