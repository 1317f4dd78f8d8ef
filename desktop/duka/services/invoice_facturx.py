"""An issued invoice or credit note as Factur-X (EN 16931) data, for shops that attach it to
their PDFs (the FACTURX setting).

EN 16931 states every line without tax. With prices that exclude tax a line's net is its
amount after every discount (the document's discount shared over the lines, as issuing did).
With prices that include tax it is that amount less the line's share of its rate's tax, the
rate's tax shared over the rate's lines in proportion to their amounts (largest remainder,
`core.reports.line_taxes`): the nets of each rate then add up to the rate's net on the
document to the minor unit, and the header totals are the document's own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from duka.core.currency import currency_digits
from duka.core.errors import InvalidInput
from duka.core.invoices import DocKind, Party, Standing, StoredDoc
from duka.core.money import Money
from duka.core.products import Unit
from duka.core.reports import SourceLine, line_taxes
from duka.core.settings import COUNTRY, TAX_ID, ShopSettings
from duka.core.tax import TaxMode, TaxRate
from duka.core.vat import REVERSE_CHARGE_CODE, is_reverse_charge
from duka.documents.facturx import (
    EXEMPT,
    NOT_SUBJECT,
    REVERSE_CHARGE,
    STANDARD,
    ZERO_RATED,
    CiiInvoice,
    CiiLine,
    CiiParty,
    CiiTax,
    attach_facturx,
    build_xml,
    eu_vat_number,
    vat_country,
)
from duka.i18n import N_

if TYPE_CHECKING:
    from duka.documents.invoice import InvoiceDocument

UNIT_CODES = {  # UN/ECE Recommendation 20
    Unit.PIECE: "C62",
    Unit.KILOGRAM: "KGM",
    Unit.GRAM: "GRM",
    Unit.LITRE: "LTR",
    Unit.MILLILITRE: "MLT",
    Unit.METRE: "MTR",
}
NOT_SUBJECT_REASON = "Not subject to VAT"  # the text EN 16931 (BR-O-10) names
NOT_SUBJECT_CODE = "VATEX-EU-O"
REVERSE_CHARGE_REASON = "Reverse charge"  # the text EN 16931 (BR-AE-10) names
PRICE_DECIMALS = 4  # a net unit price carries this many decimals more than the currency

# A rate as both a line and the document's taxes know it: code, percent, exempt.
RateKey = tuple[str, Decimal, bool]


def facturx_xml(
    doc: StoredDoc,
    shop: ShopSettings,
    standing: Standing,
    terms: str,
    document: Callable[[int], StoredDoc],
) -> bytes:
    """The Factur-X XML of an issued invoice or credit note; `terms` as its PDF words them,
    `document` finds another document by id (a credit note's invoice)."""
    return build_xml(facturx_invoice(doc, shop, standing, terms, document))


def attach(path: Path, xml: bytes, content: InvoiceDocument) -> None:
    """Embed `xml` in the PDF written at `path` from `content`."""
    attach_facturx(
        path,
        xml,
        title=f"{content.title} {content.number}".strip(),
        author=content.author,
        language=content.language,
    )


def facturx_invoice(
    doc: StoredDoc,
    shop: ShopSettings,
    standing: Standing,
    terms: str,
    document: Callable[[int], StoredDoc],
) -> CiiInvoice:
    """`doc` (an issued invoice or credit note) as the values its XML holds."""
    if not doc.issued or doc.number is None or doc.issue_date is None:
        raise ValueError("only an issued document carries Factur-X data")
    if doc.kind is DocKind.QUOTE:
        raise ValueError("a quote is not an invoice")
    currency = doc.draft.currency

    def amount(minor: int) -> Decimal:
        return Money(minor, currency).amount

    if not doc.seller.tax_id.strip():
        raise InvalidInput(
            N_(
                "{number} was issued without the shop's tax number, which Factur-X data needs "
                "to name the seller: switch Factur-X off in Settings to print it."
            ),
            field=TAX_ID.key,
            number=doc.number,
        )
    nets = line_nets(doc)
    digits = currency_digits(currency)
    outside = all(line.rate is None for line in doc.draft.lines)
    lines = tuple(
        CiiLine(
            name=line.description,
            quantity=line.quantity.value,
            unit_code=UNIT_CODES[line.unit],
            net_price=net_price(amount(net), line.quantity.value, digits),
            net_amount=amount(net),
            category=category(line.rate, outside),
            percent=_line_percent(line.rate, outside),
        )
        for line, net in zip(doc.draft.lines, nets, strict=True)
    )
    seller_country = _seller_country(doc.seller, shop)
    credit_note = doc.kind is DocKind.CREDIT_NOTE
    prepaid = 0 if credit_note else standing.paid
    source = document(doc.draft.source_id) if credit_note and doc.draft.source_id else None
    return CiiInvoice(
        number=doc.number,
        credit_note=credit_note,
        issue_date=doc.issue_date,
        currency=currency,
        seller=_party(doc.seller, seller_country),
        buyer=_party(doc.bill, _country_of(doc.bill, seller_country)),
        lines=lines,
        taxes=tax_breakdown(doc, amount, outside),
        line_total=amount(sum(nets)),
        tax_basis_total=amount(doc.net),
        tax_total=amount(doc.tax),
        grand_total=amount(doc.gross),
        prepaid=amount(prepaid),
        due_payable=amount(doc.gross - prepaid),
        notes=(doc.draft.notes,) if doc.draft.notes else (),
        buyer_order=doc.draft.reference if doc.sale_id is None else "",
        payment_terms=terms,
        due_date=doc.due_date if not credit_note else None,
        invoice_reference=(source.number or "") if source is not None else "",
        invoice_reference_date=source.issue_date if source is not None else None,
    )


def line_nets(doc: StoredDoc) -> list[int]:
    """Each line's amount without tax after every discount, in minor units; the lines of
    each rate add up to that rate's net on the document exactly (ValueError otherwise)."""
    amounts = list(doc.line_amounts)
    keys = [_line_key(line.rate) for line in doc.draft.lines]
    if doc.draft.mode is TaxMode.EXCLUSIVE:
        nets = amounts
    else:
        names = {key: str(index) for index, key in enumerate(dict.fromkeys(keys))}
        taxes: dict[str, int] = {}
        for tax in doc.taxes:
            name = names.get(_sum_key(tax.code, tax.percent, tax.exempt))
            if name is not None:
                taxes[name] = taxes.get(name, 0) + tax.tax
        source = [
            SourceLine(None, line.quantity.milli, amount, names[key], 0, amount)
            for line, amount, key in zip(doc.draft.lines, amounts, keys, strict=True)
        ]
        shares = line_taxes(source, taxes)
        nets = [amount - share for amount, share in zip(amounts, shares, strict=True)]
    by_rate: dict[RateKey, int] = {}
    for key, net in zip(keys, nets, strict=True):
        by_rate[key] = by_rate.get(key, 0) + net
    stated = {_sum_key(t.code, t.percent, t.exempt): t.net for t in doc.taxes}
    if by_rate != stated:
        raise ValueError(f"{doc.number}: line nets {by_rate} differ from its taxes {stated}")
    return nets


def tax_breakdown(
    doc: StoredDoc, amount: Callable[[int], Decimal], outside: bool = False
) -> tuple[CiiTax, ...]:
    """The document's taxes by VAT category and rate: EN 16931 wants one breakdown per
    standard rate and one each for zero-rated, exempt and not subject, so rates that share
    a category and percent are added together. `outside`: every line is without tax."""
    groups: dict[tuple[str, Decimal | None], list[int]] = {}
    exempt_names: list[str] = []
    for tax in doc.taxes:
        if not tax.code and outside:
            key: tuple[str, Decimal | None] = (NOT_SUBJECT, None)
        elif tax.code == REVERSE_CHARGE_CODE:
            key = (REVERSE_CHARGE, Decimal(0))
        elif not tax.code:
            # Lines without tax beside taxed ones: EN 16931 lets "not subject to VAT" stand
            # only alone (BR-O-11), so they are told as exempt, saying why.
            key = (EXEMPT, Decimal(0))
            exempt_names.append(NOT_SUBJECT_REASON)
        elif tax.exempt:
            key = (EXEMPT, Decimal(0))
            exempt_names.append(tax.name)
        elif tax.percent == 0:
            key = (ZERO_RATED, Decimal(0))
        else:
            key = (STANDARD, _plain(tax.percent))
        basis, total = groups.get(key, [0, 0])
        groups[key] = [basis + tax.net, total + tax.tax]
    breakdown = []
    for (kind, percent), (basis, total) in sorted(groups.items(), key=_category_order):
        reason, code = "", ""
        if kind == EXEMPT:
            reason = ", ".join(dict.fromkeys(exempt_names))
        elif kind == NOT_SUBJECT:
            reason, code = NOT_SUBJECT_REASON, NOT_SUBJECT_CODE
        elif kind == REVERSE_CHARGE:
            reason, code = REVERSE_CHARGE_REASON, REVERSE_CHARGE_CODE
        breakdown.append(CiiTax(kind, percent, amount(basis), amount(total), reason, code))
    return tuple(breakdown)


def category(rate: TaxRate | None, outside: bool = True) -> str:
    """A line's VAT category: no rate is outside VAT (exempt beside taxed lines, `outside`
    False), an exempt rate exempt, 0% zero rated."""
    if rate is None:
        return NOT_SUBJECT if outside else EXEMPT
    if is_reverse_charge(rate):
        return REVERSE_CHARGE
    if rate.exempt:
        return EXEMPT
    return ZERO_RATED if rate.percent == 0 else STANDARD


def _line_percent(rate: TaxRate | None, outside: bool) -> Decimal | None:
    if rate is None:
        return None if outside else Decimal(0)
    return _plain(rate.percent)


def net_price(net: Decimal, quantity: Decimal, digits: int) -> Decimal:
    """One unit's net price: the line's net over its quantity, to PRICE_DECIMALS more
    decimals than the currency has (half up), without trailing zeros beyond the currency's
    own decimals: 850.00, 732.758621."""
    exact = (net / quantity).quantize(Decimal(1).scaleb(-(digits + PRICE_DECIMALS)), ROUND_HALF_UP)
    trimmed = exact.normalize()
    exponent = trimmed.as_tuple().exponent
    if isinstance(exponent, int) and exponent > -digits:
        return trimmed.quantize(Decimal(1).scaleb(-digits))
    return trimmed


# -- parties ----------------------------------------------------------------------------------


def _party(party: Party, country: str) -> CiiParty:
    return CiiParty(
        name=party.name,
        country=country,
        address=tuple(line.strip() for line in party.address.splitlines() if line.strip()),
        tax_id=party.tax_id,
        phone=party.phone,
        email=party.email,
    )


def _seller_country(seller: Party, shop: ShopSettings) -> str:
    country = str(shop[COUNTRY]) or _country_of(seller, "")
    if not country:
        raise InvalidInput(N_("Please choose a country."), field=COUNTRY.key)
    return country


def _country_of(party: Party, otherwise: str) -> str:
    """The country an EU VAT number names, else `otherwise` (a customer's country is not
    recorded: the shop's)."""
    vat = eu_vat_number(party.tax_id)
    return vat_country(vat) if vat is not None else otherwise


# -- keys -------------------------------------------------------------------------------------


def _plain(percent: Decimal) -> Decimal:
    """16.00 -> 16, 7.50 -> 7.5 (never 1E+1)."""
    normal = percent.normalize()
    return normal.quantize(Decimal(1)) if normal == normal.to_integral_value() else normal


def _line_key(rate: TaxRate | None) -> RateKey:
    if rate is None:
        return _sum_key("", Decimal(0), True)  # as issuing records a line without tax
    return _sum_key(rate.code, rate.percent, rate.exempt)


def _sum_key(code: str, percent: Decimal, exempt: bool) -> RateKey:
    return (code, _plain(percent), exempt)


_ORDER = {STANDARD: 0, ZERO_RATED: 1, REVERSE_CHARGE: 2, EXEMPT: 3, NOT_SUBJECT: 4}


def _category_order(item: tuple[tuple[str, Decimal | None], Iterable[int]]) -> tuple[int, Decimal]:
    (kind, percent), _amounts = item
    return (_ORDER[kind], -(percent or Decimal(0)))
