#!/usr/bin/env bash
# Kiosk snapshots on the SDL dummy driver: the home screen at 1080x1920, 1920x1080 and
# 1280x800 in both languages (with the returning applicant's button beside the journey),
# and every other screen (the code keypad with six characters typed, the too-early
# screen with its date in words), written to BUILD/kiosk-snapshots/
# for people to look at. Each must be the right size and not blank.
#   kiosk_snapshots.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$1 src=$2
out="$build/kiosk-snapshots"
. "$src/tests/lib.sh"
test_begin snap identify:imagemagick
mkdir -p "$out"

start_antred "$src/tests/fixtures/office.ini"
for _ in 1 2 3; do
  curl -s -XPOST -H "Authorization: Bearer kiosk-test-token-0000" -d '{"service":"KESEHATAN"}' \
    "$url/api/v1/tickets" >/dev/null
done
kiosk=("$build/kiosk/antre-kiosk" --server "$url" --token kiosk-test-token-0000)

# the trace label of each screen (kiosk_app.c); ticket has its number after it
declare -A label=([home]=home [priority]=priority [issuing]=issuing [ticket]='ticket [A-Z0-9]+'
                  [ticket-no-counter]='ticket [A-Z0-9]+' [home-paper-out]=home [paper-out]=printer-fault
                  [print-failed]=print-failed [reprint-failed]=print-failed [unavailable]=unavailable
                  [keypad]=keypad [resume-early]=resume-early [resume-unknown]=resume-unknown
                  [resume-used]=resume-refused)
# counted: the home screen has the live waiting counts from the stream, which neither
# the trace nor the log shows; the picture does (the strip under KESEHATAN's name is
# blank without them), so the picture as it is now is looked at until it has them
counts_box() {   # counts_box SIZE LANG [ID]: that strip (of KESEHATAN, or ID) as WxH+X+Y
  local x y w h id=${3:-KESEHATAN}
  read -r x y w h <<<"$("${kiosk[@]}" --dump-layout --size "$1" --lang "$2" |
    grep -A5 "\"id\": \"$id\"" | grep -o '"[xywh]": [0-9]*' | grep -o '[0-9]*$' | tr '\n' ' ')"
  [ -n "$h" ] || fail "no $id button in the $1 layout"
  echo "$((w * 8 / 10))x$((h * 16 / 100))+$((x + w / 10))+$((y + h * 76 / 100))"
}
# amber PNG BOX: the picture as it is now has the warning's amber ink (kiosk_view.c's
# AMBER_EDGE) in BOX; calm PNG BOX: it has none
amber_share() { ui_peek "$1" && convert "$1" -crop "$2" +repage -fuzz 8% -fill white +opaque '#9a6700' \
  -fill black -opaque '#9a6700' -negate -format '%[fx:mean]' info:; }
amber() { awk -v m="$(amber_share "$1" "$2")" 'BEGIN { exit !(m > 0.01) }'; }
calm() { awk -v m="$(amber_share "$1" "$2")" 'BEGIN { exit !(m == 0) }'; }
status() {   # status SERVICE BODY: POST it as the admin
  curl -sf -XPOST -H "Authorization: Bearer admin-test-token-0000" -d "$2" \
    "$url/api/v1/services/$1/status" >/dev/null || fail "could not set $1's status to $2"
}
counted() {   # counted PNG BOX
  ui_peek "$1" && [ "$(convert "$1" -crop "$2" +repage -format '%k' info:)" -gt 2 ]
}
shot() {   # shot SIZE LANG SCREEN [NAME]: to kiosk-NAME-SIZE-LANG.png (NAME: SCREEN)
  local png="$out/kiosk-${4:-$3}-$1-$2.png" show=() box
  # a --show screen is set up at the start and needs no printer; without one there is
  # no worker, whose probe would take the unavailable screen home after a second
  [ "$3" = home ] && show=(--printer "file:$work/out.bin") || show=(--show "$3")
  rm -f "$png"
  ui_start "${kiosk[@]}" --size "$1" --lang "$2" "${show[@]}" --snapshot "$png"
  ui_wait 30 "the $3 screen (frame '${label[$3]}') at $1 $2" ui_framed "${label[$3]}"
  if [ "$3" = home ]; then
    box=$(counts_box "$1" "$2")
    ui_wait 30 "the waiting counts on the $1 $2 home screen" counted "$png" "$box"
  fi
  ui_quit "kiosk $3 $1 $2"
  [ -s "$png" ] || fail "no $png"
  [ "$(identify -format '%wx%h' "$png")" = "$1" ] || fail "$png is not $1"
  # a real screen has text in it: many distinct colours, not a blank fill
  [ "$(identify -format '%k' "$png")" -gt 50 ] || fail "$png looks blank"
}
for size in 1080x1920 1920x1080 1280x800; do
  for lang in id en; do
    shot "$size" "$lang" home
  done
done
# a service limited without a sentence: its button says what every screen says
status DISNAKER '{"status":"limited"}'
for size in 1080x1920 1920x1080; do
  for lang in id en; do
    shot "$size" "$lang" home home-limited
  done
done
status DISNAKER '{"status":"open"}'
# and live: a kiosk already at home learns it from the stream, at once, both ways
png="$out/kiosk-home-live-1920x1080-id.png" box=$(counts_box 1920x1080 id DISNAKER)
ui_start "${kiosk[@]}" --size 1920x1080 --lang id --printer "file:$work/out.bin" --snapshot "$png"
ui_wait 30 "the live kiosk's home screen" ui_framed home
ui_wait 30 "DISNAKER's line without amber before the change" calm "$png" "$box"
status DISNAKER '{"status":"limited"}'
ui_wait 30 "DISNAKER's amber warning on the running kiosk" amber "$png" "$box"
status DISNAKER '{"status":"open"}'
ui_wait 30 "DISNAKER's warning gone from the running kiosk" calm "$png" "$box"
ui_quit "the live kiosk"
for screen in priority ticket ticket-no-counter home-paper-out paper-out print-failed reprint-failed unavailable \
    keypad resume-early resume-unknown resume-used; do
  shot 1920x1080 id "$screen"
  shot 1080x1920 en "$screen"
done
# a returning applicant's screens at the smallest supported size too
for screen in keypad resume-early; do
  shot 1280x800 id "$screen"
done
# the home screen shows the live count of the three waiting at KESEHATAN
echo "kiosk snapshots: ok ($(ls "$out" | wc -l) in $out)"
