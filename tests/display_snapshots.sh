#!/usr/bin/env bash
# Display snapshots on the SDL dummy driver against a real antred with 30 open counters
# and long names: the wall and the counter layout at 1920x1080, 1080x1920, 1280x720 and
# 800x480, then the wall with 10 counters open at 1920x1080, 1080x1920 and 1280x720,
# written to BUILD/display-snapshots/ for people to look at. Each must be the right size
# and not blank; OCR (tesseract) must read the number called last in the wall's
# "now calling" box, found by the display's own --dump-layout (so the crop follows the
# layout), and on the counter screen; and the number drawn there must be as tall as the
# layout's figures say (its cap height, for the 0.7 degrees at 10 m of display_layout.h).
# Then services limited and closed (issue 13): the wall and counter 27 with 1 and 3
# banners at 1920x1080, 1280x720 and 1080x1920, the banner read where the layout puts
# it, and none once every service is open again.
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

# The layout the display computes for SIZE (wall): "KEY": [x, y, w, h] or "KEY": N
dump() { "$build/display/antre-display" --server "$url" --size "$1" --dump-layout "${@:2}"; }
rect_of() { sed -n "s/.*\"$2\": \[\([0-9, ]*\)\].*/\1/p" "$1" | tr -d ' '; }
value_of() { grep -o "\"$2\": [0-9.]*" "$1" | grep -o '[0-9.]*$'; }
# what OCR reads in the box X,Y,W,H (pixels), zoomed so its text is ~50 px tall, O as 0
read_px() {   # read_px PNG X,Y,W,H ZOOM
  local x y w h
  IFS=, read -r x y w h <<<"$2"
  convert "$1" -crop "${w}x${h}+${x}+${y}" +repage -resize "$3%" "$work/crop.png"
  tesseract "$work/crop.png" - 2>/dev/null | tr 'O' '0'
}
# what OCR reads in the box X,Y,W,H (per cent of the picture), O read as 0
read_box() {   # read_box PNG X Y W H
  local w h
  w=$(identify -format '%w' "$1") h=$(identify -format '%h' "$1")
  read_px "$1" "$((w * $2 / 100)),$((h * $3 / 100)),$((w * $4 / 100)),$((h * $5 / 100))" 100
}
reads() { ui_peek "$1" && read_box "$1" "$2" "$3" "$4" "$5" | grep -qi "$6"; }
reads_px() { ui_peek "$1" && read_px "$1" "$2" "$3" | grep -q "$4"; }
# The office's state reaches the display as the stream's snapshot, which neither the
# trace nor the log shows (only live calls are "shown"): "online" (the stream's first
# bytes are in) is waited for, and a picture that OCR checks is looked at until it reads
# what it must.
start_shot() {   # start_shot LAYOUT SIZE PNG
  rm -f "$3"
  ui_start "$build/display/antre-display" --server "$url" --layout "$1" --size "$2" --no-audio \
    --snapshot "$3"
  ui_wait 30 "the $1 display at $2 online" ui_logged '^antre-display: online$'
}
end_shot() {   # end_shot LAYOUT SIZE PNG
  ui_quit "display $1 $2"
  [ -s "$3" ] || fail "no $3"
  [ "$(identify -format '%wx%h' "$3")" = "$2" ] || fail "$3 is not $2"
  [ "$(identify -format '%k' "$3")" -gt 50 ] || fail "$3 looks blank"
}
shot() {   # shot LAYOUT SIZE NAME [X Y W H TEXT]
  local png="$out/$3-$2.png"
  start_shot "$1" "$2" "$png"
  [ $# = 3 ] || ui_wait 60 "'$8' on the $1 display at $2" reads "$png" "${@:4}"
  end_shot "$1" "$2" "$png"
}
# The wall at SIZE: the number called last read in the layout's now-calling box, and
# drawn at least as tall as the layout's cap height (the glyphs' box, trimmed; round
# digits overshoot the cap line a little, so never less).
wall() {   # wall SIZE NAME
  local png="$out/$2-$1.png" box cap zoom x y w h drawn
  dump "$1" >"$work/layout.json"
  box=$(rect_of "$work/layout.json" now_number) cap=$(value_of "$work/layout.json" now_cap_px)
  [ -n "$box" ] && [ -n "$cap" ] || fail "--dump-layout at $1 gave no now_number"
  zoom=$((5000 / cap))
  start_shot wall "$1" "$png"
  ui_wait 60 "'$last' in the now-calling box at $1 ($box)" reads_px "$png" "$box" "$zoom" "$last"
  end_shot wall "$1" "$png"
  IFS=, read -r x y w h <<<"$box"
  drawn=$(convert "$png" -crop "${w}x${h}+${x}+${y}" +repage -fuzz 25% -trim -format '%h' info:)
  echo "wall $2 $1: $(grep -o '"now_cap_mm.*' "$work/layout.json" | tr -d '\n')" \
    "drawn $drawn px (layout: cap $cap px);" \
    "$(grep -o '"cell_cap_mm.*' "$work/layout.json" | tr -d '\n')"
  [ "$drawn" -ge "$cap" ] || fail "the number at $1 is $drawn px tall, the layout says $cap"
}
# the call made last is what the wall's tile and counter 27's screen show
wall 1920x1080 wall
shot counter:27 1920x1080 counter-27
wall 1080x1920 wall
shot counter:27 1080x1920 counter-27
wall 1280x720 wall
shot counter:27 1280x720 counter-27 0 18 100 65 "$last"
shot wall 800x480 wall
shot counter:27 800x480 counter-27
shot counter:30 800x480 counter-30-paused 0 18 100 65 istirahat

# a quieter morning: 10 counters open, on one page
for c in 10 $(seq 11 26) 28; do   # 27 stays open: its call is still "now calling"
  antre no-show "$c" >/dev/null
  antre close "$c" >/dev/null
done
antre close 29 >/dev/null && antre close 30 >/dev/null
wall 1920x1080 wall-10
wall 1080x1920 wall-10
wall 1280x720 wall-10

# Services not open as usual (issue 13): a banner each, Indonesian first, on the wall
# and the counter screens; the display logs which banners a frame on the glass shows.
banners_shown() { ui_logged "^antre-display: banners $1\$"; }
banner_shot() {   # banner_shot LAYOUT SIZE NAME BANNERS
  local png="$out/$3-$2.png"
  start_shot "$1" "$2" "$png"
  ui_wait 30 "banners '$4' on the $1 display at $2" banners_shown "$4"
  end_shot "$1" "$2" "$png"
}
antre status IMIGRASI limited >/dev/null
one="IMIGRASI limited"
for size in 1920x1080 1280x720 1080x1920; do
  banner_shot wall "$size" wall-banner-1 "$one"
done
# a counter's screen tells only of its own services: Loket 27 serves KESEHATAN
dump 1920x1080 --layout counter:27 >"$work/layout.json"
grep -q '"banners": 0,' "$work/layout.json" ||
  fail "Loket 27's screen shows another service's banner: $(cat "$work/layout.json")"
# the banner reads the issue's sentence where the layout puts it
dump 1920x1080 >"$work/layout.json"
grep -q '"banners": 1,' "$work/layout.json" || fail "--dump-layout shows no banner: $(cat "$work/layout.json")"
box=$(rect_of "$work/layout.json" banner0)
read_px "$out/wall-banner-1-1920x1080.png" "$box" 150 | tr '\n' ' ' | grep -qi "gangguan" ||
  fail "the banner at $box does not read 'gangguan': $(read_px "$out/wall-banner-1-1920x1080.png" "$box" 150)"
antre status KESEHATAN closed --reason "Dokter sedang cuti" >/dev/null
antre status BPJS limited --reason "Server BPJS lambat, berkas diproses besok" >/dev/null
three="KESEHATAN closed, IMIGRASI limited, BPJS limited"
for size in 1920x1080 1280x720 1080x1920; do
  banner_shot wall "$size" wall-banner-3 "$three"
  banner_shot counter:27 "$size" counter-27-banner-1 "KESEHATAN closed"
done
# all open again: no banner left
for s in IMIGRASI KESEHATAN BPJS; do antre status "$s" open >/dev/null; done
dump 1920x1080 >"$work/layout.json"
grep -q '"banners": 0,' "$work/layout.json" || fail "banners left after every service opened"
shot wall 1920x1080 wall-banner-0
grep -q '^antre-display: banners ' "$work/ui.log" && fail "a banner drawn after every service opened"

# and the pictures saved at the end read so too
read_box "$out/counter-27-1280x720.png" 0 18 100 65 | grep -q "$last" ||
  fail "counter 27's screen does not read $last"
read_box "$out/counter-30-paused-800x480.png" 0 18 100 65 | grep -qi "istirahat" ||
  fail "counter 30's screen does not say it is on a break"
echo "display snapshots: ok ($(ls "$out" | wc -l) in $out), $last read back"
