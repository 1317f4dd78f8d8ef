"""Factur-X: an invoice or a credit note as EN 16931 data (UN/CEFACT Cross Industry Invoice
XML, the Factur-X "EN 16931" profile, also called comfort), attached to its PDF.

The XML is written here with the standard library from plain values (`CiiInvoice`: texts,
Decimal amounts that carry their currency's decimals, dates), element by element in the
order the profile's schema prescribes. The factur-x package embeds it in the PDF as
`factur-x.xml` with the XMP metadata that names the profile; it is imported only by
`attach_facturx`, so nothing loads it (or lxml) until a shop that wants the data prints an
invoice.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from duka.core.vat import EU_VAT_PREFIXES as EU_VAT_PREFIXES  # re-exported: first defined here
from duka.core.vat import eu_vat_number as eu_vat_number
from duka.core.vat import vat_country as vat_country
from duka.documents.output import atomic_path

RSM = "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
RAM = "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
QDT = "urn:un:unece:uncefact:data:standard:QualifiedDataType:100"
UDT = "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100"
_PREFIXES = {"rsm": RSM, "ram": RAM, "qdt": QDT, "udt": UDT}

EN16931_GUIDELINE = "urn:cen.eu:en16931:2017"
INVOICE = "380"  # UNTDID 1001: commercial invoice
CREDIT_NOTE = "381"  # UNTDID 1001: credit note

# VAT categories (UNTDID 5305, as EN 16931 restricts them)
STANDARD = "S"
ZERO_RATED = "Z"
EXEMPT = "E"
NOT_SUBJECT = "O"  # outside the scope of VAT
REVERSE_CHARGE = "AE"  # the buyer accounts for the VAT (a business in another member state)
# the only categories that may give an exemption reason
_WITH_REASON = (EXEMPT, NOT_SUBJECT, REVERSE_CHARGE)

# Characters XML 1.0 cannot carry at all (C0 controls other than tab, newline, return).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>\n'


@dataclass(frozen=True, slots=True)
class CiiParty:
    """The seller or the buyer."""

    name: str
    country: str  # ISO 3166-1 alpha-2
    address: tuple[str, ...] = ()  # lines as written; a fourth and later join the third
    # A VAT number when it looks like an EU one; any other tax number (a KRA PIN, a GSTIN) is
    # written as the party's legal registration identifier, and the seller's also as its
    # tax registration ("FC"), which is what EN 16931 can say of it.
    tax_id: str = ""
    phone: str = ""
    email: str = ""


@dataclass(frozen=True, slots=True)
class CiiLine:
    name: str
    quantity: Decimal
    unit_code: str  # UN/ECE Recommendation 20: C62 pieces, KGM kg...
    net_price: Decimal  # for one unit, without tax, after every discount
    net_amount: Decimal  # the line without tax, after every discount
    category: str  # STANDARD, ZERO_RATED, EXEMPT, NOT_SUBJECT or REVERSE_CHARGE
    percent: Decimal | None  # None for NOT_SUBJECT, which has no rate


@dataclass(frozen=True, slots=True)
class CiiTax:
    """One line of the VAT breakdown: a category (and rate, for standard rated)."""

    category: str
    percent: Decimal | None  # None for NOT_SUBJECT
    basis: Decimal
    tax: Decimal
    exemption_reason: str = ""  # EXEMPT, NOT_SUBJECT and REVERSE_CHARGE only
    exemption_code: str = ""  # e.g. VATEX-EU-O, VATEX-EU-AE


@dataclass(frozen=True, slots=True)
class CiiInvoice:
    """What the XML says; amounts are Decimals with the currency's decimals."""

    number: str
    credit_note: bool
    issue_date: dt.date
    currency: str  # ISO 4217
    seller: CiiParty
    buyer: CiiParty
    lines: tuple[CiiLine, ...]
    taxes: tuple[CiiTax, ...]
    line_total: Decimal  # the lines' net amounts added up
    tax_basis_total: Decimal
    tax_total: Decimal
    grand_total: Decimal
    prepaid: Decimal  # paid already
    due_payable: Decimal
    notes: tuple[str, ...] = ()
    buyer_order: str = ""  # the customer's order number
    payment_terms: str = ""
    due_date: dt.date | None = None
    invoice_reference: str = ""  # a credit note: the invoice it corrects
    invoice_reference_date: dt.date | None = None

    @property
    def type_code(self) -> str:
        return CREDIT_NOTE if self.credit_note else INVOICE

    @property
    def outside_vat(self) -> bool:
        """Every line is outside the scope of VAT: EN 16931 then allows no VAT number at
        all (BR-O-02), so the parties' numbers are written as other identifiers."""
        return bool(self.taxes) and all(tax.category == NOT_SUBJECT for tax in self.taxes)


# -- the XML ----------------------------------------------------------------------------------


