#!/usr/bin/env bash
# Tests the Linux package that build-linux.sh made by running the BUILT program, never the
# source: dist/duka/duka for --version, a demo shop, verify, the Sell screen in Arabic, a
# start on an X server (Xvfb), a Hindi invoice PDF, an ESC/POS receipt and a long journal
# checked by worker processes; then, as root (or with sudo), installs the .deb with apt, runs
# /usr/bin/duka and removes the package again. Prints the sizes and the
# bundle's start-up against bench/run.py's reference and against the source.
#
# What it writes is kept in build/test-linux/ (the screenshot, the PDF, the receipt bytes).
# Run from the checkout the bundle was built in, with its virtual environment (.venv or VENV).
set -euo pipefail
cd "$(dirname "$0")/.."

venv=${VENV:-.venv}
duka=dist/duka/duka
version=$(sed -n 's/^__version__ = "\(.*\)"$/\1/p' desktop/duka/__init__.py)
deb=dist/duka_${version}_amd64.deb
out=build/test-linux
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
rm -rf "$out" && mkdir -p "$out"
shop=$out/shop.sqlite3

export QT_QPA_PLATFORM=offscreen DUKA_HOME=$home
passed=0
failed=0
check() { # check NAME COMMAND...: runs one check and counts it; its output goes to test.log
    local name=$1
    shift
    echo "== $name" >>"$out/test.log"
    if "$@" >>"$out/test.log" 2>&1; then
        echo "ok: $name"
        passed=$((passed + 1))
    else
        echo "FAILED: $name (its output:)" >&2
        # the check's own part of the log (its name is matched whole, slashes and all)
        awk -v head="== $name" '$0 == head { shown = 1 } shown' "$out/test.log" |
            tail -n 20 >&2 || true
        failed=$((failed + 1))
    fi
}

[ -x "$duka" ] && [ -f "$deb" ] || {
    echo "test-linux.sh: no $duka or $deb; run packaging/build-linux.sh first" >&2
    exit 1
}

shows_version() { [ "$("$1" --version)" = "duka $version" ]; }
check "--version" shows_version "$duka"

check "demo" "$duka" demo --db "$shop"
check "verify" "$duka" verify --db "$shop"

