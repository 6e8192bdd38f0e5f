#!/usr/bin/env bash
# Shared pieces of the section 9 lab scenarios (run-bgp-*.sh): our speaker (`bgp-ipsec run`) in
# the lab namespace at 192.0.2.254, AS 65001; one User-Mode Linux guest r2 at 192.0.2.2, AS 65002,
# running strongSwan (kernel XFRM, transport mode, UDP encapsulation forced) and a BGP daemon
# (BIRD or FRR). Source it with the scenario's name:  source bgp-lab.sh NAME
#
# Every scenario gets its own namespace lab8-NAME and directory /tmp/lab8-NAME, so scenarios and
# other labs can run at once. Results: pass/fail print PASS/FAIL lines with their evidence;
# lab8_finish prints "N passed, N failed" and exits non-zero on any failure.
set -uo pipefail

LAB8_SCENARIO=$1
LAB8_HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
LAB8_ROOT=$(cd "$LAB8_HERE/../.." && pwd)
export LAB_NS="lab8-$LAB8_SCENARIO"
export LAB_WORK="/tmp/lab8-$LAB8_SCENARIO"
source "$LAB8_HERE/uml.sh"
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
export BGP_IPSEC_JAVA_OPTS=${BGP_IPSEC_JAVA_OPTS:--Xmx256m}

OURS=192.0.2.254
GUEST=192.0.2.2
OUR_AS=65001
GUEST_AS=65002
OUR_PREFIX=198.51.100.0/24
GUEST_PREFIX=203.0.113.0/24
GUEST_DIR="$LAB_WORK/r2"
OUR_CONFIG="$LAB_WORK/ours.yaml"
OUR_LOG="$LAB_WORK/ours.log"
OUR_SOCKET="$LAB_WORK/ours.sock"
OUR_METRICS_PORT=9179
CAPTURE="$LAB_WORK/link.pcapng"

passed=0 failed=0
lab8_ourpid="" lab8_cappid=""

pass() { passed=$((passed + 1)); echo "PASS $1"; [ -z "${2:-}" ] || echo "$2" | sed 's/^/     /' | tail -n 12; }
fail() { failed=$((failed + 1)); echo "FAIL $1"; [ -z "${2:-}" ] || echo "$2" | sed 's/^/     /' | tail -n 40; }
note() { echo "NOTE $1"; }

lab8_finish() {
  echo "$passed passed, $failed failed"
  [ "$failed" = 0 ] && exit 0
  exit 1
}

lab8_cleanup() {
  our_stop
  capture_stop
  lab_down
}

# lab8_need TOOL...: each must be on the PATH or an executable path; a missing one fails the run.
lab8_need() {
  local t missing=0
  for t in "$@"; do
    if ! command -v "$t" >/dev/null 2>&1; then fail "tool present: $t (install interop/packages.txt)"; missing=1; fi
  done
  [ "$(id -u)" = 0 ] || { fail "running as root (namespaces, taps, UML)"; missing=1; }
  [ "$missing" = 0 ] || lab8_finish
}

# lab8_start: builds our application, brings up the namespace and the guest, starts the capture.
lab8_start() {
  trap lab8_cleanup EXIT
  local out
  out=$("$LAB8_ROOT/bgp-ipsec" --version 2>&1) || { fail "build bgp-ipsec" "$out"; lab8_finish; }
  lab_down >/dev/null 2>&1   # a previous run's guests, if any, then its files
  rm -rf "$LAB_WORK"
  lab_netns_up || { fail "lab namespace $LAB_NS"; lab8_finish; }
  lab_guest_up r2 "$GUEST/24" || { fail "guest r2 boots" "$(tail -20 "$GUEST_DIR/console.log" 2>/dev/null)"; lab8_finish; }
  capture_start
}

# wait_until SECONDS COMMAND...: polls COMMAND every half second until it succeeds.
wait_until() {
  local deadline=$((SECONDS + $1)); shift
  until "$@" >/dev/null 2>&1; do
    [ $SECONDS -ge $deadline ] && return 1
    sleep 0.5
  done
}

# ---- the capture on the link (the guest's tap, host side)

