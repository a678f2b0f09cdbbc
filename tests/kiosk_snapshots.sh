#!/usr/bin/env bash
# Kiosk snapshots on the SDL dummy driver: the home screen at 1080x1920, 1920x1080 and
# 1280x800 in both languages, and every other screen, written to BUILD/kiosk-snapshots/
# for people to look at. Each must be the right size and not blank.
#   kiosk_snapshots.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$1 src=$2
out="$build/kiosk-snapshots"
work=$(mktemp -d /tmp/antre-snap-XXXXXX)
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
. "$src/tests/lib.sh"
command -v identify >/dev/null || { echo "skipped: no imagemagick"; exit 77; }
mkdir -p "$out"

start_antred "$src/tests/fixtures/office.ini"
for _ in 1 2 3; do
  curl -s -XPOST -H "Authorization: Bearer kiosk-test-token-0000" -d '{"service":"KESEHATAN"}' \
    "$url/api/v1/tickets" >/dev/null
done

shot() {   # shot SIZE LANG SCREEN
  local png="$out/kiosk-$3-$1-$2.png" show=()
  [ "$3" = home ] || show=(--show "$3")
  SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy "$build/kiosk/antre-kiosk" --server "$url" \
    --token kiosk-test-token-0000 --printer "file:$work/out.bin" --size "$1" --lang "$2" \
    "${show[@]}" --snapshot "$png" --quit-after-ms 600 2>/dev/null || fail "snapshot $png"
  [ "$(identify -format '%wx%h' "$png")" = "$1" ] || fail "$png is not $1"
  # a real screen has text in it: many distinct colours, not a blank fill
  [ "$(identify -format '%k' "$png")" -gt 50 ] || fail "$png looks blank"
}
for size in 1080x1920 1920x1080 1280x800; do
  for lang in id en; do
    shot "$size" "$lang" home
  done
done
for screen in ticket paper-out print-failed unavailable; do
  shot 1920x1080 id "$screen"
  shot 1080x1920 en "$screen"
done
# the home screen shows the live count of the three waiting at KESEHATAN
echo "kiosk snapshots: ok ($(ls "$out" | wc -l) in $out)"
