# Debian 12 packages antre builds, runs, tests and lints with. Sourced by scripts/office,
# scripts/test and scripts/lint: installs what is missing when run as root, otherwise
# prints the apt-get line and stops.
ANTRE_PACKAGES="build-essential cmake ninja-build pkg-config libsdl2-dev libsdl2-ttf-dev
  libsdl2-image-dev libsdl2-mixer-dev libcups2-dev cups cups-client cups-ipp-utils
  libusb-1.0-0-dev umockdev libumockdev-dev libmicrohttpd-dev libjansson-dev libsqlite3-dev
  sqlite3 libcurl4-openssl-dev curl libqrencode-dev espeak-ng libespeak-ng-dev libpng-dev
  libinih-dev fonts-noto-core fonts-dejavu-core xvfb xauth xdotool imagemagick dbus-daemon
  dbus-session-bus-common zbar-tools chromium tesseract-ocr faketime clang-tidy clang
  libtsan2 systemd dpkg-dev python3 libpq-dev postgresql"

antre_install_deps() {
  local missing="" p
  for p in $ANTRE_PACKAGES; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
      missing="$missing $p"
  done
  # the browser tests' node and npm (playwright-core comes from the npm registry): a
  # machine that has a node of its own keeps it; else Debian's
  command -v node >/dev/null && command -v npm >/dev/null || missing="$missing nodejs npm"
  [ -z "$missing" ] && return 0
  if [ "$(id -u)" != 0 ]; then
    echo "antre: these Debian packages are missing:$missing" >&2
    echo "antre: install them as root, then run this again:" >&2
    echo "  apt-get update && apt-get install -y --no-install-recommends$missing" >&2
    return 1
  fi
  echo "antre: installing$missing" >&2
  apt-get update -qq &&
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >&2
}
