"""A table of products from a file: which column is which, and every row read and checked.

Shop software names its columns in many ways and languages ("Default price", "Prix de
vente", "السعر"); `match_columns` recognises the common ones, and the person importing can
correct the match. Numbers are read with the file's decimal mark, found from the numbers
themselves, because "58,99" read with the wrong mark becomes 5899 and nobody notices.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import Enum
from functools import lru_cache
from typing import TypeVar

from duka.core.barcodes import Barcode, normalise_barcode
from duka.core.errors import InvalidInput, UserError
from duka.core.money import Money
from duka.core.moving_in.layout import header_key
from duka.core.products import (
    CATEGORY_SEPARATOR,
    Unit,
    parse_unit,
)
from duka.core.quantity import Quantity
from duka.core.tax import TaxRate
from duka.core.variants import VariantOption
from duka.i18n import N_, ascii_digits


class Column(Enum):
    """Duka's columns, in the order an export writes them; the values are their headers."""

    NAME = "name"
    SKU = "sku"
    BARCODES = "barcodes"
    CATEGORY = "category"
    UNIT = "unit"
    PRICE = "price"
    COST = "cost"
    TAX = "tax"
    REORDER_LEVEL = "reorder_level"
    STOCK = "stock"
    ACTIVE = "active"
    NOTES = "notes"
    PRICE_ASKED = "price_asked"
    # A variant's parent (its code) and its values ("Size=M; Colour=Red"), or a parent's
    # options ("Size=S|M|L; Colour=Red|Blue"): core.variants.
    PARENT = "parent"
    OPTIONS = "options"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    Column.NAME: N_("Name"),
    Column.SKU: N_("Code (SKU)"),
    Column.BARCODES: N_("Barcodes"),
    Column.CATEGORY: N_("Category"),
    Column.UNIT: N_("Unit"),
    Column.PRICE: N_("Price"),
    Column.COST: N_("Cost"),
    Column.TAX: N_("Tax"),
    Column.REORDER_LEVEL: N_("Reorder level"),
    Column.STOCK: N_("Stock on hand"),
    Column.ACTIVE: N_("Active"),
    Column.NOTES: N_("Notes"),
    Column.PRICE_ASKED: N_("Price asked at the sale (yes/no)"),
    Column.PARENT: N_("Variant of (the parent's code)"),
    Column.OPTIONS: N_("Options (Size=M; Colour=Red)"),
}

NUMBER_COLUMNS = (Column.PRICE, Column.COST, Column.REORDER_LEVEL, Column.STOCK)

# In the barcodes column: codes separated by "|", a pack's code followed by "=" and how
# many units it holds ("4006381333931 | 4006381333948=12").
BARCODE_SEPARATOR = " | "
PACK_MARK = "="

