#!/usr/bin/env bash
# Acceptance 3 of issue 5: strongSwan 5.9.8 inside a User-Mode Linux guest (kernel XFRM) and our
# speaker (user-space TCP + ESP + IKE, ike/src/test/.../interop/LabPeer.java) on the lab bridge.
# For each ESP algorithm (null-sha256, aes128gmac): our TCP connection to the guest's port 179
# raises an ACQUIRE, our IKE initiates to the guest's charon (transport mode; UDP encapsulation
# forced by our NAT detection hash, and also by strongSwan's encap = yes in the second case), an
# echo server in the guest answers through the kernel's ESP-in-UDP, and the guest's
# `ip xfrm state` shows the same SPIs and algorithms as our SAD. Then strongSwan rekeys the
# Child SA and the IKE SA and deletes the IKE SA, the connection keeps (or comes back to)
# working, and the guest's own connection to our port 179 makes strongSwan initiate. The
# second case requires PFS (esp_proposals = aes128gmac-curve25519) for every CREATE_CHILD_SA.
# Needs root and interop/setup.sh. Prints "N passed, N failed"; exits non-zero on failure.
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
source "$root/interop/lab/uml.sh"
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}

passed=0 failed=0
ok() { passed=$((passed + 1)); echo "ok   $1"; }
fail() { failed=$((failed + 1)); echo "FAIL $1"; [ -n "${2:-}" ] && echo "$2" | sed 's/^/     /' | tail -30; }

for tool in /usr/lib/ipsec/charon /usr/sbin/swanctl /usr/bin/linux.uml /usr/bin/python3; do
  [ -x "$tool" ] || { fail "missing $tool"; echo "$passed passed, $failed failed"; exit 1; }
done

cp_file=$(mktemp)
javapid=""
cleanup() {
  [ -n "$javapid" ] && kill "$javapid" 2>/dev/null
  exec 3>&- 2>/dev/null
  lab_down
  rm -f "$cp_file"
}
trap cleanup EXIT

(cd "$root" && ./mvnw -q -B -o -pl ike -am test-compile dependency:build-classpath \
  -Dmdep.outputFile="$cp_file" -Dspotless.check.skip=true) >/dev/null 2>&1 ||
  { fail "build"; echo "$passed passed, $failed failed"; exit 1; }
classpath="$root/ike/target/classes:$root/ike/target/test-classes:$(cat "$cp_file")"

psk='bgp-ipsec uml lab key 0123456789'
ours=192.0.2.254
guest=192.0.2.2

lab_netns_up || { fail "lab namespace"; echo "$passed passed, $failed failed"; exit 1; }

# wait_for FILE PATTERN COUNT SECONDS: until FILE has COUNT lines matching PATTERN.
wait_for() {
  local i
  for i in $(seq $(($4 * 10))); do
    [ "$(grep -c "$2" "$1" 2>/dev/null)" -ge "$3" ] && return 0
    sleep 0.1
  done
  return 1
}

