#!/usr/bin/env bash
# A printer fault the kiosk already knows is on its home screen before anyone taps
# (issue 12, the reviewer's finding): the real kiosk on the SDL dummy driver with a real
# ippeveprinter out of paper says so on home in both languages, a tap on a service
# issues nothing, and once the paper is in again (the printer's own media page) home
# issues again and a tap gives a ticket. Taps through the test seam (ui_app.h).
#   kiosk_printer_home.sh BUILD_DIR SOURCE_DIR     (exit 77 without the tools)
set -euo pipefail
build=$1 src=$2
. "$src/tests/lib.sh"
test_begin kiosk-printer dbus-daemon:dbus-daemon ippeveprinter:cups-ipp-utils curl \
  convert:imagemagick
extra=()
trap 'for p in "${extra[@]}"; do kill "$p" 2>/dev/null || true; done; test_cleanup' EXIT

start_antred "$src/tests/fixtures/office.ini"
kiosk=("$build/kiosk/antre-kiosk" --server "$url" --size 1920x1080)
waiting() {   # waiting count of a service
  curl -s "$url/api/v1/state" | grep -o "\"id\":\"$1\",\"prefix\":\"[A-Z]\",[^}]*\"waiting\":[0-9]*" |
    grep -o '"waiting":[0-9]*' | cut -d: -f2
}
center() {   # center ID [--show SCREEN]: x y of a control's middle, from --dump-layout
  local id=$1
  shift
  "${kiosk[@]}" --dump-layout "$@" | tr -d '\n ' | grep -o "{\"id\":\"$id\"[^}]*}" | head -1 |
    sed 's/.*"x":\([0-9]*\),"y":\([0-9]*\),"w":\([0-9]*\),"h":\([0-9]*\).*/\1 \2 \3 \4/' |
    awk '{ print int($1 + $3 / 2), int($2 + $4 / 2) }'
}
tap() { echo "tap $1 $2" >&"$ui_in"; }
# the colour at X,Y of a picture, as #rrggbb
colour() { convert "$1" -format "%[hex:p{$2,$3}]" info: | cut -c1-6 | tr A-F a-f; }

dbus-daemon --session --address="unix:path=$work/bus" --nofork >/dev/null 2>&1 &
extra+=($!)
wait_for 5 test -S "$work/bus" || fail "no D-Bus"
mkdir -p "$work/spool" "$work/ippout"
for try in 1 2 3; do   # a random port may be taken: another one
  ipport=$(( 20000 + RANDOM % 20000 ))
  DBUS_SYSTEM_BUS_ADDRESS="unix:path=$work/bus" ippeveprinter -p "$ipport" -n localhost -r off -k \
    -c /bin/cat -d "$work/spool" -D "file://$work/ippout" \
    -f application/vnd.cups-raw,application/vnd.escpos -F application/vnd.cups-raw Ticket \
    >"$work/ippeveprinter.log" 2>&1 &
  ippid=$!
  extra+=("$ippid")
  wait_for 10 curl -s -o /dev/null "http://localhost:$ipport/" && kill -0 "$ippid" 2>/dev/null && break
  kill "$ippid" 2>/dev/null || true
  [ "$try" = 3 ] && { cat "$work/ippeveprinter.log" >&2; fail "ippeveprinter did not start"; }
done
media="http://localhost:$ipport/media?size1=na_letter_8.5x11in&type1=stationery&size3=na_letter_8.5x11in&type3=stationery"
curl -s -o /dev/null "$media&level1=0&level3=0"   # out of paper

read -r dx dy < <(center DISNAKER)
read -r lx ly < <(center lang)
read -r rx ry < <(center regular --show priority)
[ -n "$dx" ] && [ -n "$lx" ] && [ -n "$rx" ] || fail "no DISNAKER, lang or regular in --dump-layout"

ui_start "${kiosk[@]}" --token kiosk-test-token-0000 --printer "ipp://localhost:$ipport/ipp/print" \
  --snapshot "$work/home.png"
# 1. nobody has tapped: home already says it, and antred's state has it for the staff
ui_wait 20 "home saying the paper is out" ui_logged "printer paper_out: home shows the fault"
ui_framed home || fail "not on home"
! ui_logged "screen (priority|issuing|printer-fault)" || fail "a screen other than home came first"
curl -s "$url/api/v1/state" | grep -q '"printer":"paper_out"' || fail "antred does not know the paper is out"
ui_peek "$work/home.png" || fail "no picture of home"
# the band under the header (kiosk_layout.c: header h/8, margin h/40) is the fault's red
[ "$(colour "$work/home.png" 960 175)" = a61b1b ] ||
  fail "no red fault band on home: $(colour "$work/home.png" 960 175) at 960,175"
cp "$work/home.png" "$build/kiosk-home-paper-out-live.png" 2>/dev/null || true
# 2. a tap on a service does nothing; the language tap after it is drawn once the first
#    was handled (one event queue), and the band is then in English first
frames() { grep -c "^frame " "$work/ui.trace" || true; }
drawn_since() { [ "$(frames)" -gt "$1" ]; }
before=$(frames)
tap "$dx" "$dy"
tap "$lx" "$ly"
ui_wait 10 "the language tap drawn" drawn_since "$before"
! ui_logged "screen (priority|issuing|printer-fault)" || fail "a tap with no paper left home"
[ "$(waiting DISNAKER)" = 0 ] || fail "a ticket was issued with no paper"
tap "$lx" "$ly"   # back to Indonesian for the next applicant
# 3. paper in: home issues again by itself (the kiosk looks every 2 s while faulted)
curl -s -o /dev/null "$media&level1=250&level3=250"
ui_wait 20 "home issuing again after the paper is in" ui_logged "printer ready: home issues again"
tap "$dx" "$dy"
ui_wait 10 "the priority step" ui_logged "screen priority"
# the step ignores taps in its first half second: tap "regular" until it is left
picked() { tap "$rx" "$ry"; sleep 0.3; ui_logged "screen (issuing|ticket)"; }
ui_wait 10 "the regular choice taken" picked
ui_wait 15 "the ticket screen" ui_logged "screen ticket A001"
[ "$(waiting DISNAKER)" = 1 ] || fail "no ticket after the paper came back"
ui_quit "kiosk"
echo "kiosk printer fault on home: ok"
