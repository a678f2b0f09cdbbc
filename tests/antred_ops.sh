#!/bin/bash
# antred for operators: --version, --check-config (ok / FILE:LINE, nothing written), and
# the service manager's notifications (READY=1 once listening, WATCHDOG=1 while serving)
# received on a real NOTIFY_SOCKET datagram socket.
build=$1 src=$2
. "$src/tests/lib.sh"
test_begin antred_ops python3
antred=$build/firmware/antred/antred
version=$(sed -n 's/^project(antre VERSION \([0-9.]*\).*/\1/p' "$src/CMakeLists.txt")

# --version: the project's version, exit 0
out=$("$antred" --version) || fail "--version exited $?"
[ "$out" = "antred $version" ] || fail "--version said '$out', want 'antred $version'"

# --check-config on a copy of the shipped config in an empty folder: ok, exit 0, and no
# database, token file or folder appears.
mkdir -p "$work/etc" && cp "$src/config/ltsa.ini" "$work/etc/ltsa.ini"
(cd "$work/etc" && "$antred" --check-config ltsa.ini) >"$work/out" 2>"$work/err" ||
  { cat "$work/err" >&2; fail "--check-config of the shipped config exited non-zero"; }
[ "$(wc -l <"$work/out")" = 1 ] && grep -q '^ltsa.ini: ok ' "$work/out" ||
  fail "--check-config did not say 'ltsa.ini: ok': $(cat "$work/out")"
[ -s "$work/err" ] && fail "--check-config wrote to stderr: $(cat "$work/err")"
left=$(cd "$work" && find . -mindepth 1 ! -path ./etc ! -path ./etc/ltsa.ini ! -name out ! -name err)
[ -z "$left" ] || fail "--check-config created files: $left"

# a bad key: FILE:LINE refusal, exit 1, nothing started
printf '[server]\nbogus = 1\n' >"$work/bad.ini"
rc=0; "$antred" --check-config "$work/bad.ini" >"$work/out" 2>"$work/err" || rc=$?
[ "$rc" = 1 ] || fail "--check-config of a bad config exited $rc, want 1"
grep -q "^$work/bad.ini:2: " "$work/err" || fail "no FILE:LINE refusal: $(cat "$work/err")"
[ -s "$work/out" ] && fail "a refused config printed on stdout: $(cat "$work/out")"
# two counters with the same token: refused without reading any token file
sed 's/^token_file = .*counter-2.token/token = aaaaaaaaaaaaaaaaaaaa/;
     s/^token_file = .*counter-3.token/token = aaaaaaaaaaaaaaaaaaaa/' \
  "$src/config/ltsa.ini" >"$work/etc/dup.ini"
rc=0; "$antred" --check-config "$work/etc/dup.ini" >"$work/out" 2>"$work/err" || rc=$?
[ "$rc" = 1 ] || fail "a shared counter token passed --check-config (exit $rc)"

# NOTIFY_SOCKET: a datagram listener; antred sends READY=1 after 'listening on' and
# keeps sending WATCHDOG=1 (WATCHDOG_USEC=200000: every 100 ms).
cat >"$work/listen.py" <<'PY'
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
open(sys.argv[1] + ".bound", "w").close()
with open(sys.argv[2], "a", buffering=1) as out:
    while True:
        out.write(s.recv(4096).decode().replace("\n", " ") + "\n")
PY
python3 "$work/listen.py" "$work/notify.sock" "$work/notify.log" &
listener=$!
trap 'kill $listener 2>/dev/null; test_cleanup' EXIT
wait_for 10 test -e "$work/notify.sock.bound" || fail "the notify listener did not start"
NOTIFY_SOCKET=$work/notify.sock WATCHDOG_USEC=200000 start_antred "$src/tests/fixtures/office.ini"
wait_for 10 grep -q '^READY=1' "$work/notify.log" || fail "no READY=1 on NOTIFY_SOCKET"
count_pets() { grep -c '^WATCHDOG=1' "$work/notify.log"; }
three_pets() { [ "$(count_pets)" -ge 3 ]; }
wait_for 10 three_pets || fail "fewer than 3 WATCHDOG=1 keep-alives"
curl -fsS "$url/healthz" >/dev/null || fail "antred does not answer while notifying"
# a stopped (hung) antred sends no keep-alive
kill -STOP "$pid"
# a keep-alive sent just before the stop may still be on its way to the listener's log:
# wait until the log stands still, then count
settled() { local a; a=$(count_pets); sleep 0.2; [ "$a" = "$(count_pets)" ]; }
wait_for 10 settled || fail "the listener's log never stood still"
before=$(count_pets); sleep 0.5; after=$(count_pets)
kill -CONT "$pid"
[ "$before" = "$after" ] || fail "keep-alives came from a stopped antred"
kill -TERM "$pid"; wait "$pid"
wait_for 10 grep -q '^STOPPING=1' "$work/notify.log" || fail "no STOPPING=1 at SIGTERM"
pid=""

