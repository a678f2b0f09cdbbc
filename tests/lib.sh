# Shared by the shell tests (sourced). test_begin sets up $work, $pid and fail() (a
# script may bring its own); the other helpers expect $build, $work and fail().

# test_begin NAME [TOOL[:PACKAGE]]...: exit 77 ("skipped: no PACKAGE") when a tool is
# missing; else a fresh $work, $pid (antred, killed at exit) and ui_pid (the SDL program
# of ui_start, killed at exit), and fail MESSAGE, which ends the test.
test_begin() {
  local name=$1 tool
  shift
  for tool in "$@"; do
    command -v "${tool%%:*}" >/dev/null || { echo "skipped: no ${tool#*:}"; exit 77; }
  done
  work=$(mktemp -d "/tmp/antre-$name-XXXXXX")
  pid="" ui_pid=""
  trap test_cleanup EXIT
  fail() { echo "FAIL: $*" >&2; exit 1; }
}
test_cleanup() {
  local p
  for p in $ui_pid $pid; do kill "$p" 2>/dev/null; done
  wait 2>/dev/null
  rm -rf "$work"
}

# wait_for SECONDS CMD...: poll a condition (bounded), no blind sleeps
wait_for() { local n=$(( $1 * 20 )); shift; for _ in $(seq "$n"); do "$@" && return 0; sleep 0.05; done; return 1; }

# start_xvfb [WxH]: an X server (1920x1080 unless WxH) on a display number it picks
# itself (-displayfd: no guessed numbers that two tests could share); sets DISPLAY and
# xvfb_pid once it is ready.
start_xvfb() {
  Xvfb -displayfd 3 -screen 0 "${1:-1920x1080}x24" -nolisten tcp 3>"$work/xvfb.display" \
    >"$work/xvfb.log" 2>&1 &
  xvfb_pid=$!
  for _ in $(seq 200); do grep -q '^[0-9]' "$work/xvfb.display" 2>/dev/null && break; sleep 0.05; done
  grep -q '^[0-9]' "$work/xvfb.display" || { cat "$work/xvfb.log" >&2; fail "Xvfb did not start"; }
  export DISPLAY=":$(head -1 "$work/xvfb.display")"
}

# A port for antred below the kernel's ephemeral range (32768-60999), where the :0 ports
# of other tests and every client connection's own port come from: a test that must
# restart antred on its port (a kiosk or display keeps its URL) then meets no one there.
test_port() { echo $(( 10000 + RANDOM % 10000 )); }

# antred_on PORT LOG CONFIG [ARGS...]: antred on 127.0.0.1:PORT with $work/antre.db;
# sets pid. 0 once it listens, 1 when the port is held, 2 when it failed otherwise.
antred_on() {
  local port=$1 log=$2 config=$3
  shift 3
  "$build/firmware/antred/antred" --config "$config" --db "$work/antre.db" \
    --listen "127.0.0.1:$port" "$@" 2>"$log" &
  pid=$!
  for _ in $(seq 400); do
    grep -q "listening on" "$log" && return 0
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.05
  done
  grep -q "cannot listen" "$log" && return 1
  return 2
}

# restart_antred PORT LOG CONFIG: the same office on the same port again; a port still
# held by someone else is tried again (5 s at most). Sets pid.
restart_antred() {
  local rc
  for _ in $(seq 25); do
    rc=0; antred_on "$@" || rc=$?
    [ "$rc" = 1 ] || break
    sleep 0.2
  done
  [ "$rc" = 0 ] || { cat "$2" >&2; fail "antred did not start on port $1"; }
}

# start_antred CONFIG: the real antred on a free port of test_port's with a fresh DB in
# $work; sets pid, port and url once it is listening.
start_antred() {
  local rc
  for _ in 1 2 3 4 5; do
    port=$(test_port)
    rc=0; antred_on "$port" "$work/antred.log" "$1" || rc=$?
    [ "$rc" = 1 ] || break   # taken: another port
  done
  [ "$rc" = 0 ] || { cat "$work/antred.log" >&2; fail "antred did not start"; }
  url="http://127.0.0.1:$port"
}

