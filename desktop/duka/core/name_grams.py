"""The short pieces of a product name that search as you type looks up in scripts where a
word search cannot find what was typed.

Thai, Lao, Myanmar, Khmer, Chinese, Japanese and Korean write no spaces between words, so
"茶" must find "绿茶" although no word starts with it; Tamil writes spaces, but the search
index's word splitter cuts its words at every vowel sign, so its words are not found by
their beginnings either. For names in these scripts the pieces of two letters in a row
are kept, and the last letter of each run ("绿茶", "茶"). A letter is what the reader sees
as one (a grapheme cluster: "பா" is two code points, "น้ำ" three), so that "பால்", typed
as four code points, is two letters and found from the pieces alone.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import pairwise

# Tamil, Thai, Lao, Myanmar, Khmer, Kana, CJK (and its extensions), Hangul: each script's
# block holds its vowel signs and marks too, so a run of the class is whole letters.
_CLASS = (
    "[\u0b80-\u0bff\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff"
    "\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003134f]"
)


@cache
def _spaceless() -> re.Pattern[str]:
    # Compiled when first needed: this class of whole scripts took 9 ms of every start.
    return re.compile(_CLASS)


@cache
def _run_pattern() -> re.Pattern[str]:
    return re.compile(f"{_CLASS}+")


# Signs that join the next letter to theirs (Khmer coeng, Myanmar virama) and the joiners.
_JOIN_NEXT = frozenset("\u17d2\u1039\u200d")
# Letters written as vowel signs though Unicode calls them letters (Thai and Lao "am").
_ATTACHED = frozenset("\u0e33\u0eb3\u200c\u200d")


def is_spaceless(text: str) -> bool:
    """Whether `text` has a letter of a script these pieces are kept for."""
    return _spaceless().search(text) is not None


def letters(text: str) -> list[str]:
    """`text` cut into the letters a reader sees (a base with its marks), close to
    Unicode's extended grapheme clusters for these scripts."""
    found: list[str] = []
    for char in text:
        if found and (
            char in _ATTACHED
            or unicodedata.category(char).startswith("M")
            or found[-1][-1] in _JOIN_NEXT
        ):
            found[-1] += char
        else:
            found.append(char)
    return found


def _runs(text: str) -> list[tuple[list[str], bool]]:
    """The runs of letters of these scripts in `text` (NFC), each with whether it ends the
    text (its last letter may then still be being typed)."""
    return [(letters(m.group()), m.end() == len(text)) for m in _run_pattern().finditer(text)]


@lru_cache(maxsize=4096)
def _run_grams(run: str) -> frozenset[str]:
    """Every two letters in a row, and the last letter alone: any letter then begins a
    piece, so one letter typed is found from the pieces beginning with it (half the rows
    of keeping every letter alone too). Kept for the runs seen lately: an import repeats
    the same few words many times."""
    found = letters(run)
    return frozenset(a + b for a, b in pairwise(found)).union(found[-1:])


def name_grams(name: str) -> set[str]:
    """The pieces kept for a name: two letters in a row of its runs in these scripts, and
    each run's last letter."""
    grams: set[str] = set()
    for match in _run_pattern().finditer(unicodedata.normalize("NFC", name)):
        grams.update(_run_grams(match.group()))
    return grams


@dataclass(frozen=True)
class Piece:
    """A piece to look up: the whole gram, or (`prefix`) any gram starting with it."""

    text: str
    prefix: bool


def query_pieces(word: str) -> list[Piece]:
    """The pieces any name containing `word` has, for a word being typed: one letter is
    looked up as the beginning of pieces, and so is the word's last letter, which may be
    incomplete ("ப" on the way to "பா")."""
    pieces: list[Piece] = []
    for run, tail in _runs(unicodedata.normalize("NFC", word)):
        if len(run) == 1:
            pieces.append(Piece(run[0], True))
            continue
        pairs = [a + b for a, b in pairwise(run)]
        pieces.extend(Piece(pair, False) for pair in pairs[:-1])
        pieces.append(Piece(pairs[-1], tail))
    return pieces
