"""Digits of every script, read as 0-9: people type prices and PINs in their own digits; and
the one rule choosing which digits and percent sign a shop sees (`numbering_for`)."""

from __future__ import annotations

import unicodedata
from functools import cache

from babel import Locale


@cache
def _digit_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in range(0x80, 0x1FBFA):
        ch = chr(code)
        if unicodedata.category(ch) == "Nd":
            table[code] = str(unicodedata.digit(ch))
    return table


def ascii_digits(text: str) -> str:
    """`text` with every decimal digit of any script turned into 0-9."""
    if text.isascii():
        return text
    return text.translate(_digit_table())


# Where each numbering system's digit zero is: babel gives a locale's separators for its
# numbering system but always writes 0-9, so the digits are mapped here.
_DIGIT_ZERO = {
    "latn": 0x0030,
    "arab": 0x0660,
    "arabext": 0x06F0,
    "beng": 0x09E6,
    "deva": 0x0966,
    "gujr": 0x0AE6,
    "guru": 0x0A66,
    "knda": 0x0CE6,
    "mlym": 0x0D66,
    "orya": 0x0B66,
    "tamldec": 0x0BE6,
    "telu": 0x0C66,
    "mymr": 0x1040,
    "khmr": 0x17E0,
    "laoo": 0x0ED0,
    "thai": 0x0E50,
    "tibt": 0x0F20,
    "olck": 0x1C50,
    "nkoo": 0x07C0,
    "mtei": 0xABF0,
}

# Qt 6 writes Bengali with Bengali digits only (its bn_IN too, where CLDR now says Latin):
# a Bengali shop in India keeps Bengali digits everywhere rather than two kinds on a screen.
_QT_WRITES_ONLY = {"bn": "beng"}

# CLDR's default numbering of every locale of a shipped language that does not write Latin
# digits (tests/i18n/test_numbering.py checks it against babel): loading a locale's data to
# ask would cost the start of the app some 50 ms before anything needs that data.
_NATIVE_BY_DEFAULT = {
    "ar_BH": "arab", "ar_DJ": "arab", "ar_EG": "arab", "ar_ER": "arab", "ar_IL": "arab",
    "ar_IQ": "arab", "ar_JO": "arab", "ar_KM": "arab", "ar_KW": "arab", "ar_LB": "arab",
    "ar_MR": "arab", "ar_OM": "arab", "ar_PS": "arab", "ar_QA": "arab", "ar_SA": "arab",
    "ar_SD": "arab", "ar_SO": "arab", "ar_SS": "arab", "ar_SY": "arab", "ar_TD": "arab",
    "ar_YE": "arab",
    "bn": "beng", "bn_BD": "beng",
    "fa": "arabext", "fa_AF": "arabext", "fa_IR": "arabext",
    "ur_IN": "arabext",
}  # fmt: skip
# The languages that table covers: every locale of theirs not in it writes Latin digits.
TABLE_LANGUAGES = frozenset(
    ("ar", "bn", "de", "en", "es", "fa", "fr", "hi", "id", "it", "pl", "pt", "ru", "sw", "ta",
     "th", "tr", "ur", "vi", "zh")
)  # fmt: skip


def numbering_for(locale: Locale | str) -> str:
    """The one numbering system of a shop's locale, on screen (babel and Qt) and on paper:
    the locale's own digits where CLDR's default says so (ar_EG, fa_IR, bn_BD), else Latin
    (ar_MA, hi_IN, th_TH); a system Duka cannot write falls back to Latin."""
    name = str(locale)
    language = name.split("_")[0]
    if language in _QT_WRITES_ONLY:
        return _QT_WRITES_ONLY[language]
    if language in TABLE_LANGUAGES:
        return _NATIVE_BY_DEFAULT.get(name, "latn")
    system = str(Locale.parse(locale).default_numbering_system)
    return system if system in _DIGIT_ZERO else "latn"


def zero_digit(numbering: str) -> str:
    """The digit zero of a numbering system ("0", "٠", "۰", "০"...)."""
    return chr(_DIGIT_ZERO.get(numbering, 0x30))


@cache
def _to_native(numbering: str) -> dict[int, int]:
    zero = _DIGIT_ZERO.get(numbering, 0x30)
    return {0x30 + d: zero + d for d in range(10)}


def native_digits(text: str, numbering: str) -> str:
    """`text` with its 0-9 written in `numbering`'s digits."""
    return text if numbering == "latn" else text.translate(_to_native(numbering))


def percent_sign(locale: Locale | str, numbering: str) -> str:
    """The locale's percent sign for its numbering system ("٪؜" in Egypt, "٪" in Iran, "%"
    elsewhere): babel's patterns write a bare "%" that stands for it."""
    parsed = Locale.parse(locale)
    for system in (numbering, "latn"):
        try:
            return str(parsed.number_symbols[system]["percentSign"])
        except KeyError:
            continue
    return "%"
