#!/usr/bin/env bash
# Faults on a real link with Linux tc netem (issue 10). The host kernel here has no sch_netem,
# so the link runs through a User-Mode Linux guest (interop/lab/uml.sh) that routes between two
# bgp-ipsec speakers and applies netem on its interface: r1 (198.51.100.1, namespace rel-a) and
# r2 (203.0.113.2, namespace rel-b) reach each other only through the guest "relrtr"
# (198.51.100.254 / 203.0.113.254, a router on a stick on the lab bridge in namespace rel-lab).
#   A  10% loss, 5% duplication, 1% corruption, 25% reordering (10 ms delay), and 500 ms delay
#      spikes (1 s of +500 ms every 4 s) from before IKE starts until 20 s after BGP is up:
#      the session comes up, r2 learns all 200 of r1's prefixes, never leaves Established;
#   B  a 2 s outage (100% loss) against the 9 s hold time (the issue's 30 s against 90 s, scaled;
#      not 3 s: TCP resends 1, 3 and 7 s after a loss, so a 3 s outage can push the next segment
#      past the hold time, see ProtectedPathFaultTest): the session survives;
#   C  a 14 s outage, longer than the hold time: both sides tear down (Hold Timer Expired), and
#      after the link returns the session is re-established by itself; the time is printed.
# Needs root, ip, tc, user-mode-linux and a JDK 25. Prints "N passed, N failed"; exits non-zero
# on failure.
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
work=$(mktemp -d)
export LAB_NS=rel-lab LAB_WORK=/tmp/rel-lab
NA=rel-a NB=rel-b
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null; done
  lab_down >/dev/null 2>&1
  ip netns del "$NA" 2>/dev/null
  ip netns del "$NB" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
passed=0 failed=0
ok() { passed=$((passed+1)); echo "ok   $*"; }
bad() { failed=$((failed+1)); echo "FAIL $*"; }
check() { local d=$1; shift; if "$@"; then ok "$d"; else bad "$d"; fi; }

for tool in ip tc linux.uml; do
  command -v "$tool" >/dev/null || { echo "$tool missing"; echo "0 passed, 1 failed"; exit 1; }
done
[ "$(id -u)" = 0 ] || { echo "needs root"; echo "0 passed, 1 failed"; exit 1; }
"$root/bgp-ipsec" --version >/dev/null || { echo "bgp-ipsec does not build"; echo "0 passed, 1 failed"; exit 1; }

# shellcheck source=uml.sh
source "$here/uml.sh"
ip netns del "$NA" 2>/dev/null; ip netns del "$NB" 2>/dev/null
lab_netns_up || { echo "lab namespace"; echo "0 passed, 1 failed"; exit 1; }
lab_guest_up relrtr 192.0.2.10/24 || { echo "guest did not boot"; echo "0 passed, 1 failed"; exit 1; }
lab_exec relrtr 'modprobe sch_netem && ip addr add 198.51.100.254/24 dev vec0 &&
  ip addr add 203.0.113.254/24 dev vec0 && sysctl -qw net.ipv4.ip_forward=1 &&
  sysctl -qw net.ipv4.conf.all.send_redirects=0 && sysctl -qw net.ipv4.conf.vec0.send_redirects=0' ||
  { echo "guest router setup"; echo "0 passed, 1 failed"; exit 1; }
attach() { # namespace address/prefix gateway
  ip netns add "$1"
  ip link add "$1-0" netns "$1" type veth peer name "$1-1" netns "$LAB_NS"
  lab_host ip link set "$1-1" master br0
  lab_host ip link set "$1-1" up
  ip -n "$1" link set lo up
  ip -n "$1" addr add "$2" dev "$1-0"
  ip -n "$1" link set "$1-0" up
  ip -n "$1" route add default via "$3"
  ip netns exec "$1" sysctl -qw net.ipv4.conf.all.accept_redirects=0
}
attach "$NA" 198.51.100.1/24 198.51.100.254
attach "$NB" 203.0.113.2/24 203.0.113.254
head -c 32 /dev/urandom | base64 > "$work/r1-r2.psk"
chmod 600 "$work/r1-r2.psk"
prefixes=$(for i in $(seq 0 199); do printf '10.%d.%d.0/24, ' $((i / 256)) $((i % 256)); done)
conf() { # name as address peer peer-as passive announce
  cat > "$work/$1.yaml" <<EOF
speaker:
  name: $1
  as: $2
  router-id: $3
  address: $3
  control-socket: $work/$1.sock
timers: {hold: 9s, keepalive: 3s, connect-retry: 5s}
announce: [${7%, }]
peers:
  - name: peer
    address: $4
    as: $5
    passive: $6
    import: accept-all
    export: accept-all
    protection:
      esp: [null-sha256]
      ike: {proposals: [aes256gcm16-prfsha256-curve25519]}
      authentication: {method: psk, psk: {file: r1-r2.psk}}
EOF
}
conf r1 65001 198.51.100.1 203.0.113.2 65002 false "$prefixes"
conf r2 65002 203.0.113.2 198.51.100.1 65001 true "192.0.2.0/24, "