capture_start() {
  rm -f "$CAPTURE"
  ip netns exec "$LAB_NS" dumpcap -q -i tap-r2 -w "$CAPTURE" >"$LAB_WORK/dumpcap.log" 2>&1 &
  lab8_cappid=$!
  wait_until 10 test -s "$CAPTURE" || fail "capture starts on tap-r2" "$(cat "$LAB_WORK/dumpcap.log")"
}

capture_stop() {
  [ -n "$lab8_cappid" ] || return 0
  kill -INT "$lab8_cappid" 2>/dev/null
  wait "$lab8_cappid" 2>/dev/null
  lab8_cappid=""
}

# capture_count FILTER: frames of the capture matching a display filter.
capture_count() {
  tshark -r "$CAPTURE" -n -Y "$1" 2>/dev/null | wc -l
}

# check_capture_only_ike_and_esp [ESP-EXPECTED(yes|no)]: on the link, every IPv4 packet is UDP
# 500/4500; no plaintext TCP at all (so no TCP port 179); IKE present, ESP-in-UDP present (or, with
# "no", absent); nothing but IPv4 and ARP.
check_capture_only_ike_and_esp() {
  local esp_expected=${1:-yes}
  capture_stop
  local total ike esp other tcp179 tcp nonip
  total=$(capture_count 'ip')
  ike=$(capture_count 'isakmp')
  esp=$(capture_count 'esp')
  # ip.proto is the outer header's (ICMP quoting a UDP 500 header is "other" too).
  other=$(capture_count 'ip && !(ip.proto == 17 && (udp.srcport in {500 4500} || udp.dstport in {500 4500}))')
  tcp=$(capture_count 'ip.proto == 6')
  tcp179=$(capture_count 'tcp.port == 179')
  nonip=$(capture_count '!ip && !arp')
  local evidence="IPv4 $total, IKE $ike, ESP $esp, other IPv4 $other, plaintext TCP $tcp (port 179: $tcp179), neither IPv4 nor ARP $nonip
$(tshark -r "$CAPTURE" -n -q -z io,phs 2>/dev/null | sed -n '/^eth/,/^=/p' | head -12)"
  local what="only UDP 500/4500 (IKE, ESP-in-UDP), never plaintext TCP port 179" esp_ok
  if [ "$esp_expected" = yes ]; then [ "$esp" -gt 0 ] && esp_ok=1; else
    what="only IKE on UDP 500/4500, no ESP, never plaintext TCP port 179"
    [ "$esp" = 0 ] && esp_ok=1
  fi
  if [ "$total" -gt 0 ] && [ "$ike" -gt 0 ] && [ -n "${esp_ok:-}" ] && [ "$other" = 0 ] && [ "$tcp" = 0 ] &&
    [ "$tcp179" = 0 ] && [ "$nonip" = 0 ]; then
    pass "capture on the link: $what" "$evidence"
  else
    fail "capture on the link: $what" "$evidence
$(tshark -r "$CAPTURE" -n -Y 'ip && !(ip.proto == 17)' 2>/dev/null | head -10)"
  fi
}

# ---- strongSwan in the guest

