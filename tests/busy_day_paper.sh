#!/usr/bin/env bash
# A busy hour with a kiosk whose printer runs out of paper (issue 15 item 2, the last
# fault): the real antred, the real antre-kiosk (SDL dummy driver, tapped through its
# test seam) printing on a real ippeveprinter, a second kiosk issuing through HTTP, five
# counters calling and finishing through HTTP, and a display subscriber on the stream.
# Mid-way the paper runs out while a ticket is printing (the printer's media page, as
# in RECIPES.md): that ticket is cancelled (print_failed), home shows the fault and
# issues nothing while applicants keep tapping, antred's state (what /supervisor
# reads) says so, the other kiosk keeps issuing, and once the paper is in the kiosk
# issues again by itself. A second outage comes during a print while antred refuses
# changes (its log held): the kiosk sends the cancel again until it is taken. A third
# comes while the kiosk is idle: the first tap gets no number. Then checked from outside.
#   busy_day_paper.sh BUILD_DIR SOURCE_DIR     (exit 77 without the tools)
set -euo pipefail
build=$1 src=$2
. "$src/tests/lib.sh"
test_begin busy-day-paper dbus-daemon:dbus-daemon ippeveprinter:cups-ipp-utils \
  ipptool:cups-ipp-utils curl python3 convert:imagemagick
RANDOM=15   # seeded: the same service times each run
extra=()
trap 'for p in "${extra[@]}"; do kill "$p" 2>/dev/null || true; done; test_cleanup' EXIT

# the test office without the priority step (one tap, one ticket), and a second kiosk
sed -e "s/^priority_button = yes .*/priority_button = no/" "$src/tests/fixtures/office.ini" \
  >"$work/office.ini"
grep -q "^priority_button = no$" "$work/office.ini" || fail "the fixture's priority_button line moved"
printf '\n[kiosk annex]\ntoken = kiosk-annex-token-0000\n' >>"$work/office.ini"
start_antred "$work/office.ini"
admin="Authorization: Bearer admin-test-token-0000"

# the display subscriber: the whole day from the start, in $work/sse.txt
curl -sN -H 'Last-Event-ID: 0' "$url/api/v1/events" >"$work/sse.txt" 2>/dev/null &
sub=$!
extra+=("$sub")

# the printer: ippeveprinter whose print engine ($work/engine) takes its time while
# $work/slow exists (a long ticket), so the paper can run out during a print
cat >"$work/engine" <<ENGINE
#!/bin/sh
if [ -e "$work/slow" ]; then
  touch "$work/engine.busy"
  for i in \$(seq 300); do [ -e "$work/slow" ] || break; sleep 0.1; done
fi
exec cat "\$1"
ENGINE
chmod +x "$work/engine"
dbus-daemon --session --address="unix:path=$work/bus" --nofork >/dev/null 2>&1 &
extra+=($!)
wait_for 5 test -S "$work/bus" || fail "no D-Bus"
mkdir -p "$work/spool" "$work/paper"
for try in 1 2 3; do   # a random port may be taken: another one
  ipport=$(( 20000 + RANDOM % 20000 ))
  DBUS_SYSTEM_BUS_ADDRESS="unix:path=$work/bus" ippeveprinter -p "$ipport" -n localhost -r off -k \
    -c "$work/engine" -d "$work/spool" -D "file://$work/paper" \
    -f application/vnd.cups-raw,application/vnd.escpos -F application/vnd.cups-raw Ticket \
    >"$work/ippeveprinter.log" 2>&1 &
  ippid=$!
  extra+=("$ippid")
  wait_for 10 curl -s -o /dev/null "http://localhost:$ipport/" && kill -0 "$ippid" 2>/dev/null && break
  kill "$ippid" 2>/dev/null || true
  [ "$try" = 3 ] && { cat "$work/ippeveprinter.log" >&2; fail "ippeveprinter did not start"; }
done
printer="ipp://localhost:$ipport/ipp/print"
media="http://localhost:$ipport/media?size1=na_letter_8.5x11in&type1=stationery&size3=na_letter_8.5x11in&type3=stationery"
paper() { curl -s -o /dev/null "$media&level1=$1&level3=$1" || fail "the printer's media page"; }

