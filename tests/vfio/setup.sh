#!/usr/bin/env bash
# Packages for the vfio-qemu tests on Debian 12 (idempotent), and the Debian 6.1 kernel package
# the guest boots (fetched with `apt-get download`, kept in $SENDPATH_VFIO_CACHE). Run as root.
set -euo pipefail
CACHE=${SENDPATH_VFIO_CACHE:-/var/cache/sendpath-vfio}
PKGS=(qemu-system-x86 busybox-static cpio libsqlite3-dev binutils xz-utils)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
if [ ${#missing[@]} -gt 0 ]; then
  echo "vfio setup: installing ${missing[*]}"
  $SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq \
    --no-install-recommends "${missing[@]}"
fi
if ! ls "$CACHE"/linux-image-6.1.*-amd64_*.deb >/dev/null 2>&1; then
  $SUDO mkdir -p "$CACHE"
  # The versioned package linux-image-amd64 depends on (e.g. linux-image-6.1.0-56-amd64).
  img=$(apt-cache depends linux-image-amd64 2>/dev/null | awk '/Depends: linux-image-6\.1/{print $2; exit}')
  [ -n "$img" ] || { echo "vfio setup: apt knows no linux-image-6.1 package (apt-get update?)" >&2; exit 1; }
  echo "vfio setup: apt-get download $img -> $CACHE"
  (cd "$CACHE" && $SUDO apt-get download -q "$img" 2>&1 | grep -v "unsandboxed" || true)
  ls "$CACHE"/linux-image-6.1.*-amd64_*.deb >/dev/null
fi
