#!/usr/bin/env bash
# A returning applicant at the real kiosk (issue 13 item 5): antred under a clock we
# move (libfaketime), the kiosk under Xvfb with its file: printer, typed at by xdotool as
# a USB barcode scanner types (fast keys, then Return) and clicked on its keypad.
#  - day 1: five CPMI journeys are deferred at the health check over the API: four
#    until day 2, one until 2026-12-07; antred is killed with -9;
#  - day 2: the first code scanned: a new ticket of today (P001, visit 2, at the health
#    check) is printed and shown; scanned again: the same ticket, not a second one;
#  - an unknown code: the "not recognised" screen, nothing issued;
#  - the later journey's code: the too-early screen with its date;
#  - the third code typed on the keypad with clicks: P002 printed, visit 2;
#  - the fourth journey by its QR code (the status URL of its first ticket): P003;
#  - the printer broken: the first code again is a reprint that fails, and P001 stands;
#    the fifth code's P004 fails to print and is cancelled, and the same code, once the
#    printer works, prints P005 (visit 2);
#  - that code again once its ticket of today is cancelled otherwise: "already used today".
#   kiosk_resume.sh BUILD_DIR SOURCE_DIR        (exit 77 without Xvfb/xdotool/faketime)
set -euo pipefail
build=$1 src=$2
lib=/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1   # MT: antred has threads
. "$src/tests/lib.sh"
[ -e "$lib" ] || { echo "skipped: no faketime ($lib)"; exit 77; }
test_begin kresume Xvfb:xvfb xdotool curl
kpid="" xvfb_pid=""
trap 'for p in $kpid $xvfb_pid $pid; do kill "$p" 2>/dev/null; done; wait 2>/dev/null; rm -rf "$work"' EXIT
fail() {
  echo "FAIL: $*" >&2
  echo "--- kiosk log:" >&2; cat "$work/kiosk.log" >&2 2>/dev/null || true
  echo "--- antred log:" >&2; tail -20 "$work/antred.log" >&2 2>/dev/null || true
  exit 1
}
kiosk_token=kiosk-test-token-0000
cp "$src/tests/fixtures/office.ini" "$work/office.ini"

clock=$work/clock
api() {   # api METHOD PATH TOKEN [BODY]: the body of a 2xx answer
  curl -sf -X "$1" -H "Authorization: Bearer $3" -H 'Content-Type: application/json' \
    ${4:+-d "$4"} "$url$2" || fail "$1 $2 ${4:-}"
}
desk() { api POST "/api/v1/counters/$1/$2" "counter-$1-test-token" "${3:-}"; }
field() { grep -o "\"$1\":\"[^\"]*\"" | head -1 | cut -d'"' -f4; }
num() { grep -o "\"$1\":[0-9]*" | head -1 | cut -d: -f2; }
wait_day() { wait_for 20 sh -c "curl -sf '$url/api/v1/state' | grep -q '\"day\":\"$1\"'" ||
  fail "the office day never became $1"; }
# defer_journey DATE: a CPMI journey registered at DISNAKER, deferred at the health
# check until DATE; prints its code and its first ticket's id
defer_journey() {
  local out
  out=$(api POST /api/v1/tickets "$kiosk_token" '{"journey":"CPMI"}')
  desk 1 call-next >/dev/null; desk 1 finish >/dev/null
  desk 4 call-next >/dev/null
  desk 4 defer "{\"return_on\":\"$1\"}" | grep -q '"state":"deferred"' || fail "not deferred"
  echo "$(field code <<<"$out") $(field id <<<"$out")"
}

# Day 1
set_clock "2026-12-02 08:30:00"
faked start_antred "$work/office.ini"
read -r code1 _ < <(defer_journey 2026-12-03)
read -r code_late _ < <(defer_journey 2026-12-07)
read -r code3 _ < <(defer_journey 2026-12-03)
read -r _ first4 < <(defer_journey 2026-12-03)
read -r code5 first5 < <(defer_journey 2026-12-03)
[[ $code1 =~ ^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$ ]] || fail "code $code1"
kill -9 "$pid"; wait "$pid" 2>/dev/null || true

# Day 2: the kiosk (on the real clock; only antred's day matters) with its printer
set_clock "2026-12-03 09:00:00"
faked restart_antred "$port" "$work/antred.log" "$work/office.ini"
wait_day 2026-12-03
start_xvfb
export SDL_AUDIODRIVER=dummy
"$build/kiosk/antre-kiosk" --server "$url" --token "$kiosk_token" --printer "file:$work/out.bin" \
  --size 1920x1080 --trace-frames >"$work/kiosk.frames" 2>"$work/kiosk.log" &
