#!/bin/bash
# Captures IKEv2 sessions between two strongSwan charon daemons on loopback, with the keys
# charon logs at level 4, as test vectors for the ike module's codec and key derivation.
#
# Each suite runs one IKE_SA_INIT + IKE_AUTH (PSK, ID_IPV4_ADDR) from charon A (127.0.0.1,
# port 5500) to charon B (127.0.0.2, port 5600), each daemon in its own mount namespace (own
# /run). No kernel ESP is needed: the CHILD_SA install may fail, the IKE messages are what we
# keep. Output: OUT/<suite>/{messages.txt,initiator.log,responder.log}; messages.txt has one
# line per datagram, "<direction> <hex>" with the non-ESP marker removed.
#
# Usage: interop/ike/capture-strongswan.sh OUTDIR   (as root; needs strongswan-swanctl, tshark)
set -euo pipefail
out=$(realpath -m "${1:?usage: $0 OUTDIR}")
for tool in /usr/lib/ipsec/charon swanctl tshark unshare nsenter; do
  command -v "$tool" >/dev/null || { echo "missing $tool"; echo "0 passed, 1 failed"; exit 1; }
done
work=$(mktemp -d /tmp/ike-capture.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
[ -n "${KEEP_WORK:-}" ] && trap - EXIT

psk='bgp-ipsec capture key 0123456789'
passed=0
failed=0

instance() { # name local remote port remote_port proposals
  local name=$1 local=$2 remote=$3 port=$4 rport=$5 proposals=$6 dir="$work/$1"
  mkdir -p "$dir/swanctl/conf.d"
  cat >"$dir/strongswan.conf" <<CONF
charon {
  port = $port
  port_nat_t = $((port + 1))
  install_routes = no
  install_virtual_ip = no
  load = random nonce aes sha1 sha2 hmac gcm gmp curve25519 openssl kdf pem pkcs1 x509 pubkey kernel-netlink socket-default vici
  plugins { vici { socket = unix://$dir/charon.vici } }
  filelog {
    log {
      path = $dir/charon.log
      default = 1
      ike = 4
      enc = 4
      net = 1
    }
  }
}
swanctl { load = pem pkcs1 x509 pubkey }
CONF
  cat >"$dir/swanctl/swanctl.conf" <<CONF
connections {
  cap {
    version = 2
    local_addrs = $local
    remote_addrs = $remote
    remote_port = $rport
    proposals = $proposals
    mobike = no
    fragmentation = yes
    local { auth = psk
            id = $local }
    remote { auth = psk
             id = $remote }
    children {
      bgp {
        mode = transport
        esp_proposals = aes128gcm16
        local_ts = dynamic[tcp]
        remote_ts = dynamic[tcp/179]
      }
    }
  }
}
secrets {
  ike-cap {
    id-a = 127.0.0.1
    id-b = 127.0.0.2
    secret = "$psk"
  }
}
CONF
  # A private /run per daemon: charon keeps its pid file there.
  unshare -m --propagation private sh -c \
    "mount -t tmpfs tmpfs /run && exec env STRONGSWAN_CONF=$dir/strongswan.conf /usr/lib/ipsec/charon" \
    >"$dir/stdout" 2>&1 &
  pids+=($!)
  for _ in $(seq 50); do [ -S "$dir/charon.vici" ] && break; sleep 0.1; done
  sleep 0.5
  STRONGSWAN_CONF=$dir/strongswan.conf swanctl --load-all --uri "unix://$dir/charon.vici" \
    --file "$dir/swanctl/swanctl.conf" >/dev/null
}

run_suite() { # name proposals
  local name=$1 proposals=$2 dest="$out/$1"
  mkdir -p "$dest"
  instance "a-$name" 127.0.0.1 127.0.0.2 5500 5600 "$proposals"
  instance "b-$name" 127.0.0.2 127.0.0.1 5600 5500 "$proposals"
  tshark -q -i lo -f 'udp and (port 5500 or port 5501 or port 5600 or port 5601)' \
    -w "$work/$name.pcapng" >/dev/null 2>&1 &
  local shark=$!
  pids+=($shark)
  sleep 1.5
  STRONGSWAN_CONF="$work/a-$name/strongswan.conf" timeout 20 swanctl --initiate --ike cap \
    --child bgp --uri "unix://$work/a-$name/charon.vici" --timeout 10 >"$dest/initiate.txt" 2>&1 || true
  sleep 1
  kill "$shark"; wait "$shark" 2>/dev/null || true
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  pids=()
  sleep 0.5
  tshark -r "$work/$name.pcapng" -T fields -e udp.srcport -e udp.dstport -e udp.payload 2>/dev/null |
    while read -r sport dport payload; do
      # RFC 3948 2.2: on the NAT-T port a non-ESP marker of four zero octets precedes IKE;
      # strongSwan uses the marker on every port other than 500, so on all of ours.
      if [ "$sport" -ne 500 ] && [ "$dport" -ne 500 ]; then
        [ "${payload:0:8}" = 00000000 ] || { echo "no non-ESP marker: $payload" >&2; exit 1; }
        payload=${payload:8}
      fi
      if [ "$sport" -lt 5600 ]; then echo "a->b $payload"; else echo "b->a $payload"; fi
    done >"$dest/messages.txt"
  cp "$work/a-$name/charon.log" "$dest/initiator.log"
  cp "$work/b-$name/charon.log" "$dest/responder.log"
  if grep -q "IKE_SA cap\[1\] established" "$dest/initiator.log" && [ -s "$dest/messages.txt" ]; then
    echo "ok $name: $(wc -l <"$dest/messages.txt") datagrams"
    passed=$((passed + 1))
  else
    echo "FAILED $name"
    failed=$((failed + 1))
  fi
}

run_suite gcm256-prfsha384-x25519 aes256gcm16-prfsha384-x25519
run_suite cbc128-sha256-modp2048 aes128-sha256-prfsha256-modp2048
run_suite cbc256-sha512-ecp384 aes256-sha512-prfsha512-ecp384
run_suite gcm128-prfsha256-ecp256 aes128gcm16-prfsha256-ecp256
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
