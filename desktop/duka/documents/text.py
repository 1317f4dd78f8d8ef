"""Text in any script on a reportlab canvas.

reportlab has no font fallback and, without the rlbidi module (not on PyPI), no bidi either:
given a mixed line it draws every character with one font in logical order. So a line is
prepared here before it is drawn:

1. python-bidi puts it in visual order (Unicode bidi algorithm, brackets mirrored);
2. it is cut into runs by script (Latin, Arabic, Devanagari, Bengali, CJK), each drawn with
   its bundled Noto font (or a built-in CID font for Chinese, Japanese and Korean); digits,
   punctuation and spaces go with a neighbouring run whose font has them;
3. each run is shaped by HarfBuzz (through reportlab's uharfbuzz support): Arabic letters
   join, Devanagari and Bengali get their conjuncts and vowel signs in place. An Arabic run
   is handed to HarfBuzz in logical order (it is the reverse of its visual order), and
   HarfBuzz gives its glyphs back in visual order.

Shaped glyphs that have no character of their own cannot be copied out of a PDF, so such
runs also carry their text as /ActualText, which PDF readers use for copy and search.

Widths scale linearly with the font size (HarfBuzz advances do not depend on it for these
fonts), so a line is laid out once, at 1000 units per em, and cached.
"""

from __future__ import annotations

import threading
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any, Literal

from bidi import get_display
from reportlab.lib.colors import black
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase import ttfonts as _ttfonts
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont

from duka.bundled import resources_dir

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas

# Shaping needs reportlab >= 4.1 with uharfbuzz (the reportlab[shaping] extra); without it
# Arabic still joins (arabic-reshaper) but Indic scripts are drawn unshaped.
_SHAPE_STR: Any = getattr(_ttfonts, "shapeStr", None)
_SHAPED_STR: Any = getattr(_ttfonts, "ShapedStr", None)
_HARFBUZZ: Any = getattr(_ttfonts, "uharfbuzz", None)

Align = Literal["left", "right", "centre"]

ELLIPSIS = "…"

LATIN = "latin"
ARABIC = "arabic"
DEVANAGARI = "devanagari"
BENGALI = "bengali"
HAN = "han"
KANA = "kana"
HANGUL = "hangul"

_TTF_FILES = {
    LATIN: ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf"),
    ARABIC: ("NotoSansArabic-Regular.ttf", "NotoSansArabic-Bold.ttf"),
    DEVANAGARI: ("NotoSansDevanagari-Regular.ttf", "NotoSansDevanagari-Bold.ttf"),
    BENGALI: ("NotoSansBengali-Regular.ttf", "NotoSansBengali-Bold.ttf"),
}
# Not embedded: every PDF reader carries these (Adobe's Asian font packs and their stand-ins).
_CID_FONTS = {HAN: "STSong-Light", KANA: "HeiseiMin-W3", HANGUL: "HYSMyeongJo-Medium"}
_CJK = frozenset(_CID_FONTS)
# Ink box of the CID fonts' ideographs, in thousandths of an em (they have no glyph boxes).
_CID_TOP, _CID_BOTTOM = 880.0, -120.0

# Embeddings and overrides are dropped before the bidi algorithm: a shelf label has no use for
# them and they would let Arabic letters stand in left-to-right order, which the per-run
# shaping below assumes they never do. Marks and isolates do help the algorithm, so they go
# only after it; no font has a glyph for any of them.
_BEFORE_BIDI = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\ufeff\u2060\u00ad"))
_AFTER_BIDI = dict.fromkeys(map(ord, "\u200e\u200f\u061c\u2066\u2067\u2068\u2069"))
_RTL_CLASSES = frozenset(("R", "AL"))
# What may sit inside a right-to-left shaping run: letters, their marks and the joiners.
_RTL_RUN_CLASSES = frozenset(("R", "AL", "NSM", "BN"))
_VIRAMAS = frozenset("\u094d\u09cd\u200d")

_MIRROR_PAIRS = "()[]{}<>«»‹›⁅⁆⁽⁾₍₎≤≥≪≫〈〉《》「」『』【】〔〕〖〗〘〙〚〛（）［］｛｝＜＞｢｣"
_MIRRORS = {
    a: b
    for x, y in zip(_MIRROR_PAIRS[::2], _MIRROR_PAIRS[1::2], strict=True)
    for a, b in ((x, y), (y, x))
}
# Two boundary-neutral characters (removed from the text beforehand, so never the text's own)
# that follow each mirrored character through the bidi algorithm: see _reorder.
_PROBE = "\u2060\ufeff"
_PROBE_REVERSED = _PROBE[::-1]

