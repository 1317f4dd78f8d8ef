"""EU VAT numbers and the reverse charge: when it applies, and a document reverse charged."""

from __future__ import annotations

from decimal import Decimal

from duka.core.invoices import DocKind, DocLine, Draft, reverse_charged
from duka.core.money import Money
from duka.core.quantity import Quantity
from duka.core.tax import TaxMode, TaxRate
from duka.core.vat import REVERSE_CHARGE, is_reverse_charge, reverse_charge_applies

TVA20 = TaxRate("S", "TVA 20 %", Decimal(20))
TVA55 = TaxRate("R", "TVA 5,5 %", Decimal("5.5"))


def eur(amount: str) -> Money:
    return Money.of(amount, "EUR")


def test_it_applies_between_businesses_of_two_member_states_only() -> None:
    assert reverse_charge_applies("FR", "FR 40 303 265 045", "DE 123 456 789")
    assert reverse_charge_applies("GR", "EL123456789", "ATU12345678")
    assert reverse_charge_applies("", "FR40303265045", "DE123456789")  # no country set
    assert not reverse_charge_applies("FR", "FR40303265045", "FR12345678901")  # same state
    assert not reverse_charge_applies("FR", "FR40303265045", "")  # a private customer
    assert not reverse_charge_applies("FR", "FR40303265045", "P051111111A")  # outside the EU
    assert not reverse_charge_applies("KE", "P051111111A", "DE123456789")  # a shop outside
    assert not reverse_charge_applies("FR", "", "DE123456789")  # a shop without VAT number
    assert not reverse_charge_applies("BE", "FR40303265045", "DE123456789")  # not its number


def test_prices_with_vat_lose_it_and_every_taxed_line_is_reverse_charged() -> None:
    lines = (
        DocLine("Panier garni", Quantity.of(2), eur("24.00"), TVA20, discount=eur("1.20")),
        DocLine("Riz basmati", Quantity.of("2.5"), eur("4.22"), TVA55),
        DocLine("Carte cadeau", Quantity.of(1), eur("50"), None),
    )
    blank = Draft(DocKind.INVOICE, "EUR", TaxMode.INCLUSIVE, 1, lines, discount=eur("6.00"))
    charged = reverse_charged(blank)
    assert charged.mode is TaxMode.EXCLUSIVE
    assert [line.rate for line in charged.lines] == [REVERSE_CHARGE, REVERSE_CHARGE, None]
    assert [line.unit_price for line in charged.lines] == [eur("20.00"), eur("4.00"), eur("50")]
    assert charged.lines[0].discount == eur("1.00")
    totals = charged.totals()
    assert totals.tax == eur("0") and totals.net == totals.gross
    # The document discount keeps its share of the lines: 6.00 of 107.35, so 5.53 of 99.00.
    assert charged.discount == eur("5.53")
    assert reverse_charged(charged) == charged
    assert is_reverse_charge(REVERSE_CHARGE) and not is_reverse_charge(TVA20)
    assert not is_reverse_charge(None)


def test_prices_without_vat_stay_as_they_are() -> None:
    lines = (DocLine("Comté", Quantity.of("0.375"), eur("32.90"), TVA55),)
    blank = Draft(DocKind.QUOTE, "EUR", TaxMode.EXCLUSIVE, 1, lines)
    charged = reverse_charged(blank)
    assert charged.lines[0].unit_price == eur("32.90")
    assert charged.totals().gross == eur("12.34")


def test_a_line_discounted_whole_is_never_worth_less_than_nothing_reverse_charged() -> None:
    # 0.057 x 1.50 with 0.09 off (all of it): without VAT the amount rounds to 0.07 and the
    # discount to 0.08, which made the line's net price negative (EN 16931 rule BR-27).
    vat16 = TaxRate("S", "VAT 16%", Decimal(16))
    line = DocLine("Item", Quantity(57), eur("1.50"), vat16, discount=eur("0.09"))
    blank = Draft(DocKind.INVOICE, "EUR", TaxMode.INCLUSIVE, customer_id=1, lines=(line,))
    charged = reverse_charged(blank)
    amount = charged.lines[0].tax_line().amount()
    assert amount.minor == 0 and charged.lines[0].discount == eur("0.07")
    assert charged.totals().gross.minor == 0
    assert reverse_charged(charged) == charged
