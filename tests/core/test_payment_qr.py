import pytest

from duka.core.errors import InvalidInput
from duka.core.money import Money
from duka.core.payment_qr import PayeeDetails, QrKind, crc16_ccitt, payment_payload


def test_no_code_when_the_shop_has_chosen_none() -> None:
    assert payment_payload(PayeeDetails(QrKind.NONE), Money.of("5", "KES"), "C1") is None


def test_upi_link() -> None:
    details = PayeeDetails(QrKind.UPI, account="shree@okaxis", payee="Shree Kirana")
    found = payment_payload(details, Money.of("1250.5", "INR"), "C12")
    assert found == "upi://pay?pa=shree@okaxis&pn=Shree%20Kirana&am=1250.50&cu=INR&tn=C12"
    with pytest.raises(InvalidInput):
        payment_payload(details, Money.of("10", "KES"), "C12")  # rupees only
    with pytest.raises(InvalidInput):
        payment_payload(PayeeDetails(QrKind.UPI, account="not an id"), Money.of("1", "INR"), "")


def test_epc_transfer_code() -> None:
    details = PayeeDetails(
        QrKind.EPC, account="DE89 3704 0044 0532 0130 00", payee="Épicerie Lyon", bic="COBADEFFXXX"
    )
    found = payment_payload(details, Money.of("12.3", "EUR"), "C7")
    assert found is not None
    assert found.split("\n") == [
        "BCD", "002", "1", "SCT", "COBADEFFXXX", "Épicerie Lyon", "DE89370400440532013000",
        "EUR12.30", "", "", "C7",
    ]  # fmt: skip
    bad = PayeeDetails(QrKind.EPC, account="DE00 0000 0000 0000 0000 00", payee="X")
    with pytest.raises(InvalidInput):
        payment_payload(bad, Money.of("1", "EUR"), "")


def test_pix_checksum_matches_the_central_banks_example() -> None:
    # The BR Code manual's static example, up to and including the CRC field's id.
    example = (
        "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-426655440000"
        "5204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***6304"
    )
    assert f"{crc16_ccitt(example.encode()):04X}" == "1D3D"


def test_pix_code_with_an_amount() -> None:
    details = PayeeDetails(
        QrKind.PIX,
        account="123e4567-e12b-12d1-a456-426655440000",
        payee="Mercadinho São João",
        city="São Paulo",
    )
    found = payment_payload(details, Money.of("10", "BRL"), "C-42")
    assert found is not None
    assert "540510.00" in found and "5919Mercadinho Sao Joao" in found
    assert "6009Sao Paulo" in found and "62070503C42" in found
    body, crc = found[:-4], found[-4:]
    assert body.endswith("6304") and crc == f"{crc16_ccitt(body.encode()):04X}"


def test_the_shops_own_text() -> None:
    details = PayeeDetails(QrKind.TEXT, text="https://pay.example/{reference}?amount={amount}")
    found = payment_payload(details, Money.of("99.5", "KES"), "C3")
    assert found == "https://pay.example/C3?amount=99.50"
    for wrong in ("pay {total}", "pay {amount"):
        with pytest.raises(InvalidInput):
            payment_payload(PayeeDetails(QrKind.TEXT, text=wrong), Money.of("1", "KES"), "")


def test_the_checksum_is_crc_16_ccitt_false() -> None:
    # The catalogue value of CRC-16/CCITT-FALSE for "123456789", and nothing at all.
    assert crc16_ccitt(b"123456789") == 0x29B1
    assert crc16_ccitt(b"") == 0xFFFF
