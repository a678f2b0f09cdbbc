#!/usr/bin/env bash
# The ticket status page in real Chromium (headless): it renders the ticket, and a
# screenshot is written to the build folder for people to look at.
#   page_chromium.sh BUILD_DIR SOURCE_DIR      (exit 77 without chromium)
set -euo pipefail
build=$1 src=$2
. "$src/tests/lib.sh"
test_begin page chromium

start_antred "$src/tests/fixtures/office.ini"
kiosk="Authorization: Bearer kiosk-test-token-0000"
curl -s -XPOST -H "$kiosk" -d '{"service":"DISNAKER"}' "$url/api/v1/tickets" >/dev/null
id=$(curl -s -XPOST -H "$kiosk" -d '{"journey":"CPMI"}' "$url/api/v1/tickets" |
     sed -n 's/.*"id":"\([0-9a-f]*\)".*/\1/p')
[ -n "$id" ] || fail "no ticket issued"
chrome=(chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run
        --disable-background-networking --disable-component-update --disable-sync
        --user-data-dir="$work/chrome" --hide-scrollbars --window-size=420,900)
dom=$(timeout 60 "${chrome[@]}" --enable-logging=stderr --v=0 --dump-dom "$url/t/$id" \
      2>"$work/console.log")
# the page's live script must run: any script error in the console fails the page
! grep -q 'Uncaught' "$work/console.log" || fail "the page's script fails: $(grep Uncaught "$work/console.log")"
[[ $dom == *'id="number">P001<'* ]] || fail "page does not show P001: $dom"
[[ $dom == *"1 orang / people"* ]] || fail "page does not show who is ahead"
timeout 60 "${chrome[@]}" --screenshot="$build/ticket-page.png" "$url/t/$id" >/dev/null 2>&1
[ -s "$build/ticket-page.png" ] || fail "no screenshot"
echo "page: ok (screenshot in $build/ticket-page.png)"
