#!/usr/bin/env bash
# Service hours and status on the real antred under a clock we move (libfaketime,
# issue 13): a service with hours 08:00-12:00, 13:00-15:00 takes tickets from 08:00:00
# and none from 12:00:00 or 15:00:00, and says when it opens; a waiting ticket is still
# called after closing time; a status set with `antre status` outlives kill -9 and the
# next day's reset.
#   service_hours_faketime.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$1 src=$2
antre=$build/firmware/cli/antre
lib=/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1   # MT: antred has threads
. "$src/tests/lib.sh"
if [ ! -e "$lib" ]; then
  echo "service_hours_faketime: skipped, $lib is missing (apt-get install faketime)"
  exit 77
fi
test_begin service-hours curl
fail() {
  echo "FAIL: $*" >&2
  kill -0 "$pid" 2>/dev/null || echo "(antred $pid is not running)" >&2
  echo "--- antred log:" >&2
  cat "$work/antred.log" >&2 2>/dev/null || true
  exit 1
}
kiosk=kiosk-test-token-0000 admin=admin-test-token-0000

sed 's/^\[service IMIGRASI\]$/&\nhours = 08:00-12:00, 13:00-15:00/' \
  "$src/tests/fixtures/office.ini" >"$work/office.ini"
grep -q '^hours = 08:00-12:00, 13:00-15:00$' "$work/office.ini" || fail "no hours in the config"

clock=$work/clock
# take SERVICE: POST a kiosk ticket; prints "STATUS BODY"
take() {
  local code
  code=$(curl -s -o "$work/body" -w '%{http_code}' -H "Authorization: Bearer $kiosk" \
    -H 'Content-Type: application/json' -d "{\"service\":\"$1\"}" "$url/api/v1/tickets") || true
  echo "$code $(cat "$work/body")"
}
expect() {   # expect WHAT PATTERN OUTPUT
  [[ $3 == $2 ]] || fail "$1: got $3"
}
# service_json ID: that service of the state (its object holds no other object)
service_json() {
  local code
  code=$(curl -s -o "$work/state" -w '%{http_code}' "$url/api/v1/state") || code="curl $? $code"
  [ "$code" = 200 ] || { echo "GET /api/v1/state: $code $(head -c 300 "$work/state" 2>/dev/null)"; return; }
  grep -o "{\"id\":\"$1\"[^}]*}" "$work/state"
}
wait_day() {
  for _ in $(seq 100); do
    curl -sf "$url/api/v1/state" | grep -q "\"day\":\"$1\"" && return 0
    sleep 0.2
  done
  fail "the office day never became $1"
}

set_clock "2026-12-02 07:59:30"
faked start_antred "$work/office.ini"
expect "07:59:30" '409 *"service_closed"*"Layanan Imigrasi (Paspor) buka pukul 08:00 / Immigration (Passport) opens at 08:00"*' "$(take IMIGRASI)"
expect "state before 08:00" '*"hours":\["08:00-12:00","13:00-15:00"\],"open_now":false,*' \
  "$(service_json IMIGRASI)"
set_clock "2026-12-02 08:00:00"
expect "08:00:00" '201 *"number":"E001"*' "$(take IMIGRASI)"
set_clock "2026-12-02 12:00:00"
expect "12:00:00" '409 *buka pukul 13:00 / Immigration (Passport) opens at 13:00"*' "$(take IMIGRASI)"
set_clock "2026-12-02 14:59:00"
expect "14:59:00" '201 *"number":"E002"*' "$(take IMIGRASI)"
set_clock "2026-12-02 15:00:00"
expect "15:00:00" '409 *buka besok pukul 08:00 / Immigration (Passport) opens tomorrow at 08:00"*' "$(take IMIGRASI)"
expect "state after 15:00" '*"open_now":false,*' "$(service_json IMIGRASI)"
expect "DUKCAPIL (no hours)" '201 *' "$(take DUKCAPIL)"
# closing time does not send anybody home: the waiting are still called
out=$("$antre" --server "$url" --token counter-7-test-token call-next 7) || fail "call-next: $out"
[[ $out == *E001* ]] || fail "call-next after closing: $out"

out=$("$antre" --server "$url" --token "$admin" status DUKCAPIL closed --reason "SIAK mati") ||
  fail "antre status: $out"
[[ $out == "DUKCAPIL Kependudukan dan Pencatatan Sipil: closed - SIAK mati; taking no tickets now" ]] ||
  fail "antre status said: $out"
# antre tail says it too (a stream does not end by itself: stopped once it has)
"$antre" --server "$url" tail --from 0 >"$work/tail" 2>/dev/null &
tail_pid=$!
wait_for 20 grep -q 'service.status  *DUKCAPIL closed - SIAK mati$' "$work/tail" ||
  { kill "$tail_pid"; fail "antre tail: no status line in $(cat "$work/tail")"; }
kill "$tail_pid"; wait "$tail_pid" 2>/dev/null || true
"$antre" --server "$url" --token "$admin" status DUKCAPIL shut 2>/dev/null &&
  fail "antre status took an unknown status"
expect "DUKCAPIL closed" '409 *"service_closed"*"Layanan Kependudukan dan Pencatatan Sipil ditutup: SIAK mati / Civil Registry is closed: SIAK mati"*' "$(take DUKCAPIL)"

# kill -9, the next morning, and again later that day: replay starts at that day's reset
kill -9 "$pid"; wait "$pid" 2>/dev/null || true
set_clock "2026-12-03 09:00:00"
faked restart_antred "$port" "$work/antred.log" "$work/office.ini"
wait_day 2026-12-03
expect "DUKCAPIL after the restart" '*"status":"closed","reason":"SIAK mati",*"open_now":false,*' \
  "$(service_json DUKCAPIL)"
expect "next day" '201 *"number":"E001"*' "$(take IMIGRASI)"
kill -9 "$pid"; wait "$pid" 2>/dev/null || true
faked restart_antred "$port" "$work/antred.log" "$work/office.ini"
expect "DUKCAPIL after the second restart" '*"status":"closed",*' "$(service_json DUKCAPIL)"
expect "DUKCAPIL still closed" '409 *"service_closed"*SIAK mati*' "$(take DUKCAPIL)"
"$antre" --server "$url" --token "$admin" status DUKCAPIL open >/dev/null || fail "reopen"
expect "DUKCAPIL open again" '201 *' "$(take DUKCAPIL)"
echo "service hours faketime: ok"
