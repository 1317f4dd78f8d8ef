"""What a PDF needs to be the PDF/A-3 that Factur-X makes it claim to be, beyond what
reportlab writes: an sRGB output intent, so that its DeviceRGB and DeviceGray colours have
a defined meaning. (Every font is embedded already: the invoice draws only with the bundled
Noto fonts, and starts its pages with one of them rather than reportlab's Helvetica.)

The ICC profile is LittleCMS's built-in sRGB (through Pillow), made at run time: a display
profile of version 4, which PDF/A-2 and -3 accept for an output intent (ISO 19005-2, 6.2.3).
pypdf is imported only here, when a shop prints Factur-X data.
"""

from __future__ import annotations

from functools import cache
from io import BytesIO

SRGB = "sRGB IEC61966-2.1"


@cache
def srgb_profile() -> bytes:
    from PIL import ImageCms

    return bytes(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())


def with_output_intent(pdf: bytes) -> bytes:
    """`pdf` with an sRGB PDF/A output intent in its catalog (replacing any it had)."""
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
    out = BytesIO()
    writer.write(out)
    return out.getvalue()
