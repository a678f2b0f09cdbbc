#!/usr/bin/env bash
# /supervisor in real Chromium driven by playwright-core (tests/web/supervisor.mjs)
# against the real antred, whose export's centre is down. Screenshots go to
# BUILD_DIR/web-shots/.
#   web_supervisor.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$1 src=$2
. "$src/tests/lib.sh"
test_begin web-supervisor chromium node:nodejs npm:npm
node_dir=$(web_node "$build") || fail "playwright-core could not be installed from the npm registry"
mkdir -p "$build/web-shots"
# the office exports to a centre that is down (nothing listens on its port): the board
# says so, and how far behind the export is
echo "not-a-real-password" >"$work/pw"
chmod 600 "$work/pw"
{ cat "$src/tests/fixtures/office.ini"
  printf '\n[export]\npostgres = host=127.0.0.1 port=%s dbname=central user=office\n' "$(test_port)"
  printf 'password_file = %s/pw\noffice_id = indramayu\n' "$work"; } >"$work/office.ini"
start_antred "$work/office.ini"
# (an ES module finds its packages next to itself: it runs from the node folder)
cp "$src/tests/web/supervisor.mjs" "$node_dir/supervisor.mjs"
node "$node_dir/supervisor.mjs" "$url" "$build/web-shots" || fail "the supervisor board failed a check (above)"
