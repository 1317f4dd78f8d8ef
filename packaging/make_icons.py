"""Duka's icon for the Windows and macOS installers, drawn from resources/icons/duka.svg at
build time (so no binary icon is kept in the repository):

    python packaging/make_icons.py OUT_FOLDER [--icns]

writes OUT_FOLDER/duka.ico (16 to 256 pixels, for the Windows executable, Start menu and
uninstaller) and OUT_FOLDER/duka.iconset/ (the PNG sizes macOS's `iconutil -c icns` wants);
with --icns also OUT_FOLDER/duka.icns made by Pillow, for a Mac without iconutil. Qt draws the
SVG (PySide6 is installed with Duka), Pillow packs the files (python-escpos brings it).
"""

from __future__ import annotations

import argparse
import io
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SVG = ROOT / "resources" / "icons" / "duka.svg"
ICO_SIZES = (16, 20, 24, 32, 40, 48, 64, 128, 256)
# iconutil's names: icon_<n>x<n>.png and icon_<n>x<n>@2x.png (twice the pixels).
ICONSET_SIZES = (16, 32, 128, 256, 512)


def render(size: int, svg: Path = SVG) -> bytes:
    """The icon drawn at `size` x `size` pixels, as PNG bytes with transparency."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"make_icons: cannot read {svg}")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def write_ico(target: Path) -> None:
    from PIL import Image

    # Each size drawn by Qt at that size (crisper than one picture scaled down by Pillow).
    images = [Image.open(io.BytesIO(render(size))) for size in ICO_SIZES]
    largest = images[-1]
    largest.save(
        target,
        format="ICO",
        sizes=[(size, size) for size in ICO_SIZES],
        append_images=images[:-1],
    )


def write_iconset(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for size in ICONSET_SIZES:
        (folder / f"icon_{size}x{size}.png").write_bytes(render(size))
        (folder / f"icon_{size}x{size}@2x.png").write_bytes(render(size * 2))


def write_icns(target: Path) -> None:
    from PIL import Image

    sizes = (16, 32, 64, 128, 256, 512, 1024)
    images = [Image.open(io.BytesIO(render(size))) for size in sizes]
    images[-1].save(target, format="ICNS", append_images=images[:-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder to write the icons in")
    parser.add_argument("--icns", action="store_true", help="also write duka.icns (Pillow)")
    args = parser.parse_args(argv)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    write_ico(out / "duka.ico")
    write_iconset(out / "duka.iconset")
    if args.icns:
        write_icns(out / "duka.icns")
    print(f"make_icons: wrote the icons in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
