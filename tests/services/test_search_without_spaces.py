"""Search as you type in Thai, Chinese and Tamil: one or two letters typed anywhere in a
name find it, although these scripts give no word beginnings to search by."""

from pathlib import Path

import pytest

from duka.core.money import Money
from duka.core.name_grams import letters
from duka.core.products import ProductDraft, ProductQuery
from duka.services.shop import Shop
from duka.store import products_repo
from duka.store.database import transaction


def draft(name: str, price: str = "100") -> ProductDraft:
    return ProductDraft(
        name=name, sell_price=Money.of(price, "KES"), cost_price=Money.of("50", "KES")
    )


def names(shop: Shop, typed: str) -> list[str]:
    return sorted(r.name for r in shop.products.search(typed))


@pytest.fixture
def shelf(kenya_shop: Shop) -> Shop:
    for name in (
        "绿茶 Green tea",
        "牛奶",
        "ชาเขียว",
        "น้ำชา",
        "น้ำตาล",
        "தேங்காய் பால்",
        "பால் பவுடர்",
        "சர்க்கரை",
        "Sugar 1 kg",
        "Chai masala",
        "चाय पत्ती",
        "شاي أخضر",
    ):
        kenya_shop.products.add(draft(name))
    return kenya_shop


def test_one_or_two_letters_anywhere_in_the_name_find_it(shelf: Shop) -> None:
    assert names(shelf, "茶") == ["绿茶 Green tea"]
    assert names(shelf, "绿茶") == ["绿茶 Green tea"]
    assert names(shelf, "奶") == ["牛奶"]
    assert names(shelf, "ชา") == ["ชาเขียว", "น้ำชา"]
    assert names(shelf, "น้ำ") == ["น้ำชา", "น้ำตาล"]  # one letter, three code points
    assert names(shelf, "เขี") == ["ชาเขียว"]
    assert len(letters("பால்")) == 2
    assert names(shelf, "பால்") == ["தேங்காய் பால்", "பால் பவுடர்"]
    assert names(shelf, "கா") == ["தேங்காய் பால்"]
    # the letters on their way, as typed: "ப" before its vowel sign, then "பா"
    assert names(shelf, "ப") == ["தேங்காய் பால்", "பால் பவுடர்"]
    assert names(shelf, "பா") == ["தேங்காய் பால்", "பால் பவுடர்"]
    assert names(shelf, "ர்க்க") == ["சர்க்கரை"]  # longer pieces too
    assert names(shelf, "பால் பவு") == ["பால் பவுடர்"]  # every word typed
    assert names(shelf, "ชาเขียว") == ["ชาเขียว"]
    assert names(shelf, "ขาว") == []
    assert names(shelf, "Green 茶") == ["绿茶 Green tea"]


def test_latin_arabic_and_devanagari_search_by_word_beginnings_as_before(shelf: Shop) -> None:
    assert names(shelf, "gre") == ["绿茶 Green tea"]
    assert names(shelf, "ch") == ["Chai masala"]
    assert names(shelf, "ai") == []  # not a word's beginning
    assert names(shelf, "su 1") == ["Sugar 1 kg"]
    assert names(shelf, "चा") == ["चाय पत्ती"]
    assert names(shelf, "شا") == ["شاي أخضر"]
    assert names(shelf, "خض") == []


def test_a_renamed_archived_or_deleted_product_is_found_by_its_name_of_now(shelf: Shop) -> None:
    milk = shelf.products.search("牛奶")[0].id
    shelf.products.update(milk, draft("酸奶 yoghurt"))
    assert names(shelf, "牛") == []
    assert names(shelf, "酸") == ["酸奶 yoghurt"]
    assert names(shelf, "奶") == ["酸奶 yoghurt"]
    tea = shelf.products.search("ชาเขียว")[0].id
    shelf.products.set_active(tea, False)
    assert names(shelf, "ชา") == ["น้ำชา"]
    assert shelf.products.listing(ProductQuery(text="ชา", archived=True)).count == 1
    shelf.products.delete(shelf.products.search("น้ำตาล")[0].id)
    assert names(shelf, "ตา") == []
    assert names(shelf, "น้ำ") == ["น้ำชา"]
    listed = shelf.products.listing(ProductQuery(text="பா"))
    assert sorted(r.name for r in listed.page(0, 10)) == ["தேங்காய் பால்", "பால் பவுடர்"]
    problems = {r.name: r.problems for r in shelf.maintenance.verify()}
    assert problems["Search index"] == ()


def test_an_import_is_found_by_two_letters(kenya_shop: Shop, tmp_path: Path) -> None:
    source = tmp_path / "products.csv"
    source.write_text("name,price\n绿茶,120\nน้ำชา,40\nதேங்காய் பால்,90\nSugar,180\n", encoding="utf-8")
    kenya_shop.exchange.apply(kenya_shop.exchange.preview(source))
    assert names(kenya_shop, "茶") == ["绿茶"]
    assert names(kenya_shop, "ชา") == ["น้ำชา"]
    assert names(kenya_shop, "பால்") == ["தேங்காய் பால்"]
    assert names(kenya_shop, "su") == ["Sugar"]


def test_verify_finds_pieces_that_differ_from_the_names(shelf: Shop) -> None:
    db = shelf.context.db
    db.execute("DELETE FROM product_grams WHERE gram = '茶'")
    found = {r.name: r.problems for r in shelf.maintenance.verify()}["Search index"]
    assert any("product_grams" in p for p in found)
    with transaction(db):
        products_repo.rebuild_name_grams(db)
    assert {r.name: r.problems for r in shelf.maintenance.verify()}["Search index"] == ()
    assert names(shelf, "茶") == ["绿茶 Green tea"]


def test_one_thai_letter_over_twenty_thousand_products_reads_a_page_from_the_index(
    kenya_shop: Shop,
) -> None:
    db = kenya_shop.context.db
    words = ["ชาเขียว", "น้ำชา", "ข้าวหอม", "น้ำตาลทราย", "สบู่", "นมสด"]
    items = [(draft(f"{words[n % len(words)]} {n}"), None) for n in range(20_000)]
    with transaction(db):
        products_repo.insert_products(db, items, "2026-12-07T00:00:00+00:00", "test")
    found = kenya_shop.products.search("ช", limit=20)
    assert len(found) == 20 and all("ช" in r.name for r in found)
    for sql, bounds in (
        (products_repo.PIECE_PREFIX_SQL, ("ช", "ช\U0010ffff")),
        (products_repo.PIECE_SQL, ("ชา",)),
    ):
        plan = " ".join(str(r[3]) for r in db.execute(f"EXPLAIN QUERY PLAN {sql}", bounds))
        assert "SEARCH g USING PRIMARY KEY (gram" in plan, plan
        assert "SEARCH p USING INTEGER PRIMARY KEY (rowid=?)" in plan, plan
        assert "SCAN" not in plan, plan
