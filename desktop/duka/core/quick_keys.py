"""Quick keys: pages of product tiles on the Sell screen, as the owner arranges them.

A layout is plain data (pages of tiles, each tile a product and a colour), kept as JSON
either in the shop's database (the whole shop shares it) or in one computer's settings.
Every change returns a new layout, so a change backed out of leaves the old one intact.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from typing import TypeVar

from duka.core.errors import InvalidInput
from duka.i18n import N_

# Soft, readable colours that dark text stays legible on, in sunlight too.
COLOURS: tuple[str, ...] = (
    "#fff3b0", "#c8e6c9", "#bbdefb", "#ffcdd2", "#e1bee7",
    "#ffe0b2", "#b2dfdb", "#f0f4c3", "#d7ccc8", "#eeeeee",
)  # fmt: skip
MAX_PAGES = 20
MAX_TILES = 60  # per page
MAX_NAME = 40

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Tile:
    """A quick key: the product it sells and its colour."""

    product_id: int
    colour: str = COLOURS[0]


@dataclass(frozen=True, slots=True)
class Page:
    """A named page of quick keys."""

    name: str
    tiles: tuple[Tile, ...] = field(default_factory=tuple)


def _moved(items: tuple[T, ...], index: int, step: int) -> tuple[T, ...]:
    target = index + step
    if not (0 <= index < len(items)) or not (0 <= target < len(items)):
        return items
    listed = list(items)
    listed.insert(target, listed.pop(index))
    return tuple(listed)


@dataclass(frozen=True, slots=True)
class Layout:
    """The pages of quick keys of a shop or a computer."""

    pages: tuple[Page, ...] = field(default_factory=tuple)

    # -- pages ----------------------------------------------------------------------------

    def add_page(self, name: str) -> Layout:
        name = " ".join(name.split())[:MAX_NAME]
        if not name:
            raise InvalidInput(N_("Give the page a name."))
        if len(self.pages) >= MAX_PAGES:
            raise InvalidInput(N_("A till has at most {count} pages."), count=MAX_PAGES)
        return Layout((*self.pages, Page(name)))

    def rename_page(self, index: int, name: str) -> Layout:
        name = " ".join(name.split())[:MAX_NAME]
        if not name:
            raise InvalidInput(N_("Give the page a name."))
        return self._with_page(index, replace(self.pages[index], name=name))

    def remove_page(self, index: int) -> Layout:
        return Layout(self.pages[:index] + self.pages[index + 1 :])

    def move_page(self, index: int, step: int) -> Layout:
        return Layout(_moved(self.pages, index, step))

    # -- tiles ----------------------------------------------------------------------------

    def add_tile(self, page: int, product_id: int, colour: str | None = None) -> Layout:
        tiles = self.pages[page].tiles
        if any(tile.product_id == product_id for tile in tiles):
            return self  # once per page is enough
        if len(tiles) >= MAX_TILES:
            raise InvalidInput(N_("A page has at most {count} tiles."), count=MAX_TILES)
        chosen = colour if colour in COLOURS else COLOURS[len(tiles) % len(COLOURS)]
        return self._with_tiles(page, (*tiles, Tile(product_id, chosen)))

    def remove_tile(self, page: int, index: int) -> Layout:
        tiles = self.pages[page].tiles
        return self._with_tiles(page, tiles[:index] + tiles[index + 1 :])

    def move_tile(self, page: int, index: int, step: int) -> Layout:
        return self._with_tiles(page, _moved(self.pages[page].tiles, index, step))

    def place_tile(self, page: int, index: int, target: int) -> Layout:
        """Put a tile at another place (a drag and drop)."""
        return self.move_tile(page, index, target - index)

    def colour_tile(self, page: int, index: int, colour: str) -> Layout:
        if colour not in COLOURS:
            raise InvalidInput(N_("Choose one of the colours shown."))
        tiles = list(self.pages[page].tiles)
        tiles[index] = replace(tiles[index], colour=colour)
        return self._with_tiles(page, tuple(tiles))

    def without_product(self, product_id: int) -> Layout:
        """The layout without a product that is gone (archived or deleted)."""
        return Layout(
            tuple(
                replace(p, tiles=tuple(t for t in p.tiles if t.product_id != product_id))
                for p in self.pages
            )
        )

    def _with_tiles(self, page: int, tiles: tuple[Tile, ...]) -> Layout:
        return self._with_page(page, replace(self.pages[page], tiles=tiles))

    def _with_page(self, index: int, page: Page) -> Layout:
        return Layout((*self.pages[:index], page, *self.pages[index + 1 :]))

    # -- stored form ----------------------------------------------------------------------

    def to_json(self) -> str:
        return json.dumps(
            [
                {"name": p.name, "tiles": [[t.product_id, t.colour] for t in p.tiles]}
                for p in self.pages
            ],
            ensure_ascii=False,
            separators=(",", ":"),
        )

    @staticmethod
    def from_json(text: str | None) -> Layout:
        """The layout stored; what cannot be read (damaged outside Duka) is left out."""
        if not text:
            return Layout()
        try:
            data = json.loads(text)
        except ValueError:
            return Layout()
        pages: list[Page] = []
        for item in data if isinstance(data, list) else []:
            if not isinstance(item, dict) or not isinstance(item.get("name"), str):
                continue
            tiles: list[Tile] = []
            for tile in item.get("tiles", []):
                if (
                    isinstance(tile, list)
                    and len(tile) == 2
                    and isinstance(tile[0], int)
                    and tile[1] in COLOURS
                ):
                    tiles.append(Tile(tile[0], tile[1]))
            pages.append(Page(item["name"][:MAX_NAME], tuple(tiles[:MAX_TILES])))
        return Layout(tuple(pages[:MAX_PAGES]))