# Header names as other software and people write them; compared after `header_key`.
# Sources: the export formats of Loyverse, Square, Shopify, Odoo, Vend/Lightspeed and
# spreadsheets people make by hand, in the languages Duka's shops use.
# fmt: off
_SYNONYMS: dict[Column, tuple[str, ...]] = {
    Column.NAME: (
        "name", "product", "product name", "item", "item name", "title", "article",
        "designation", "désignation", "libellé", "libelle", "produit", "nom", "nom du produit",
        "nombre", "producto", "artículo", "articulo", "nome", "produto", "bezeichnung",
        "artikel", "artikelname", "jina", "bidhaa", "jina la bidhaa", "nama", "nama barang",
        "nama produk", "ürün", "ürün adı", "الاسم", "اسم", "اسم المنتج", "المنتج", "الصنف",
        "نام", "نام کالا", "नाम", "उत्पाद", "उत्पाद का नाम", "वस्तु", "পণ্য", "নাম",
        "名称", "商品名称", "品名", "产品名称",
    ),
    Column.SKU: (
        "sku", "code", "product code", "item code", "reference", "internal reference",
        "default code", "variant sku", "ref", "réf", "référence",
        "référence interne",
        "code article", "code produit", "código", "codigo", "referencia", "código interno",
        "artikelnummer", "art nr", "msimbo", "kode", "kode barang", "sku kodu",
        "الرمز", "رمز", "رمز المنتج", "كود", "कोड", "उत्पाद कोड", "货号", "编码", "商品编码",
    ),
    Column.BARCODES: (
        "barcode", "barcodes", "ean", "ean13", "ean 13", "upc", "gtin", "variant barcode",
        "code barre", "code barres", "code-barres", "codes-barres", "código de barras",
        "codigo de barras", "códigos de barras", "strichcode", "barcode nummer", "msimbopau",
        "kode batang", "barkod", "الباركود", "باركود", "الرمز الشريطي", "बारकोड", "条码",
        "条形码",
    ),
    Column.CATEGORY: (
        "category", "categories", "product category", "group", "department", "family",
        "catégorie", "categorie", "famille", "rayon", "categoría", "categoria", "grupo",
        "kategorie", "warengruppe", "aina", "kundi", "kategori", "الفئة", "الفئه", "التصنيف",
        "القسم", "श्रेणी", "वर्ग", "分类", "类别",
    ),
    Column.UNIT: (
        "unit", "units", "uom", "unit of measure", "sold by weight", "unité", "unite",
        "unité de mesure", "unidad", "unidade", "einheit", "kipimo", "satuan", "birim",
        "الوحدة", "وحدة", "इकाई", "单位",
    ),
    Column.PRICE: (
        "price", "sell price", "selling price", "sales price", "retail price",
        "default price", "variant price", "unit price", "prix", "prix de vente", "prix unitaire",
        "pv", "precio", "precio de venta", "precio venta", "preço", "preco", "preço de venda",
        "preis", "verkaufspreis", "bei", "bei ya kuuza", "harga", "harga jual", "fiyat",
        "satış fiyatı", "السعر", "سعر البيع", "سعر", "قیمت", "मूल्य", "बिक्री मूल्य", "कीमत",
        "दाम", "售价", "价格", "零售价",
    ),
    Column.COST: (
        "cost", "cost price", "unit cost", "purchase price", "buying price", "supply price",
        "cost per item", "default unit cost", "coût", "cout", "prix d'achat", "prix d achat",
        "coût d'achat", "pa", "costo", "precio de compra", "custo", "preço de custo",
        "einkaufspreis", "ek preis", "gharama", "bei ya kununua", "harga beli", "harga modal",
        "maliyet", "التكلفة", "تكلفة", "سعر الشراء", "سعر التكلفة", "लागत", "क्रय मूल्य",
        "लागत मूल्य", "成本", "进价",
    ),
    Column.TAX: (
        "tax", "taxes", "tax code", "tax rate", "vat", "vat rate", "gst", "customer taxes",
        "tva", "taxe", "taux de tva", "impuesto", "iva", "imposto", "mwst", "steuer", "kodi",
        "ushuru", "pajak", "ppn", "kdv", "الضريبة", "ضريبة", "ضريبة القيمة المضافة", "कर",
        "जीएसटी", "税", "税率",
    ),
    Column.REORDER_LEVEL: (
        "reorder level", "reorder point", "low stock", "stock alert count", "min stock",
        "minimum stock", "minimum", "alert", "seuil", "seuil d'alerte",
        "seuil de réapprovisionnement",
        "stock minimum", "stock mínimo", "stock minimo", "punto de pedido", "estoque mínimo",
        "mindestbestand", "meldebestand", "kiwango cha chini", "stok minimum", "الحد الأدنى",
        "حد إعادة الطلب", "न्यूनतम स्टॉक", "पुनः ऑर्डर स्तर", "最低库存", "安全库存",
    ),
    Column.STOCK: (
        "stock", "stock on hand", "on hand", "quantity", "qty", "quantity on hand",
        "in stock", "current quantity", "variant inventory qty", "inventory", "stock level",
        "stock actuel", "quantité", "quantite", "qté", "qte", "cantidad", "existencias",
        "inventario", "estoque", "quantidade", "bestand", "menge", "lagerbestand", "idadi",
        "stoki", "stok", "jumlah", "miktar", "الكمية", "المخزون", "الرصيد", "स्टॉक", "मात्रा",
        "库存", "数量",
    ),
    Column.ACTIVE: (
        "active", "status", "available for sale", "enabled", "actif", "activo", "ativo",
        "aktiv", "hai", "aktif", "نشط", "الحالة", "सक्रिय", "स्थिति", "启用",
    ),
    Column.NOTES: (
        "notes", "note", "description", "comment", "comments", "remarks", "remarques",
        "remarque", "commentaire", "notas", "nota", "observaciones", "observações",
        "bemerkung", "beschreibung", "maelezo", "catatan", "keterangan", "açıklama",
        "ملاحظات", "الوصف", "टिप्पणी", "विवरण", "备注", "描述",
    ),
}
# fmt: on


_KNOWN = {header_key(word): column for column, words in _SYNONYMS.items() for word in words}
_KNOWN.update({header_key(column.value): column for column in Column})


def match_columns(headers: Sequence[str]) -> list[Column | None]:
    """Which of Duka's product columns each header is, or None."""
    return match_headers(headers, _KNOWN)


C = TypeVar("C")


