"""Reading customers from a spreadsheet: which column is which, and each cell checked.

Works like the product import (`duka.core.product_import`), whose number and header
helpers it shares: headers are recognised in the languages Duka's shops use and in the
exports of common shop software; every cell is checked and a problem names its row.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum

from duka.core.cells import unescape_cell
from duka.core.customers import clean_phone
from duka.core.errors import InvalidInput, UserError
from duka.core.money import Money
from duka.core.moving_in.layout import header_key
from duka.core.product_import import (
    RowProblem,
    match_headers,
    parse_flag,
    parse_number,
)
from duka.i18n import LANGUAGES, N_


class Column(Enum):
    """Duka's customer columns, in the order an export writes them; values are headers."""

    ID = "id"
    NAME = "name"
    PHONE = "phone"
    EMAIL = "email"
    ADDRESS = "address"
    TAX_ID = "tax_id"
    LANGUAGE = "language"
    CREDIT_LIMIT = "credit_limit"
    NOTES = "notes"
    ACTIVE = "active"
    BALANCE = "balance"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    Column.ID: N_("Customer number"),
    Column.NAME: N_("Name"),
    Column.PHONE: N_("Phone"),
    Column.EMAIL: N_("Email"),
    Column.ADDRESS: N_("Address"),
    Column.TAX_ID: N_("Tax number"),
    Column.LANGUAGE: N_("Language"),
    Column.CREDIT_LIMIT: N_("Credit limit"),
    Column.NOTES: N_("Notes"),
    Column.ACTIVE: N_("Active"),
    Column.BALANCE: N_("Balance owed"),
}

NUMBER_COLUMNS = (Column.CREDIT_LIMIT, Column.BALANCE)

# Header names as people and other software (Loyverse, Square, Odoo, Vyapar, Khatabook
# exports) write them; compared after `header_key`.
# fmt: off
_SYNONYMS: dict[Column, tuple[str, ...]] = {
    Column.ID: ("customer id", "customer number", "customer no", "client id", "no client",
                "numéro client", "رقم العميل", "ग्राहक संख्या"),
    Column.NAME: ("customer", "customer name", "full name", "client", "nom", "nom du client",
                  "nombre", "cliente", "nome", "mteja", "jina", "jina la mteja", "party name",
                  "display name", "الاسم", "اسم العميل", "العميل", "नाम", "ग्राहक",
                  "ग्राहक का नाम", "নাম", "姓名", "客户"),
    Column.PHONE: ("phone number", "mobile", "mobile number", "telephone", "tel", "téléphone",
                   "telefono", "teléfono", "telefone", "simu", "namba ya simu", "contact",
                   "الهاتف", "هاتف", "الجوال", "फ़ोन", "फोन", "मोबाइल", "ফোন", "电话", "手机"),
    Column.EMAIL: ("e mail", "email address", "courriel", "correo", "barua pepe",
                   "البريد الإلكتروني", "ईमेल", "邮箱"),
    Column.ADDRESS: ("adresse", "dirección", "direccion", "endereço", "anwani", "street",
                     "العنوان", "पता", "ঠিকানা", "地址"),
    Column.TAX_ID: ("tax id", "tax number", "vat", "vat number", "gstin", "gst number", "pan",
                    "kra pin", "pin", "nif", "siret", "tva", "numéro de tva", "rfc", "cnpj",
                    "cpf", "الرقم الضريبي", "कर संख्या", "税号"),
    Column.LANGUAGE: ("lang", "langue", "idioma", "lugha", "اللغة", "भाषा"),
    Column.CREDIT_LIMIT: ("limit", "credit", "plafond", "limite de crédit", "límite de crédito",
                          "kikomo", "حد الائتمان", "क्रेडिट सीमा", "उधार सीमा"),
    Column.NOTES: ("note", "comment", "comments", "remarks", "remarques", "notas", "maelezo",
                   "ملاحظات", "टिप्पणी"),
    Column.ACTIVE: ("enabled", "actif", "activo", "ativo", "hai"),
    Column.BALANCE: ("balance", "opening balance", "amount due", "due", "outstanding",
                     "receivable", "solde", "saldo", "deni", "الرصيد", "المستحق", "बकाया",
                     "शेष", "उधार", "বাকি", "余额"),
}
# fmt: on

_KNOWN = {header_key(word): column for column, words in _SYNONYMS.items() for word in words}
_KNOWN.update({header_key(column.value): column for column in Column})
_KNOWN.update({header_key(column.name.replace("_", " ")): column for column in Column})


def match_columns(headers: Sequence[str]) -> list[Column | None]:
    return match_headers(headers, _KNOWN)


@dataclass(frozen=True, slots=True)
class ImportedCustomer:
    """One row as read; None means the file does not say (an existing customer keeps it)."""

    row: int
    id: int | None = None
    name: str | None = None
    phone: str | None = None
    email: str | None = None
    address: str | None = None
    tax_id: str | None = None
    language: str | None = None
    credit_limit: Money | None = None
    notes: str | None = None
    active: bool | None = None
    balance: Money | None = None


def parse_language(text: str) -> str:
    """A language as its code (fr, ar) or its name in English or in itself."""
    key = text.strip().casefold()
    for code, language in LANGUAGES.items():
        if key in {code.casefold(), language.native_name.casefold()}:
            return code
    raise InvalidInput(N_("Duka does not speak the language “{code}”."), code=text.strip())


class CustomerReader:
    """Reads rows of one file with its column match, decimal mark and currency."""

    def __init__(
        self, headers: Sequence[str], mapping: Sequence[Column | None], mark: str, currency: str
    ) -> None:
        self._columns = [(i, c, headers[i]) for i, c in enumerate(mapping) if c is not None]
        self._mark = mark
        self._currency = currency
        tidy: Callable[[str], object] = lambda text: " ".join(text.split())  # noqa: E731
        self._parsers: dict[Column, Callable[[str], object]] = {
            Column.ID: self._id,
            Column.NAME: tidy,
            Column.PHONE: clean_phone,
            Column.EMAIL: tidy,
            Column.ADDRESS: str.strip,
            Column.TAX_ID: tidy,
            Column.LANGUAGE: parse_language,
            Column.CREDIT_LIMIT: self._limit,
            Column.NOTES: str.strip,
            Column.ACTIVE: parse_flag,
            Column.BALANCE: self._money,
        }

    def read(
        self, number: int, cells: Sequence[str]
    ) -> tuple[ImportedCustomer | None, list[RowProblem]]:
        values: dict[str, object] = {}
        problems = []
        for index, column, header in self._columns:
            text = unescape_cell(cells[index]).strip() if index < len(cells) else ""
            if not text:
                continue
            try:
                values[column.value] = self._parsers[column](text)
            except UserError as error:
                problems.append(RowProblem(number, header, error))
        if problems:
            return None, problems
        return ImportedCustomer(number, **values), []  # type: ignore[arg-type]

    def _id(self, text: str) -> int:
        if not text.isdigit():
            raise InvalidInput(N_("“{text}” is not a customer number."), text=text)
        return int(text)

    def _money(self, text: str) -> Money:
        return Money.of(parse_number(text, self._mark), self._currency)

    def _limit(self, text: str) -> Money:
        amount = self._money(text)
        if amount.minor < 0:
            raise InvalidInput(N_("A credit limit cannot be negative."))
        return amount
