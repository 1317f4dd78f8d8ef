"""Text in any script on a reportlab canvas.

reportlab has no font fallback and, without the rlbidi module (not on PyPI), no bidi either:
given a mixed line it draws every character with one font in logical order. So a line is
prepared here before it is drawn:

1. python-bidi puts it in visual order (Unicode bidi algorithm, brackets mirrored);
2. it is cut into runs by script (Latin, Arabic, Devanagari, Bengali, Tamil, Thai, Han),
   each drawn with its bundled Noto font, embedded in the PDF (Chinese with a TrueType
   subset of Noto Sans CJK SC, made by packaging/make_cjk_font.py, which carries kana too;
   Hangul has no bundled font); digits, punctuation and spaces go with a neighbouring run
   whose font has them. Arabic, Persian and Urdu share Noto Sans Arabic, a Naskh face with
   every Urdu letter: Nastaliq's words cascade up to 2 ems above the baseline ("مکمل
   ادائیگی" 2.0, "کراچی جنرل اسٹور" 1.5, against 0.8 in Noto Sans Arabic), more than the
   1.3-em lines of receipts and table rows hold, and one face for the script keeps a name
   that mixes Urdu and Arabic or Persian words in one style;
3. each run is shaped by HarfBuzz (through reportlab's uharfbuzz support): Arabic letters
   join, Devanagari, Bengali and Tamil get their conjuncts and vowel signs in place, Thai its
   vowels and tone marks stacked. An Arabic run
   is handed to HarfBuzz in logical order (it is the reverse of its visual order), and
   HarfBuzz gives its glyphs back in visual order.

Shaped glyphs that have no character of their own cannot be copied out of a PDF, so such
runs also carry their text as /ActualText, which PDF readers use for copy and search.

Widths scale linearly with the font size (HarfBuzz advances do not depend on it for these
fonts), so a line is laid out once, at 1000 units per em, and cached.

Every invoice brings texts never seen before (its amounts, its products in a new order), so
laying out a new line must be cheap, not only a cached one:

- a run is cut at its spaces when HarfBuzz leaves the characters on either side of each cut
  as they are (asked once per pair of characters and font: no kerning, ligature or mark
  crosses a space in the bundled fonts), and its words are shaped and kept one by one:
  the words of a shop's products come back from invoice to invoice, its figures do not;
- a word whose every character and neighbouring pair HarfBuzz leaves as they are (most
  Latin words, all figures) is not shaped at all: reportlab's own glyphs and widths are the
  same ones;
- the ink of each glyph is measured once per font;
- wrapping adds up the widths of words and checks each line with its real layout, rather
  than laying out every growing prefix of a line;
- a run's base direction is found before it is cached, so that a text measured without a
  direction and drawn with its own is laid out once;
- glyphs that HarfBuzz only kerned are written as the TJ operator reportlab would write,
  from their kerning, rather than through reportlab's glyph-by-glyph loop.

Thai is written without spaces between words: wrapping breaks its lines between the words
that duka.core.words finds, never inside one.

The bidi algorithm sees the text as written, direction marks and isolates included, also
when it is fitted, cut or wrapped: CLDR's marks make Arabic money and dates read amount
first and day first from the right, and an isolated account number keeps its digit groups
in order among Arabic words.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import pairwise
from typing import TYPE_CHECKING, Any, Literal

from bidi import get_base_level, get_display
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase import ttfonts as _ttfonts
from reportlab.pdfbase.ttfonts import TTFont

from duka.bundled import resources_dir
from duka.core.words import has_thai, thai_words

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas

# Shaping needs reportlab >= 4.1 with uharfbuzz (the reportlab[shaping] extra); without it
# Arabic still joins (arabic-reshaper) but Indic scripts are drawn unshaped.
_SHAPE_STR: Any = getattr(_ttfonts, "shapeStr", None)
_SHAPED_STR: Any = getattr(_ttfonts, "ShapedStr", None)
_HARFBUZZ: Any = getattr(_ttfonts, "uharfbuzz", None)
_SHAPE_DATA: Any = getattr(_ttfonts, "ShapeData", None)

Align = Literal["left", "right", "centre"]

ELLIPSIS = "…"

LATIN = "latin"
ARABIC = "arabic"
DEVANAGARI = "devanagari"
BENGALI = "bengali"
TAMIL = "tamil"
THAI = "thai"
HAN = "han"
HANGUL = "hangul"

_TTF_FILES = {
    LATIN: ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf"),
    ARABIC: ("NotoSansArabic-Regular.ttf", "NotoSansArabic-Bold.ttf"),
    DEVANAGARI: ("NotoSansDevanagari-Regular.ttf", "NotoSansDevanagari-Bold.ttf"),
    BENGALI: ("NotoSansBengali-Regular.ttf", "NotoSansBengali-Bold.ttf"),
    TAMIL: ("NotoSansTamil-Regular.ttf", "NotoSansTamil-Bold.ttf"),
    THAI: ("NotoSansThai-Regular.ttf", "NotoSansThai-Bold.ttf"),
    HAN: ("NotoSansSC-Regular.ttf", "NotoSansSC-Bold.ttf"),
}
# Drawn glyph by glyph from the font's character map: nothing in them needs shaping.
_CJK = frozenset((HAN, HANGUL))

# Embeddings and overrides are dropped before the bidi algorithm: a shelf label has no use for
# them and they would let Arabic letters stand in left-to-right order, which the per-run
# shaping below assumes they never do. Marks and isolates do help the algorithm, so they go
# only after it; no font has a glyph for any of them.
_BEFORE_BIDI = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\ufeff\u2060\u00ad"))
_AFTER_BIDI = dict.fromkeys(map(ord, "\u200e\u200f\u061c\u2066\u2067\u2068\u2069"))
_ISOLATE_OPENERS = "\u2066\u2067\u2068"  # LRI, RLI, FSI
_PDI = "\u2069"
_RTL_CLASSES = frozenset(("R", "AL"))
# What may sit inside a right-to-left shaping run: letters, their marks and the joiners.
_RTL_RUN_CLASSES = frozenset(("R", "AL", "NSM", "BN"))
_VIRAMAS = frozenset("\u094d\u09cd\u0bcd\u200d")

_MIRROR_PAIRS = "()[]{}<>«»‹›⁅⁆⁽⁾₍₎≤≥≪≫〈〉《》「」『』【】〔〕〖〗〘〙〚〛（）［］｛｝＜＞｢｣"
_MIRRORS = {
    a: b
    for x, y in zip(_MIRROR_PAIRS[::2], _MIRROR_PAIRS[1::2], strict=True)
    for a, b in ((x, y), (y, x))
}
# Two boundary-neutral characters (removed from the text beforehand, so never the text's own)
# that follow each mirrored character through the bidi algorithm: see _reorder.
_PROBE = "\u2060\ufeff"
_MIRRORED = re.compile(f"[{re.escape(_MIRROR_PAIRS)}]")
_END_LTR, _END_RTL = "a", "\u05d0"  # a strong letter of each direction: see _reorder
_PROBED_REVERSED = re.compile(f"{_PROBE[::-1]}([{re.escape(_MIRROR_PAIRS)}])")

_REFERENCE_SIZE = 10.0  # the size runs are shaped at; advances do not depend on it
# What reportlab's shapeStr asks HarfBuzz for; a pair of characters is checked the same way.
_FEATURES = {"kern": True, "liga": True, "dlig": True}
# Registering a font and shaping (which adds glyphs to the shared font objects) happen one
# thread at a time: documents may be written from worker threads.
_LOCK = threading.RLock()


@cache
def _script(ch: str) -> str | None:
    """The script whose font draws `ch`, or None for characters any font may draw."""
    cp = ord(ch)
    if cp < 0x0600:
        return LATIN if ch.isalpha() else None
    if 0x0600 <= cp <= 0x08FF or 0xFB50 <= cp <= 0xFDFF or 0xFE70 <= cp <= 0xFEFF:
        return ARABIC
    if cp in (0x0964, 0x0965):  # the danda ends sentences in Bengali too
        return None
    if 0x0900 <= cp <= 0x097F or 0xA8E0 <= cp <= 0xA8FF or 0x1CD0 <= cp <= 0x1CFF:
        return DEVANAGARI
    if 0x0980 <= cp <= 0x09FF:
        return BENGALI
    if 0x0B80 <= cp <= 0x0BFF:
        return TAMIL
    if 0x0E00 <= cp <= 0x0E7F:
        return THAI
    if 0x1100 <= cp <= 0x11FF or 0x3130 <= cp <= 0x318F or 0xA960 <= cp <= 0xA97F:
        return HANGUL
    if 0xAC00 <= cp <= 0xD7FF:
        return HANGUL
    if 0x3040 <= cp <= 0x30FF or 0x31F0 <= cp <= 0x31FF or 0xFF66 <= cp <= 0xFF9F:
        return HAN  # the Chinese font carries kana: a Japanese name stays readable
    if (
        0x2E80 <= cp <= 0x2FDF
        or 0x3000 <= cp <= 0x303F
        or 0x3100 <= cp <= 0x312F
        or 0x31C0 <= cp <= 0x31EF
        or 0x3200 <= cp <= 0x33FF
        or 0x3400 <= cp <= 0x4DBF
        or 0x4E00 <= cp <= 0x9FFF
        or 0xF900 <= cp <= 0xFAFF
        or 0xFE30 <= cp <= 0xFE4F
        or 0xFF00 <= cp <= 0xFF65
        or 0xFFE0 <= cp <= 0xFFE6
        or 0x20000 <= cp <= 0x3FFFF
    ):
        return HAN
    return LATIN if ch.isalpha() else None


# -- fonts ---------------------------------------------------------------------------------


@cache
def font_name(script: str = LATIN, bold: bool = False) -> str:
    """The registered reportlab name of the font for `script`, registering it first (the
    Latin font for a script without a bundled font: its blank box keeps the width)."""
    return _ttf_font(script if script in _TTF_FILES else LATIN, bold)


@cache
def _ttf_font(script: str, bold: bool) -> str:
    name = f"Duka-{script}{'-bold' if bold else ''}"
    path = resources_dir() / "fonts" / _TTF_FILES[script][bold]
    with _LOCK:
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, str(path)))
    return name


@cache
def _charmap(name: str) -> dict[int, int]:
    charmap: dict[int, int] = pdfmetrics.getFont(name).face.charToGlyph
    return charmap


@cache
def _hb_font(name: str) -> Any:
    return pdfmetrics.getFont(name).hbFont(_REFERENCE_SIZE)


def _shaping() -> bool:
    return _SHAPE_STR is not None and _HARFBUZZ is not None and _shapable()


@cache
def _shapable() -> bool:
    return bool(pdfmetrics.getFont(font_name(LATIN)).shapable)


# -- laying out one line -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Run:
    font: str
    glyphs: str  # in visual order; a reportlab ShapedStr when shaped
    advance: float  # thousandths of an em
    top: float  # ink above the baseline, thousandths of an em
    bottom: float  # ink below the baseline (negative), thousandths of an em
    actual_text: str  # the logical text when the glyphs do not map back to it
    # Shaped glyphs that HarfBuzz only moved along the line (kerning): after which glyph the
    # pen moves back, and by how much (thousandths of an em). None: drawn by reportlab.
    kerns: tuple[tuple[int, float], ...] | None = None


@dataclass(frozen=True, slots=True)
class _Line:
    runs: tuple[_Run, ...]
    advance: float
    top: float
    bottom: float


@dataclass(frozen=True, slots=True)
class _Glyphs:
    """A word (or a whole run) as its font draws it."""

    glyphs: str  # the text itself when HarfBuzz changes nothing, else a reportlab ShapedStr
    data: tuple[Any, ...] | None  # the ShapedStr's glyph positions (reportlab ShapeData)
    advance: float  # thousandths of an em
    top: float
    bottom: float


def _prepare(text: str) -> str:
    if text.isascii() and text.isprintable():
        return text  # nothing to normalise, remove or replace
    return _CONTROLS.sub(" ", unicodedata.normalize("NFC", text).translate(_BEFORE_BIDI))


_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f]")  # the characters of category Cc


def one_line(text: str) -> str:
    """`text` as one line to measure, fit or wrap and then draw: NFC, controls as spaces,
    embeddings, overrides and invisible characters gone. Direction marks and isolates stay:
    the bidi algorithm needs them (Arabic dates and money carry them), and they are dropped
    only once the line is in visual order."""
    return _prepare(text)


def clean_text(text: str) -> str:
    """`text` as one line: NFC, controls as spaces, invisible formatting characters gone
    (direction marks and isolates too: for output that never reorders)."""
    return _prepare(text).translate(_AFTER_BIDI)


def is_right_to_left(text: str) -> bool:
    """Whether `text` reads from right to left (its first strong character is)."""
    if text.isascii():
        return False
    isolated = 0  # the first strong character outside isolates decides (rules P2 and P3)
    for ch in _prepare(text):
        if ch in _ISOLATE_OPENERS:
            isolated += 1
        elif ch == _PDI:
            isolated = max(0, isolated - 1)
        elif not isolated:
            kind = unicodedata.bidirectional(ch)
            if kind in _RTL_CLASSES or kind == "L":
                return kind != "L"
    return False


def visual_order(text: str, *, rtl: bool | None = None) -> str:
    """`text` as one line in the order it is seen from left to right, brackets mirrored and
    bidi controls removed (for output that cannot reorder, such as a receipt printer)."""
    return _visual(text, False, rtl)


def _has_rtl(text: str) -> bool:
    return not text.isascii() and any(unicodedata.bidirectional(ch) in _RTL_CLASSES for ch in text)


def _visual(text: str, reshape: bool, rtl: bool | None) -> str:
    text = _prepare(text)
    if rtl or _has_rtl(text):
        if reshape:  # Arabic letters as their joined forms, for want of HarfBuzz
            import arabic_reshaper

            text = arabic_reshaper.reshape(text)
        text = _reorder(text, rtl)
    return text if text.isascii() else text.translate(_AFTER_BIDI)


def _reorder(text: str, rtl: bool | None) -> str:
    """`text` in visual order, with brackets mirrored where they read right to left.

    python-bidi's get_display (the unicode-bidi crate) reorders but does not mirror (rule L4),
    and it does not say which characters ended at odd levels. Boundary neutrals take the
    level of the character before them and are otherwise ignored by the algorithm, so a
    pair of them placed after each mirrored character comes out reversed exactly when that
    character sits in a right-to-left run.
    """
    base = None if rtl is None else "R" if rtl else "L"
    if not _MIRRORED.search(text):
        return str(get_display(text, base_dir=base))
    probed = _MIRRORED.sub(lambda found: found[0] + _PROBE, text)
    # At the end of a line the probes would be reset to the paragraph's level (rule L1) and
    # a last bracket read right to left would go unmirrored ("Sukari (كغ)" drawn with ")كغ)").
    # A letter of the paragraph's own direction after them changes nothing else (it is what
    # the algorithm assumes after the line's end) and is taken off again at its visual end.
    right_to_left = rtl if rtl is not None else get_base_level(probed) % 2 == 1
    end = _END_RTL if right_to_left else _END_LTR
    visual = str(get_display(probed + end, base_dir=base or ("R" if right_to_left else "L")))
    visual = visual[1:] if right_to_left else visual[:-1]
    visual = _PROBED_REVERSED.sub(lambda found: _MIRRORS[found[1]], visual)
    return visual.replace(_PROBE[0], "").replace(_PROBE[1], "")


def _pieces(visual: str, bold: bool, shaping: bool) -> list[tuple[str, str, str, str]]:
    """`visual` cut where the font or the way of drawing changes: (text, script, font, mode)."""
    scripts = [_script(ch) for ch in visual]
    # The script of the next character that has one, for each position.
    following: list[str | None] = [None] * len(scripts)
    upcoming: str | None = None
    for i in range(len(scripts) - 1, -1, -1):
        following[i] = upcoming
        if scripts[i] is not None:
            upcoming = scripts[i]
    pieces: list[tuple[str, str, str, str]] = []
    start, kind, first = 0, ("", ""), ""  # the piece being gathered: its font and mode
    previous: str | None = None  # every character before this one has its script by now
    for i, ch in enumerate(visual):
        script = scripts[i]
        if script is None:
            script = _neutral_script(ch, previous, following[i], bold)
        previous = script
        here = (font_name(script, bold), _mode(ch, script, shaping))
        if here != kind:
            if i:
                pieces.append((visual[start:i], first, *kind))
            start, kind, first = i, here, script
    if visual:
        pieces.append((visual[start:], first, *kind))
    return pieces


def _neutral_script(ch: str, before: str | None, after: str | None, bold: bool) -> str:
    """A digit, space or punctuation mark takes the font of a neighbouring non-Latin run
    when that font has it (so "१ किलो" or "٣ كغ" keep one face), else the Latin font."""
    cp = ord(ch)
    for script in (before, after):
        if script in _TTF_FILES and script != LATIN and cp in _charmap(font_name(script, bold)):
            return script
    if cp in _charmap(font_name(LATIN, bold)):
        return LATIN
    for script in _TTF_FILES:
        if script != LATIN and cp in _charmap(font_name(script, bold)):
            return script
    return LATIN  # nothing has it: the Latin font's blank box at least keeps the width


@cache
def _mode(ch: str, script: str, shaping: bool) -> str:
    """How `ch` is drawn: "rtl" (shaped from the reverse of its visual run: Arabic letters),
    "shape" (shaped as it stands) or "plain" (glyph by glyph, from the font's character map:
    digits among Arabic, whose script would make HarfBuzz reverse them, and CJK)."""
    if not shaping or script in _CJK:
        return "plain"
    bidi_class = unicodedata.bidirectional(ch)
    if script == ARABIC:
        return "rtl" if bidi_class in _RTL_RUN_CLASSES else "plain"
    if bidi_class in _RTL_CLASSES:
        return "plain"  # a right-to-left letter no bundled font has: never reorder it again
    return "shape"


def _line(text: str, bold: bool, rtl: bool | None) -> _Line:
    """`text` laid out in the base direction `rtl`, by default its first strong
    character's: the same line whether that direction was given or found."""
    return _layout(text, bold, is_right_to_left(text) if rtl is None else rtl)


