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
has() {      # has WHAT TEXT PIECE...: every PIECE is in TEXT
  local what=$1 text=$2; shift 2
  for piece; do [[ $text == *"$piece"* ]] || fail "$what: no $piece in $text"; done
}
state() { curl -sf "$url/api/v1/state" || fail "GET /api/v1/state"; }
seq_of() { grep -o '"seq":[0-9]*' | head -1 | cut -d: -f2; }   # the state's own seq comes first
tkt() { curl -sf "$url/api/v1/tickets/$1" || fail "GET /api/v1/tickets/$1"; }
waiting() {  # waiting SERVICE: the state's count of SERVICE's waiting tickets
  grep -o "\"id\":\"$1\",[^{}]*\"waiting\":[0-9]*" | grep -o '[0-9]*$'
}
report() {
  curl -sf -H "Authorization: Bearer $admin" "$url/api/v1/reports/daily?date=$1" ||
    fail "report $1"
}
# events LAST_ID: GET /api/v1/events with Last-Event-ID, read until the stream has come
# as far as the state's seq (the stream and the state agree on where the office stands)
events() {
  local seq; seq=$(state | seq_of)
  curl -sN -H "Last-Event-ID: $1" "$url/api/v1/events" >"$work/events" 2>/dev/null &
  local curl_pid=$!
  wait_for 20 grep -q "^id: $seq\b" "$work/events" ||
    { kill "$curl_pid"; fail "events after $1: the stream never reached the state's seq $seq"; }
  kill "$curl_pid"; wait "$curl_pid" 2>/dev/null || true
  grep -q "^id: $((seq + 1))\b" "$work/events" && fail "events: past the state's seq $seq"
  cat "$work/events"
}
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
has "ticket day 1" "$(tkt "$first")" '"state":"deferred"' '"return_on":"2026-12-03"' \
  "\"code\":\"$code\"" '"service":"KESEHATAN"' '"visit":1,'
st=$(state)
[[ $(waiting KESEHATAN <<<"$st") == 0 && $(waiting DISNAKER <<<"$st") == 0 ]] ||
  fail "state day 1: a deferred ticket is nobody waiting: $st"
ev=$(events 0)
has "stream day 1" "$ev" 'event: ticket.issued' 'event: ticket.deferred' \
  "\"id\":\"$first\"" '"state":"deferred"' '"return_on":"2026-12-03","visit":1,'"\"origin\":\"$first\""
has "report day 1" "$(report 2026-12-02)" '"journeys_started":1,' '"deferred":1,' '"returned":0,'
seq1=$(state | seq_of)
kill -9 "$pid"; wait "$pid" 2>/dev/null || true

# Day 2: back by the code as a scanner types it (lower case, no dash)
set_clock "2026-12-03 09:00:00"
faked restart_antred "$port" "$work/antred.log" "$work/office.ini"
wait_day 2026-12-03
# kill -9 lost nothing: the deferred ticket is as it was, the seq runs on from day 1
# (GET /api/v1/tickets/{id} knows today's tickets only; the page knows deferred ones)
has "page day 2 before" "$(page "$first")" 'id="number">P001<' "id=\"code\">$code<" \
  'id="return-on">2026-12-03<' 'Pemeriksaan Kesehatan (Loket 4)'
# the new day's stream starts right after day 1's last event, with the day's reset
ev=$(events 0)
[[ $(grep -m1 -A1 '^id: ' <<<"$ev" | tr '\n' ' ') == "id: $((seq1 + 1)) event: day.reset "* ]] ||
  fail "day 2: the stream does not go on from day 1's seq $seq1: $ev"
has "report day 1 after kill -9" "$(report 2026-12-02)" '"journeys_started":1,' '"deferred":1,'
expect "page day 2 before" '*Kembali pada*' "$(page "$first")"
# somebody else starts a journey first, so the return visit's number is not day 1's
expect "day 2 new journey" '201 *"number":"P001"*"service":"DISNAKER"*' "$(ticket '{"journey":"CPMI"}')"
typed=$(tr -d - <<<"$code" | tr 'A-Z' 'a-z')
out=$(ticket "{\"resume\":\"$typed\"}")
expect "resume day 2" '201 *"number":"P002"*"service":"KESEHATAN"*"visit":2,"origin":"'"$first"'"*"done":\["DISNAKER"\]*' "$out"
second=$(field id <<<"${out#* }")
code2=$(field code <<<"${out#* }")   # today's ticket has its own code (docs/journeys.md)
[[ $second != "$first" ]] || fail "the return visit kept the first id"
expect "resume twice" "200 *\"id\":\"$second\"*" "$(ticket "{\"resume\":\"$code\"}")"
p=$(page "$first")
has "page day 2 after" "$p" 'id="number">P002<' 'Kunjungan' 'ke-2 / #2'
[[ $p != *"Kembali pada"* ]] || fail "page day 2 after: still says Kembali pada: $p"
has "ticket day 2" "$(tkt "$second")" '"state":"waiting"' '"visit":2,' \
  "\"origin\":\"$first\"" '"done":["DISNAKER"]' "\"code\":\"$code2\"" '"return_on":null'
st=$(state)
[[ $(waiting KESEHATAN <<<"$st") == 1 && $(waiting DISNAKER <<<"$st") == 1 ]] ||
  fail "state day 2: not one waiting at each of DISNAKER and KESEHATAN: $st"
