# Shared by the shell tests (sourced). Expects $build, $work and a fail() function.

# start_antred CONFIG: the real antred on 127.0.0.1:0 with a fresh DB in $work;
# sets pid and url once it is listening.
start_antred() {
  "$build/firmware/antred/antred" --config "$1" --db "$work/antre.db" \
    --listen 127.0.0.1:0 2>"$work/antred.log" &
  pid=$!
  for _ in $(seq 200); do grep -q "listening on" "$work/antred.log" && break; sleep 0.05; done
  url=$(grep -o 'http://127.0.0.1:[0-9]*' "$work/antred.log") || fail "antred did not start"
}
