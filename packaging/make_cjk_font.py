"""Make resources/fonts/NotoSansSC-{Regular,Bold}.ttf from Noto Sans CJK SC.

Noto Sans CJK is CFF-based (OTF/TTC) and reportlab embeds only TrueType outlines, and the whole
font is 16 MB a weight. So the Simplified Chinese face is cut down to what a shop prints, and
its cubic outlines converted to quadratic ones: the zh_CN catalog's characters, GB2312's 6,763
hanzi, kana, ASCII and CJK punctuation (about 3.9 MB a weight). GB2312's 3,755 common hanzi
alone (2 MB) would leave out a grocer's oyster sauce (蚝油), wontons (馄饨) and goji (枸杞).

    python3 packaging/make_cjk_font.py NotoSansCJK-Regular.ttc NotoSansCJK-Bold.ttc

(the .ttc files of Debian's fonts-noto-cjk package or of notofonts/noto-cjk).
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.pofile import read_po
from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTCollection, TTFont, newTable

ROOT = Path(__file__).resolve().parent.parent
FAMILY = "Noto Sans CJK SC"
MAX_ERROR = 1.0  # font units: the cubic-to-quadratic curves stay within one unit of 1000


def characters() -> set[int]:
    wanted = set(range(0x20, 0x7F))
    wanted |= set(range(0x3000, 0x3040)) | set(range(0xFF01, 0xFF5F)) | set(range(0x2010, 0x2027))
    wanted |= {0xB7, 0xD7, 0xF7, 0xA5, 0x2030, 0x2103}
    wanted |= set(range(0x3041, 0x3100))  # kana: a Japanese name is read, if not in its own style
    for high in range(0xB0, 0xF8):  # GB2312's hanzi: level one (rows 16-55) and two (56-87)
        for low in range(0xA1, 0xFF):
            try:
                wanted.add(ord(bytes((high, low)).decode("gb2312")))
            except UnicodeDecodeError:
                pass
    with (ROOT / "locales/zh_CN/LC_MESSAGES/duka.po").open("rb") as po:
        for message in read_po(po):
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            wanted |= {ord(ch) for text in strings for ch in text or ""}
    return {cp for cp in wanted if cp >= 0x20}


def to_truetype(font: TTFont) -> None:
    glyph_set = font.getGlyphSet()
    glyphs = {}
    for name in font.getGlyphOrder():
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, MAX_ERROR, reverse_direction=True))
        glyphs[name] = pen.glyph()
    del font["CFF "]
    if "VORG" in font:
        del font["VORG"]
    glyf = font["glyf"] = newTable("glyf")
    glyf.glyphOrder = font.getGlyphOrder()
    glyf.glyphs = glyphs
    font["loca"] = newTable("loca")
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for field in [
        "maxZones",
        "maxTwilightPoints",
        "maxStorage",
        "maxFunctionDefs",
        "maxInstructionDefs",
        "maxStackElements",
        "maxSizeOfInstructions",
        "maxComponentElements",
    ]:
        setattr(maxp, field, 0)
    maxp.maxZones = 1
    maxp.maxComponentDepth = 0
    post = font["post"]
    post.formatType = 3.0  # no glyph names: they only cost room
    font["head"].glyphDataFormat = 0
    font.sfntVersion = "\0\1\0\0"


def make(source: Path, style: str, wanted: set[int]) -> Path:
    collection = TTCollection(str(source))
    font = next(f for f in collection.fonts if f["name"].getDebugName(1) == FAMILY)
    options = subset.Options()
    options.layout_features = ["kern", "palt", "locl"]
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6, 13, 14]
    options.notdef_outline = True
    options.hinting = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=wanted)
    subsetter.subset(font)
    to_truetype(font)
    target = ROOT / "resources/fonts" / f"NotoSansSC-{style}.ttf"
    font.save(str(target))
    return target


def main() -> None:
    wanted = characters()
    for source, style in zip(sys.argv[1:3], ("Regular", "Bold"), strict=True):
        target = make(Path(source), style, wanted)
        print(f"{target.name}: {len(wanted)} characters, {target.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