kpid=$!
wid=$(timeout 10 xdotool search --sync --onlyvisible --pid "$kpid" --name antre-kiosk | head -1) ||
  fail "no kiosk window"
wait_for 10 grep -q "^frame .* home" "$work/kiosk.frames" || fail "the kiosk drew no home screen"
xdotool windowfocus --sync "$wid" || true
on_screen() { grep "screen " "$work/kiosk.log" | tail -1 | grep -q "screen $1"; }
screens() { grep -c "screen $1" "$work/kiosk.log" || true; }
# scan TEXT: as a USB scanner types it, lower case and without the dash (as the code's
# QR status URL or a scanner set to lower case could), keys 15 ms apart, then Return
# (one xdotool running a script: a second xdotool started under load could come later
# than a scanner's Enter ever does; "type" on a command line takes every word after it)
scan() { printf 'type --delay 15 %s\nkey Return\n' "$1" | xdotool -; }
waiting_at() {   # waiting count of a service
  curl -s "$url/api/v1/state" | grep -o "\"id\":\"$1\",\"prefix\":\"[A-Z]\",[^}]*\"waiting\":[0-9]*" |
    grep -o '"waiting":[0-9]*' | cut -d: -f2
}
ticket_of() { grep -o "issued $1 (ticket [^)]*)" "$work/kiosk.log" | tail -1 | sed 's/.*ticket \(.*\))/\1/'; }
layout() {   # layout SCREEN ID: the centre x y of a control
  "$build/kiosk/antre-kiosk" --server "$url" --dump-layout --size 1920x1080 ${1:+--show "$1"} |
    tr -d '\n ' | grep -o "{\"id\":\"$2\"[^}]*}" |
    sed 's/.*"x":\([0-9]*\),"y":\([0-9]*\),"w":\([0-9]*\),"h":\([0-9]*\).*/\1 \2 \3 \4/' |
    awk '{ print int($1 + $3 / 2), int($2 + $4 / 2) }'
}
click() { xdotool mousemove --window "$wid" 0 0 mousemove --window "$wid" "$1" "$2" click 1; }
# printed: the ticket screen of NUMBER with nothing in flight (a scan while a ticket
# prints is not taken: the kiosk is not idle)
printed() { wait_for 15 grep -Eq "^frame [0-9.]+ [0-9.]+ ticket $1\$" "$work/kiosk.frames" ||
  fail "$1 was never shown printed"; }
printer_ready() { grep "antre-kiosk: printer " "$work/kiosk.log" | tail -1 | grep -q "printer ready"; }
tapped_home() { xdotool mousemove --window "$wid" 5 1070 click 1; sleep 0.2; on_screen home; }

# 1. the first code, scanned: today's P001 at the health check, visit 2, printed
scan "$(tr -d - <<<"$code1" | tr 'A-Z' 'a-z')"
wait_for 15 grep -q "screen ticket P001" "$work/kiosk.log" || fail "no ticket screen for the scan"
wait_for 10 grep -q "P001" "$work/out.bin" || fail "the printer file does not hold P001"
id1=$(ticket_of P001)
[ -n "$id1" ] || fail "no issued line for P001"
t=$(curl -sf "$url/api/v1/tickets/$id1")
[ "$(num visit <<<"$t")" = 2 ] || fail "the return visit is not visit 2: $t"
[ "$(field service <<<"$t")" = KESEHATAN ] || fail "not back at the health check: $t"
[ "$(waiting_at KESEHATAN)" = 1 ] || fail "KESEHATAN waits $(waiting_at KESEHATAN), not 1"

# 2. scanned again (over the ticket screen): the same ticket, no second one
printed P001
scan "$code1"
wait_for 15 sh -c "grep -c 'issued P001 (ticket $id1)' '$work/kiosk.log' | grep -qx 2" ||
  fail "the second scan did not answer with the same P001"
grep -q "resume .*: 200 " "$work/kiosk.log" || fail "the second resume was not a 200"
[ "$(waiting_at KESEHATAN)" = 1 ] || fail "a second scan made a second ticket"
! grep -q "issued P002" "$work/kiosk.log" || fail "a second scan issued P002"

# 3. an unknown code
scan "ZZZZ-ZZZZ"
wait_for 15 on_screen resume-unknown || fail "no unknown-code screen"
[ "$(waiting_at KESEHATAN)" = 1 ] || fail "an unknown code issued something"

# 4. a code before its date: the too-early screen, with the date
scan "$code_late"
wait_for 15 on_screen "resume-early 2026-12-07" || fail "no too-early screen with 2026-12-07"
grep -q '"return_on":"2026-12-07"' "$work/kiosk.log" || fail "the 409 had no return_on"