# the real kiosk; its buttons from --dump-layout
kiosk=("$build/kiosk/antre-kiosk" --server "$url" --size 1920x1080)
declare -A centre
for id in DISNAKER DUKCAPIL lang; do
  centre[$id]=$("${kiosk[@]}" --dump-layout | tr -d '\n ' | grep -o "{\"id\":\"$id\"[^}]*}" |
    head -1 | sed 's/.*"x":\([0-9]*\),"y":\([0-9]*\),"w":\([0-9]*\),"h":\([0-9]*\).*/\1 \2 \3 \4/' |
    awk '{ print int($1 + $3 / 2), int($2 + $4 / 2) }')
  [ -n "${centre[$id]}" ] || fail "no $id in --dump-layout"
done
# ui_start (lib.sh) bounds the program at 60 s; this day is longer: the same, 280 s
ui_start_day() {
  rm -f "$work/ui.in" "$work/ui.trace" "$work/ui.log"
  mkfifo "$work/ui.in"
  SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy "$@" --test-input --trace-frames \
    --quit-after-ms 280000 <"$work/ui.in" >"$work/ui.trace" 2>"$work/ui.log" &
  ui_pid=$!
  exec {ui_in}>"$work/ui.in"
}
ui_start_day "${kiosk[@]}" --token kiosk-test-token-0000 --printer "$printer" --snapshot "$work/home.png"
ui_wait 20 "the kiosk reporting its printer ready" ui_logged "printer ready reported \(200\)"
ui_wait 10 "home" ui_framed home

tap() { echo "tap $1" >&"$ui_in"; }
count() { grep -Ec "$1" "$work/ui.log" || true; }
more() { [ "$(count "$1")" -gt "$2" ]; }
issued() { count 'antre-kiosk: issued [A-Z][0-9]+ \(ticket'; }
# the ticket or fault screen dismissed by a tap on its middle (no control there)
dismissed() { tap "960 400"; sleep 0.2; more 'screen home$' "$1"; }
# applicant SERVICE: a tap on home, the ticket screen, home again
applicant() {
  local homes tickets
  homes=$(count 'screen home$') tickets=$(count 'screen ticket ')
  tap "${centre[$1]}"
  ui_wait 15 "a ticket for $1" more 'screen ticket ' "$tickets"
  ui_wait 20 "home after the ticket" dismissed "$homes"
}
lobby() {   # lobby N: N applicants at the real kiosk, DISNAKER and DUKCAPIL in turn
  local i
  for i in $(seq "$1"); do
    if [ $(( i % 2 )) = 1 ]; then applicant DISNAKER; else applicant DUKCAPIL; fi
  done
}

# the second kiosk: N tickets through HTTP, one every ~0.3 s; each answer in annex.jsonl
annex() {   # annex PHASE N
  local i svc code services=(DISNAKER INFO BPJS)
  for i in $(seq "$2"); do
    svc=${services[$(( i % 3 ))]}
    code=$(curl -s -o "$work/annex-$1.json" -w '%{http_code}' -X POST \
      -H "Authorization: Bearer kiosk-annex-token-0000" -H "Idempotency-Key: annex-$1-$i" \
      -d "{\"service\":\"$svc\"}" "$url/api/v1/tickets") || true
    if [ "$code" = 201 ]; then
      { cat "$work/annex-$1.json"; echo; } >>"$work/annex.jsonl"
    else
      echo "annex $1/$i $svc: $code $(cat "$work/annex-$1.json")" >>"$work/errors"
    fi
    sleep 0.3
  done
}

# a counter: open, then call-next and finish (after a short service) until the day
# closes and nobody waits; each call's answer in calls-ID.jsonl
counter() {   # counter ID TOKEN
  local cid=$1 auth="Authorization: Bearer $2" code
  code=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "$auth" "$url/api/v1/counters/$cid/open")
  [ "$code" = 200 ] || echo "counter $cid open: $code" >>"$work/errors"
  while :; do
    if [ -e "$work/lunch" ]; then   # a pause, then open again
      code=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "$auth" "$url/api/v1/counters/$cid/pause")
      [ "$code" = 200 ] || echo "counter $cid pause: $code" >>"$work/errors"
      touch "$work/lunch-$cid"
      while [ -e "$work/lunch" ]; do sleep 0.2; done
      rm -f "$work/lunch-$cid"
      code=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "$auth" "$url/api/v1/counters/$cid/open")
      [ "$code" = 200 ] || echo "counter $cid open after lunch: $code" >>"$work/errors"
    fi
    code=$(curl -s -o "$work/call-$cid.json" -w '%{http_code}' -X POST -H "$auth" \
      "$url/api/v1/counters/$cid/call-next") || true
    case $code in
      200)
        { cat "$work/call-$cid.json"; echo; } >>"$work/calls-$cid.jsonl"
        sleep "0.$(( RANDOM % 6 ))"
        code=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "$auth" \
          "$url/api/v1/counters/$cid/finish") || true
        [ "$code" = 200 ] || echo "counter $cid finish: $code" >>"$work/errors" ;;
      204)
        [ -e "$work/closing" ] && break
        sleep 0.3 ;;
      *)
        echo "counter $cid call-next: $code $(cat "$work/call-$cid.json")" >>"$work/errors"
        sleep 0.3 ;;
    esac
  done
}
counters=()
for c in 1 2 3 8 9; do
  counter "$c" "counter-$c-test-token" &
  counters+=($!)
  extra+=($!)
