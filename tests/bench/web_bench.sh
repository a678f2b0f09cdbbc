#!/usr/bin/env bash
# Benchmark (prints figures; not a ctest): console click → /display, and announcement
# render time, in real Chromium (tests/bench/web/console_to_display.mjs).
#   tests/bench/web_bench.sh BUILD_DIR SOURCE_DIR [CALLS]
set -euo pipefail
build=$1 src=$2 calls=${3:-100}
. "$src/tests/lib.sh"
test_begin web-bench chromium node:nodejs npm:npm
node_dir=$(web_node "$build") || fail "playwright-core could not be installed"
start_antred "$src/tests/fixtures/office.ini"
cp "$src/tests/bench/web/console_to_display.mjs" "$node_dir/console_to_display.mjs"
node "$node_dir/console_to_display.mjs" "$url" "$calls"