_REFERENCE_SIZE = 10.0  # the size runs are shaped at; advances do not depend on it
# Registering a font and shaping (which adds glyphs to the shared font objects) happen one
# thread at a time: documents may be written from worker threads.
_LOCK = threading.RLock()


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
    if 0x1100 <= cp <= 0x11FF or 0x3130 <= cp <= 0x318F or 0xA960 <= cp <= 0xA97F:
        return HANGUL
    if 0xAC00 <= cp <= 0xD7FF:
        return HANGUL
    if 0x3040 <= cp <= 0x30FF or 0x31F0 <= cp <= 0x31FF or 0xFF66 <= cp <= 0xFF9F:
        return KANA
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


def font_name(script: str = LATIN, bold: bool = False) -> str:
    """The registered reportlab name of the font for `script`, registering it first."""
    if script in _CJK:
        return _cid_font(_CID_FONTS[script])
    return _ttf_font(script, bold)


@cache
def _ttf_font(script: str, bold: bool) -> str:
    name = f"Duka-{script}{'-bold' if bold else ''}"
    path = resources_dir() / "fonts" / _TTF_FILES[script][bold]
    with _LOCK:
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, str(path)))
    return name


@cache
def _cid_font(name: str) -> str:
    with _LOCK:
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(UnicodeCIDFont(name))
    return name


@cache
def _charmap(name: str) -> dict[int, int]:
    charmap: dict[int, int] = pdfmetrics.getFont(name).face.charToGlyph
    return charmap


@cache
def _hb_font(name: str) -> Any:
    return pdfmetrics.getFont(name).hbFont(_REFERENCE_SIZE)


def _shaping() -> bool:
    return (
        _SHAPE_STR is not None
        and _HARFBUZZ is not None
        and bool(pdfmetrics.getFont(font_name(LATIN)).shapable)
    )


# -- laying out one line -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Run:
    font: str
    glyphs: str  # in visual order; a reportlab ShapedStr when shaped
    advance: float  # thousandths of an em
    top: float  # ink above the baseline, thousandths of an em
    bottom: float  # ink below the baseline (negative), thousandths of an em
    actual_text: str  # the logical text when the glyphs do not map back to it
    fake_bold: bool


@dataclass(frozen=True, slots=True)
class _Line:
    runs: tuple[_Run, ...]
    advance: float
    top: float
    bottom: float


def _prepare(text: str) -> str:
    text = unicodedata.normalize("NFC", text).translate(_BEFORE_BIDI)
    return "".join(" " if unicodedata.category(ch) == "Cc" else ch for ch in text)


def clean_text(text: str) -> str:
    """`text` as one line: NFC, controls as spaces, invisible formatting characters gone."""
    return _prepare(text).translate(_AFTER_BIDI)


def is_right_to_left(text: str) -> bool:
    """Whether `text` reads from right to left (its first strong character is)."""
    isolated = 0  # the first strong character outside isolates decides (rules P2 and P3)
    for ch in _prepare(text):
        if ch in "\u2066\u2067\u2068":
            isolated += 1
        elif ch == "\u2069":
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
    return any(unicodedata.bidirectional(ch) in _RTL_CLASSES for ch in text)


def _visual(text: str, reshape: bool, rtl: bool | None) -> str:
    text = _prepare(text)
    if rtl or _has_rtl(text):
        if reshape:  # Arabic letters as their joined forms, for want of HarfBuzz
            import arabic_reshaper

            text = arabic_reshaper.reshape(text)
        text = _reorder(text, rtl)
    return text.translate(_AFTER_BIDI)


def _reorder(text: str, rtl: bool | None) -> str:
    """`text` in visual order, with brackets mirrored where they read right to left.

    python-bidi's get_display (the unicode-bidi crate) reorders but does not mirror (rule L4),
    and it does not say which characters ended at odd levels. Boundary neutrals take the
    level of the character before them and are otherwise ignored by the algorithm, so a
    pair of them placed after each mirrored character comes out reversed exactly when that
    character sits in a right-to-left run.
    """
    probed = "".join(ch + _PROBE if ch in _MIRRORS else ch for ch in text)
    base = None if rtl is None else "R" if rtl else "L"
    visual = str(get_display(probed, base_dir=base))
    result: list[str] = []
    i = 0
    while i < len(visual):
        ch = visual[i]
        if visual.startswith(_PROBE_REVERSED, i) and visual[i + 2 : i + 3] in _MIRRORS:
            result.append(_MIRRORS[visual[i + 2]])
            i += 3
            continue
        if ch not in _PROBE:
            result.append(ch)
        i += 1
    return "".join(result)


