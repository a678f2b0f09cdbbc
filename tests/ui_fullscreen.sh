#!/usr/bin/env bash
# Screens as kiosks: without --size the kiosk and the display fill the real screen,
# whatever its size, with no window manager (a bare Xvfb): a 1366x768 TV and a portrait
# 1080x1920 kiosk each get a window at 0,0 of exactly the screen's size (before, a
# 1920x1080 window centred on the screen: shifted and cut off) and draw a picture of it.
#   ui_fullscreen.sh BUILD_DIR SOURCE_DIR
set -uo pipefail
build=$1 src=$2
. "$src/tests/lib.sh"
test_begin ui_fullscreen Xvfb:xvfb xdotool:xdotool
xvfb_pid=""
trap 'kill $xvfb_pid 2>/dev/null; test_cleanup' EXIT
start_antred "$src/tests/fixtures/office.ini"

png_size() { od -An -tu1 -j16 -N8 "$1" |
  awk '{ printf "%dx%d", $1*16777216 + $2*65536 + $3*256 + $4, $5*16777216 + $6*65536 + $7*256 + $8 }'; }
geometry() { xdotool search --onlyvisible --name . getwindowgeometry %@ 2>/dev/null |
  awk '/Position/ { p = $2 } /Geometry/ { print p, $2 }' | head -1; }
at_geometry() { geo=$(geometry); [ "$geo" = "$1" ]; }
shot() {   # shot NAME SCREEN CMD...: fullscreen on the current X screen, window and snapshot
  local png=$work/$1.png screen=$2 ui geo want
  shift 2
  # SDL's X11 start leaves libdbus allocations behind with no session bus (windowed too):
  # not ours, and not what this test is about, so LeakSanitizer is off for these runs.
  # It quits by itself after 15 s and saves its picture; the window is judged meanwhile.
  # (Quitting it by a signal once judged raced SDL's start under load; 4 s was too short
  # for a loaded machine to show the window and read it.)
  ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 SDL_AUDIODRIVER=dummy "$@" --snapshot "$png" --quit-after-ms 15000 >/dev/null 2>"$work/ui.log" &
  ui=$!
  # (the window may be mapped a moment before it is fullscreen: judged on the read that
  # found it right, else on the last one, "nowhere" when no window was seen)
  want="0,0 $screen"
  wait_for 14 at_geometry "$want" ||
    fail "$*: the window on a $screen screen is at ${geo:-nowhere}: $(cat "$work/ui.log")"
  wait "$ui" || fail "$*: exit $?: $(cat "$work/ui.log")"
  [ -f "$png" ] || fail "$*: no snapshot"
}
for screen in 1366x768 1080x1920; do
  start_xvfb "$screen"
  export -n SDL_VIDEODRIVER
  shot "kiosk-$screen" "$screen" "$build/kiosk/antre-kiosk" --server "$url" --token kiosk-test-token-0000 \
    --printer "png:$work"
  [ "$(png_size "$work/kiosk-$screen.png")" = "$screen" ] ||
    fail "kiosk fullscreen on a $screen screen is $(png_size "$work/kiosk-$screen.png")"
  shot "wall-$screen" "$screen" "$build/display/antre-display" --server "$url" --layout wall --no-audio
  [ "$(png_size "$work/wall-$screen.png")" = "$screen" ] ||
    fail "wall fullscreen on a $screen screen is $(png_size "$work/wall-$screen.png")"
  kill "$xvfb_pid"; wait "$xvfb_pid" 2>/dev/null; xvfb_pid=""
done
echo "ui fullscreen: ok"
