"""The shop's settings, each declared once: key, kind, default, label and validation.

The Settings screen, the first-run dialog, storage and `duka verify` all work from these
declarations, so a new setting is one entry in SETTINGS. Values are stored in the database
(a backup carries them) as JSON text, or as bytes for images.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import Any, Generic, TypeVar, cast

from duka.core.currency import check_currency
from duka.core.errors import InvalidInput
from duka.core.numbering import NumberFormat
from duka.core.payment_qr import QR_LABELS, PayeeDetails, QrKind
from duka.core.scale import FORMATS as SCALE_FORMATS
from duka.core.tax import TaxMode, TaxRate
from duka.core.territory import check_country
from duka.core.vat import REVERSE_CHARGE_CODE
from duka.i18n import DEFAULT_LANGUAGE, LANGUAGES, N_, Lazy

T = TypeVar("T")

MAX_TEXT = 200
MAX_LONG_TEXT = 1000
MAX_LOGO_BYTES = 1_000_000
MAX_NAMES = 12
MAX_DIGITS = 12
RECEIPT_WIDTHS = (58, 80)


class Kind(Enum):
    TEXT = "text"
    LONG_TEXT = "long_text"
    COUNTRY = "country"
    CURRENCY = "currency"
    LANGUAGE = "language"
    YES_NO = "yes_no"
    CHOICE = "choice"
    TAX_RATES = "tax_rates"
    IMAGE = "image"
    NUMBER_FORMAT = "number_format"
    NAMES = "names"  # a short list of names, typed with commas between them
    DIGITS = "digits"  # a number that is a code, such as a Till number: digits only


class Group(Enum):
    SHOP = N_("Shop")
    REGION = N_("Country and language")
    TAX = N_("Tax")
    RECEIPTS = N_("Receipts")
    SELLING = N_("Selling")
    PAYMENTS = N_("Payments to the shop")
    INVOICES = N_("Invoices and quotes")
    SECURITY = N_("Users and security")


Stored = str | bytes  # what the database holds for one setting


@dataclass(frozen=True, eq=False)
class Setting(Generic[T]):
    """One shop setting: its key, kind, default, label and the checks on it."""

    key: str
    kind: Kind
    default: T
    label: str  # English source, marked for the catalog; translate with _() to show
    group: Group
    required: bool = False
    choices: tuple[Any, ...] = ()
    choice_format: str = "{value}"  # catalog string showing one choice, e.g. "{value} mm"
    zero_label: str = ""  # catalog string shown instead of a choice of 0 ("Never")
    choice_labels: tuple[str, ...] = ()  # catalog strings naming choices that are not numbers
    placeholder: str = ""  # catalog string shown in an empty field

    def clean(self, value: object) -> T:
        """The value in canonical form, or InvalidInput saying what is wrong."""
        return cast(T, _CLEANERS[self.kind](self, value))

    def encode(self, value: T) -> Stored:
        if self.kind is Kind.IMAGE:
            return cast(bytes, value) if value is not None else b""
        if self.kind is Kind.TAX_RATES:
            rates = cast(tuple[TaxRate, ...], value)
            return json.dumps(
                [
                    {"code": r.code, "name": r.name, "percent": str(r.percent), "exempt": r.exempt}
                    for r in rates
                ],
                ensure_ascii=False,
            )
        return json.dumps(value, ensure_ascii=False)

    def decode(self, stored: Stored) -> T:
        """A stored value back to a checked value; InvalidInput if it is not valid."""
        if self.kind is Kind.IMAGE:
            if not isinstance(stored, bytes):
                raise InvalidInput(N_("The stored logo is not an image."))
            return self.clean(stored or None)
        if not isinstance(stored, str):
            raise InvalidInput(N_("A stored setting is not text: {key}."), key=self.key)
        try:
            raw = json.loads(stored)
        except ValueError:
            raise InvalidInput(N_("A stored setting is damaged: {key}."), key=self.key) from None
        if self.kind is Kind.TAX_RATES:
            return self.clean(_rates_from_json(raw))
        if self.kind is Kind.NAMES and isinstance(raw, list):
            return self.clean(tuple(raw))
        return self.clean(raw)


def _clean_text(setting: Setting[Any], value: object, limit: int) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise InvalidInput(
            N_("{label} must be text."), field=setting.key, label=Lazy(setting.label)
        )
    text = value.strip()
    if setting.kind is Kind.TEXT:
        text = " ".join(text.split())
    if setting.required and not text:
        raise InvalidInput(
            N_("{label} cannot be empty."), field=setting.key, label=Lazy(setting.label)
        )
    if len(text) > limit:
        raise InvalidInput(
            N_("{label} is too long (at most {limit} characters)."),
            field=setting.key,
            label=Lazy(setting.label),
            limit=limit,
        )
    return text


def _clean_country(setting: Setting[Any], value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        if setting.required:
            raise InvalidInput(N_("Please choose a country."), field=setting.key)
        return ""
    return check_country(value)


def _clean_currency(setting: Setting[Any], value: object) -> str:
    if not isinstance(value, str):
        raise InvalidInput(N_("Please choose a currency."), field=setting.key)
    return check_currency(value)


def _clean_language(setting: Setting[Any], value: object) -> str:
    if value not in LANGUAGES:
        raise InvalidInput(
            N_("Duka does not speak the language “{code}”."), field=setting.key, code=value
        )
    return str(value)


def _clean_yes_no(setting: Setting[Any], value: object) -> bool:
    if not isinstance(value, bool):
        raise InvalidInput(
            N_("{label} must be yes or no."), field=setting.key, label=Lazy(setting.label)
        )
    return value


def _clean_choice(setting: Setting[Any], value: object) -> object:
    if value not in setting.choices:
        raise InvalidInput(
            N_("{label} must be one of {choices}."),
            field=setting.key,
            label=Lazy(setting.label),
            choices=", ".join(str(c) for c in setting.choices),
        )
    return value


def _clean_rates(setting: Setting[Any], value: object) -> tuple[TaxRate, ...]:
    if not isinstance(value, (list, tuple)) or not all(isinstance(r, TaxRate) for r in value):
        raise InvalidInput(N_("Tax rates are not in the expected form."), field=setting.key)
    rates = tuple(
        TaxRate(r.code.strip(), " ".join(r.name.split()), _plain(r.percent), r.exempt)
        for r in value
    )
    seen: set[str] = set()
    for rate in rates:
        if rate.code.upper() == REVERSE_CHARGE_CODE:
            raise InvalidInput(
                N_("The code “{code}” is kept for the reverse charge; choose another."),
                field=setting.key,
                code=rate.code,
            )
        folded = rate.code.casefold()
        if folded in seen:
            raise InvalidInput(
                N_("Two tax rates have the code “{code}”; codes must differ."),
                field=setting.key,
                code=rate.code,
            )
        seen.add(folded)
    return rates


def _plain(value: Decimal) -> Decimal:
    """16.00 -> 16 and 7.50 -> 7.5, never 1E+1."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def _rates_from_json(raw: object) -> list[TaxRate]:
    if not isinstance(raw, list):
        raise InvalidInput(N_("Tax rates are not in the expected form."))
    rates = []
    for item in raw:
        try:
            rates.append(
                TaxRate(
                    str(item["code"]),
                    str(item["name"]),
                    Decimal(str(item["percent"])),
                    bool(item.get("exempt", False)),
                )
            )
        except (KeyError, TypeError, InvalidOperation):
            raise InvalidInput(N_("Tax rates are not in the expected form.")) from None
    return rates


_IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")


def _clean_image(setting: Setting[Any], value: object) -> bytes | None:
    if value is None or value == b"":
        return None
    if not isinstance(value, bytes) or not value.startswith(_IMAGE_MAGIC):
        raise InvalidInput(N_("The logo must be a PNG or JPEG image."), field=setting.key)
    if len(value) > MAX_LOGO_BYTES:
        raise InvalidInput(N_("The logo is too large (at most 1 MB)."), field=setting.key)
    return value


def _clean_number_format(setting: Setting[Any], value: object) -> str:
    text = _clean_text(setting, value, MAX_TEXT)
    NumberFormat(text)  # refuses a format without {seq} or with unknown fields
    return text


def _clean_names(setting: Setting[Any], value: object) -> tuple[str, ...]:
    """ "M-Pesa, Airtel Money" or a sequence of names -> ("M-Pesa", "Airtel Money"): each
    name's spaces tidied, empty ones and repeats dropped."""
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        raise InvalidInput(
            N_("{label} must be text."), field=setting.key, label=Lazy(setting.label)
        )
    names: list[str] = []
    for raw in value:
        name = " ".join(raw.split())
        if name and name.casefold() not in (n.casefold() for n in names):
            names.append(name)
    if len(names) > MAX_NAMES or any(len(n) > 40 for n in names):
        raise InvalidInput(
            N_("{label} is too long (at most {limit} characters)."),
            field=setting.key,
            label=Lazy(setting.label),
            limit=40,
        )
    return tuple(names)