def _assign_fonts(visual: str, bold: bool) -> list[tuple[str, str]]:
    """(script, font) for each character of `visual`."""
    cjk = HAN
    if any(_script(ch) == KANA for ch in visual):
        cjk = KANA  # Japanese: its kanji take the Japanese font too
    scripts = [_script(ch) for ch in visual]
    scripts = [cjk if s == HAN else s for s in scripts]
    result: list[tuple[str, str]] = []
    for i, ch in enumerate(visual):
        script = scripts[i]
        if script is None:
            script = _neutral_script(ch, scripts, i, bold)
            scripts[i] = script
        result.append((script, font_name(script, bold)))
    return result


def _neutral_script(ch: str, scripts: list[str | None], i: int, bold: bool) -> str:
    """A digit, space or punctuation mark takes the font of a neighbouring non-Latin run
    when that font has it (so "१ किलो" or "٣ كغ" keep one face), else the Latin font."""
    before = next((s for s in reversed(scripts[:i]) if s is not None), None)
    after = next((s for s in scripts[i + 1 :] if s is not None), None)
    cp = ord(ch)
    for script in (before, after):
        if script in _TTF_FILES and script != LATIN and cp in _charmap(font_name(script, bold)):
            return script
    if cp in _charmap(font_name(LATIN, bold)):
        return LATIN
    for script in (ARABIC, DEVANAGARI, BENGALI):
        if cp in _charmap(font_name(script, bold)):
            return script
    return LATIN  # nothing has it: the Latin font's blank box at least keeps the width


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


@lru_cache(maxsize=8192)
def _layout(text: str, bold: bool, rtl: bool | None) -> _Line:
    shaping = _shaping()
    visual = _visual(text, not shaping, rtl)
    pieces: list[tuple[str, str, str, str]] = []  # text, script, font, mode
    for ch, (script, font) in zip(visual, _assign_fonts(visual, bold), strict=True):
        mode = _mode(ch, script, shaping)
        if pieces and pieces[-1][2:] == (font, mode):
            pieces[-1] = (pieces[-1][0] + ch, *pieces[-1][1:])
        else:
            pieces.append((ch, script, font, mode))
    runs = tuple(_make_run(*piece, bold) for piece in pieces)
    inked = [run for run in runs if run.top > run.bottom]
    top = max((run.top for run in inked), default=0.0)
    bottom = min((run.bottom for run in inked), default=0.0)
    return _Line(runs, sum(run.advance for run in runs), top, bottom)


def _make_run(text: str, script: str, font: str, mode: str, bold: bool) -> _Run:
    glyphs: str = text
    actual = ""
    if mode in ("rtl", "shape"):
        logical = text[::-1] if mode == "rtl" else text
        with _LOCK:
            glyphs = _SHAPE_STR(logical, font, _REFERENCE_SIZE)
        # Arabic glyphs map back to presentation forms, which readers fold into letters and
        # put in reading order themselves; /ActualText there only confuses them (poppler).
        if mode == "shape" and str(glyphs) != text:
            actual = logical
    shaped = _SHAPED_STR is not None and isinstance(glyphs, _SHAPED_STR)
    if shaped:
        advance = float(sum(data.x_advance for data in _shape_data(glyphs)))
    else:
        advance = float(pdfmetrics.stringWidth(glyphs, font, 1000))
    if script in _CJK:
        inked = any(not ch.isspace() for ch in text)
        top, bottom = (_CID_TOP, _CID_BOTTOM) if inked else (0.0, 0.0)
        return _Run(font, glyphs, advance, top, bottom, "", bold)
    top, bottom = _ink(font, glyphs, shaped)
    return _Run(font, glyphs, advance, top, bottom, actual, False)


def _shape_data(glyphs: str) -> list[Any]:
    shaped: Any = glyphs  # a reportlab ShapedStr: glyph positions ride along with the text
    return list(shaped.__shapeData__)