def build_xml(invoice: CiiInvoice) -> bytes:
    """The invoice as Factur-X EN 16931 XML (UTF-8, with its declaration)."""
    for prefix, uri in _PREFIXES.items():  # rsm:, ram:... as the profile writes them
        ET.register_namespace(prefix, uri)
    root = ET.Element(_q("rsm", "CrossIndustryInvoice"))
    context = _sub(root, "rsm", "ExchangedDocumentContext")
    guideline = _sub(context, "ram", "GuidelineSpecifiedDocumentContextParameter")
    _text(guideline, "ID", EN16931_GUIDELINE)

    document = _sub(root, "rsm", "ExchangedDocument")
    _text(document, "ID", invoice.number)
    _text(document, "TypeCode", invoice.type_code)
    _date_time(document, "IssueDateTime", invoice.issue_date)
    for note in invoice.notes:
        content = "\n".join(_clean(line) for line in note.splitlines() if _clean(line))
        if content:
            _sub(_sub(document, "ram", "IncludedNote"), "ram", "Content").text = content

    transaction = _sub(root, "rsm", "SupplyChainTradeTransaction")
    for number, line in enumerate(invoice.lines, start=1):
        _line(transaction, number, line)
    _agreement(transaction, invoice)
    _sub(transaction, "ram", "ApplicableHeaderTradeDelivery")  # nothing to say; required
    _settlement(transaction, invoice)

    return _DECLARATION + ET.tostring(root, encoding="unicode").encode("utf-8")


def _line(parent: ET.Element, number: int, line: CiiLine) -> None:
    item = _sub(parent, "ram", "IncludedSupplyChainTradeLineItem")
    _text(_sub(item, "ram", "AssociatedDocumentLineDocument"), "LineID", str(number))
    _text(_sub(item, "ram", "SpecifiedTradeProduct"), "Name", line.name)
    agreement = _sub(item, "ram", "SpecifiedLineTradeAgreement")
    price = _sub(agreement, "ram", "NetPriceProductTradePrice")
    _text(price, "ChargeAmount", _number(line.net_price))
    delivery = _sub(item, "ram", "SpecifiedLineTradeDelivery")
    _text(delivery, "BilledQuantity", _number(line.quantity), unitCode=line.unit_code)
    settlement = _sub(item, "ram", "SpecifiedLineTradeSettlement")
    tax = _sub(settlement, "ram", "ApplicableTradeTax")
    _text(tax, "TypeCode", "VAT")
    _text(tax, "CategoryCode", line.category)
    if line.percent is not None and line.category != NOT_SUBJECT:
        _text(tax, "RateApplicablePercent", _number(line.percent))
    summation = _sub(settlement, "ram", "SpecifiedTradeSettlementLineMonetarySummation")
    _text(summation, "LineTotalAmount", _number(line.net_amount))


def _agreement(parent: ET.Element, invoice: CiiInvoice) -> None:
    agreement = _sub(parent, "ram", "ApplicableHeaderTradeAgreement")
    vat_numbers = not invoice.outside_vat
    _party(agreement, "SellerTradeParty", invoice.seller, seller=True, vat_numbers=vat_numbers)
    _party(agreement, "BuyerTradeParty", invoice.buyer, seller=False, vat_numbers=vat_numbers)
    if _clean(invoice.buyer_order):
        order = _sub(agreement, "ram", "BuyerOrderReferencedDocument")
        _text(order, "IssuerAssignedID", invoice.buyer_order)


def _party(
    parent: ET.Element, tag: str, party: CiiParty, *, seller: bool, vat_numbers: bool
) -> None:
    """A party, with its tax number where EN 16931 lets it identify the party: an EU VAT
    number as its VAT identifier (BT-31, BT-48); any other as its legal registration
    identifier (BT-30, BT-47: the seller must be identified, BR-CO-26) and, for the seller,
    also as its tax registration (BT-32, scheme FC: what a taxed line needs, BR-S-02). No
    scheme is named: ISO 6523 lists none for most countries' tax numbers."""
    element = _sub(parent, "ram", tag)
    _text(element, "Name", party.name)
    tax_id = _clean(party.tax_id)
    vat = eu_vat_number(tax_id) if tax_id and vat_numbers else None
    if tax_id and vat is None:
        _text(_sub(element, "ram", "SpecifiedLegalOrganization"), "ID", tax_id)
    if _clean(party.phone) or _clean(party.email):
        contact = _sub(element, "ram", "DefinedTradeContact")
        if _clean(party.phone):
            phone = _sub(contact, "ram", "TelephoneUniversalCommunication")
            _text(phone, "CompleteNumber", party.phone)
        if _clean(party.email):
            email = _sub(contact, "ram", "EmailURIUniversalCommunication")
            _text(email, "URIID", party.email)
    address = _sub(element, "ram", "PostalTradeAddress")
    lines = [_clean(line) for line in party.address if _clean(line)]
    if len(lines) > 3:
        lines = [*lines[:2], ", ".join(lines[2:])]
    for name, line in zip(("LineOne", "LineTwo", "LineThree"), lines, strict=False):
        _text(address, name, line)
    _text(address, "CountryID", party.country.upper())
    if vat is not None:
        _text(_sub(element, "ram", "SpecifiedTaxRegistration"), "ID", vat, schemeID="VA")
    elif tax_id and seller:
        _text(_sub(element, "ram", "SpecifiedTaxRegistration"), "ID", tax_id, schemeID="FC")


