#!/usr/bin/env bash
# /counter in real Chromium driven by playwright-core (tests/web/counter.mjs), against the
# real antred, which this script kills (-9) and starts again on the same port when the
# page script says so. Screenshots go to BUILD_DIR/web-shots/.
#   web_counter.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$1 src=$2
. "$src/tests/lib.sh"
test_begin web-counter chromium node:nodejs npm:npm
node_dir=$(web_node "$build") || fail "playwright-core could not be installed from the npm registry"
mkdir -p "$build/web-shots"
start_antred "$src/tests/fixtures/office.ini"
# (an ES module finds its packages next to itself: it runs from the node folder)
cp "$src/tests/web/counter.mjs" "$node_dir/counter.mjs"
coproc PAGE { node "$node_dir/counter.mjs" "$url" "$build/web-shots" 2>&1; }
while IFS= read -r line <&"${PAGE[0]}"; do
  echo "$line"
  case "$line" in
    "RESTART kill") kill -9 "$pid"; wait "$pid" 2>/dev/null || true; echo >&"${PAGE[1]}" ;;
    "RESTART start") restart_antred "$port" "$work/antred2.log" "$src/tests/fixtures/office.ini"
                     echo >&"${PAGE[1]}" ;;
    "DONE ok") exit 0 ;;
    "DONE failed") fail "the console failed a check (above)" ;;
  esac
done
fail "the page script ended without DONE"
