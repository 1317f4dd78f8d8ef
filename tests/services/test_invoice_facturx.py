"""Factur-X data on issued invoices and credit notes made through the services: valid against
the EN 16931 profile's schema, line nets that add up to each rate's basis to the cent, the
PDF that carries it, and nothing on quotes, drafts or when the shop has not asked for it."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import facturx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from duka.core import settings as spec
from duka.core.customers import NewCustomer
from duka.core.errors import InvalidInput
from duka.core.invoices import DocKind, DocLine, Draft, Party, Standing, StoredDoc, TaxSum
from duka.core.money import Money
from duka.core.products import ProductDraft, Unit
from duka.core.quantity import Quantity
from duka.core.sale import PaymentMethod, Tender
from duka.core.settings import ShopSettings
from duka.core.tax import TaxMode, TaxRate
from duka.services.invoice_facturx import facturx_invoice, facturx_xml, line_nets
from duka.services.shop import Shop
from tests.conftest import OWNER_PIN
from tests.en16931 import errors
from tests.pdfa import pdfa_problems
from tests.services.test_checkout import ean, kes, scan_into
from tests.services.test_checkout import shop as taxed_shop  # noqa: F401 - a fixture
from tests.services.test_invoices import customer, draft, free_line, product_line
from tests.services.test_invoices import shop as goods_shop  # noqa: F401 - a fixture

NS = {
    "rsm": "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
    "ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
    "udt": "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100",
    "qdt": "urn:un:unece:uncefact:data:standard:QualifiedDataType:100",
}
ROOT = Path(__file__).resolve().parents[2]
VAT16 = TaxRate("S", "VAT 16%", Decimal(16))
VAT8 = TaxRate("R", "VAT 8%", Decimal(8))


@pytest.fixture
def shop(goods_shop: Shop) -> Shop:  # noqa: F811
    """The Kenyan shop of the invoice tests (prices include tax; cement at 16%, maize flour
    exempt), with Factur-X switched on and its own address and tax number."""
    goods_shop.settings.save(
        {
            spec.FACTURX.key: True,
            spec.TAX_ID.key: "P051111111A",
            spec.ADDRESS.key: "Moi Avenue 12\nNairobi",
        }
    )
    return goods_shop


def eur(amount: str) -> Money:
    return Money.of(amount, "EUR")


def issue(shop: Shop, blank: Draft) -> StoredDoc:
    return shop.invoices.get(shop.invoices.issue(shop.invoices.save_draft(blank)).id)


def xml_of(shop: Shop, doc: StoredDoc) -> bytes:
    standing = shop.invoices.standing(doc.id)
    return facturx_xml(
        doc, shop.settings.load(), standing, "Pay within 30 days.", shop.invoices.get
    )


def valid(xml: bytes) -> bool:
    """Valid against the profile's schema and meeting every EN 16931 business rule."""
    assert errors(xml) == []
    return bool(facturx.xml_check_xsd(xml, flavor="factur-x", level="en16931"))


def minor(text: str | None) -> int:
    assert text is not None
    return int(Decimal(text).scaleb(2))


def summation(root: ET.Element) -> dict[str, int]:
    found = root.find(".//ram:SpecifiedTradeSettlementHeaderMonetarySummation", NS)
    assert found is not None
    return {child.tag.split("}")[1]: minor(child.text) for child in found}


def line_figures(root: ET.Element) -> list[tuple[str, str | None, int]]:
    """(category, percent, net) of each line."""
    found = []
    for item in root.iterfind(".//ram:IncludedSupplyChainTradeLineItem", NS):
        tax = item.find("ram:SpecifiedLineTradeSettlement/ram:ApplicableTradeTax", NS)
        assert tax is not None
        net = item.findtext(".//ram:LineTotalAmount", namespaces=NS)
        found.append(
            (
                tax.findtext("ram:CategoryCode", default="", namespaces=NS),
                tax.findtext("ram:RateApplicablePercent", namespaces=NS),
                minor(net),
            )
        )
    return found


def breakdown(root: ET.Element) -> dict[tuple[str, str | None], tuple[int, int]]:
    """(category, percent) -> (basis, tax) of the header's VAT breakdown."""
    settlement = root.find(".//ram:ApplicableHeaderTradeSettlement", NS)
    assert settlement is not None
    return {
        (
            tax.findtext("ram:CategoryCode", default="", namespaces=NS),
            tax.findtext("ram:RateApplicablePercent", namespaces=NS),
        ): (
            minor(tax.findtext("ram:BasisAmount", namespaces=NS)),
            minor(tax.findtext("ram:CalculatedAmount", namespaces=NS)),
        )
        for tax in settlement.iterfind("ram:ApplicableTradeTax", NS)
    }


