"""Text cells of files that spreadsheet programs open: kept from being run as formulas."""

from __future__ import annotations

import re

# A cell beginning with one of these is read as a formula by spreadsheet programs: a name
# or note typed as "=HYPERLINK(...)" could run when the export is opened. The export puts
# an apostrophe in front, as spreadsheets themselves do, and the import takes it off. A
# phone number or a plain number ("+254 712 345 678", "-50") is left as it is.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN = re.compile(r"[+-][\d\s().-]*")


def escape_cell(text: str) -> str:
    if _risky(text) or (text[:1] == "'" and (_risky(text[1:]) or text[1:2] == "'")):
        return "'" + text
    return text


def unescape_cell(text: str) -> str:
    if text[:1] == "'" and (_risky(text[1:]) or text[1:2] == "'"):
        return text[1:]
    return text


def _risky(text: str) -> bool:
    return text.startswith(_FORMULA_STARTS) and not _PLAIN.fullmatch(text)
