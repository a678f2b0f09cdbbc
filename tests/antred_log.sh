#!/bin/bash
# antred's log: every stderr line says "antred: LEVEL: ..." (info, warning, error), and
# none carries a token of the config, a token a client sent, or a full ticket id (the
# capability in a ticket's status URL), through requests, a wrong token, a reload, a
# refused reload and a stop.
build=$1 src=$2
. "$src/tests/lib.sh"
test_begin antred_log curl
cp "$src/tests/fixtures/office.ini" "$work/office.ini"
start_antred "$work/office.ini"
kiosk="Authorization: Bearer kiosk-test-token-0000"
wrong=wrong-token-0123456789abcdef

id=$(curl -s -XPOST -H "$kiosk" -d '{"service":"DISNAKER"}' "$url/api/v1/tickets" |
     sed -n 's/.*"id":"\([0-9a-f]*\)".*/\1/p')
[ -n "$id" ] || fail "no ticket issued"
curl -sf "$url/api/v1/tickets/$id" >/dev/null || fail "the ticket cannot be read back"
code=$(curl -s -o /dev/null -w '%{http_code}' -XPOST -H "Authorization: Bearer $wrong" \
  "$url/api/v1/counters/2/call-next")
[ "$code" = 401 ] || fail "a wrong token got $code, want 401"
curl -s -o /dev/null -XPOST -H "Authorization: Bearer counter-2-test-token" \
  "$url/api/v1/counters/2/call-next"
curl -s -o /dev/null "$url/api/v1/tickets/${id}0"   # an unknown id

# a reload that takes, then one that is refused (a prefix changed)
kill -HUP "$pid"
wait_for 10 grep -q 'reloaded ' "$work/antred.log" || fail "no reload line: $(cat "$work/antred.log")"
sed -i '0,/^prefix = /s/^prefix = .*/prefix = Z/' "$work/office.ini"
kill -HUP "$pid"
wait_for 10 grep -q 'reload refused' "$work/antred.log" || fail "no refused reload: $(cat "$work/antred.log")"
kill -TERM "$pid"; wait "$pid"; pid=""

log=$work/antred.log
# the listening line is the contract's, unchanged (DESIGN.md): the one line without a level
grep -Eq '^antred: listening on http://127\.0\.0\.1:[0-9]+$' "$log" || fail "no listening line: $(cat "$log")"
bad=$(grep -Ev '^antred: (info|warning|error): ' "$log" | grep -Ev '^antred: listening on http://')
[ -z "$bad" ] || fail "log lines without a level: $bad"
grep -q '^antred: info: stopping' "$log" || fail "no stopping line: $(cat "$log")"
tokens=$(sed -n 's/^\(admin_\)\{0,1\}token *= *\([^ ;]*\).*/\2/p' "$src/tests/fixtures/office.ini")
[ "$(echo "$tokens" | wc -l)" -ge 10 ] || fail "found too few tokens in the fixture"
for t in $tokens $wrong "$id" Bearer Authorization; do
  grep -qF -- "$t" "$log" && fail "the log carries '$t': $(grep -F -- "$t" "$log")"
done
echo "antred_log: $(wc -l <"$log") lines, all with a level, no token or ticket id"