@lru_cache(maxsize=8192)
def _layout(text: str, bold: bool, rtl: bool | None) -> _Line:
    shaping = _shaping()
    visual = _visual(text, not shaping, rtl)
    pieces: list[tuple[str, str, str, str]] = []  # text, script, font, mode
    if visual.isascii():  # the Latin font has every printable ASCII character
        if visual:
            pieces.append((visual, LATIN, font_name(LATIN, bold), "shape" if shaping else "plain"))
    else:
        pieces = _pieces(visual, bold, shaping)
    runs = [_make_run(*piece, bold) for piece in pieces]
    inked = [run for run in runs if run.top > run.bottom]
    top = max((run.top for run in inked), default=0.0)
    bottom = min((run.bottom for run in inked), default=0.0)
    return _Line(tuple(runs), sum(run.advance for run in runs), top, bottom)


def _kerns(shaped: _Glyphs) -> tuple[tuple[int, float], ...] | None:
    """The kerning of shaped glyphs that HarfBuzz only moved along the line (see _Run), or
    None when it moved some up, down or over another (Arabic and Indic marks)."""
    if shaped.data is None:
        return None
    kerns: list[tuple[int, float]] = []
    for index, position in enumerate(shaped.data):
        if position.x_offset or position.y_offset:
            return None
        if position.width != position.x_advance:
            kerns.append((index, position.width - position.x_advance))
    return tuple(kerns)


