#!/usr/bin/env bash
# Issue 16: two offices, each its own antred, export to one real PostgreSQL (a private
# cluster of the test's). The centre is stopped mid-day and restarted, and an antred is
# kill -9ed while a batch is open at the centre: each office's events arrive all, once,
# in order; the views' figures equal each office's own daily report; --export-once
# sends a log that was never exported and fails loudly when it cannot. A centre that
# hangs mid-batch or refuses the rows changes nothing at the office; the lag (events and
# seconds) and the error show it, and the office records the seq the centre confirmed.
#   export_central.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$1 src=$2
antred=$build/firmware/antred/antred
. "$src/tests/lib.sh"
# (no skip: a missing tool is a failure, CI installs them through scripts/deps.sh)
for tool in curl psql python3 sqlite3; do
  command -v "$tool" >/dev/null || { echo "FAIL: $tool is missing (scripts/deps.sh)"; exit 1; }
done
test_begin export_central
. "$src/tests/export_pg.sh"
a_pid="" b_pid="" c_pid="" e_pid=""
cleanup() {
  local p
  for p in $a_pid $b_pid $c_pid $e_pid; do kill -9 "$p" 2>/dev/null || true; done
  [ -n "${pg_dir:-}" ] && pg_stop immediate
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() {
  echo "FAIL: $*" >&2
  for f in "$work"/*.log "${pg_dir:-/nonexistent}/sock/pg.log"; do
    [ -f "$f" ] && { echo "--- $f" >&2; tail -n 30 "$f" >&2; }
  done
  exit 1
}

# office_start NAME [ENV=VALUE...]: antred for office NAME ($work/NAME.ini and .db) on a
# free port; sets NAME_pid, NAME_url and NAME_log (its stderr, one file per start).
starts=0
office_start() {
  local name=$1 port log rc=1
  shift
  starts=$((starts + 1))
  log=$work/$name.$starts.log
  eval "${name}_log=$log"
  for _ in 1 2 3 4 5; do
    port=$(test_port)
    : >"$log"
    env "$@" "$antred" --config "$work/$name.ini" --db "$work/$name.db" \
      --listen "127.0.0.1:$port" 2>"$log" &
    eval "${name}_pid=$!"
    rc=0
    wait_for 20 grep -q "listening on" "$log" || rc=1
    [ "$rc" = 0 ] && break
    grep -q "cannot listen" "$log" || break
  done
  [ "$rc" = 0 ] || { cat "$log" >&2; fail "antred $name did not start"; }
  eval "${name}_url=http://127.0.0.1:$port"
}

# (grep reads here-strings: a grep -q that stops early must not fail a pipe's writer)
metric() { local m; m=$(curl -sf "$1/metrics") && awk -v m="$2" '$1 == m { print $2 }' <<<"$m"; }
# caught_up URL: the centre is reachable and has every event of the office's log
caught_up() {
  local m seq
  m=$(curl -sf "$1/metrics") || return 1
  seq=$(awk '$1 == "antre_event_seq" { print $2 }' <<<"$m")
  grep -qx "antre_export_seq $seq" <<<"$m" && grep -qx "antre_export_up 1" <<<"$m" &&
    grep -qx "antre_export_lag_events 0" <<<"$m" && grep -qx "antre_export_lag_seconds 0.000" <<<"$m"
}
# lagging URL: the export says it is behind, in events and in seconds
lagging() {
  [ "$(metric "$1" antre_export_lag_events)" -gt 0 ] &&
    awk -v s="$(metric "$1" antre_export_lag_seconds)" 'BEGIN { exit !(s > 0) }'
}
# office_confirmed NAME OFFICE_ID: the seq the office itself recorded as at the centre
# (NAME.db.export), which must be the log's last once it caught up
office_confirmed() {
  [ "$(sqlite3 "$work/$1.db.export" "SELECT seq FROM export_progress WHERE office_id = '$2'")" = \
    "$(sqlite3 "$work/$1.db" "SELECT max(seq) FROM events")" ] ||
    fail "$1: $work/$1.db.export does not hold the last seq the centre confirmed"
}
is_down() { [ "$(metric "$1" antre_export_up)" = 0 ]; }
centre() { psql_c central "$1"; }

# exactly_once OFFICE DB: the centre has each event of the log once, the same type,
# and its export_progress says so
exactly_once() {
  local local_rows centre_rows
  local_rows=$(sqlite3 "$2" "SELECT seq || '|' || type || '|' || day FROM events ORDER BY seq")
  centre_rows=$(centre "SELECT seq || '|' || type || '|' || day FROM events
                        WHERE office_id = '$1' ORDER BY seq")
  [ -n "$local_rows" ] || fail "$1: the local log is empty"
  [ "$local_rows" = "$centre_rows" ] ||
    fail "$1: the centre's events differ from the log: $(diff <(echo "$local_rows") \
      <(echo "$centre_rows") | head -5)"
  [ "$(centre "SELECT seq FROM export_progress WHERE office_id = '$1'")" = \
    "$(sqlite3 "$2" "SELECT max(seq) FROM events")" ] || fail "$1: export_progress is off"
  echo "$1: $(echo "$local_rows" | wc -l) events at the centre, each once"
}

pg_init
pg_start
pg_centre
office_config a indramayu
office_config b cirebon
office_start a
office_start b

# A morning at both offices, exported as it happens.
python3 "$src/tests/export_day.py" "$a_url" 1 120
python3 "$src/tests/export_day.py" "$b_url" 2 120
wait_for 30 caught_up "$a_url" || fail "office a did not catch up"
wait_for 30 caught_up "$b_url" || fail "office b did not catch up"
office_confirmed a indramayu
office_confirmed b cirebon
[ "$(centre "SELECT max(version) FROM schema_version")" = 3 ] || fail "schema_version"
[ "$(centre "SELECT count(*) FROM pg_inherits WHERE inhparent = 'events'::regclass")" -ge 1 ] ||
  fail "no month partition was made"
before_a=$(centre "SELECT seq FROM export_progress WHERE office_id = 'indramayu'")

# The centre goes down in the middle of the day: the offices go on, the lag shows.
pg_stop immediate
python3 "$src/tests/export_day.py" "$a_url" 3 80
python3 "$src/tests/export_day.py" "$b_url" 4 80
wait_for 30 is_down "$a_url" || fail "office a does not show the centre down"
wait_for 30 is_down "$b_url" || fail "office b does not show the centre down"
lagging "$a_url" || fail "no lag (events and seconds) while the centre is down"
grep -q '^antre_export_last_error_info{error="' <<<"$(curl -sf "$a_url/metrics")" ||
  fail "no last error while the centre is down"
curl -sf "$a_url/api/v1/state" | python3 -c '
import json, sys
x = json.load(sys.stdin)["export"]
assert x["up"] is False and x["lag_events"] > 0 and x["last_error"], x' ||
  fail "/api/v1/state export while the centre is down"
! grep -q "$(cat "$work/pw")" "$work"/*.log || fail "the password is in a log"

# Office a restarts with a batch that will hang open at the centre, then is killed -9
# while it does: the centre rolls it back, the next antred sends it again, once.
kill "$a_pid"; wait "$a_pid" || true
office_start a ANTRE_TEST_EXPORT_HOLD_MS=120000
pg_start
wait_for 60 grep -q "holding the batch up to seq" "$a_log" ||
  fail "office a never held a batch open"
# a centre that hangs in the middle of a batch changes nothing at the office: a stretch of
# the day is issued, called and finished meanwhile (export_day.py fails on any error)
python3 "$src/tests/export_day.py" "$a_url" 8 30 || fail "office a failed while the centre hung"
[ "$(centre "SELECT seq FROM export_progress WHERE office_id = 'indramayu'")" = "$before_a" ] ||
  fail "the held batch moved export_progress before its commit"
kill -9 "$a_pid"; wait "$a_pid" 2>/dev/null || true
[ "$(centre "SELECT count(*) FROM events WHERE office_id = 'indramayu'")" = "$before_a" ] ||
  fail "rows of the killed batch are at the centre"
office_start a
python3 "$src/tests/export_day.py" "$a_url" 5 60
python3 "$src/tests/export_day.py" "$b_url" 6 60
wait_for 60 caught_up "$a_url" || fail "office a did not catch up after the restarts"
wait_for 60 caught_up "$b_url" || fail "office b did not catch up after the centre's restart"
exactly_once indramayu "$work/a.db"
exactly_once cirebon "$work/b.db"

# A centre that refuses (its administrator took the office role's right to insert): the
# office goes on, says why and how far behind it is, and catches up, each event once,
# once the right is back.
centre "REVOKE INSERT ON events FROM office"
python3 "$src/tests/export_day.py" "$a_url" 9 30 || fail "office a failed while the centre refused"
refused() { grep -q '^antre_export_last_error_info{error=".*permission denied' <<<"$(curl -sf "$1/metrics")"; }
wait_for 30 refused "$a_url" || fail "office a does not say the centre refuses: $(curl -sf "$a_url/metrics" | grep export)"
lagging "$a_url" || fail "no lag while the centre refuses"
centre "GRANT INSERT ON events TO office"
wait_for 60 caught_up "$a_url" || fail "office a did not catch up once the centre took its rows again"
exactly_once indramayu "$work/a.db"
office_confirmed a indramayu

# The views' figures against each office's own daily report.
# fetch_report NAME URL [DAY]: the office's report of DAY (default: its day) into
# $work/NAME.report.json
fetch_report() {
  local day=${3:-}
  [ -n "$day" ] ||
    day=$(curl -sf "$2/api/v1/state" | python3 -c 'import json,sys; print(json.load(sys.stdin)["day"])')
  echo "$day" >"$work/$1.day"
  curl -sf -H "Authorization: Bearer admin-test-token-0000" \
    "$2/api/v1/reports/daily?date=$day" >"$work/$1.report.json" || fail "$1: report"
}
# compare_views NAME OFFICE_ID [no-issues]: daily_service and daily_journey against that
# report, and (unless no-issues) daily_office's tickets issued equal the report's
compare_views() {
  local day
  day=$(cat "$work/$1.day")
  centre "SELECT service, issued, served, no_show, cancelled, wait_p50_s, wait_p90_s,
          wait_max_s FROM daily_service WHERE office_id = '$2' AND day = '$day'" \
    >"$work/$1.services"
  centre "SELECT journey, issued, completed FROM daily_journey
          WHERE office_id = '$2' AND day = '$day'" >"$work/$1.journeys"
  python3 "$src/tests/export_day.py" compare "$work/$1.report.json" "$work/$1.services" \
    "$work/$1.journeys" || fail "$1: the centre's views differ from the daily report"
  [ "${3:-}" = no-issues ] && return 0
  local want have
  want=$(python3 -c 'import json, sys
r = json.load(open(sys.argv[1]))
print(sum(s["issued"] for s in r["services"]) + sum(j["issued"] for j in r["journeys"]))' \
    "$work/$1.report.json")
  have=$(centre "SELECT issued FROM daily_office WHERE office_id = '$2' AND day = '$day'")
  [ "$want" -gt 0 ] && [ "$have" = "$want" ] ||
    fail "$1: daily_office has $have tickets issued, the office's report $want"
}
fetch_report a "$a_url"
compare_views a indramayu
fetch_report b "$b_url"
compare_views b cirebon

# A journey over two office days, across a month's end (libfaketime moves antred's wall
# clock; carry_over keeps the open ticket): days_to_complete is 2, the second day
# counts the completion but not in the report's "completed" (issued the day before), and
# each month has its partition.
faketime_lib=/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1
[ -e "$faketime_lib" ] || fail "$faketime_lib is missing (apt-get install faketime)"
clock=$work/clock
echo "@2026-11-30 23:58:00" >"$clock"
office_config e majalengka
sed -i 's/^carry_over = no /carry_over = yes/' "$work/e.ini"
grep -q '^carry_over = yes' "$work/e.ini" || fail "e.ini: carry_over"
office_start e TZ=Asia/Jakarta LD_PRELOAD=$faketime_lib FAKETIME_TIMESTAMP_FILE=$clock \
  FAKETIME_NO_CACHE=1 FAKETIME_DONT_RESET=1 FAKETIME_DONT_FAKE_MONOTONIC=1 \
  FAKETIME_FORCE_MONOTONIC_FIX=0 ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0
office_day_is() { [ "$(curl -sf "$e_url/api/v1/state" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["day"])')" = "$1" ]; }
desk() {
  local action
  for action in call-next finish; do
    curl -sf -o /dev/null -XPOST -H "Authorization: Bearer counter-$1-test-token" \
      "$e_url/api/v1/counters/$1/$action" || fail "e: $action at counter $1"
  done
}
wait_for 10 office_day_is 2026-11-30 || fail "e: the office day is not 2026-11-30"
curl -sf -o /dev/null -XPOST -H "Authorization: Bearer kiosk-test-token-0000" \
  -d '{"journey":"CPMI"}' "$e_url/api/v1/tickets" || fail "e: journey ticket"
desk 1; desk 4; desk 6
echo "@2026-12-01 00:00:05" >"$clock"
wait_for 20 office_day_is 2026-12-01 || fail "e: the day did not roll to 2026-12-01"
desk 7; desk 9; desk 10
wait_for 30 caught_up "$e_url" || fail "office e did not catch up"
exactly_once majalengka "$work/e.db"
[ "$(centre "SELECT issued_day || ' ' || completed_day || ' ' || days_to_complete
              FROM journey_completions WHERE office_id = 'majalengka'")" = \
  "2026-11-30 2026-12-01 2" ] || fail "e: journey_completions: $(centre "SELECT * FROM
    journey_completions WHERE office_id = 'majalengka'")"
[ "$(centre "SELECT completed || ' ' || completions || ' ' || days_to_complete_max
              FROM daily_journey WHERE office_id = 'majalengka' AND day = '2026-12-01'")" = \
  "0 1 2" ] || fail "e: daily_journey of the second day"
fetch_report e "$e_url" 2026-11-30
compare_views e majalengka
fetch_report e "$e_url" 2026-12-01
compare_views e majalengka no-issues
[ "$(centre "SELECT count(*) FROM pg_class WHERE relname IN ('events_2026_11', 'events_2026_12')")" = 2 ] ||
  fail "the month partitions of November and December are not both there"
kill "$e_pid"; wait "$e_pid" || fail "antred e did not stop cleanly"; e_pid=""

# A reload cannot change where or as whom the running export sends: it needs a restart.
sed -i 's/^office_id = indramayu$/office_id = elsewhere/' "$work/a.ini"
kill -HUP "$a_pid"
wait_for 10 grep -q 'reload refused.*the \[export\] section changed' "$a_log" ||
  fail "a reload that changed [export] was not refused"

# --export-once: an office that never exported sends its whole log and exits 0; with
# the centre down it exits non-zero, saying why.
kill "$b_pid"; wait "$b_pid" || true; b_pid=""
cp "$src/tests/fixtures/office.ini" "$work/c.ini"
office_start c
# first one CPMI journey through all six desks, alone, so one journey is complete
curl -sf -o /dev/null -XPOST -H "Authorization: Bearer kiosk-test-token-0000" \
  -d '{"journey":"CPMI"}' "$c_url/api/v1/tickets" || fail "c: journey ticket"
for desk in 1 4 6 7 9 10; do
  for action in call-next finish; do
    curl -sf -o /dev/null -XPOST -H "Authorization: Bearer counter-$desk-test-token" \
      "$c_url/api/v1/counters/$desk/$action" || fail "c: $action at counter $desk"
  done
done
python3 "$src/tests/export_day.py" "$c_url" 7 60
fetch_report c "$c_url"
kill "$c_pid"; wait "$c_pid" || true; c_pid=""
office_config c sumedang
"$antred" --export-once --config "$work/c.ini" --db "$work/c.db" 2>"$work/once.log" ||
  fail "--export-once failed: $(cat "$work/once.log")"
grep -q "events sent to the centre" "$work/once.log" || fail "--export-once said: $(cat "$work/once.log")"
exactly_once sumedang "$work/c.db"
compare_views c sumedang
[ "$(centre "SELECT completed || '/' || days_to_complete_max FROM daily_journey
              WHERE office_id = 'sumedang' AND journey = 'CPMI'")" = "1/1" ] ||
  fail "sumedang: the complete journey is not in daily_journey"
[ "$(centre "SELECT count(*) FROM journey_completions WHERE office_id = 'sumedang'
              AND days_to_complete = 1")" = 1 ] || fail "sumedang: journey_completions"

# An office sending under another's office_id is refused; the other's rows stay as they are.
office_config d indramayu
held=$(centre "SELECT count(*) || '/' || max(seq) FROM events WHERE office_id = 'indramayu'")
rc=0; "$antred" --export-once --config "$work/d.ini" --db "$work/b.db" 2>"$work/collide.log" || rc=$?
[ "$rc" != 0 ] || fail "an office sending under another's office_id was not refused"
grep -q "another office uses office_id indramayu" "$work/collide.log" ||
  fail "the refusal said: $(cat "$work/collide.log")"
[ "$(centre "SELECT count(*) || '/' || max(seq) FROM events WHERE office_id = 'indramayu'")" = "$held" ] ||
  fail "the refused office changed the centre's rows of indramayu"

pg_stop fast
rc=0; "$antred" --export-once --config "$work/c.ini" --db "$work/c.db" 2>"$work/once.log" || rc=$?
[ "$rc" != 0 ] || fail "--export-once with the centre down exited 0"
grep -q "error: export: cannot connect" "$work/once.log" ||
  fail "--export-once with the centre down said: $(cat "$work/once.log")"
! grep -q "$(cat "$work/pw")" "$work/once.log" || fail "the password is in --export-once's log"
kill "$a_pid"; wait "$a_pid" || fail "antred a did not stop cleanly"; a_pid=""
! grep -l "Sanitizer\|runtime error" "$work"/*.log || fail "a sanitizer spoke (see above)"
echo "export_central: ok"
