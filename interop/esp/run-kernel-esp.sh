#!/bin/bash
# ESP interop with the Linux kernel, above all for AES-GMAC (RFC 4543), which Scapy 2.5 lacks:
# ESP packets sealed by our ESP engine are handed to a User-Mode Linux guest (kernel 6.1, see
# shared/LAB.md) with matching XFRM SAs. The kernel's per-SA counters must show every genuine
# packet accepted and the one forged packet of each SA rejected as an integrity failure.
# SAs: aes128gmac and aes256gmac (rfc4543(gcm(aes))) over plain ESP, aes128gmac over UDP 4500
# (RFC 3948), null-sha256 (hmac(sha256) truncated to 128 bits) and aes128gcm16
# (rfc4106(gcm(aes))), and, with extended sequence numbers crossing 2^32, aes128gmac and
# null-sha256.
#
# Needs root, user-mode-linux, iproute2, python3-scapy (to inject the frames) and a built
# ipsec-transport (./mvnw -q -B -pl ipsec-transport -am package -DskipTests). Traffic stays on a
# tap inside a network namespace the script creates and removes (192.0.2.0/24).
set -u
cd "$(dirname "$0")/../.."
ROOT=$PWD
JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
WORK=$ROOT/interop/work/esp-kernel
NS=espkernel$$
TAP=gmtap0
GUEST_MAC=02:00:00:00:00:02
COUNT=5
PASS=0
FAIL=0
UML_PID=

pass() { echo "PASS $*"; PASS=$((PASS + 1)); }
fail() { echo "FAIL $*"; FAIL=$((FAIL + 1)); }
finish() {
  if [ -n "$UML_PID" ] && kill -0 "$UML_PID" 2>/dev/null; then
    kill -- -"$UML_PID" 2>/dev/null || kill "$UML_PID" 2>/dev/null
    sleep 1
    kill -9 -- -"$UML_PID" 2>/dev/null
  fi
  ip netns del "$NS" 2>/dev/null
  echo "$PASS passed, $FAIL failed"
  [ "$FAIL" -eq 0 ] && [ "$PASS" -gt 0 ]
  exit $?
}
trap finish EXIT