def attached(path: Path) -> bytes | None:
    attachments = PdfReader(path).attachments
    if "factur-x.xml" not in attachments:
        return None
    return attachments["factur-x.xml"][0]


# -- the XML ----------------------------------------------------------------------------------


def test_an_issued_invoice_gives_valid_en16931_xml(shop: Shop) -> None:
    juma = customer(shop, address="Kariokor Market\nNairobi")
    doc = issue(
        shop,
        draft(
            shop,
            DocKind.INVOICE,
            juma,
            product_line(shop, "616400000201", "2"),
            product_line(shop, "616400000202", "3"),
        ),
    )
    xml = xml_of(shop, doc)
    assert valid(xml)
    root = ET.fromstring(xml)
    assert root.findtext("rsm:ExchangedDocument/ram:ID", namespaces=NS) == doc.number
    assert root.findtext("rsm:ExchangedDocument/ram:TypeCode", namespaces=NS) == "380"
    assert doc.issue_date is not None and doc.due_date is not None
    stamp = root.findtext(".//ram:IssueDateTime/udt:DateTimeString", namespaces=NS)
    assert stamp == doc.issue_date.strftime("%Y%m%d")
    due = root.findtext(".//ram:DueDateDateTime/udt:DateTimeString", namespaces=NS)
    assert due == doc.due_date.strftime("%Y%m%d")
    assert root.findtext(".//ram:InvoiceCurrencyCode", namespaces=NS) == "KES"
    seller = root.find(".//ram:SellerTradeParty", NS)
    buyer = root.find(".//ram:BuyerTradeParty", NS)
    assert seller is not None and buyer is not None
    assert seller.findtext("ram:Name", namespaces=NS) == "Duka la Test"
    assert seller.findtext(".//ram:LineOne", namespaces=NS) == "Moi Avenue 12"
    assert seller.findtext(".//ram:CountryID", namespaces=NS) == "KE"
    registration = seller.find("ram:SpecifiedTaxRegistration/ram:ID", NS)
    assert registration is not None and registration.get("schemeID") == "FC"
    assert buyer.findtext("ram:Name", namespaces=NS) == "Juma Hardware Ltd"
    assert buyer.findtext(".//ram:LineOne", namespaces=NS) == "Kariokor Market"
    assert buyer.findtext(".//ram:CountryID", namespaces=NS) == "KE"  # the shop's
    assert line_figures(root) == [("S", "16", 146552), ("E", "0", 69000)]
    quantities = [q.get("unitCode") for q in root.iterfind(".//ram:BilledQuantity", NS)]
    assert quantities == ["C62", "C62"]
    assert breakdown(root) == {("S", "16"): (146552, 23448), ("E", "0"): (69000, 0)}
    assert summation(root) == {
        "LineTotalAmount": doc.net,
        "TaxBasisTotalAmount": doc.net,
        "TaxTotalAmount": doc.tax,
        "GrandTotalAmount": doc.gross,
        "DuePayableAmount": doc.gross,
    }


def test_a_credit_note_gives_valid_xml_that_names_its_invoice(shop: Shop) -> None:
    juma = customer(shop)
    invoice = issue(
        shop, draft(shop, DocKind.INVOICE, juma, product_line(shop, "616400000201", "10"))
    )
    note_id = shop.invoices.credit_draft(invoice.id)
    note = shop.invoices.get(note_id)
    three = replace(note.draft.lines[0], quantity=Quantity.of(3))
    shop.invoices.save_draft(replace(note.draft, lines=(three,), notes="3 bags broken"), note_id)
    shop.invoices.issue(note_id)
    note = shop.invoices.get(note_id)
    xml = xml_of(shop, note)
    assert valid(xml)
    root = ET.fromstring(xml)
    assert root.findtext("rsm:ExchangedDocument/ram:TypeCode", namespaces=NS) == "381"
    assert root.findtext(".//ram:IncludedNote/ram:Content", namespaces=NS) == "3 bags broken"
    reference = root.find(".//ram:InvoiceReferencedDocument", NS)
    assert reference is not None and invoice.issue_date is not None
    assert reference.findtext("ram:IssuerAssignedID", namespaces=NS) == invoice.number
    assert reference.findtext(".//qdt:DateTimeString", namespaces=NS) == (
        invoice.issue_date.strftime("%Y%m%d")
    )
    assert root.find(".//ram:DueDateDateTime", NS) is None
    assert summation(root)["GrandTotalAmount"] == note.gross == 255000
    assert summation(root)["DuePayableAmount"] == note.gross


