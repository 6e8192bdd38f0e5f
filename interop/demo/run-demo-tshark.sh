#!/usr/bin/env bash
# The demo as Wireshark sees it (issue 8, acceptance 4): tshark captures the demo on loopback;
# given the demo's --keylog file it decrypts IKE_AUTH (the identities), and it decodes the
# integrity-only ESP down to BGP OPEN and UPDATE messages. Every TCP segment of the BGP session
# is inside ESP in UDP: none appears in the clear. Needs root (capture) and tshark.
set -uo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
work=$(mktemp -d)
trap 'kill "$cap" 2>/dev/null; rm -rf "$work"' EXIT
passed=0 failed=0
check() { local d=$1; shift; if "$@" >"$work/check.out" 2>&1; then passed=$((passed+1)); echo "ok   $d"; else failed=$((failed+1)); echo "FAIL $d"; sed 's/^/     /' "$work/check.out" | tail -10; fi; }
command -v tshark >/dev/null || { echo "tshark missing (bash interop/setup.sh)"; echo "0 passed, 1 failed"; exit 1; }

"$root/bgp-ipsec" --version >/dev/null   # builds the application first if needed
tshark -i lo -f "host 127.0.0.1 and host 127.0.0.2" -w "$work/demo.pcap" >"$work/tshark.log" 2>&1 &
cap=$!
for _ in $(seq 1 50); do grep -q "Capturing on" "$work/tshark.log" && break; sleep 0.1; done
"$root/bgp-ipsec" demo --keylog "$work/keys" --pcap "$work/inner.pcap" >"$work/demo.out" 2>&1
demo=$?
sleep 1
kill -INT "$cap"; wait "$cap" 2>/dev/null
check "demo exits 0" test "$demo" = 0
nat=$(sed -n 's/.*ESP on UDP \([0-9]*\)\..*/\1/p' "$work/demo.out")
check "the demo names its NAT-T port" test -n "$nat"
mkdir -p "$work/conf/wireshark"
sort -u "$work/keys" > "$work/conf/wireshark/ikev2_decryption_table"
ts() { XDG_CONFIG_HOME="$work/conf" tshark -r "$work/demo.pcap" -d "udp.port==$nat,udpencap" \
  -o esp.enable_null_encryption_decode_heuristic:TRUE "$@" 2>/dev/null; }
check "the key log decrypts IKE_AUTH: IDi 127.0.0.1 and IDr 127.0.0.2" sh -c \
  "XDG_CONFIG_HOME='$work/conf' tshark -r '$work/demo.pcap' -d 'udp.port==$nat,udpencap' -Y 'isakmp.exchangetype == 35' -V 2>/dev/null | grep -q 'ID_IPV4_ADDR: 127.0.0.1' && XDG_CONFIG_HOME='$work/conf' tshark -r '$work/demo.pcap' -d 'udp.port==$nat,udpencap' -Y 'isakmp.exchangetype == 35' -V 2>/dev/null | grep -q 'ID_IPV4_ADDR: 127.0.0.2'"
check "BGP OPEN messages decoded inside ESP" sh -c "[ \$(XDG_CONFIG_HOME='$work/conf' tshark -r '$work/demo.pcap' -d 'udp.port==$nat,udpencap' -o esp.enable_null_encryption_decode_heuristic:TRUE -Y 'esp and bgp.type == 1' 2>/dev/null | wc -l) -ge 2 ]"
check "BGP UPDATE messages decoded inside ESP" sh -c "[ \$(XDG_CONFIG_HOME='$work/conf' tshark -r '$work/demo.pcap' -d 'udp.port==$nat,udpencap' -o esp.enable_null_encryption_decode_heuristic:TRUE -Y 'esp and bgp.type == 2' 2>/dev/null | wc -l) -ge 2 ]"
check "the UPDATEs carry the demo's prefixes" sh -c "XDG_CONFIG_HOME='$work/conf' tshark -r '$work/demo.pcap' -d 'udp.port==$nat,udpencap' -o esp.enable_null_encryption_decode_heuristic:TRUE -Y 'bgp.type == 2' -V 2>/dev/null | grep -q '198.51.100.0/24'"
check "no TCP port 179 outside ESP" sh -c "[ \$(tshark -r '$work/demo.pcap' -Y 'tcp.port == 179 and not esp' 2>/dev/null | wc -l) -eq 0 ]"
check "every frame is UDP" sh -c "[ \$(tshark -r '$work/demo.pcap' -Y 'not udp' 2>/dev/null | wc -l) -eq 0 ]"
check "the --pcap capture of inner packets shows BGP UPDATEs to and from port 179" sh -c "[ \$(tshark -r '$work/inner.pcap' -Y 'tcp.port == 179 and bgp.type == 2' 2>/dev/null | wc -l) -ge 2 ]"
echo "demo/tshark: $passed passed, $failed failed"
[ "$failed" = 0 ]