# 5. the keypad by clicks: home, "returning?", the eight keys, OK
wait_for 30 tapped_home || fail "did not go home"
read -r rx ry < <(layout "" resume)
[ -n "$rx" ] || fail "no resume button on home"
click "$rx" "$ry"
wait_for 10 on_screen keypad || fail "the returning button opened no keypad"
for c in $(tr -d - <<<"$code3" | fold -w1); do
  read -r kx ky < <(layout keypad "key_$c")
  [ -n "$kx" ] || fail "no key $c on the keypad"
  xdotool mousemove --window "$wid" "$kx" "$ky" click 1
done
read -r ox oy < <(layout keypad ok)
xdotool mousemove --window "$wid" "$ox" "$oy" click 1
wait_for 15 grep -q "screen ticket P002" "$work/kiosk.log" || fail "the keypad's code gave no P002"
grep -q "resume $(tr -d - <<<"$code3"): 201" "$work/kiosk.log" || fail "the keypad did not send $code3"
wait_for 10 grep -q "P002" "$work/out.bin" || fail "the printer file does not hold P002"
t=$(curl -sf "$url/api/v1/tickets/$(ticket_of P002)")
[ "$(num visit <<<"$t")" = 2 ] || fail "the keypad's return visit is not visit 2: $t"
[ "$(waiting_at KESEHATAN)" = 2 ] || fail "KESEHATAN waits $(waiting_at KESEHATAN), not 2"

# 6. the QR code on the fourth journey's first ticket: its status URL, scanned
printed P002
scan "http://antre.local/t/$first4"
wait_for 15 grep -q "screen ticket P003" "$work/kiosk.log" || fail "the status URL gave no P003"
wait_for 10 grep -q "P003" "$work/out.bin" || fail "the printer file does not hold P003"
t=$(curl -sf "$url/api/v1/tickets/$(ticket_of P003)")
[ "$(field origin <<<"$t")" = "$first4" ] || fail "P003 is not of the fourth journey: $t"

# 7. the printer breaks (its file is a folder now: the job cannot be written)
printed P003
mv "$work/out.bin" "$work/out.keep" && mkdir "$work/out.bin"
# 7a. the first code again: a reprint of P001 fails, and P001 stands (the applicant has
#     the first paper; before, the kiosk cancelled the number they held)
scan "$code1"
wait_for 15 grep -q "the reprint of P001 failed; the ticket stands" "$work/kiosk.log" ||
  fail "no failed reprint of P001"
wait_for 10 on_screen print-failed || fail "no print-failed screen for the reprint"
[ "$(field state <<<"$(curl -sf "$url/api/v1/tickets/$id1")")" = waiting ] ||
  fail "a failed reprint cancelled P001"
# 7b. a first return visit whose paper does not come out: the kiosk cancels it ...
#     (scanned once the kiosk is home and its printer check says ready again: a code is
#     not taken while the kiosk cannot issue)
wait_for 30 tapped_home || fail "did not go home after the failed reprint"
wait_for 30 printer_ready || fail "the printer never came back ready"
scan "$code5"
wait_for 15 grep -q "issued P004" "$work/kiosk.log" || fail "the fifth code issued no P004"
wait_for 15 grep -q "ticket $(ticket_of P004) cancelled (print_failed)" "$work/kiosk.log" ||
  fail "the unprinted P004 was not cancelled"
# ... and once the printer works, the same code prints a new ticket of today (before:
#     "already used", and the applicant had to find a clerk)
rmdir "$work/out.bin" && mv "$work/out.keep" "$work/out.bin"
wait_for 30 tapped_home || fail "did not go home after the failed print"
wait_for 30 printer_ready || fail "the printer never came back ready"
scan "$code5"
wait_for 15 grep -q "screen ticket P005" "$work/kiosk.log" || fail "the fifth code again gave no P005"
wait_for 10 grep -q "P005" "$work/out.bin" || fail "the printer file does not hold P005"
t=$(curl -sf "$url/api/v1/tickets/$(ticket_of P005)")
[ "$(num visit <<<"$t")" = 2 ] || fail "P005 is not visit 2: $t"
[ "$(field origin <<<"$t")" = "$first5" ] || fail "P005 is not of the fifth journey: $t"

# 8. a code whose ticket of today was cancelled for another reason: a clear sentence,
#    nothing printed
api POST "/api/v1/tickets/$(ticket_of P005)/cancel" "$kiosk_token" '{"reason":"withdrawn"}' |
  grep -q '"state":"cancelled"' || fail "P005 was not cancelled"
printed P005
bytes=$(wc -c <"$work/out.bin")
scan "$code5"
wait_for 15 on_screen resume-refused || fail "no already-used screen for a cancelled ticket"
[ "$(wc -c <"$work/out.bin")" = "$bytes" ] || fail "a cancelled ticket was printed again"
echo "kiosk resume: ok"
