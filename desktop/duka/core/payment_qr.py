"""What a payment QR code says, so a customer's phone can pay the shop what is due.

UPI (India): the `upi://pay` link every UPI app reads. EPC (Europe): the European Payments
Council's SEPA credit transfer code (EPC069-12, version 002). Pix (Brazil): the Central
Bank's BR Code, an EMV merchant-presented payload with its CRC. Or a text or link the shop
writes itself, with {amount}, {currency}, {reference} and {name} filled in.
"""

from __future__ import annotations

import binascii
import string
import unicodedata
from dataclasses import dataclass
from enum import Enum
from urllib.parse import quote

from duka.core.errors import InvalidInput
from duka.core.money import Money
from duka.i18n import N_


class QrKind(Enum):
    NONE = ""
    UPI = "upi"
    EPC = "epc"
    PIX = "pix"
    TEXT = "text"


QR_LABELS = {
    QrKind.NONE: N_("No payment QR code"),
    QrKind.UPI: N_("UPI (India)"),
    QrKind.EPC: N_("EPC / SEPA transfer (Europe)"),
    QrKind.PIX: N_("Pix (Brazil)"),
    QrKind.TEXT: N_("My own text or link"),
}


@dataclass(frozen=True, slots=True)
class PayeeDetails:
    """The shop's payment details from its settings."""

    kind: QrKind
    account: str = ""  # UPI ID, IBAN or Pix key
    payee: str = ""  # the name the bank knows the shop by
    bic: str = ""
    city: str = ""  # Pix needs the merchant's city
    text: str = ""  # the shop's own text, with {amount} etc.


def payment_payload(details: PayeeDetails, amount: Money, reference: str) -> str | None:
    """The text to encode in the QR code, or None when the shop has chosen no code.
    InvalidInput says which detail is missing or wrong."""
    if details.kind is QrKind.NONE:
        return None
    if amount.minor <= 0:
        raise InvalidInput(N_("A payment code needs an amount due."))
    build = {
        QrKind.UPI: _upi,
        QrKind.EPC: _epc,
        QrKind.PIX: _pix,
        QrKind.TEXT: _text,
    }[details.kind]
    return build(details, amount, reference)


def _plain_amount(amount: Money) -> str:
    return format(amount.amount, "f")


def _need(value: str, message: str) -> str:
    text = value.strip()
    if not text:
        raise InvalidInput(message, field="payment")
    return text


def _upi(details: PayeeDetails, amount: Money, reference: str) -> str:
    vpa = _need(details.account, N_("Enter the shop's UPI ID (like shop@bank) in Settings."))
    if "@" not in vpa or " " in vpa:
        raise InvalidInput(N_("“{id}” is not a UPI ID (like shop@bank)."), id=vpa)
    if amount.currency != "INR":
        raise InvalidInput(N_("UPI payments are in Indian rupees only."))
    fields = [("pa", vpa), ("pn", details.payee.strip()), ("am", _plain_amount(amount))]
    fields += [("cu", "INR"), ("tn", reference.strip()[:50])]
    return "upi://pay?" + "&".join(f"{k}={quote(v, safe='@.-_')}" for k, v in fields if v)


def _epc(details: PayeeDetails, amount: Money, reference: str) -> str:
    from stdnum import bic as bic_check
    from stdnum import iban as iban_check
    from stdnum.exceptions import ValidationError

    raw = _need(details.account, N_("Enter the shop's IBAN in Settings."))
    try:
        iban = iban_check.validate(raw)
    except ValidationError:
        raise InvalidInput(N_("“{iban}” is not a valid IBAN."), iban=raw) from None
    bic = details.bic.strip().upper()
    if bic:
        try:
            bic = bic_check.validate(bic)
        except ValidationError:
            raise InvalidInput(N_("“{bic}” is not a valid BIC."), bic=details.bic) from None
    name = _need(details.payee, N_("Enter the name the bank knows the shop by in Settings."))
    if amount.currency != "EUR":
        raise InvalidInput(N_("EPC transfer codes are in euros only."))
    if amount.amount > 999_999_999:
        raise InvalidInput(N_("The amount is too large for a transfer code."))
    lines = ["BCD", "002", "1", "SCT", bic, name[:70], iban, "EUR" + _plain_amount(amount)]
    lines += ["", "", reference.strip()[:140]]
    return "\n".join(lines).rstrip("\n")


def _pix(details: PayeeDetails, amount: Money, reference: str) -> str:
    key = _need(details.account, N_("Enter the shop's Pix key in Settings."))
    name = _ascii(
        _need(details.payee, N_("Enter the name the bank knows the shop by in Settings."))
    )
    city = _ascii(_need(details.city, N_("Enter the shop's city for Pix in Settings.")))
    if amount.currency != "BRL":
        raise InvalidInput(N_("Pix payments are in Brazilian reais only."))
    txid = "".join(c for c in reference if c.isascii() and c.isalnum())[:25] or "***"
    account = _tlv("00", "br.gov.bcb.pix") + _tlv("01", key)
    payload = (
        _tlv("00", "01")
        + _tlv("26", account)
        + _tlv("52", "0000")
        + _tlv("53", "986")
        + _tlv("54", _plain_amount(amount))
        + _tlv("58", "BR")
        + _tlv("59", name[:25])
        + _tlv("60", city[:15])
        + _tlv("62", _tlv("05", txid))
        + "6304"
    )
    return payload + f"{crc16_ccitt(payload.encode('utf-8')):04X}"


def _tlv(tag: str, value: str) -> str:
    if len(value) > 99:
        raise InvalidInput(N_("A Pix detail is too long: {value}"), value=value)
    return f"{tag}{len(value):02d}{value}"


def _ascii(text: str) -> str:
    """Pix asks for names without accents: São Paulo -> Sao Paulo."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if c.isascii() and c.isprintable()).strip()


def crc16_ccitt(data: bytes) -> int:
    """CRC-16/CCITT-FALSE (polynomial 0x1021, start 0xFFFF), the BR Code's checksum: the
    standard library's CRC-CCITT started at 0xFFFF."""
    return binascii.crc_hqx(data, 0xFFFF)


def _text(details: PayeeDetails, amount: Money, reference: str) -> str:
    template = _need(details.text, N_("Write the payment text or link in Settings."))
    values = {
        "amount": _plain_amount(amount),
        "currency": amount.currency,
        "reference": reference.strip(),
        "name": details.payee.strip(),
    }
    try:
        fields = [f for _, f, _, _ in string.Formatter().parse(template) if f is not None]
    except ValueError:
        raise InvalidInput(N_("The payment text has a stray {{ or }}."), field="payment") from None
    unknown = [f for f in fields if f not in values]
    if unknown:
        raise InvalidInput(
            N_(
                "The payment text may use {{amount}}, {{currency}}, {{reference}} and {{name}}; "
                "not {{{name}}}."
            ),
            field="payment",
            name=unknown[0],
        )
    return template.format(**values)
