#!/usr/bin/env bash
# /display in real headless Chromium (Debian's chromium, driven by playwright-core from
# the npm registry, installed under the build folder when missing): after one tap for
# sound, each number called through the API shows within 1 s and its announcement WAV
# is fetched and played; antred killed with -9 and started again on the same port: the
# page shows offline, comes back by itself and shows a call made after the restart.
# Screenshots at 1920x1080, 1280x720 and 1080x1920 go to the build folder.
#   web_display.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$1 src=$2
. "$src/tests/lib.sh"
test_begin web_display
# never a silent skip: .ci/run has chromium and node from scripts/deps.sh
command -v chromium >/dev/null || fail "no chromium (scripts/deps.sh installs it)"
command -v node >/dev/null || fail "no node (scripts/deps.sh installs nodejs)"
mods="$build/web-test-node"
if [ ! -d "$mods/node_modules/playwright-core" ]; then
  command -v npm >/dev/null || fail "no npm (scripts/deps.sh installs npm)"
  mkdir -p "$mods"
  npm install --prefix "$mods" --no-audit --no-fund --silent playwright-core >/dev/null 2>&1 ||
    fail "npm could not install playwright-core into $mods"
fi

config="$work/office.ini"
cat "$src/tests/fixtures/office.ini" - >"$config" <<'INI'

[display hall]
layout = wall
audio = yes
announce = Nomor antrian, {number}, silakan menuju {counter}
announce_en = Number {number}, please go to {counter}
INI
# the same office, 12 counters more, with the briefing's hours away from now (at least two hours ahead, in
# the office's time zone) and three information tickets a day (the scenario issues two
# before), for the scenario's last part
h=$(TZ=Asia/Jakarta date +%-H)
if [ "$h" -le 20 ]; then hours=$(printf '%02d:00-%02d:00' $((h + 2)) $((h + 3))); else hours=02:00-03:00; fi
sed -e "/^\[service PAP\]/a hours = $hours" -e '/^\[service INFO\]/a quota = 3' \
  "$config" >"$work/office-hours.ini"
for i in $(seq 1 12); do   # and 30 counters in all
  printf '\n[counter x%d]\nname = Loket Tambahan %d\nservices = INFO\ntoken = counter-x%d-test-token\n' \
    "$i" "$i" "$i" >>"$work/office-hours.ini"
done
grep -q "^hours = $hours" "$work/office-hours.ini" && grep -q '^quota = 3' "$work/office-hours.ini" ||
  fail "could not write the office with hours and a quota"
start_antred "$config"
echo "$pid" >"$work/antred.pid"
NODE_PATH="$mods/node_modules" ANTRED="$build/firmware/antred/antred" CONFIG="$config" \
  CONFIG_HOURS="$work/office-hours.ini" HOURS="$hours" \
  WORK="$work" PORT="$port" URL="$url" SHOTS="$build" \
  timeout 150 node "$src/tests/web_display.js" || rc=$?
pid=$(cat "$work/antred.pid")   # the restarted one, for the cleanup
[ "${rc:-0}" = 0 ] || fail "the /display scenario failed"
echo "web_display: ok (screenshots in $build/web-display-*.png)"