def _is_shaped(glyphs: str) -> bool:
    return _SHAPED_STR is not None and isinstance(glyphs, _SHAPED_STR)


def _positions(glyphs: str) -> Sequence[Any]:
    """A run's glyph positions as a ShapedStr holds them (none for a plain text's glyphs)."""
    if _is_shaped(glyphs):
        shaped: Any = glyphs
        positions: Sequence[Any] = shaped.__shapeData__
        return positions
    return (_AS_DRAWN,) * len(glyphs)


@lru_cache(maxsize=16384)
def _make_run(text: str, script: str, font: str, mode: str, bold: bool) -> _Run:
    """A run of one font and mode, kept for the next line that has it: an Arabic word, a
    figure among Arabic words, the same product name."""
    if mode == "rtl":
        # Arabic glyphs map back to presentation forms, which readers fold into letters and
        # put in reading order themselves; /ActualText there only confuses them (poppler).
        shaped = _word(text[::-1], font)
        return _Run(
            font,
            shaped.glyphs,
            shaped.advance,
            shaped.top,
            shaped.bottom,
            "",
            _kerns(shaped),
        )
    if mode == "shape":
        shaped = _shape_run(text, font)
        actual = text if str(shaped.glyphs) != text else ""
        return _Run(
            font,
            shaped.glyphs,
            shaped.advance,
            shaped.top,
            shaped.bottom,
            actual,
            _kerns(shaped),
        )
    plain = _plain(text, font)
    return _Run(font, plain.glyphs, plain.advance, plain.top, plain.bottom, "")


