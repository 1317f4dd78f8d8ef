"""Reading back what a PDF draws: texts with their positions and fonts (pypdf)."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pypdf import PdfReader


@dataclass(frozen=True)
class Drawn:
    text: str  # as pypdf decodes it (right-to-left runs come back in reading order)
    x: float
    y: float
    font: str

    @property
    def plain(self) -> str:
        """The text with Arabic presentation forms folded back to letters."""
        return unicodedata.normalize("NFKC", self.text).strip()


def drawn_texts(path: Path, page: int = 0) -> list[Drawn]:
    found: list[Drawn] = []

    def visit(text: str, cm: Any, tm: Any, font: Any, size: Any) -> None:
        if text.strip():
            name = str(font.get("/BaseFont", "")) if font else ""
            found.append(Drawn(text.strip("\n"), float(tm[4]), float(tm[5]), name))

    PdfReader(path).pages[page].extract_text(visitor_text=visit)
    return found


def page_texts(path: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path).pages]


def page_widths(path: Path) -> list[float]:
    return [float(page.mediabox.width) for page in PdfReader(path).pages]
