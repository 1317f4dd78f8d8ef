"""A quote, invoice or credit note in words and figures: every text of its PDF, translated
into the document's language and formatted for its locale, for `documents.invoice` to lay
out. An issued document prints the parties as they were when it was issued."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING

from duka.core.currency import currency_digits
from duka.core.errors import UserError
from duka.core.invoices import DocKind, Party, Standing, StoredDoc
from duka.core.money import Money
from duka.core.payment_qr import payment_payload
from duka.core.pricing import RETAIL, PriceSource
from duka.core.quantity import Quantity
from duka.core.settings import (
    ADDRESS,
    COUNTRY,
    INVOICE_FOOTER,
    LOGO,
    PHONE,
    SHOP_NAME,
    TAX_ID,
    ShopSettings,
)
from duka.core.tax import TaxRate
from duka.core.territory import paper_size
from duka.core.vat import REVERSE_CHARGE_NAME, is_reverse_charge
from duka.i18n import _, current_language
from duka.i18n.formatting import Formats
from duka.services.printing import document_formats, page_labels, right_to_left

if TYPE_CHECKING:
    from duka.documents.invoice import InvoiceDocument

TITLES = {
    DocKind.QUOTE: "Quote",
    DocKind.INVOICE: "Invoice",
    DocKind.CREDIT_NOTE: "Credit note",
}


def _price_applied(source: PriceSource | None, names: dict[int, str], formats: Formats) -> str:
    """The list and break that gave a line its price ("Wholesale from 10"); nothing for a
    product's own price."""
    if source is None or (source.list_id == RETAIL and not source.is_break):
        return ""
    name = _("Retail") if source.list_id == RETAIL else names.get(source.list_id, "")
    if not source.is_break:
        return name
    return _("{list} from {quantity}").format(
        list=name, quantity=formats.quantity(source.from_quantity.value)
    )


def build_document(
    doc: StoredDoc,
    settings: ShopSettings,
    customer: Party,
    standing: Standing,
    related: Callable[[int], str],
    sale_number: str | None,
    list_names: dict[int, str] | None = None,
) -> InvoiceDocument:
    """The document's PDF content in the language being spoken (see `i18n.speaking`).
    `customer` is the customer's details now (a draft prints them; an issued document
    prints its own), `related` names another document by id."""
    from duka.documents.invoice import InvoiceColumn, InvoiceDocument

    formats = document_formats(settings)
    currency = doc.draft.currency
    digits = currency_digits(currency)

    def money(minor: int) -> str:
        return formats.money(Money(minor, currency).amount, currency)

    def plain(minor: int) -> str:
        return formats.number(Money(minor, currency).amount, digits)

    draft = doc.draft
    totals = draft.totals()
    has_discount = any(line.discount for line in draft.lines)
    has_tax = any(line.rate is not None for line in draft.lines)
    columns = [InvoiceColumn(_("Description"), 9.0)]
    columns.append(InvoiceColumn(_("Qty"), 1.6, align_end=True))
    columns.append(InvoiceColumn(_("Unit price"), 2.4, align_end=True))
    if has_discount:
        columns.append(InvoiceColumn(_("Discount"), 2.0, align_end=True))
    if has_tax:
        columns.append(InvoiceColumn(_("Tax"), 1.4, align_end=True))
    columns.append(InvoiceColumn(_("Amount"), 2.6, align_end=True))
    rows = []
    for line in draft.lines:
        quantity = formats.quantity(Quantity(line.quantity.milli).value)
        if line.unit.value != "piece":
            quantity = f"{quantity} {_(line.unit.label)}"
        applied = _price_applied(line.source, list_names or {}, formats)
        described = f"{line.description} ({applied})" if applied else line.description
        cells = [described, quantity, plain(line.unit_price.minor)]
        if has_discount:
            cells.append(plain(-line.discount.minor) if line.discount else "")
        if has_tax:
            cells.append(_rate_cell(line.rate, formats))
        cells.append(plain(line.tax_line().amount().minor))
        rows.append(cells)

    tax_columns = [
        InvoiceColumn(_("Tax rate"), 3.0),
        InvoiceColumn(_("Net"), 2.0, align_end=True),
        InvoiceColumn(_("Tax"), 2.0, align_end=True),
        InvoiceColumn(_("Total"), 2.0, align_end=True),
    ]
    tax_rows = [
        [
            _rate_name(rate.rate),
            plain(rate.net.minor),
            plain(rate.tax.minor),
            plain(rate.gross.minor),
        ]
        for rate in totals.by_rate
        if has_tax
    ]

    subtotal = sum(line.tax_line().amount().minor for line in draft.lines)
    figures: list[tuple[str, str, bool]] = []
    if totals.discount:
        figures.append((_("Subtotal"), money(subtotal), False))
        figures.append((_("Discount"), money(-totals.discount.minor), False))
    if has_tax:
        figures.append((_("Total before tax"), money(totals.net.minor), False))
        figures.append((_("Tax"), money(totals.tax.minor), False))
    total_label = _("Total credited") if draft.kind is DocKind.CREDIT_NOTE else _("Total")
    figures.append((total_label, money(totals.gross.minor), True))
    if draft.kind is DocKind.INVOICE and doc.issued:
        if standing.credited:
            figures.append((_("Credited"), money(-standing.credited), False))
        if standing.paid:
            figures.append((_("Paid"), money(-standing.paid), False))
        figures.append((_("Amount due"), money(standing.due), True))

    facts = _facts(doc, formats, related, sale_number)
    seller = doc.seller if doc.issued else _shop_party(settings)
    bill = doc.bill if doc.issued else customer
    terms = _terms(doc, formats)
    payload = None
    if draft.kind is DocKind.INVOICE and doc.issued and standing.due > 0:
        try:
            payload = payment_payload(
                settings.payee, Money(standing.due, currency), doc.number or ""
            )
        except UserError:
            payload = None  # the shop's payment details are incomplete: no code, still a PDF
    legal = ""
    if any(is_reverse_charge(line.rate) for line in draft.lines):
        # The mention the law asks of an invoice without VAT to a business in another
        # member state (Directive 2006/112/EC, article 226 (11a)).
        legal = _(
            "Reverse charge: VAT is due from the customer (Article 196, Directive 2006/112/EC)."
        )
    title = _(TITLES[draft.kind])
    if draft.kind is DocKind.INVOICE and seller.tax_id and doc.tax:
        title = _("Tax invoice")
    return InvoiceDocument(
        title=title,
        number=doc.number or _("Draft"),
        facts=facts,
        shop_lines=_party_lines(seller, formats),
        customer_title=_("Quote for") if draft.kind is DocKind.QUOTE else _("Bill to"),
        customer_lines=_party_lines(bill, formats),
        columns=columns,
        lines=rows,
        tax_columns=tax_columns if tax_rows else (),
        tax_rows=tax_rows,
        totals=figures,
        terms=terms,
        notes=draft.notes,
        legal_note=legal,
        qr_payload=payload,
        qr_caption=_("Scan to pay") if payload else "",
        # Each part in an isolate of its own direction: an account number keeps its digit
        # groups in order on an Arabic page.
        footer=" · ".join(
            f"\u2068{part.strip()}\u2069"
            for part in str(settings[INVOICE_FOOTER]).splitlines()
            if part.strip()
        ),
        watermark="" if doc.issued else _("DRAFT"),
        logo=settings[LOGO],
        page_label=page_labels(formats),
        page_size=paper_size(str(settings[COUNTRY])),
        right_to_left=right_to_left(),
        language=current_language(),
        author=seller.name,
    )


