"""The shop's M-Pesa Till and Paybill numbers printed where a customer pays from: the receipt
(PDF and printer text) and the payment reminder."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from duka.core import settings as spec
from duka.core.errors import InvalidInput
from duka.core.sale import PaymentMethod, Tender
from duka.services.shop import Shop
from tests.services.test_accounts import customer, sell_on_account
from tests.services.test_checkout import add, ean, kes, scan_into
from tests.services.test_checkout import shop as shop  # the shop with VAT 16% and exempt


def a_sale(shop: Shop) -> str:
    add(shop, "Sabuni", "55", ean("616400000071"))
    cart = scan_into(shop, shop.checkout.new_cart(), ean("616400000071"))
    return shop.checkout.complete(None, cart, [Tender(PaymentMethod.CASH, kes("100"))]).number


def test_the_receipt_prints_the_till_and_the_paybill(shop: Shop, tmp_path: Path) -> None:
    shop.settings.save(
        {
            spec.MOBILE_MONEY.key: "M-Pesa,  Airtel Money, m-pesa",
            spec.MPESA_TILL.key: " 123 456 ",
            spec.MPESA_PAYBILL.key: "400200",
        }
    )
    values = shop.settings.load()
    assert values[spec.MOBILE_MONEY] == ("M-Pesa", "Airtel Money")
    assert values[spec.MPESA_TILL] == "123456"
    number = a_sale(shop)
    printed = shop.receipts.receipt_escpos(number)
    assert b"M-Pesa Till 123456" in printed
    assert f"M-Pesa Paybill 400200, account {number}".encode() in printed
    shop.receipts.receipt_pdf(number, tmp_path / "r.pdf")
    text = PdfReader(tmp_path / "r.pdf").pages[0].extract_text()
    assert "M-Pesa Till 123456" in text
    shop.settings.save({spec.MPESA_ACCOUNT.key: "DUKA"})
    assert b"account DUKA" in shop.receipts.receipt_escpos(number)


def test_no_m_pesa_number_prints_nothing_of_it(shop: Shop) -> None:
    assert b"M-Pesa" not in shop.receipts.receipt_escpos(a_sale(shop))


@pytest.mark.parametrize("typed", ["12a456", "١٢٣٤٥٦", "1234567890123"])
def test_a_till_is_digits_only(shop: Shop, typed: str) -> None:
    with pytest.raises(InvalidInput, match="digits only"):
        shop.settings.save({spec.MPESA_TILL.key: typed})
    assert shop.settings.load()[spec.MPESA_TILL] == ""


def test_the_reminder_names_the_paybill_with_the_customers_reference(
    shop: Shop, tmp_path: Path
) -> None:
    shop.settings.save({spec.MPESA_PAYBILL.key: "400200", spec.MPESA_TILL.key: "123456"})
    add(shop, "Sukari", "100", ean("616400000101"), tax=None)
    amina = customer(shop, "Amina")
    sell_on_account(shop, amina, 2)
    shop.accounts.reminder(amina, tmp_path / "r.pdf")
    text = PdfReader(tmp_path / "r.pdf").pages[0].extract_text()
    assert f"M-Pesa Paybill 400200, account C{amina}" in text
    assert "M-Pesa Till 123456" in text


def test_with_a_qr_code_too_the_pay_lines_keep_clear_of_the_shops_contact(
    shop: Shop, tmp_path: Path
) -> None:
    from duka.core.payment_qr import QrKind
    from tests.documents.pdf_reading import drawn_texts

    shop.settings.save(
        {
            spec.MPESA_PAYBILL.key: "400200",
            spec.MPESA_TILL.key: "123456",
            spec.PHONE.key: "+254 712 000 111",
            spec.PAYMENT_QR.key: QrKind.TEXT.value,
            spec.PAYMENT_TEXT.key: "pay {amount} {reference}",
        }
    )
    add(shop, "Sukari", "100", ean("616400000101"), tax=None)
    amina = customer(shop, "Amina")
    sell_on_account(shop, amina, 2)
    shop.accounts.reminder(amina, tmp_path / "r.pdf")
    drawn = drawn_texts(tmp_path / "r.pdf")
    paybill = next(d for d in drawn if "Paybill" in d.text)
    contact = next(d for d in drawn if "712 000 111" in d.text)
    assert paybill.y - contact.y >= 11  # points: a line of 11 pt text clears it
