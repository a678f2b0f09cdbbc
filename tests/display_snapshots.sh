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
. "$src/tests/lib.sh"
test_begin dsnap identify:imagemagick tesseract:tesseract-ocr
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

# what OCR reads in the box X,Y,W,H (per cent of the picture), O read as 0
read_box() {   # read_box PNG X Y W H
  local w h
  w=$(identify -format '%w' "$1") h=$(identify -format '%h' "$1")
  convert "$1" -crop "$((w * $4 / 100))x$((h * $5 / 100))+$((w * $2 / 100))+$((h * $3 / 100))" \
    +repage "$work/crop.png"
  tesseract "$work/crop.png" - 2>/dev/null | tr 'O' '0'
}
# reads PNG X Y W H TEXT: the picture as it is now reads TEXT in the box
reads() { ui_peek "$1" && read_box "$1" "$2" "$3" "$4" "$5" | grep -qi "$6"; }
# The office's state reaches the display as the stream's snapshot, which neither the
# trace nor the log shows (only live calls are "shown"): "online" (the stream's first
# bytes are in) is waited for, and a picture that OCR checks is looked at until it reads
# what it must.
shot() {   # shot LAYOUT SIZE NAME [X Y W H TEXT]
  local png="$out/$3-$2.png"
  rm -f "$png"
  ui_start "$build/display/antre-display" --server "$url" --layout "$1" --size "$2" --no-audio \
    --snapshot "$png"
  ui_wait 30 "the $1 display at $2 online" ui_logged '^antre-display: online$'
  [ $# = 3 ] || ui_wait 60 "'$8' on the $1 display at $2" reads "$png" "${@:4}"
  ui_quit "display $1 $2"
  [ -s "$png" ] || fail "no $png"
  [ "$(identify -format '%wx%h' "$png")" = "$2" ] || fail "$png is not $2"
  [ "$(identify -format '%k' "$png")" -gt 50 ] || fail "$png looks blank"
}
# the call made last is what the wall's tile and counter 27's screen show
shot wall 1920x1080 wall 0 10 38 55 "$last"
shot counter:27 1920x1080 counter-27
shot wall 1080x1920 wall
shot counter:27 1080x1920 counter-27
shot wall 1280x720 wall
shot counter:27 1280x720 counter-27 0 18 100 65 "$last"
shot wall 800x480 wall
shot counter:27 800x480 counter-27
shot counter:30 800x480 counter-30-paused 0 18 100 65 istirahat

# and the pictures saved at the end read so too
read_box "$out/wall-1920x1080.png" 0 10 38 55 | grep -q "$last" ||
  fail "the wall's now-calling tile does not read $last"
read_box "$out/counter-27-1280x720.png" 0 18 100 65 | grep -q "$last" ||
  fail "counter 27's screen does not read $last"
read_box "$out/counter-30-paused-800x480.png" 0 18 100 65 | grep -qi "istirahat" ||
  fail "counter 30's screen does not say it is on a break"
echo "display snapshots: ok ($(ls "$out" | wc -l) in $out), $last read back"