def _rate_name(rate: TaxRate | None) -> str:
    if rate is None:
        return _("No tax")
    return _(REVERSE_CHARGE_NAME) if is_reverse_charge(rate) else rate.name


def _rate_cell(rate: object, formats: Formats) -> str:
    if not isinstance(rate, TaxRate):
        return "–"
    if is_reverse_charge(rate):
        return formats.percent(Decimal(0))
    if rate.exempt:
        return _("exempt")
    return formats.percent(rate.percent)


def _facts(
    doc: StoredDoc,
    formats: Formats,
    related: Callable[[int], str],
    sale_number: str | None,
) -> list[tuple[str, str]]:
    def day(value: dt.date | None) -> str:
        return formats.date(value, "medium") if value else ""

    issued = doc.issue_date or dt.date.today()
    facts = [(_("Date"), day(issued))]
    kind = doc.draft.kind
    if kind is DocKind.INVOICE and doc.issue_date is not None and doc.due_date is not None:
        facts.append((_("Due date"), day(doc.due_date)))
    if kind is DocKind.QUOTE and doc.due_date is not None:
        facts.append((_("Valid until"), day(doc.due_date)))
    if doc.draft.reference and doc.draft.reference != sale_number:
        facts.append((_("Your reference"), doc.draft.reference))
    if doc.draft.source_id is not None:
        label = _("Credit for invoice") if kind is DocKind.CREDIT_NOTE else _("From quote")
        facts.append((label, related(doc.draft.source_id)))
    if sale_number:
        facts.append((_("Sale"), sale_number))
    if doc.customer_id is not None:
        facts.append((_("Customer number"), f"C{doc.customer_id}"))
    return facts


def _terms(doc: StoredDoc, formats: Formats) -> str:
    kind = doc.draft.kind
    days = doc.draft.terms_days
    if kind is DocKind.INVOICE:
        if doc.sale_id is not None:
            return ""
        if days == 0:
            return _("Payment is due on receipt of this invoice.")
        due = doc.due_date or (dt.date.today() + dt.timedelta(days=days))
        return _("Payment is due within {days} days, by {date}.").format(
            days=formats.number(days, 0), date=formats.date(due, "long")
        )
    if kind is DocKind.QUOTE:
        until = doc.due_date or (dt.date.today() + dt.timedelta(days=days))
        return _("This quote holds until {date}.").format(date=formats.date(until, "long"))
    return _("This credit note reduces what you owe by the amount above.")


def _shop_party(settings: ShopSettings) -> Party:
    return Party(
        name=str(settings[SHOP_NAME]),
        address=str(settings[ADDRESS]),
        phone=str(settings[PHONE]),
        tax_id=str(settings[TAX_ID]),
    )


def _party_lines(party: Party, formats: Formats) -> list[str]:
    lines = [party.name]
    lines += [line.strip() for line in party.address.splitlines() if line.strip()]
    if party.phone:
        lines.append(party.phone)
    if party.email:
        lines.append(party.email)
    if party.tax_id:
        lines.append(_("Tax number: {number}").format(number=party.tax_id))
    return [line for line in lines if line]