done

lobby_device() {   # the lobby kiosk's entry in antred's state, as one line
  curl -s "$url/api/v1/state" | python3 -c 'import json,sys
for d in json.load(sys.stdin).get("devices", []):
    if d.get("id") == "lobby": print(json.dumps(d))'
}
device_says() { lobby_device | grep -q "\"printer\": \"$1\""; }
# The counters at lunch around a print that fails: antred makes a ticket callable as soon
# as it is issued, so a free counter could call it in the moment it prints (a kiosk may
# not cancel a called ticket: 403, staff's business). Paused, none can.
at_lunch() { for c in 1 2 3 8 9; do [ -e "$work/lunch-$c" ] || return 1; done; }
lunch() { touch "$work/lunch"; wait_for 20 at_lunch || fail "the counters did not pause"; }
last_id() {   # the ticket the kiosk issued last
  grep -o 'issued [A-Z][0-9]* (ticket [0-9a-f]*)' "$work/ui.log" | tail -1 | tr -d ')' |
    awk '{ print $4 }'
}
cancelled() { curl -s "$url/api/v1/tickets/$1" | grep -q '"state":"cancelled"'; }

# 1. the morning: 10 applicants at the kiosk, 12 through the other one
annex 1 12 &
annex_pid=$!
lobby 10
wait "$annex_pid"

# 2. the paper runs out while the 11th ticket prints
before_outage=$(issued)
lunch
touch "$work/slow"
tap "${centre[DISNAKER]}"
wait_for 20 test -e "$work/engine.busy" || fail "the 11th ticket never reached the printer"
paper 0
ui_wait 20 "the print-failed screen" ui_logged "screen print-failed"
ui_wait 10 "home showing the paper fault" ui_logged "printer paper_out: home shows the fault"
rm -f "$work/slow"
failed_id=$(last_id)
wait_for 10 cancelled "$failed_id" || fail "the ticket whose print failed was not cancelled"
rm -f "$work/lunch"
annex 2 12 &   # the other kiosk keeps issuing meanwhile
annex_pid=$!
ui_wait 25 "home after the print-failed screen" dismissed "$(count 'screen home$')"
wait_for 10 device_says paper_out || fail "antred's state has no paper_out for the lobby: $(lobby_device)"
lobby_device | grep -q "out of paper" || fail "the lobby's device has no message: $(lobby_device)"
[ "$(curl -s -o /dev/null -w '%{http_code}' "$url/supervisor")" = 200 ] || fail "no /supervisor page"
curl -s "$url/metrics" | grep -q 'antre_device_printer_status{kind="kiosk",id="lobby",status="paper_out"} 1' ||
  fail "/metrics does not carry the lobby's paper_out: $(curl -s "$url/metrics" | grep printer_status)"
ui_peek "$work/home.png" || fail "no picture of home"
cp "$work/home.png" "$build/busy-day-paper-out.png" 2>/dev/null || true
band=$(convert "$work/home.png" -format "%[hex:p{960,175}]" info: | cut -c1-6 | tr A-F a-f)
[ "$band" = a61b1b ] || fail "no red fault band on home while the paper is out: $band at 960,175"
# applicants keep tapping: nothing is issued, home stays
frames() { grep -c "^frame " "$work/ui.trace" || true; }
drawn_since() { [ "$(frames)" -gt "$1" ]; }
for i in 1 2 3 4 5 6; do
  if [ $(( i % 2 )) = 1 ]; then tap "${centre[DISNAKER]}"; else tap "${centre[DUKCAPIL]}"; fi
  sleep 0.3