def test_line_nets_add_up_to_each_rate_and_the_totals_to_the_invoice(shop: Shop) -> None:
    """Prices include tax; two standard rates, a line discount and a document discount."""
    juma = customer(shop)
    lines = (
        replace(product_line(shop, "616400000201", "3"), discount=kes("55.55")),
        DocLine("Paint 4 l", Quantity.of(7), kes("1234.57"), VAT8),
        DocLine("Nails", Quantity.of("2.5"), kes("333.33"), VAT16, discount=kes("0.01")),
        DocLine("Site visit", Quantity.of(1), kes("999.99"), VAT8, discount=kes("100")),
        product_line(shop, "616400000202", "7"),
    )
    blank = draft(shop, DocKind.INVOICE, juma, *lines)
    doc = issue(shop, replace(blank, discount=kes("777.77")))
    assert doc.draft.mode is TaxMode.INCLUSIVE and len(doc.taxes) == 3
    nets = line_nets(doc)
    for tax in doc.taxes:
        of_rate = [
            net
            for net, line in zip(nets, doc.draft.lines, strict=True)
            if line.rate is not None and line.rate.code == tax.code
        ]
        assert sum(of_rate) == tax.net, tax
    xml = xml_of(shop, doc)
    assert valid(xml)
    root = ET.fromstring(xml)
    figures = line_figures(root)
    assert [net for _c, _p, net in figures] == nets
    for (category, percent), (basis, calculated) in breakdown(root).items():
        assert sum(n for c, p, n in figures if (c, p) == (category, percent)) == basis
        stated = [t for t in doc.taxes if f"{t.percent:f}" == percent and not t.exempt]
        if category == "S":
            assert (basis, calculated) == (stated[0].net, stated[0].tax)
    exempt = [t for t in doc.taxes if t.exempt]
    assert breakdown(root)[("E", "0")] == (exempt[0].net, 0)
    assert summation(root) == {
        "LineTotalAmount": doc.net,
        "TaxBasisTotalAmount": doc.net,
        "TaxTotalAmount": doc.tax,
        "GrandTotalAmount": doc.gross,
        "DuePayableAmount": doc.gross,
    }
    assert doc.net + doc.tax == doc.gross
    # Each line's net price times its quantity comes to its net within the price's precision.
    items = list(root.iterfind(".//ram:IncludedSupplyChainTradeLineItem", NS))
    for item, net in zip(items, nets, strict=True):
        price = Decimal(item.findtext(".//ram:ChargeAmount", default="", namespaces=NS))
        quantity = Decimal(item.findtext(".//ram:BilledQuantity", default="", namespaces=NS))
        assert abs(price * quantity - Decimal(net).scaleb(-2)) <= quantity * Decimal("0.000001")


def test_an_invoice_for_a_paid_sale_says_it_is_paid(shop: Shop) -> None:
    juma = customer(shop)
    cart = scan_into(shop, shop.checkout.new_cart(), ean("616400000201"), ean("616400000202"))
    sale = shop.checkout.complete(None, cart, [Tender(PaymentMethod.CASH, kes("1080"))])
    doc = shop.invoices.get(shop.invoices.invoice_sale(sale.number, juma).id)
    xml = xml_of(shop, doc)
    assert valid(xml)
    root = ET.fromstring(xml)
    totals = summation(root)
    assert totals["TotalPrepaidAmount"] == doc.gross == 108000
    assert totals["DuePayableAmount"] == 0
    assert root.find(".//ram:BuyerOrderReferencedDocument", NS) is None  # a sale, not an order


@pytest.fixture
def french_shop(db_path: Path, private_home: Path) -> Iterator[Shop]:
    """A shop in Paris: euros, prices without tax at 20% and 5.5%, a VAT number."""
    with Shop.open(db_path, backup_dir=private_home / "backups") as opened:
        opened.settings.first_run(
            "Épicerie du Marché", "FR", owner_name="Camille", owner_pin=OWNER_PIN
        )
        opened.settings.save(
            {
                spec.TAX_RATES.key: (
                    TaxRate("S", "TVA 20 %", Decimal(20)),
                    TaxRate("R", "TVA 5,5 %", Decimal("5.5")),
                ),
                spec.PRICES_INCLUDE_TAX.key: False,
                spec.TAX_ID.key: "FR 40 303 265 045",
                spec.ADDRESS.key: "12 rue des Lilas\n75011 Paris",
                spec.FACTURX.key: True,
            }
        )
        yield opened


