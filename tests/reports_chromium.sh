#!/usr/bin/env bash
# /reports in real Chromium: test_report_day's scripted day (antred under libfaketime)
# leaves its office and log in $work; a plain antred then serves them, and
# reports_page.js (playwright-core) logs in through the page's form and checks the
# figures in its tables. Screenshots and the A4 PDF land in the build folder.
#   reports_chromium.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$1 src=$2
. "$src/tests/lib.sh"
test_begin reports chromium node:nodejs

# playwright-core from the npm registry, once per build folder (it downloads no browser)
mods=$build/node-reports
if [ ! -d "$mods/node_modules/playwright-core" ]; then
  mkdir -p "$mods"
  npm install --prefix "$mods" --no-audit --no-fund --silent playwright-core >&2 ||
    fail "npm could not install playwright-core"
fi

ANTRE_REPORT_DAY_KEEP=$work "$build/tests/test_report_day" >"$work/day.log" 2>&1 ||
  { cat "$work/day.log" >&2; fail "the scripted day failed"; }
start_antred "$work/office.ini"
NODE_PATH=$mods/node_modules timeout 120 node "$src/tests/reports_page.js" "$url" "$build" ||
  fail "the reports page is not as the script says"
echo "reports chromium: ok (screenshots: $build/web-reports.png, $build/web-reports-a4.png)"
