#!/usr/bin/env bash
# Installs what SendPath needs on Debian 12 (idempotent: apt is skipped when all is present),
# then configures and builds into build/. Used by app/run.sh and tests/run.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
PKGS=(g++ cmake ninja-build pkg-config libsqlite3-dev sqlite3 libgtest-dev libgmock-dev googletest
      tshark tcpdump ethtool iproute2
      qt6-base-dev qt6-base-dev-tools qt6-charts-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
      libqt6sql6-sqlite libqt6opengl6-dev libgl1-mesa-dev libqt6svg6-dev xvfb xauth fonts-noto-cjk fonts-dejavu-core)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq
  echo "wireshark-common wireshark-common/install-setuid boolean false" | $SUDO debconf-set-selections
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq \
    --no-install-recommends "${missing[@]}"
fi
tests/vfio/setup.sh || echo "setup: vfio-qemu test packages unavailable; those tests will be skipped"
BUILD_TYPE=${BUILD_TYPE:-RelWithDebInfo}
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE="$BUILD_TYPE" ${SENDPATH_CMAKE_ARGS:-} >/dev/null
cmake --build build -j"$(nproc)"