def _shape_run(text: str, font: str) -> _Glyphs:
    """`text` shaped as HarfBuzz shapes it whole: word by word when nothing HarfBuzz does
    crosses its spaces, else in one piece."""
    segments = _SEGMENTS.findall(text)
    if len(segments) > 1 and all(
        _as_is(font, left[-1] + right[0]) for left, right in pairwise(segments)
    ):
        return _joined([_word(segment, font) for segment in segments])
    return _word(text, font)


_SEGMENTS = re.compile(" +|[^ ]+")  # words and the spaces between them


@lru_cache(maxsize=16384)
def _word(text: str, font: str) -> _Glyphs:
    """`text` shaped by HarfBuzz, unless it would change nothing: then the font's own
    glyphs, without asking it (see _as_is)."""
    if _unshaped(text, font):
        return _plain(text, font)
    with _LOCK:  # shaping may add glyphs to the shared font
        glyphs: str = _SHAPE_STR(text, font, _REFERENCE_SIZE)
    if _SHAPED_STR is None or not isinstance(glyphs, _SHAPED_STR):
        return _plain(glyphs, font)
    shaped: Any = glyphs  # a ShapedStr: glyph positions ride along with the text
    data: tuple[Any, ...] = tuple(shaped.__shapeData__)
    top, bottom = _ink(font, glyphs, [d.y_offset for d in data])
    return _Glyphs(glyphs, data, float(sum(d.x_advance for d in data)), top, bottom)