desk 4 call-next | grep -q "\"id\":\"$second\"" || fail "day 2: the health check did not call it"
desk 4 finish >/dev/null
desk 6 call-next | grep -q "\"id\":\"$second\"" || fail "day 2: SKCK did not call it"
expect "defer next" '*"service":"IMIGRASI"*"state":"deferred"*' \
  "$(desk 6 defer '{"return_on":"2026-12-04","step":"next"}')"
expect "stream day 2" '*ticket.issued*P002*KESEHATAN*ticket.deferred*P002*Loket 6*' \
  "$(stream 'ticket.deferred')"
has "ticket day 2 deferred" "$(tkt "$second")" '"state":"deferred"' '"service":"IMIGRASI"' \
  '"return_on":"2026-12-04"' '"done":["DISNAKER","KESEHATAN","SKCK"]' "\"code\":\"$code2\""
ev=$(events 0)
has "events day 2" "$ev" "\"id\":\"$second\"" '"number":"P002"' 'event: ticket.deferred' \
  '"return_on":"2026-12-04"' '"visit":2,'
[[ $(waiting IMIGRASI <<<"$(state)") == 0 ]] || fail "state day 2: a deferred ticket waits"
report2=$(report 2026-12-03)
has "report day 2" "$report2" '"journeys_started":1,' '"deferred":1,' '"returned":1,'
seq2=$(state | seq_of)
kill -9 "$pid"; wait "$pid" 2>/dev/null || true

# Day 3: back by the first ticket's status URL, and through the last desks
set_clock "2026-12-04 09:00:00"
faked restart_antred "$port" "$work/antred.log" "$work/office.ini"
wait_day 2026-12-04
for id in "$first" "$second"; do
  has "page day 3 before ($id)" "$(page "$id")" 'id="number">P002<' "id=\"code\">$code2<" \
    'id="return-on">2026-12-04<' 'Imigrasi' 'ke-2 / #2'
done
# day 2's newcomer, left waiting at DISNAKER, expired as day 2 ended (seq2 + 1); then
# the new day's reset: nothing of day 2 was lost and nothing came twice
ev=$(events 0)
[[ $(grep -m1 -A1 '^id: ' <<<"$ev" | tr '\n' ' ') == "id: $((seq2 + 2)) event: day.reset "* ]] ||
  fail "day 3: the stream does not go on from day 2's seq $seq2 (+ 1 expiry): $ev"
visits2=$(grep -o '"visits":{[^}]*}' <<<"$report2")
[[ $(report 2026-12-03) == *"$visits2"* ]] || fail "day 3: day 2's visits changed: $(report 2026-12-03)"
out=$(ticket "{\"resume\":\"http://antre.local/t/$first\"}")
expect "resume day 3" '201 *"service":"IMIGRASI"*"visit":3*"done":\["DISNAKER","KESEHATAN","SKCK"\]*' "$out"
third=$(field id <<<"${out#* }")
for c in 7 9 10; do
  desk "$c" call-next | grep -q "\"id\":\"$third\"" || fail "day 3: counter $c did not call it"
  desk "$c" finish >/dev/null
done
seq3=$(state | seq_of)
kill -9 "$pid"; wait "$pid" 2>/dev/null || true
faked restart_antred "$port" "$work/antred.log" "$work/office.ini"
wait_day 2026-12-04   # the state answers (as after the other restarts)
# the same day after kill -9: the state stands where it stood, the stream has the whole day
[[ $(state | seq_of) == "$seq3" ]] || fail "day 3: seq $(state | seq_of) after kill -9, was $seq3"
ev=$(events 0)
has "events day 3" "$ev" "id: $((seq2 + 2))" "id: $seq3" 'event: ticket.finished' \
  "\"id\":\"$third\"" '"visit":3,'"\"origin\":\"$first\"" '"name":"Loket 10"'
st=$(state)
for svc in IMIGRASI BPJS PAP; do
  [[ $(waiting "$svc" <<<"$st") == 0 ]] || fail "state day 3: somebody waits at $svc: $st"
done
[[ $st != *"\"id\":\"$third\""* ]] || fail "state day 3: the done ticket is still at a desk: $st"
expect "done after kill -9" '*"state":"done"*"visit":3*' "$(curl -sf "$url/api/v1/tickets/$third")"
expect "page day 3" '*Selesai*' "$(page "$third")"
# the same day a resume still answers with today's ticket, now done
expect "resume when complete" "200 *\"id\":\"$third\"*\"state\":\"done\"*" \
  "$(ticket "{\"resume\":\"$code\"}")"
report=$(curl -sf -H "Authorization: Bearer $admin" "$url/api/v1/reports/daily?date=2026-12-04")
expect "report day 3" '*"visits":{"journeys_started":0,"journeys_completed":1,"deferred":0,"returned":1,*' "$report"
expect "report visits" '*"visits_per_completed":3*' "$report"
expect "report days" '*"days_to_complete_p50":3*' "$report"
report=$(curl -sf -H "Authorization: Bearer $admin" "$url/api/v1/reports/daily?date=2026-12-03")
expect "report day 2" '*"journeys_started":1,*"deferred":1,*"returned":1*' "$report"
has "report day 1 on day 3" "$(report 2026-12-02)" '"journeys_started":1,' \
  '"journeys_completed":0,' '"deferred":1,' '"returned":0,'
# the stream of the day (antre tail starts at the day's first event) has it all too
expect "stream day 3" '*ticket.issued*P001*IMIGRASI*ticket.finished*P001*Loket 10*' "$(stream 'Loket 10')"
echo "journeys faketime: ok"