done
f=$(frames)
tap "${centre[lang]}"   # drawn once the taps before it were handled (one event queue)
ui_wait 10 "the language tap drawn" drawn_since "$f"
tap "${centre[lang]}"
wait "$annex_pid"
outage_numbers=$(( $(issued) - before_outage ))
[ "$outage_numbers" = 1 ] || fail "$outage_numbers numbers issued at the kiosk while the paper was out"
{ [ "$(count 'screen ticket ')" = "$(issued)" ] && [ "$(count 'screen printer-fault')" = 0 ]; } ||
  fail "a tap with no paper left home: $(grep 'screen' "$work/ui.log" | tail -5)"

# 3. the paper is in: the kiosk sees it by itself, says so to antred, issues again
paper 250
ui_wait 20 "home issuing again after the paper is in" ui_logged "printer ready: home issues again"
wait_for 10 device_says ready || fail "antred's state does not have the lobby ready again: $(lobby_device)"
annex 3 12 &
annex_pid=$!
lobby 10
wait "$annex_pid"

# 4. the paper runs out during a print while antred refuses every change (its log held
#    by another program, RECIPES.md): the cancel gets 503 and must be sent again until
#    it is taken, or a number nobody holds waits to be called. The counters are at lunch
#    meanwhile, so none can call it before the kiosk's next try.
wait_for 20 test ! -e "$work/lunch-1" || fail "counter 1 did not come back from lunch"
lunch
before_outage=$(issued) failures=$(count "screen print-failed")
touch "$work/slow"
rm -f "$work/engine.busy"
tap "${centre[DISNAKER]}"
wait_for 20 test -e "$work/engine.busy" || fail "the ticket never reached the printer"
touch "$work/hold"
python3 -c 'import os, sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("BEGIN IMMEDIATE")
open(sys.argv[2] + ".held", "w").close()
while os.path.exists(sys.argv[2]):
    time.sleep(0.05)' "$work/antre.db" "$work/hold" &
holder=$!
extra+=("$holder")
wait_for 10 test -e "$work/hold.held" || fail "the log's lock was not taken"
annex 4 1 &   # a change that waits for the log; after a second the next ones get 503
annex_pid=$!
# (a probe sent before the refusals start waits for the log too: bounded, it changes
# nothing, there being no ticket 0)
refused() {
  [ "$(curl -s -m 1 -o /dev/null -w '%{http_code}' -X POST -H "$admin" -d '{}' \
    "$url/api/v1/tickets/0/cancel")" = 503 ]
}
wait_for 10 grep -q "is locked by another program" "$work/antred.log" ||
  fail "antred never met the held log"
wait_for 20 refused || fail "antred does not refuse changes with its log held"
paper 0
ui_wait 20 "the print-failed screen" more "screen print-failed" "$failures"
failed_id=$(last_id)
rm -f "$work/slow" "$work/hold"
wait "$holder" "$annex_pid"
ui_wait 25 "home after the print-failed screen" dismissed "$(count 'screen home$')"
wait_for 15 cancelled "$failed_id" ||
  fail "the ticket whose print failed while antred refused changes was never cancelled: $(curl -s "$url/api/v1/tickets/$failed_id")"
outage_numbers=$(( outage_numbers + $(issued) - before_outage ))
paper 250
ui_wait 20 "home issuing again after the refill" more "printer ready: home issues again" 1
rm -f "$work/lunch"
lobby 2

# 5. the paper runs out again while nobody is at the kiosk: the next tap gets no number
before_outage=$(issued) faults=$(count "printer paper_out: home shows the fault")
paper 0
tap "${centre[DUKCAPIL]}"
ui_wait 20 "the kiosk refusing the tap" more "printer paper_out: home shows the fault" "$faults"
# (refused by the worker's look at the printer: the fault screen, dismissed; had a
# heartbeat seen it first, home refused the tap itself and stayed)
sleep 0.3   # (the screen's line follows the fault's, from the same frame)
if more 'screen printer-fault' 0; then
  ui_wait 25 "home after the refusal" dismissed "$(count 'screen home$')"
fi
[ "$(issued)" = "$before_outage" ] || fail "a number was issued with no paper, the printer idle"
paper 250
ui_wait 20 "home issuing again after the last refill" more "printer ready: home issues again" 2
applicant DISNAKER
ui_quit "kiosk"

