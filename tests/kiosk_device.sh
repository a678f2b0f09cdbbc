#!/usr/bin/env bash
# A kiosk box needs only the server and its token (issue 11): antre-kiosk without
# --printer learns the printer and paper of its [kiosk ID] section from antred
# (GET /api/v1/devices/self), waits for an antred that is not up yet, and --printer /
# --paper on the command line override the section. Checked from outside: where the
# real kiosk (SDL dummy driver, tapped through its test seam) printed, and how wide.
#   kiosk_device.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$1 src=$2
. "$src/tests/lib.sh"
test_begin kiosk-device curl identify:imagemagick
kiosk=$build/kiosk/antre-kiosk

# the test office, with the lobby kiosk printing PNGs on 58 mm paper, and a kiosk
# whose section names no printer
sed -e "s|^printer = file:/dev/null|printer = png:$work/lobby\npaper = 58|" \
  "$src/tests/fixtures/office.ini" >"$work/office.ini"
cat >>"$work/office.ini" <<INI

[kiosk side]
token = kiosk-side-token-00000
INI
grep -q "png:$work/lobby" "$work/office.ini" || fail "the fixture's kiosk printer line moved"
mkdir -p "$work/lobby" "$work/other"

# 1. The API: who a token is; a kiosk gets its own section, found by its token.
port=$(test_port)
SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy "$kiosk" --server "http://127.0.0.1:$port" \
  --token kiosk-test-token-0000 --size 1080x1920 --trace-frames --quit-after-ms 60000 \
  </dev/null >"$work/early.trace" 2>"$work/early.log" &
early=$! ui_pid=$!   # (test_cleanup kills it if the test fails before it is stopped)
wait_for 10 grep -q "waiting for antred at http://127.0.0.1:$port to learn this kiosk's printer" \
  "$work/early.log" || fail "a kiosk started before antred does not say it waits: $(cat "$work/early.log")"
restart_antred "$port" "$work/antred.log" "$work/office.ini"
url="http://127.0.0.1:$port"
code() { curl -s -o "$work/body" -w '%{http_code}' "$@"; }
[ "$(code "$url/api/v1/devices/self")" = 401 ] || fail "self without a token: not 401"
grep -q '"message":"send a kiosk' "$work/body" || fail "401 without its sentence: $(cat "$work/body")"
[ "$(code -H 'Authorization: Bearer admin-test-token-0000' "$url/api/v1/devices/self")" = 200 ] ||
  fail "self with the admin token: not 200"
tr -d ' \n' <"$work/body" | grep -qx '{"kind":"admin"}' || fail "the admin token is not told so: $(cat "$work/body")"
[ "$(code -H 'Authorization: Bearer counter-2-test-token' "$url/api/v1/devices/self")" = 200 ] ||
  fail "self with counter 2's token: not 200"
grep -q '"kind":"console","id":"2","name":"Loket 2"' "$work/body" ||
  fail "counter 2's token is not told its counter: $(cat "$work/body")"
[ "$(code -H 'Authorization: Bearer kiosk-test-token-0000' "$url/api/v1/devices/self")" = 200 ] ||
  fail "self with the kiosk token: not 200"
tr -d ' \n' <"$work/body" | grep -q "\"id\":\"lobby\",\"printer\":\"png:$work/lobby\",\"paper_mm\":58" ||
  fail "self does not carry the lobby's section: $(cat "$work/body")"

# the kiosk that waited goes on by itself once antred is up: it opens its screen
wait_for 20 grep -Eq "^frame [0-9.]+ [0-9.]+ home$" "$work/early.trace" ||
  fail "the kiosk that waited for antred never showed its home screen: $(cat "$work/early.log")"
kill "$early" 2>/dev/null; wait "$early" 2>/dev/null || true
ui_pid=""

# button centres of the home screen and the priority step, from --dump-layout
centre() {   # centre SCREEN ID
  "$kiosk" --server "$url" --dump-layout --size 1080x1920 --show "$1" | tr -d '\n ' |
    grep -o "{\"id\":\"$2\"[^}]*}" | head -1 |
    sed 's/.*"x":\([0-9]*\),"y":\([0-9]*\),"w":\([0-9]*\),"h":\([0-9]*\).*/\1 \2 \3 \4/' |
    awk '{ print int($1 + $3 / 2), int($2 + $4 / 2) }'
}
read -r sx sy < <(centre home DISNAKER)
read -r rx ry < <(centre priority regular)
[ -n "$sx" ] && [ -n "$rx" ] || fail "no DISNAKER or regular button in --dump-layout"

# one ticket from a kiosk started with ARGS; echoes nothing, fails on its own
take_ticket() {
  ui_start "$kiosk" --server "$url" --token kiosk-test-token-0000 --size 1080x1920 "$@"
  ui_wait 20 "the home screen" ui_framed 'home'
  echo "tap $sx $sy" >&"$ui_in"
  ui_wait 20 "the priority step" ui_framed 'priority'
  # the step ignores taps for its first half second: tapped until it is left
  until ui_framed 'ticket [A-Z][0-9]+( busy)?'; do
    ui_running || fail "the kiosk ended: $(cat "$work/ui.log")"
    echo "tap $rx $ry" >&"$ui_in"
    sleep 0.2
  done
}
pngs() { find "$1" -name '*.png' | wc -l; }
width_of_one() { identify -format '%w' "$(find "$1" -name '*.png' | head -1)"; }

# 2. No --printer: the section's printer and paper.
take_ticket
ui_wait 20 "a ticket in the section's png folder" test "$(pngs "$work/lobby")" -ge 1
ui_quit "the kiosk"
w58=$(width_of_one "$work/lobby")

# 3. --printer and --paper override the section.
take_ticket --printer "png:$work/other" --paper 80
ui_wait 20 "a ticket in --printer's folder" test "$(pngs "$work/other")" -ge 1
ui_quit "the kiosk"
w80=$(width_of_one "$work/other")
[ "$(pngs "$work/lobby")" = 1 ] || fail "the overriding kiosk also printed to the section's printer"
[ "$w58" -lt "$w80" ] || fail "the section's 58 mm paper was not used: $w58 px vs $w80 px at 80 mm"

# 4. A section with no printer, and no --printer: refused with a sentence, nothing opens.
rc=0
SDL_VIDEODRIVER=dummy timeout 20 "$kiosk" --server "$url" --token kiosk-side-token-00000 \
  --size 1080x1920 2>"$work/side.log" || rc=$?
[ "$rc" = 2 ] || fail "a kiosk with no printer anywhere exited $rc, not 2"
grep -q '^antre-kiosk: \[kiosk side\] in antred.s config has no printer = line, and --printer was not given$' \
  "$work/side.log" || fail "no sentence for the missing printer: $(cat "$work/side.log")"
echo "ok: section printer ${w58}px (58 mm), override ${w80}px (80 mm)"
