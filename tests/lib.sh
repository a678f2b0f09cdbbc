# Shared by the shell tests (sourced). Expects $build, $work and a fail() function.

# start_xvfb: an X server on a display number it picks itself (-displayfd: no guessed
# numbers that two tests could share); sets DISPLAY and xvfb_pid once it is ready.
start_xvfb() {
  Xvfb -displayfd 3 -screen 0 1920x1080x24 -nolisten tcp 3>"$work/xvfb.display" \
    >"$work/xvfb.log" 2>&1 &
  xvfb_pid=$!
  for _ in $(seq 200); do grep -q '^[0-9]' "$work/xvfb.display" 2>/dev/null && break; sleep 0.05; done
  grep -q '^[0-9]' "$work/xvfb.display" || { cat "$work/xvfb.log" >&2; fail "Xvfb did not start"; }
  export DISPLAY=":$(head -1 "$work/xvfb.display")"
}

# start_antred CONFIG: the real antred on 127.0.0.1:0 with a fresh DB in $work;
# sets pid and url once it is listening.
start_antred() {
  "$build/firmware/antred/antred" --config "$1" --db "$work/antre.db" \
    --listen 127.0.0.1:0 2>"$work/antred.log" &
  pid=$!
  for _ in $(seq 200); do grep -q "listening on" "$work/antred.log" && break; sleep 0.05; done
  url=$(grep -o 'http://127.0.0.1:[0-9]*' "$work/antred.log") || fail "antred did not start"
}
