#!/usr/bin/env bash
# Benchmark (prints figures; not a ctest): antred's memory with 30 counter consoles and
# 20 TV displays holding the event stream open, each from its own loopback address as on
# an office LAN, while 200 tickets are issued and called.
#   tests/bench/streams_rss.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$1 src=$2
. "$src/tests/lib.sh"
test_begin streams-rss curl
start_antred "$src/tests/fixtures/office.ini"
rss() { sed -n 's/^VmRSS:[ \t]*//p' "/proc/$pid/status"; }
echo "antred idle: $(rss)"
streams=()
for i in $(seq 30); do
  curl -sN --interface "127.0.1.$i" "$url/api/v1/events?device=console:$(( i % 10 + 1 ))" >/dev/null &
  streams+=($!)
done
for i in $(seq 20); do
  curl -sN --interface "127.0.2.$i" "$url/api/v1/events" >/dev/null &
  streams+=($!)
done
held() { [ "$(curl -s "$url/api/v1/state" | grep -o '"streams":[0-9]*' | cut -d: -f2 |
  awk '{ s += $1 } END { print s + 0 }')" -ge 30 ]; }
wait_for 20 held || fail "the 30 consoles' streams are not all open"
for i in $(seq 200); do
  curl -s -XPOST -H 'Authorization: Bearer kiosk-test-token-0000' -d '{"service":"DISNAKER"}' \
    "$url/api/v1/tickets" >/dev/null
  curl -s -XPOST -H 'Authorization: Bearer counter-1-test-token' \
    "$url/api/v1/counters/1/call-next" >/dev/null
done
echo "antred with 30 consoles + 20 displays after 200 issues and calls: $(rss)" \
  "(peak $(sed -n 's/^VmHWM:[ \t]*//p' "/proc/$pid/status"))"
kill "${streams[@]}" 2>/dev/null || true
