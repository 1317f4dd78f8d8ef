"""Reading customers from a spreadsheet: which column is which, each cell checked, and the
parts other systems split a customer into joined again.

Works like the product import (`duka.core.product_import`), whose number helpers it shares:
headers are recognised in the languages Duka's shops use (the exports of other shop
software are declared in `duka.core.moving_in.customers`); every cell is checked and every
problem names its row and the file's column.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum

from duka.core.cells import unescape_cell
from duka.core.customers import clean_phone
from duka.core.errors import InvalidInput, UserError
from duka.core.money import Money, check_bounds
from duka.core.moving_in.layout import header_key
from duka.core.product_import import RowProblem, match_headers, parse_flag, parse_number
from duka.i18n import LANGUAGES, N_


class Column(Enum):
    """What a customer file's column holds. The first eleven are Duka's own columns, in the
    order an export writes them (values are their headers); the others are the parts other
    systems split a customer into, joined on import: a name from first and last names, an
    address from its lines."""

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
    FIRST_NAME = "first_name"
    LAST_NAME = "last_name"
    COMPANY = "company"
    MOBILE = "mobile"
    STREET = "street"
    STREET_2 = "street_2"
    POSTCODE = "postcode"
    CITY = "city"
    REGION = "region"
    COUNTRY = "country"
    CODE = "code"
    CURRENCY = "currency"

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
    Column.FIRST_NAME: N_("First name"),
    Column.LAST_NAME: N_("Last name"),
    Column.COMPANY: N_("Company"),
    Column.MOBILE: N_("Second phone"),
    Column.STREET: N_("Street"),
    Column.STREET_2: N_("Street, second line"),
    Column.POSTCODE: N_("Postcode"),
    Column.CITY: N_("Town or city"),
    Column.REGION: N_("Region"),
    Column.COUNTRY: N_("Country"),
    Column.CODE: N_("Customer code in the old system"),
    Column.CURRENCY: N_("Currency of the balance"),
}

EXPORTED = tuple(Column)[:11]  # Duka's own columns; the others are only read
NAME_PARTS = (Column.NAME, Column.FIRST_NAME, Column.LAST_NAME, Column.COMPANY)
ADDRESS_PARTS = (
    Column.ADDRESS,
    Column.STREET,
    Column.STREET_2,
    Column.POSTCODE,
    Column.CITY,
    Column.REGION,
    Column.COUNTRY,
)

NUMBER_COLUMNS = (Column.CREDIT_LIMIT, Column.BALANCE)

# Header names as people and other software write them, in the languages of Duka's shops;
# compared after `header_key`. Other systems' exports are declared as layouts.
# fmt: off
_SYNONYMS: dict[Column, tuple[str, ...]] = {
    Column.ID: ("customer id", "customer number", "customer no", "client id", "no client",
                "numéro client", "رقم العميل", "ग्राहक संख्या"),
    Column.NAME: ("customer", "customer name", "full name", "client", "nom", "nom du client",
                  "nombre", "cliente", "nome", "mteja", "jina", "jina la mteja", "party name",
                  "display name", "kunde", "kundenname", "nombre completo", "nome completo",
                  "الاسم", "اسم العميل", "العميل", "नाम", "ग्राहक", "ग्राहक का नाम", "নাম",
                  "姓名", "客户"),
    Column.FIRST_NAME: ("first name", "firstname", "given name", "forename", "prénom",
                        "vorname", "primer nombre", "primeiro nome", "jina la kwanza",
                        "الاسم الأول", "पहला नाम", "名"),
    Column.LAST_NAME: ("last name", "lastname", "surname", "family name", "nom de famille",
                       "nachname", "familienname", "apellido", "apellidos", "sobrenome",
                       "apelido", "jina la ukoo", "اسم العائلة", "الكنية", "उपनाम", "कुलनाम",
                       "姓"),
    Column.COMPANY: ("company name", "business name", "business", "organisation",
                     "organization", "société", "entreprise", "raison sociale", "firma",
                     "firmenname", "unternehmen", "empresa", "razón social", "kampuni",
                     "biashara", "الشركة", "اسم الشركة", "कंपनी", "फर्म", "公司"),
    Column.PHONE: ("phone number", "telephone", "tel", "téléphone", "telefon", "telefono",
                   "teléfono", "telefone", "simu", "namba ya simu", "contact", "الهاتف",
                   "هاتف", "फ़ोन", "फोन", "ফোন", "电话"),
    Column.MOBILE: ("mobile number", "mobile no", "mobile phone", "cell", "cell phone",
                    "portable", "mobil", "handy", "móvil", "movil", "celular", "telemóvel",
                    "rununu", "phone 2", "phone2", "second phone", "الجوال", "الموبايل",
                    "मोबाइल", "मोबाइल नंबर", "手机"),
    Column.EMAIL: ("e mail", "email address", "courriel", "adresse e mail", "correo",
                   "correo electrónico", "barua pepe", "البريد الإلكتروني", "ईमेल", "邮箱"),
    Column.ADDRESS: ("adresse", "anschrift", "dirección", "direccion", "endereço", "anwani",
                     "العنوان", "पता", "ঠিকানা", "地址"),
    Column.STREET: ("street address", "address 1", "address1", "address line 1", "rue",
                    "straße", "strasse", "calle", "rua", "mtaa", "الشارع", "गली", "街道"),
    Column.STREET_2: ("street2", "address 2", "address2", "address line 2", "complément",
                      "complément d'adresse", "adresszusatz", "straße 2", "straße2",
                      "línea 2", "complemento"),
    Column.POSTCODE: ("postal code", "post code", "postcode", "zip", "zip code", "code postal",
                      "plz", "postleitzahl", "código postal", "cep", "sanduku la posta",
                      "الرمز البريدي", "पिन कोड", "पिनकोड", "邮编"),
    Column.CITY: ("town", "ville", "stadt", "ort", "ciudad", "cidade", "mji", "المدينة", "शहर",
                  "城市"),
    Column.REGION: ("state", "province", "county", "région", "département", "bundesland",
                    "provincia", "estado", "mkoa", "kaunti", "المنطقة", "المحافظة", "राज्य",
                    "省"),
    Column.COUNTRY: ("pays", "land", "país", "nchi", "الدولة", "البلد", "देश", "国家"),
    Column.TAX_ID: ("tax id", "tax number", "taxid", "tax no", "tin", "tin no", "vat",
                    "vat number", "vat no", "vat id", "vat reg no", "gstin", "gstin no",
                    "gst number", "gst no", "pan", "pan no", "kra pin", "pin", "pin no",
                    "nif", "siret", "tva", "n tva", "numéro de tva", "identifiant fiscal",
                    "ust idnr", "ust id", "ust id nr", "umsatzsteuer id", "steuernummer",
                    "cif", "rfc", "rut", "ruc", "nit", "número fiscal", "nipc", "cnpj", "cpf",
                    "numéro fiscal", "tva intracommunautaire", "ice", "identificación fiscal",
                    "número de identificación fiscal", "número de contribuinte",
                    "nambari ya kodi", "pin ya kra", "namba ya mlipa kodi",
                    "nambari ya mlipa kodi", "الرقم الضريبي", "رقم التسجيل الضريبي",
                    "الرقم الضريبي للقيمة المضافة", "कर संख्या", "जीएसटीआईएन", "जीएसटी संख्या",
                    "पैन", "税号"),
    Column.LANGUAGE: ("lang", "langue", "sprache", "idioma", "lugha", "اللغة", "भाषा"),
    Column.CREDIT_LIMIT: ("limit", "credit", "plafond", "limite de crédit", "kreditlimit",
                          "límite de crédito", "limite de crédito", "kikomo", "حد الائتمان",
                          "क्रेडिट सीमा", "उधार सीमा"),
    Column.NOTES: ("note", "comment", "comments", "remarks", "remarques", "notiz",
                   "bemerkung", "notas", "maelezo", "ملاحظات", "टिप्पणी"),
    Column.ACTIVE: ("enabled", "actif", "aktiv", "activo", "ativo", "hai", "disabled",
                    "inactive"),
    Column.BALANCE: ("balance", "opening balance", "amount due", "due", "outstanding",
                     "outstanding amount", "receivable", "solde", "saldo", "offener betrag",
                     "deni", "الرصيد", "المستحق", "बकाया", "शेष", "उधार", "বাকি", "余额"),
    Column.CODE: ("customer code", "account number", "card number", "code client",
                  "kundennummer"),
}
# fmt: on

# Headers that say the opposite of "active": their yes means the customer is not served.
INVERTED = frozenset(header_key(h) for h in ("disabled", "inactive", "archived"))

_KNOWN = {header_key(word): column for column, words in _SYNONYMS.items() for word in words}
_KNOWN.update({header_key(column.value): column for column in Column})
_KNOWN.update({header_key(column.name.replace("_", " ")): column for column in Column})


def match_columns(headers: Sequence[str]) -> list[Column | None]:
    return match_headers(headers, _KNOWN)


@dataclass(frozen=True, slots=True)
class ImportedCustomer:
    """One row as read, its parts joined; None means the file does not say (an existing
    customer keeps it)."""

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
    currency: str | None = None  # of the balance, where the file says
    # Lines kept in the notes that the file gives in columns of their own (a company, a
    # second phone, the old system's code): added to a customer's notes, never replacing.
    noted: tuple[str, ...] = ()


def parse_language(text: str) -> str:
    """A language as its code (fr, ar) or its name in English or in itself."""
    key = text.strip().casefold()
    for code, language in LANGUAGES.items():
        if key in {code.casefold(), language.native_name.casefold()}:
            return code
    raise InvalidInput(N_("Duka does not speak the language “{code}”."), code=text.strip())


def check_email(text: str) -> str:
    email = " ".join(text.split())
    if "@" not in email or " " in email:
        raise InvalidInput(N_("“{email}” is not an email address."), field="email", email=email)
    return email


def join_address(lines: Sequence[str]) -> str:
    """Address parts in the order a letter is addressed (street, its second line, postcode
    and town on one line, region, country), each once."""
    kept: list[str] = []
    for part in lines:
        for line in part.splitlines():
            line = " ".join(line.split())
            if line and line.casefold() not in {k.casefold() for k in kept}:
                kept.append(line)
    return "\n".join(kept)


def _phone(text: str) -> str:
    # Shopify writes phone numbers with an apostrophe in front, so Excel keeps the "+".
    return clean_phone(text.removeprefix("'"))


def _address(text: str) -> str:
    # ERPNext's primary address is the address as HTML lines.
    return re.sub(r"<br\s*/?>", "\n", text, flags=re.IGNORECASE).strip()


# Said about rows imported all the same (RowProblem.error holds the sentence).
PHONE_FROM_SECOND = N_("The phone number is taken from this column: “{phone}” is empty.")
SECOND_PHONE_KEPT = N_("This second phone number is kept in the customer's notes.")
TURNED_ROUND = N_(
    "Read as {amount} owed to the shop: this system writes what a customer owes as a "
    "negative balance."
)
COMPANY_AS_NAME = N_("The company name is the customer's name: the row has no person's name.")


class CustomerReader:
    """Reads rows of one file with its column match, decimal mark and currency; `owed_sign`
    is -1 for a system whose balance is negative when the customer owes."""

    def __init__(
        self,
        headers: Sequence[str],
        mapping: Sequence[Column | None],
        mark: str,
        currency: str,
        owed_sign: int = 1,
    ) -> None:
        self._columns = [(i, c, headers[i]) for i, c in enumerate(mapping) if c is not None]
        self._headers = {c: headers[i] for i, c in enumerate(mapping) if c is not None}
        self._inverted = {i for i, c, h in self._columns if c is Column.ACTIVE}
        self._inverted = {i for i in self._inverted if header_key(headers[i]) in INVERTED}
        self._mark = mark
        self._currency = currency
        self._owed_sign = owed_sign
        tidy: Callable[[str], object] = lambda text: " ".join(text.split())  # noqa: E731
        self._parsers: dict[Column, Callable[[str], object]] = {
            Column.ID: self._id,
            Column.PHONE: _phone,
            Column.MOBILE: _phone,
            Column.EMAIL: check_email,
            Column.ADDRESS: _address,
            Column.LANGUAGE: parse_language,
            Column.CREDIT_LIMIT: self._limit,
            Column.NOTES: str.strip,
            Column.ACTIVE: parse_flag,
            Column.BALANCE: self._balance,
            Column.CURRENCY: lambda text: text.strip().upper(),
        }
        self._tidy = tidy

    def header(self, column: Column) -> str | None:
        """The file's header of `column`, if the file has it."""
        return self._headers.get(column)

    def read(
        self, number: int, cells: Sequence[str]
    ) -> tuple[ImportedCustomer, list[RowProblem], list[RowProblem]]:
        """The row as read (the cells that could be read), its problems (every one) and
        what is said about it."""
        values: dict[Column, object] = {}
        problems: list[RowProblem] = []
        notices: list[RowProblem] = []
        for index, column, header in self._columns:
            text = unescape_cell(cells[index]).strip() if index < len(cells) else ""
            if not text:
                continue
            try:
                value = self._parsers.get(column, self._tidy)(text)
            except UserError as error:
                problems.append(RowProblem(number, header, error))
                continue
            if index in self._inverted and isinstance(value, bool):
                value = not value
            if column not in values:
                values[column] = value
            elif column is Column.STREET_2 and value != values[column]:
                values[column] = f"{values[column]}, {value}"  # Vend's suburb after line 2
        fields: dict[str, object] = {
            c.value: values[c] for c in _PLAIN if values.get(c) not in (None, "")
        }
        notes: list[str] = []

        person = " ".join(
            str(values[c]) for c in (Column.FIRST_NAME, Column.LAST_NAME) if c in values
        )
        company = str(values.get(Column.COMPANY, ""))
        if Column.NAME in values:
            fields["name"] = values[Column.NAME]
        elif person:
            fields["name"] = person
        elif company:
            fields["name"] = company
            notices.append(self._notice(number, Column.COMPANY, COMPANY_AS_NAME))
        if company and fields.get("name") != company:
            notes.append(self._noted(Column.COMPANY, company))

        phone, second = str(values.get(Column.PHONE, "")), str(values.get(Column.MOBILE, ""))
        if phone:
            fields["phone"] = phone
            if second and second != phone:
                notes.append(self._noted(Column.MOBILE, second))
                notices.append(self._notice(number, Column.MOBILE, SECOND_PHONE_KEPT))
        elif second:
            fields["phone"] = second
            if self.header(Column.PHONE) is not None:
                notices.append(
                    self._notice(
                        number, Column.MOBILE, PHONE_FROM_SECOND, phone=self._headers[Column.PHONE]
                    )
                )

        lines = [str(values.get(c, "")) for c in (Column.ADDRESS, Column.STREET, Column.STREET_2)]
        town = [str(values.get(c, "")) for c in (Column.POSTCODE, Column.CITY)]
        lines.append(" ".join(t for t in town if t))
        lines += [str(values.get(c, "")) for c in (Column.REGION, Column.COUNTRY)]
        if any(lines):
            fields["address"] = join_address(lines)

        balance = values.get(Column.BALANCE)
        if self._owed_sign < 0 and isinstance(balance, Money) and balance.minor:
            owed = format(balance.amount, "f")
            notices.append(self._notice(number, Column.BALANCE, TURNED_ROUND, amount=owed))
        if Column.CODE in values:
            notes.append(self._noted(Column.CODE, str(values[Column.CODE])))
        if values.get(Column.NOTES):
            fields["notes"] = str(values[Column.NOTES])
        if notes:
            fields["noted"] = tuple(notes)
        return ImportedCustomer(number, **fields), problems, notices  # type: ignore[arg-type]

    def _noted(self, column: Column, value: str) -> str:
        return f"{self._headers[column]}: {value}"

    def _notice(self, number: int, column: Column, message: str, **params: object) -> RowProblem:
        return RowProblem(number, self._headers[column], UserError(message, **params))

    def _id(self, text: str) -> int:
        if not text.isdigit():
            raise InvalidInput(N_("“{text}” is not a customer number."), text=text)
        return int(text)

    def _money(self, text: str) -> Money:
        return check_bounds(Money.of(parse_number(text, self._mark), self._currency))

    def _balance(self, text: str) -> Money:
        amount = self._money(text)
        return amount if self._owed_sign > 0 else -amount

    def _limit(self, text: str) -> Money:
        amount = self._money(text)
        if amount.minor < 0:
            raise InvalidInput(N_("A credit limit cannot be negative."))
        return amount


# Columns read as they are into ImportedCustomer's field of the same name.
_PLAIN = (
    Column.ID,
    Column.EMAIL,
    Column.TAX_ID,
    Column.LANGUAGE,
    Column.CREDIT_LIMIT,
    Column.ACTIVE,
    Column.BALANCE,
    Column.CURRENCY,
)