def test_an_eu_shop_writes_vat_numbers_and_the_buyers_country(
    french_shop: Shop, tmp_path: Path
) -> None:
    """Prices without tax, a weighed line, a line outside VAT, VAT numbers with prefixes."""
    shop = french_shop
    shop.products.add(
        ProductDraft("Comté affiné", eur("32.90"), eur("20"), unit=Unit.KILOGRAM, tax_code="R"),
        opening_stock=Quantity.of(10),
    )
    cheese = shop.products.search("Comté")[0].id
    buyer = shop.customers.add(
        NewCustomer("Café Lumière SARL", eur("0"), tax_id="FR 12 345678901", email="a@adler.fr")
    )
    blank = draft(
        shop,
        DocKind.INVOICE,
        buyer,
        shop.invoices.product_line(shop.products.get(cheese), Quantity.of("0.375")),
        DocLine("Carte cadeau", Quantity.of(1), eur("50"), None),
        DocLine("Panier garni", Quantity.of(2), eur("24.99"), shop.invoices.tax_rates()[0]),
    )
    doc = issue(shop, replace(blank, reference="PO-4411"))
    xml = xml_of(shop, doc)
    assert valid(xml)
    root = ET.fromstring(xml)
    ids = [
        (e.text, e.get("schemeID"))
        for e in root.iterfind(".//ram:SpecifiedTaxRegistration/ram:ID", NS)
    ]
    assert ids == [("FR40303265045", "VA"), ("FR12345678901", "VA")]
    buyer_party = root.find(".//ram:BuyerTradeParty", NS)
    assert buyer_party is not None
    assert buyer_party.findtext(".//ram:CountryID", namespaces=NS) == "FR"
    assert buyer_party.findtext(".//ram:URIID", namespaces=NS) == "a@adler.fr"
    order = root.findtext(".//ram:BuyerOrderReferencedDocument/ram:IssuerAssignedID", namespaces=NS)
    assert order == "PO-4411"
    weighed = root.find(".//ram:BilledQuantity", NS)
    assert weighed is not None and (weighed.text, weighed.get("unitCode")) == ("0.375", "KGM")
    # 0.375 kg x 32.90 = 12.3375 -> 12.34; its price is the line's net over its quantity.
    # The line without tax is exempt, saying why: "not subject to VAT" may only stand alone.
    assert line_figures(root) == [("S", "5.5", 1234), ("E", "0", 5000), ("S", "20", 4998)]
    prices = [e.text for e in root.iterfind(".//ram:ChargeAmount", NS)]
    assert prices == ["32.906667", "50.00", "24.99"]
    assert breakdown(root) == {
        ("S", "20"): (4998, 1000),
        ("S", "5.5"): (1234, 68),
        ("E", "0"): (5000, 0),
    }
    assert root.findtext(".//ram:ExemptionReason", namespaces=NS) == "Not subject to VAT"
    assert summation(root)["GrandTotalAmount"] == doc.gross == 1234 + 68 + 5000 + 4998 + 1000
    shop.invoices.pdf(doc.id, tmp_path / "facture.pdf", language="fr")
    carried = attached(tmp_path / "facture.pdf")
    assert carried is not None and valid(carried)
    # The terms as the PDF words them, in the document's language.
    found = ET.fromstring(carried)
    terms = found.findtext(".//ram:SpecifiedTradePaymentTerms/ram:Description", namespaces=NS)
    assert terms is not None and terms.startswith("Paiement sous 30 jours")
    assert found.findtext("rsm:ExchangedDocument/ram:ID", namespaces=NS) == doc.number