# 6. the day closes: the counters serve everyone left, the subscriber catches up
touch "$work/closing"
for p in "${counters[@]}"; do wait "$p"; done
seq=$(curl -s "$url/api/v1/state" | python3 -c 'import json,sys; print(json.load(sys.stdin)["seq"])')
caught_up() { grep -q "^id: $seq\$" "$work/sse.txt"; }
wait_for 10 caught_up || fail "the subscriber never saw event $seq"
kill "$sub"
[ ! -s "$work/errors" ] || fail "errors on the way: $(cat "$work/errors")"

cat >"$work/jobs.test" <<'TEST'
{
  OPERATION Get-Jobs
  GROUP operation-attributes-tag
  ATTR charset attributes-charset utf-8
  ATTR naturalLanguage attributes-natural-language en
  ATTR uri printer-uri $uri
  ATTR keyword which-jobs $which-jobs
  ATTR keyword requested-attributes job-id,job-state
  DISPLAY job-id
  DISPLAY job-state
}
TEST
ipptool -c -d which-jobs=all "$printer" "$work/jobs.test" >"$work/jobs.csv" || fail "Get-Jobs"
curl -sf -H "$admin" "$url/api/v1/reports/daily" >"$work/report.json" || fail "no daily report"
curl -sf "$url/api/v1/state" >"$work/state.json" || fail "no state"

# 7. from outside: the tickets, the numbers, the calls, the stream, the report, the paper
python3 - "$url" "$work" "$outage_numbers" <<'PY' || fail "the day does not add up (above)"
import collections, glob, json, re, sys, urllib.request
url, work, outage_numbers = sys.argv[1], sys.argv[2], int(sys.argv[3])
bad = []
def check(ok, what):
    if not ok:
        bad.append(what)

# acknowledged: the real kiosk's log, the other kiosk's 201 answers
acked = {}
for line in open(work + "/ui.log"):
    m = re.match(r"antre-kiosk: issued ([A-Z][0-9]+) \(ticket ([0-9a-f]+)\)", line)
    if m:
        check(m.group(2) not in acked, "the kiosk logged ticket %s twice" % m.group(2))
        acked[m.group(2)] = ("lobby", m.group(1))
for line in open(work + "/annex.jsonl"):
    t = json.loads(line)
    check(t["id"] not in acked, "the other kiosk got ticket %s twice" % t["id"])
    acked[t["id"]] = ("annex", t["number"])

# the stream: every event once, in seq order
events, cur = [], {}
for line in open(work + "/sse.txt"):
    line = line.rstrip("\n")
    if line == "":
        if "data" in cur and cur.get("event") != "snapshot":
            events.append(json.loads(cur["data"]))
        cur = {}
    elif not line.startswith(":") and ": " in line:
        k, v = line.split(": ", 1)
        cur[k] = v
seqs = [e["seq"] for e in events]
check(seqs == sorted(set(seqs)), "the subscriber's events are not each once in seq order")
by_type = collections.defaultdict(list)
for e in events:
    by_type[e["type"]].append(e)

issued = collections.Counter(e["ticket"]["id"] for e in by_type["ticket.issued"])
check(set(issued) == set(acked), "issued in the stream but never acknowledged: %s; "
      "acknowledged but not issued: %s" % (set(issued) - set(acked), set(acked) - set(issued)))
check(all(n == 1 for n in issued.values()), "a ticket issued twice: %s" %
      [i for i, n in issued.items() if n > 1])
for e in by_type["ticket.issued"]:
    t = e["ticket"]
    if t["id"] in acked:
        check(acked[t["id"]][1] == t["number"], "ticket %s: acknowledged as %s, issued as %s"
              % (t["id"], acked[t["id"]][1], t["number"]))

# numbers unique per prefix, none skipped (a cancelled ticket keeps its number)
per_prefix = collections.defaultdict(list)
for _, number in acked.values():
    per_prefix[number[0]].append(int(number[1:]))
for prefix, ns in per_prefix.items():
    check(sorted(ns) == list(range(1, len(ns) + 1)),
          "numbers of %s: not 1..%d once each: %s" % (prefix, len(ns), sorted(ns)))

# cancellations: print failures at the real kiosk only, as many as numbers it gave while
# the paper was out, never called
cancelled = [e for e in by_type["ticket.cancelled"]]
cancelled_ids = set(e["ticket"]["id"] for e in cancelled)
for e in cancelled:
    check(e.get("reason") == "print_failed", "cancelled without print_failed: %s" % e)
    check(acked.get(e["ticket"]["id"], ("?",))[0] == "lobby",
          "a ticket cancelled that the printing kiosk did not issue: %s" % e["ticket"]["number"])
