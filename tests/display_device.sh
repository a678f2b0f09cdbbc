#!/usr/bin/env bash
# A TV box needs only the server and which screen it is (issue 11): antre-display
# --display ID takes its layout from the [display ID] section in antred's config
# (--layout overrides it), names itself on the event stream so the state's devices show
# it as there, and is refused when ID is neither a section nor a layout.
#   display_device.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$1 src=$2
. "$src/tests/lib.sh"
test_begin display-device curl
display=$build/display/antre-display

cp "$src/tests/fixtures/office.ini" "$work/office.ini"
printf '\n[display desk2]\nlayout = counter:2\naudio = no\n' >>"$work/office.ini"
start_antred "$work/office.ini"
device() {   # device KIND ID: its entry in the state's devices, on one line
  curl -s "$url/api/v1/state" | tr -d '\n ' | grep -o "{\"kind\":\"$1\",\"id\":\"$2\"[^}]*}"
}
device display desk2 | grep -q '"alive":false' || fail "desk2 is listed as there before it came"

# 1. --display desk2: the section's layout, and the stream names it
ui_start "$display" --server "$url" --display desk2 --size 1280x720
ui_wait 20 "the section's layout" ui_logged '^antre-display: this screen is \[display desk2\], layout counter:2$'
ui_wait 20 "desk2 there in the state" sh -c "curl -s '$url/api/v1/state' | tr -d '\n ' |
  grep -q '\"kind\":\"display\",\"id\":\"desk2\"[^}]*\"alive\":true[^}]*\"streams\":1'"
ui_quit "the display"

# 2. --layout overrides the section's
ui_start "$display" --server "$url" --display desk2 --layout wall --size 1280x720
ui_wait 20 "--layout over the section" ui_logged '^antre-display: this screen is \[display desk2\], layout wall$'
ui_quit "the display"

# 3. a name that is neither a section nor a layout: refused, exit 2
rc=0
SDL_VIDEODRIVER=dummy timeout 20 "$display" --server "$url" --display nosuch --no-audio \
  --size 1280x720 2>"$work/nosuch.log" || rc=$?
[ "$rc" = 2 ] || fail "--display nosuch exited $rc, not 2"
grep -q "^antre-display: the office has no \[display nosuch\], and 'nosuch' is no layout" \
  "$work/nosuch.log" || fail "no sentence for --display nosuch: $(cat "$work/nosuch.log")"
echo "ok"