def _plain(text: str, font: str) -> _Glyphs:
    advance = float(pdfmetrics.stringWidth(text, font, 1000))
    top, bottom = _ink(font, text, None)
    return _Glyphs(text, None, advance, top, bottom)


def _joined(words: Sequence[_Glyphs]) -> _Glyphs:
    """Words shaped one by one, as one run: a plain text when HarfBuzz changed none of them,
    else one ShapedStr with the shaped words' glyph positions and, for the others' glyphs,
    none: reportlab draws a glyph without a position at its own advance, as it does where a
    ShapedStr and a plain text are added together. (The cluster numbers of a word's glyphs
    count from the word's start: reportlab only asks whether they are negative.)"""
    advance = sum(word.advance for word in words)
    top = max(word.top for word in words)
    bottom = min(word.bottom for word in words)
    text = "".join(word.glyphs for word in words)
    if all(word.data is None for word in words):
        return _Glyphs(text, None, advance, top, bottom)
    data: list[Any] = []
    for word in words:
        data.extend(_positions(word.glyphs))
    return _Glyphs(_SHAPED_STR(text, shapeData=data), tuple(data), advance, top, bottom)


# A glyph drawn at its own advance, without offsets, in a ShapedStr (reportlab's own value
# for the plain characters it adds to one).
_AS_DRAWN: Any = None if _SHAPE_DATA is None else _SHAPE_DATA(0, 0, 0, 0, 0, 0)


def _simple(ch: str) -> bool:
    """Latin letters, figures and punctuation, without marks: characters HarfBuzz shapes one
    by one (no reordering, no composing), so that a word of them that it leaves as it is
    pair by pair, it leaves as it is whole."""
    cp = ord(ch)
    return (
        cp < 0x250 or 0x2010 <= cp <= 0x205E or 0x20A0 <= cp <= 0x20CF
    ) and unicodedata.category(ch)[0] not in "MC"


def _unshaped(text: str, font: str) -> bool:
    """Whether HarfBuzz would leave `text` as the font's own glyphs at their own advances:
    every character simple and drawn as it is, alone and next to its neighbour."""
    if len(text) == 1:
        return _as_is(font, text)
    known = _known(font)
    for i in range(len(text) - 1):
        pair = text[i : i + 2]
        found = known.get(pair)
        if found is None:
            found = known[pair] = _harfbuzz_leaves(font, pair)
        if not found:
            return False
    return True


@cache
def _known(font: str) -> dict[str, bool]:
    """`_as_is` for the characters and pairs of `font` asked about so far."""
    return {}


