#!/usr/bin/env bash
# The vfio-qemu test: boots Debian's 6.1 kernel under QEMU (q35, intel-iommu, e1000e, TCG) with a
# busybox initramfs holding the VFIO modules and a static sendpath-cli, which sends the engine's
# frames through the e1000e ring over vfio-pci. The host then checks QEMU's filter-dump pcap.
#   run_qemu.sh send|fault SENDPATH_CLI_STATIC VFIO_CHECK WORKDIR
# Modes: send  - scenario "default" frames; pcap must equal them byte for byte; trace checked.
#        fault - the DMA mappings are dropped before the doorbell: the tool must report the IOMMU
#                fault or the stall and exit, and nothing may reach the wire.
# Exit 77 (ctest SKIP) when the environment cannot run it: no QEMU, no kernel package, QEMU
# cannot start. Packages: tests/vfio/setup.sh.
set -uo pipefail
MODE=$1 CLI=$2 CHECK=$3 WORK=$4
CACHE=${SENDPATH_VFIO_CACHE:-/var/cache/sendpath-vfio}
SCENARIO=${SENDPATH_VFIO_SCENARIO:-default}
skip() { echo "SKIP: $*"; exit 77; }
fail() { echo "FAIL: $*"; exit 1; }
t0=$(date +%s)

command -v qemu-system-x86_64 >/dev/null || skip "qemu-system-x86_64 not installed (run tests/vfio/setup.sh)"
command -v cpio >/dev/null || skip "cpio not installed (run tests/vfio/setup.sh)"
dpkg-query -W -f='${Status}' busybox-static 2>/dev/null | grep -q "install ok" && [ -x /bin/busybox ] || \
  skip "busybox-static not installed (run tests/vfio/setup.sh)"
command -v readelf >/dev/null || skip "readelf not installed (binutils)"
DEB=$(ls "$CACHE"/linux-image-6.1.*-amd64_*.deb 2>/dev/null | sort -V | tail -1)
if [ -z "$DEB" ] && [ "$(id -u)" -eq 0 ]; then
  "$(dirname "$0")/setup.sh" >/dev/null 2>&1
  DEB=$(ls "$CACHE"/linux-image-6.1.*-amd64_*.deb 2>/dev/null | sort -V | tail -1)
fi
[ -n "$DEB" ] || skip "no Debian linux-image-6.1 package in $CACHE (run tests/vfio/setup.sh as root)"
readelf -l "$CLI" | grep -q INTERP && skip "$CLI is not statically linked (libsqlite3.a missing?)"

mkdir -p "$WORK"
KDIR="$WORK/../kernel-$(basename "$DEB" .deb)"
# Extract only vmlinuz and the 7 modules (the whole package is 400 MB unpacked).
if [ ! -f "$KDIR/.done" ]; then
  rm -rf "$KDIR"; mkdir -p "$KDIR"
  dpkg-deb --fsys-tarfile "$DEB" | tar -x -C "$KDIR" --wildcards './boot/vmlinuz-*' \
    './lib/modules/*/kernel/virt/lib/irqbypass.ko*' './lib/modules/*/kernel/drivers/vfio/*' \
    './lib/modules/*/kernel/drivers/net/ethernet/intel/e1000e/*' || skip "cannot extract $DEB"
  touch "$KDIR/.done"
fi
VMLINUZ=$(ls "$KDIR"/boot/vmlinuz-* | head -1)

# The initramfs: busybox, the stripped static CLI, the modules, /init.
R="$WORK/root"; rm -rf "$R"; mkdir -p "$R"/{bin,dev,proc,sys,tmp,lib/modules}
cp /bin/busybox "$R/bin/busybox"
strip -o "$R/sendpath-cli" "$CLI" 2>/dev/null || cp "$CLI" "$R/sendpath-cli"
for m in irqbypass vfio vfio_virqfd vfio_iommu_type1 vfio-pci-core vfio-pci e1000e; do
  f=$(find "$KDIR/lib/modules" -name "$m.ko*" | head -1)
  [ -n "$f" ] || skip "module $m not in $DEB"
  case $f in *.xz) xz -dc "$f" > "$R/lib/modules/$m.ko" ;; *) cp "$f" "$R/lib/modules/$m.ko" ;; esac
done
if [ "$MODE" = fault ]; then
  SEND="/sendpath-cli vfio send \$BDF --frames 3 --timeout-ms 3000 --unmap-before-doorbell"
else
  SEND="/sendpath-cli vfio send \$BDF --scenario $SCENARIO --trace /tmp/live.sendpath"
fi
cat > "$R/init" <<INIT
#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc; mount -t sysfs sys /sys; mount -t devtmpfs dev /dev
for m in irqbypass vfio vfio_virqfd vfio_iommu_type1 vfio-pci-core vfio-pci e1000e; do
  insmod /lib/modules/\$m.ko || echo "SP: insmod \$m failed"