def test_a_business_in_another_member_state_is_invoiced_with_the_reverse_charge(
    french_shop: Shop, tmp_path: Path
) -> None:
    """No VAT, category AE with its exemption code, the legal mention on the PDF in the
    document's language; its credit note follows; a French business pays VAT as before."""
    shop = french_shop
    adler = shop.customers.add(
        NewCustomer("Gasthaus Adler GmbH", eur("0"), tax_id="DE 123 456 789", language="fr")
    )
    standard, reduced = shop.invoices.tax_rates()
    lines = (
        DocLine("Panier garni", Quantity.of(2), eur("24.99"), standard),
        DocLine("Riz basmati", Quantity.of("2.5"), eur("4.00"), reduced),
    )
    doc = issue(shop, draft(shop, DocKind.INVOICE, adler, *lines))
    assert doc.tax == 0 and doc.gross == doc.net == 4998 + 1000
    assert [line.rate.code for line in doc.draft.lines if line.rate] == ["VATEX-EU-AE"] * 2
    assert shop.customers.get(adler).balance == eur("59.98")  # owes no VAT to the shop
    xml = xml_of(shop, doc)
    assert valid(xml)
    root = ET.fromstring(xml)
    assert line_figures(root) == [("AE", "0", 4998), ("AE", "0", 1000)]
    assert breakdown(root) == {("AE", "0"): (5998, 0)}
    assert root.findtext(".//ram:ExemptionReasonCode", namespaces=NS) == "VATEX-EU-AE"
    assert root.findtext(".//ram:ExemptionReason", namespaces=NS) == "Reverse charge"
    ids = [
        (e.text, e.get("schemeID"))
        for e in root.iterfind(".//ram:SpecifiedTaxRegistration/ram:ID", NS)
    ]
    assert ids == [("FR40303265045", "VA"), ("DE123456789", "VA")]
    assert root.findtext(".//ram:BuyerTradeParty//ram:CountryID", namespaces=NS) == "DE"

    path = tmp_path / "facture.pdf"
    shop.invoices.pdf(doc.id, path)  # the customer's language: French
    text = " ".join(PdfReader(path).pages[0].extract_text().split())
    assert "Autoliquidation" in text and "Autoliquidation : la TVA est due par le client" in text
    assert "FR 40 303 265 045" in text and "DE 123 456 789" in text
    assert pdfa_problems(path) == []
    english = tmp_path / "invoice.pdf"
    shop.invoices.pdf(doc.id, english, language="en")
    assert "Reverse charge: VAT is due from the customer" in " ".join(
        PdfReader(english).pages[0].extract_text().split()
    )

    note_id = shop.invoices.credit_draft(doc.id)
    note = shop.invoices.get(shop.invoices.issue(note_id).id)
    assert note.tax == 0 and note.gross == doc.gross
    note_xml = xml_of(shop, note)
    assert valid(note_xml) and b"<ram:CategoryCode>AE</ram:CategoryCode>" in note_xml

    lumiere = shop.customers.add(NewCustomer("Café Lumière", eur("0"), tax_id="FR12345678901"))
    domestic = issue(shop, draft(shop, DocKind.INVOICE, lumiere, *lines))
    assert domestic.tax == 1000 + 55
    assert valid(xml_of(shop, domestic))


def test_reverse_charged_lines_are_refused_for_a_customer_who_pays_vat(
    french_shop: Shop,
) -> None:
    shop = french_shop
    adler = shop.customers.add(NewCustomer("Adler GmbH", eur("0"), tax_id="DE123456789"))
    lumiere = shop.customers.add(NewCustomer("Café Lumière", eur("0"), tax_id="FR12345678901"))
    line = DocLine("Panier garni", Quantity.of(2), eur("24.99"), shop.invoices.tax_rates()[0])
    charged = shop.invoices.tax_treatment(draft(shop, DocKind.INVOICE, adler, line))
    assert charged.totals().tax.minor == 0
    with pytest.raises(InvalidInput, match="reverse charge"):
        shop.invoices.save_draft(replace(charged, customer_id=lumiere))
    with pytest.raises(InvalidInput, match="kept for the reverse charge"):
        shop.settings.save(
            {spec.TAX_RATES.key: (TaxRate("vatex-eu-ae", "Mine", Decimal(0), exempt=True),)}
        )


def test_zero_decimal_currencies_write_whole_amounts(shop: Shop) -> None:
    doc = issue(
        shop, draft(shop, DocKind.INVOICE, customer(shop), free_line("Repair", "3", "1000"))
    )
    shillings = Draft(
        kind=DocKind.INVOICE,
        currency="UGX",
        mode=TaxMode.INCLUSIVE,
        customer_id=doc.customer_id,
        lines=(DocLine("Repair", Quantity.of(3), Money(1001, "UGX"), VAT16),),
    )
    totals = shillings.totals()
    stored = replace(
        doc,
        draft=shillings,
        line_amounts=tuple(m.minor for m in totals.line_amounts),
        net=totals.net.minor,
        tax=totals.tax.minor,
        gross=totals.gross.minor,
        taxes=tuple(_tax_sums(totals)),
    )
    invoice = facturx_invoice(
        stored, shop.settings.load(), Standing(0, 0, 0), "", shop.invoices.get
    )
    assert invoice.grand_total == Decimal(3003) and f"{invoice.tax_total:f}" == "414"
    assert f"{invoice.lines[0].net_price:f}" == "863"  # 2589 / 3
    assert valid(
        facturx_xml(stored, shop.settings.load(), Standing(0, 0, 0), "", shop.invoices.get)
    )


