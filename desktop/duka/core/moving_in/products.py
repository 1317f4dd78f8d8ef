"""The product files of other shop software: what each column holds, declared per system.

Each system's export is a `Layout` of `Field`s. A field is more than Duka's column: a file
can hold a price that is not the price (WooCommerce's "Sale price", Shopify's "Compare At
Price", Odoo's computed "Price", always 0.0 in exports), a yes/no flag beside a count
("In stock?" beside "Stock"), or the rows of one product's variants. Those fields are read
for what they are and never as the price or the stock. Header spellings are the systems'
documented ones (their help pages and export templates), compared after `header_key`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from enum import Enum

from duka.core.moving_in.layout import Layout, header_key, keyed, signature
from duka.core.product_import import Column, match_columns
from duka.i18n import N_


class Field(Enum):
    """What a column of a product file holds; the values are catalog strings (labels)."""

    NAME = N_("Name")
    SKU = N_("Code (SKU)")
    BARCODE = N_("Barcodes")
    CATEGORY = N_("Category")
    UNIT = N_("Unit")
    PRICE = N_("Price")
    COST = N_("Cost")
    TAX = N_("Tax")
    REORDER_LEVEL = N_("Reorder level")
    STOCK = N_("Stock on hand")
    ACTIVE = N_("Active")
    NOTES = N_("Notes")
    PRICE_ASKED = N_("Price asked at the sale (yes/no)")
    VARIANT_OF = N_("Variant of (the parent's code)")
    OPTIONS = N_("Options (Size=M; Colour=Red)")
    # Read only where a system's layout says so:
    SALE_PRICE = N_("Sale price (only where there is no price)")
    COMPUTED_PRICE = N_("Computed price (only where there is no price)")
    STORE_PRICE = N_("A store's price (where there is no default price)")
    CATEGORY_ALT = N_("Category (where the first is empty)")
    SOLD_BY_WEIGHT = N_("Sold by weight (yes/no)")
    TAX_BY_PERCENT = N_("Charges the tax of the header's percent (yes/no)")
    TAX_PERCENT = N_("Tax percent")
    TAXABLE = N_("Taxable (yes/no)")
    TAX_STATUS = N_("Tax status")
    TAX_CLASS = N_("Tax class")
    INACTIVE = N_("Archived (yes/no)")
    STATUS = N_("Status")
    PUBLISHED = N_("Published")
    HANDLE = N_("Product handle (groups its variants)")
    PARENT = N_("Parent product")
    ROW_ID = N_("Identifier in the other system")
    ROW_TYPE = N_("Product type")
    OPTION_NAME = N_("Option name")
    OPTION_VALUE = N_("Option value")
    VARIANT_NAME = N_("Variant name")
    IMAGE = N_("Image")
    # Read for nothing, but named for what it is:
    STOCK_FLAG = N_("In stock (yes/no, not a count)")

    # Members are singletons: hashing by identity keeps a 100,000-row import from
    # spending a second in Enum's own __hash__.
    __hash__ = object.__hash__

    @property
    def label(self) -> str:
        return self.value

    @property
    def offered(self) -> bool:
        """Whether a person matching columns by hand is offered it."""
        return self in OFFERED


OFFERED = frozenset(
    {
        Field.NAME,
        Field.SKU,
        Field.BARCODE,
        Field.CATEGORY,
        Field.UNIT,
        Field.PRICE,
        Field.COST,
        Field.TAX,
        Field.REORDER_LEVEL,
        Field.STOCK,
        Field.ACTIVE,
        Field.NOTES,
        Field.PRICE_ASKED,
        Field.SALE_PRICE,
        Field.VARIANT_OF,
        Field.OPTIONS,
    }
)

FIELD_OF_COLUMN = {
    Column.NAME: Field.NAME,
    Column.SKU: Field.SKU,
    Column.BARCODES: Field.BARCODE,
    Column.CATEGORY: Field.CATEGORY,
    Column.UNIT: Field.UNIT,
    Column.PRICE: Field.PRICE,
    Column.COST: Field.COST,
    Column.TAX: Field.TAX,
    Column.REORDER_LEVEL: Field.REORDER_LEVEL,
    Column.STOCK: Field.STOCK,
    Column.ACTIVE: Field.ACTIVE,
    Column.NOTES: Field.NOTES,
    Column.PRICE_ASKED: Field.PRICE_ASKED,
    Column.PARENT: Field.VARIANT_OF,
    Column.OPTIONS: Field.OPTIONS,
}

NUMBER_FIELDS = frozenset(
    {
        Field.PRICE,
        Field.SALE_PRICE,
        Field.COMPUTED_PRICE,
        Field.STORE_PRICE,
        Field.COST,
        Field.STOCK,
        Field.REORDER_LEVEL,
        Field.TAX_PERCENT,
    }
)

# `Tax - "VAT" (8%)` (Loyverse), `Tax - Sales Tax (8.875%)` (Square): Y or N per tax.
TAX_HEADER = re.compile(r"^\s*tax\s*-\s*.*\(\s*(\d+(?:[.,]\d+)?)\s*%\s*\)\s*$", re.IGNORECASE)

_S = Field  # the tables below are long; keep them readable


def _tax_by_percent() -> tuple[tuple[re.Pattern[str], Field], ...]:
    return ((TAX_HEADER, Field.TAX_BY_PERCENT),)


# fmt: off
LOYVERSE = Layout(
    "Loyverse",
    (signature("Handle", "Default price", "Sold by weight"), signature("Handle", "Default price")),
    keyed({
        "Handle": _S.HANDLE, "SKU": _S.SKU, "Name": _S.NAME, "Category": _S.CATEGORY,
        "Description": _S.NOTES, "Sold by weight": _S.SOLD_BY_WEIGHT,
        "Option 1 name": _S.OPTION_NAME, "Option 1 value": _S.OPTION_VALUE,
        "Option 2 name": _S.OPTION_NAME, "Option 2 value": _S.OPTION_VALUE,
        "Option 3 name": _S.OPTION_NAME, "Option 3 value": _S.OPTION_VALUE,
        "Default price": _S.PRICE, "Cost": _S.COST, "Barcode": _S.BARCODE,
        "Available for sale [Store]": _S.ACTIVE, "Price [Store]": _S.STORE_PRICE,
        "In stock [Store]": _S.STOCK, "Low stock [Store]": _S.REORDER_LEVEL,
    }),
    _tax_by_percent(),
)

SQUARE = Layout(
    "Square",
    (signature("Item Name", "Variation Name"), signature("Token", "Item Name")),
    keyed({
        "Token": _S.ROW_ID, "Item Name": _S.NAME, "Variation Name": _S.VARIANT_NAME,
        "Unit and Precision": _S.UNIT, "SKU": _S.SKU, "Description": _S.NOTES,
        "Category": _S.CATEGORY, "Reporting Category": _S.CATEGORY_ALT, "Price": _S.PRICE,
        "Online Sale Price": _S.SALE_PRICE, "Archived": _S.INACTIVE,
        "Option Name 1": _S.OPTION_NAME, "Option Value 1": _S.OPTION_VALUE,
        "Option Name 2": _S.OPTION_NAME, "Option Value 2": _S.OPTION_VALUE,
        "Option Name 3": _S.OPTION_NAME, "Option Value 3": _S.OPTION_VALUE,
        "Default Unit Cost": _S.COST, "GTIN": _S.BARCODE,
        "Enabled [Location]": None,  # sold at that location; "Archived" is the product's
        "Current Quantity [Location]": _S.STOCK, "Stock Alert Count [Location]": _S.REORDER_LEVEL,
    }),
    _tax_by_percent(),
)

SHOPIFY = Layout(
    "Shopify",
    (signature("Handle", "Title", "Variant Price"), signature("Handle", "Variant SKU")),
    keyed({
        "Handle": _S.HANDLE, "Title": _S.NAME, "Type": _S.CATEGORY,
        "Product Category": _S.CATEGORY_ALT,
        "Option1 Name": _S.OPTION_NAME, "Option1 Value": _S.OPTION_VALUE,
        "Option2 Name": _S.OPTION_NAME, "Option2 Value": _S.OPTION_VALUE,
        "Option3 Name": _S.OPTION_NAME, "Option3 Value": _S.OPTION_VALUE,
        "Variant SKU": _S.SKU, "Variant Inventory Qty": _S.STOCK, "Variant Price": _S.PRICE,
        "Variant Compare At Price": _S.SALE_PRICE, "Variant Taxable": _S.TAXABLE,
        "Variant Barcode": _S.BARCODE, "Image Src": _S.IMAGE, "Cost per item": _S.COST,
        "Status": _S.STATUS,
    }),
)

WOOCOMMERCE = Layout(
    "WooCommerce",
    (signature("ID", "Type", "Regular price"), signature("Type", "SKU", "Regular price", "Parent")),
    keyed({
        "ID": _S.ROW_ID, "Type": _S.ROW_TYPE, "SKU": _S.SKU,
        "GTIN, UPC, EAN, or ISBN": _S.BARCODE, "Name": _S.NAME, "Published": _S.PUBLISHED,
        "Tax status": _S.TAX_STATUS, "Tax class": _S.TAX_CLASS, "In stock?": _S.STOCK_FLAG,
        "Stock": _S.STOCK, "Low stock amount": _S.REORDER_LEVEL, "Sale price": _S.SALE_PRICE,
        "Regular price": _S.PRICE, "Categories": _S.CATEGORY, "Parent": _S.PARENT,
        "Attribute 1 value(s)": _S.OPTION_VALUE, "Attribute 2 value(s)": _S.OPTION_VALUE,
        "Attribute 3 value(s)": _S.OPTION_VALUE,
        "Description": None, "Short description": None,  # web pages' HTML, not notes
        "Attribute 1 name": _S.OPTION_NAME, "Attribute 2 name": _S.OPTION_NAME,
        "Attribute 3 name": _S.OPTION_NAME,
    }),
)

VEND = Layout(
    "Vend",
    (signature("handle", "retail_price", "supply_price"), signature("handle", "retail_price")),
    keyed({
        "id": _S.ROW_ID, "handle": _S.HANDLE, "sku": _S.SKU, "name": _S.NAME,
        "description": _S.NOTES, "type": _S.CATEGORY, "product_category": _S.CATEGORY,
        "variant_option_one_name": _S.OPTION_NAME, "variant_option_one_value": _S.OPTION_VALUE,
        "variant_option_two_name": _S.OPTION_NAME, "variant_option_two_value": _S.OPTION_VALUE,
        "variant_option_three_name": _S.OPTION_NAME,
        "variant_option_three_value": _S.OPTION_VALUE,
        "supply_price": _S.COST, "retail_price": _S.PRICE, "tax_name": _S.TAX,
        "active": _S.ACTIVE,
    }),
    (
        (re.compile(r"^inventory_", re.IGNORECASE), Field.STOCK),
        (re.compile(r"^reorder_point_", re.IGNORECASE), Field.REORDER_LEVEL),
        (re.compile(r"^outlet_tax_", re.IGNORECASE), Field.TAX),
    ),
)

_ODOO_LABELS: dict[str, Field] = {
    # English
    "Name": _S.NAME, "Internal Reference": _S.SKU, "Barcode": _S.BARCODE,
    "Sales Price": _S.PRICE, "Cost": _S.COST, "Product Category": _S.CATEGORY,
    "Unit of Measure": _S.UNIT, "Customer Taxes": _S.TAX, "Quantity On Hand": _S.STOCK,
    "Active": _S.ACTIVE, "Price": _S.COMPUTED_PRICE, "Internal Notes": _S.NOTES,
    "Sales Taxes": _S.TAX, "On Hand": _S.STOCK,
    "External ID": _S.ROW_ID, "ID": _S.ROW_ID, "Variant Values": _S.OPTION_VALUE,
    "Public Price": _S.PRICE,
    # French
    "Nom": _S.NAME, "Référence interne": _S.SKU, "Code-barres": _S.BARCODE,
    "Prix de vente": _S.PRICE, "Coût": _S.COST, "Catégorie d'article": _S.CATEGORY,
    "Catégorie de produits": _S.CATEGORY, "Unité de mesure": _S.UNIT,
    "Taxes à la vente": _S.TAX, "Taxes client": _S.TAX, "Quantité en stock": _S.STOCK,
    "Quantité disponible": _S.STOCK,
    "Actif": _S.ACTIVE, "Prix": _S.COMPUTED_PRICE, "Notes internes": _S.NOTES,
    "ID externe": _S.ROW_ID, "Valeurs de variante": _S.OPTION_VALUE,
    # German
    "Interne Referenz": _S.SKU, "Verkaufspreis": _S.PRICE, "Kosten": _S.COST,
    "Produktkategorie": _S.CATEGORY, "Maßeinheit": _S.UNIT, "Mengeneinheit": _S.UNIT,
    "Kundensteuern": _S.TAX, "Umsatzsteuer": _S.TAX, "Menge auf Lager": _S.STOCK,
    "Vorhandene Menge": _S.STOCK, "Verfügbare Menge": _S.STOCK, "Verkaufssteuern": _S.TAX,
    "Aktiv": _S.ACTIVE, "Preis": _S.COMPUTED_PRICE,
    "Interne Notizen": _S.NOTES, "Externe ID": _S.ROW_ID, "Variantenwerte": _S.OPTION_VALUE,
    # Spanish
    "Nombre": _S.NAME, "Referencia interna": _S.SKU, "Código de barras": _S.BARCODE,
    "Precio de venta": _S.PRICE, "Costo": _S.COST, "Coste": _S.COST,
    "Categoría de producto": _S.CATEGORY, "Unidad de medida": _S.UNIT,
    "Impuestos del cliente": _S.TAX, "Impuestos de cliente": _S.TAX,
    "Cantidad a mano": _S.STOCK, "Cantidad disponible": _S.STOCK, "Activo": _S.ACTIVE,
    "Precio": _S.COMPUTED_PRICE, "Notas internas": _S.NOTES, "ID externo": _S.ROW_ID,
    "Valores de variante": _S.OPTION_VALUE,
    # Technical names ("I want to update data (import-compatible export)")
    "id": _S.ROW_ID, "name": _S.NAME, "default_code": _S.SKU, "barcode": _S.BARCODE,
    "list_price": _S.PRICE, "lst_price": _S.PRICE, "standard_price": _S.COST,
    "categ_id": _S.CATEGORY, "categ_id/name": _S.CATEGORY, "uom_id": _S.UNIT,
    "uom_id/name": _S.UNIT, "taxes_id": _S.TAX, "qty_available": _S.STOCK,
    "active": _S.ACTIVE, "price": _S.COMPUTED_PRICE, "description": _S.NOTES,
    "product_template_attribute_value_ids": _S.OPTION_VALUE,
}

ODOO = Layout(
    "Odoo",
    (
        signature("Internal Reference", "Sales Price"),
        signature("Product Category", "Sales Price"),
        signature("Référence interne", "Prix de vente"),
        signature("Interne Referenz", "Verkaufspreis"),
        signature("Produktkategorie", "Verkaufspreis"),
        signature("Referencia interna", "Precio de venta"),
        signature("default_code", "list_price"),
        signature("list_price", "standard_price"),
        signature("default_code", "lst_price"),
        signature("categ_id", "list_price"),
    ),
    keyed(_ODOO_LABELS),
    continuation_rows=True,
)

FRAPPE_BOOKS = Layout(
    "Frappe Books",
    (signature("Item Name", "Rate", "Unit Type"), signature("Item Name", "Rate")),
    keyed({
        "Item Name": _S.NAME, "Name": _S.NAME, "Item Code": _S.SKU, "Item Group": _S.CATEGORY,
        "Rate": _S.PRICE, "Unit Type": _S.UNIT, "Unit": _S.UNIT, "Tax": _S.TAX,
        "Barcode": _S.BARCODE, "Description": _S.NOTES,
    }),
    key_row_prefixes=("Item.",),
)

ERPNEXT = Layout(
    "ERPNext",
    (signature("Item Code", "Item Group"), signature("Item Code", "Standard Selling Rate")),
    keyed({
        "ID": _S.ROW_ID, "Item Code": _S.SKU, "Item Name": _S.NAME, "Item Group": _S.CATEGORY,
        "Default Unit of Measure": _S.UNIT, "Standard Selling Rate": _S.PRICE,
        "Valuation Rate": _S.COST, "Opening Stock": _S.STOCK, "Disabled": _S.INACTIVE,
        "Barcode (Barcodes)": _S.BARCODE, "Barcode": _S.BARCODE, "Description": _S.NOTES,
        "Item Tax Template (Taxes)": _S.TAX, "ID (Barcodes)": None,
        "Barcode Type (Barcodes)": None, "ID (Taxes)": None,
    }),
    continuation_rows=True,
)

OPENSOURCEPOS = Layout(
    "opensourcepos",
    (signature("Item Name", "Unit Price", "Cost Price"),),
    keyed({
        "Barcode": _S.BARCODE, "Item Name": _S.NAME, "Category": _S.CATEGORY,
        "Cost Price": _S.COST, "Unit Price": _S.PRICE, "Tax 1 Percent": _S.TAX_PERCENT,
        "Tax 2 Percent": _S.TAX_PERCENT, "Reorder Level": _S.REORDER_LEVEL,
        "Description": _S.NOTES, "Id": _S.ROW_ID,
    }),
    ((re.compile(r"^location_", re.IGNORECASE), Field.STOCK),),
)

UNICENTA = Layout(
    "uniCenta",
    (
        signature("Reference", "Buy Price", "Sell Price"),
        signature("reference", "pricebuy", "pricesell"),
    ),
    keyed({
        "Reference": _S.SKU, "Barcode": _S.BARCODE, "Code": _S.BARCODE, "Name": _S.NAME,
        "Buy Price": _S.COST, "Sell Price": _S.PRICE, "Category": _S.CATEGORY,
        "Tax": _S.TAX, "Tax Category": _S.TAX, "Stock": _S.STOCK, "Stock Units": _S.STOCK,
        "Qty": _S.STOCK, "Ref.": _S.SKU,
        "pricebuy": _S.COST, "pricesell": _S.PRICE, "taxcat": _S.TAX,
        "stockunits": _S.STOCK, "isvprice": _S.PRICE_ASKED, "isscale": _S.SOLD_BY_WEIGHT,
        "Variable Price": _S.PRICE_ASKED, "Scale": _S.SOLD_BY_WEIGHT,
    }),
)

DUKA = Layout(
    "Duka",
    (signature("name", "sku", "barcodes", "category", "unit", "price", "tax", "reorder_level"),),
    keyed({column.value: FIELD_OF_COLUMN[column] for column in Column}),
)
# fmt: on

LAYOUTS: tuple[Layout[Field], ...] = (
    DUKA,
    LOYVERSE,
    SQUARE,
    SHOPIFY,
    WOOCOMMERCE,
    VEND,
    ODOO,
    FRAPPE_BOOKS,
    ERPNEXT,
    OPENSOURCEPOS,
    UNICENTA,
)

# Read for nothing: what a person should know the import left aside (an identifier in
# the other system only links rows: nothing of it is kept).
UNREAD = frozenset({None, Field.STOCK_FLAG, Field.IMAGE, Field.OPTION_NAME, Field.ROW_ID})

# Hand-made sheets: a second price that is not the price.
# fmt: off
_GENERIC_EXTRA = keyed({
    "sale price": Field.SALE_PRICE, "compare at price": Field.SALE_PRICE,
    "promo price": Field.SALE_PRICE, "promotional price": Field.SALE_PRICE,
    "discount price": Field.SALE_PRICE, "prix promo": Field.SALE_PRICE,
    "prix soldé": Field.SALE_PRICE, "precio de oferta": Field.SALE_PRICE,
    "preço promocional": Field.SALE_PRICE, "angebotspreis": Field.SALE_PRICE,
    "bei ya ofa": Field.SALE_PRICE, "سعر العرض": Field.SALE_PRICE,
    "ऑफ़र मूल्य": Field.SALE_PRICE, "促销价": Field.SALE_PRICE,
    "variable price": Field.PRICE_ASKED, "ask price": Field.PRICE_ASKED,
    "price asked": Field.PRICE_ASKED, "open price": Field.PRICE_ASKED,
})
# fmt: on


def match_fields(headers: Sequence[str], layout: Layout[Field] | None) -> tuple[Field | None, ...]:
    """What each header holds: by the recognised system's layout, else by the names people
    and other software give Duka's columns; a header the layout does not know is matched by
    those names too (a sheet made by hand can look like a system's export). A field that
    one column holds is read from the leftmost column only: of Loyverse's "In stock [Shop 1]"
    and "In stock [Shop 2]", the first store's. A header written twice is refused."""
    generic: list[Field | None] = []
    for header, column in zip(headers, match_columns(headers), strict=True):
        if column is not None:
            generic.append(FIELD_OF_COLUMN[column])
        else:
            generic.append(_GENERIC_EXTRA.get(header_key(header)))
    if layout is None:
        return tuple(generic)
    found = [
        layout.field_of(h) if layout.knows(h) else guess
        for h, guess in zip(headers, generic, strict=True)
    ]
    taken: set[Field] = set()
    for index, which in enumerate(found):
        if which is None or which in MANY_COLUMNS:
            continue
        if which in taken:
            found[index] = None
        taken.add(which)
    return tuple(found)


# Fields a file may spread over several columns, all of them read.
MANY_COLUMNS = frozenset(
    {
        Field.BARCODE,
        Field.OPTION_NAME,
        Field.OPTION_VALUE,
        Field.TAX,
        Field.TAX_BY_PERCENT,
        Field.TAX_PERCENT,
    }
)

# Systems whose price column says "variable" for a price asked at the sale.
ASKED_BY_WORD = frozenset({"Loyverse", "Square"})
