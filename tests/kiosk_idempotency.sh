#!/usr/bin/env bash
# No phantom tickets (issue 9): antred dies between committing a ticket and answering
# the kiosk (test seam ANTRE_TEST_EXIT_AFTER_ISSUES=1, exit status 86). The real kiosk,
# clicked by xdotool under Xvfb, keeps its Idempotency-Key and retries; once antred is
# back on the same port and log, the kiosk prints the ticket the first request made.
# Checked from outside: exactly one DISNAKER ticket exists, and it is the printed one.
#   kiosk_idempotency.sh BUILD_DIR SOURCE_DIR        (exit 77 without Xvfb/xdotool)
set -euo pipefail
build=$1 src=$2
for t in Xvfb xdotool curl; do
  command -v "$t" >/dev/null || { echo "skipped: no $t"; exit 77; }
done
work=$(mktemp -d /tmp/antre-idem-XXXXXX)
pid="" pids=()
cleanup() {
  for p in "${pids[@]}" $pid; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
fail() {
  echo "FAIL: $*" >&2
  for f in "$work"/kiosk.log "$work"/antred*.log; do echo "--- $f" >&2; cat "$f" >&2 || true; done
  exit 1
}
. "$src/tests/lib.sh"
# wait_for SECONDS CMD...: poll a condition (bounded), no blind sleeps
wait_for() { local n=$(( $1 * 20 )); shift; for _ in $(seq "$n"); do "$@" && return 0; sleep 0.05; done; return 1; }
# gone PID: the process has exited (reaped, or a zombie waiting to be)
gone() { ! kill -0 "$1" 2>/dev/null || grep -q '^[0-9]* (.*) Z' "/proc/$1/stat" 2>/dev/null; }
waiting() {   # waiting count of a service
  curl -s "$url/api/v1/state" | grep -o "\"id\":\"$1\",\"prefix\":\"[A-Z]\",[^}]*\"waiting\":[0-9]*" |
    grep -o '"waiting":[0-9]*' | cut -d: -f2
}
on_screen() { grep "screen " "$work/kiosk.log" | tail -1 | grep -q "screen $1"; }
printed() { [ -s "$work/ticket.bin" ]; }
printed_or_home() { printed || on_screen home; }

start_xvfb
pids+=("$xvfb_pid")
export SDL_AUDIODRIVER=dummy

# antred that commits the first ticket, then dies before answering
ANTRE_TEST_EXIT_AFTER_ISSUES=1 start_antred "$src/tests/fixtures/office.ini"
port=${url##*:}

"$build/kiosk/antre-kiosk" --server "$url" --token kiosk-test-token-0000 \
  --printer "file:$work/ticket.bin" --size 1920x1080 2>"$work/kiosk.log" &
kpid=$!; pids+=("$kpid")
wid=$(timeout 10 xdotool search --sync --pid "$kpid" --name antre-kiosk | head -1) ||
  fail "no kiosk window"
read -r x y < <("$build/kiosk/antre-kiosk" --server "$url" --dump-layout --size 1920x1080 |
  tr -d '\n ' | grep -o '{"id":"DISNAKER"[^}]*}' |
  sed 's/.*"x":\([0-9]*\),"y":\([0-9]*\),"w":\([0-9]*\),"h":\([0-9]*\).*/\1 \2 \3 \4/' |
  awk '{ print int($1 + $3 / 2), int($2 + $4 / 2) }')
[ -n "$x" ] || fail "no DISNAKER button in --dump-layout"
click() { xdotool mousemove --window "$wid" "$x" "$y" click 1; }
# the office offers priority: the service, then "Biasa / Regular" on the second step
# (which ignores taps for its first half second: clicked until the step is left)
read -r rx ry < <("$build/kiosk/antre-kiosk" --server "$url" --dump-layout --size 1920x1080 \
    --show priority | tr -d '\n ' | grep -o '{"id":"regular"[^}]*}' |
  sed 's/.*"x":\([0-9]*\),"y":\([0-9]*\),"w":\([0-9]*\),"h":\([0-9]*\).*/\1 \2 \3 \4/' |
  awk '{ print int($1 + $3 / 2), int($2 + $4 / 2) }')
[ -n "$rx" ] || fail "no regular button in --dump-layout --show priority"
picked() { xdotool mousemove --window "$wid" "$rx" "$ry" click 1; sleep 0.6; ! on_screen priority; }
choose() {
  click
  wait_for 10 on_screen priority || fail "no priority step"
  wait_for 10 picked || fail "the regular choice was not taken"
}

# 1. one tap; antred commits the ticket and dies before the answer
choose
wait_for 15 gone "$pid" || fail "antred did not exit after the first issue"
status=0; wait "$pid" || status=$?
pid=""
[ "$status" = 86 ] || fail "antred exited $status, not 86 (the test seam)"
wait_for 15 grep -q "screen unavailable" "$work/kiosk.log" || fail "no unavailable screen"
printed && fail "the kiosk printed a ticket it was never answered"
click   # a second tap while the first request is pending must not count
# while antred is down the kiosk keeps trying (connection refused) with the same key
wait_for 10 grep -q "try 2" "$work/kiosk.log" ||
  echo "note: the kiosk did not send the request again while antred was down" >&2

# 2. antred again, same port and log, no seam
restart_antred "$port" "$work/antred2.log" "$src/tests/fixtures/office.ini"

# 3. the kiosk finishes by itself (prints). A kiosk that gave up goes home instead;
#    then the applicant taps again, as they would at the office.
wait_for 90 printed_or_home || fail "the kiosk neither printed nor went home"
if ! printed; then
  echo "note: the kiosk went home without a ticket; the applicant taps again" >&2
  choose
  wait_for 15 printed || fail "the second tap printed nothing"
fi
wait_for 10 grep -q "screen ticket" "$work/kiosk.log" || fail "no ticket screen"
# the file is written in one go; wait until the status link (the last item) is there
wait_for 10 grep -qa '/t/[0-9a-f]' "$work/ticket.bin" || fail "no status link on the ticket"

# 4. from outside: one ticket, and it is the printed one
numbers=$(grep -ao 'A[0-9]\{3,\}' "$work/ticket.bin" | sort -u)
id=$(grep -ao '/t/[0-9a-f]*' "$work/ticket.bin" | head -1 | cut -d/ -f3)
[ "$(echo "$numbers" | wc -l)" = 1 ] || fail "printed numbers: $numbers"
[ "$(waiting DISNAKER)" = 1 ] ||
  fail "$(waiting DISNAKER) DISNAKER tickets waiting, want 1 (printed $numbers)"
issued=$(curl -s -H "Authorization: Bearer admin-test-token-0000" "$url/api/v1/reports/daily" |
  tr -d '\n ' | grep -o '{"id":"DISNAKER","issued":[0-9]*' | grep -o '[0-9]*$')
[ "$issued" = 1 ] || fail "the report says $issued DISNAKER tickets were issued, want 1"
ticket=$(curl -s "$url/api/v1/tickets/$id")
echo "$ticket" | grep -q "\"number\":\"$numbers\"" || fail "ticket $id is not $numbers: $ticket"
echo "$ticket" | grep -q '"state":"waiting"' || fail "ticket $id is not waiting: $ticket"
called=$(curl -s -XPOST -H "Authorization: Bearer counter-2-test-token" \
  "$url/api/v1/counters/2/call-next")
echo "$called" | grep -q "\"number\":\"$numbers\"" || fail "counter 2 called $called, not $numbers"
code=$(curl -s -o /dev/null -w '%{http_code}' -XPOST -H "Authorization: Bearer counter-2-test-token" \
  "$url/api/v1/counters/2/call-next")
[ "$code" = 204 ] || fail "a second DISNAKER ticket was waiting (call-next answered $code)"
grep -q "replayed" "$work/kiosk.log" || fail "the kiosk did not log a replayed answer"
echo "kiosk idempotency: ok (printed $numbers once, after antred died between commit and answer)"
