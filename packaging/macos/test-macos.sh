#!/usr/bin/env bash
# Opens the disk image that build-macos.sh made, copies Duka.app out of it as a user would,
# and runs that Duka, not the source:
#
#   bash packaging/macos/test-macos.sh [DMG] [OUT_FOLDER]
#
# Checks: the image mounts and holds Duka.app and the Applications link; the app's
# identifier, version and icon; --version; demo; verify; an offscreen screenshot of the Sell
# screen in Arabic; a receipt as a PDF in Hindi and as ESC/POS bytes; the first start's shop
# in ~/Library/Application Support/Duka. What it made is left in OUT_FOLDER to look at.
set -euo pipefail
cd "$(dirname "$0")/../.."

image=${1:-$(ls -t dist/Duka-*-macos-*.dmg | head -n 1)}
out=${2:-build/smoke-macos}
mkdir -p "$out"
out=$(cd "$out" && pwd)
work=$(mktemp -d)
mount=$work/mount
mkdir -p "$mount"
ok() { echo "ok - $1"; }
fail() { echo "test-macos: $1" >&2; exit 1; }

hdiutil attach -nobrowse -readonly -mountpoint "$mount" "$image" >/dev/null
trap 'hdiutil detach "$mount" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
[ -d "$mount/Duka.app" ] && ok "the disk image holds Duka.app" || fail "no Duka.app in $image"
[ -L "$mount/Applications" ] && ok "and a link to Applications" || fail "no Applications link"

# As a user does: drag it out of the image (here into a folder of the test's own).
mkdir -p "$work/Applications"
cp -R "$mount/Duka.app" "$work/Applications/"
app=$work/Applications/Duka.app
duka=$app/Contents/MacOS/duka
plist=$app/Contents/Info.plist
[ "$(/usr/libexec/PlistBuddy -c 'Print :CFBundleIdentifier' "$plist")" = org.duka.Duka ] &&
    ok "the bundle identifier is org.duka.Duka" || fail "wrong bundle identifier"
icon=$(/usr/libexec/PlistBuddy -c 'Print :CFBundleIconFile' "$plist")
[ -f "$app/Contents/Resources/$icon" ] && ok "the app has its icon ($icon)" || fail "no icon"
codesign --verify --deep "$app" && ok "the (ad hoc) signature holds" || fail "codesign --verify failed"

version=$("$duka" --version)
echo "duka --version: $version"
bundled=$(/usr/libexec/PlistBuddy -c 'Print :CFBundleShortVersionString' "$plist")
[ "$version" = "duka $bundled" ] && ok "--version matches the app's version" ||
    fail "--version says '$version', the app '$bundled'"

shop=$work/demo.sqlite3
"$duka" demo --db "$shop" >/dev/null && ok "duka demo made a shop" || fail "demo failed"
"$duka" verify --db "$shop" >/dev/null && ok "duka verify passes on it" || fail "verify failed"
QT_QPA_PLATFORM=offscreen "$duka" --db "$shop" --lang ar --screen sell --size 1024x600 \
    --screenshot "$out/sell-ar-macos.png"
[ "$(stat -f %z "$out/sell-ar-macos.png")" -gt 10000 ] && ok "the Sell screen in Arabic drew" ||
    fail "no screenshot"
"$duka" --lang hi print receipt S-000001 --db "$shop" --out "$out/receipt-hi-macos.pdf" >/dev/null
[ "$(head -c 5 "$out/receipt-hi-macos.pdf")" = "%PDF-" ] && ok "a receipt in Hindi as a PDF" ||
    fail "no receipt PDF"
"$duka" print receipt S-000001 --db "$shop" --escpos-out "$work/receipt.bin" >/dev/null
[ "$(stat -f %z "$work/receipt.bin")" -gt 100 ] && ok "a receipt as ESC/POS bytes" ||
    fail "no ESC/POS bytes"

# The first start without --db makes the shop where macOS keeps applications' data.
data="$HOME/Library/Application Support/Duka"
QT_QPA_PLATFORM=offscreen "$duka" --screenshot "$out/first-start-macos.png"
[ -f "$data/duka.sqlite3" ] && ok "the first start's shop is in $data" || fail "no shop in $data"
echo "test-macos: all checks passed"
