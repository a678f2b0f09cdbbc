#!/usr/bin/env bash
# One box or a LAN: bound to all addresses, antred's listening line shows a LAN address
# clients can use (not 127.0.0.1) and says "(all addresses)"; public_url left out is
# derived from it (the tickets' status_url, the QR code, starts there); a loopback
# public_url while listening on the LAN gets a warning at start; on loopback, none.
#   antred_listen.sh BUILD_DIR SOURCE_DIR
set -uo pipefail
build=$1 src=$2
. "$src/tests/lib.sh"
test_begin antred_listen curl:curl
lan=$(ip -4 -o addr show scope global 2>/dev/null | awk '{ sub("/.*", "", $4); print $4; exit }')
[ -n "$lan" ] || { echo "skipped: this machine has no LAN address"; exit 77; }

# start CONFIG LISTEN: antred on LISTEN; sets pid and log
start() {
  log=$work/antred.$RANDOM.log
  "$build/firmware/antred/antred" --config "$1" --db "$work/antre-$RANDOM.db" --listen "$2" \
    2>"$log" &
  pid=$!
  wait_for 20 grep -q "listening on" "$log" || fail "antred did not start: $(cat "$log")"
}
stop() { kill "$pid"; wait "$pid" 2>/dev/null; pid=""; }

grep -v '^public_url' "$src/tests/fixtures/office.ini" >"$work/unset.ini"
start "$work/unset.ini" 0.0.0.0:0
line=$(grep "listening on" "$log")
[[ $line =~ listening\ on\ (http://[^ ]+)\ \(all\ addresses\)$ ]] ||
  fail "the listening line does not show an address and '(all addresses)': $line"
shown=${BASH_REMATCH[1]}
[[ $shown != *127.0.0.1* ]] || fail "bound to all addresses, it shows loopback: $line"
ticket=$(curl -sf -X POST -H "Authorization: Bearer kiosk-test-token-0000" \
  -H 'Content-Type: application/json' -d '{"service":"DISNAKER"}' "$shown/api/v1/tickets") ||
  fail "no ticket at the address shown ($shown)"
[[ $ticket == *"\"status_url\": \"$shown/t/"* || $ticket == *"\"status_url\":\"$shown/t/"* ]] ||
  fail "public_url left out was not derived from $shown: $ticket"
grep -q warning "$log" && fail "a warning with public_url left out: $(cat "$log")"
stop

start "$src/tests/fixtures/office.ini" 0.0.0.0:0
grep -q "warning: public_url http://127.0.0.1:8080 is this machine only" "$log" ||
  fail "no warning for a loopback public_url on the LAN: $(cat "$log")"
stop

start "$src/tests/fixtures/office.ini" 127.0.0.1:0
grep -q warning "$log" && fail "a warning on one box: $(cat "$log")"
grep -Eq "listening on http://127.0.0.1:[0-9]+$" "$log" || fail "one box: $(grep listening "$log")"
stop
echo "antred listen: ok"