need() { command -v "$1" >/dev/null 2>&1 || { fail "missing tool: $1"; exit 1; }; }
[ "$(id -u)" -eq 0 ] || { fail "must run as root (network namespace, tap)"; exit 1; }
need linux.uml
need ip
[ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import scapy' 2>/dev/null \
  || { fail "missing python3-scapy for /usr/bin/python3"; exit 1; }
[ -d ipsec-transport/target/classes/org/bgpipsec/ipsec/esp ] \
  || { fail "build ipsec-transport first"; exit 1; }

rm -rf "$WORK" && mkdir -p "$WORK" /lib/modules
KEY128=000102030405060708090a0b0c0d0e0fcafebabe
KEY256=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1fdeadbeef
KEYHMAC=202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f
GMAC="aead 'rfc4543(gcm(aes))'"
# SPI | algorithm | key | first sequence number | esn? | UDP? | the rest of "ip xfrm state add"
SAS=(
  "1001|aes128gmac|$KEY128|1|no|no|replay-window 32 $GMAC 0x$KEY128 128"
  "1002|aes256gmac|$KEY256|1|no|no|replay-window 32 $GMAC 0x$KEY256 128"
  "1003|aes128gmac|$KEY128|1|no|yes|replay-window 32 $GMAC 0x$KEY128 128 encap espinudp 4500 4500 0.0.0.0"
  "1004|null-sha256|$KEYHMAC|1|no|no|replay-window 32 auth-trunc 'hmac(sha256)' 0x$KEYHMAC 128 enc 'ecb(cipher_null)' ''"
  "1005|aes128gcm16|$KEY128|1|no|no|replay-window 32 aead 'rfc4106(gcm(aes))' 0x$KEY128 128"
  "1006|aes128gmac|$KEY128|0xfffffffe|esn|no|replay-window 32 replay-seq 0xfffffffd flag esn $GMAC 0x$KEY128 128"
  "1007|null-sha256|$KEYHMAC|0xfffffffe|esn|no|replay-window 32 replay-seq 0xfffffffd flag esn auth-trunc 'hmac(sha256)' 0x$KEYHMAC 128 enc 'ecb(cipher_null)' ''"
)
: > "$WORK/sas.txt"
: > "$WORK/frames.txt"
for sa in "${SAS[@]}"; do
  IFS='|' read -r spi alg key first esn udp rest <<<"$sa"
  echo "spi 0x$spi reqid 1 mode transport $rest" >> "$WORK/sas.txt"
  "$JAVA_HOME/bin/java" -cp ipsec-transport/target/classes interop/esp/KernelEspPackets.java \
      "$alg" "$key" "0x$spi" $COUNT "$first" "$esn" > "$WORK/p$spi.hex" \
    || { fail "packet generation for SPI 0x$spi"; exit 1; }
  sed "s/^/$udp /" "$WORK/p$spi.hex" >> "$WORK/frames.txt"
done

cat > "$WORK/guest-init.sh" <<GUEST
#!/bin/sh
# PID 1 of the UML guest.
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t tmpfs tmpfs /tmp
mount -t tmpfs tmpfs /run
mount -t tmpfs tmpfs /dev/shm
mount -t hostfs -o /usr/lib/uml/modules hostfs /lib/modules
mkdir /tmp/lab
mount -t hostfs -o $WORK hostfs /tmp/lab
L=/tmp/lab
{
  modprobe esp4 && modprobe xfrm_user && modprobe gcm
  ip link set lo up
  ip link set vec0 address $GUEST_MAC
  ip addr add 192.0.2.2/24 dev vec0
  ip link set vec0 up
  status=0
  while read -r line; do
    eval "ip xfrm state add src 192.0.2.1 dst 192.0.2.2 proto esp \$line" || { status=1; echo "FAILED: \$line"; }
  done < \$L/sas.txt
  [ \$status -eq 0 ]
  echo "setup status \$?"
} > \$L/setup.log 2>&1
# A UDP socket on 4500 with UDP_ENCAP_ESPINUDP (what an IKE daemon would open), so that the
# kernel decapsulates ESP arriving on that port.
/usr/bin/python3 -c 'import socket, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("0.0.0.0", 4500))
s.setsockopt(17, 100, 2)
open("/tmp/lab/encap-ready", "w").close()
time.sleep(300)' &
touch \$L/ready
i=0
while [ ! -e \$L/go ] && [ \$i -lt 600 ]; do sleep 0.2; i=\$((i + 1)); done
ip -s xfrm state > \$L/state.txt 2>&1
touch \$L/done
halt -f
GUEST
chmod +x "$WORK/guest-init.sh"

ip netns add "$NS"
ip -n "$NS" tuntap add dev $TAP mode tap
ip -n "$NS" addr add 192.0.2.1/24 dev $TAP
ip -n "$NS" link set $TAP up
setsid ip netns exec "$NS" linux.uml mem=256M root=/dev/root rootfstype=hostfs rootflags=/ ro \
  init="$WORK/guest-init.sh" con=null con0=fd:0,fd:1 \
  vec0:transport=tap,ifname=$TAP </dev/null >"$WORK/guest.log" 2>&1 &
UML_PID=$!

wait_for() {
  local i=0
  while [ ! -e "$1" ] && [ $i -lt "$2" ]; do sleep 0.2; i=$((i + 1)); done
  [ -e "$1" ]
}
if wait_for "$WORK/ready" 300 && wait_for "$WORK/encap-ready" 100; then
  pass "guest booted"
else
  fail "guest did not come up (see $WORK/guest.log)"
  exit 1
fi
if grep -q "setup status 0" "$WORK/setup.log"; then
  pass "kernel accepted the ${#SAS[@]} SAs"
else
  fail "SA setup in the guest: $(cat "$WORK/setup.log")"
  exit 1
fi

ip netns exec "$NS" /usr/bin/python3 - "$WORK" $TAP $GUEST_MAC <<'PY'
import sys
from scapy.all import Ether, IP, UDP, Raw, sendp, conf
conf.verb = 0
work, tap, mac = sys.argv[1:4]
frames = []
for line in open(f"{work}/frames.txt"):
    udp, hexbytes = line.split()
    esp = bytes.fromhex(hexbytes)
    if udp == "yes":
        pkt = IP(src="192.0.2.1", dst="192.0.2.2") / UDP(sport=4500, dport=4500, chksum=0) / Raw(esp)
    else:
        pkt = IP(src="192.0.2.1", dst="192.0.2.2", proto=50) / Raw(esp)
    frames.append(Ether(dst=mac) / pkt)
sendp(frames, iface=tap, inter=0.02)
PY
sleep 1
touch "$WORK/go"
if ! wait_for "$WORK/done" 150; then
  fail "guest did not report its SA counters"
  exit 1
fi

# Per SA: "lifetime current: B(bytes), P(packets)" and "replay-window W replay R failed F".
check_sa() {
  local spi=$1 what=$2 block packets failed
  block=$(awk -v s="spi 0x0000$spi" '/^src /{p=0} index($0, s){p=1} p' "$WORK/state.txt")
  packets=$(echo "$block" | grep -oE '[0-9]+\(packets\)' | grep -oE '[0-9]+')
  failed=$(echo "$block" | grep -oE 'failed [0-9]+' | grep -oE '[0-9]+')
  if [ "$packets" = "$COUNT" ]; then
    pass "$what: kernel accepted all $COUNT packets sealed in Java"
  else
    fail "$what: kernel accepted ${packets:-?} of $COUNT packets"
  fi
  if [ "$failed" = "1" ]; then
    pass "$what: kernel rejected the forged packet (integrity failed 1)"
  else
    fail "$what: integrity failures ${failed:-?}, expected 1"
  fi
}
for sa in "${SAS[@]}"; do
  IFS='|' read -r spi alg key first esn udp rest <<<"$sa"
  what="$alg SPI 0x$spi$([ "$udp" = yes ] && echo ' in UDP')$([ "$esn" = esn ] && echo ' ESN')"
  check_sa "$spi" "$what"
  if [ "$esn" = esn ]; then
    block=$(awk -v s="spi 0x0000$spi" '/^src /{p=0} index($0, s){p=1} p' "$WORK/state.txt")
    if echo "$block" | grep -q "seq-hi 0x1,"; then
      pass "$what: the kernel's window crossed 2^32 (seq-hi 0x1)"
    else
      fail "$what: no seq-hi 0x1 in the kernel's replay state"
    fi
  fi
done
cp "$WORK/state.txt" "$WORK/state-final.txt"
