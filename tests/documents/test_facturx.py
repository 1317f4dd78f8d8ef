"""Factur-X XML from plain values: valid against the EN 16931 profile's schema, elements in
the schema's order, VAT numbers told from other tax numbers, and the PDF that carries it."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path

import facturx
import pytest
from pypdf import PdfReader
from reportlab.pdfgen.canvas import Canvas

from duka.documents.facturx import (
    EXEMPT,
    NOT_SUBJECT,
    STANDARD,
    CiiInvoice,
    CiiLine,
    CiiParty,
    CiiTax,
    attach_facturx,
    build_xml,
    eu_vat_number,
    vat_country,
)
from tests.en16931 import errors

NS = {
    "rsm": "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
    "ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
    "udt": "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100",
    "qdt": "urn:un:unece:uncefact:data:standard:QualifiedDataType:100",
}


D0, D20, D55 = Decimal(0), Decimal(20), Decimal("5.5")


def valid(xml: bytes) -> bool:
    """Valid against the profile's schema and meeting every EN 16931 business rule."""
    assert errors(xml) == []
    return bool(facturx.xml_check_xsd(xml, flavor="factur-x", level="en16931"))


def sample(**changes: object) -> CiiInvoice:
    values: dict[str, object] = {
        "number": "F-2026-00042",
        "credit_note": False,
        "issue_date": dt.date(2026, 3, 9),
        "currency": "EUR",
        "seller": CiiParty(
            "Épicerie du Marché",
            "FR",
            ("12 rue des Lilas", "75011 Paris"),
            tax_id="FR 40 303 265 045",
            phone="+33 1 23 45 67 89",
        ),
        "buyer": CiiParty("Café Lumière SARL", "FR", ("3 place du Tertre",), tax_id="DE123456789"),
        "lines": (
            CiiLine(
                "Huile d'olive 1 l", Decimal(3), "C62", Decimal("8.00"), Decimal("24.00"), "S", D20
            ),
            CiiLine(
                "Riz basmati", Decimal("2.5"), "KGM", Decimal("4.00"), Decimal("10.00"), "S", D55
            ),
            CiiLine("Timbres", Decimal(1), "C62", Decimal("1.29"), Decimal("1.29"), EXEMPT, D0),
        ),
        "taxes": (
            CiiTax(STANDARD, D20, Decimal("24.00"), Decimal("4.80")),
            CiiTax(STANDARD, D55, Decimal("10.00"), Decimal("0.55")),
            CiiTax(EXEMPT, D0, Decimal("1.29"), Decimal("0.00"), "Exonération art. 261"),
        ),
        "line_total": Decimal("35.29"),
        "tax_basis_total": Decimal("35.29"),
        "tax_total": Decimal("5.35"),
        "grand_total": Decimal("40.64"),
        "prepaid": Decimal("0.00"),
        "due_payable": Decimal("40.64"),
        "notes": ("Merci de votre confiance.\nLivraison le matin.",),
        "buyer_order": "BC-778",
        "payment_terms": "Paiement à 30 jours.",
        "due_date": dt.date(2026, 4, 8),
    }
    values.update(changes)
    return CiiInvoice(**values)  # type: ignore[arg-type]


def test_an_invoice_is_valid_against_the_en16931_schema() -> None:
    xml = build_xml(sample())
    assert xml.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    assert valid(xml)
    root = ET.fromstring(xml)
    assert root.findtext("rsm:ExchangedDocument/ram:TypeCode", namespaces=NS) == "380"
    assert (
        root.findtext(
            "rsm:ExchangedDocumentContext/ram:GuidelineSpecifiedDocumentContextParameter/ram:ID",
            namespaces=NS,
        )
        == "urn:cen.eu:en16931:2017"
    )
    stamp = root.find("rsm:ExchangedDocument/ram:IssueDateTime/udt:DateTimeString", NS)
    assert stamp is not None and (stamp.text, stamp.get("format")) == ("20260309", "102")
    note = root.findtext("rsm:ExchangedDocument/ram:IncludedNote/ram:Content", namespaces=NS)
    assert note == "Merci de votre confiance.\nLivraison le matin."