def _clean_digits(setting: Setting[Any], value: object) -> str:
    text = "".join(_clean_text(setting, value, MAX_TEXT).split())
    if text and (not text.isascii() or not text.isdigit() or len(text) > MAX_DIGITS):
        raise InvalidInput(
            N_("{label} must be digits only (at most {limit})."),
            field=setting.key,
            label=Lazy(setting.label),
            limit=MAX_DIGITS,
        )
    return text


_CLEANERS: dict[Kind, Any] = {
    Kind.TEXT: lambda s, v: _clean_text(s, v, MAX_TEXT),
    Kind.LONG_TEXT: lambda s, v: _clean_text(s, v, MAX_LONG_TEXT),
    Kind.COUNTRY: _clean_country,
    Kind.CURRENCY: _clean_currency,
    Kind.LANGUAGE: _clean_language,
    Kind.YES_NO: _clean_yes_no,
    Kind.CHOICE: _clean_choice,
    Kind.TAX_RATES: _clean_rates,
    Kind.IMAGE: _clean_image,
    Kind.NUMBER_FORMAT: _clean_number_format,
    Kind.NAMES: _clean_names,
    Kind.DIGITS: _clean_digits,
}


SHOP_NAME: Setting[str] = Setting(
    "shop_name", Kind.TEXT, "", N_("Shop name"), Group.SHOP, required=True
)
ADDRESS: Setting[str] = Setting("address", Kind.LONG_TEXT, "", N_("Address"), Group.SHOP)
PHONE: Setting[str] = Setting("phone", Kind.TEXT, "", N_("Phone"), Group.SHOP)
TAX_ID: Setting[str] = Setting("tax_id", Kind.TEXT, "", N_("Tax number"), Group.SHOP)
LOGO: Setting[bytes | None] = Setting("logo", Kind.IMAGE, None, N_("Logo"), Group.SHOP)
COUNTRY: Setting[str] = Setting("country", Kind.COUNTRY, "", N_("Country"), Group.REGION)
CURRENCY: Setting[str] = Setting("currency", Kind.CURRENCY, "USD", N_("Currency"), Group.REGION)
LANGUAGE: Setting[str] = Setting(
    "language", Kind.LANGUAGE, DEFAULT_LANGUAGE, N_("Language"), Group.REGION
)
PRICES_INCLUDE_TAX: Setting[bool] = Setting(
    "prices_include_tax", Kind.YES_NO, True, N_("Prices include tax"), Group.TAX
)
TAX_RATES: Setting[tuple[TaxRate, ...]] = Setting(
    "tax_rates", Kind.TAX_RATES, (), N_("Tax rates"), Group.TAX
)
RECEIPT_WIDTH: Setting[int] = Setting(
    "receipt_width_mm",
    Kind.CHOICE,
    80,
    N_("Receipt paper width"),
    Group.RECEIPTS,
    choices=RECEIPT_WIDTHS,
    choice_format=N_("{value} mm"),
)
DISCOUNT_LIMIT: Setting[int] = Setting(
    "discount_limit_percent",
    Kind.CHOICE,
    10,
    N_("Cashiers may give discounts up to"),
    Group.SELLING,
    choices=(0, 5, 10, 15, 20, 25, 50, 100),
    choice_format=N_("{value}%"),
)
REFUND_LIMIT: Setting[int] = Setting(
    "refund_limit",
    Kind.CHOICE,
    0,
    N_("Cashiers may refund up to"),
    Group.SELLING,
    choices=(0, 100, 500, 1000, 2000, 5000, 10000, 50000),
    zero_label=N_("Any amount"),
)
# In the shop's currency's whole units, as the refund limit: above it a cashier's expense
# from the drawer needs a manager's PIN.
CASHIER_EXPENSE_LIMIT: Setting[int] = Setting(
    "cashier_expense_limit",
    Kind.CHOICE,
    1000,
    N_("Cashiers may pay expenses from the drawer up to"),
    Group.SELLING,
    choices=(0, 100, 500, 1000, 2000, 5000, 10000, 50000),
    zero_label=N_("Any amount"),
)
SCALE_BARCODES: Setting[str] = Setting(
    "scale_barcodes",
    Kind.CHOICE,
    "weight-5",
    N_("Scale labels (barcodes starting 20-29)"),
    Group.SELLING,
    choices=("", *SCALE_FORMATS),
    choice_labels=(N_("Not used"), *(f.label for f in SCALE_FORMATS.values())),
)
DRAWER_OPENED_FIRST: Setting[bool] = Setting(
    "drawer_opened_first",
    Kind.YES_NO,
    False,  # off: the first sale or payment of the day opens the drawer, asking the float
    N_("Selling needs the drawer opened first"),
    Group.SELLING,
)
PAYMENT_QR: Setting[str] = Setting(
    "payment_qr",
    Kind.CHOICE,
    "",
    N_("Payment QR code on reminders"),
    Group.PAYMENTS,
    choices=tuple(kind.value for kind in QrKind),
    choice_labels=tuple(QR_LABELS[kind] for kind in QrKind),
)
PAYMENT_ACCOUNT: Setting[str] = Setting(
    "payment_account", Kind.TEXT, "", N_("UPI ID, IBAN or Pix key"), Group.PAYMENTS
)
PAYMENT_PAYEE: Setting[str] = Setting(
    "payment_payee", Kind.TEXT, "", N_("Name on the account"), Group.PAYMENTS
)
PAYMENT_BIC: Setting[str] = Setting("payment_bic", Kind.TEXT, "", N_("BIC (EPC)"), Group.PAYMENTS)
PAYMENT_CITY: Setting[str] = Setting(
    "payment_city", Kind.TEXT, "", N_("City (Pix)"), Group.PAYMENTS
)
PAYMENT_TEXT: Setting[str] = Setting(
    "payment_text",
    Kind.TEXT,
    "",
    N_("Own payment text or link"),
    Group.PAYMENTS,
)
MOBILE_MONEY: Setting[tuple[str, ...]] = Setting(
    "mobile_money",
    Kind.NAMES,
    (),
    N_("Mobile money the shop takes"),
    Group.PAYMENTS,
    placeholder=N_("e.g. M-Pesa, Airtel Money"),
)
_PRINTED = N_("Printed on receipts and reminders")
MPESA_TILL: Setting[str] = Setting(
    "mpesa_till",
    Kind.DIGITS,
    "",
    N_("M-Pesa Till number"),
    Group.PAYMENTS,
    placeholder=_PRINTED,
)
MPESA_PAYBILL: Setting[str] = Setting(
    "mpesa_paybill",
    Kind.DIGITS,
    "",
    N_("M-Pesa Paybill number"),
    Group.PAYMENTS,
    placeholder=_PRINTED,
)
MPESA_ACCOUNT: Setting[str] = Setting(
    "mpesa_account",
    Kind.TEXT,
    "",
    N_("Paybill account on receipts"),
    Group.PAYMENTS,
    placeholder=N_("The sale's number"),
)
INVOICE_FORMAT: Setting[str] = Setting(
    "invoice_number_format",
    Kind.NUMBER_FORMAT,
    "INV-{year}-{seq:05}",
    N_("Invoice numbers"),
    Group.INVOICES,
    required=True,
)
QUOTE_FORMAT: Setting[str] = Setting(
    "quote_number_format",
    Kind.NUMBER_FORMAT,
    "Q-{year}-{seq:05}",
    N_("Quote numbers"),
    Group.INVOICES,
    required=True,
)
CREDIT_NOTE_FORMAT: Setting[str] = Setting(
    "credit_note_number_format",
    Kind.NUMBER_FORMAT,
    "CN-{year}-{seq:05}",
    N_("Credit note numbers"),
    Group.INVOICES,
    required=True,
)
NUMBERS_RESET_YEARLY: Setting[bool] = Setting(
    "numbers_reset_yearly",
    Kind.YES_NO,
    True,
    N_("Start numbering again each year (when the number shows the year)"),
    Group.INVOICES,
)
PAYMENT_TERMS: Setting[int] = Setting(
    "payment_terms_days",
    Kind.CHOICE,
    30,
    N_("Invoices are due after"),
    Group.INVOICES,
    choices=(0, 7, 14, 30, 45, 60, 90),
    choice_format=N_("{value} days"),
    zero_label=N_("Due on receipt"),
)
QUOTE_VALIDITY: Setting[int] = Setting(
    "quote_valid_days",
    Kind.CHOICE,
    30,
    N_("Quotes hold for"),
    Group.INVOICES,
    choices=(7, 14, 30, 60, 90),
    choice_format=N_("{value} days"),
)
INVOICE_FOOTER: Setting[str] = Setting(
    "invoice_footer",
    Kind.LONG_TEXT,
    "",
    N_("Foot of invoices (bank details, registration)"),
    Group.INVOICES,
)
FACTURX: Setting[bool] = Setting(
    "invoice_facturx",
    Kind.YES_NO,
    False,
    N_("Attach Factur-X (EN 16931) data to invoices"),
    Group.INVOICES,
)
AUTO_LOCK: Setting[int] = Setting(
    "auto_lock_minutes",
    Kind.CHOICE,
    10,
    N_("Lock the screen when idle for"),
    Group.SECURITY,
    choices=(0, 1, 2, 5, 10, 15, 30, 60),
    choice_format=N_("{value} min"),
    zero_label=N_("Never"),
)

