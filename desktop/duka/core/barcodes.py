"""Barcodes as products carry them: GTIN numbers are checked, other symbologies kept as typed.

EAN-8, UPC-A (12 digits), EAN-13 and GTIN-14 end in a check digit; a wrong one is almost
always a typing mistake, so it is refused. Anything else (Code 128, a shop's own codes with
letters) is accepted as typed, without spaces.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from duka.core.errors import InvalidInput
from duka.core.quantity import Quantity
from duka.i18n import N_, ascii_digits

MAX_LENGTH = 48
GTIN_LENGTHS = (8, 12, 13, 14)


def normalise_barcode(code: str) -> str:
    """The code in ASCII digits without spaces, not yet checked."""
    return code if code.isalnum() and code.isascii() else ascii_digits("".join(code.split()))


def clean_barcode(code: str, own: bool = False) -> str:
    """The barcode in canonical form (ASCII digits, no spaces), or InvalidInput."""
    text = normalise_barcode(code)
    if not text:
        raise InvalidInput(N_("A barcode cannot be empty."), field="barcode")
    if len(text) > MAX_LENGTH:
        raise InvalidInput(
            N_("A barcode has at most {limit} characters: {code}"),
            field="barcode",
            limit=MAX_LENGTH,
            code=text,
        )
    if not text.isprintable():
        raise InvalidInput(N_("“{code}” is not a barcode."), field="barcode", code=text)
    # calc_check_digit rather than is_valid: the text is already clean, and is_valid's
    # own cleaning was most of the time of checking a 100,000-row import.
    if not own and gtin_shaped(text) and check_digit(text[:-1]) != text[-1]:
        raise InvalidInput(
            N_("The barcode {code} has a wrong check digit: please scan or type it again."),
            field="barcode",
            code=text,
        )
    return text


def check_digit(body: str) -> str:
    """The GTIN check digit for `body` (GS1: weights 3 and 1 from the right)."""
    # Written out rather than through stdnum: an import checks 100,000 codes, twice each,
    # and stdnum's general routine was most of that time.
    digits = body.encode("ascii")
    odd, even = digits[-1::-2], digits[-2::-2]  # from the right: weight 3, then 1
    total = 3 * (sum(odd) - 48 * len(odd)) + sum(even) - 48 * len(even)
    return str(-total % 10)


def gtin_shaped(code: str) -> bool:
    """Digits only, as many as an EAN-8, UPC-A, EAN-13 or GTIN-14 has."""
    return code.isascii() and code.isdigit() and len(code) in GTIN_LENGTHS


def is_gtin(code: str) -> bool:
    return gtin_shaped(code) and check_digit(code[:-1]) == code[-1]


def restore_upc(code: str) -> str | None:
    """A UPC-A that lost its leading zero in a spreadsheet (11 digits), restored; None if
    the 12 digits would not be a valid UPC-A."""
    if len(code) == 11 and code.isascii() and code.isdigit() and is_gtin("0" + code):
        return "0" + code
    return None


_SCIENTIFIC = re.compile(r"^\s*\d+(?:[.,]\d+)?\s*[eE]\s*\+?\s*\d+\s*$")


def looks_scientific(text: str) -> bool:
    """A number a spreadsheet wrote in scientific notation ("3.65275E+11"), its digits lost."""
    return bool(_SCIENTIFIC.match(text))


@dataclass(frozen=True, slots=True)
class Barcode:
    """A code on a product; a pack's code sells `quantity` units at once (a tray of 30)."""

    code: str
    quantity: Quantity = Quantity(1000)  # noqa: RUF009 - an immutable value
    own: bool = False  # the shop's own code: GTIN-shaped with a wrong check digit, kept

    def checked(self) -> Barcode:
        if self.quantity.milli <= 0:
            raise InvalidInput(
                N_("A barcode's pack quantity must be more than zero: {code}"),
                field="barcode",
                code=self.code,
            )
        return Barcode(clean_barcode(self.code, self.own), self.quantity, self.own)
