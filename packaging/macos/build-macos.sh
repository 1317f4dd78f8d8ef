#!/usr/bin/env bash
# Builds Duka for macOS, on a Mac, from the top of a checkout:
#
#   bash packaging/macos/build-macos.sh
#
# 1. a virtual environment (build/venv-macos) with Duka and PyInstaller installed;
# 2. Duka's icon: PNG renders of resources/icons/duka.svg packed into build/icons/duka.icns
#    by iconutil;
# 3. the application bundle dist/Duka.app (packaging/duka-macos.spec: duka.spec's bundle,
#    identifier org.duka.Duka);
# 4. the disk image dist/Duka-<version>-macos-<arch>.dmg (compressed, UDZO) holding Duka.app
#    and a link to /Applications to drag it onto.
# Needs Python 3.11 or later (PYTHON names another than python3) and the Xcode command line
# tools' iconutil and hdiutil, both part of macOS. The app is signed ad hoc (PyInstaller's
# default), not with a Developer ID, and not notarized: see docs/packaging.md.
set -euo pipefail
cd "$(dirname "$0")/../.."

python=${PYTHON:-python3}
venv=build/venv-macos
arch=$(uname -m)

[ -x "$venv/bin/python" ] || "$python" -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --upgrade pip
"$venv/bin/python" -m pip install --quiet . 'pyinstaller>=6.10'

rm -rf build/icons
"$venv/bin/python" packaging/make_icons.py build/icons
if command -v iconutil >/dev/null; then
    iconutil -c icns build/icons/duka.iconset -o build/icons/duka.icns
else
    # Not a Mac (a dry run elsewhere): Pillow packs the same PNGs.
    "$venv/bin/python" packaging/make_icons.py build/icons --icns
fi

version=$("$venv/bin/python" -c 'import duka; print(duka.__version__)')
rm -rf dist/duka dist/Duka.app
DUKA_VERSION=$version DUKA_ICNS=$PWD/build/icons/duka.icns \
    "$venv/bin/python" -m PyInstaller --noconfirm --log-level WARN \
    --distpath dist --workpath build/pyinstaller-macos packaging/duka-macos.spec
[ -x dist/Duka.app/Contents/MacOS/duka ] || { echo "build-macos: no Duka.app made" >&2; exit 1; }

# The disk image: Duka.app beside a link to /Applications, as Mac users expect to find it.
staging=build/dmg
rm -rf "$staging"
mkdir -p "$staging"
cp -R dist/Duka.app "$staging/"
ln -s /Applications "$staging/Applications"
image=dist/Duka-$version-macos-$arch.dmg
rm -f "$image"
hdiutil create -volname Duka -srcfolder "$staging" -ov -format UDZO "$image"
echo "build-macos: $image ($(du -h "$image" | cut -f1))"