netem() { # the qdisc on the guest's interface: every forwarded packet, both directions
  lab_exec relrtr "tc qdisc del dev vec0 root 2>/dev/null; tc qdisc add dev vec0 root netem $*" >/dev/null ||
    { bad "tc netem $* in the guest"; return 1; }
}
FAULTS="loss 10% duplicate 5% corrupt 1% delay 10ms reorder 25% 50%"
SPIKE="loss 10% duplicate 5% corrupt 1% delay 510ms reorder 25% 50%"

# neighbor FIELD of speaker NAME (state, received, establishedTransitions, updatesReceived)
neighbor() {
  "$root/bgp-ipsec" show neighbors --json --socket "$work/$1.sock" 2>/dev/null |
    /usr/bin/python3 -c "import json,sys; print(json.load(sys.stdin)[0]['$2'])" 2>/dev/null
}
routes10() {
  "$root/bgp-ipsec" show routes --json --socket "$work/r2.sock" 2>/dev/null |
    /usr/bin/python3 -c "import json,sys; r=[x['prefix'] for x in json.load(sys.stdin) if x['prefix'].startswith('10.')]; print(len(r), len(set(r)))" 2>/dev/null
}
wait_until() { # seconds, command...: polls about once a second
  local limit=$(( $(date +%s) + $1 )); shift
  while [ "$(date +%s)" -lt "$limit" ]; do "$@" && return 0; sleep 0.5; done
  return 1
}
established() { [ "$(neighbor r1 state)" = Established ] && [ "$(neighbor r2 state)" = Established ]; }
all_routes() { [ "$(routes10)" = "200 200" ]; }
# both_down: both speakers answer with a state, and neither is Established (a speaker that does
# not answer is not "down").
both_down() {
  local a b
  a=$(neighbor r1 state) && b=$(neighbor r2 state) && [ -n "$a" ] && [ -n "$b" ] &&
    [ "$a" != Established ] && [ "$b" != Established ]
}

# --- A: faults from before the first IKE message until 20 s after Established
netem "$FAULTS"
ip netns exec "$NB" "$root/bgp-ipsec" run -c "$work/r2.yaml" >"$work/r2.log" 2>&1 &
pids+=($!)
ip netns exec "$NA" "$root/bgp-ipsec" run -c "$work/r1.yaml" >"$work/r1.log" 2>&1 &
pids+=($!)
check "A: IKE, ESP and BGP come up through loss, duplication, corruption, reordering" \
  wait_until 90 established
check "A: r2 learns all 200 prefixes of r1, each once" wait_until 60 all_routes
flaps=0
for round in 1 2 3 4 5; do
  netem "$SPIKE"; sleep 0.5
  netem "$FAULTS"; sleep 2.5
  established || flaps=$((flaps+1))
done
check "A: Established throughout 20 s of faults and five 500 ms delay spikes" test "$flaps" = 0
check "A: no flap: one Established transition on each side" \
  test "$(neighbor r1 establishedTransitions)/$(neighbor r2 establishedTransitions)" = "1/1"
check "A: still all 200 prefixes, each once" all_routes
lab_exec relrtr 'tc -s qdisc show dev vec0' | sed 's/^/     guest netem: /' | head -2

# --- B: outage shorter than the hold time
# From a clean link: A's 10% loss may have left TCP's retransmission timer backed off, and an
# outage on top of that is A and B at once (one failed run here: the segment lost in A's last
# seconds went out again only after the 2 s outage plus a doubled timer, past the hold time).
netem delay 0ms
sleep 5
outage_start=$(date +%s%N)
netem loss 100%
sleep 2
netem delay 0ms
echo "     B: the link was down for $(( ($(date +%s%N) - outage_start) / 1000000 )) ms"
sleep 6
check "B: a 2 s outage (hold time 9 s) keeps the session" established
check "B: no flap" test "$(neighbor r1 establishedTransitions)/$(neighbor r2 establishedTransitions)" = "1/1"

# --- C: outage longer than the hold time
netem loss 100%
down=$(date +%s)
check "C: both sides tear down when the hold timer expires" wait_until 16 both_down
teardown=$(( $(date +%s) - down ))
# Not before the hold timer could have expired: 9 s less at most one 3 s keepalive interval.
check "C: the teardown came from the hold timer (${teardown} s after the link went down)" test "$teardown" -ge 6
sleep $(( 14 - teardown > 0 ? 14 - teardown : 0 ))
netem delay 0ms
up=$(date +%s%N)
if wait_until 40 established; then
  secs=$(( ($(date +%s%N) - up) / 1000000 ))
  ok "C: recovers by itself: Established again $((secs / 1000)).$((secs % 1000 / 100)) s after the link returned (teardown after ${teardown} s)"
else
  bad "C: recovers by itself after the link returns"
fi
check "C: r2 has all 200 prefixes again" wait_until 30 all_routes
check "C: exactly one more Established transition on each side" \
  test "$(neighbor r1 establishedTransitions)/$(neighbor r2 establishedTransitions)" = "2/2"

if [ "$failed" != 0 ]; then
  echo "--- r1.log"; tail -20 "$work/r1.log"; echo "--- r2.log"; tail -20 "$work/r2.log"
fi
echo "lab/netem: $passed passed, $failed failed"
[ "$failed" = 0 ]
