from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from duka.core.errors import InvalidInput
from duka.core.money import Money, total
from duka.core.quantity import Quantity
from duka.core.tax import TaxLine, TaxMode, TaxRate, document_totals, rate_tax

VAT = TaxRate("S", "VAT 16%", Decimal(16))
REDUCED = TaxRate("R", "Reduced 8%", Decimal(8))
ZERO = TaxRate("Z", "Zero-rated", Decimal(0))
EXEMPT = TaxRate("E", "Exempt", Decimal(0), exempt=True)


def line(price: str, qty: str = "1", rate: TaxRate | None = VAT, discount: str = "") -> TaxLine:
    return TaxLine(
        Quantity.of(qty),
        Money.of(price, "KES"),
        rate,
        Money.of(discount, "KES") if discount else None,
    )


def test_prices_with_tax_take_the_tax_out_per_rate() -> None:
    totals = document_totals([line("116.00"), line("58.00")], TaxMode.INCLUSIVE, "KES")
    assert totals.gross == Money.of("174.00", "KES")
    assert totals.tax == Money.of("24.00", "KES")
    assert totals.net == Money.of("150.00", "KES")


def test_prices_without_tax_add_it_per_rate_not_per_line() -> None:
    # Three lines of 0.10 at 16%: per line the tax would be 3 x 0.02 = 0.06;
    # on the rate's sum (0.30) it is 0.05, as EN 16931 says.
    totals = document_totals([line("0.10")] * 3, TaxMode.EXCLUSIVE, "KES")
    assert totals.net == Money.of("0.30", "KES")
    assert totals.tax == Money.of("0.05", "KES")
    assert totals.gross == Money.of("0.35", "KES")


def test_several_rates_exempt_and_untaxed_lines_are_kept_apart() -> None:
    lines = [
        line("100.00"),
        line("50.00", rate=REDUCED),
        line("20.00", rate=ZERO),
        line("10.00", rate=EXEMPT),
        line("5.00", rate=None),
    ]
    totals = document_totals(lines, TaxMode.EXCLUSIVE, "KES")
    by_code = {r.rate.code if r.rate else None: r for r in totals.by_rate}
    assert by_code["S"].tax == Money.of("16.00", "KES")
    assert by_code["R"].tax == Money.of("4.00", "KES")
    assert by_code["Z"].tax.is_zero() and by_code["E"].tax.is_zero()
    assert by_code[None].net == Money.of("5.00", "KES")
    assert totals.gross == Money.of("205.00", "KES")


def test_weighed_quantity_is_rounded_once_per_line() -> None:
    totals = document_totals([line("199.99", "0.375")], TaxMode.INCLUSIVE, "KES")
    assert totals.line_amounts == (Money.of("75.00", "KES"),)


def test_document_discount_is_spread_over_lines_exactly() -> None:
    lines = [line("100.00"), line("50.00", rate=REDUCED), line("50.00", rate=EXEMPT)]
    totals = document_totals(lines, TaxMode.INCLUSIVE, "KES", Money.of("10.00", "KES"))
    assert [a.minor for a in totals.line_amounts] == [9500, 4750, 4750]
    assert totals.gross == Money.of("190.00", "KES")


def test_a_discount_above_the_total_is_refused() -> None:
    with pytest.raises(InvalidInput):
        document_totals([line("10.00")], TaxMode.INCLUSIVE, "KES", Money.of("10.01", "KES"))


def test_a_rate_must_make_sense() -> None:
    with pytest.raises(InvalidInput):
        TaxRate("S", "VAT", Decimal(100))
    with pytest.raises(InvalidInput):
        TaxRate("S", "VAT", Decimal(-1))
    with pytest.raises(InvalidInput):
        TaxRate("", "VAT", Decimal(16))
    with pytest.raises(InvalidInput):
        TaxRate("E", "Exempt", Decimal(5), exempt=True)


rates = st.sampled_from([VAT, REDUCED, ZERO, EXEMPT, None, TaxRate("X", "7.25%", Decimal("7.25"))])
currencies = st.sampled_from(["KES", "UGX", "KWD"])


@st.composite
def documents(draw: st.DrawFn) -> tuple[str, list[TaxLine]]:
    currency = draw(currencies)
    count = draw(st.integers(min_value=1, max_value=12))
    lines = []
    for _ in range(count):
        price = Money(draw(st.integers(min_value=0, max_value=10**8)), currency)
        qty = Quantity(draw(st.integers(min_value=1, max_value=50_000)))
        lines.append(TaxLine(qty, price, draw(rates)))
    return currency, lines


@given(documents(), st.sampled_from(list(TaxMode)))
def test_totals_equal_the_sum_of_their_lines(doc: tuple[str, list[TaxLine]], mode: TaxMode) -> None:
    currency, lines = doc
    totals = document_totals(lines, mode, currency)
    line_sum = total((ln.amount() for ln in lines), currency)
    priced_total = totals.gross if mode is TaxMode.INCLUSIVE else totals.net
    assert priced_total == line_sum
    assert totals.net + totals.tax == totals.gross
    assert total((r.tax for r in totals.by_rate), currency) == totals.tax


@given(documents(), st.integers(min_value=0, max_value=100))
def test_a_document_discount_neither_creates_nor_loses_a_minor_unit(
    doc: tuple[str, list[TaxLine]], percent: int
) -> None:
    currency, lines = doc
    before = total((ln.amount() for ln in lines), currency)
    discount = Money(before.minor * percent // 100, currency)
    totals = document_totals(lines, TaxMode.INCLUSIVE, currency, discount)
    assert totals.gross == before - discount
    assert all(a.minor >= 0 for a in totals.line_amounts)


@given(currencies, st.integers(min_value=0, max_value=10**10), rates)
def test_inclusive_and_exclusive_round_trip_within_one_minor_unit(
    currency: str, net_minor: int, rate: TaxRate | None
) -> None:
    net = Money(net_minor, currency)
    gross = net + rate_tax(net, rate, TaxMode.EXCLUSIVE)
    back = gross - rate_tax(gross, rate, TaxMode.INCLUSIVE)
    assert abs(back.minor - net.minor) <= 1