def refuse_duplicates(headers: Sequence[str]) -> None:
    seen: dict[str, str] = {}
    twice: list[str] = []
    for header in headers:
        key = " ".join(unicodedata.normalize("NFC", header).casefold().split())
        if not key:
            continue
        if key in seen and seen[key] not in twice:
            twice.append(seen[key])
        seen.setdefault(key, header.strip())
    if twice:
        raise InvalidInput(
            N_("The file has these columns more than once: {headers}. Keep one of each."),
            headers=", ".join(f"“{h}”" for h in twice),
        )


def match_headers(headers: Sequence[str], known: Mapping[str, C]) -> list[C | None]:
    """Which column each header is (by `known`: header keys to columns), or None; each
    column is matched once, to the leftmost header that names it. A header written twice is
    refused: which of the two holds the price cannot be guessed."""
    refuse_duplicates(headers)
    taken: set[C] = set()
    found: list[C | None] = []
    for header in headers:
        column = known.get(header_key(header))
        if column is not None and column not in taken:
            taken.add(column)
            found.append(column)
        else:
            found.append(None)
    return found


# -- numbers ---------------------------------------------------------------------------

_SPACES = " \u00a0\u202f\u2009\u2007'\u2019\u066c"  # grouping people and software write
_BIDI = dict.fromkeys(map(ord, "\u200e\u200f\u061c\u2066\u2067\u2068\u2069\u202a\u202b\u202c"))
_WESTERN_GROUPS = re.compile(r"^\d{1,3}(?:G\d{3})+$")
_INDIAN_GROUPS = re.compile(r"^\d{1,2}(?:G\d{2})+G\d{3}$")
_PLAIN = re.compile(r"^\d+(?:\.\d+)?$")
_PLAIN_NUMBER = re.compile(r"-?\d+(?:\.\d+)?", re.ASCII)


_SIMPLE = re.compile(r"-?\d+(?:[.,]\d+)?", re.ASCII)


def _bare(text: str) -> str:
    """A number's text without digits of other scripts, bidi marks, spaces, currency signs
    or a currency code around it ("KSh 1,200.50" -> "1,200.50")."""
    if _SIMPLE.fullmatch(text):
        return text  # most cells: nothing to take away
    text = ascii_digits(text.translate(_BIDI))
    text = "".join(ch for ch in text if ch not in _SPACES and unicodedata.category(ch) != "Sc")
    text = text.replace("\u2212", "-")
    return text.strip().strip("".join(ch for ch in text if ch.isalpha()))


def decimal_mark(samples: Iterable[str], default: str) -> str:
    """ "." or ",": the decimal mark the numbers in `samples` are written with.

    Each number that can only be read one way votes: "1.234,5" and "58,99" for a comma,
    "1,234.5" and "58.99" for a point; "1,234" and "12" say nothing. With no vote either
    way, or a tie, `default` (the shop's own mark) decides.
    """
    votes = {".": 0, ",": 0}
    for sample in samples:
        text = _bare(sample)
        if "\u066b" in text:
            continue  # the Arabic decimal separator: unambiguous, says nothing of the others
        dot, comma = text.rfind("."), text.rfind(",")
        if dot >= 0 and comma >= 0:
            votes["." if dot > comma else ","] += 1
            continue
        mark, at = (".", dot) if dot >= 0 else (",", comma)
        if at < 0:
            continue
        if text.count(mark) > 1:
            votes["," if mark == "." else "."] += 1  # repeated: it groups thousands
        elif len(text) - at - 1 != 3:
            votes[mark] += 1
    if votes["."] == votes[","]:
        return default
    return "." if votes["."] > votes[","] else ","


def parse_number(text: str, mark: str) -> Decimal:
    """The number `text` written with the decimal mark `mark`, strictly: a grouping
    separator must group three digits (or the Indian 2-2-3), never stand for a decimal."""
    if mark == "." and _PLAIN_NUMBER.fullmatch(text):
        return Decimal(text)
    bare = _bare(text).replace("\u066b", mark)
    negative = bare.startswith("-")
    body = bare.lstrip("+-")
    if not any(ch.isdigit() for ch in body):
        raise _not_a_number(text, mark)
    group = "," if mark == "." else "."
    whole, _, fraction = body.partition(mark)
    if group in whole:
        pattern = whole.replace(group, "G")
        if not (_WESTERN_GROUPS.match(pattern) or _INDIAN_GROUPS.match(pattern)):
            raise _not_a_number(text, mark)
        whole = whole.replace(group, "")
    plain = (whole or "0") + ("." + fraction if fraction else "")
    if not _PLAIN.match(plain) or bare.count("-") > (1 if negative else 0):
        raise _not_a_number(text, mark)
    try:
        value = Decimal(plain)
    except InvalidOperation:
        raise _not_a_number(text, mark) from None
    return -value if negative else value


