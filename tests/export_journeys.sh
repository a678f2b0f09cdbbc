#!/usr/bin/env bash
# Issue 16 with issue 13's journeys across days: an office whose antred runs under a
# clock we move (libfaketime) over three days exports to a real PostgreSQL (a private
# cluster of the test's). A CPMI applicant is deferred on day 1, resumed on day 2,
# deferred again, resumed on day 3 and finished; another goes through every desk on
# day 1. The centre starts at schema 1 (an antred of schema 1, by the test seam
# ANTRE_TEST_EXPORT_SCHEMA) and is migrated on day 2 with its rows. The views count each
# journey once by its origin ticket: started, completed, days to complete (3 and 1) and
# their p50/p90 equal the office's own report, per day and over the three days. A ticket
# that never printed (the kiosk cancels it "print_failed") is no visit, at the office or
# at the centre: a journey ticket on day 1 and the first return ticket on day 2.
#   export_journeys.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$1 src=$2
. "$src/tests/lib.sh"
lib=/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1   # MT: antred has threads
for tool in curl psql python3 sqlite3; do
  command -v "$tool" >/dev/null || { echo "FAIL: $tool is missing (scripts/deps.sh)"; exit 1; }
done
[ -e "$lib" ] || { echo "FAIL: $lib is missing (apt-get install faketime)"; exit 1; }
test_begin export_journeys curl
. "$src/tests/export_pg.sh"
pid=""
cleanup() {
  [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null
  [ -n "${pg_dir:-}" ] && pg_stop immediate
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() {
  echo "FAIL: $*" >&2
  for f in "$work/antred.log" "${pg_dir:-/nonexistent}/sock/pg.log"; do
    [ -f "$f" ] && { echo "--- $f" >&2; tail -n 30 "$f" >&2; }
  done
  exit 1
}
kiosk=kiosk-test-token-0000 admin=admin-test-token-0000
clock=$work/clock
ticket() {   # ticket BODY: POST /api/v1/tickets as the kiosk; prints the body
  curl -sf -H "Authorization: Bearer $kiosk" -H 'Content-Type: application/json' \
    -d "$1" "$url/api/v1/tickets" || fail "ticket $1"
}
desk() {   # desk COUNTER ACTION [BODY]
  curl -sf -H "Authorization: Bearer counter-$1-test-token" -H 'Content-Type: application/json' \
    -d "${3:-}" "$url/api/v1/counters/$1/$2" || fail "counter $1 $2 ${3:-}"
}
serve() {  # serve NUMBER COUNTER...: each counter calls NUMBER next and finishes it
  local number=$1 c
  shift
  for c in "$@"; do
    desk "$c" call-next | grep -q "\"number\":\"$number\"" || fail "counter $c did not call $number"
    desk "$c" finish >/dev/null
  done
}
field() { grep -o "\"$1\":\"[^\"]*\"" | head -1 | cut -d'"' -f4; }
wait_day() {
  for _ in $(seq 100); do
    curl -sf "$url/api/v1/state" | grep -q "\"day\":\"$1\"" && return 0
    sleep 0.2
  done
  fail "the office day never became $1"
}
caught_up() {
  local m seq
  m=$(curl -sf "$url/metrics") || return 1
  seq=$(awk '$1 == "antre_event_seq" { print $2 }' <<<"$m")
  grep -qx "antre_export_seq $seq" <<<"$m" && grep -qx "antre_export_lag_events 0" <<<"$m"
}
centre() { psql_c central "$1"; }

pg_init
pg_start
pg_centre
office_config office serang

# Day 1 (schema 1): P001 done at DISNAKER, deferred at the health check; P002 through all
# six desks the same day.
set_clock "2026-12-02 08:30:00"
ANTRE_TEST_EXPORT_SCHEMA=1 faked start_antred "$work/office.ini"
out=$(ticket '{"journey":"CPMI"}')
first=$(field id <<<"$out") code=$(field code <<<"$out")
serve P001 1
desk 4 call-next | grep -q '"number":"P001"' || fail "the health check did not call P001"
desk 4 defer '{"return_on":"2026-12-03"}' | grep -q '"state":"deferred"' || fail "defer day 1"
ticket '{"journey":"CPMI"}' | grep -q '"number":"P002"' || fail "P002"
serve P002 1 4 6 7 9 10
unprinted() {   # unprinted ID: the kiosk's cancel of a ticket whose print failed
  curl -sf -H "Authorization: Bearer $kiosk" -H 'Content-Type: application/json' \
    -d '{"reason":"print_failed"}' "$url/api/v1/tickets/$1/cancel" >/dev/null ||
    fail "cancel $1 print_failed"
}
unprinted "$(ticket '{"journey":"CPMI"}' | field id)"   # P003: nobody holds it
wait_for 30 caught_up || fail "day 1 did not reach the centre"
[ "$(centre "SELECT string_agg(version::text, ' ') FROM schema_version")" = 1 ] ||
  fail "the centre is not at schema 1 on day 1"
day1_rows=$(centre "SELECT count(*) FROM events")
kill "$pid"; wait "$pid" || fail "antred did not stop cleanly"; pid=""

# Day 2 (this antred: the centre is migrated): back by the code, served at the health
# check, deferred at SKCK to the next desk.
set_clock "2026-12-03 09:00:00"
faked restart_antred "$port" "$work/antred.log" "$work/office.ini"
wait_day 2026-12-03
out=$(ticket "{\"resume\":\"$code\"}")
grep -q '"visit":2' <<<"$out" || fail "resume day 2"
unprinted "$(field id <<<"$out")"   # its paper jammed; the applicant scans again
ticket "{\"resume\":\"$code\"}" | grep -q '"number":"P002"' || fail "resume day 2 again"
serve P002 4
desk 6 call-next | grep -q '"number":"P002"' || fail "SKCK did not call P002"
desk 6 defer '{"return_on":"2026-12-04","step":"next"}' | grep -q '"state":"deferred"' ||
  fail "defer day 2"
wait_for 30 caught_up || fail "day 2 did not reach the centre"
kill -9 "$pid"; wait "$pid" 2>/dev/null || true; pid=""

# Day 3: back by the first ticket's id, through the last three desks.
set_clock "2026-12-04 09:00:00"
faked restart_antred "$port" "$work/antred.log" "$work/office.ini"
wait_day 2026-12-04
ticket "{\"resume\":\"$first\"}" | grep -q '"visit":3' || fail "resume day 3"
serve P001 7 9 10
wait_for 30 caught_up || fail "day 3 did not reach the centre"

# Each journey once, from its first ticket's day (columns of schema 1's view too: the
# old view counted the three-day journey's last ticket, 1 day)
[ "$(centre "SELECT string_agg(issued_day || ' ' || completed_day || ' ' || days_to_complete,
              ',' ORDER BY days_to_complete)
              FROM journey_completions WHERE office_id = 'serang'")" = \
  "2026-12-02 2026-12-02 1,2026-12-02 2026-12-04 3" ] ||
  fail "journey_completions: $(centre "SELECT * FROM journey_completions")"
[ "$(centre "SELECT string_agg(visits::text, ',' ORDER BY days_to_complete)
              FROM journey_completions WHERE office_id = 'serang'")" = "1,3" ] ||
  fail "journey_completions: visits"
# The views against the office's report, per day and over the three days.
curl -sf -H "Authorization: Bearer $admin" \
  "$url/api/v1/reports/daily?from=2026-12-02&to=2026-12-04" >"$work/report.json" || fail "report"
centre "SELECT day, journeys_started, journeys_completed, deferred, returned,
        visits_per_completed, days_to_complete_p50, days_to_complete_p90
        FROM daily_visits WHERE office_id = 'serang' ORDER BY day" >"$work/daily_visits"
centre "SELECT count(*) FILTER (WHERE started_day BETWEEN '2026-12-02' AND '2026-12-04'),
        count(*) FILTER (WHERE completed_day BETWEEN '2026-12-02' AND '2026-12-04'
                         AND completed_visit_day >= '2026-12-02'),
        percentile_disc(0.5) WITHIN GROUP (ORDER BY days_to_complete) FILTER (WHERE
          completed_day <= '2026-12-04' AND completed_visit_day >= '2026-12-02'),
        percentile_disc(0.9) WITHIN GROUP (ORDER BY days_to_complete) FILTER (WHERE
          completed_day <= '2026-12-04' AND completed_visit_day >= '2026-12-02')
        FROM journeys WHERE office_id = 'serang'" >"$work/range"
python3 - "$work/report.json" "$work/daily_visits" "$work/range" <<'EOF' || fail "the views differ"
import json, sys
report = json.load(open(sys.argv[1]))
rows = {}
for line in open(sys.argv[2]).read().split("\n"):
    if line:
        f = line.split("|")
        rows[f[0]] = f[1:]
keys = ["journeys_started", "journeys_completed", "deferred", "returned",
        "visits_per_completed", "days_to_complete_p50", "days_to_complete_p90"]
bad = 0
for d in report["days"]:
    v = d["visits"]
    f = rows.pop(d["date"], None)
    if f is None:
        print("day %s: no daily_visits row" % d["date"]); bad += 1; continue
    have = {k: (float(x) if x else 0.0) for k, x in zip(keys, f)}
    want = {k: float(v[k]) for k in keys}
    if v["journeys_completed"] == 0:   # no completion: the office says 0, the centre NULL
        for k in keys[4:]:
            have[k] = want[k]
    if have != want:
        print("day %s: centre %s, office %s" % (d["date"], have, want)); bad += 1
for d in rows:
    print("day %s only at the centre" % d); bad += 1
t = report["visits"]
want = [t["journeys_started"], t["journeys_completed"], t["days_to_complete_p50"],
        t["days_to_complete_p90"]]
have = [int(x) for x in open(sys.argv[3]).read().strip().split("|")]
if have != want:
    print("the three days: centre %s, office %s" % (have, want)); bad += 1
# and what the days were: 1 for P002, 3 for P001
if want != [2, 2, 1, 3]:
    print("the office's report of the three days: %s, not [2, 2, 1, 3]" % want); bad += 1
by_day = {d["date"]: d["visits"] for d in report["days"]}
if (by_day["2026-12-04"]["days_to_complete_p50"], by_day["2026-12-02"]["journeys_started"],
        by_day["2026-12-03"]["returned"]) != (3, 2, 1):
    print("the office's days: %s" % by_day); bad += 1
print("compared %d days of visits and the three days' journeys" % len(report["days"]))
sys.exit(1 if bad else 0)
EOF
[ "$(centre "SELECT day || ' ' || started || ' ' || completions || ' ' || days_to_complete_p50
              || ' ' || days_to_complete_p90 FROM daily_journey
              WHERE office_id = 'serang' AND journey = 'CPMI' AND completions > 0
              ORDER BY day")" = $'2026-12-02 2 1 1 1\n2026-12-04 0 1 3 3' ] ||
  fail "daily_journey: $(centre "SELECT * FROM daily_journey")"
[ "$(centre "SELECT count(*) || ' ' || count(DISTINCT started_day) FROM journeys
              WHERE office_id = 'serang'")" = "2 1" ] || fail "journeys: not two, started on day 1"

# The centre was migrated, not recreated: day 1's rows are there, each event once, and
# no ticket id of the office is at the centre in the clear (origin and resumes hashed).
[ "$(centre "SELECT string_agg(version::text, ' ' ORDER BY version) FROM schema_version")" = "1 2 3" ] ||
  fail "schema_version: $(centre "SELECT * FROM schema_version")"
[ "$(centre "SELECT count(*) FROM events WHERE seq <= $day1_rows")" = "$day1_rows" ] ||
  fail "day 1's rows are not all at the centre"
[ "$(sqlite3 "$work/antre.db" "SELECT group_concat(seq || type, ',') FROM events ORDER BY seq")" = \
  "$(centre "SELECT string_agg(seq || type, ',' ORDER BY seq) FROM events")" ] ||
  fail "the centre's events are not the log's, each once"
for id in $(sqlite3 "$work/antre.db" "SELECT DISTINCT ticket FROM events WHERE ticket IS NOT NULL"); do
  [ "$(centre "SELECT count(*) FROM events WHERE data::text LIKE '%$id%'")" = 0 ] ||
    fail "ticket id $id is at the centre in the clear"
done
[ "$(centre "SELECT count(*) FROM events WHERE data ? 'origin'")" -ge 4 ] ||
  fail "the journey's origins are not at the centre"
kill "$pid"; wait "$pid" || fail "antred did not stop cleanly"; pid=""
! grep -q "Sanitizer\|runtime error" "$work/antred.log" || fail "a sanitizer spoke"
echo "export_journeys: ok"
