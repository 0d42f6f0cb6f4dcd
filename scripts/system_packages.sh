#!/usr/bin/env bash
# Make sure the system programs the named parts need are present. As root on
# Debian/Ubuntu, install what is missing with apt-get; otherwise say what to install.
# Parts: postgresql redis-server chromium pango nodejs npm gettext
set -euo pipefail

missing=()
for part in "$@"; do
  case "$part" in
    postgresql)
      ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null || missing+=(postgresql) ;;
    redis-server)
      command -v redis-server >/dev/null || missing+=(redis-server) ;;
    chromium)
      command -v chromium >/dev/null || command -v chromium-browser >/dev/null || missing+=(chromium) ;;
    pango)
      ldconfig -p 2>/dev/null | grep -q 'libpango-1.0.so' || missing+=(libpango-1.0-0 libpangoft2-1.0-0) ;;
    nodejs)
      command -v node >/dev/null || missing+=(nodejs) ;;
    npm)
      command -v npm >/dev/null || missing+=(npm) ;;
    gettext)
      command -v msgfmt >/dev/null || missing+=(gettext) ;;
    *) echo "system_packages.sh: unknown part '$part'" >&2; exit 2 ;;
  esac
done

[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing system packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${missing[@]}" fonts-dejavu-core
else
  echo "Missing system packages: ${missing[*]}" >&2
  echo "Install them, for example: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