def _not_a_number(text: str, mark: str) -> InvalidInput:
    return InvalidInput(
        N_("“{text}” is not a number (this file writes decimals with “{mark}”)."),
        text=text.strip(),
        mark=mark,
    )


def money_text(amount: Money) -> str:
    """An amount as export writes it: plain digits, a point, the currency's decimals."""
    return format(amount.amount, "f")


def quantity_text(quantity: Quantity) -> str:
    return str(quantity)


# -- other cells -----------------------------------------------------------------------

_YES = {"1", "y", "yes", "true", "active", "oui", "vrai", "si", "sí", "sim", "ja", "ndiyo",
        "ya", "evet", "نعم", "ہاں", "हाँ", "हां", "是"}  # fmt: skip
_NO = {"0", "n", "no", "false", "inactive", "archived", "draft", "non", "faux", "não",
       "nao", "nein", "hapana", "tidak", "hayır", "لا", "नहीं", "否"}  # fmt: skip


def parse_flag(text: str) -> bool:
    key = text.strip().casefold()
    if key in _YES:
        return True
    if key in _NO:
        return False
    raise InvalidInput(N_("“{text}” is not yes or no."), text=text.strip())


def parse_unit_cell(text: str) -> Unit:
    """A unit as files write it; Loyverse's "Sold by weight" column holds Y or N instead."""
    key = text.strip().casefold()
    if key in ("y", "yes", "true"):
        return Unit.KILOGRAM
    if key in ("n", "false"):
        return Unit.PIECE
    return parse_unit(text)


def parse_barcodes(text: str) -> tuple[Barcode, ...]:
    """ "4006381333931 | 4006381333948=12": codes separated by "|" (or ","), a pack's
    code with "=" and how many units it holds."""
    codes = []
    for part in re.split(r"[|,;]", text):
        if not part.strip():
            continue
        code, _, pack = part.partition(PACK_MARK)
        quantity = Quantity.of(parse_number(pack, ".")) if pack.strip() else Quantity(1000)
        # checked with the rest of the product (ProductDraft.checked), once
        codes.append(Barcode(normalise_barcode(code), quantity))
    return tuple(codes)


def barcodes_text(barcodes: Sequence[Barcode]) -> str:
    return BARCODE_SEPARATOR.join(
        b.code if b.quantity == Quantity(1000) else f"{b.code}{PACK_MARK}{b.quantity}"
        for b in barcodes
    )


@lru_cache(maxsize=4096)  # a file names the same few categories on every row
def parse_category(text: str) -> tuple[str, ...]:
    """ "Food > Staples"; Odoo writes "All / Saleable"."""
    return tuple(" ".join(part.split()) for part in re.split(r">| / ", text) if part.strip())


def category_text(path: Sequence[str]) -> str:
    return CATEGORY_SEPARATOR.join(path)


def resolve_tax(text: str, rates: Sequence[TaxRate]) -> str:
    """The code of the shop's tax rate `text` names: its code, its name, or its percent."""
    key = text.strip()
    for rate in rates:
        if key.casefold() in (rate.code.casefold(), rate.name.casefold()):
            return rate.code
    try:
        percent = parse_number(key.replace("%", "").replace("\u066a", ""), ".")
    except InvalidInput:
        percent = None
    if percent is not None:
        matching = [r for r in rates if r.percent == percent and not r.exempt]
        if matching:
            return matching[0].code
    raise InvalidInput(N_("The shop has no tax rate “{tax}”."), field="tax", tax=key)


# -- rows ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ImportedRow:
    """One row as read. None means the file does not say: a new product takes the default,
    an existing one keeps what it has."""

    row: int  # as a spreadsheet numbers it: the header is row 1
    name: str | None = None
    sku: str | None = None
    barcodes: tuple[Barcode, ...] | None = None
    category: tuple[str, ...] | None = None
    unit: Unit | None = None
    price: Money | None = None
    cost: Money | None = None
    tax_code: str | None = None
    reorder_level: Quantity | None = None
    stock: Quantity | None = None
    active: bool | None = None
    notes: str | None = None
    price_asked: bool | None = None
    parent: str | None = None  # the code (or name) of the product this row is a variant of
    options: tuple[VariantOption, ...] | None = None  # a parent's options, a variant's values


@dataclass(frozen=True, slots=True)
class RowProblem:
    row: int
    column: str  # the column's header in the file, or Duka's name for it
    error: UserError

    @property
    def message(self) -> str:
        return self.error.message
