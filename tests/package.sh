#!/bin/bash
# The .deb: cpack builds it from this build tree, dpkg-deb unpacks it into a scratch
# root, and the programs there run: antred --version and --check-config on the
# installed /etc/antre/ltsa.ini; its units pass systemd-analyze verify; its dependencies
# are the Debian runtime libraries dpkg-shlibdeps found.
build=$1 src=$2
. "$src/tests/lib.sh"
test_begin package cpack:cmake dpkg-deb:dpkg dpkg-shlibdeps:dpkg-dev systemd-analyze:systemd
prefix=$(sed -n 's/^CMAKE_INSTALL_PREFIX:PATH=//p' "$build/CMakeCache.txt")
[ "$prefix" = /usr ] || { echo "skipped: build configured with prefix $prefix, not /usr"; exit 77; }
version=$(sed -n 's/^project(antre VERSION \([0-9.]*\).*/\1/p' "$src/CMakeLists.txt")

(cd "$work" && cpack --config "$build/CPackConfig.cmake" -G DEB -B "$work/pkg") \
  >"$work/cpack.log" 2>&1 || { cat "$work/cpack.log" >&2; fail "cpack failed"; }
deb=$(ls "$work"/pkg/antre_*.deb 2>/dev/null | head -1)
[ -n "$deb" ] || { cat "$work/cpack.log" >&2; fail "no .deb made"; }

depends=$(dpkg-deb -f "$deb" Depends)
for lib in libc6 libmicrohttpd12 libsqlite3-0 libjansson4 libcurl4 libsdl2-2.0-0 libcups2; do
  grep -q "\b$lib\b" <<<"$depends" || fail "Depends lacks $lib: $depends"
done
dpkg-deb -e "$deb" "$work/control"
grep -qx /etc/antre/ltsa.ini "$work/control/conffiles" || fail "ltsa.ini is not a conffile"

root=$work/root
dpkg-deb -x "$deb" "$root"
for f in usr/bin/antred usr/bin/antre usr/bin/antre-kiosk usr/bin/antre-display \
  usr/bin/antre-print etc/antre/ltsa.ini lib/systemd/system/antred.service \
  lib/systemd/system/antre-kiosk.service lib/systemd/system/antre-display@.service \
  usr/lib/sysusers.d/antre.conf usr/share/doc/antre/README.md; do
  [ -e "$root/$f" ] || fail "the package lacks /$f"
done

out=$("$root/usr/bin/antred" --version) || fail "installed antred --version exited $?"
[ "$out" = "antred $version" ] || fail "installed antred --version said '$out'"
out=$(cd "$work" && "$root/usr/bin/antred" --check-config "$root/etc/antre/ltsa.ini" 2>&1) ||
  fail "installed config refused: $out"
grep -q ": ok " <<<"$out" || fail "--check-config said: $out"
# the installed config keeps its state where StateDirectory=antre puts it
grep -q '^db = /var/lib/antre/antre.db' "$root/etc/antre/ltsa.ini" ||
  fail "the installed config's db is not under /var/lib/antre"
grep -q '\.\./var' "$root/etc/antre/ltsa.ini" && fail "the installed config still says ../var"

# the installed units, pointed at the unpacked programs
for u in antred.service antre-kiosk.service antre-display@.service; do
  sed "s|/usr/bin/|$root/usr/bin/|g" "$root/lib/systemd/system/$u" >"$work/${u/@/@wall}"
done
(cd "$work" && systemd-analyze verify ./antred.service ./antre-kiosk.service \
  ./antre-display@wall.service) >"$work/verify.log" 2>&1 && [ ! -s "$work/verify.log" ] ||
  { cat "$work/verify.log" >&2; fail "the installed units do not verify"; }
echo ok
