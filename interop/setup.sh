#!/usr/bin/env bash
# Installs what the interop suite needs (Debian packages listed in interop/packages.txt).
# Idempotent: run it as often as you like. Needs root (CI runs as root).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

if [ "$(id -u)" != 0 ]; then
  echo "interop/setup.sh: needs root (apt-get install)." >&2
  exit 1
fi
mapfile -t pkgs < <(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$here/packages.txt")
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "interop/setup.sh: installing ${missing[*]}"
  apt-get update -qq
  # Daemons must not start on install: the tests start their own instances.
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
  chmod +x /usr/sbin/policy-rc.d
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  rm -f /usr/sbin/policy-rc.d
fi
# tshark refuses to run as root unless told it may.
mkdir -p /root/.config/wireshark
echo "interop/setup.sh: all of ${#pkgs[@]} packages present."