def test_a_credit_note_names_the_invoice_it_corrects() -> None:
    xml = build_xml(
        sample(
            number="AV-2026-00003",
            credit_note=True,
            invoice_reference="F-2026-00042",
            invoice_reference_date=dt.date(2026, 3, 9),
            due_date=None,
        )
    )
    assert valid(xml)
    root = ET.fromstring(xml)
    assert root.findtext("rsm:ExchangedDocument/ram:TypeCode", namespaces=NS) == "381"
    settlement = root.find(
        "rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeSettlement", NS
    )
    assert settlement is not None
    reference = settlement.find("ram:InvoiceReferencedDocument", NS)
    assert reference is not None
    assert reference.findtext("ram:IssuerAssignedID", namespaces=NS) == "F-2026-00042"
    assert reference.findtext("ram:FormattedIssueDateTime/qdt:DateTimeString", namespaces=NS) == (
        "20260309"
    )
    # InvoiceReferencedDocument comes after the monetary summation, as the schema orders it.
    tags = [child.tag.split("}")[1] for child in settlement]
    assert tags.index("InvoiceReferencedDocument") > tags.index(
        "SpecifiedTradeSettlementHeaderMonetarySummation"
    )


def test_vat_numbers_and_other_tax_numbers_are_told_apart() -> None:
    assert eu_vat_number("FR 40 303 265 045") == "FR40303265045"
    assert eu_vat_number("de-123.456.789") == "DE123456789"
    assert eu_vat_number("ATU12345678") == "ATU12345678"
    assert eu_vat_number("EL123456789") == "EL123456789"
    assert vat_country("EL123456789") == "GR" and vat_country("XI123456789") == "GB"
    for other in ("P051234567X", "27AAPFU0939F1ZV", "", "FR", "DEUTSCHLAND", "US123456789"):
        assert eu_vat_number(other) is None, other

    root = ET.fromstring(build_xml(sample()))
    agreement = root.find("rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeAgreement", NS)
    assert agreement is not None
    seller = agreement.find("ram:SellerTradeParty/ram:SpecifiedTaxRegistration/ram:ID", NS)
    assert seller is not None and (seller.text, seller.get("schemeID")) == ("FR40303265045", "VA")
    # Outside the EU: a tax number identifies the seller as its legal registration (BR-CO-26
    # failed when it was only a tax registration) and stays its tax registration (FC).
    kenyan = sample(seller=CiiParty("Duka la Test", "KE", tax_id="P051111111A"))
    assert valid(build_xml(kenyan))
    root = ET.fromstring(build_xml(kenyan))
    found = root.find(".//ram:SellerTradeParty/ram:SpecifiedTaxRegistration/ram:ID", NS)
    assert found is not None and (found.text, found.get("schemeID")) == ("P051111111A", "FC")
    legal = ".//ram:SellerTradeParty/ram:SpecifiedLegalOrganization/ram:ID"
    assert root.findtext(legal, namespaces=NS) == "P051111111A"


