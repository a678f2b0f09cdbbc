#!/usr/bin/env bash
# The real antred under a clock we move (libfaketime): the day rolls over at reset_at
# with nobody issuing, and a clock set back a year is reported and rolls nothing back
# (docs/clock.md).
#   clock_faketime.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$1 src=$2
antre=$build/firmware/cli/antre
lib=/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1   # MT: antred has threads
if [ ! -e "$lib" ]; then
  echo "clock_faketime: skipped, $lib is missing (apt-get install faketime)"
  exit 77
fi
command -v curl >/dev/null || { echo "clock_faketime: skipped, no curl"; exit 77; }
work=$(mktemp -d /tmp/antre-clock-XXXXXX)
pid=""
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null
  wait 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

fail() {
  echo "FAIL: $*" >&2
  echo "--- antred log:" >&2
  cat "$work/antred.log" >&2 2>/dev/null || true
  exit 1
}
. "$src/tests/lib.sh"

# set_clock 'YYYY-MM-DD hh:mm:ss': antred's wall clock (office time, Asia/Jakarta) is
# this plus the time since it started; rewriting the file moves it while it runs.
clock=$work/clock
set_clock() { echo "@$1" > "$clock.new" && mv "$clock.new" "$clock"; }

office_day() { curl -sf "$url/api/v1/state" | grep -o '"day":"[0-9-]*"' | head -1 | cut -d'"' -f4; }
# wait_day DAY: poll the state every 0.2 s, for up to 20 s, until the office day is DAY
wait_day() {
  local d=""
  for _ in $(seq 100); do
    d=$(office_day || true)
    [ "$d" = "$1" ] && return 0
    sleep 0.2
  done
  fail "the office day is '$d', not $1, 20 s later"
}
# wait_log PATTERN: the same, for a line in antred's log
wait_log() {
  for _ in $(seq 100); do
    grep -q "$1" "$work/antred.log" && return 0
    sleep 0.2
  done
  fail "antred never logged '$1'"
}
issue() {
  "$antre" --server "$url" --token kiosk-test-token-0000 issue DISNAKER 2>"$work/err" ||
    fail "issue failed: $(cat "$work/err")"
}

# Two hours before reset_at (00:00): an antred that sleeps until the next reset (up to
# an hour) would miss the step below. Only the wall clock is faked: the monotonic clock
# stays real (DONT_FAKE_MONOTONIC), which is how antred tells a step from time passing;
# FORCE_MONOTONIC_FIX=0 keeps libfaketime from rewriting the deadlines of waits on
# CLOCK_MONOTONIC conds (with the fix on, they return at once). In a sanitizer build
# ASan must be told that it is not first in the preload list.
set_clock "2026-12-02 22:00:00"
export TZ=Asia/Jakarta
LD_PRELOAD=$lib FAKETIME_TIMESTAMP_FILE=$clock FAKETIME_NO_CACHE=1 FAKETIME_DONT_RESET=1 \
  FAKETIME_DONT_FAKE_MONOTONIC=1 FAKETIME_FORCE_MONOTONIC_FIX=0 \
  ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0 \
  start_antred "$src/tests/fixtures/office.ini"

out=$(issue)
[[ $out == A001* ]] || fail "first ticket is not A001: $out"
[ "$(office_day)" = 2026-12-02 ] || fail "office day is not 2026-12-02: $(office_day)"

# past reset_at, and no request: the daemon's own tick rolls the day
set_clock "2026-12-03 00:00:05"
wait_day 2026-12-03
out=$(issue)
[[ $out == A001* ]] || fail "a new day does not start at A001: $out"

# a year back: said loudly, and the office day stays
set_clock "2025-12-03 00:00:10"
wait_log "the clock jumped back by"
grep "the clock jumped back" "$work/antred.log" |
  grep -q "(wall 2025-12-03T.*+07:00); the office day stays 2026-12-03 (see docs/clock.md)" ||
  fail "jump line: $(grep 'jumped' "$work/antred.log")"
[ "$(office_day)" = 2026-12-03 ] || fail "the day went back to $(office_day)"
out=$(issue)
[[ $out == A002* ]] || fail "after the step back the number is not A002: $out"

grep "jumped" "$work/antred.log"
echo "clock faketime: ok"
