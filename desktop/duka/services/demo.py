"""`duka demo`: a believable small shop, made through the same services a user drives.

A corner shop in Nairobi whose shelves and customers speak several languages: Swahili and
English staples, Indian groceries labelled in Hindi and Bengali, Arabic imports, French
goods, a Chinese sauce. Later features add suppliers, sales and invoices here.
"""

from __future__ import annotations

from decimal import Decimal

from stdnum import ean

from duka.core import settings as spec
from duka.core.access import Role
from duka.core.customers import NewCustomer
from duka.core.errors import Conflict
from duka.core.money import Money
from duka.core.products import NewProduct, Unit
from duka.core.quantity import Quantity
from duka.core.tax import TaxRate
from duka.i18n import N_
from duka.services.shop import Shop
from duka.store.database import transaction

CURRENCY = "KES"

OWNER = ("Amina", "1234")
STAFF = (
    ("Baraka", Role.MANAGER, "2580"),
    ("Wanjiru", Role.CASHIER, "1357"),
    ("Hassan", Role.CASHIER, "2468"),
)

TAX_RATES = (
    TaxRate("S", "VAT 16%", Decimal(16)),
    TaxRate("Z", "Zero-rated", Decimal(0)),
    TaxRate("E", "Exempt", Decimal(0), exempt=True),
)

# name, category, unit, sell price, cost price, tax code, reorder level
PRODUCTS: tuple[tuple[str, str, Unit, str, str, str, str], ...] = (
    ("Sugar 1 kg", "Staples", Unit.PIECE, "180", "158", "S", "20"),
    ("Unga wa ugali 2 kg", "Staples", Unit.PIECE, "230", "205", "Z", "30"),
    ("Mchele pishori (loose)", "Staples", Unit.KILOGRAM, "220", "180", "Z", "25"),
    ("Chumvi 1 kg", "Staples", Unit.PIECE, "40", "30", "S", "10"),
    ("Cooking oil 1 l", "Staples", Unit.PIECE, "350", "310", "S", "12"),
    ("Mkate 400 g", "Bakery", Unit.PIECE, "65", "55", "Z", "15"),
    ("Mandazi", "Bakery", Unit.PIECE, "10", "6", "E", "0"),
    ("Maziwa fresh 500 ml", "Dairy", Unit.PIECE, "60", "50", "E", "24"),
    ("Mayai (tray of 30)", "Dairy", Unit.PIECE, "450", "390", "E", "4"),
    ("Tomatoes (loose)", "Vegetables", Unit.KILOGRAM, "120", "80", "E", "5"),
    ("Onions (loose)", "Vegetables", Unit.KILOGRAM, "100", "70", "E", "5"),
    ("Sukuma wiki (bunch)", "Vegetables", Unit.PIECE, "20", "12", "E", "10"),
    ("चाय मसाला 100 ग्राम", "Spices", Unit.PIECE, "150", "110", "S", "6"),
    ("हल्दी पाउडर 100 ग्राम", "Spices", Unit.PIECE, "90", "60", "S", "6"),
    ("बासमती चावल 1 किलो", "Staples", Unit.PIECE, "320", "270", "Z", "10"),
    ("अरहर दाल 1 किलो", "Staples", Unit.PIECE, "260", "220", "Z", "10"),
    ("মসুর ডাল ১ কেজি", "Staples", Unit.PIECE, "240", "200", "Z", "8"),
    ("تمر مجدول ٥٠٠ غ", "Imports", Unit.PIECE, "450", "380", "S", "5"),
    ("زيت زيتون ٥٠٠ مل", "Imports", Unit.PIECE, "900", "760", "S", "4"),
    ("قهوة عربية بالهيل ٢٥٠ غ", "Imports", Unit.PIECE, "600", "480", "S", "4"),
    ("حلاوة طحينية ٤٠٠ غ", "Imports", Unit.PIECE, "380", "300", "S", "4"),
    ("Savon de Marseille 300 g", "Household", Unit.PIECE, "250", "190", "S", "5"),
    ("Confiture de fraises 370 g", "Imports", Unit.PIECE, "420", "340", "S", "4"),
    ("Café moulu 250 g", "Imports", Unit.PIECE, "550", "430", "S", "4"),
    ("酱油 500 ml", "Imports", Unit.PIECE, "280", "220", "S", "4"),
    ("Sabuni ya kufulia 800 g", "Household", Unit.PIECE, "140", "115", "S", "12"),
    ("Mafuta ya taa (paraffin)", "Household", Unit.LITRE, "160", "145", "S", "20"),
    ("Matchboxes (10)", "Household", Unit.PIECE, "50", "35", "S", "10"),
    ("Candles (6)", "Household", Unit.PIECE, "60", "45", "S", "6"),
    ("Batteries AA (2)", "Household", Unit.PIECE, "100", "75", "S", "6"),
    ("Toothpaste 100 ml", "Personal care", Unit.PIECE, "150", "120", "S", "6"),
    ("Sanitary pads (8)", "Personal care", Unit.PIECE, "120", "95", "Z", "8"),
    ("Paracetamol 500 mg (10)", "Personal care", Unit.PIECE, "50", "30", "Z", "10"),
    ("Soda 500 ml", "Drinks", Unit.PIECE, "80", "60", "S", "24"),
    ("Drinking water 1 l", "Drinks", Unit.PIECE, "70", "50", "S", "24"),
    ("Exercise book 96 pages", "Stationery", Unit.PIECE, "50", "35", "Z", "20"),
    ("Pen, blue", "Stationery", Unit.PIECE, "20", "12", "S", "20"),
)