def _settlement(parent: ET.Element, invoice: CiiInvoice) -> None:
    settlement = _sub(parent, "ram", "ApplicableHeaderTradeSettlement")
    _text(settlement, "InvoiceCurrencyCode", invoice.currency)
    for tax in invoice.taxes:
        applicable = _sub(settlement, "ram", "ApplicableTradeTax")
        _text(applicable, "CalculatedAmount", _number(tax.tax))
        _text(applicable, "TypeCode", "VAT")
        reasons = tax.category in _WITH_REASON
        if reasons and _clean(tax.exemption_reason):
            _text(applicable, "ExemptionReason", tax.exemption_reason)
        _text(applicable, "BasisAmount", _number(tax.basis))
        _text(applicable, "CategoryCode", tax.category)
        if reasons and _clean(tax.exemption_code):
            _text(applicable, "ExemptionReasonCode", tax.exemption_code)
        if tax.percent is not None and tax.category != NOT_SUBJECT:
            _text(applicable, "RateApplicablePercent", _number(tax.percent))
    if _clean(invoice.payment_terms) or invoice.due_date is not None:
        terms = _sub(settlement, "ram", "SpecifiedTradePaymentTerms")
        if _clean(invoice.payment_terms):
            _text(terms, "Description", invoice.payment_terms)
        if invoice.due_date is not None:
            _date_time(terms, "DueDateDateTime", invoice.due_date)
    summation = _sub(settlement, "ram", "SpecifiedTradeSettlementHeaderMonetarySummation")
    _text(summation, "LineTotalAmount", _number(invoice.line_total))
    _text(summation, "TaxBasisTotalAmount", _number(invoice.tax_basis_total))
    _text(summation, "TaxTotalAmount", _number(invoice.tax_total), currencyID=invoice.currency)
    _text(summation, "GrandTotalAmount", _number(invoice.grand_total))
    if invoice.prepaid:
        _text(summation, "TotalPrepaidAmount", _number(invoice.prepaid))
    _text(summation, "DuePayableAmount", _number(invoice.due_payable))
    if _clean(invoice.invoice_reference):
        reference = _sub(settlement, "ram", "InvoiceReferencedDocument")
        _text(reference, "IssuerAssignedID", invoice.invoice_reference)
        if invoice.invoice_reference_date is not None:
            formatted = _sub(reference, "ram", "FormattedIssueDateTime")
            stamp = ET.SubElement(formatted, _q("qdt", "DateTimeString"), format="102")
            stamp.text = _day(invoice.invoice_reference_date)


# -- small helpers ----------------------------------------------------------------------------


def _q(prefix: str, tag: str) -> str:
    return f"{{{_PREFIXES[prefix]}}}{tag}"


def _sub(parent: ET.Element, prefix: str, tag: str) -> ET.Element:
    return ET.SubElement(parent, _q(prefix, tag))


def _text(parent: ET.Element, tag: str, value: str, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, _q("ram", tag), attributes)
    element.text = _clean(value)
    return element


def _date_time(parent: ET.Element, tag: str, day: dt.date) -> None:
    holder = _sub(parent, "ram", tag)
    stamp = ET.SubElement(holder, _q("udt", "DateTimeString"), format="102")
    stamp.text = _day(day)


def _day(day: dt.date) -> str:
    return day.strftime("%Y%m%d")  # format 102: CCYYMMDD


def _number(value: Decimal) -> str:
    """A decimal as XML Schema writes one: 1700.00, 0.375, never 1E+3."""
    return f"{value:f}"


def _clean(text: str) -> str:
    return " ".join(_NOT_XML.sub("", text).split())


# -- the PDF ----------------------------------------------------------------------------------


def attach_facturx(
    path: Path,
    xml: bytes,
    *,
    title: str,
    author: str,
    language: str = "",
) -> None:
    """Embed `xml` in the PDF at `path` as its Factur-X data (checked against the profile's
    schema first), give it the sRGB output intent of a PDF/A-3 (the XMP metadata that
    factur-x writes says PDF/A-3B) and write the PDF again, whole or not at all."""
    from facturx import generate_from_binary  # lxml and pypdf only when a shop wants this

    from duka.documents.pdfa import as_pdfa

    combined = generate_from_binary(
        Path(path).read_bytes(),
        xml,
        flavor="factur-x",
        level="en16931",
        check_xsd=True,
        pdf_metadata={
            "author": author,  # no keywords: factur-x's XMP metadata would not state them
            "title": title,
            "subject": title,
        },
        lang=language or None,
    )
    with atomic_path(Path(path)) as part:
        part.write_bytes(as_pdfa(combined))
