#!/usr/bin/env bash
# The embedded web files (firmware/web/ → /web/NAME): Content-Type, a strong ETag and
# 304 for it (and for "*" alone, not for a header that merely holds a *), gzip when
# accepted and not when q=0, no framing by another page; the pages at their paths.
#   web_assets.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$1 src=$2
. "$src/tests/lib.sh"
test_begin web-assets curl
start_antred "$src/tests/fixtures/office.ini"
head_of() { curl -s -o /dev/null -D - "$@" | tr -d '\r'; }
h=$(head_of "$url/web/counter.js")
grep -q '^HTTP/1.1 200' <<<"$h" || fail "/web/counter.js: $h"
grep -qi '^Content-Type: text/javascript; charset=utf-8$' <<<"$h" || fail "counter.js type: $h"
grep -qi '^X-Frame-Options: DENY$' <<<"$h" || fail "no X-Frame-Options: $h"
grep -qi "^Content-Security-Policy: frame-ancestors 'none'$" <<<"$h" || fail "no frame-ancestors: $h"
etag=$(sed -n 's/^ETag: //Ip' <<<"$h")
[[ $etag == \"*\" ]] || fail "no strong ETag: $h"
code() { curl -s -o /dev/null -w '%{http_code}' "$@"; }
[ "$(code -H "If-None-Match: $etag" "$url/web/counter.js")" = 304 ] || fail "the same ETag is not 304"
[ "$(code -H "If-None-Match: \"other\", $etag" "$url/web/counter.js")" = 304 ] || fail "an ETag in a list is not 304"
[ "$(code -H 'If-None-Match: *' "$url/web/counter.js")" = 304 ] || fail "* is not 304"
[ "$(code -H 'If-None-Match: "zz*"' "$url/web/counter.js")" = 200 ] || fail "a * inside another tag counted as *"
[ "$(code -H 'If-None-Match: "other"' "$url/web/counter.js")" = 200 ] || fail "another ETag got 304"
enc() { head_of -H "Accept-Encoding: $1" "$url/web/counter.js" | sed -n 's/^Content-Encoding: //Ip'; }
[ "$(enc 'gzip, deflate')" = gzip ] || fail "gzip accepted but not sent"
[ -z "$(enc 'gzip;q=0, br')" ] || fail "gzip;q=0 got gzip"
[ -z "$(enc 'gzip; q=0')" ] || fail "gzip; q=0 got gzip"
[ -z "$(enc 'x-gzip2')" ] || fail "a word that only contains gzip got gzip"
[ "$(curl -s -H 'Accept-Encoding: gzip' "$url/web/counter.js" | gunzip | head -c 20)" = "$(curl -s "$url/web/counter.js" | head -c 20)" ] ||
  fail "the gzip'ed copy is not the file"
for p in counter display supervisor; do
  h=$(head_of "$url/$p")
  grep -q '^HTTP/1.1 200' <<<"$h" && grep -qi '^Content-Type: text/html' <<<"$h" || fail "/$p: $h"
done
[ "$(code "$url/web/nope.js")" = 404 ] || fail "a file that is not there is not 404"
grep -q '"ticket.called":' <(curl -s "$url/web/protocol.js") || fail "protocol.js lacks the event table"
echo "ok: /web files with ETag $etag"