# name, phone, email, language, credit limit, tax id
CUSTOMERS: tuple[tuple[str, str, str, str | None, str, str], ...] = (
    ("Njeri Kamau", "+254 712 345 678", "", "en", "5000", ""),
    ("Otieno Ochieng", "+254 722 111 222", "", "en", "3000", ""),
    ("فاطمة حسن", "+254 733 456 789", "", "ar", "2000", ""),
    ("محمد عبد الله", "+254 701 987 654", "", "ar", "4000", ""),
    ("राजेश पटेल", "+254 720 555 010", "rajesh.patel@example.com", "hi", "10000", ""),
    ("प्रिया शाह", "+254 724 300 400", "", "hi", "2500", ""),
    ("Jean-Baptiste Mugisha", "+254 745 600 700", "", "fr", "4000", ""),
    ("Aïcha Diallo", "+254 790 123 456", "", "fr", "1500", ""),
    ("মিতালী দাস", "+254 711 222 333", "", None, "1000", ""),
    ("Grace Achieng", "+254 712 345 678", "", "en", "0", ""),
    (
        "Hotel Bahari Ltd",
        "+254 41 222 3344",
        "accounts@bahari.example",
        "en",
        "50000",
        "P051234567X",
    ),
)


def _barcode(index: int) -> str:
    body = f"616{4000000 + index:09d}"  # 616 is Kenya's GS1 prefix
    return body + ean.calc_check_digit(body)


def create_demo(shop: Shop) -> tuple[int, int]:
    """Fill a new, empty shop with the demo; return (products, customers) made."""
    if (
        shop.settings.load().is_set_up
        or shop.access.has_users()
        or shop.products.count()
        or shop.customers.count()
    ):
        raise Conflict(
            N_("{path} already holds a shop; the demo needs a new file."), path=str(shop.path)
        )
    with transaction(shop.context.db):
        return _fill(shop)


def _fill(shop: Shop) -> tuple[int, int]:
    shop.settings.first_run(
        "Duka la Mama Amina", "KE", CURRENCY, "en", owner_name=OWNER[0], owner_pin=OWNER[1]
    )
    for name, role, pin in STAFF:
        shop.access.add_user(name, role, pin)
    shop.settings.save(
        {
            spec.ADDRESS.key: "Moi Avenue 12\nNairobi",
            spec.PHONE.key: "+254 712 000 111",
            spec.TAX_ID.key: "P051111111A",
            spec.TAX_RATES.key: TAX_RATES,
            spec.PRICES_INCLUDE_TAX.key: True,
            spec.RECEIPT_WIDTH.key: 58,
        }
    )
    for index, (name, category, unit, price, cost, tax, reorder) in enumerate(PRODUCTS):
        shop.products.add(
            NewProduct(
                name=name,
                sell_price=Money.of(price, CURRENCY),
                cost_price=Money.of(cost, CURRENCY),
                unit=unit,
                tax_code=tax,
                sku=f"D{index + 1:04d}",
                barcodes=(_barcode(index),) if unit is Unit.PIECE else (),
                category=category,
                reorder_level=Quantity.of(reorder),
            )
        )
    for name, phone, email, language, limit, tax_id in CUSTOMERS:
        shop.customers.add(
            NewCustomer(
                name=name,
                credit_limit=Money.of(limit, CURRENCY),
                phone=phone,
                email=email,
                language=language,
                tax_id=tax_id,
            )
        )
    return len(PRODUCTS), len(CUSTOMERS)
