"""The Qt locale that writes numbers as the shop's babel locale does.

Qt's date pickers, spin boxes and chart labels take their digits from a QLocale, and Qt's
default for a bare language can differ from CLDR's (QLocale("ar") is Egypt, with
Arabic-Indic digits; babel's "ar" writes Latin ones). The digits follow
duka.i18n.digits.numbering_for; where the locale's own Qt data uses other digits, another
country of the same language whose digits do (and, if possible, whose separators) stands in.
"""

from __future__ import annotations

from functools import cache

from babel import Locale
from babel.numbers import get_decimal_symbol, get_group_symbol
from PySide6.QtCore import QLocale

from duka.i18n.digits import numbering_for, zero_digit


def qt_locale(locale: str) -> QLocale:
    """The QLocale for a babel locale name ("ar_EG", "ar", "fa_IR"), with the same digits."""
    return QLocale(qt_locale_name(locale))


@cache
def qt_locale_name(locale: str) -> str:
    """The name of `qt_locale(locale)`: "ar" -> "ar_AE" (Latin digits like babel's "ar")."""
    parsed = Locale.parse(locale)
    numbering = numbering_for(parsed)
    zero = zero_digit(numbering)
    own = QLocale(str(parsed))
    if own.zeroDigit() == zero:
        return own.name()
    decimal = get_decimal_symbol(parsed, numbering_system=numbering)
    group = get_group_symbol(parsed, numbering_system=numbering)
    same_digits = [
        candidate
        for candidate in QLocale.matchingLocales(
            own.language(), own.script(), QLocale.Country.AnyCountry
        )
        if candidate.zeroDigit() == zero
    ]
    if not same_digits:
        return own.name()  # numbering_for knows where Qt has no other digits; a test holds it
    marks = (decimal, group)
    same_marks = [c for c in same_digits if (c.decimalPoint(), c.groupSeparator()) == marks]
    return (same_marks or same_digits)[0].name()
