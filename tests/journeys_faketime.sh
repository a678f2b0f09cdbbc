#!/usr/bin/env bash
# Journeys across days on the real antred under a clock we move (libfaketime, issue 13
# items 5 and 6): a CPMI applicant is deferred at the health check on day 1, comes back
# on day 2 by the ticket's code, is deferred again to the next desk, and finishes on
# day 3 by the status URL; antred is killed with -9 between the days. The state, the
# stream, /t/{id} and the report agree.
#   journeys_faketime.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$1 src=$2
antre=$build/firmware/cli/antre
lib=/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1   # MT: antred has threads
. "$src/tests/lib.sh"
if [ ! -e "$lib" ]; then
  echo "journeys_faketime: skipped, $lib is missing (apt-get install faketime)"
  exit 77
fi
test_begin journeys curl
fail() {
  echo "FAIL: $*" >&2
  echo "--- antred log:" >&2
  cat "$work/antred.log" >&2 2>/dev/null || true
  exit 1
}
kiosk=kiosk-test-token-0000 admin=admin-test-token-0000
cp "$src/tests/fixtures/office.ini" "$work/office.ini"

clock=$work/clock
# ticket BODY: POST /api/v1/tickets as the kiosk; prints "STATUS BODY"
ticket() {
  local code
  code=$(curl -s -o "$work/body" -w '%{http_code}' -H "Authorization: Bearer $kiosk" \
    -H 'Content-Type: application/json' -d "$1" "$url/api/v1/tickets") || true
  echo "$code $(cat "$work/body")"
}
# desk COUNTER ACTION [BODY]: the counter's own token
desk() {
  curl -sf -H "Authorization: Bearer counter-$1-test-token" -H 'Content-Type: application/json' \
    -d "${3:-}" "$url/api/v1/counters/$1/$2" || fail "counter $1 $2 ${3:-}"
}
field() { grep -o "\"$1\":\"[^\"]*\"" | head -1 | cut -d'"' -f4; }
expect() {   # expect WHAT PATTERN OUTPUT
  [[ $3 == $2 ]] || fail "$1: got $3"
}
wait_day() {
  for _ in $(seq 100); do
    curl -sf "$url/api/v1/state" | grep -q "\"day\":\"$1\"" && return 0
    sleep 0.2
  done
  fail "the office day never became $1"
}
page() { curl -s "$url/t/$1"; }
# stream PATTERN: antre tail from the day's start, once PATTERN has come
stream() {
  "$antre" --server "$url" tail --from 0 >"$work/tail" 2>/dev/null &
  local tail_pid=$!
  wait_for 20 grep -q "$1" "$work/tail" || { kill "$tail_pid"; fail "stream: no $1"; }
  kill "$tail_pid"; wait "$tail_pid" 2>/dev/null || true
  cat "$work/tail"
}

# Day 1: registered at DISNAKER, deferred at the health check until tomorrow
set_clock "2026-12-02 08:30:00"
faked start_antred "$work/office.ini"
out=$(ticket '{"journey":"CPMI"}')
expect "day 1 ticket" '201 *"number":"P001"*' "$out"
first=$(field id <<<"${out#* }")
code=$(field code <<<"${out#* }")
[[ $code =~ ^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$ ]] || fail "code $code"
desk 1 call-next >/dev/null; desk 1 finish >/dev/null
desk 4 call-next | grep -q '"number":"P001"' || fail "health check did not call P001"
out=$(desk 4 defer '{"return_on":"2026-12-03"}')
expect "defer" '*"state":"deferred"*"return_on":"2026-12-03"*' "$out"
expect "page day 1" '*Kembali pada*2026-12-03*Pemeriksaan Kesehatan*(Loket 4)*' "$(page "$first")"
expect "too early" '409 *"too_early"*2026-12-03*' "$(ticket "{\"resume\":\"$code\"}")"
kill -9 "$pid"; wait "$pid" 2>/dev/null || true

# Day 2: back by the code as a scanner types it (lower case, no dash)
set_clock "2026-12-03 09:00:00"
faked restart_antred "$port" "$work/antred.log" "$work/office.ini"
wait_day 2026-12-03
expect "page day 2 before" '*Kembali pada*' "$(page "$first")"
typed=$(tr -d - <<<"$code" | tr 'A-Z' 'a-z')
out=$(ticket "{\"resume\":\"$typed\"}")
expect "resume day 2" '201 *"number":"P001"*"service":"KESEHATAN"*"visit":2,"origin":"'"$first"'"*"done":\["DISNAKER"\]*' "$out"
second=$(field id <<<"${out#* }")
[[ $second != "$first" ]] || fail "the return visit kept the first id"
expect "resume twice" "200 *\"id\":\"$second\"*" "$(ticket "{\"resume\":\"$code\"}")"
expect "page day 2 after" '*id="number">P001<*' "$(page "$first")"
desk 4 call-next | grep -q "\"id\":\"$second\"" || fail "day 2: the health check did not call it"
desk 4 finish >/dev/null
desk 6 call-next | grep -q "\"id\":\"$second\"" || fail "day 2: SKCK did not call it"
expect "defer next" '*"service":"IMIGRASI"*"state":"deferred"*' \
  "$(desk 6 defer '{"return_on":"2026-12-04","step":"next"}')"
expect "stream day 2" '*ticket.issued*P001*KESEHATAN*ticket.deferred*P001*Loket 6*' \
  "$(stream 'ticket.deferred')"
kill -9 "$pid"; wait "$pid" 2>/dev/null || true

# Day 3: back by the first ticket's status URL, and through the last desks
set_clock "2026-12-04 09:00:00"
faked restart_antred "$port" "$work/antred.log" "$work/office.ini"
wait_day 2026-12-04
out=$(ticket "{\"resume\":\"http://antre.local/t/$first\"}")
expect "resume day 3" '201 *"service":"IMIGRASI"*"visit":3*"done":\["DISNAKER","KESEHATAN","SKCK"\]*' "$out"
third=$(field id <<<"${out#* }")
for c in 7 9 10; do
  desk "$c" call-next | grep -q "\"id\":\"$third\"" || fail "day 3: counter $c did not call it"
  desk "$c" finish >/dev/null
done
kill -9 "$pid"; wait "$pid" 2>/dev/null || true
faked restart_antred "$port" "$work/antred.log" "$work/office.ini"
wait_day 2026-12-04   # the state answers (as after the other restarts)
expect "done after kill -9" '*"state":"done"*"visit":3*' "$(curl -sf "$url/api/v1/tickets/$third")"
expect "page day 3" '*Selesai*' "$(page "$third")"
# the same day a resume still answers with today's ticket, now done
expect "resume when complete" "200 *\"id\":\"$third\"*\"state\":\"done\"*" \
  "$(ticket "{\"resume\":\"$code\"}")"
report=$(curl -sf -H "Authorization: Bearer $admin" "$url/api/v1/reports/daily?date=2026-12-04")
expect "report day 3" '*"visits":{*"journeys_completed":1*' "$report"
expect "report visits" '*"visits_per_completed":3*' "$report"
expect "report days" '*"days_to_complete_p50":3*' "$report"
report=$(curl -sf -H "Authorization: Bearer $admin" "$url/api/v1/reports/daily?date=2026-12-03")
expect "report day 2" '*"deferred":1,*"returned":1*' "$report"
# the stream of the day (antre tail starts at the day's first event) has it all too
expect "stream day 3" '*ticket.issued*P001*IMIGRASI*ticket.finished*P001*Loket 10*' "$(stream 'Loket 10')"
echo "journeys faketime: ok"
