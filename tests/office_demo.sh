#!/usr/bin/env bash
# The README's first command, headless: scripts/office with no screen plays a short
# morning through the API and writes pictures of the kiosk, the wall, a counter display
# and a ticket under var/demo/, prints the counter console and TV display URLs, keeps
# antred running, and Ctrl-C (SIGINT to its process group) stops antred.
#   office_demo.sh BUILD_DIR SOURCE_DIR
set -uo pipefail
build=$1 src=$2
. "$src/tests/lib.sh"
test_begin office_demo
office_pid=""
trap 'test_office_cleanup' EXIT
test_office_cleanup() {
  [ -n "$office_pid" ] && kill -TERM -- "-$office_pid" 2>/dev/null
  test_cleanup
}

# Job control: the office runs in its own process group, with SIGINT not ignored, as in
# a terminal where Ctrl-C reaches the whole group.
set -m
env -u DISPLAY -u WAYLAND_DISPLAY "$src/scripts/office" --no-build --build-dir "$build" \
  --var "$work/var" --listen "127.0.0.1:$(test_port)" >"$work/out" 2>&1 &
office_pid=$!
set +m
wait_for 120 grep -q "antred keeps running" "$work/out" ||
  fail "the demo did not finish: $(cat "$work/out")"
antred_pid=$(pgrep -P "$office_pid" -x antred) || fail "no antred under scripts/office"
grep -q "no screen here" "$work/out" || fail "it did not say there is no screen"
# The browser pages when antred serves them, otherwise the CLI line: never a URL that 404s.
base=$(sed -n 's#.*listening on \(http://[^ ]*\).*#\1#p' "$work/out" | head -1)
if curl -fsS -o /dev/null "$base/counter"; then
  grep -Eq "counter console: http://[^ ]+/counter .*TV display: http://[^ ]+/display .*token: [0-9a-f]{16,}" \
    "$work/out" || fail "no URLs line with a counter token: $(cat "$work/out")"
else
  grep -q "counter console" "$work/out" && fail "it names a console antred does not serve: $(cat "$work/out")"
  grep -Eq "from a shell: .*/antre --server http://[^ ]+ --token-file [^ ]+ call-next [0-9]+ .*token: [0-9a-f]{16,}" \
    "$work/out" || fail "no CLI line with a counter token: $(cat "$work/out")"
fi
[ -d "$work/var/tickets" ] || fail "var/tickets/ was not created"
for p in kiosk wall counter-1 ticket; do
  png=$work/var/demo/$p.png
  [ -f "$png" ] || fail "$p.png was not written"
  [ "$(head -c 8 "$png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] ||
    fail "$p.png is not a PNG"
  w=$(od -An -tu1 -j16 -N4 "$png" | awk '{ print $1*16777216 + $2*65536 + $3*256 + $4 }')
  h=$(od -An -tu1 -j20 -N4 "$png" | awk '{ print $1*16777216 + $2*65536 + $3*256 + $4 }')
  [ "$w" -ge 300 ] && [ "$h" -ge 300 ] || fail "$p.png is ${w}x$h"
  [ "$(stat -c %s "$png")" -ge 5000 ] || fail "$p.png is only $(stat -c %s "$png") bytes"
done
kill -0 "$antred_pid" 2>/dev/null || fail "antred did not keep running"

kill -INT -- "-$office_pid"
wait_for 20 sh -c "! kill -0 $antred_pid 2>/dev/null" || fail "Ctrl-C did not stop antred"
wait_for 20 sh -c "! kill -0 $office_pid 2>/dev/null" || fail "Ctrl-C did not stop scripts/office"
office_pid=""
echo "office demo: ok"