# The SDL programs (kiosk, display) on the dummy driver through their test seam
# (ui_app.h): stdin lines from $work/ui.in, the frame trace in $work/ui.trace, stderr in
# $work/ui.log. --quit-after-ms is only a bound: a picture is taken when ui_quit says so.
# ui_start CMD...: start it; sets ui_pid.
ui_start() {
  rm -f "$work/ui.in" "$work/ui.trace" "$work/ui.log"
  mkfifo "$work/ui.in"
  SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy "$@" --test-input --trace-frames \
    --quit-after-ms 60000 <"$work/ui.in" >"$work/ui.trace" 2>"$work/ui.log" &
  ui_pid=$!
  exec {ui_in}>"$work/ui.in"   # held open: the program reads it until it quits
}
# ui_wait SECONDS WHAT CMD...: wait for a condition CMD of the running program, or fail
# naming WHAT (with its log) when it never came or the program ended first.
ui_running() { kill -0 "$ui_pid" 2>/dev/null && ! grep -q '^[0-9]* (.*) Z' "/proc/$ui_pid/stat" 2>/dev/null; }
ui_ended() { ! ui_running; }
ui_wait() {
  local seconds=$1 what=$2
  shift 2
  local until=$(( SECONDS + seconds ))
  while [ "$SECONDS" -le "$until" ] && ui_running; do
    "$@" && return 0
    sleep 0.05
  done
  cat "$work/ui.log" >&2
  ui_running && fail "$what: not seen in ${seconds}s"
  fail "$what: not seen before the program ended"
}
# ui_framed LABEL_REGEX: a presented frame's label matches (grep -E, whole label)
ui_framed() { grep -Eq "^frame [0-9.]+ [0-9.]+ ($1)\$" "$work/ui.trace"; }
# ui_logged REGEX: the program's stderr has a matching line
ui_logged() { grep -Eq "$1" "$work/ui.log"; }
# ui_peek PNG: the picture as it is now, into the program's --snapshot PNG (SIGUSR1)
ui_snapshots() { grep -c ': snapshot ' "$work/ui.log" || true; }
ui_snapshot_after() { [ "$(ui_snapshots)" -gt "$1" ]; }
ui_peek() {
  local before
  before=$(ui_snapshots)
  kill -USR1 "$ui_pid"
  wait_for 10 ui_snapshot_after "$before" && [ -s "$1" ]
}
# ui_quit WHAT: send quit, wait for the exit and its status (0, or fail)
ui_quit() {
  local rc=0
  (echo quit >&"$ui_in") 2>/dev/null || true   # (it may have ended: no SIGPIPE here)
  wait_for 30 ui_ended || fail "$1 did not exit after quit"
  wait "$ui_pid" || rc=$?
  exec {ui_in}>&-
  ui_pid=""
  [ "$rc" = 0 ] || { cat "$work/ui.log" >&2; fail "$1 exited $rc"; }
}

# web_node BUILD_DIR: a folder with playwright-core installed from the npm registry (once
# per build folder; it downloads no browser: tests use Debian's /usr/bin/chromium).
# Prints the folder.
web_node() {
  local dir=$1/web-node
  if [ ! -d "$dir/node_modules/playwright-core" ]; then
    mkdir -p "$dir"
    npm install --no-audit --no-fund --silent --prefix "$dir" playwright-core@1 >&2 || return 1
  fi
  echo "$dir"
}

# The office's clock under libfaketime, for a script that sets $lib (libfaketimeMT: antred
# has threads) and $clock (a file in $work): set_clock "YYYY-MM-DD HH:MM:SS" moves it
# (frozen in between: the file is read at every time call); faked CMD... runs CMD on it,
# in the office's time zone.
set_clock() { echo "@$1" > "$clock.new" && mv "$clock.new" "$clock"; }
faked() {
  LD_PRELOAD=$lib FAKETIME_TIMESTAMP_FILE=$clock FAKETIME_NO_CACHE=1 FAKETIME_DONT_RESET=1 \
    FAKETIME_DONT_FAKE_MONOTONIC=1 FAKETIME_FORCE_MONOTONIC_FIX=0 TZ=Asia/Jakarta \
    ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0 "$@"
}