def _as_is(font: str, chars: str) -> bool:
    """Whether HarfBuzz, asked as reportlab's shapeStr asks it, draws `chars` (one or two
    simple characters) as the font's own glyphs at their own advances, with no offsets: no
    ligature, no kerning, no mark moved. Asked once per font and pair."""
    known = _known(font)
    found = known.get(chars)
    if found is None:
        found = known[chars] = _harfbuzz_leaves(font, chars)
    return found


def _harfbuzz_leaves(font: str, chars: str) -> bool:
    ttf = pdfmetrics.getFont(font)
    face = ttf.face
    charmap = _charmap(font)
    if not all(_simple(ch) and ord(ch) in charmap for ch in chars):
        return False
    # As the run that holds them would be shaped: in their own script (Latin, or "common"
    # for figures and punctuation alone), and as Latin, which is how a word around them is.
    for script in (None, "Latn"):
        buffer = _HARFBUZZ.Buffer()
        buffer.cluster_level = _HARFBUZZ.BufferClusterLevel.MONOTONE_CHARACTERS
        buffer.add_str(chars)
        buffer.guess_segment_properties()
        if script is not None:
            buffer.script = script
        with _LOCK:
            _HARFBUZZ.shape(_hb_font(font), buffer, _FEATURES)
        infos, positions = buffer.glyph_infos, buffer.glyph_positions
        if len(infos) != len(chars):
            return False
        for ch, info, position in zip(chars, infos, positions, strict=True):
            if info.codepoint != charmap[ord(ch)]:
                return False
            if position.x_offset or position.y_offset or position.y_advance:
                return False
            if ttf.pdfScale(position.x_advance) != face.charWidths.get(ord(ch)):
                return False
    return True


@cache
def _inks(font: str) -> dict[str, tuple[float, float]]:
    """The ink above and below the baseline of each glyph of `font` met so far, in
    thousandths of an em, by the character reportlab draws it with."""
    return {}


def _ink(font: str, glyphs: str, rises: Iterable[float] | None) -> tuple[float, float]:
    """The highest and lowest ink of `glyphs` (raised by `rises`, thousandths of an em)."""
    if _HARFBUZZ is None:  # pragma: no cover - without HarfBuzz, the font's own bounds
        face = pdfmetrics.getFont(font).face
        scale = 1000.0 / face.unitsPerEm
        return face.ascent * scale, face.descent * scale
    inks = _inks(font)
    top, bottom = 0.0, 0.0
    if rises is None:
        for ch in glyphs:
            ink = inks.get(ch) or _glyph_ink(font, ch)
            if ink[0] > top:
                top = ink[0]
            if ink[1] < bottom:
                bottom = ink[1]
        return top, bottom
    for ch, rise in zip(glyphs, rises, strict=False):
        ink = inks.get(ch) or _glyph_ink(font, ch)
        if ink[0] == ink[1]:
            continue  # no ink (a space): wherever it is moved, it adds none
        top = max(top, ink[0] + rise)
        bottom = min(bottom, ink[1] + rise)
    return top, bottom


def _glyph_ink(font: str, ch: str) -> tuple[float, float]:
    face = pdfmetrics.getFont(font).face
    scale = 1000.0 / face.unitsPerEm
    extents = _hb_font(font).get_glyph_extents(_charmap(font).get(ord(ch), 0))
    if extents is None or extents.height == 0:
        ink = (0.0, 0.0)
    else:
        ink = (extents.y_bearing * scale, (extents.y_bearing + extents.height) * scale)
    _inks(font)[ch] = ink
    return ink


# -- measuring and fitting -----------------------------------------------------------------


def text_width(text: str, size: float, bold: bool = False, *, rtl: bool | None = None) -> float:
    """The width of `text` drawn at `size` points, in points."""
    return _line(text, bold, rtl).advance * size / 1000


def text_extent(
    text: str, size: float, bold: bool = False, *, rtl: bool | None = None
) -> tuple[float, float]:
    """How far the ink of `text` reaches above and below the baseline (both >= 0), in points."""
    line = _line(text, bold, rtl)
    return line.top * size / 1000, -line.bottom * size / 1000


def _cut_points(text: str) -> list[int]:
    """Where `text` may be cut without splitting a letter from its marks or a conjunct."""
    return [
        i
        for i in range(1, len(text))
        if unicodedata.category(text[i])[0] != "M"
        and text[i - 1] not in _VIRAMAS
        and text[i] not in "\u200c\u200d"
    ] + [len(text)]


def truncate(
    text: str, size: float, max_width: float, *, bold: bool = False, rtl: bool | None = None
) -> str:
    """`text` cut and ended with "…" so that it fits `max_width` ("" if not even "…" fits)."""
    text = one_line(text)
    if text_width(text, size, bold, rtl=rtl) <= max_width:
        return text
    points = _cut_points(text)
    best = ""
    low, high = 0, len(points) - 1
    while low <= high:  # the longest prefix that fits, as widths grow with length
        middle = (low + high) // 2
        candidate = text[: points[middle]].rstrip() + ELLIPSIS
        if text_width(candidate, size, bold, rtl=rtl) <= max_width:
            best, low = candidate, middle + 1
        else:
            high = middle - 1
    if not best and text_width(ELLIPSIS, size, bold, rtl=rtl) <= max_width:
        best = ELLIPSIS
    return best


