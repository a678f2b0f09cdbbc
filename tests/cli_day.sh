#!/usr/bin/env bash
# A small office day driven through the antre CLI against the real antred.
#   cli_day.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$1 src=$2
antre=$build/firmware/cli/antre
work=$(mktemp -d /tmp/antre-cli-XXXXXX)
pid="" tail_pid=""
cleanup() {
  [ -n "$tail_pid" ] && kill "$tail_pid" 2>/dev/null
  [ -n "$pid" ] && kill "$pid" 2>/dev/null
  wait 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }
. "$src/tests/lib.sh"
# expect CODE CMD...: run the CLI, check its exit code, keep its output in $out
expect() {
  local want=$1; shift
  set +e; out=$("$antre" "$@" 2>"$work/err"); got=$?; set -e
  [ "$got" = "$want" ] || fail "antre $* exited $got, want $want: $out $(cat "$work/err")"
}

start_antred "$src/tests/fixtures/office.ini"
export ANTRE_SERVER=$url

"$antre" tail > "$work/tail.txt" 2>/dev/null &
tail_pid=$!

expect 0 --token kiosk-test-token-0000 issue DISNAKER
[[ $out == A001* ]] || fail "first DISNAKER ticket is not A001: $out"
# No counter is open yet: the CLI says so rather than promising a wait.
[[ $out == *"no counter open yet"* ]] || fail "estimate with no counter open: $out"
expect 0 --token kiosk-test-token-0000 issue --journey CPMI
[[ $out == P001* ]] || fail "journey ticket is not P001: $out"
expect 0 issue KESEHATAN --token kiosk-test-token-0000 --priority
[[ $out == C001* ]] || fail "priority ticket: $out"

expect 0 --token counter-1-test-token call-next 1
[[ $out == *"A001"*called* ]] || fail "counter 1 did not call A001: $out"
expect 0 --token counter-1-test-token recall 1
expect 0 --token counter-1-test-token no-show 1
expect 0 --token counter-1-test-token call-next 1
[[ $out == *P001* ]] || fail "counter 1 did not call P001 next: $out"
expect 0 --token counter-1-test-token finish 1
[[ $out == *P001*"Pemeriksaan Kesehatan"* ]] || fail "P001 did not move on to KESEHATAN: $out"
# the clerk is told where the applicant goes next, and that the desk is free
[[ $out == "P001 selesai, lanjut ke Pemeriksaan Kesehatan / next: Health Check; Loket 1 kosong / desk free"$'\n'* ]] ||
  fail "finish does not say where P001 goes: $out"
# numbers and service ids as a clerk types them: any case, no padding
expect 0 --token counter-1-test-token call 1 a1
[[ $out == *A001*called* ]] || fail "reinstating A001 failed: $out"
expect 0 --token counter-1-test-token transfer 1 skck
[[ $out == "A001 dipindah ke SKCK Kepolisian / transferred to Police Clearance; Loket 1 kosong / desk free"$'\n'* ]] ||
  fail "transfer does not say where A001 goes: $out"
# a desk cannot call a number waiting for a service it does not serve
expect 1 --token counter-6-test-token call 6 c1
grep -qF "C001 menunggu Pemeriksaan Kesehatan; Loket 6 tidak melayani Pemeriksaan Kesehatan / C001 waits for Health Check, which Loket 6 does not serve (HTTP 409)" "$work/err" ||
  fail "call of another desk's service: $(cat "$work/err")"
expect 0 --token counter-6-test-token call-next 6
[[ $out == *A001* ]] || fail "SKCK did not get the transferred A001: $out"
expect 0 --token counter-4-test-token call-next 4
[[ $out == *C001* ]] || fail "priority C001 not first at KESEHATAN: $out"
expect 1 --token counter-4-test-token close 4
grep -q "holds C001" "$work/err" || fail "refusal message missing: $(cat "$work/err")"
expect 1 --token counter-4-test-token finish 6
grep -q "only on that counter" "$work/err" || fail "another counter's token: $(cat "$work/err")"
expect 0 --token counter-4-test-token finish 4   # (C001: one service, not a journey)
[[ $out == "C001 selesai / done; Loket 4 kosong / desk free"$'\n'* ]] ||
  fail "finish of a last step: $out"
expect 0 --token kiosk-test-token-0000 issue kesehatan
[[ $out == C002* ]] || fail "lowercase service: $out"
expect 0 --token counter-4-test-token call-next 4
[[ $out == *P001*called* ]] || fail "P001 not called at KESEHATAN: $out"
# call-next finishes the held ticket first, and says so
expect 0 --token counter-4-test-token call-next 4
[[ $out == "P001 selesai, lanjut ke SKCK Kepolisian / next: Police Clearance; memanggil C002 / calling C002"$'\n'*C002* ]] ||
  fail "call-next does not say P001 was finished: $out"
expect 0 --token counter-4-test-token finish 4
expect 0 --token counter-3-test-token call-next 3
[[ $out == *"nobody is waiting"* ]] || fail "empty queue: $out"

expect 0 state
[[ $out == *KESEHATAN*1* ]] || fail "state table: $out"
expect 0 --json state
[[ $out == '{"seq":'* ]] || fail "state --json: $out"
expect 0 --token admin-test-token-0000 report --csv
[[ $out == *"service,DISNAKER,1,"* ]] || fail "report csv: $out"
expect 0 --token admin-test-token-0000 report
[[ $out =~ CPMI\ +1\ +0 ]] || fail "report table (CPMI started 1, completed 0): $out"

expect 2 frobnicate
expect 2 call-next
expect 2 transfer 1
expect 2 issue
expect 2 issue DISNAKER --journey CPMI
# the usage comes from the tables: the counter actions of protocol.h are all there
expect 0 --help
for action in open pause close call-next recall start finish no-show "transfer COUNTER SERVICE" \
  "call COUNTER NUMBER"; do
  [[ $out == *"  $action "* ]] || fail "usage does not list $action: $out"
done
# a bad number is refused in one line, not read as far as it goes (atoll took 12x as 12
# and tailed from there, so the timeout is what ends the old CLI)
set +e; timeout 10 "$antre" tail --from 12x >/dev/null 2>"$work/err"; got=$?; set -e
[ "$got" = 2 ] || fail "tail --from 12x exited $got, want 2: $(cat "$work/err")"
[ "$(cat "$work/err")" = "antre: --from takes an event number (0 or more), not '12x'" ] ||
  fail "tail --from 12x: $(cat "$work/err")"
expect 1 issue DISNAKER
expect 1 --token kiosk-test-token-0000 issue NOSUCH
expect 3 --server http://127.0.0.1:1 state

# the live tail saw the calls, one line each, in order
for _ in $(seq 100); do grep -q "ticket.finished.*C002" "$work/tail.txt" && break; sleep 0.05; done
kill "$tail_pid"; tail_pid=""
grep -q "snapshot" "$work/tail.txt" || fail "tail had no snapshot"
[ "$(grep -c 'ticket.called' "$work/tail.txt")" = 7 ] || fail "tail calls: $(cat "$work/tail.txt")"
grep -q "ticket.recalled *A001" "$work/tail.txt" || fail "tail recall: $(cat "$work/tail.txt")"
echo "cli day: ok"