# SIGHUP: names, marquee and tokens come from the file again while an event stream stays
# open; a structural change (a prefix, a service removed) is refused with a sentence and
# the running config stays.
cp "$src/tests/fixtures/office.ini" "$work/office.ini"
start_antred "$work/office.ini"
curl -sN "$url/api/v1/events" >"$work/sse.out" 2>&1 &
sse=$!
trap 'kill $listener $sse 2>/dev/null; test_cleanup' EXIT
wait_for 10 test -s "$work/sse.out" || fail "no event stream"
office() { curl -fsS "$url/api/v1/office"; }
logged() { grep -q "$1" "$work/antred.log"; }
sed -i 's/^name = LTSA P2MI Kabupaten Indramayu$/name = LTSA Reloaded/;
        s/^marquee = Semua layanan/marquee = Berubah. Semua layanan/;
        s/^token = counter-1-test-token$/token = counter-1-fresh-token/' "$work/office.ini"
kill -HUP "$pid"
wait_for 10 logged 'antred: info: reloaded ' || { cat "$work/antred.log" >&2; fail "no reload"; }
office | grep -q '"name":"LTSA Reloaded"' || fail "the office name was not reloaded"
office | grep -q '"marquee":"Berubah. ' || fail "the marquee was not reloaded"
code() { curl -s -o /dev/null -w '%{http_code}' -XPOST -H "Authorization: Bearer $1" \
  "$url/api/v1/counters/1/call-next"; }
[ "$(code counter-1-test-token)" = 401 ] || fail "the old counter token still works"
c=$(code counter-1-fresh-token); [ "${c:0:1}" = 2 ] || fail "the new counter token: HTTP $c"
kill -0 "$sse" || fail "the event stream was dropped by the reload"
curl -fsS -XPOST -H "Authorization: Bearer kiosk-test-token-0000" \
  -d '{"service":"DISNAKER"}' "$url/api/v1/tickets" >/dev/null || fail "no ticket after reload"
wait_for 10 grep -q 'A001' "$work/sse.out" || fail "the open stream missed the new ticket"

# a prefix changed: refused, the name change in the same file not taken
sed -i '0,/^prefix = A$/s//prefix = Z/; s/^name = LTSA Reloaded$/name = LTSA Refused/' \
  "$work/office.ini"
kill -HUP "$pid"
wait_for 10 logged 'reload refused.*prefix of service DISNAKER changed (A to Z)' ||
  { cat "$work/antred.log" >&2; fail "a prefix change was not refused with a sentence"; }
office | grep -q '"name":"LTSA Reloaded"' || fail "a refused reload changed the name"
office | grep -q '"prefix":"A"' || fail "a refused reload changed the prefix"
# a service removed: refused too
cp "$src/tests/fixtures/office.ini" "$work/office.ini"
sed -i '/^\[service INFO\]/,/^$/d; s/^services = INFO$/services = PAP/; s/, INFO$//' \
  "$work/office.ini"
"$build/firmware/antred/antred" --check-config "$work/office.ini" >/dev/null ||
  fail "the test's office without INFO is not a valid config"
kill -HUP "$pid"
wait_for 10 logged 'reload refused.*service INFO was removed' ||
  { cat "$work/antred.log" >&2; fail "a removed service was not refused with a sentence"; }
kill -0 "$pid" || fail "antred ended after a refused reload"
kill -0 "$sse" || fail "the event stream was dropped by a refused reload"
echo "ok"