def _ink(font: str, glyphs: str, shaped: bool) -> tuple[float, float]:
    """The highest and lowest ink of `glyphs`, in thousandths of an em."""
    face = pdfmetrics.getFont(font).face
    charmap = _charmap(font)
    scale = 1000.0 / face.unitsPerEm
    if _HARFBUZZ is None:  # pragma: no cover - without HarfBuzz, the font's own bounds
        return face.ascent * scale, face.descent * scale
    hb_font = _hb_font(font)
    rises = [data.y_offset for data in _shape_data(glyphs)] if shaped else [0] * len(glyphs)
    top, bottom = 0.0, 0.0
    for ch, rise in zip(glyphs, rises, strict=False):
        extents = hb_font.get_glyph_extents(charmap.get(ord(ch), 0))
        if extents is None or extents.height == 0:
            continue
        top = max(top, extents.y_bearing * scale + rise)
        bottom = min(bottom, (extents.y_bearing + extents.height) * scale + rise)
    return top, bottom


# -- measuring and fitting -----------------------------------------------------------------


def text_width(text: str, size: float, bold: bool = False, *, rtl: bool | None = None) -> float:
    """The width of `text` drawn at `size` points, in points."""
    return _layout(text, bold, rtl).advance * size / 1000


def text_extent(
    text: str, size: float, bold: bool = False, *, rtl: bool | None = None
) -> tuple[float, float]:
    """How far the ink of `text` reaches above and below the baseline (both >= 0), in points."""
    line = _layout(text, bold, rtl)
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
    text = clean_text(text)
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
    text = clean_text(text)
    width = text_width(text, size, bold, rtl=rtl)
    if width <= max_width:
        return text, size
    floor = size * 0.75 if min_size is None else min(min_size, size)
    # A hair under the exact ratio, so rounding never lets the text poke out.
    fitted = max(floor, size * max_width / width * 0.9999)
    if text_width(text, fitted, bold, rtl=rtl) <= max_width:
        return text, fitted
    return truncate(text, floor, max_width, bold=bold, rtl=rtl), floor


def wrap_text(
    text: str,
    size: float,
    width: float,
    *,
    bold: bool = False,
    max_lines: int | None = None,
    rtl: bool | None = None,
) -> list[str]:
    """`text` broken into lines no wider than `width`, at spaces where possible; with
    `max_lines`, the last line ends with "…" when the text does not fit.

    The lines keep the direction of the whole text (`rtl`, or `is_right_to_left(text)`):
    draw them with it, so that a line of an Arabic name that starts with a Latin word still
    reads from the right."""
    if rtl is None:
        rtl = is_right_to_left(text)
    # (piece, whether it continues the piece before without a space: the tail of a long word)
    pieces = [(word, False) for word in clean_text(text).split()]
    lines: list[str] = []
    current = ""
    while pieces:
        piece, glued = pieces.pop(0)
        candidate = (current + ("" if glued else " ") + piece) if current else piece
        if text_width(candidate, size, bold, rtl=rtl) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
            current = ""
            pieces.insert(0, (piece, False))
        else:  # one word wider than the line (or a script without spaces): break it
            head, tail = _break_word(piece, size, width, bold, rtl)
            lines.append(head)
            if tail:
                pieces.insert(0, (tail, True))
        if max_lines is not None and len(lines) >= max_lines:
            break
    if current:
        lines.append(current)
    if max_lines is not None and pieces:
        rest = lines[-1] + "".join(("" if glued else " ") + piece for piece, glued in pieces)
        lines[-1] = truncate(rest + ELLIPSIS, size, width, bold=bold, rtl=rtl)
    return lines


def _break_word(word: str, size: float, width: float, bold: bool, rtl: bool) -> tuple[str, str]:
    points = _cut_points(word)
    head = points[0]  # at least one letter a line, or wrapping would never end
    for point in points:
        if text_width(word[:point], size, bold, rtl=rtl) > width:
            break
        head = point
    return word[:head], word[head:]


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
    line = _layout(text, bold, rtl)
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
    if run.fake_bold:
        # The CID fonts have no bold: outline the glyphs in their own colour as well.
        canvas.saveState()
        canvas.setStrokeColor(getattr(canvas, "_fillColorObj", None) or black)
        canvas.setLineWidth(size * 0.04)
        canvas.drawString(x, y, run.glyphs, mode=2)
        canvas.restoreState()
    else:
        canvas.drawString(x, y, run.glyphs)
    if run.actual_text:
        canvas.addLiteral("EMC")
