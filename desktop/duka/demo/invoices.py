"""The demo shop's paperwork: a few businesses that buy in bulk and ask for proper invoices, in
English, French, Arabic and Hindi. Quotes, invoices (one converted from a quote, one for a
counter sale), payments, a credit note for goods that came back damaged, and a draft still
being written. Made through the invoice service, as the shopkeeper would."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from duka.core.customers import NewCustomer
from duka.core.invoices import DocKind, DocLine, Draft
from duka.core.ledger import PaymentMethod as Paid
from duka.core.money import Money
from duka.core.quantity import Quantity
from duka.core.sale import PaymentMethod, Tender
from duka.demo.till import at as _at
from duka.demo.till import back_office
from duka.services.shop import Shop

HOTEL = "Hotel Bahari Ltd"  # a customer of the demo already: gets its address here
HOTEL_ADDRESS = "Links Road 4\nNyali, Mombasa"

# name, phone, email, language, credit limit, tax id, address
BUSINESSES = (
    (
        "Société Kivu Import SARL",
        "+254 20 555 0101",
        "compta@kivu.example",
        "fr",
        "60000",
        "P052468013K",
        "Rue du Commerce 18\nEastleigh, Nairobi",
    ),
    (
        "شركة النور للتجارة",
        "+254 733 900 800",
        "info@alnoor.example",
        "ar",
        "60000",
        "P053579135N",
        "شارع بيوتي ٧\nمومباسا",
    ),
    (
        "शर्मा ट्रेडर्स",
        "+254 720 777 888",
        "sharma.traders@example.com",
        "hi",
        "40000",
        "P054680246S",
        "Biashara Street 21\nNairobi",
    ),
)


def write_paperwork(shop: Shop, product_ids: list[int]) -> int:
    """Quotes, invoices and credit notes for the demo's business customers; returns how many
    documents were issued."""
    real_clock = shop.context.clock
    now = dt.datetime.now(dt.UTC).replace(second=0, microsecond=0)

    def on(days_ago: int) -> None:
        shop.context.clock = _at(now - dt.timedelta(days=days_ago, hours=2))

    invoices = shop.invoices
    issued = 0
    try:
        on(60)
        kivu, noor, sharma = (
            shop.customers.add(
                NewCustomer(name, Money.of(limit, "KES"), phone, email, address, tax_id, lang)
            )
            for name, phone, email, lang, limit, tax_id, address in BUSINESSES
        )
        hotel = next(c.id for c in shop.customers.search(HOTEL) if c.name == HOTEL)
        shop.customers.update(
            hotel, replace(shop.customers.get(hotel).draft, address=HOTEL_ADDRESS)
        )
        goods = [shop.products.get(i) for i in product_ids[:12]]

        def lines(*picks: tuple[int, int]) -> tuple[DocLine, ...]:
            return tuple(
                invoices.product_line(goods[index], Quantity.of(count)) for index, count in picks
            )

        def draft(kind: DocKind, customer: int, *found: DocLine, **more: object) -> Draft:
            return replace(invoices.new_draft(kind, customer), lines=found, **more)  # type: ignore[arg-type]

        vat = next((r for r in invoices.tax_rates() if r.percent > 0), None)
        delivery = DocLine("Delivery to Nyali", Quantity.of(1), Money.of("1500", "KES"), vat)

        # The hotel asked for a quote, accepted it a week later, and has paid part of the
        # invoice: it is overdue now.
        on(48)
        quote = invoices.save_draft(
            draft(
                DocKind.QUOTE,
                hotel,
                *lines((0, 24), (1, 24), (2, 12)),
                delivery,
                reference="PO-7781",
                notes="Prices hold for orders placed this month.",
            )
        )
        invoices.issue(quote)
        on(41)
        from_quote = invoices.convert_quote(quote)
        invoices.issue(from_quote)
        on(20)
        third = invoices.standing(from_quote).due // 3
        invoices.receive_payment(
            from_quote, Money(third - third % 100, "KES"), Paid.BANK, "EFT 220914"
        )
        issued += 2

        # Kivu: invoiced with a discount, paid in full by bank transfer.
        on(26)
        kivu_invoice = invoices.save_draft(
            draft(
                DocKind.INVOICE,
                kivu,
                *lines((3, 40), (4, 30)),
                discount=Money.of("500", "KES"),
                reference="BC-2026-114",
            )
        )
        invoices.issue(kivu_invoice)
        on(12)
        invoices.receive_payment(
            kivu_invoice, Money(invoices.standing(kivu_invoice).due, "KES"), Paid.BANK, "VIR 5531"
        )
        issued += 1

        # Al Noor: five cartons came back damaged; a credit note takes them back.
        on(9)
        noor_invoice = invoices.save_draft(
            draft(DocKind.INVOICE, noor, *lines((5, 30), (6, 20), (7, 10)))
        )
        invoices.issue(noor_invoice)
        on(6)
        note = invoices.credit_draft(noor_invoice, restock=True)
        credited = invoices.get(note)
        first = replace(credited.draft.lines[0], quantity=Quantity.of(5))
        invoices.save_draft(
            replace(credited.draft, lines=(first,), notes="Damaged in transport"), note
        )
        invoices.issue(note)
        issued += 2

        # Sharma Traders: a quote sent this week, and an invoice still being written.
        on(3)
        sharma_quote = invoices.save_draft(
            draft(DocKind.QUOTE, sharma, *lines((8, 50), (9, 25), (10, 10)))
        )
        invoices.issue(sharma_quote)
        invoices.save_draft(draft(DocKind.INVOICE, sharma, *lines((11, 6))))
        issued += 1

        # A sale the hotel's driver paid in cash to the owner in the back office, then asked
        # to have invoiced.
        on(2)
        checkout = shop.checkout
        cart = checkout.new_cart()
        for product in goods[:3]:
            cart, _index = cart.add(checkout.line_for(product, Quantity.of(2)))
        with back_office(shop):
            sale = checkout.complete(None, cart, [Tender(PaymentMethod.CASH, cart.totals().gross)])
        invoices.invoice_sale(sale.number, hotel)
        issued += 1
    finally:
        shop.context.clock = real_clock
    return issued
