#!/usr/bin/env bash
# Builds Duka's Linux package: the one-folder bundle dist/duka/ (PyInstaller, from
# packaging/duka.spec) and from it the Debian package dist/duka_<version>_amd64.deb.
#
# Run from a checkout with the project installed in a virtual environment: .venv, as .ci/run
# makes it, or the one named by VENV. Needs dpkg-deb and binutils (strip, readelf), nothing
# from the network but PyInstaller from the package index.
set -euo pipefail
cd "$(dirname "$0")/.."
umask 022

venv=${VENV:-.venv}
started=$SECONDS

"$venv/bin/python" -m pip install -q -e '.[package]'

rm -rf build/duka dist/duka build/deb
"$venv/bin/python" -m PyInstaller --noconfirm --log-level WARN \
    --distpath dist --workpath build packaging/duka.spec
bundled=$SECONDS

version=$(dist/duka/duka --version | awk '{print $2}')
package=duka_${version}_amd64
root=build/deb/$package

mkdir -p "$root/DEBIAN" "$root/opt" "$root/usr/bin" "$root/usr/share/applications" \
    "$root/usr/share/icons/hicolor/scalable/apps"
cp -a dist/duka "$root/opt/duka"
ln -s /opt/duka/duka "$root/usr/bin/duka"
install -m 644 packaging/duka.desktop "$root/usr/share/applications/duka.desktop"
install -m 644 resources/icons/duka.svg "$root/usr/share/icons/hicolor/scalable/apps/duka.svg"

# The Debian package of each library the bundle leaves to the system (duka.spec says which
# and why). A library missing here stops the build, so a new one is never left out of
# Depends. Old package names: Ubuntu 24.04's "t64" libraries provide them on amd64.
package_of() {
    case "$1" in
        libc.so.* | libm.so.* | libpthread.so.* | libdl.so.* | librt.so.* | libutil.so.* | \
            libresolv.so.* | ld-linux-x86-64.so.*) echo libc6 ;;
        libstdc++.so.6) echo libstdc++6 ;;
        libgcc_s.so.1) echo libgcc-s1 ;;
        libz.so.1) echo zlib1g ;;
        libzstd.so.1) echo libzstd1 ;;
        libbrotlicommon.so.1 | libbrotlidec.so.1) echo libbrotli1 ;;
        libexpat.so.1) echo libexpat1 ;;
        libffi.so.8) echo libffi8 ;;
        libbz2.so.1.0) echo libbz2-1.0 ;;
        liblzma.so.5) echo liblzma5 ;;
        libuuid.so.1) echo libuuid1 ;;
        libfontconfig.so.1) echo libfontconfig1 ;;
        libfreetype.so.6) echo libfreetype6 ;;
        libglib-2.0.so.0 | libgobject-2.0.so.0 | libgthread-2.0.so.0 | libgio-2.0.so.0 | \
            libgmodule-2.0.so.0) echo libglib2.0-0 ;;
        libdbus-1.so.3) echo libdbus-1-3 ;;
        libX11.so.6) echo libx11-6 ;;
        libX11-xcb.so.1) echo libx11-xcb1 ;;
        libxcb.so.1) echo libxcb1 ;;
        libxcb-*.so.*)
            # libxcb-render-util.so.0 -> libxcb-render-util0, libxcb-xkb.so.1 -> libxcb-xkb1
            local base=${1%%.so.*} number=${1##*.so.}
            echo "${base}${number%%.*}"
            ;;
        libxkbcommon.so.0) echo libxkbcommon0 ;;
        libxkbcommon-x11.so.0) echo libxkbcommon-x11-0 ;;
        libEGL.so.1) echo libegl1 ;;
        libGL.so.1) echo libgl1 ;;
        libGLX.so.0) echo libglx0 ;;
        libOpenGL.so.0) echo libopengl0 ;;
        libwayland-client.so.0) echo libwayland-client0 ;;
        libwayland-cursor.so.0) echo libwayland-cursor0 ;;
        libwayland-egl.so.1) echo libwayland-egl1 ;;
        libcups.so.2) echo libcups2 ;;
        libgssapi_krb5.so.2) echo libgssapi-krb5-2 ;;
        *) return 1 ;;
    esac
}

# Every ELF file's needed libraries that the bundle does not hold itself, and the newest
# glibc symbol version any of them uses.
mapfile -t elves < <(find dist/duka -type f \( -name '*.so*' -o -perm -u+x \) \
    -exec sh -c 'head -c 4 "$1" | grep -q ELF && echo "$1"' _ {} \;)
inside=$(find dist/duka \( -type f -o -type l \) -printf '%f\n' | sort -u)
outside=$(for elf in "${elves[@]}"; do
    readelf -d "$elf" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'
done | sort -u | grep -vxF "$inside")
glibc=$(for elf in "${elves[@]}"; do
    objdump -T "$elf" | grep -o 'GLIBC_[0-9.]*' || true # a file may use none
done | sed 's/GLIBC_//' | sort -uV | tail -1)
[ -n "$glibc" ] || { echo "build-linux.sh: found no glibc version the bundle needs" >&2; exit 1; }

depends=()
unknown=()
for soname in $outside; do
    if found=$(package_of "$soname"); then
        depends+=("$found")
    else
        unknown+=("$soname")
    fi
done
if ((${#unknown[@]})); then
    echo "build-linux.sh: no Debian package known for ${unknown[*]} (add it to package_of)" >&2
    exit 1
fi
mapfile -t depends < <(printf '%s\n' "${depends[@]}" | sort -u | grep -vx libc6)
depends_line="libc6 (>= $glibc)$(printf ', %s' "${depends[@]}")"

cat >"$root/DEBIAN/control" <<EOF
Package: duka
Version: $version
Architecture: amd64
Maintainer: Duka's developers
Installed-Size: $(du -sk --exclude=DEBIAN "$root" | cut -f1)
Depends: $depends_line
Section: misc
Priority: optional
Description: offline business manager for small shops
 Stock, selling at the counter with a barcode scanner and a receipt printer,
 customers' credit, invoices and reports in one SQLite file on the shop's own
 computer, in twenty languages. Needs no internet, server or account.
EOF

dpkg-deb --build --root-owner-group "$root" "dist/$package.deb" >/dev/null
finished=$SECONDS

echo "bundle: dist/duka, $(du -sh dist/duka | cut -f1), built in $((bundled - started)) s"
echo "package: dist/$package.deb, $(du -h "dist/$package.deb" | cut -f1)," \
    "made in $((finished - bundled)) s"
echo "Depends: $depends_line"
