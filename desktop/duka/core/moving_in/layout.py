"""A file layout of another system: how it is recognised and what each of its columns holds.

Recognition is by header keys (`header_key`: lower case, punctuation as spaces), so "Variant
Price", "variant_price" and "Variant price [Main]" are the same header. A layout is
recognised when every key of one of its signatures is in the file; of several, the one whose
matched signature is longest wins, so a file with Shopify's "Variant Price" is not taken for
a file of some system that only says "Price".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

F = TypeVar("F")


def header_key(text: str, strip_suffix: bool = True) -> str:
    """A header as compared with the known names: lower case, without a trailing
    "[Store name]" or "(KES)", with punctuation as spaces. Letters and their marks in any
    script stay (Devanagari vowel signs are marks, not punctuation)."""
    text = unicodedata.normalize("NFC", text).casefold().strip()
    if strip_suffix:
        text = re.sub(r"\s*[\[(].*?[\])]\s*$", "", text)
    kept = "".join(ch if unicodedata.category(ch)[0] in "LNM" or ch == "'" else " " for ch in text)
    return " ".join(kept.split())


@dataclass(frozen=True, slots=True)
class Layout(Generic[F]):
    """One system's file: `system` as it calls itself (a name, not translated), the sets of
    header keys that recognise it, and what each header holds (header key -> field)."""

    system: str
    signatures: tuple[frozenset[str], ...]
    # Keyed by the whole header ("id barcodes" for ERPNext's "ID (Barcodes)"), then by the
    # header without its trailing brackets ("in stock" for "In stock [Main shop]"); None:
    # a header the layout knows holds nothing for Duka.
    fields: Mapping[str, F | None]
    # Headers that carry a number after a prefix, e.g. Loyverse's `Tax - "VAT" (8%)`:
    # (regular expression on the raw header, field).
    patterns: tuple[tuple[re.Pattern[str], F], ...] = ()
    # Frappe Books and ERPNext exports have a second header row of field keys.
    key_row_prefixes: tuple[str, ...] = ()
    # Odoo and ERPNext write a record's second tax or barcode on the next row, with every
    # main column empty: such a row continues the product above.
    continuation_rows: bool = False

    def knows(self, header: str) -> bool:
        """Whether the layout says what `header` holds (nothing, maybe)."""
        return (
            header_key(header, strip_suffix=False) in self.fields
            or header_key(header) in self.fields
            or any(pattern.search(header) for pattern, _f in self.patterns)
        )

    def field_of(self, header: str) -> F | None:
        whole = header_key(header, strip_suffix=False)
        if whole in self.fields:
            return self.fields[whole]
        found = self.fields.get(header_key(header))
        if found is not None:
            return found
        for pattern, value in self.patterns:
            if pattern.search(header):
                return value
        return None


def signature(*headers: str) -> frozenset[str]:
    return frozenset(header_key(h) for h in headers)


def recognise(headers: Sequence[str], layouts: Sequence[Layout[F]]) -> Layout[F] | None:
    """The layout whose signature the headers hold, the most specific one first."""
    keys = {header_key(h) for h in headers}
    best: tuple[int, Layout[F]] | None = None
    for layout in layouts:
        for needed in layout.signatures:
            if needed <= keys and (best is None or len(needed) > best[0]):
                best = (len(needed), layout)
    return best[1] if best is not None else None


_FIELD_KEY = re.compile(r"[A-Za-z]+\.[A-Za-z_]+")


def is_key_row(cells: Sequence[str], layout: Layout[F] | None) -> bool:
    """Whether a row is Frappe's second header row of field keys ("Item.name",
    "UOMConversionItem.uom")."""
    if layout is None or not layout.key_row_prefixes:
        return False
    filled = [c.strip() for c in cells if c.strip()]
    return (
        bool(filled)
        and all(_FIELD_KEY.fullmatch(c) for c in filled)
        and any(c.startswith(layout.key_row_prefixes) for c in filled)
    )


def keyed(table: Mapping[str, F | None]) -> dict[str, F | None]:
    """A field table written with headers as the system writes them, keyed for lookup (a
    header written with a placeholder, "In stock [Store]", by what comes before it)."""
    return {
        header_key(name, strip_suffix=not re.search(r"\([^)]*\)$", name)): value
        for name, value in table.items()
    }
