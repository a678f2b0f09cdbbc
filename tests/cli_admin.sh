#!/usr/bin/env bash
# A clerk's admin actions by ticket number through the antre CLI against the real
# antred: look up, cancel, reprint (through antre-print, to a file printer), and the
# text report with its counters and journeys.
#   cli_admin.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$1 src=$2
antre=$build/firmware/cli/antre
. "$src/tests/lib.sh"
test_begin cli-admin
# expect CODE CMD...: run the CLI, check its exit code, keep its output in $out
expect() {
  local want=$1; shift
  set +e; out=$("$antre" "$@" 2>"$work/err"); got=$?; set -e
  [ "$got" = "$want" ] || fail "antre $* exited $got, want $want: $out $(cat "$work/err")"
}

start_antred "$src/tests/fixtures/office.ini"
export ANTRE_SERVER=$url
kiosk=(--token kiosk-test-token-0000) admin=(--token admin-test-token-0000)
expect 0 "${kiosk[@]}" issue DISNAKER
expect 0 "${kiosk[@]}" issue DISNAKER
expect 0 "${kiosk[@]}" issue --journey CPMI

# by number, typed any way: a2 is A002
expect 0 "${admin[@]}" ticket a2
[[ $out == *'"number": "A002"'* ]] || fail "ticket a2: $out"
expect 0 "${admin[@]}" cancel a2 --reason admin
[[ $out == *"A002"*"[cancelled]"* ]] || fail "cancel a2: $out"
expect 1 "${admin[@]}" cancel Z9
grep -q "no ticket numbered Z9 was issued today (HTTP 404)" "$work/err" ||
  fail "unknown number: $(cat "$work/err")"
expect 2 "${admin[@]}" cancel "A1;x"
# the number's lookup gives away the ticket's secret id: not to a kiosk
expect 1 "${kiosk[@]}" ticket A001

# reprint: the ticket with the office's header, through antre-print
expect 2 "${admin[@]}" reprint P1                       # no --printer
PATH=$build/printer:$PATH expect 0 "${admin[@]}" reprint p1 --printer "file:$work/p1.bin"
[[ $out == *"P001 dicetak ulang / reprinted"* ]] || fail "reprint: $out"
grep -q "P001" "$work/p1.bin" || fail "the reprinted bytes have no P001"
grep -q "LTSA P2MI" "$work/p1.bin" || fail "the reprinted ticket has no office header"
ANTRE_PRINT=/nonexistent expect 1 "${admin[@]}" reprint p1 --printer "file:$work/x.bin"
# the reprint by hand, as the README says: antre ticket's JSON to antre-print
"$antre" "${admin[@]}" ticket A1 >"$work/a1.json"
"$build/printer/antre-print" --config "$src/tests/fixtures/office.ini" \
  --ticket-json "$work/a1.json" --printer "file:$work/a1.bin" 2>"$work/err" ||
  fail "antre-print of antre ticket: $(cat "$work/err")"
grep -q "A001" "$work/a1.bin" || fail "no A001 in the printed bytes"
grep -q "LTSA P2MI" "$work/a1.bin" || fail "the hand reprint has no office header"

# one served, so the text report has a wait; INFO called nobody: "–", not 0 s
expect 0 "${admin[@]}" call-next 1
expect 0 "${admin[@]}" finish 1
expect 0 "${admin[@]}" report
for want in "issued at" "(steps done)" "arrived" "COUNTER" "JOURNEY" "started" "HOUR"; do
  [[ $out == *"$want"* ]] || fail "the text report has no '$want': $out"
done
[[ $out =~ INFO\ +0\ +0\ +0\ +0\ +0\ +–\ +–\ +–\ +– ]] || fail "INFO has a wait: $out"
[[ $out =~ DISNAKER\ +2\ +3\ +1\ +0\ +1 ]] || fail "DISNAKER row: $out"
[[ $out =~ CPMI\ +1\ +0 ]] || fail "journey row: $out"
day=$(curl -s "$url/api/v1/state" | sed -n 's/.*"day":"\([0-9-]*\)".*/\1/p')
expect 0 "${admin[@]}" report --date "$day" --until "$day"
expect 2 "${admin[@]}" report --until "$day"
echo "cli admin: ok"
