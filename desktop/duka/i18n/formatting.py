"""Numbers, money, quantities and dates in the shop's locale, and strict parsing of them.

Formatting follows CLDR through babel, including the locale's own digits (Arabic-Indic in
Egypt, Latin in Morocco). Parsing is strict: "58,99" typed in an English locale is refused
with a suggestion instead of being read as 5899, and digits of any script are accepted.

Babel rounds half-to-even when it formats; callers pass values that are already exact
(money is rounded once, in duka.core.money), so formatting never rounds.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal, InvalidOperation

from babel import Locale, localedata
from babel.numbers import (
    NumberFormatError,
    format_currency,
    format_decimal,
    get_currency_name,
    get_currency_precision,
    get_currency_symbol,
    get_decimal_symbol,
    get_group_symbol,
    get_plus_sign_symbol,
    parse_decimal,
)

from duka.i18n import N_, TranslatableError
from duka.i18n.digits import ascii_digits, native_digits, numbering_for, percent_sign

QUANTITY_DECIMALS = 3

# Separators some keyboards produce for Arabic-script numbers, whatever the locale says.
_ARABIC_DECIMAL = "\u066b"
_ARABIC_GROUP = "\u066c"
_SPACES = "\u0020\u00a0\u202f\u2009"
# Marks babel puts around numbers in RTL locales; a pasted amount may carry them.
_BIDI_MARKS = dict.fromkeys(
    map(ord, "\u200e\u200f\u061c\u202a\u202b\u202c\u2066\u2067\u2068\u2069")
)


class ParseError(TranslatableError):
    """What someone typed is not a number of the expected kind."""


def locale_id(language: str, country: str | None) -> str:
    """The babel locale for a language spoken in a country, e.g. ("ar", "EG") -> "ar_EG"."""
    if country:
        candidate = f"{language}_{country.upper()}"
        if localedata.exists(candidate):
            return candidate
    return language


class Formats:
    """Formatting and parsing for one locale, e.g. `Formats("hi_IN")`."""

    def __init__(self, locale: str) -> None:
        self.locale = Locale.parse(locale)
        self._group = get_group_symbol(self.locale)
        self._decimal = get_decimal_symbol(self.locale)
        # One numbering system for every number this locale shows, the same Qt's widgets use
        # (duka.ui.qt_locale): never Arabic-Indic dates beside Latin money.
        self.numbering = numbering_for(self.locale)
        self.percent_sign = percent_sign(self.locale, self.numbering)

    # -- formatting ---------------------------------------------------------------------

    def money(self, amount: Decimal, currency: str) -> str:
        text = format_currency(
            amount, currency, locale=self.locale, numbering_system=self.numbering
        )
        return self._digits(_spaced(text, get_currency_symbol(currency, locale=self.locale)))

    def number(self, value: Decimal | int, decimals: int | None = None) -> str:
        pattern = None
        if decimals is not None:
            pattern = self._grouped_pattern("#,##0" + ("." + "0" * decimals if decimals else ""))
        return self._decimal_text(value, pattern)

    def quantity(self, value: Decimal) -> str:
        """A quantity with as many decimals as it has, up to three (2, 0.375, 1.5)."""
        return self._decimal_text(value, self._grouped_pattern("#,##0.###"))

    def percent(self, rate: Decimal, decimals: int | None = None) -> str:
        """A rate given in percent (16 -> "16%", 7.5 -> "7.5%" or "7,5 %"); with `decimals`,
        always that many (a column of margins: "8.00%" above "8.44%")."""
        text = self._decimal_text(rate / 100, self._percent_pattern(decimals))
        # babel writes the pattern's "%" as it is; CLDR means the locale's own sign there.
        return text.replace("%", self.percent_sign)

    def signed(self, value: Decimal | int) -> str:
        """A change with its sign always written, the locale's plus or minus ("+10", "-5",
        "؜+١٠" in Egypt)."""
        text = self.number(value)
        if value > 0:
            text = get_plus_sign_symbol(self.locale, numbering_system=self.numbering) + text
        return text

    def count(self, value: int) -> str:
        """A count or a page number in the locale's digits ("1,234 products", "page ٢ of ٣")."""
        return self._decimal_text(value, None)

    def _decimal_text(self, value: Decimal | int, pattern: str | None) -> str:
        text = format_decimal(
            value, format=pattern, locale=self.locale, numbering_system=self.numbering
        )
        return self._digits(text)

    def _digits(self, text: str) -> str:
        return native_digits(text, self.numbering)

    def join(self, items: list[str]) -> str:
        """Items as a list in a sentence of this language ("a, b and c", "a وb وc")."""
        from babel.lists import format_list

        return format_list(items, locale=self.locale) if items else ""

    def date(self, value: dt.date, length: str = "medium") -> str:
        from babel.dates import format_date  # its time-zone data is slow to import

        return self._digits(format_date(value, format=length, locale=self.locale))

    def datetime(self, value: dt.datetime, length: str = "medium") -> str:
        from babel.dates import format_datetime

        return self._digits(format_datetime(value, format=length, locale=self.locale))

    def time(self, value: dt.datetime | dt.time, length: str = "short") -> str:
        from babel.dates import format_time

        return self._digits(format_time(value, format=length, locale=self.locale))

    def currency_symbol(self, currency: str) -> str:
        return get_currency_symbol(currency, locale=self.locale)

    def currency_name(self, currency: str) -> str:
        return get_currency_name(currency, locale=self.locale)

    def _grouped_pattern(self, pattern: str) -> str:
        # Keep the locale's grouping (Indian 12,34,567) while choosing the decimals.
        standard = str(self.locale.decimal_formats[None].pattern)
        integer = standard.split(";")[0].split(".")[0]
        fraction = pattern.split(".", 1)[1] if "." in pattern else ""
        return integer + ("." + fraction if fraction else "")

    def _percent_pattern(self, decimals: int | None = None) -> str:
        standard = str(self.locale.percent_formats[None].pattern).split(";")[0]
        if "." in standard:
            return standard
        places = "###" if decimals is None else "0" * decimals
        return standard.replace("#,##0", f"#,##0.{places}" if places else "#,##0", 1)

    @property
    def decimal_symbol(self) -> str:
        """The decimal separator as numbers on screen show it ("٫" in Egypt and Iran), for
        a key that types it; parsing reads it back."""
        return str(get_decimal_symbol(self.locale, numbering_system=self.numbering))

    @property
    def decimal_mark(self) -> str:
        """ "," where the locale writes decimals with a comma, else "." (the Arabic decimal
        separator too: files written there use the point)."""
        return "," if self._decimal == "," else "."

    # -- parsing ------------------------------------------------------------------------

    def normalise(self, text: str) -> str:
        """What someone typed, in the ASCII digits and the separators babel expects."""
        text = ascii_digits(text.translate(_BIDI_MARKS).strip())
        text = text.replace(_ARABIC_DECIMAL, self._decimal).replace(_ARABIC_GROUP, self._group)
        text = text.replace("\u2212", "-")
        if self._group in _SPACES:
            for space in _SPACES:
                text = text.replace(space, self._group)
        return text

    def parse_decimal(self, text: str) -> Decimal:
        cleaned = self.normalise(text)
        if not cleaned:
            raise ParseError(N_("Please enter a number."))
        try:
            value = parse_decimal(cleaned, self.locale, strict=True)
        except NumberFormatError as error:
            suggestions = getattr(error, "suggestions", None)
            if suggestions:
                raise ParseError(
                    N_("“{text}” is not a number here. Did you mean {suggestion}?"),
                    text=text.strip(),
                    suggestion=self.number(Decimal(parse_decimal(suggestions[-1], self.locale))),
                ) from None
            raise ParseError(N_("“{text}” is not a number."), text=text.strip()) from None
        except InvalidOperation:
            raise ParseError(N_("“{text}” is not a number."), text=text.strip()) from None
        if not value.is_finite():
            raise ParseError(N_("“{text}” is not a number."), text=text.strip())
        return value

    def parse_amount(self, text: str, currency: str) -> Decimal:
        """An amount of money: at most as many decimals as the currency has."""
        cleaned = text
        symbol = get_currency_symbol(currency, locale=self.locale)
        for mark in (symbol, currency):
            cleaned = cleaned.replace(mark, "")
        # "-Ksh 0.01" without its symbol: the sign against the digits again
        cleaned = re.sub(r"^(\s*[+\-\u2212])\s+", r"\1", cleaned)
        value = self.parse_decimal(cleaned)
        digits = get_currency_precision(currency)
        if _decimals(value) > digits:
            if digits == 0:
                raise ParseError(
                    N_("{currency} amounts have no decimals: “{text}”."),
                    currency=currency,
                    text=text.strip(),
                )
            raise ParseError(
                N_("{currency} amounts have at most {digits} decimals: “{text}”."),
                currency=currency,
                digits=digits,
                text=text.strip(),
            )
        return value

    def parse_quantity(self, text: str) -> Decimal:
        """A quantity: at most three decimals (0.375 kg)."""
        value = self.parse_decimal(text)
        if _decimals(value) > QUANTITY_DECIMALS:
            raise ParseError(
                N_("Quantities have at most three decimals: “{text}”."), text=text.strip()
            )
        return value

    def parse_date(self, text: str) -> dt.date:
        """A date typed the way the locale writes it in short (25/11/2026 in French,
        11/25/2026 in the US), in any digits, or as ISO 2026-11-25."""
        from babel.dates import parse_date

        cleaned = ascii_digits(text.translate(_BIDI_MARKS).strip())
        if not cleaned:
            raise ParseError(N_("Please enter a date."))
        try:
            if len(cleaned) == 10 and cleaned[4] == "-" and cleaned[7] == "-":
                return dt.date.fromisoformat(cleaned)
            return parse_date(cleaned, self.locale, format="short")
        except (ValueError, IndexError):
            raise ParseError(
                N_("“{text}” is not a date. Write it like {example}."),
                text=text.strip(),
                example=self.date(dt.date(2026, 11, 25), "short"),
            ) from None

    def parse_percent(self, text: str) -> Decimal:
        cleaned = text.replace("%", "").replace("\u066a", "").replace(self.percent_sign, "")
        return self.parse_decimal(cleaned)


def _spaced(text: str, symbol: str) -> str:
    """CLDR's currency spacing, which babel leaves out: a symbol that ends (or starts) with a
    letter is kept from the digits by a no-break space ("KES 28,527.00", "Ksh 450.00"),
    while "$" and "€" stay against them."""
    at = text.find(symbol) if symbol else -1
    if at < 0:
        return text
    end = at + len(symbol)
    if end < len(text) and text[end].isdigit() and _letter_like(symbol[-1]):
        return text[:end] + "\u00a0" + text[end:]
    if at > 0 and text[at - 1].isdigit() and _letter_like(symbol[0]):
        return text[:at] + "\u00a0" + text[at:]
    return text


def _letter_like(char: str) -> bool:
    """Not a symbol and not a space: what CLDR's currencyMatch [[:^S:]&[:^Z:]] takes."""
    return unicodedata.category(char)[0] not in "SZ"


def _decimals(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    assert isinstance(exponent, int)
    return max(0, -exponent)
