#!/bin/bash
# The shipped systemd units pass `systemd-analyze verify` with no complaint at all (it
# exits 0 on unknown keys and bad values, so any output is a failure too). ExecStart
# must name existing programs: the units are checked as copies pointing at the build.
build=$1 src=$2
. "$src/tests/lib.sh"
test_begin units systemd-analyze:systemd
units=$src/firmware/systemd
to_build() {
  sed -e "s|/usr/bin/antred|$build/firmware/antred/antred|g" \
      -e "s|/usr/bin/antre-kiosk|$build/kiosk/antre-kiosk|g" \
      -e "s|/usr/bin/antre-display|$build/display/antre-display|g" "$1"
}
verify() {   # verify UNIT...: 0 when systemd-analyze is silent and content
  (cd "$work" && SYSTEMD_LOG_COLOR=0 systemd-analyze verify "$@") >"$work/verify.log" 2>&1 &&
    [ ! -s "$work/verify.log" ]
}
to_build "$units/antred.service" >"$work/antred.service"
to_build "$units/antre-kiosk.service" >"$work/antre-kiosk.service"
to_build "$units/antre-display@.service" >"$work/antre-display@wall.service"
verify ./antred.service ./antre-kiosk.service ./antre-display@wall.service ||
  { cat "$work/verify.log" >&2; fail "systemd-analyze verify complained"; }

# what antred.service must say (issue 11)
for want in '^Type=notify$' '^WatchdogSec=' '^Restart=on-failure$' '^DynamicUser=yes$' \
  '^StateDirectory=antre$' '^ConfigurationDirectory=antre$' '^ProtectSystem=strict$' \
  '^ProtectHome=yes$' '^PrivateTmp=yes$' '^NoNewPrivileges=yes$' \
  '^RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX$' '^ExecReload='; do
  grep -Eq "$want" "$units/antred.service" || fail "antred.service lacks $want"
done
for u in antre-kiosk.service antre-display@.service; do
  grep -q '^Restart=always$' "$units/$u" || fail "$u does not restart always"
  grep -q '^After=network-online.target' "$units/$u" || fail "$u does not wait for the network"
done

# the check itself catches a mistyped key
sed 's/^Restart=/Restrat=/' "$work/antred.service" >"$work/typo.service"
verify ./typo.service && fail "a mistyped key passed the check"
echo ok
