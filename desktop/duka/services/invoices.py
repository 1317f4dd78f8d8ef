"""Quotes, invoices and credit notes: drafts, issuing with gapless numbers, conversions,
credit notes, payments through the customer's account, PDFs and the documents list.

Issuing is one transaction: the number of the document's series, its lines, taxes and costs
fixed, the parties' details as they stand that day, the customer's account (an invoice is a
debt, a credit note a credit that settles its invoice first), stock leaving or coming back,
and the journal entry. An issued document never changes; an invoice is corrected or voided
only by a credit note.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from duka.core.access import Approval, Permission
from duka.core.audit import AuditAction
from duka.core.batches import local_day
from duka.core.changes import Area
from duka.core.errors import Conflict, InvalidInput, NotFound
from duka.core.invoices import (
    DocKind,
    DocLine,
    DocSummary,
    Draft,
    Party,
    Standing,
    Status,
    StoredDoc,
    check_issuable,
    due_date,
    reverse_charged,
    status_of,
)
from duka.core.ledger import EntryKind, PaymentMethod
from duka.core.money import Money
from duka.core.numbering import NumberFormat
from duka.core.pricing import RETAIL_PRICE
from duka.core.products import Product, Unit
from duka.core.quantity import Quantity
from duka.core.settings import (
    ADDRESS,
    COUNTRY,
    CREDIT_NOTE_FORMAT,
    CURRENCY,
    FACTURX,
    INVOICE_FORMAT,
    LANGUAGE,
    NUMBERS_RESET_YEARLY,
    PAYMENT_TERMS,
    PHONE,
    QUOTE_FORMAT,
    QUOTE_VALIDITY,
    SHOP_NAME,
    TAX_ID,
    TAX_RATES,
    Setting,
    ShopSettings,
)
from duka.core.stock import MovementKind
from duka.core.tax import TaxMode, TaxRate
from duka.core.vat import is_reverse_charge, reverse_charge_applies
from duka.i18n import N_, speaking
from duka.services.access_rules import require
from duka.services.batches import sale_moves
from duka.services.context import Context
from duka.services.customers import CustomerService
from duka.services.printing import document_formats
from duka.services.settings import SettingsService
from duka.services.trail import record
from duka.store import (
    invoices_repo,
    journal,
    ledger_repo,
    price_lists_repo,
    products_repo,
    sales_repo,
    stock_repo,
    summaries,
)
from duka.store.database import Connection
from duka.store.numbering import next_number
from duka.store.tills import this_till

if TYPE_CHECKING:
    from duka.services.accounts import AccountService

FORMATS: dict[DocKind, Setting[str]] = {
    DocKind.QUOTE: QUOTE_FORMAT,
    DocKind.INVOICE: INVOICE_FORMAT,
    DocKind.CREDIT_NOTE: CREDIT_NOTE_FORMAT,
}
ALL_KINDS = (DocKind.QUOTE, DocKind.INVOICE, DocKind.CREDIT_NOTE)
EXPORT_COLUMNS = (
    "number",
    "type",
    "date",
    "due_date",
    "customer_id",
    "customer",
    "customer_tax_id",
    "currency",
    "net",
    "tax",
    "gross",
    "paid",
    "due",
    "status",
    "source",
    "sale",
    "reference",
)


@dataclass(frozen=True, slots=True)
class Issued:
    id: int
    number: str


class InvoiceService:
    def __init__(
        self,
        context: Context,
        settings: SettingsService,
        customers: CustomerService,
        *,
        accounts: Callable[[], AccountService],
    ) -> None:
        """`accounts` gives the customers' accounts when a payment is first taken: opening
        the invoices does not read their code."""
        self._ctx = context
        self._settings = settings
        self._customers = customers
        self._accounts = accounts

    # -- drafts -----------------------------------------------------------------------------

    def new_draft(self, kind: DocKind, customer_id: int | None = None) -> Draft:
        """An empty document of `kind` with the shop's currency, price mode and terms."""
        shop = self._settings.load()
        terms = shop[PAYMENT_TERMS] if kind is DocKind.INVOICE else 0
        if kind is DocKind.QUOTE:
            terms = shop[QUOTE_VALIDITY]
        return Draft(
            kind=kind,
            currency=str(shop[CURRENCY]),
            mode=shop.tax_mode,
            customer_id=customer_id,
            terms_days=int(terms),
        )

    def product_line(self, product: Product, quantity: Quantity) -> DocLine:
        """A line selling `quantity` of `product` at its price and tax rate."""
        shop = self._settings.load()
        rates = {rate.code: rate for rate in shop[TAX_RATES]}
        draft = product.draft
        return DocLine(
            description=draft.name,
            quantity=quantity,
            unit_price=draft.sell_price,
            rate=rates.get(draft.tax_code) if draft.tax_code else None,
            unit=draft.unit,
            product_id=product.id,
            source=RETAIL_PRICE,  # priced again by the customer's list (services/price_lists.py)
        ).checked()

    def tax_rates(self) -> tuple[TaxRate, ...]:
        return self._settings.load()[TAX_RATES]

    def save_draft(self, draft: Draft, invoice_id: int | None = None) -> int:
        """Keep a draft (a new one, or `invoice_id` rewritten); returns its id. Nothing is
        checked that only issuing needs: a draft may lack a customer or lines."""
        # A credit note takes money back: even its draft needs the right to void documents.
        self._require_for(draft.kind)
        draft = self._checked(draft)
        stamp = self._stamp()
        with self._ctx.writing(Area.INVOICES) as db:
            draft = self._priced_credit(db, draft)
            if invoice_id is None:
                return invoices_repo.insert_draft(db, draft, stamp)
            current = self._stored(db, invoice_id)
            if current.issued:
                raise Conflict(
                    N_("{number} is issued and cannot change; correct it with a credit note."),
                    number=current.number,
                )
            if current.kind is not draft.kind:
                raise InvalidInput(N_("A draft keeps its kind of document."))
            invoices_repo.update_draft(db, invoice_id, draft, stamp)
            return invoice_id

    def delete_draft(self, invoice_id: int) -> None:
        doc = self.get(invoice_id)
        self._require_for(doc.kind)
        with self._ctx.writing(Area.INVOICES) as db:
            if not invoices_repo.delete_draft(db, invoice_id):
                raise Conflict(
                    N_("{number} is issued and cannot be deleted; void it with a credit note."),
                    number=doc.number,
                )

    def _checked(self, draft: Draft) -> Draft:
        if draft.currency != self._settings.currency():
            raise InvalidInput(N_("Amounts must be in the shop's currency."))
        if draft.customer_id is not None:
            self._customers.get(draft.customer_id)
        return self.tax_treatment(draft.checked())

    def tax_treatment(self, draft: Draft) -> Draft:
        """`draft` taxed as its customer calls for: an EU shop's invoice or quote to a
        business with the VAT number of another member state has its VAT reverse charged
        (core.vat); a credit note follows its invoice."""
        if draft.kind is DocKind.CREDIT_NOTE or not draft.lines:
            return draft
        shop = self._settings.load()
        buyer = ""
        if draft.customer_id is not None:
            buyer = self._customers.get(draft.customer_id).tax_id
        if reverse_charge_applies(str(shop[COUNTRY]), str(shop[TAX_ID]), buyer):
            return reverse_charged(draft)
        if any(is_reverse_charge(line.rate) for line in draft.lines):
            raise InvalidInput(
                N_(
                    "Only a business with the VAT number of another EU member state is "
                    "invoiced without VAT (reverse charge): add the lines again for this "
                    "customer."
                ),
                field="lines",
            )
        return draft

    def _require_for(self, kind: DocKind, approval: Approval | None = None) -> None:
        if kind is DocKind.CREDIT_NOTE:
            require(self._ctx, Permission.VOID_DOCUMENTS, approval)
        else:
            require(self._ctx, Permission.ISSUE_INVOICES)

    # -- reading ----------------------------------------------------------------------------

    def get(self, invoice_id: int) -> StoredDoc:
        return self._stored(self._ctx.db, invoice_id)

    def _stored(self, db: Connection, invoice_id: int) -> StoredDoc:
        found = invoices_repo.get(db, invoice_id)
        if found is None:
            raise NotFound(N_("There is no such document."))
        return found

    def find(self, number: str) -> StoredDoc:
        """The issued document numbered `number` (e.g. INV-2026-00012)."""
        found = invoices_repo.id_of(self._ctx.db, number.strip())
        if found is None:
            raise NotFound(N_("There is no document numbered {number}."), number=number)
        return self.get(found)

    def standing(self, invoice_id: int) -> Standing:
        return invoices_repo.standing(self._ctx.db, invoice_id)

    def status(self, doc: StoredDoc, today: dt.date | None = None) -> Status:
        converted = (
            doc.kind is DocKind.QUOTE
            and invoices_repo.converted(self._ctx.db, doc.id) is not None
            and self._converted_issued(doc.id)
        )
        return status_of(
            doc.kind,
            doc.issued,
            self.standing(doc.id),
            doc.due_date,
            self._today(today),
            converted,
        )

    def _converted_issued(self, quote_id: int) -> bool:
        invoice = invoices_repo.converted(self._ctx.db, quote_id)
        found = invoices_repo.get(self._ctx.db, invoice) if invoice is not None else None
        return found is not None and found.issued

    def listing(
        self,
        kinds: Sequence[DocKind] = ALL_KINDS,
        statuses: Sequence[Status] = (),
        customer_id: int | None = None,
        since: dt.date | None = None,
        until: dt.date | None = None,
        today: dt.date | None = None,
    ) -> list[DocSummary]:
        """Documents newest first, with where each one stands; `statuses` empty: any."""
        day = self._today(today)
        rows = invoices_repo.listing(self._ctx.db, kinds or ALL_KINDS, customer_id, since, until)
        found = []
        for row in rows:
            standing = Standing(row.gross, row.credited, row.due)
            status = status_of(row.kind, row.issued, standing, row.due_date, day, row.converted)
            if statuses and status not in statuses:
                continue
            found.append(
                DocSummary(
                    id=row.id,
                    kind=row.kind,
                    number=row.number,
                    customer_id=row.customer_id,
                    customer_name=row.customer_name,
                    issue_date=row.issue_date,
                    due_date=row.due_date,
                    gross=row.gross,
                    standing=standing,
                    status=status,
                    created_at=row.created_at,
                )
            )
        return found

    def _today(self, today: dt.date | None = None) -> dt.date:
        return today or self._ctx.clock().astimezone().date()

    # -- issuing ----------------------------------------------------------------------------

    def issue(self, invoice_id: int, approval: Approval | None = None) -> Issued:
        """Issue a draft: the next number of its series, fixed for good, on the customer's
        account, stock moved, journaled; in one transaction."""
        self._require_for(self.get(invoice_id).kind, approval)
        return self._issue_draft(invoice_id, approval)

    def _issue_draft(self, invoice_id: int, approval: Approval | None) -> Issued:
        with self._ctx.writing(Area.INVOICES, Area.CUSTOMERS, Area.STOCK) as db:
            doc = self._stored(db, invoice_id)  # as it is now, inside the write lock
            if doc.issued:
                raise Conflict(N_("{number} is issued already."), number=doc.number)
            number = self._issue(db, doc.id, self._priced_credit(db, self._checked(doc.draft)))
            if doc.kind is DocKind.CREDIT_NOTE:
                record(
                    self._ctx,
                    AuditAction.VOID,
                    number,
                    after={"credits": self._number_of(db, doc.draft.source_id)},
                    approval=approval,
                )
        return Issued(invoice_id, number)

    def _issue(
        self,
        db: Connection,
        invoice_id: int,
        draft: Draft,
        sale_id: int | None = None,
        sale_entry: int | None = None,
    ) -> str:
        check_issuable(draft)
        assert draft.customer_id is not None
        customer = self._customers.get(draft.customer_id)
        shop = self._settings.load()
        today = self._today()
        source = self._check_source(db, draft)
        fmt = NumberFormat(shop[FORMATS[draft.kind]], bool(shop[NUMBERS_RESET_YEARLY]))
        period = fmt.period(today)
        seq = next_number(db, invoices_repo.series(draft.kind, period))
        number = fmt.render(seq, today, this_till(db))
        if invoices_repo.number_taken(db, number):
            raise Conflict(
                N_(
                    "The number {number} is taken by another document: change the number "
                    "format in Settings."
                ),
                number=number,
            )
        stamp = self._stamp()
        totals = draft.totals()
        entry = sale_entry
        if sale_id is None and draft.kind is not DocKind.QUOTE:
            picked: list[int] = []
            if draft.kind is DocKind.CREDIT_NOTE and source is not None:
                picked = [source.ledger_entry_id] if source.ledger_entry_id else []
                picked = [e for e in picked if _is_open(db, e)]
            entry = ledger_repo.post(
                db,
                ledger_repo.NewEntry(
                    draft.customer_id,
                    (
                        EntryKind.INVOICE
                        if draft.kind is DocKind.INVOICE
                        else EntryKind.CREDIT_NOTE
                    ).value,
                    totals.gross.minor if draft.kind is DocKind.INVOICE else -totals.gross.minor,
                    number,
                    at=stamp.at,
                    user_id=stamp.user_id,
                    actor=stamp.actor,
                ),
                picked,
            )
        costs = self._unit_costs(db, draft, source)
        if sale_id is None:
            self._move_stock(db, draft, number, costs, stamp)
        due = None
        if draft.kind is not DocKind.CREDIT_NOTE:
            due = due_date(today, draft.terms_days)
        invoices_repo.issue(
            db,
            invoice_id,
            draft,
            costs,
            invoices_repo.Issue(
                number=number,
                seq=seq,
                period=period,
                issue_date=today,
                due_date=due,
                bill=Party(
                    customer.name,
                    customer.address,
                    customer.phone,
                    customer.email,
                    customer.tax_id,
                ),
                seller=Party(
                    str(shop[SHOP_NAME]),
                    str(shop[ADDRESS]),
                    str(shop[PHONE]),
                    "",
                    str(shop[TAX_ID]),
                ),
                ledger_entry_id=entry,
                sale_id=sale_id,
            ),
            stamp,
        )
        summaries.add_invoice(db, invoice_id)
        journal.append(db, journal.INVOICE.kind, invoice_id, stamp.at, stamp.user_id, stamp.actor)
        return number

    def _check_source(self, db: Connection, draft: Draft) -> StoredDoc | None:
        """The document `draft` follows on from, checked: a credit note never takes back
        more than is left of its invoice, line by line and in all."""
        if draft.source_id is None:
            return None
        source = self._stored(db, draft.source_id)
        wanted = {DocKind.INVOICE: DocKind.QUOTE, DocKind.CREDIT_NOTE: DocKind.INVOICE}
        if wanted.get(draft.kind) is not source.kind or not source.issued:
            raise InvalidInput(
                N_("This document cannot follow on from {number}."), number=source.number or ""
            )
        if draft.kind is not DocKind.CREDIT_NOTE:
            return source
        if source.customer_id != draft.customer_id:
            raise InvalidInput(N_("A credit note is for the customer of its invoice."))
        money = document_formats(self._settings.load())
        standing = invoices_repo.standing(db, source.id)
        left = source.gross - standing.credited
        gross = draft.totals().gross.minor
        if gross > left:
            raise InvalidInput(
                N_("A credit note of {amount} is more than the {left} left of invoice {number}."),
                amount=money.money(Money(gross, draft.currency).amount, draft.currency),
                left=money.money(Money(left, draft.currency).amount, draft.currency),
                number=source.number or "",
            )
        taken = invoices_repo.credited_lines(db, source.id)
        invoiced = dict(zip(source.line_ids, source.draft.lines, strict=True))
        wanted_lines: dict[int, int] = {}
        for line in draft.lines:
            if line.source_line_id is None:
                continue
            if line.source_line_id not in invoiced:
                raise InvalidInput(
                    N_("A credited line is not a line of invoice {number}."),
                    number=source.number or "",
                )
            wanted_lines[line.source_line_id] = (
                wanted_lines.get(line.source_line_id, 0) + line.quantity.milli
            )
        for line_id, milli in wanted_lines.items():
            original = invoiced[line_id]
            left_milli = original.quantity.milli - taken.get(line_id, (0, 0))[0]
            if milli > left_milli:
                raise InvalidInput(
                    N_("More of “{item}” is credited than is left on the invoice."),
                    item=original.description,
                )
        return source

    def _unit_costs(self, db: Connection, draft: Draft, source: StoredDoc | None) -> list[int]:
        """What each line cost the shop, fixed at issue so profit stays right when costs
        change later: a credited line costs what it cost on its invoice."""
        by_source: dict[int, int] = {}
        if source is not None:
            by_source = dict(zip(source.line_ids, source.unit_costs, strict=True))
        costs = []
        for line in draft.lines:
            if line.source_line_id is not None and line.source_line_id in by_source:
                costs.append(by_source[line.source_line_id])
            elif line.product_id is not None:
                cost = products_repo.cost_if_any(db, line.product_id)
                if cost is None:
                    raise NotFound(N_("There is no product number {id}."), id=line.product_id)
                costs.append(cost)
            else:
                costs.append(0)
        return costs

    def _move_stock(
        self,
        db: Connection,
        draft: Draft,
        number: str,
        costs: Sequence[int],
        stamp: invoices_repo.Stamp,
    ) -> None:
        if draft.kind is DocKind.QUOTE or (draft.kind is DocKind.CREDIT_NOTE and not draft.restock):
            return
        sign, kind = (
            (-1, MovementKind.SALE) if draft.kind is DocKind.INVOICE else (1, MovementKind.RETURN)
        )
        goods = [
            (line.product_id, line.description, line.quantity, cost, None)
            for line, cost in zip(draft.lines, costs, strict=True)
            if line.product_id is not None
        ]
        if kind is MovementKind.SALE:  # products keeping batches leave the first to expire
            taken = sale_moves(db, goods, local_day(self._ctx.clock()))
            if taken.expired:
                first = taken.expired[0]
                raise InvalidInput(
                    N_(
                        "“{name}”: batch {batch} expired on {date}. Write it off or receive "
                        "a fresh batch before invoicing it."
                    ),
                    name=first.name,
                    batch=first.batch,
                    date=first.expiry.isoformat(),
                )
            moves, batch_ids = taken.moves, taken.batch_ids
        else:
            moves = [(product, quantity, cost) for product, _d, quantity, cost, _b in goods]
            batch_ids = [None] * len(moves)
        for (product_id, quantity, cost), batch_id in zip(moves, batch_ids, strict=True):
            stock_repo.add_movement(
                db,
                product_id=product_id,
                kind=kind,
                quantity=Quantity(sign * quantity.milli),
                unit_cost=cost,
                reason="",
                document=number,
                at=stamp.at,
                user_id=stamp.user_id,
                actor=stamp.actor,
                batch_id=batch_id,
            )

    def _number_of(self, db: Connection, invoice_id: int | None) -> str:
        if invoice_id is None:
            return ""
        found = invoices_repo.get(db, invoice_id)
        return (found.number or "") if found else ""

    def _stamp(self) -> invoices_repo.Stamp:
        return invoices_repo.Stamp(self._ctx.now(), self._ctx.user_id, self._ctx.actor_name)

    # -- following on -----------------------------------------------------------------------

    def convert_quote(self, quote_id: int) -> int:
        """A new invoice draft with the quote's customer and lines; returns its id."""
        require(self._ctx, Permission.ISSUE_INVOICES)
        quote = self.get(quote_id)
        if quote.kind is not DocKind.QUOTE or not quote.issued:
            raise InvalidInput(N_("Only an issued quote can become an invoice."))
        existing = invoices_repo.converted(self._ctx.db, quote_id)
        if existing is not None:
            raise Conflict(
                N_("Quote {number} became an invoice already."), number=quote.number or ""
            )
        blank = self.new_draft(DocKind.INVOICE, quote.customer_id)
        draft = replace(
            quote.draft,
            kind=DocKind.INVOICE,
            terms_days=blank.terms_days,
            source_id=quote_id,
            mode=quote.draft.mode,
        )
        return self.save_draft(draft)

    def credit_draft(self, invoice_id: int, restock: bool = False) -> int:
        """A credit note draft for everything still left of an invoice, line by line (the
        user may lower quantities or remove lines before issuing, which needs the right to
        void documents, as making it does); returns its id."""
        require(self._ctx, Permission.VOID_DOCUMENTS)
        draft = self._credit_for(self._ctx.db, invoice_id, restock)
        return self.save_draft(draft)

    def _credit_for(self, db: Connection, invoice_id: int, restock: bool) -> Draft:
        invoice = self._stored(db, invoice_id)
        if invoice.kind is not DocKind.INVOICE or not invoice.issued:
            raise InvalidInput(N_("Only an issued invoice can be credited."))
        standing = invoices_repo.standing(db, invoice_id)
        if standing.credited >= invoice.gross:
            raise Conflict(
                N_("Invoice {number} is credited in full already."), number=invoice.number or ""
            )
        taken = invoices_repo.credited_lines(db, invoice_id)
        lines = []
        for line_id, line in zip(invoice.line_ids, invoice.draft.lines, strict=True):
            left = line.quantity.milli - taken.get(line_id, (0, 0))[0]
            if left > 0:
                lines.append(replace(line, quantity=Quantity(left), source_line_id=line_id))
        draft = Draft(
            kind=DocKind.CREDIT_NOTE,
            currency=invoice.draft.currency,
            mode=invoice.draft.mode,
            customer_id=invoice.customer_id,
            lines=tuple(lines),
            language=invoice.draft.language,
            source_id=invoice_id,
            restock=restock,
        )
        return self._priced_credit(db, draft)

    def priced_credit(self, draft: Draft) -> Draft:
        """A credit note's lines priced from their invoice (see `_priced_credit`)."""
        return self._priced_credit(self._ctx.db, draft)

    def _priced_credit(self, db: Connection, draft: Draft) -> Draft:
        """Each credited line takes back its share of what its invoice line came to after
        every discount (its own and its part of the invoice's), rounded on the running total
        of what is credited of that line: crediting a line in parts takes back exactly what
        it came to, never a unit more or less. The price, tax rate and description stay the
        invoice's."""
        if draft.kind is not DocKind.CREDIT_NOTE or draft.source_id is None:
            return draft
        invoice = self._stored(db, draft.source_id)
        originals = dict(zip(invoice.line_ids, invoice.draft.lines, strict=True))
        finals = dict(zip(invoice.line_ids, invoice.line_amounts, strict=True))
        done = {
            line: milli
            for line, (milli, _amount) in invoices_repo.credited_lines(db, invoice.id).items()
        }
        priced = []
        for line in draft.lines:
            source = line.source_line_id
            original = originals.get(source) if source is not None else None
            if source is None or original is None:
                priced.append(line)
                continue
            whole = original.quantity.milli
            before = done.get(source, 0)
            after = min(whole, before + line.quantity.milli)
            done[source] = after
            amount = _share(finals[source], after, whole) - _share(finals[source], before, whole)
            listed = original.unit_price.times(line.quantity.value)
            cut = max(0, listed.minor - amount)
            priced.append(
                replace(
                    line,
                    description=original.description,
                    unit_price=original.unit_price,
                    rate=original.rate,
                    unit=original.unit,
                    product_id=original.product_id,
                    discount=Money(cut, draft.currency) if cut else None,
                )
            )
        return replace(draft, lines=tuple(priced), discount=None)

    def void(self, invoice_id: int, reason: str, approval: Approval | None = None) -> Issued:
        """Cancel what is left of an invoice with a credit note issued at once."""
        require(self._ctx, Permission.VOID_DOCUMENTS, approval)
        reason = " ".join(reason.split())
        if not reason:
            raise InvalidInput(N_("Say why the invoice is voided."), field="reason")
        with self._ctx.writing(Area.INVOICES, Area.CUSTOMERS, Area.STOCK) as db:
            draft = replace(self._credit_for(db, invoice_id, restock=False), notes=reason)
            note_id = invoices_repo.insert_draft(db, self._checked(draft), self._stamp())
            return self._issue_draft(note_id, approval)

    def invoice_sale(self, sale_number: str, customer_id: int) -> Issued:
        """A tax invoice for a completed sale, issued at once for the customer who asks for
        it: the sale's lines and totals exactly, paid as the sale was paid."""
        require(self._ctx, Permission.ISSUE_INVOICES)
        db = self._ctx.db
        sale_id = sales_repo.sale_id(db, sale_number.strip().upper())
        header = sales_repo.header(db, sale_id) if sale_id is not None else None
        if sale_id is None or header is None:
            raise NotFound(N_("There is no sale number {number}."), number=sale_number)
        existing = invoices_repo.invoice_of_sale(db, sale_id)
        if existing is not None:
            found = self.get(existing)
            raise Conflict(
                N_("Sale {sale} has its invoice already: {number}."),
                sale=header.number,
                number=found.number or "",
            )
        if header.customer_id is not None and header.customer_id != customer_id:
            raise InvalidInput(N_("Sale {sale} was made to another customer."), sale=header.number)
        currency = header.currency
        taxes = {t.tax_code: t for t in sales_repo.taxes(db, sale_id)}
        lines = []
        for row in sales_repo.lines(db, sale_id):
            tax = taxes.get(row.tax_code) if row.tax_code else None
            lines.append(
                DocLine(
                    description=row.name,
                    quantity=Quantity(row.quantity),
                    unit_price=Money(row.unit_price, currency),
                    rate=TaxRate(tax.tax_code, tax.name, Decimal(tax.percent), bool(tax.exempt))
                    if tax is not None
                    else None,
                    unit=Unit(row.unit),
                    discount=Money(row.discount, currency) if row.discount else None,
                    product_id=row.product_id,
                )
            )
        draft = Draft(
            kind=DocKind.INVOICE,
            currency=currency,
            mode=TaxMode(header.mode),
            customer_id=customer_id,
            lines=tuple(lines),
            discount=Money(header.discount, currency) if header.discount else None,
            reference=header.number,
        ).checked()
        if draft.totals().gross.minor != header.gross:
            raise Conflict(N_("Sale {sale} cannot be written as an invoice."), sale=header.number)
        with self._ctx.writing(Area.INVOICES, Area.CUSTOMERS):
            invoice_id = invoices_repo.insert_draft(db, draft, self._stamp())
            entry = ledger_repo.entry_of_document(db, header.number, EntryKind.SALE.value)
            number = self._issue(db, invoice_id, draft, sale_id, entry)
        return Issued(invoice_id, number)

    # -- payments ---------------------------------------------------------------------------

    def receive_payment(
        self, invoice_id: int, amount: Money, method: PaymentMethod, reference: str = ""
    ) -> str:
        """A payment towards an invoice, through the customer's account (it settles this
        invoice's debt); refused above what is due. Returns the payment's number."""
        require(self._ctx, Permission.TAKE_PAYMENTS)
        doc = self.get(invoice_id)
        if doc.kind is not DocKind.INVOICE or not doc.issued or doc.customer_id is None:
            raise InvalidInput(N_("Payments are taken against issued invoices."))
        accounts = self._accounts()
        with self._ctx.writing(Area.INVOICES, Area.CUSTOMERS, Area.CASH):
            due = self.standing(invoice_id).due
            if amount.minor > due:
                formats = document_formats(self._settings.load())
                raise InvalidInput(
                    N_("{amount} is more than the {due} due on {number}."),
                    field="amount",
                    amount=formats.money(amount.amount, amount.currency),
                    due=formats.money(Money(due, amount.currency).amount, amount.currency),
                    number=doc.number or "",
                )
            picked = [doc.ledger_entry_id] if doc.ledger_entry_id is not None else []
            return accounts.receive_payment(
                doc.customer_id, amount, method, reference or (doc.number or ""), picked
            )

    # -- output -----------------------------------------------------------------------------

    def pdf(self, invoice_id: int, path: Path, language: str | None = None) -> int:
        """The document as a PDF in its language (or `language`); returns the page count."""
        from duka.documents.invoice import write_invoice  # reportlab only when printing
        from duka.services.invoice_pdf import build_document

        doc = self.get(invoice_id)
        shop = self._settings.load()
        db = self._ctx.db
        customer = Party()
        if doc.customer_id is not None:
            row = self._customers.get(doc.customer_id)
            customer = Party(row.name, row.address, row.phone, row.email, row.tax_id)
        sale = sales_repo.header(db, doc.sale_id) if doc.sale_id is not None else None
        with speaking(language or self.language_of(doc, shop)):
            content = build_document(
                doc,
                shop,
                customer,
                self.standing(invoice_id),
                lambda other: self._number_of(db, other),
                sale.number if sale is not None else None,
                price_lists_repo.names(db),
            )
            data = None  # Factur-X: built before the PDF, so a refusal leaves no file
            if shop[FACTURX] and doc.issued and doc.kind is not DocKind.QUOTE:
                from duka.services.invoice_facturx import attach, facturx_xml

                data = facturx_xml(doc, shop, self.standing(invoice_id), content.terms, self.get)
            pages = write_invoice(Path(path), content)
            if data is not None:
                attach(Path(path), data, content)
            return pages

    def pictures(
        self, invoice_id: int, folder: Path, language: str | None = None, dpi: int = 110
    ) -> list[Path]:
        """The document's PDF (folder/document.pdf) and its pages as PNGs, for a preview on
        screen or a printer; returns the pictures' paths."""
        from duka.documents.pages import page_pictures

        pdf = Path(folder) / "document.pdf"
        self.pdf(invoice_id, pdf, language)
        return page_pictures(pdf, Path(folder), dpi)

    def export(self, path: Path) -> int:
        """Every issued document as CSV rows (ISO dates, "." decimals); returns the count."""
        from duka.documents.tables import write_csv

        require(self._ctx, Permission.EXPORT_DATA)
        today = self._today()
        currency = self._settings.currency()
        rows = []

        def amount(minor: int) -> str:
            return f"{Money(minor, currency).amount:f}"

        for r in invoices_repo.export_rows(self._ctx.db):
            due = dt.date.fromisoformat(r.due_date) if r.due_date else None
            status = status_of(r.kind, True, r.standing, due, today, r.converted)
            invoice = r.kind is DocKind.INVOICE
            rows.append(
                [
                    r.number,
                    r.kind.value,
                    r.issue_date,
                    r.due_date,
                    str(r.customer_id or ""),
                    r.customer,
                    r.customer_tax_id,
                    r.currency,
                    amount(r.net),
                    amount(r.tax),
                    amount(r.gross),
                    amount(r.standing.paid) if invoice else "",
                    amount(r.standing.due) if invoice else "",
                    status.value,
                    r.source,
                    r.sale,
                    r.reference,
                ]
            )
        write_csv(Path(path), EXPORT_COLUMNS, rows, bom=False)
        record(self._ctx, AuditAction.EXPORT, str(path), after={"invoices": len(rows)})
        return len(rows)

    # -- the document's language ------------------------------------------------------------

    def language_of(self, doc: StoredDoc, shop: ShopSettings | None = None) -> str:
        """The document's own language, else its customer's, else the shop's."""
        shop = shop or self._settings.load()
        if doc.draft.language:
            return doc.draft.language
        if doc.customer_id is not None:
            customer = self._customers.get(doc.customer_id)
            if customer.language:
                return customer.language
        return str(shop[LANGUAGE])


def _is_open(db: Connection, entry_id: int) -> bool:
    return ledger_repo.open_amount(db, entry_id) > 0


def _share(total: int, part: int, whole: int) -> int:
    """total x part / whole, rounded half up, in integers (all three at least zero)."""
    return (2 * total * part + whole) // (2 * whole) if whole else 0