SETTINGS: tuple[Setting[Any], ...] = (
    SHOP_NAME,
    ADDRESS,
    PHONE,
    TAX_ID,
    LOGO,
    COUNTRY,
    CURRENCY,
    LANGUAGE,
    PRICES_INCLUDE_TAX,
    TAX_RATES,
    RECEIPT_WIDTH,
    DISCOUNT_LIMIT,
    REFUND_LIMIT,
    CASHIER_EXPENSE_LIMIT,
    SCALE_BARCODES,
    DRAWER_OPENED_FIRST,
    PAYMENT_QR,
    PAYMENT_ACCOUNT,
    PAYMENT_PAYEE,
    PAYMENT_BIC,
    PAYMENT_CITY,
    PAYMENT_TEXT,
    MOBILE_MONEY,
    MPESA_TILL,
    MPESA_PAYBILL,
    MPESA_ACCOUNT,
    INVOICE_FORMAT,
    QUOTE_FORMAT,
    CREDIT_NOTE_FORMAT,
    NUMBERS_RESET_YEARLY,
    PAYMENT_TERMS,
    QUOTE_VALIDITY,
    INVOICE_FOOTER,
    FACTURX,
    AUTO_LOCK,
)
BY_KEY: dict[str, Setting[Any]] = {s.key: s for s in SETTINGS}


