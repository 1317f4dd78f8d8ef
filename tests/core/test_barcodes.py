"""GTIN checks and the helpers that tell a shop's own code, a lost leading zero and a
spreadsheet's scientific notation from a barcode."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum import ean

from duka.core.barcodes import (
    Barcode,
    WrongCheckDigit,
    check_digit,
    clean_barcode,
    gtin_shaped,
    is_gtin,
    is_own_code,
    looks_scientific,
    restore_upc,
)
from duka.core.errors import InvalidInput
from duka.core.quantity import Quantity

digits = st.text(alphabet="0123456789", min_size=1, max_size=20)


@given(digits)
def test_the_check_digit_is_the_gtin_one(body: str) -> None:
    assert check_digit(body) == str(ean.calc_check_digit(body))


def test_the_check_digit_of_digits_typed_in_another_script() -> None:
    assert check_digit("٤٠٠٦٣٨١٣٣٣٩٣") == "1"  # 4006381333931
    assert check_digit("४००६३८१३३३९३") == "1"  # Devanagari digits


@pytest.mark.parametrize(
    ("code", "shaped", "valid"),
    [
        ("4006381333931", True, True),  # EAN-13
        ("96385074", True, True),  # EAN-8
        ("036000291452", True, True),  # UPC-A
        ("10614141000415", True, True),  # GTIN-14
        ("25250001", True, False),  # a shop's own code, "2525 Mini Shop"
        ("33333333", True, False),  # opensourcepos' internal code
        ("4006381333932", True, False),
        ("40063813339", False, False),  # 11 digits
        ("ABC-1234", False, False),
        ("٤٠٠٦٣٨١٣٣٣٩٣١", False, False),  # not yet in ASCII digits
        ("", False, False),
    ],
)
def test_gtins_and_their_shape(code: str, shaped: bool, valid: bool) -> None:
    assert gtin_shaped(code) is shaped
    assert is_gtin(code) is valid
    assert is_own_code(code) is (shaped and not valid)


@given(st.text(alphabet="0123456789", min_size=7, max_size=13))
def test_a_gtin_with_its_check_digit_is_valid_and_any_other_digit_is_not(body: str) -> None:
    shaped = len(body) + 1 in (8, 12, 13, 14)
    right = check_digit(body)
    assert is_gtin(body + right) is shaped
    for wrong in set("0123456789") - {right}:
        assert is_gtin(body + wrong) is False
        assert is_own_code(body + wrong) is shaped


def test_restore_upc_puts_back_a_leading_zero_a_spreadsheet_dropped() -> None:
    assert restore_upc("25407803504") == "025407803504"
    assert restore_upc("36000291452") == "036000291452"
    assert restore_upc("25407803505") is None  # not a UPC-A with a zero in front
    assert restore_upc("025407803504") is None  # already 12 digits
    assert restore_upc("2540780350") is None
    assert restore_upc("2540780350A") is None
    assert restore_upc("٢٥٤٠٧٨٠٣٥٠٤") is None  # digits of another script are cleaned first


@given(st.text(max_size=14))
def test_restore_upc_returns_exactly_when_the_zero_makes_a_upc_a(code: str) -> None:
    restored = restore_upc(code)
    candidate = "0" + code
    makes_upc = (
        len(code) == 11
        and code.isascii()
        and code.isdigit()
        and check_digit(candidate[:-1]) == candidate[-1]
    )
    assert (restored is not None) is makes_upc
    if restored is not None:
        assert restored == candidate and is_gtin(restored) and len(restored) == 12


@given(st.text(alphabet="0123456789", min_size=11, max_size=11))
def test_of_eleven_digits_one_in_ten_is_a_upc_without_its_zero(code: str) -> None:
    restored = restore_upc(code)
    assert (restored is not None) is is_gtin("0" + code)


@pytest.mark.parametrize(
    "text",
    ["3.65275E+11", "3,65275E+11", "6.16E+12", "6E+12", "6.16e+12", " 3.65275E+011 ", "1.2E-05"],
)
def test_numbers_in_scientific_notation(text: str) -> None:
    assert looks_scientific(text)


@pytest.mark.parametrize(
    "text", ["365275000000", "12E45", "ABE+12", "3.65275", "E+11", "3.6E+", "3.6E+1234", ""]
)
def test_codes_that_are_not_scientific_notation(text: str) -> None:
    assert not looks_scientific(text)


@given(st.floats(min_value=1e6, max_value=1e18))
def test_a_large_number_written_by_python_in_e_notation_is_scientific(number: float) -> None:
    text = f"{number:.5E}"
    assert looks_scientific(text) and looks_scientific(text.replace(".", ","))


def test_a_wrong_check_digit_is_refused_unless_kept_as_the_shops_own() -> None:
    with pytest.raises(WrongCheckDigit) as caught:
        clean_barcode("25250001")
    assert isinstance(caught.value, InvalidInput) and caught.value.code == "25250001"
    assert "wrong check digit" in caught.value.message
    assert clean_barcode(" 2525 0001 ", own=True) == "25250001"
    assert clean_barcode("٢٥٢٥٠٠٠١", own=True) == "25250001"
    with pytest.raises(InvalidInput):
        clean_barcode("   ", own=True)  # own keeps a check digit, nothing else


def test_a_barcode_checked_says_whether_it_is_the_shops_own() -> None:
    assert Barcode("4006381333931") == Barcode("4006381333931", Quantity(1000), False)
    with pytest.raises(WrongCheckDigit):
        Barcode("25250001").checked()
    kept = Barcode("2525 0001", Quantity.of(2), own=True).checked()
    assert kept == Barcode("25250001", Quantity.of(2), own=True)
    # Derived from the code: a valid GTIN or a code of another shape is never "own".
    assert Barcode("4006381333931", own=True).checked().own is False
    assert Barcode("ABC-1", own=True).checked().own is False
    with pytest.raises(InvalidInput):
        Barcode("25250001", Quantity(0), own=True).checked()


def test_checking_100000_codes_stays_fast() -> None:
    import time

    codes = [f"{n:012}" for n in range(100_000)]
    start = time.perf_counter()
    valid = sum(is_gtin(code) for code in codes)
    took = time.perf_counter() - start
    assert valid == 10_000  # one in ten has its right check digit
    assert took < 1.5, took  # about 0.1 s on a 2-core build machine