done
BDF=
for d in /sys/bus/pci/devices/*; do
  [ "\$(cat \$d/vendor):\$(cat \$d/device)" = "0x8086:0x10d3" ] && BDF=\$(basename \$d)
done
echo "SP: e1000e at \$BDF, iommu group \$(basename \$(readlink /sys/bus/pci/devices/\$BDF/iommu_group))"
/sendpath-cli vfio list
/sendpath-cli vfio send \$BDF --frames 1; echo "SP: bound-to-e1000e rc=\$?"
echo \$BDF > /sys/bus/pci/devices/\$BDF/driver/unbind
echo vfio-pci > /sys/bus/pci/devices/\$BDF/driver_override
echo \$BDF > /sys/bus/pci/drivers_probe
/sendpath-cli vfio list
$SEND; echo "SP: send rc=\$?"
/sendpath-cli vfio ring \$BDF --json; echo "SP: ring rc=\$?"
if [ -f /tmp/live.sendpath ]; then
  echo "SP: trace-begin"; base64 /tmp/live.sendpath; echo "SP: trace-end"
fi
echo "SP: done"
poweroff -f
INIT
chmod +x "$R/init"
(cd "$R" && find . | cpio -o -H newc --quiet | gzip -1) > "$WORK/initrd.cpio.gz" || fail "cpio"

# The frames the guest will send, computed by the engine on the host.
if [ "$MODE" = send ]; then
  "$CLI" vfio frames --scenario "$SCENARIO" --pcap "$WORK/expected.pcap" || fail "vfio frames"
fi
rm -f "$WORK/tx.pcap"
echo "booting QEMU (TCG) ..."
timeout 240 qemu-system-x86_64 -machine q35,accel=tcg,kernel-irqchip=split -cpu max -m 512 -smp 1 \
  -nographic -no-reboot -device intel-iommu,intremap=on \
  -netdev user,id=n0,restrict=on -device e1000e,netdev=n0,mac=52:54:00:12:34:56 \
  -object filter-dump,id=f0,netdev=n0,queue=rx,file="$WORK/tx.pcap" \
  -kernel "$VMLINUZ" -initrd "$WORK/initrd.cpio.gz" \
  -append "console=ttyS0 intel_iommu=on panic=-1 quiet loglevel=4" \
  </dev/null >"$WORK/console.log" 2>"$WORK/qemu.err"
qrc=$?
t1=$(date +%s)
echo "QEMU exited with $qrc after $((t1 - t0)) s (console: $WORK/console.log)"
if ! grep -q "SP: " "$WORK/console.log"; then
  # QEMU never got the guest to our /init: the environment cannot run it.
  [ $qrc -eq 124 ] && fail "the guest did not reach /init within 240 s"
  skip "QEMU could not start the guest (rc $qrc): $(head -c 400 "$WORK/qemu.err")"
fi
tr -d '\r' < "$WORK/console.log" > "$WORK/console.txt"
grep -E "^(SP:|frame|result|stall|sendpath-cli|PCI|e1000e|device counters|VFIO|trace|DMAR)" "$WORK/console.txt" | grep -v "^SP: trace-" | head -80
grep -q "SP: done" "$WORK/console.txt" || fail "the guest did not finish (hang or crash)"
grep -q "SP: bound-to-e1000e rc=2" "$WORK/console.txt" || fail "a device bound to e1000e was not refused"
grep -q "is bound to the kernel driver 'e1000e'" "$WORK/console.txt" || fail "no refusal message"

if [ "$MODE" = fault ]; then
  grep -q "SP: send rc=1" "$WORK/console.txt" || fail "the fault run did not fail with exit code 1"
  grep -qE "IOMMU fault|stall:" "$WORK/console.txt" || fail "no IOMMU fault or stall report"
  n=$("$CHECK" count "$WORK/tx.pcap")
  [ "${n:-x}" = 0 ] || fail "frames reached the wire although their DMA was unmapped ($n captured)"
  grep -q "DMAR: \[DMA Read" "$WORK/console.txt" && echo "IOMMU fault reported by the guest kernel"
  echo "PASS: fault reported, nothing sent ($(( $(date +%s) - t0 )) s)"
  exit 0
fi
grep -q "SP: send rc=0" "$WORK/console.txt" || fail "vfio send failed in the guest"
grep -q "SP: ring rc=0" "$WORK/console.txt" || fail "vfio ring failed in the guest"
nexp=$(grep -c "^frame [0-9]*: desc" "$WORK/console.txt")
grep -q "device counters: GPTC=$nexp TPT=$nexp" "$WORK/console.txt" || fail "the e1000e counted other than $nexp good packets"
"$CHECK" pcap-compare "$WORK/expected.pcap" "$WORK/tx.pcap" || fail "the wire frames differ from the engine's"
sed -n '/SP: trace-begin/,/SP: trace-end/p' "$WORK/console.txt" | grep -v "SP: trace-" | base64 -d > "$WORK/live.sendpath" \
  || fail "cannot decode the trace from the console"
"$CHECK" trace "$WORK/live.sendpath" "$nexp" || fail "trace check"
"$CLI" trace "$WORK/live.sendpath" --step 1 >/dev/null || fail "sendpath-cli trace cannot read the live trace"
echo "PASS: $nexp frames byte-exact on the wire, trace ok ($(( $(date +%s) - t0 )) s)"