# -- the PDF ----------------------------------------------------------------------------------


def test_the_invoice_pdf_carries_the_xml_and_still_reads(shop: Shop, tmp_path: Path) -> None:
    juma = customer(shop)
    doc = issue(shop, draft(shop, DocKind.INVOICE, juma, product_line(shop, "616400000201", "2")))
    path = tmp_path / "invoice.pdf"
    assert shop.invoices.pdf(doc.id, path) == 1
    name, xml = facturx.get_facturx_xml_from_pdf(path.read_bytes())
    assert name == "factur-x.xml" and valid(xml)
    assert ET.fromstring(xml).findtext(".//rsm:ExchangedDocument/ram:ID", namespaces=NS) == (
        doc.number
    )
    assert attached(path) == xml
    reader = PdfReader(path)
    text = reader.pages[0].extract_text()
    assert doc.number is not None and doc.number in text and "Juma Hardware Ltd" in text
    assert reader.metadata is not None and doc.number in str(reader.metadata.title)
    assert not list(tmp_path.glob("*.part"))
    # A credit note's PDF carries its own.
    note_id = shop.invoices.credit_draft(doc.id)
    shop.invoices.issue(note_id)
    shop.invoices.pdf(note_id, tmp_path / "note.pdf")
    note_xml = attached(tmp_path / "note.pdf")
    assert note_xml is not None and b"<ram:TypeCode>381</ram:TypeCode>" in note_xml


def test_the_invoice_pdf_is_the_pdf_a_3_it_claims_to_be(shop: Shop, tmp_path: Path) -> None:
    """Factur-X makes the PDF say PDF/A-3B: every font is embedded (reportlab's Helvetica,
    which started every page, is gone), an sRGB output intent gives its colours a meaning,
    in English and in Arabic, with a logo and over two pages."""
    from PIL import Image

    logo = tmp_path / "logo.jpg"
    Image.new("CMYK", (300, 120), (0, 200, 200, 0)).save(logo, format="JPEG")
    shop.settings.save({spec.LOGO.key: logo.read_bytes()})
    juma = customer(shop)
    lines = [free_line(f"Item {n}", "1", "100") for n in range(60)]
    doc = issue(shop, draft(shop, DocKind.INVOICE, juma, *lines))
    for language in ("en", "ar"):
        path = tmp_path / f"invoice-{language}.pdf"
        assert shop.invoices.pdf(doc.id, path, language=language) == 2
        assert pdfa_problems(path) == []
        reader = PdfReader(path)
        fonts = {
            str(font.get_object()["/BaseFont"])
            for page in reader.pages
            for font in page["/Resources"]["/Font"].values()
        }
        assert not any("Helvetica" in font for font in fonts), fonts
    # Without Factur-X nothing claims PDF/A, and nothing has to be.
    shop.settings.save({spec.FACTURX.key: False})
    plain = tmp_path / "plain.pdf"
    shop.invoices.pdf(doc.id, plain)
    problems = pdfa_problems(plain)
    assert "no XMP metadata saying PDF/A-3B" in problems
    assert not any("font" in problem for problem in problems)


def test_without_the_setting_no_xml_is_attached(shop: Shop, tmp_path: Path) -> None:
    shop.settings.save({spec.FACTURX.key: False})
    doc = issue(
        shop, draft(shop, DocKind.INVOICE, customer(shop), product_line(shop, "616400000201", "2"))
    )
    path = tmp_path / "invoice.pdf"
    shop.invoices.pdf(doc.id, path)
    assert attached(path) is None
    assert doc.number is not None and doc.number in PdfReader(path).pages[0].extract_text()


def test_quotes_and_drafts_never_carry_xml(shop: Shop, tmp_path: Path) -> None:
    juma = customer(shop)
    cement = product_line(shop, "616400000201", "2")
    quote = issue(shop, draft(shop, DocKind.QUOTE, juma, cement))
    shop.invoices.pdf(quote.id, tmp_path / "quote.pdf")
    assert attached(tmp_path / "quote.pdf") is None
    unissued = shop.invoices.save_draft(draft(shop, DocKind.INVOICE, juma, cement))
    shop.invoices.pdf(unissued, tmp_path / "draft.pdf")
    assert attached(tmp_path / "draft.pdf") is None


