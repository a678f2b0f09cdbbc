#!/usr/bin/env bash
# Display snapshots on the SDL dummy driver against a real antred with 30 open counters
# and long names: the wall and the counter layout at 1920x1080, 1080x1920, 1280x720 and
# 800x480, written to BUILD/display-snapshots/ for people to look at. Each must be the
# right size and not blank, and OCR (tesseract) must read the numbers called through
# the API on the wall's "now calling" tile and on the counter screen.
#   display_snapshots.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$1 src=$2
out="$build/display-snapshots"
work=$(mktemp -d /tmp/antre-dsnap-XXXXXX)
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
. "$src/tests/lib.sh"
command -v identify >/dev/null || { echo "skipped: no imagemagick"; exit 77; }
command -v tesseract >/dev/null || { echo "skipped: no tesseract-ocr"; exit 77; }
mkdir -p "$out"

start_antred "$src/tests/fixtures/hall30.ini"
antre() { "$build/firmware/cli/antre" --server "$url" --token admin-test-token-0000 "$@"; }

# a busy afternoon: every counter open, 48 waiting, 28 called, one on a break
for c in $(seq 30); do antre open "$c" >/dev/null; done
for s in DISNAKER DUKCAPIL KESEHATAN SKCK IMIGRASI BPJS PAP INFO; do
  for _ in 1 2 3 4 5 6; do antre issue "$s" >/dev/null; done
done
for c in $(seq 28); do antre call-next "$c" >/dev/null; done
antre pause 30 >/dev/null
last=$(antre --json call-next 27 | grep -o '"number": *"[A-Z0-9]*"' | head -1 | grep -o '[A-Z][0-9]*')
[ -n "$last" ] || fail "call-next 27 gave no number"

shot() {   # shot LAYOUT SIZE NAME
  local png="$out/$3-$2.png"
  SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy "$build/display/antre-display" --server "$url" \
    --layout "$1" --size "$2" --no-audio --snapshot "$png" --quit-after-ms 1500 \
    2>"$work/display.log" || { cat "$work/display.log" >&2; fail "snapshot $png"; }
  [ "$(identify -format '%wx%h' "$png")" = "$2" ] || fail "$png is not $2"
  [ "$(identify -format '%k' "$png")" -gt 50 ] || fail "$png looks blank"
}
# what OCR reads in the box X,Y,W,H (per cent of the picture), O read as 0
read_box() {   # read_box PNG X Y W H
  local w h
  w=$(identify -format '%w' "$1") h=$(identify -format '%h' "$1")
  convert "$1" -crop "$((w * $4 / 100))x$((h * $5 / 100))+$((w * $2 / 100))+$((h * $3 / 100))" \
    +repage "$work/crop.png"
  tesseract "$work/crop.png" - 2>/dev/null | tr 'O' '0'
}
for size in 1920x1080 1080x1920 1280x720 800x480; do
  shot wall "$size" wall
  shot counter:27 "$size" counter-27
done
shot counter:30 800x480 counter-30-paused

# the call made last is what the wall's tile and counter 27's screen show
read_box "$out/wall-1920x1080.png" 0 10 38 55 | grep -q "$last" ||
  fail "the wall's now-calling tile does not read $last"
read_box "$out/counter-27-1280x720.png" 0 18 100 65 | grep -q "$last" ||
  fail "counter 27's screen does not read $last"
read_box "$out/counter-30-paused-800x480.png" 0 18 100 65 | grep -qi "istirahat" ||
  fail "counter 30's screen does not say it is on a break"
echo "display snapshots: ok ($(ls "$out" | wc -l) in $out), $last read back"
