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
at_geometry() { [ "$(geometry)" = "$1" ]; }
shot() {   # shot NAME SCREEN CMD...: fullscreen on the current X screen, window and snapshot
  local png=$work/$1.png screen=$2 ui geo want
  shift 2
  # SDL's X11 start leaves libdbus allocations behind with no session bus (windowed too):
  # not ours, and not what this test is about, so LeakSanitizer is off for these runs.
  # It runs until the window has been judged (60 s at most), then quits on SIGTERM (SDL
  # makes that a quit) and saves its picture: a timer that ran out first on a loaded
  # machine took the window away before its geometry was read.
  ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 SDL_AUDIODRIVER=dummy "$@" --snapshot "$png" --quit-after-ms 60000 >/dev/null 2>"$work/ui.log" &
  ui=$!
  wait_for 30 sh -c "xdotool search --onlyvisible --name . >/dev/null 2>&1" ||
    fail "$*: no window on the screen: $(cat "$work/ui.log")"
  # (the window may be mapped a moment before it is made fullscreen: wait for it)
  want="0,0 $screen"
  wait_for 10 at_geometry "$want" || true
  geo=$(geometry)
  [ "$geo" = "$want" ] || fail "$*: the window on a $screen screen is at $geo"
  kill -TERM "$ui"
  wait "$ui" || fail "$*: $(cat "$work/ui.log")"
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
