#!/usr/bin/env bash
# /t/{id} in real Chromium driven by playwright-core (tests/web/ticket.mjs), against the
# real antred with the shipped office's ticket_footer. Screenshots in BUILD_DIR/web-shots/.
#   web_ticket.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$1 src=$2
. "$src/tests/lib.sh"
test_begin web-ticket chromium node:nodejs npm:npm
node_dir=$(web_node "$build") || fail "playwright-core could not be installed from the npm registry"
mkdir -p "$build/web-shots"
# the test office with the shipped config's footer lines
{ sed -n '/^\[office\]/,/^\[server\]/p' "$src/tests/fixtures/office.ini" | sed '$d'
  grep '^ticket_footer' "$src/config/ltsa.ini"
  sed -n '/^\[server\]/,$p' "$src/tests/fixtures/office.ini"; } >"$work/office.ini"
grep -q '^ticket_footer = ' "$work/office.ini" || fail "no ticket_footer in the shipped config"
start_antred "$work/office.ini"
cp "$src/tests/web/ticket.mjs" "$node_dir/ticket.mjs"
node "$node_dir/ticket.mjs" "$url" "$build/web-shots" || fail "the ticket page failed a check (above)"
