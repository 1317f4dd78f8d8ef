"""What a PDF needs to be the PDF/A-3 that Factur-X makes it claim to be, beyond what
reportlab and factur-x write: an sRGB output intent, so that its DeviceRGB and DeviceGray
colours have a defined meaning, and document information that agrees with the XMP metadata.
(Every font is embedded already: the invoice draws only with the bundled Noto fonts, and
starts its pages with one of them rather than reportlab's Helvetica.)

The ICC profile is LittleCMS's built-in sRGB (through Pillow), made at run time: a display
profile of version 4, which PDF/A-2 and -3 accept for an output intent (ISO 19005-2, 6.2.3).
pypdf, which factur-x uses too, is imported only when a shop prints Factur-X data.
"""

from __future__ import annotations

from functools import cache
from io import BytesIO

SRGB = "sRGB IEC61966-2.1"


@cache
def srgb_profile() -> bytes:
    from PIL import ImageCms

    return bytes(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())


# Document information entries that PDF/A wants equal to their XMP counterparts (ISO 19005-2,
# 6.6.2.3.1): those factur-x's XMP does not state are dropped, the producer it names is kept.
_UNSTATED = ("/Keywords", "/Trapped")
XMP_PRODUCER = "pypdf"  # what factur-x's XMP metadata names as the producer


def as_pdfa(pdf: bytes) -> bytes:
    """`pdf` (written by reportlab, with factur-x's PDF/A-3 XMP metadata) made what that
    metadata says: an sRGB PDF/A output intent in its catalog (replacing any it had), and
    document information that says nothing its XMP metadata does not."""
    from pypdf import PdfWriter
    from pypdf.generic import (
        ArrayObject,
        DictionaryObject,
        NameObject,
        NumberObject,
        StreamObject,
        TextStringObject,
    )

    writer = PdfWriter(clone_from=BytesIO(pdf))
    profile = StreamObject()
    profile.set_data(srgb_profile())
    profile[NameObject("/N")] = NumberObject(3)
    profile = profile.flate_encode()
    intent = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/OutputIntent"),
            NameObject("/S"): NameObject("/GTS_PDFA1"),
            NameObject("/OutputConditionIdentifier"): TextStringObject(SRGB),
            NameObject("/Info"): TextStringObject(SRGB),
            NameObject("/RegistryName"): TextStringObject("http://www.color.org"),
            NameObject("/DestOutputProfile"): writer._add_object(profile),
        }
    )
    writer.root_object[NameObject("/OutputIntents")] = ArrayObject([writer._add_object(intent)])
    info = writer._info
    if info is not None:
        for key in _UNSTATED:
            info.pop(NameObject(key), None)
        info[NameObject("/Producer")] = TextStringObject(XMP_PRODUCER)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()