def test_categories_carry_only_what_the_standard_allows() -> None:
    """Outside VAT: no rate, a reason and its code; a standard rate: no exemption reason."""
    invoice = sample(
        lines=(CiiLine("Carte cadeau", Decimal(1), "C62", Decimal(50), Decimal(50), "O", None),),
        taxes=(
            CiiTax(
                NOT_SUBJECT,
                None,
                Decimal("50.00"),
                Decimal("0.00"),
                "Not subject to VAT",
                "VATEX-EU-O",
            ),
        ),
        line_total=Decimal("50.00"),
        tax_basis_total=Decimal("50.00"),
        tax_total=Decimal("0.00"),
        grand_total=Decimal("50.00"),
        due_payable=Decimal("50.00"),
    )
    xml = build_xml(invoice)
    assert valid(xml)
    root = ET.fromstring(xml)
    line_tax = root.find(".//ram:SpecifiedLineTradeSettlement/ram:ApplicableTradeTax", NS)
    assert line_tax is not None and line_tax.find("ram:RateApplicablePercent", NS) is None
    header = root.find(".//ram:ApplicableHeaderTradeSettlement/ram:ApplicableTradeTax", NS)
    assert header is not None
    assert [child.tag.split("}")[1] for child in header] == [
        "CalculatedAmount",
        "TypeCode",
        "ExemptionReason",
        "BasisAmount",
        "CategoryCode",
        "ExemptionReasonCode",
    ]
    # Outside VAT no VAT number may be written (BR-O-02): the parties' numbers identify them
    # as legal registrations instead.
    assert root.find(".//ram:SpecifiedTaxRegistration/ram:ID[@schemeID='VA']", NS) is None
    legal = [e.text for e in root.iterfind(".//ram:SpecifiedLegalOrganization/ram:ID", NS)]
    assert legal == ["FR 40 303 265 045", "DE123456789"]
    standard = sample(taxes=(CiiTax(STANDARD, D20, Decimal(24), Decimal("4.8"), "ignored"),))
    assert b"ignored" not in build_xml(standard)


def test_texts_are_made_safe_for_xml() -> None:
    """Control characters XML cannot hold are dropped; a fourth address line joins the third;
    an empty address line or note writes no empty element."""
    seller = CiiParty(
        "A & B <Ltd>\x07",
        "KE",
        ("Plot 7", "", "Moi Avenue", "Nairobi", "00100"),
        tax_id="P051111111A\x00",
    )
    xml = build_xml(sample(seller=seller, notes=("  ",), buyer_order=""))
    assert valid(xml)
    root = ET.fromstring(xml)
    party = root.find(".//ram:SellerTradeParty", NS)
    assert party is not None
    assert party.findtext("ram:Name", namespaces=NS) == "A & B <Ltd>"
    address = party.find("ram:PostalTradeAddress", NS)
    assert address is not None
    assert [(child.tag.split("}")[1], child.text) for child in address] == [
        ("LineOne", "Plot 7"),
        ("LineTwo", "Moi Avenue"),
        ("LineThree", "Nairobi, 00100"),
        ("CountryID", "KE"),
    ]
    assert party.findtext("ram:SpecifiedTaxRegistration/ram:ID", namespaces=NS) == "P051111111A"
    assert root.find(".//ram:IncludedNote", NS) is None
    assert root.find(".//ram:BuyerOrderReferencedDocument", NS) is None


def test_the_pdf_carries_the_xml_and_still_reads(tmp_path: Path) -> None:
    path = tmp_path / "facture.pdf"
    canvas = Canvas(str(path))
    canvas.drawString(72, 720, "Facture F-2026-00042")
    canvas.save()
    xml = build_xml(sample())
    attach_facturx(path, xml, title="Facture F-2026-00042", author="Épicerie", language="fr")
    name, found = facturx.get_facturx_xml_from_pdf(path.read_bytes())
    assert name == "factur-x.xml" and found == xml
    reader = PdfReader(path)
    assert "F-2026-00042" in reader.pages[0].extract_text()
    assert reader.metadata is not None and reader.metadata.title == "Facture F-2026-00042"
    assert not list(tmp_path.glob("*.part"))


def test_invalid_data_is_refused_and_the_pdf_is_left_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "facture.pdf"
    canvas = Canvas(str(path))
    canvas.drawString(72, 720, "Facture")
    canvas.save()
    before = path.read_bytes()
    broken = build_xml(sample()).replace(b"<ram:TypeCode>380</ram:TypeCode>", b"")
    with pytest.raises(Exception, match="XML Schema"):
        attach_facturx(path, broken, title="Facture", author="Épicerie")
    assert path.read_bytes() == before
