import pytest

from duka.core.barcodes import check_digit
from duka.core.quantity import Quantity
from duka.core.scale import ScaleValue, read_scale_code


def label(body: str) -> str:
    return body + check_digit(body)


def test_a_weight_label_names_the_item_and_its_grams() -> None:
    found = read_scale_code(label("210012301250"), "weight-5")
    assert found is not None
    assert (found.item, found.value, found.quantity) == (
        "00123",
        ScaleValue.WEIGHT,
        Quantity.of("1.25"),
    )
    assert found.lookup_code == label("210012300000")


@pytest.mark.parametrize(
    ("body", "layout", "item", "price"),
    [
        ("220012300995", "price-5", "00123", 995),
        ("2312340012345"[:12], "price-4", "1234", 1234),
        ("231234700995", "price-4-check", "1234", 995),
    ],
)
def test_price_labels_in_the_common_layouts(body: str, layout: str, item: str, price: int) -> None:
    found = read_scale_code(label(body), layout)
    assert found is not None and (found.item, found.price_minor) == (item, price)


@pytest.mark.parametrize(
    "code",
    [
        label("610012301250"),  # not a shop-internal prefix
        "2100123012504",  # wrong check digit
        label("21001230125"),  # 12 digits
        label("210012300000"),  # weighs nothing
    ],
)
def test_other_codes_are_not_scale_labels(code: str) -> None:
    assert read_scale_code(code, "weight-5") is None
    assert read_scale_code(label("210012301250"), "") is None  # scale labels switched off
