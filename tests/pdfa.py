"""The PDF/A-3 checks that can be made without veraPDF (a Java program, not packaged for
Debian or PyPI): every font embedded, an sRGB output intent with its ICC profile, XMP
metadata naming PDF/A-3B, a file identifier, no encryption, no JavaScript, and attached files
that say how they relate to the document."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from pypdf import PdfReader
from pypdf.generic import DictionaryObject, IndirectObject

_PART = re.compile(rb"pdfaid:part(?:>|=\")\s*3")
_CONFORMANCE = re.compile(rb"pdfaid:conformance(?:>|=\")\s*B")
_FONT_FILES = ("/FontFile", "/FontFile2", "/FontFile3")


def _resolved(value: Any) -> Any:
    return value.get_object() if isinstance(value, IndirectObject) else value


def _fonts(resources: Any, seen: set[int]) -> list[tuple[str, DictionaryObject]]:
    """Every font in `resources` and in the forms and patterns they use."""
    resources = _resolved(resources)
    if not isinstance(resources, DictionaryObject) or id(resources) in seen:
        return []
    seen.add(id(resources))
    found = []
    for name, font in (_resolved(resources.get("/Font")) or {}).items():
        found.append((str(name), _resolved(font)))
    for xobject in (_resolved(resources.get("/XObject")) or {}).values():
        form = _resolved(xobject)
        if form.get("/Subtype") == "/Form" and "/Resources" in form:
            found += _fonts(form["/Resources"], seen)
    return found


def _embedded(font: DictionaryObject) -> bool:
    if font.get("/Subtype") == "/Type3":
        return True  # drawn with PDF operators: nothing to embed
    if font.get("/Subtype") == "/Type0":
        font = _resolved(font["/DescendantFonts"][0])
    descriptor = _resolved(font.get("/FontDescriptor"))
    return descriptor is not None and any(key in descriptor for key in _FONT_FILES)


# Document information entries and the XMP properties that must say the same (ISO 19005-2,
# 6.6.2.3.1); dates are left out (written the same instant in two formats).
_XMP_NAMES = {
    "/Title": "dc:title",
    "/Author": "dc:creator",
    "/Subject": "dc:description",
    "/Keywords": "pdf:Keywords",
    "/Creator": "xmp:CreatorTool",
    "/Producer": "pdf:Producer",
}


def _xmp_value(xmp: str, name: str) -> str | None:
    """The text of XMP property `name` (its first rdf:li for a list), None when absent."""
    import html

    found = re.search(rf"<{name}>(.*?)</{name}>", xmp, re.S)
    if found is None:
        return None
    item = re.search(r"<rdf:li[^>]*>(.*?)</rdf:li>", found.group(1), re.S)
    return html.unescape((item.group(1) if item else found.group(1)).strip())


def pdfa_problems(path: Path) -> list[str]:
    """What keeps the PDF at `path` from being PDF/A-3B, as far as these checks see; []
    when nothing does."""
    reader = PdfReader(path)
    problems = []
    if reader.is_encrypted:
        problems.append("encrypted")
    if "/ID" not in reader.trailer:
        problems.append("no file identifier (/ID)")
    root = reader.trailer["/Root"]
    for number, page in enumerate(reader.pages, start=1):
        images = _resolved(_resolved(page.get("/Resources", {})).get("/XObject")) or {}
        for name, image in images.items():
            if _resolved(image).get("/ColorSpace") == "/DeviceCMYK":
                # an sRGB output intent gives no meaning to CMYK (ISO 19005-2, 6.2.4.3)
                problems.append(f"page {number}: image {name} is CMYK")
        for name, font in _fonts(page.get("/Resources"), set()):
            if not _embedded(font):
                problems.append(
                    f"page {number}: font {name} ({font.get('/BaseFont')}) not embedded"
                )
    intents = _resolved(root.get("/OutputIntents")) or []
    srgb = [
        intent
        for intent in map(_resolved, intents)
        if intent.get("/S") == "/GTS_PDFA1" and "/DestOutputProfile" in intent
    ]
    if not srgb:
        problems.append("no PDF/A output intent with an ICC profile")
    for intent in srgb:
        profile = _resolved(intent["/DestOutputProfile"])
        data = profile.get_data()
        if profile.get("/N") != 3 or data[36:40] != b"acsp" or data[16:20] != b"RGB ":
            problems.append("the output intent's profile is no RGB ICC profile")
        elif data[8] > 4 or data[12:16] not in (b"mntr", b"prtr", b"scnr", b"spac"):
            problems.append("the output intent's profile is of a kind PDF/A refuses")
    metadata = _resolved(root.get("/Metadata"))
    xmp = metadata.get_data() if metadata is not None else b""
    if not _PART.search(xmp) or not _CONFORMANCE.search(xmp):
        problems.append("no XMP metadata saying PDF/A-3B")
    text = xmp.decode("utf-8", "replace")
    for key, value in (reader.metadata or {}).items():
        if key in _XMP_NAMES and _xmp_value(text, _XMP_NAMES[key]) != str(value):
            problems.append(f"{key} differs from the XMP metadata")
        elif key == "/Trapped":
            problems.append("/Trapped without its XMP counterpart")
    if "/JavaScript" in (_resolved(root.get("/Names")) or {}) or "/OpenAction" in root:
        problems.append("actions or JavaScript")
    for spec in map(_resolved, _resolved(root.get("/AF")) or []):
        if "/AFRelationship" not in spec:
            problems.append(f"attached {spec.get('/F')} says no relationship")
    return problems