# A PNG of the window's size: the signature, then the IHDR's width and height.
is_png() { # is_png FILE WIDTH HEIGHT
    [ "$(head -c 8 "$1" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] &&
        [ "$(od -An -j16 -N8 -tu1 "$1" | awk '{print $1*16777216+$2*65536+$3*256+$4, $5*16777216+$6*65536+$7*256+$8}')" = "$2 $3" ] &&
        [ "$(stat -c %s "$1")" -gt 20000 ]
}
sell_ar() {
    "$duka" --db "$shop" --lang ar --screen sell --screenshot "$out/sell-ar.png" --size 1366x768 &&
        is_png "$out/sell-ar.png" 1366 768
}
check "the Sell screen in Arabic, offscreen" sell_ar

# On a real X server Qt loads the xcb platform plugin with the system's X, xcb, GL and font
# libraries (the ones the .deb depends on), and stops the program if it cannot.
on_x() {
    xvfb-run -a -s "-screen 0 1366x768x24" env QT_QPA_PLATFORM=xcb \
        "$duka" --db "$shop" --screen sell --exit-after-show
}
if command -v xvfb-run >/dev/null; then
    check "starts on an X server (Xvfb, the xcb platform)" on_x
else
    echo "skipped: the start on an X server (no xvfb-run)"
fi

# Every font of the PDF embedded, Devanagari among them.
fonts_embedded() {
    pdffonts "$1" >"$1.fonts" &&
        awk 'NR == 1 {column = index($0, "emb")} NR > 2 {fonts++; if (substr($0, column, 3) != "yes") bad++}
             END {exit !(fonts > 0 && !bad)}' "$1.fonts" &&
        grep -q NotoSansDevanagari "$1.fonts"
}
invoice_hi() {
    local number
    "$duka" export invoices --db "$shop" "$out/invoices.csv" >/dev/null &&
        number=$(grep -m1 -o '^INV-[^,]*' "$out/invoices.csv") &&
        "$duka" print invoice --db "$shop" --lang hi "$number" --out "$out/invoice-hi.pdf" &&
        fonts_embedded "$out/invoice-hi.pdf"
}
check "a Hindi invoice PDF with its fonts embedded" invoice_hi

# ESC/POS: starts by initialising the printer (ESC @) and cuts the paper (GS V) at the end.
receipt_escpos() {
    local number
    "$duka" export sales --db "$shop" "$out/sales.csv" >/dev/null &&
        number=$(tail -n 1 "$out/sales.csv" | cut -d, -f1) &&
        "$duka" print receipt --db "$shop" "$number" --escpos-out "$out/receipt.bin" &&
        [ "$(head -c 2 "$out/receipt.bin" | od -An -tx1 | tr -d ' \n')" = 1b40 ] &&
        od -An -tx1 -v "$out/receipt.bin" | tr -d '\n' | grep -q ' 1d 56'
}
check "an ESC/POS receipt" receipt_escpos

check "verify after printing" "$duka" verify --db "$shop"

# A journal longer than duka.services.maintenance.PARALLEL_FROM (100,000 entries) is checked
# in worker processes, which a bundle starts from its own executable: they must do their
# part and not start a second Duka (freeze_support in duka/__main__.py). The shop comes from
# bench/synth.py (the source makes the data; the bundle checks it).
big_journal() {
    PYTHONPATH=desktop:bench "$venv/bin/python" -c '
import sys
from pathlib import Path
from synth import build_shop
build_shop(Path(sys.argv[1]), 60_000, 100, backup_dir=Path(sys.argv[2]))' \
        "$out/big.sqlite3" "$home/backups" &&
        "$duka" verify --db "$out/big.sqlite3"
}
check "verify of a 120,000-entry journal in worker processes" big_journal
rm -f "$out"/big.sqlite3*

sudo=""
# Only where installing asks nobody for a password (CI as root, or sudo without one), and
# never over a Duka package this computer already has.
[ "$(id -u)" -eq 0 ] || { sudo -n true 2>/dev/null && sudo=sudo; }
if dpkg -s duka >/dev/null 2>&1; then
    echo "skipped: installing the .deb (a Duka package is already installed here)"
elif [ "$(id -u)" -eq 0 ] || [ -n "$sudo" ]; then
    installed() {
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "./$deb" >/dev/null &&
            shows_version /usr/bin/duka &&
            /usr/bin/duka --db "$shop" --lang hi --screen sell \
                --screenshot "$out/sell-hi-installed.png" --size 1024x600 &&
            is_png "$out/sell-hi-installed.png" 1024 600 &&
            [ -f /usr/share/applications/duka.desktop ] &&
            [ -f /usr/share/icons/hicolor/scalable/apps/duka.svg ] &&
            [ -x /opt/duka/duka ]
    }
    removed() {
        DEBIAN_FRONTEND=noninteractive $sudo apt-get remove -y -qq duka >/dev/null &&
            [ ! -e /usr/bin/duka ] && [ ! -e /opt/duka ] &&
            [ ! -e /usr/share/applications/duka.desktop ]
    }
    check "the .deb installs with apt: /usr/bin/duka (the Sell screen in Hindi), its menu entry and icon" installed
    check "the .deb removes cleanly" removed
else
    echo "skipped: installing the .deb (needs root or sudo)"
fi

echo "bundle folder: $(du -sh dist/duka | cut -f1)"
echo "Debian package: $(du -h "$deb" | cut -f1) ($(stat -c %s "$deb") bytes; goal under 120 MB)"
"$venv/bin/python" packaging/startup.py "$duka" "$shop" "$home" "${STARTUP_ROUNDS:-11}"

echo "test-linux.sh: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
