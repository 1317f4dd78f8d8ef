"""A PDF's pages as pictures: for previews on screen and for printers that Qt drives."""

from __future__ import annotations

from pathlib import Path

from duka.documents.output import atomic_path


def page_pictures(pdf: Path, folder: Path, dpi: int = 110) -> list[Path]:
    """Each page of `pdf` as a PNG in `folder` (page-1.png, page-2.png...), drawn at `dpi`."""
    import pypdfium2

    folder.mkdir(parents=True, exist_ok=True)
    document = pypdfium2.PdfDocument(str(pdf))
    made = []
    try:
        for number, page in enumerate(document, start=1):
            image = page.render(scale=dpi / 72).to_pil()
            target = folder / f"page-{number}.png"
            with atomic_path(target) as part:
                image.save(part, format="PNG")
            made.append(target)
    finally:
        document.close()
    return made
