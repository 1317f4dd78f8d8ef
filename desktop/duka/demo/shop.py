"""`duka demo`: a believable small shop, made through the same services a user drives.

A corner shop in Nairobi whose shelves and customers speak several languages (see
data.py), its staff, suppliers and their deliveries, three weeks of sales, customers'
accounts, and quotes, invoices and credit notes for the businesses among its customers.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal

from duka.core import settings as spec
from duka.core.access import Role
from duka.core.barcodes import Barcode, check_digit
from duka.core.changes import Area
from duka.core.customers import NewCustomer
from duka.core.errors import Conflict
from duka.core.money import Money
from duka.core.products import ProductDraft, Unit, clean_category_path
from duka.core.quantity import Quantity
from duka.core.suppliers import GoodsReceivedDraft, PaymentMethod, ReceivedLine, SupplierDraft
from duka.core.tax import TaxRate
from duka.demo.batches import batch_story
from duka.demo.credit import HISTORY_DAYS, credit_histories
from duka.demo.data import CASES, FLAVOURS, PACKED, SINGLES, SUPPLIERS
from duka.demo.expenses import expense_story
from duka.demo.invoices import write_paperwork
from duka.demo.money import money_story
from duka.demo.price_lists import wholesale_list
from duka.demo.promotions import add_promotions
from duka.demo.purchases import order_and_return
from duka.demo.sales import sell_for_weeks
from duka.demo.till import Counter
from duka.demo.variants import add_clothing
from duka.demo.write_offs import write_off_some
from duka.i18n import N_
from duka.services.shop import Shop

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


@dataclass(frozen=True, slots=True)
class DemoSummary:
    products: int
    customers: int
    suppliers: int
    deliveries: int
    sales: int = 0


def _gtin(number: int) -> str:
    body = f"616{4000000 + number:09d}"  # 616 is Kenya's GS1 prefix
    return body + check_digit(body)


def _catalogue() -> list[ProductDraft]:
    """The demo's products: loose goods, then packed goods in every size and flavour."""
    drafts: list[ProductDraft] = []

    def add(
        name: str,
        category: str,
        unit: Unit,
        price: str,
        cost: str,
        tax: str,
        reorder: str,
        packs: tuple[Barcode, ...] = (),
    ) -> None:
        number = len(drafts) + 1
        codes = (Barcode(_gtin(number)), *packs) if unit is Unit.PIECE else ()
        drafts.append(
            ProductDraft(
                name=name,
                sell_price=Money.of(price, CURRENCY),
                cost_price=Money.of(cost, CURRENCY),
                unit=unit,
                tax_code=tax,
                sku=f"D{number:04d}",
                barcodes=codes,
                category=clean_category_path(category),
                reorder_level=Quantity.of(reorder),
            )
        )

    for name, category, unit, price, cost, tax, reorder in SINGLES:
        add(name, category, unit, price, cost, tax, reorder)
    cases = {(name, size): (label, units) for name, size, label, units in CASES}
    for name, category, tax, reorder, sizes in PACKED:
        for flavour in FLAVOURS.get(name, (None,)):
            base = name.split(" (")[0] + f" ({flavour})" if flavour else name
            for size, price, cost in sizes:
                packs: tuple[Barcode, ...] = ()
                if (name, size) in cases and flavour in (None, FLAVOURS.get(name, (None,))[0]):
                    units = cases[(name, size)][1]
                    packs = (Barcode(_gtin(9000 + len(drafts)), Quantity.pieces(units)),)
                add(f"{base} {size}", category, Unit.PIECE, price, cost, tax, reorder, packs)
    return drafts


def create_demo(shop: Shop) -> DemoSummary:
    """Fill a new, empty shop with the demo, through the services a user drives."""
    if (
        shop.settings.load().is_set_up
        or shop.access.has_users()
        or shop.products.count()
        or shop.customers.count()
    ):
        raise Conflict(
            N_("{path} already holds a shop; the demo needs a new file."), path=str(shop.path)
        )
    real_clock, actor = shop.context.clock, shop.context.actor
    try:
        with shop.context.writing(*Area):  # one commit: a screen watching sees it all
            return _fill(shop)
    finally:
        shop.context.clock, shop.context.actor = real_clock, actor


def _days_ago(shop: Shop, days: int) -> None:
    """Stamp what follows `days` before now: a demo with a past reads like a real shop
    (deliveries last month, a payment last week) and leaves "today" for the user."""
    now = dt.datetime.now(dt.UTC)
    shop.context.clock = lambda: now - dt.timedelta(days=days)