def fit_text(
    text: str,
    size: float,
    max_width: float,
    *,
    bold: bool = False,
    min_size: float | None = None,
    rtl: bool | None = None,
) -> tuple[str, float]:
    """The text and size to draw `text` within `max_width`: the size shrinks down to
    `min_size` (three quarters of `size` by default), then the text is cut with "…"."""
    text = one_line(text)
    width = text_width(text, size, bold, rtl=rtl)
    if width <= max_width:
        return text, size
    floor = size * 0.75 if min_size is None else min(min_size, size)
    # A hair under the exact ratio, so rounding never lets the text poke out.
    fitted = max(floor, size * max_width / width * 0.9999)
    if text_width(text, fitted, bold, rtl=rtl) <= max_width:
        return text, fitted
    return truncate(text, floor, max_width, bold=bold, rtl=rtl), floor


# An estimated line this much over the width is still laid out to see whether it fits: the
# sum of its words' widths can differ from its own (a space or a figure in another font).
_ESTIMATE_SLACK = 1.03


def wrap_text(
    text: str,
    size: float,
    width: float,
    *,
    bold: bool = False,
    max_lines: int | None = None,
    rtl: bool | None = None,
) -> list[str]:
    """`text` broken into lines no wider than `width`, at spaces (and between Thai words)
    where possible; with `max_lines`, the last line ends with "…" when the text does not fit.

    The lines keep the direction of the whole text (`rtl`, or `is_right_to_left(text)`):
    draw them with it, so that a line of an Arabic name that starts with a Latin word still
    reads from the right. Direction marks and isolates stay in the lines for the bidi
    algorithm; an isolate cut by a line's end is opened again on the next line."""
    if rtl is None:
        rtl = is_right_to_left(text)
    words = one_line(text).split()
    if not words:
        return []
    whole = " ".join(words)
    if text_width(whole, size, bold, rtl=rtl) <= width:
        return [whole]
    lines = _wrapped(_pieces_of(words), size, width, bold, max_lines, rtl)
    return _carry_isolates(lines)


def _pieces_of(words: list[str]) -> list[tuple[str, bool]]:
    """The pieces a line may break between, each with whether it continues the piece before
    without a space: the words, and within a Thai word the words it runs together."""
    pieces: list[tuple[str, bool]] = []
    for word in words:
        parts = thai_words(word) if has_thai(word) else (word,)
        pieces.extend((part, index > 0) for index, part in enumerate(parts))
    return pieces


def _joined_pieces(pieces: Sequence[tuple[str, bool]]) -> str:
    """Pieces as one line: a space before each one that does not continue the one before."""
    return "".join(
        piece if not index or glued else " " + piece for index, (piece, glued) in enumerate(pieces)
    )


def _wrapped(
    pieces: list[tuple[str, bool]],
    size: float,
    width: float,
    bold: bool,
    max_lines: int | None,
    rtl: bool,
) -> list[str]:
    # (piece, whether it continues the piece before without a space: a Thai word after another,
    # or the tail of a word too long for a line)
    pieces = list(pieces)
    space_width = text_width(" ", size, bold, rtl=rtl)

    def space(index: int) -> float:
        return 0.0 if pieces[index][1] else space_width

    def fits(line: str) -> bool:
        return text_width(line, size, bold, rtl=rtl) <= width

    lines: list[str] = []
    start = 0
    while start < len(pieces):
        if max_lines is not None and len(lines) >= max_lines:
            break
        first = pieces[start][0]
        if not fits(first):  # one word wider than the line (or a script without spaces)
            head, tail = _break_word(first, size, width, bold, rtl)
            lines.append(head)
            if tail:
                pieces[start] = (tail, True)
            else:
                start += 1
            continue
        # As many words as their widths say fit; then the line as it will be drawn decides.
        end, estimate = start + 1, text_width(first, size, bold, rtl=rtl)
        while end < len(pieces):
            longer = estimate + space(end) + text_width(pieces[end][0], size, bold, rtl=rtl)
            if longer > width:
                break
            end, estimate = end + 1, longer
        line = _joined_pieces(pieces[start:end])
        while end > start + 1 and not fits(line):
            end -= 1
            line = _joined_pieces(pieces[start:end])
        while end < len(pieces):
            guess = estimate + space(end) + text_width(pieces[end][0], size, bold, rtl=rtl)
            candidate = _joined_pieces(pieces[start : end + 1])
            if guess > width * _ESTIMATE_SLACK or not fits(candidate):
                break
            line, estimate, end = candidate, guess, end + 1
        lines.append(line)
        start = end
    if max_lines is not None and start < len(pieces):
        rest = "".join(("" if glued else " ") + piece for piece, glued in pieces[start:])
        lines[-1] = truncate(lines[-1] + rest + ELLIPSIS, size, width, bold=bold, rtl=rtl)
    return lines


def _break_word(word: str, size: float, width: float, bold: bool, rtl: bool) -> tuple[str, str]:
    """The longest head of `word` that fits (at least one letter, or wrapping would never
    end), and the rest."""
    points = _cut_points(word)
    low, high = 1, len(points) - 1
    head = points[0]
    while low <= high:  # widths grow with length
        middle = (low + high) // 2
        if text_width(word[: points[middle]], size, bold, rtl=rtl) <= width:
            head, low = points[middle], middle + 1
        else:
            high = middle - 1
    return word[:head], word[head:]


