#!/usr/bin/env bash
# Option values are checked, not guessed: antre-kiosk and antre-display refuse a value
# they do not allow (--paper 57 used to become 80) with one line naming what is allowed
# and exit status 2; an allowed value gets as far as fetching the office.
#   ui_options.sh BUILD_DIR
set -uo pipefail
build=$1
kiosk=$build/kiosk/antre-kiosk display=$build/display/antre-display
nowhere=http://127.0.0.1:1   # nothing listens there: the office cannot be fetched
export SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy
fail() { echo "FAIL: $*" >&2; exit 1; }
refused() {   # refused PATTERN CMD...: exit status 2, one line on stderr matching PATTERN
  local pattern=$1 err rc
  shift
  err=$("$@" 2>&1 >/dev/null)
  rc=$?
  [ "$rc" = 2 ] || fail "$* exited $rc, not 2 ($err)"
  [ "$(printf '%s\n' "$err" | wc -l)" = 1 ] || fail "$*: more than one line: $err"
  printf '%s\n' "$err" | grep -q -- "$pattern" || fail "$*: '$err' does not say '$pattern'"
}

refused '^antre-kiosk: --paper 57: .*58 or 80' "$kiosk" --server "$nowhere" --dump-layout --paper 57
refused '^antre-kiosk: --paper 80mm: .*58 or 80' "$kiosk" --server "$nowhere" --dump-layout --paper 80mm
for paper in 58 80; do
  "$kiosk" --server "$nowhere" --dump-layout --paper "$paper" 2>/dev/null
  [ $? = 3 ] || fail "--paper $paper was not taken (3: the office cannot be read)"
done
refused '^antre-kiosk: --quit-after-ms soon: ' "$kiosk" --server "$nowhere" --dump-layout --quit-after-ms soon
refused '^antre-kiosk: --size 100x100: .*320x240' "$kiosk" --server "$nowhere" --dump-layout --size 100x100
refused '^antre-display: --quit-after-ms 1.5: ' "$display" --server "$nowhere" --quit-after-ms 1.5
refused '^antre-display: --size 1920: ' "$display" --server "$nowhere" --size 1920
echo "ui options: ok"