class ShopSettings:
    """A complete, checked set of setting values; read one with `values[SHOP_NAME]`."""

    def __init__(self, values: Mapping[str, Any] | None = None) -> None:
        given = dict(values or {})
        unknown = set(given) - set(BY_KEY)
        if unknown:
            raise KeyError(f"unknown settings: {sorted(unknown)}")
        self._values = {s.key: given.get(s.key, s.default) for s in SETTINGS}

    def __getitem__(self, setting: Setting[T]) -> T:
        return cast(T, self._values[setting.key])

    def as_dict(self) -> dict[str, Any]:
        return dict(self._values)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ShopSettings) and other._values == self._values

    def __hash__(self) -> int:
        return hash(tuple(sorted((k, repr(v)) for k, v in self._values.items())))

    def replaced(self, changes: Mapping[str, Any]) -> ShopSettings:
        merged = dict(self._values)
        merged.update(changes)
        return ShopSettings(merged)

    @property
    def tax_mode(self) -> TaxMode:
        return TaxMode.INCLUSIVE if self[PRICES_INCLUDE_TAX] else TaxMode.EXCLUSIVE

    @property
    def is_set_up(self) -> bool:
        return bool(self[SHOP_NAME])

    @property
    def payee(self) -> PayeeDetails:
        """The shop's payment details for payment QR codes."""
        return PayeeDetails(
            kind=QrKind(self[PAYMENT_QR]),
            account=self[PAYMENT_ACCOUNT],
            payee=self[PAYMENT_PAYEE] or self[SHOP_NAME],
            bic=self[PAYMENT_BIC],
            city=self[PAYMENT_CITY],
            text=self[PAYMENT_TEXT],
        )

    @property
    def locale_parts(self) -> tuple[str, str]:
        """(language, country) for choosing the formatting locale."""
        return self[LANGUAGE], self[COUNTRY]