# guest_strongswan PSK|cert ESP-PROPOSALS: charon with a private config, two transport-mode trap
# children for BGP (LAB.md), UDP encapsulation forced, IP address identities. The first argument is
# the pre-shared key, or "cert" for certificates in swanctl's directories beside swanctl.conf:
# $GUEST_DIR/x509ca/ca.crt, x509/r2.crt, private/r2.key (from `bgp-ipsec ca`), whose critical RFC 3779 extensions strongSwan 5.9 accepts only with
# enforce_critical = no (LAB.md).
guest_strongswan() {
  local psk=$1 esp=$2 auth=psk
  [ "$psk" = cert ] && auth=pubkey
  cat >"$GUEST_DIR/strongswan.conf" <<CONF
charon {
  install_routes = no
  retransmit_tries = 3
  load = random nonce aes sha1 sha2 hmac gcm gmp curve25519 openssl pem pkcs1 pkcs8 x509 pubkey constraints addrblock kdf kernel-netlink socket-default vici
  x509 { enforce_critical = no }
  plugins { vici { socket = unix:///run/charon.vici } }
  filelog { log { path = $GUEST_DIR/charon.log
                  time_format = %H:%M:%S
                  flush_line = yes
                  default = 1
                  ike = 2
                  cfg = 2
                  knl = 2 } }
}
swanctl {
  load = pem pkcs1 pkcs8 x509 pubkey openssl
  x509 { enforce_critical = no }
}
CONF
  local secrets="secrets { ike-lab { id-a = $GUEST
                    id-b = $OURS
                    secret = \"$psk\" } }" certs=""
  if [ "$auth" = pubkey ]; then
    secrets=""
    certs="certs = r2.crt"
  fi
  cat >"$GUEST_DIR/swanctl.conf" <<CONF
connections {
  bgp {
    version = 2
    local_addrs = $GUEST
    remote_addrs = $OURS
    proposals = aes256gcm16-prfsha256-curve25519
    encap = yes
    mobike = no
    local { auth = $auth
            $certs
            id = $GUEST }
    remote { auth = $auth
             id = $OURS }
    children {
      bgp-in { mode = transport
               start_action = trap
               esp_proposals = $esp
               local_ts = dynamic[tcp/179]
               remote_ts = dynamic[tcp] }
      bgp-out { mode = transport
                start_action = trap
                esp_proposals = $esp
                local_ts = dynamic[tcp]
                remote_ts = dynamic[tcp/179] }
    }
  }
}
$secrets
CONF
  local out
  if out=$(lab_exec r2 "STRONGSWAN_CONF=$GUEST_DIR/strongswan.conf nohup /usr/lib/ipsec/charon >$GUEST_DIR/charon.out 2>&1 &
      for i in \$(seq 100); do [ -S /run/charon.vici ] && break; sleep 0.1; done
      STRONGSWAN_CONF=$GUEST_DIR/strongswan.conf swanctl --load-all --file $GUEST_DIR/swanctl.conf"); then
    pass "strongSwan in the guest: transport mode, encap = yes, ESP $esp, $([ "$auth" = psk ] && echo PSK || echo certificate), trap policies for TCP/179" \
      "$(echo "$out" | grep -E 'loaded|conn' | head -4)"
  else
    fail "strongSwan starts in the guest" "$out$(tail -20 "$GUEST_DIR/charon.log" 2>/dev/null)"
    lab8_finish
  fi
}

guest_swanctl() { lab_exec r2 "STRONGSWAN_CONF=$GUEST_DIR/strongswan.conf swanctl $*"; }

# guest_spis: the SPIs of the guest kernel's ESP SAs, sorted, one a line.
guest_spis() { lab_exec r2 'ip xfrm state' | sed -n 's/.*proto esp spi \(0x[0-9a-f]*\).*/\1/p' | sort -u; }

# ---- our speaker

# our_config PSK-FILE|cert ESP PASSIVE(true|false): the host side's profile; "cert" authenticates
# with $LAB_WORK/pki/{ca.crt,ours.crt,ours.key} (from `bgp-ipsec ca`).
our_config() {
  local psk_file=$1 esp=$2 passive=$3 credentials="" authentication
  if [ "$psk_file" = cert ]; then
    credentials="credentials:
  certificate: $LAB_WORK/pki/ours.crt
  private-key: $LAB_WORK/pki/ours.key
  ca: $LAB_WORK/pki/ca.crt
"
    authentication="method: certificate"
  else
    authentication="method: psk
        psk: {file: $psk_file}"
  fi
  cat >"$OUR_CONFIG" <<YAML
# Lab scenario $LAB8_SCENARIO: our speaker on the host side of the link to the guest r2.
speaker:
  name: lab8-ours
  as: $OUR_AS
  router-id: $OURS
  address: $OURS
  control-socket: $OUR_SOCKET

${credentials}timers:
  hold: 90s
  keepalive: 30s
  # Passive: the guest connects first; our first own attempt would come after connect-retry
  # (RFC 4271 8.2.2, Active state), so a long one keeps the guest the IKE initiator.
  connect-retry: $([ "$passive" = true ] && echo 30s || echo 2s)

announce:
  - $OUR_PREFIX

peers:
  - name: r2
    address: $GUEST
    as: $GUEST_AS
    passive: $passive
    import: accept-all
    export: accept-all
    protection:
      mode: transport
      esp: [$esp]
      ike:
        proposals: [aes256gcm16-prfsha256-curve25519]
      authentication:
        $authentication
      identity:
        local: {type: ipv4-addr, value: $OURS}
        remote: {type: ipv4-addr, value: $GUEST}
      selectors: bgp
      lifetimes: {ike: 4h, child: 1h, rekey-margin: 9m}
YAML
  local out
  if out=$("$LAB8_ROOT/bgp-ipsec" config check -c "$OUR_CONFIG" 2>&1); then
    pass "our profile is valid (bgp-ipsec config check)"
  else
    fail "our profile is valid (bgp-ipsec config check)" "$out"
    lab8_finish
  fi
}

# our_start: `bgp-ipsec run -c FILE` inside the lab namespace (it binds 192.0.2.254, UDP 500/4500).
our_start() {
  ip netns exec "$LAB_NS" "$LAB8_ROOT/bgp-ipsec" run -c "$OUR_CONFIG" --metrics-port "$OUR_METRICS_PORT" \
    >"$OUR_LOG" 2>&1 &
  lab8_ourpid=$!
  local deadline=$((SECONDS + 30))
  while [ ! -S "$OUR_SOCKET" ] && kill -0 "$lab8_ourpid" 2>/dev/null && [ $SECONDS -lt $deadline ]; do
    sleep 0.2
  done
  if [ -S "$OUR_SOCKET" ]; then
    pass "bgp-ipsec run -c $(basename "$OUR_CONFIG") in $LAB_NS" "$(head -3 "$OUR_LOG")"
  else
    fail "bgp-ipsec run starts" "$(cat "$OUR_LOG")"
    lab8_finish
  fi
}

our_stop() {
  [ -n "$lab8_ourpid" ] || return 0
  kill -TERM "$lab8_ourpid" 2>/dev/null
  local i
  for i in $(seq 50); do kill -0 "$lab8_ourpid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$lab8_ourpid" 2>/dev/null
  wait "$lab8_ourpid" 2>/dev/null
  lab8_ourpid=""
}

ours() { "$LAB8_ROOT/bgp-ipsec" "$@" --socket "$OUR_SOCKET"; }

our_state() { ours show neighbors --json | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["state"])'; }
our_established() { [ "$(our_state 2>/dev/null)" = Established ]; }

# our_routes: the prefixes of our Loc-RIB learned from the guest, one a line.
our_routes() {
  ours show routes --json | /usr/bin/python3 -c '
import json, sys
for r in json.load(sys.stdin):
    if r["from"] != "local":
        print(r["prefix"])'
}

# our_spis: the inbound and outbound SPIs of our established Child SAs, one a line.
our_spis() {
  ours show sas --json | /usr/bin/python3 -c '
import json, sys
for sa in json.load(sys.stdin):
    if sa["state"] == "ESTABLISHED":
        for c in sa["children"]:
            print(c["spiIn"]); print(c["spiOut"])' | sort -u
}

# our_metric NAME-REGEX: lines of our Prometheus endpoint (in the namespace) matching it.
our_metric() {
  ip netns exec "$LAB_NS" /usr/bin/python3 -c "
import urllib.request
print(urllib.request.urlopen('http://127.0.0.1:$OUR_METRICS_PORT/metrics', timeout=5).read().decode())" |
    grep -E "$1"
}

# our_left_established: lines of our log after the first Established where the guest's session
# was in another state (a flap); empty if the session stayed up.
our_left_established() {
  awk '/neighbor '"$GUEST"' Established/ { up = 1; next } up && /neighbor '"$GUEST"' / { print }' "$OUR_LOG"
}

# numbered PREFIX-BASE FROM TO: PREFIX-BASE.FROM/32 ... PREFIX-BASE.TO/32, space separated.
numbered() { local i; for i in $(seq "$2" "$3"); do printf '%s.%d/32 ' "$1" "$i"; done; }

# missing_from LIST-FILE PREFIX...: the prefixes that are not lines of LIST-FILE.
missing_from() {
  local f=$1 p; shift
  for p in "$@"; do grep -qxF "$p" "$f" || printf '%s ' "$p"; done
}