# the tickets whose print failed, as the kiosk showed them: those cancelled, none called
failed, shown = set(), None
for line in open(work + "/ui.log"):
    m = re.match(r"antre-kiosk: screen (ticket ([A-Z][0-9]+)|print-failed)", line)
    if m and m.group(2):
        shown = m.group(2)
    elif m:
        failed.add(shown)
check(failed == set(e["ticket"]["number"] for e in cancelled),
      "print failed for %s, cancelled %s" % (sorted(failed), [e["ticket"]["number"] for e in cancelled]))
check(len(cancelled) == outage_numbers, "%d print_failed cancellations, %d numbers given while "
      "the paper was out" % (len(cancelled), outage_numbers))

# calls: each ticket called once, every one that was not cancelled; each counter's calls
# reach the subscriber in the order the counter made them
called = collections.Counter(e["ticket"]["id"] for e in by_type["ticket.called"])
check(all(n == 1 for n in called.values()), "called twice: %s" %
      [i for i, n in called.items() if n > 1])
check(set(called) == set(acked) - cancelled_ids, "called: %d, issued and not cancelled: %d "
      "(%s)" % (len(called), len(set(acked) - cancelled_ids),
                set(called) ^ (set(acked) - cancelled_ids)))
stream_calls = collections.defaultdict(list)
for e in by_type["ticket.called"]:
    stream_calls[e["counter"]["id"]].append(e["ticket"]["id"])
answered = 0
for path in sorted(glob.glob(work + "/calls-*.jsonl")):
    cid = re.search(r"calls-(.+)\.jsonl$", path).group(1)
    mine = [json.loads(l)["ticket"]["id"] for l in open(path)]
    answered += len(mine)
    check(mine == stream_calls[cid], "counter %s: its calls and the subscriber's differ" % cid)
check(answered == len(called), "%d calls answered, %d in the stream" % (answered, len(called)))

# every acknowledged ticket ends done or (print_failed) cancelled
for tid, (who, number) in sorted(acked.items()):
    t = json.load(urllib.request.urlopen(url + "/api/v1/tickets/" + tid))
    want = "cancelled" if tid in cancelled_ids else "done"
    check(t["state"] == want, "%s (%s): %s, not %s" % (number, who, t["state"], want))
state = json.load(open(work + "/state.json"))
check(all(s["waiting"] == 0 for s in state["services"]), "someone still waits")

# the report counts the same
report = json.load(open(work + "/report.json"))
svc_of = {e["ticket"]["id"]: e["ticket"]["service"] for e in by_type["ticket.issued"]}
for s in report["services"]:
    ids = [i for i in acked if svc_of.get(i) == s["id"]]
    check(s["issued"] == len(ids), "report: %s issued %s, acknowledged %d" % (s["id"], s["issued"], len(ids)))
    c = len([i for i in ids if i in cancelled_ids])
    check(s["cancelled"] == c, "report: %s cancelled %s, not %d" % (s["id"], s["cancelled"], c))
    check(s["served"] == len(ids) - c, "report: %s served %s, not %d" % (s["id"], s["served"], len(ids) - c))

# the paper: one printed job per ticket kept, the print-failed one cancelled at the printer
jobs = collections.Counter(l.strip().split(",")[1] for l in list(open(work + "/jobs.csv"))[1:] if l.strip())
lobby = [i for i, (who, _) in acked.items() if who == "lobby"]
check(jobs["completed"] == len(lobby) - len(cancelled), "the printer printed %d jobs, the kiosk "
      "issued %d and cancelled %d" % (jobs["completed"], len(lobby), len(cancelled)))
check(jobs["canceled"] == len(cancelled), "%d jobs cancelled at the printer, %d print failures"
      % (jobs["canceled"], len(cancelled)))
for b in bad:
    print("FAIL: " + b, file=sys.stderr)
print("%d tickets (%d at the kiosk, %d cancelled: %s), %d calls, %d events, %d printed" % (
    len(acked), len(lobby), len(cancelled), [e["ticket"]["number"] for e in cancelled],
    len(called), len(events), jobs["completed"]))
sys.exit(1 if bad else 0)
PY
echo "busy day with the paper out: ok ($(wc -l <"$work/annex.jsonl") + $(issued) tickets)"