run_case() { # esp ike-proposal kernel-algorithm strongswan-encap(yes|no) [pfs-group-name pfs-group-number]
  local esp=$1 proposal=$2 kernel=$3 encap=$4 pfs_name=${5:-} pfs_number=${6:-} dir="$LAB_WORK/r2"
  local esp_proposals=$esp${pfs_name:+-$pfs_name}
  lab_guest_up r2 "$guest/24" || { fail "$esp: guest boots"; return; }
  cat >"$dir/strongswan.conf" <<CONF
charon {
  install_routes = no
  load = random nonce aes sha1 sha2 hmac gcm gmp curve25519 openssl kdf kernel-netlink socket-default vici
  plugins { vici { socket = unix:///run/charon.vici } }
  filelog { log { path = $dir/charon.log
                  default = 1
                  ike = 2
                  knl = 2 } }
}
swanctl { load = pem pkcs1 x509 pubkey }
CONF
  cat >"$dir/swanctl.conf" <<CONF
connections {
  bgp {
    version = 2
    local_addrs = $guest
    remote_addrs = $ours
    proposals = $proposal
    encap = $encap
    mobike = no
    local { auth = psk
            id = $guest }
    remote { auth = psk
             id = $ours }
    children {
      bgp-in { mode = transport
               start_action = trap
               esp_proposals = $esp_proposals
               local_ts = dynamic[tcp/179]
               remote_ts = dynamic[tcp] }
      bgp-out { mode = transport
                start_action = trap
                esp_proposals = $esp_proposals
                local_ts = dynamic[tcp]
                remote_ts = dynamic[tcp/179] }
    }
  }
}
secrets { ike-lab { id-a = $guest
                    id-b = $ours
                    secret = "$psk" } }
CONF
  cat >"$dir/echo.py" <<'PY'
import socket
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("0.0.0.0", 179))
s.listen(1)
while True:
    c, _ = s.accept()
    while True:
        d = c.recv(4096)
        if not d:
            break
        c.sendall(d)
    c.close()
PY
  lab_exec r2 "STRONGSWAN_CONF=$dir/strongswan.conf nohup /usr/lib/ipsec/charon >$dir/charon.out 2>&1 &
    nohup /usr/bin/python3 $dir/echo.py >$dir/echo.out 2>&1 &
    for i in \$(seq 50); do [ -S /run/charon.vici ] && break; sleep 0.1; done
    STRONGSWAN_CONF=$dir/strongswan.conf swanctl --load-all --file $dir/swanctl.conf" >/dev/null ||
    { fail "$esp: strongSwan starts in the guest" "$(cat "$dir/charon.log" 2>/dev/null)"; lab_down; lab_netns_up; return; }
  ok "$esp: strongSwan starts in the guest"

  local out="$LAB_WORK/ours-$esp.out" fifo="$LAB_WORK/ours-$esp.in"
  rm -f "$fifo"; mkfifo "$fifo"
  ip netns exec "$LAB_NS" "$JAVA_HOME/bin/java" -cp "$classpath" org.bgpipsec.ike.interop.LabPeer \
    "$ours" "$guest" "$esp" "$proposal" "$psk" $pfs_number <"$fifo" >"$out" 2>&1 &
  javapid=$!
  exec 3>"$fifo"
  ours_echo=0 ours_sad=0
  guest_swanctl() { lab_exec r2 "STRONGSWAN_CONF=$dir/strongswan.conf swanctl $*"; }

  # echo_check LABEL: one more line on our connection comes back through the guest's kernel ESP.
  echo_check() {
    ours_echo=$((ours_echo + 1))
    echo echo >&3
    if wait_for "$out" '^ECHO ' "$ours_echo" 40 && [ "$(grep '^ECHO ' "$out" | tail -1)" = "ECHO OK" ]; then ok "$esp: $1"
    else fail "$esp: $1" "$(tail -5 "$out"; tail -30 "$dir/charon.log")"; fi
  }
  # sad_check LABEL: every SA in our SAD is in the guest's xfrm state with the same algorithm.
  sad_check() {
    ours_sad=$((ours_sad + 1))
    echo sad >&3
    wait_for "$out" '^END' "$ours_sad" 20
    local block xfrm n=0 good=0 spi
    block=$(awk -v k="$ours_sad" '/^END/{c++; next} c==k-1 && /^SA /' "$out")
    xfrm=$(lab_exec r2 'ip xfrm state')
    while read -r _ _ spi _ _; do
      [ -n "$spi" ] || continue
      n=$((n + 1))
      echo "$xfrm" | has "spi 0x$spi" && good=$((good + 1))
    done <<<"$block"
    if [ "$n" -ge 2 ] && [ "$good" = "$n" ] && echo "$xfrm" | has "$kernel" &&
       echo "$xfrm" | has 'encap type espinudp sport 4500 dport 4500' && echo "$xfrm" | has 'mode transport'; then
      ok "$esp: $1: guest xfrm state has our $n SPIs, $kernel, transport mode in UDP 4500"
    else fail "$esp: $1: guest xfrm state has our SPIs ($good of $n)" "$(echo "$block"; echo "$xfrm")"; fi
  }

  ours_echo=1
  echo connect >&3
  if wait_for "$out" '^ECHO ' 1 40 && grep -q '^ECHO OK' "$out"; then ok "$esp: TCP to the guest's port 179 through its kernel ESP, our IKE initiating"
  else fail "$esp: TCP to the guest's port 179 through its kernel ESP, our IKE initiating" "$(cat "$out"; tail -40 "$dir/charon.log")"; fi
  sad_check "after our IKE_AUTH"
  if guest_swanctl --list-sas | has 'INSTALLED, TRANSPORT-in-UDP'; then ok "$esp: swanctl --list-sas shows an INSTALLED transport child"
  else fail "$esp: swanctl --list-sas shows an INSTALLED transport child" "$(guest_swanctl --list-sas)"; fi

  guest_swanctl --rekey --child bgp-in >/dev/null
  sleep 1
  echo_check "connection flows after strongSwan rekeyed the Child SA"
  sad_check "after the Child SA rekey"

  guest_swanctl --rekey --ike bgp >/dev/null
  sleep 1
  echo_check "connection flows after strongSwan rekeyed the IKE SA"

  guest_swanctl --terminate --ike bgp >/dev/null
  sleep 1
  # strongSwan initiates now: the guest's own connection to our port 179 hits its trap policy.
  local guest_out
  guest_out=$(lab_exec r2 "/usr/bin/python3 -c \"
import socket
s = socket.create_connection(('$ours', 179), timeout=30)
m = b'hello from the guest kernel\\n'
s.sendall(m)
d = b''
while len(d) < len(m):
    d += s.recv(100)
print('GUEST ECHO OK' if d == m else 'GUEST ECHO BAD')
\"")
  if echo "$guest_out" | has 'GUEST ECHO OK'; then ok "$esp: the guest's TCP to our port 179, strongSwan initiating IKE"
  else fail "$esp: the guest's TCP to our port 179, strongSwan initiating IKE" "$guest_out$(tail -30 "$dir/charon.log")"; fi
  echo_check "our old connection comes back after strongSwan's DELETE (CREATE_CHILD_SA from us as IKE responder)"
  sad_check "after strongSwan initiated"

  echo quit >&3
  exec 3>&-
  wait "$javapid" 2>/dev/null
  javapid=""
  lab_down
  lab_netns_up
}

# Without encap = yes on strongSwan's side, our NAT detection hash alone makes it use UDP.
run_case null-sha256 aes256gcm16-prfsha256-curve25519 "auth-trunc hmac(sha256)" no
# With PFS (curve25519) in every CREATE_CHILD_SA, required by strongSwan and offered by us.
run_case aes128gmac aes128-sha256-modp2048 "rfc4543(gcm(aes))" yes curve25519 31

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