def test_a_kenyan_shops_tax_number_identifies_it_and_its_customers(shop: Shop) -> None:
    """Outside the EU the tax numbers are no VAT identifiers: the seller's is its legal
    registration identifier (BR-CO-26) and its tax registration (FC); the buyer's is its
    legal registration identifier (a buyer's tax registration may only be a VAT number)."""
    buyer = shop.customers.add(NewCustomer("Juma Hardware Ltd", kes("0"), tax_id="P052222222B"))
    doc = issue(shop, draft(shop, DocKind.INVOICE, buyer, product_line(shop, "616400000201", "2")))
    xml = xml_of(shop, doc)
    assert valid(xml)
    root = ET.fromstring(xml)
    seller = root.find(".//ram:SellerTradeParty", NS)
    customer_party = root.find(".//ram:BuyerTradeParty", NS)
    assert seller is not None and customer_party is not None
    legal = "ram:SpecifiedLegalOrganization/ram:ID"
    assert seller.findtext(legal, namespaces=NS) == "P051111111A"
    registration = seller.find("ram:SpecifiedTaxRegistration/ram:ID", NS)
    assert registration is not None
    assert (registration.text, registration.get("schemeID")) == ("P051111111A", "FC")
    assert customer_party.findtext(legal, namespaces=NS) == "P052222222B"
    assert customer_party.find("ram:SpecifiedTaxRegistration", NS) is None


def test_an_invoice_issued_without_the_shops_tax_number_is_refused_clearly(
    shop: Shop, tmp_path: Path
) -> None:
    """Without a tax number nothing identifies the seller: no valid Factur-X can be made,
    so the PDF is refused with a message saying what to do, and no file is written."""
    shop.settings.save({spec.FACTURX.key: False})
    shop.settings.save({spec.TAX_ID.key: ""})
    doc = issue(
        shop, draft(shop, DocKind.INVOICE, customer(shop), product_line(shop, "616400000201", "2"))
    )
    shop.settings.save({spec.TAX_ID.key: "P051111111A", spec.FACTURX.key: True})
    path = tmp_path / "invoice.pdf"
    with pytest.raises(InvalidInput, match="issued without the shop's tax number") as refused:
        shop.invoices.pdf(doc.id, path)
    assert refused.value.field == spec.TAX_ID.key
    assert not path.exists()


def test_factur_x_cannot_be_switched_on_without_a_tax_number(shop: Shop) -> None:
    with pytest.raises(InvalidInput, match="tax number") as refused:
        shop.settings.save({spec.TAX_ID.key: ""})
    assert refused.value.field == spec.FACTURX.key
    shop.settings.save({spec.FACTURX.key: False})
    shop.settings.save({spec.TAX_ID.key: ""})
    with pytest.raises(InvalidInput, match="tax number"):
        shop.settings.save({spec.FACTURX.key: True})
    assert not shop.settings.load()[spec.FACTURX]


def test_a_shop_without_a_country_is_told_and_no_file_is_written(
    shop: Shop, tmp_path: Path
) -> None:
    doc = issue(
        shop, draft(shop, DocKind.INVOICE, customer(shop), product_line(shop, "616400000201", "2"))
    )
    shop.settings.save({spec.COUNTRY.key: ""})
    path = tmp_path / "invoice.pdf"
    with pytest.raises(Exception, match="choose a country"):
        shop.invoices.pdf(doc.id, path)
    assert not path.exists()


def test_starting_loads_neither_facturx_nor_lxml() -> None:
    code = (
        "import sys; import duka.cli, duka.services.shop, duka.services.invoices; "
        "print('facturx' in sys.modules, 'lxml' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
        env={"PYTHONPATH": str(ROOT / "desktop"), "PATH": "/usr/bin:/bin"},
    )
    assert result.stdout.split() == ["False", "False"]


# -- the sums, for any document -----------------------------------------------------------------


RATES = st.sampled_from(
    [
        VAT16,
        VAT8,
        TaxRate("E", "Exempt", Decimal(0), exempt=True),
        TaxRate("Z", "Zero", Decimal(0)),
        None,
    ]
)