def _carry_isolates(lines: list[str]) -> list[str]:
    """`lines` with the isolates left open at the end of a line opened again at the start
    of the next (a first-strong isolate as the direction its content takes), so that an
    account number cut over two lines keeps its digit groups in order on both."""
    if not any(opener in line for line in lines for opener in _ISOLATE_OPENERS):
        return lines
    result: list[str] = []
    open_: list[str] = []  # the openers still open, outermost first
    for index, line in enumerate(lines):
        result.append("".join(open_) + line)
        for position, ch in enumerate(line):
            if ch in _ISOLATE_OPENERS:
                if ch == "\u2068":
                    rest = " ".join([line[position + 1 :], *lines[index + 1 :]])
                    ch = "\u2067" if is_right_to_left(_isolated(rest)) else "\u2066"
                open_.append(ch)
            elif ch == _PDI and open_:
                open_.pop()
    return result


def _isolated(text: str) -> str:
    """The start of `text` up to the isolate terminator that closes an isolate opened just
    before it."""
    depth = 0
    for position, ch in enumerate(text):
        if ch in _ISOLATE_OPENERS:
            depth += 1
        elif ch == _PDI:
            if not depth:
                return text[:position]
            depth -= 1
    return text


# -- drawing -------------------------------------------------------------------------------


def draw_text(
    canvas: Canvas,
    x: float,
    y: float,
    text: str,
    size: float,
    *,
    bold: bool = False,
    align: Align = "left",
    max_width: float | None = None,
    min_size: float | None = None,
    rtl: bool | None = None,
) -> float:
    """Draw one line of `text` with its baseline at `y`; `x` is its left edge, right edge or
    centre as `align` says. With `max_width` the text shrinks, then is cut with "…", to fit.
    `rtl` sets the line's base direction (by default its first strong character's).
    Returns the width drawn."""
    if max_width is not None:
        text, size = fit_text(text, size, max_width, bold=bold, min_size=min_size, rtl=rtl)
    line = _line(text, bold, rtl)
    width = line.advance * size / 1000
    if align == "right":
        x -= width
    elif align == "centre":
        x -= width / 2
    for run in line.runs:
        _draw_run(canvas, x, y, run, size)
        x += run.advance * size / 1000
    return width


def _draw_run(canvas: Canvas, x: float, y: float, run: _Run, size: float) -> None:
    if run.glyphs.isspace():
        return
    if run.actual_text:
        hex_text = run.actual_text.encode("utf-16-be").hex().upper()
        canvas.addLiteral(f"/Span <</ActualText <FEFF{hex_text}>>> BDC")
    canvas.setFont(run.font, size)
    _show(canvas, x, y, run)
    if run.actual_text:
        canvas.addLiteral("EMC")


def _show(canvas: Canvas, x: float, y: float, run: _Run) -> None:
    """What canvas.drawString does, less the width it measures and throws away; and kerned
    glyphs written straight from their kerning, as reportlab writes them glyph by glyph."""
    text = canvas.beginText(x, y)
    if run.kerns == ():
        text.textLine(str(run.glyphs))  # no glyph moved: reportlab writes it as plain text
    elif run.kerns is not None and pdfmetrics.getFont(run.font).shapable:
        text_object: Any = text
        text_object._code.append(f"{_kerned(text_object, run.font, run.glyphs, run.kerns)} T*")
    else:
        text.textLine(run.glyphs)
    canvas.drawText(text)


def _kerned(text: Any, font_name: str, glyphs: str, kerns: Sequence[tuple[int, float]]) -> str:
    """The operators reportlab's text object writes for `glyphs` (a ShapedStr) when they are
    only kerned: for each part of the font's subsets, the subset's font and the glyphs as a
    TJ array with the kerning between them (a Tj without kerning)."""
    font: Any = pdfmetrics.getFont(font_name)
    document = text._doc
    escape = text._canvas._escape
    operators: list[str] = []
    setting = ""
    start = kern = 0
    for subset, chunk in font.splitString(glyphs, document):
        if subset != text._curSubset:
            if not setting:
                setting = f"{fp_str(text._fontsize)} Tf {fp_str(text._leading)} TL"
            operators.append(f"{font.getSubsetInternalName(subset, document)} {setting}")
            text._curSubset = subset
        end = start + len(chunk)
        parts: list[str] = []
        done = start
        while kern < len(kerns) and kerns[kern][0] < end:
            index, amount = kerns[kern]
            kern += 1
            parts.append(f"({escape(chunk[done - start : index + 1 - start])})")
            number = fp_str(amount)
            if number != "0":
                parts.append(number)
            done = index + 1
        if done < end:
            parts.append(f"({escape(chunk[done - start :])})")
        if len(parts) == 1 and parts[0].startswith("("):
            operators.append(f"{parts[0]} Tj")
        else:
            operators.append(f"[{' '.join(parts)}] TJ")
        start = end
    return " ".join(operators)
