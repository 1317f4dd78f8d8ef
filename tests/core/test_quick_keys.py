import pytest

from duka.core.errors import InvalidInput
from duka.core.quick_keys import COLOURS, Layout


def test_pages_and_tiles_are_arranged_and_kept_as_json() -> None:
    layout = Layout().add_page("Fruit").add_page("Bread")
    layout = layout.add_tile(0, 3).add_tile(0, 4).add_tile(0, 5).add_tile(0, 3)  # once a page
    assert [t.product_id for t in layout.pages[0].tiles] == [3, 4, 5]
    layout = layout.move_tile(0, 2, -1).move_tile(0, 0, -1)  # the first cannot go earlier
    assert [t.product_id for t in layout.pages[0].tiles] == [3, 5, 4]
    layout = layout.place_tile(0, 0, 2).remove_tile(0, 0)
    assert [t.product_id for t in layout.pages[0].tiles] == [4, 3]
    layout = layout.move_page(1, -1).rename_page(0, "  Mkate  ")
    assert [p.name for p in layout.pages] == ["Mkate", "Fruit"]
    layout = layout.colour_tile(1, 0, COLOURS[3])
    assert Layout.from_json(layout.to_json()) == layout
    assert layout.without_product(4).pages[1].tiles[0].product_id == 3
    assert Layout.from_json(layout.remove_page(0).to_json()).pages[0].name == "Fruit"


def test_a_nameless_page_or_a_strange_colour_is_refused_and_damage_is_left_out() -> None:
    with pytest.raises(InvalidInput):
        Layout().add_page("   ")
    with pytest.raises(InvalidInput):
        Layout().add_page("A").add_tile(0, 1).colour_tile(0, 0, "red; background: url(x)")
    damaged = '[{"name": "A", "tiles": [[1, "#fff3b0"], ["x", 2], [3, "evil"]]}, 7]'
    assert [t.product_id for t in Layout.from_json(damaged).pages[0].tiles] == [1]
    assert Layout.from_json("not json") == Layout()