@st.composite
def documents(draw: st.DrawFn) -> Draft:
    lines = []
    for _ in range(draw(st.integers(1, 8))):
        milli = draw(st.integers(1, 50_000))
        price = draw(st.integers(0, 500_000))
        line = DocLine("Item", Quantity(milli), Money(price, "KES"), draw(RATES))
        gross = line.unit_price.times(line.quantity.value).minor
        cut = draw(st.integers(0, gross)) if draw(st.booleans()) else 0
        lines.append(replace(line, discount=Money(cut, "KES") if cut else None))
    mode = draw(st.sampled_from(list(TaxMode)))
    blank = Draft(DocKind.INVOICE, "KES", mode, customer_id=1, lines=tuple(lines))
    subtotal = sum(line.tax_line().amount().minor for line in lines)
    off = draw(st.integers(0, subtotal)) if draw(st.booleans()) else 0
    return replace(blank, discount=Money(off, "KES") if off else None)


def _tax_sums(totals: object) -> list[TaxSum]:
    sums = []
    for rate in totals.by_rate:  # type: ignore[attr-defined]
        r = rate.rate
        sums.append(
            TaxSum(
                r.code if r else "",
                r.name if r else "",
                r.percent if r else Decimal(0),
                r.exempt if r else True,
                rate.net.minor,
                rate.tax.minor,
                rate.gross.minor,
            )
        )
    return sums


def stored(blank: Draft) -> StoredDoc:
    totals = blank.totals()
    count = len(blank.lines)
    return StoredDoc(
        id=1,
        draft=blank,
        line_ids=tuple(range(1, count + 1)),
        line_amounts=tuple(m.minor for m in totals.line_amounts),
        unit_costs=(0,) * count,
        issued=True,
        number="INV-1",
        issue_date=dt.date(2026, 5, 4),
        due_date=dt.date(2026, 6, 3),
        net=totals.net.minor,
        tax=totals.tax.minor,
        gross=totals.gross.minor,
        taxes=tuple(_tax_sums(totals)),
        bill=Party("Buyer"),
        seller=Party("Seller", tax_id="P051111111A"),
        sale_id=None,
        ledger_entry_id=None,
        created_at="",
        issued_at="",
        actor="",
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_any_document_gives_exact_nets_and_valid_xml(blank: Draft) -> None:
    from duka.core.settings import ShopSettings

    doc = stored(blank)
    nets = line_nets(doc)  # refuses nets that miss a rate's net by a cent
    assert sum(nets) == doc.net
    shop = ShopSettings({spec.COUNTRY.key: "KE", spec.CURRENCY.key: "KES"})
    invoice = facturx_invoice(doc, shop, Standing(doc.gross, 0, doc.gross), "", lambda i: doc)
    assert (
        sum(t.basis for t in invoice.taxes)
        == invoice.tax_basis_total
        == Money(doc.net, "KES").amount
    )
    assert sum(t.tax for t in invoice.taxes) == invoice.tax_total
    assert invoice.tax_basis_total + invoice.tax_total == invoice.grand_total
    assert sum(line.net_amount for line in invoice.lines) == invoice.line_total
    for tax in invoice.taxes:
        of_group = [
            line.net_amount
            for line in invoice.lines
            if (line.category, line.percent if line.category == "S" else None)
            == (tax.category, tax.percent if tax.category == "S" else None)
        ]
        assert sum(of_group) == tax.basis
    assert valid(facturx_xml(doc, shop, Standing(doc.gross, 0, doc.gross), "", lambda i: doc))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_any_reverse_charged_document_meets_en16931(blank: Draft) -> None:
    """Whatever the lines, prices with or without tax and discounts: reverse charged, the
    document has no tax, and its data states category AE and meets every rule."""
    from duka.core.invoices import reverse_charged

    euros = replace(
        blank,
        currency="EUR",
        lines=tuple(
            replace(
                line,
                unit_price=Money(line.unit_price.minor, "EUR"),
                discount=Money(line.discount.minor, "EUR") if line.discount else None,
            )
            for line in blank.lines
        ),
        discount=Money(blank.discount.minor, "EUR") if blank.discount else None,
    )
    charged = reverse_charged(euros)
    doc = replace(
        stored(charged),
        bill=Party("Gasthaus Adler GmbH", tax_id="DE123456789"),
        seller=Party("Épicerie du Marché", tax_id="FR40303265045"),
    )
    assert doc.tax == 0 and doc.net == doc.gross
    shop = ShopSettings({spec.COUNTRY.key: "FR", spec.CURRENCY.key: "EUR"})
    xml = facturx_xml(doc, shop, Standing(doc.gross, 0, doc.gross), "", lambda i: doc)
    assert valid(xml)
    categories = {
        line.category
        for line in facturx_invoice(doc, shop, Standing(0, 0, 0), "", lambda i: doc).lines
    }
    taxed = any(line.rate is not None for line in charged.lines)
    assert ("AE" in categories) == taxed
