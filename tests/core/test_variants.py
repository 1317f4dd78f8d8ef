"""The variant grid: every combination once, codes made from the parent's, clashes refused."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from duka.core.barcodes import Barcode
from duka.core.errors import Conflict, InvalidInput
from duka.core.money import Money
from duka.core.products import MAX_SKU, ProductDraft
from duka.core.variants import (
    VariantDraft,
    VariantOption,
    check_grid,
    clean_options,
    combinations,
    missing_variants,
    options_from_json,
    options_json,
    options_text,
    parse_options_text,
    plan_grid,
    values_text,
    variant_name,
    variant_sku,
)

PARENT = ProductDraft("T-shirt", Money.of("800", "KES"), Money.of("450", "KES"), sku="TEE")

# Values in any script, without the characters a file's options column is written with.
_letters = st.characters(
    blacklist_categories=("Cs", "Cc", "Zs", "Zl", "Zp"), blacklist_characters=";=|"
)
_value = st.text(_letters, min_size=1, max_size=8)


@st.composite
def option_sets(draw: st.DrawFn) -> list[VariantOption]:
    count = draw(st.integers(1, 3))
    names = draw(st.lists(_value, min_size=count, max_size=count, unique_by=str.casefold))
    return [
        VariantOption(
            name, tuple(draw(st.lists(_value, min_size=1, max_size=5, unique_by=str.casefold)))
        )
        for name in names
    ]


@given(option_sets())
def test_the_grid_is_every_combination_once(options: list[VariantOption]) -> None:
    cleaned = clean_options(options)
    grid = combinations(cleaned)
    assert len(grid) == math.prod(len(o.values) for o in cleaned)
    assert len({tuple(v.casefold() for v in values) for values in grid}) == len(grid)
    for values in grid:
        assert all(value in option.values for value, option in zip(values, cleaned, strict=True))


@given(option_sets())
def test_options_survive_their_json_and_their_text(options: list[VariantOption]) -> None:
    cleaned = clean_options(options)
    assert options_from_json(options_json(cleaned)) == cleaned
    assert parse_options_text(options_text(cleaned)) == cleaned
    for values in combinations(cleaned):
        back = parse_options_text(values_text(cleaned, values))
        assert tuple(o.values[0] for o in back) == values
        assert tuple(o.name for o in back) == tuple(o.name for o in cleaned)


@given(option_sets())
def test_a_planned_grid_passes_its_own_check_or_names_the_clash(
    options: list[VariantOption],
) -> None:
    cleaned = clean_options(options)
    planned = plan_grid(PARENT, cleaned)
    skus = [p.sku for p in planned]
    assert all(s is not None and s.startswith("TEE-") and len(s) <= MAX_SKU for s in skus)
    if len({s.casefold() for s in skus if s}) == len(skus):
        assert [c.values for c in check_grid(PARENT, cleaned, planned)] == [
            p.values for p in planned
        ]
    else:  # values that differ only by punctuation make one code: said, not written
        with pytest.raises(Conflict):
            check_grid(PARENT, cleaned, planned)


def test_codes_and_names_read_like_the_shelf() -> None:
    assert variant_sku("TEE", ("M", "Red")) == "TEE-M-RED"
    assert variant_sku("TEE", ("Extra large", "Sky-blue")) == "TEE-EXTRALARGE-SKYBLUE"
    assert variant_sku("TEE", ("كبير", "أحمر")) == "TEE-كبير-أحمر"
    assert variant_sku(None, ("M",)) is None
    assert variant_name("T-shirt", ("M", "Red")) == "T-shirt (M / Red)"


def test_bad_options_are_refused_with_a_reason() -> None:
    cases = [
        ([], "at least one option"),
        ([VariantOption("Size", ("S",)), VariantOption("size", ("M",))], "twice"),
        ([VariantOption("Size", ("S", "s"))], "twice"),
        ([VariantOption("Size", ())], "at least one value"),
        ([VariantOption("Size", ("S;M",))], "; = |"),
        ([VariantOption(str(i), ("a",)) for i in range(4)], "at most 3 options"),
        (
            [
                VariantOption("A", tuple(map(str, range(30)))),
                VariantOption("B", tuple("abcdefghijklmnopqrstu")),
            ],
            "630 variants",
        ),
    ]
    for options, words in cases:
        with pytest.raises(InvalidInput) as caught:
            clean_options(options)
        assert words in caught.value.message


def test_a_grid_that_repeats_a_code_or_barcode_is_refused() -> None:
    options = clean_options([VariantOption("Size", ("S", "M"))])
    same_sku = [VariantDraft(("S",), "TEE-1"), VariantDraft(("M",), "TEE-1")]
    with pytest.raises(Conflict) as caught:
        check_grid(PARENT, options, same_sku)
    assert "S and M would both have the code “TEE-1”" in caught.value.message
    code = Barcode("4006381333931")
    same_code = [VariantDraft(("S",), "A", (code,)), VariantDraft(("M",), "B", (code,))]
    with pytest.raises(Conflict) as caught:
        check_grid(PARENT, options, same_code)
    assert "barcode 4006381333931" in caught.value.message
    with pytest.raises(Conflict) as caught:
        check_grid(PARENT, options, [VariantDraft(("S",), "OLD")], taken_skus={"OLD"})
    assert "another product" in caught.value.message
    with pytest.raises(Conflict):
        check_grid(PARENT, options, [VariantDraft(("S",), "TEE")])  # the parent's own
    with pytest.raises(InvalidInput):
        check_grid(PARENT, options, [VariantDraft(("XL",), "X")])  # not a value of Size
    with pytest.raises(Conflict):
        check_grid(PARENT, options, [VariantDraft(("S",), "A"), VariantDraft(("s",), "B")])


def test_a_new_value_makes_only_the_missing_combinations() -> None:
    options = clean_options(
        [VariantOption("Size", ("S", "M", "L")), VariantOption("Colour", ("Red", "Blue"))]
    )
    have = [("S", "Red"), ("S", "Blue"), ("M", "Red"), ("M", "Blue")]
    missing = missing_variants("TEE", options, have)
    assert [m.values for m in missing] == [("L", "Red"), ("L", "Blue")]
    assert [m.sku for m in missing] == ["TEE-L-RED", "TEE-L-BLUE"]
