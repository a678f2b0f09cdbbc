#!/usr/bin/env bash
# /reports in real Chromium: test_report_day's scripted day (antred under libfaketime)
# leaves its office and log in $work; a plain antred then serves them, and
# tests/web/reports.mjs (playwright-core) logs in through the page's form and checks the
# figures in its tables. Screenshots and the A4 PDF land in the build folder.
#   web_reports.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$1 src=$2
. "$src/tests/lib.sh"
test_begin web-reports chromium node:nodejs npm:npm
node_dir=$(web_node "$build") || fail "playwright-core could not be installed from the npm registry"
mkdir -p "$build/web-shots"

ANTRE_REPORT_DAY_KEEP=$work "$build/tests/test_report_day" >"$work/day.log" 2>&1 ||
  { cat "$work/day.log" >&2; fail "the scripted day failed"; }
start_antred "$work/office.ini"
# the CLI's text report of the same two days lists them (figures as in reports.mjs)
out=$("$build/firmware/cli/antre" --server "$url" --token admin-report-token-0000 \
  report --date 2026-11-27 --until 2026-11-28) || fail "antre report of the range"
[[ $out =~ 2026-11-27\ +6\ +6\ +1\ +1\ +1 ]] || fail "the CLI's first day: $out"
[[ $out =~ 2026-11-28\ +1\ +1\ +0\ +0\ +0 ]] || fail "the CLI's second day: $out"
# (an ES module finds its packages next to itself: it runs from the node folder)
cp "$src/tests/web/reports.mjs" "$node_dir/reports.mjs"
timeout 120 node "$node_dir/reports.mjs" "$url" "$build/web-shots" ||
  fail "the reports page is not as the script says"
echo "web reports: ok (screenshots: $build/web-shots/web-reports*.png)"