def _fill(shop: Shop) -> DemoSummary:
    _days_ago(shop, HISTORY_DAYS + 30)
    shop.settings.first_run(
        "Duka la Mama Amina", "KE", CURRENCY, "en", owner_name=OWNER[0], owner_pin=OWNER[1]
    )
    for name, role, pin in STAFF:
        shop.access.add_user(name, role, pin)
    # From here the owner acts, signed in as herself; the counter's staff sell (till.py).
    shop.context.actor = shop.access.sign_in(OWNER[1], OWNER[0])
    shop.settings.save(
        {
            spec.ADDRESS.key: "Moi Avenue 12\nNairobi",
            spec.PHONE.key: "+254 712 000 111",
            spec.TAX_ID.key: "P051111111A",
            spec.TAX_RATES.key: TAX_RATES,
            spec.PRICES_INCLUDE_TAX.key: True,
            spec.RECEIPT_WIDTH.key: 58,
            # M-Pesa's Lipa na M-Pesa QR carries a till number; a plain text code does for
            # the demo's reminders.
            spec.PAYMENT_QR.key: "text",
            spec.PAYMENT_TEXT.key: "M-Pesa Paybill 522522, account {reference}, KES {amount}",
            spec.MOBILE_MONEY.key: ("M-Pesa", "Airtel Money"),
            spec.MPESA_TILL.key: "123456",
        }
    )
    drafts = _catalogue()
    ids = [shop.products.add(draft) for draft in drafts]
    # The first count of the shelves, when the shop started with Duka: the everyday goods
    # the regulars buy on account.
    _days_ago(shop, HISTORY_DAYS + 25)
    staples = [i for i, d in zip(ids, drafts, strict=True) if not d.unit.measured][:24]
    shop.stock.post_stocktake({i: Quantity.of(60) for i in staples}, "opening count")
    _days_ago(shop, HISTORY_DAYS + 20)
    customer_ids = [
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
        for name, phone, email, language, limit, tax_id in CUSTOMERS
    ]
    stories = credit_histories(shop, customer_ids, staples, random.Random(11))
    deliveries = _deliveries(shop, drafts, ids)
    add_clothing(shop, CURRENCY)
    # The counter, day by day: the cashiers sell (for cash and on account) and take payments
    # and returns; the manager closes each day's drawer with its Z report.
    sold: list[str] = []
    stories.append(sell_for_weeks(shop, ids, random.Random(7), sold))
    stories.append(money_story(shop, staples, random.Random(13)))
    stories.append(expense_story(shop, random.Random(13)))
    Counter(shop, random.Random(5)).play(stories)
    write_paperwork(shop, staples)
    order_and_return(shop)
    write_off_some(shop, staples)
    batch_story(shop)
    wholesale_list(shop, staples)
    _days_ago(shop, 0)
    add_promotions(shop)
    return DemoSummary(len(drafts), len(CUSTOMERS), len(SUPPLIERS), deliveries, len(sold))


def _deliveries(shop: Shop, drafts: list[ProductDraft], ids: list[int]) -> int:
    """Two deliveries from each supplier (the first paid in cash, the second on credit, its
    price a little different), a part payment, and a few products left running low."""
    rng = random.Random(2026)
    count = 0
    for name, phone, tax_id, categories in SUPPLIERS:
        supplier = shop.suppliers.add(SupplierDraft(name, phone, tax_id))
        mine = [
            (product_id, draft)
            for product_id, draft in zip(ids, drafts, strict=True)
            if " > ".join(draft.category) in categories
        ]
        for round_ in (0, 1):
            _days_ago(shop, 21 - 12 * round_)
            lines = []
            for product_id, draft in mine:
                if round_ and rng.random() < 0.5:
                    continue
                reorder = max(draft.reorder_level.milli // 1000, 2)
                units = reorder * rng.choice((1, 2, 3)) if rng.random() > 0.1 else reorder // 2
                if units <= 0:
                    continue
                cost = draft.cost_price.amount * Decimal(rng.choice(("0.95", "1", "1", "1.05")))
                # The shop is registered for VAT: each line takes its product's rate, and
                # the costs are before tax, as the supplier's tax invoice prints them.
                lines.append(
                    ReceivedLine(
                        product_id,
                        Quantity.of(units),
                        Money.rounded(cost, CURRENCY),
                        draft.tax_code,
                    )
                )
            if lines:
                shop.suppliers.receive(
                    GoodsReceivedDraft(
                        supplier,
                        tuple(lines),
                        paid=round_ == 0,
                        method=PaymentMethod.CASH,
                        reference=f"INV-{rng.randrange(1000, 9999)}",
                    )
                )
                count += 1
        owed = shop.suppliers.get(supplier).owed
        if owed.minor > 0 and rng.random() < 0.6:
            _days_ago(shop, 4)
            shop.suppliers.pay(
                supplier,
                Money.rounded(owed.amount / 2, CURRENCY),
                PaymentMethod.MOBILE,
                "M-Pesa QX7H2",
            )
    return count
