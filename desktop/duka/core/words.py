"""Where a line may break in scripts written without spaces between words.

Thai runs its words together; a line may only break between two words, which only a
dictionary knows. pythainlp's "newmm" segmenter (maximal matching over Thai character
clusters, with its own word list, offline) finds them, and never cuts a cluster: a
consonant stays with its vowels and tone marks. Chinese and Japanese may break between
any two characters, so they need nothing here.
"""

from __future__ import annotations

import os
import tempfile
import threading
import unicodedata
from functools import lru_cache

ZERO_WIDTH_SPACE = "\u200b"  # a break opportunity that Qt and browsers honour, drawn as nothing

_LOCK = threading.Lock()  # the segmenter's dictionary is loaded once, by one thread


def has_thai(text: str) -> bool:
    return any("\u0e00" <= ch <= "\u0e7f" for ch in text)


@lru_cache(maxsize=4096)
def thai_words(text: str) -> tuple[str, ...]:
    """`text` (one word as spaces delimit it) cut into the words a line may break between;
    a text without Thai comes back whole."""
    if not has_thai(text):
        return (text,)
    # pythainlp makes a folder for corpora it could download (Duka downloads none) when it
    # is imported, by default in the user's home: not there.
    os.environ.setdefault("PYTHAINLP_DATA", os.path.join(tempfile.gettempdir(), "duka-pythainlp"))
    from pythainlp.tokenize import word_tokenize

    with _LOCK:
        found = word_tokenize(text, engine="newmm", keep_whitespace=False)
    words: list[str] = []
    for word in found:
        # A piece that starts with a mark belongs to the cluster before it.
        if words and (unicodedata.category(word[0])[0] == "M" or word[0] in "\u200c\u200d"):
            words[-1] += word
        else:
            words.append(word)
    if "".join(words) != text:  # never lose or add a character: then break nowhere
        return (text,)
    return tuple(words)


def with_word_breaks(text: str) -> str:
    """`text` with a zero-width space between Thai words, for a text engine that breaks
    lines at spaces but does not know Thai words."""
    if not has_thai(text):
        return text
    return " ".join(ZERO_WIDTH_SPACE.join(thai_words(part)) for part in text.split(" "))
