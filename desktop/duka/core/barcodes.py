"""Barcodes as products carry them: GTIN numbers are checked, other symbologies kept as typed.

EAN-8, UPC-A (12 digits), EAN-13 and GTIN-14 end in a check digit; a wrong one is almost
always a typing mistake, so it is refused where someone types or scans it. A shop may still
have codes of that shape that are not GTINs at all (a butcher's label code, an internal
`25250001`): kept as the shop's own code (`Barcode.own`), such a code is scannable but never
printed as an EAN or UPC. Anything else (Code 128, a shop's own codes with letters) is
accepted as typed, without spaces.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from duka.core.errors import InvalidInput
from duka.core.quantity import Quantity
from duka.i18n import N_, ascii_digits

MAX_LENGTH = 48
GTIN_LENGTHS = (8, 12, 13, 14)
UPC_A_LENGTH = 12

# How a spreadsheet shows a long number it took a code for: "3.65275E+11" (or with a decimal
# comma, "3,65275E+11"). Excel and LibreOffice always write the exponent's sign, so a shop's
# own code such as "12E45" is not taken for one.
_SCIENTIFIC = re.compile(r"\s*[+-]?[0-9]+(?:[.,][0-9]*)?[eE][+-][0-9]{1,3}\s*")


def normalise_barcode(code: str) -> str:
    """The code in ASCII digits without spaces, not yet checked."""
    return code if code.isalnum() and code.isascii() else ascii_digits("".join(code.split()))


def gtin_shaped(code: str) -> bool:
    """Whether `code` has a GTIN's shape (8, 12, 13 or 14 ASCII digits), whatever its check
    digit."""
    return len(code) in GTIN_LENGTHS and code.isascii() and code.isdigit()


def is_gtin(code: str) -> bool:
    """Whether `code` is a GTIN: EAN-8, UPC-A, EAN-13 or GTIN-14 with its right check digit."""
    return gtin_shaped(code) and check_digit(code[:-1]) == code[-1]


def is_own_code(code: str) -> bool:
    """Whether `code` can only be the shop's own: a GTIN's shape with a wrong check digit."""
    return gtin_shaped(code) and check_digit(code[:-1]) != code[-1]


def restore_upc(code: str) -> str | None:
    """The UPC-A that `code` was before a spreadsheet dropped its leading zero (11 digits that
    are a valid UPC-A with the zero put back), else None."""
    if len(code) != UPC_A_LENGTH - 1 or not (code.isascii() and code.isdigit()):
        return None
    restored = "0" + code
    return restored if check_digit(restored[:-1]) == restored[-1] else None


def looks_scientific(text: str) -> bool:
    """Whether `text` is a number in scientific notation ("3.65275E+11"): a spreadsheet read
    a barcode as a number and kept only its first digits."""
    return _SCIENTIFIC.fullmatch(text) is not None


def clean_barcode(code: str, own: bool = False) -> str:
    """The barcode in canonical form (ASCII digits, no spaces), or InvalidInput.

    A GTIN-shaped code with a wrong check digit is refused unless `own` says that the shop
    keeps it as its own code."""
    text, wrong = _cleaned(code)
    if wrong and not own:
        raise WrongCheckDigit(text)
    return text


def _cleaned(code: str) -> tuple[str, bool]:
    """The code in canonical form and whether it is GTIN-shaped with a wrong check digit."""
    if len(code) in GTIN_LENGTHS and code.isascii() and code.isdigit():
        return code, check_digit(code[:-1]) != code[-1]  # most codes: checked once
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
    return text, is_own_code(text)


class WrongCheckDigit(InvalidInput):
    """A GTIN-shaped code whose check digit is wrong: a typing mistake, or the shop's own code
    (which the one who typed it may choose to keep)."""

    def __init__(self, code: str) -> None:
        super().__init__(
            N_("The barcode {code} has a wrong check digit: please scan or type it again."),
            field="barcode",
            code=code,
        )
        self.code = code


_DIGITS = "0123456789"
_ZERO = ord("0")


def check_digit(body: str) -> str:
    """The GTIN check digit for `body` (ASCII digits: the code without its last digit)."""
    # Summed over the bytes: six times faster than python-stdnum's calc_check_digit, and an
    # import of 100,000 products checks 100,000 codes. Weights 3, 1, 3... from the right.
    if not body.isascii():  # digits of another script, as a scale label's may be typed
        body = ascii_digits(body)
    odd, even = body[-1::-2].encode(), body[-2::-2].encode()
    total = 3 * (sum(odd) - _ZERO * len(odd)) + sum(even) - _ZERO * len(even)
    return _DIGITS[-total % 10]


@dataclass(frozen=True, slots=True)
class Barcode:
    """A code on a product; a pack's code sells `quantity` units at once (a tray of 30).

    `own` keeps a GTIN-shaped code with a wrong check digit as the shop's own code; checked,
    it says whether the code is one (it is derived from the code, so it needs no storing)."""

    code: str
    quantity: Quantity = Quantity(1000)  # noqa: RUF009 - an immutable value
    own: bool = False

    def checked(self) -> Barcode:
        if self.quantity.milli <= 0:
            raise InvalidInput(
                N_("A barcode's pack quantity must be more than zero: {code}"),
                field="barcode",
                code=self.code,
            )
        code, wrong = _cleaned(self.code)
        if wrong and not self.own:
            raise WrongCheckDigit(code)
        return Barcode(code, self.quantity, own=wrong)
