"""The customer layouts of other systems: each recognised from its own headers only."""

from itertools import combinations

from duka.core.customer_import import join_address
from duka.core.moving_in.customers import LAYOUTS
from duka.core.moving_in.layout import recognise


def test_no_two_systems_share_a_signature() -> None:
    for first, second in combinations(LAYOUTS, 2):
        assert not set(first.signatures) & set(second.signatures), (first.system, second.system)


def test_each_signature_recognises_its_own_system() -> None:
    for layout in LAYOUTS:
        for needed in layout.signatures:
            assert recognise(sorted(needed), LAYOUTS) is layout, (layout.system, needed)


def test_a_plain_sheet_is_no_system() -> None:
    assert recognise(["Name", "Phone", "Email", "Address", "Balance"], LAYOUTS) is None
    assert recognise(["First Name", "Last Name", "Email"], LAYOUTS) is None


def test_an_address_is_joined_in_the_order_a_letter_is_addressed() -> None:
    lines = ["Moi Avenue 12", " Floor  2 ", "00100 Nairobi", "", "nairobi county", "Kenya"]
    assert join_address(lines) == "Moi Avenue 12\nFloor 2\n00100 Nairobi\nnairobi county\nKenya"
    # A part given twice (a region that is the town) is written once.
    assert join_address(["Souk 3", "Mombasa", "mombasa", "Kenya"]) == "Souk 3\nMombasa\nKenya"
    assert join_address(["Kenyatta Ave 4\nKisumu", "Kisumu"]) == "Kenyatta Ave 4\nKisumu"
