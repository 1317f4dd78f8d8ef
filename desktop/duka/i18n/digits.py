"""Digits of every script, read as 0-9: people type prices and PINs in their own digits."""

from __future__ import annotations

import unicodedata
from functools import cache


@cache
def _digit_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in range(0x80, 0x1FBFA):
        ch = chr(code)
        if unicodedata.category(ch) == "Nd":
            table[code] = str(unicodedata.digit(ch))
    return table


def ascii_digits(text: str) -> str:
    """`text` with every decimal digit of any script turned into 0-9."""
    if text.isascii():
        return text
    return text.translate(_digit_table())
