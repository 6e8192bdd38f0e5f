#!/usr/bin/env bash
# Certificates from `bgp-ipsec ca` against OpenSSL, both ways (issue 6, acceptance 1):
# - OpenSSL's `x509 -text` shows the AS number and address we put in the RFC 3779
#   extensions, and `openssl verify` (which validates RFC 3779 resources along the path)
#   accepts the chain, for each key type;
# - certificates that the `openssl` CLI makes with those extensions read back in ours
#   (`bgp-ipsec ca show`) with the same values.
set -uo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0 failed=0
check() { local d=$1; shift; if "$@" >"$work/out" 2>&1; then passed=$((passed+1)); echo "ok   $d"; else failed=$((failed+1)); echo "FAIL $d"; sed 's/^/     /' "$work/out" | tail -15; fi; }
command -v openssl >/dev/null || { echo "openssl missing"; echo "0 passed, 1 failed"; exit 1; }

for kt in ecdsa-p256 rsa-3072 ed25519; do
  d="$work/$kt"
  check "$kt: ca init" "$root/bgp-ipsec" ca init --dir "$d" --key-type "$kt" --as 64512-65534 --address 192.0.2.0/24 --address 2001:db8::/32
  check "$kt: ca issue" "$root/bgp-ipsec" ca issue --dir "$d" --key-type "$kt" --name r1 --as 65001 --address 192.0.2.1 --address 2001:db8::1
  check "$kt: openssl sees AS 65001, critical" sh -c "openssl x509 -in '$d/r1.crt' -noout -text | grep -A2 'sbgp-autonomousSysNum: critical' | grep -q '65001'"
  check "$kt: openssl sees 192.0.2.1/32 and 2001:db8::1/128" sh -c "t=\$(openssl x509 -in '$d/r1.crt' -noout -text); echo \"\$t\" | grep -q 'sbgp-ipAddrBlock: critical' && echo \"\$t\" | grep -q '192.0.2.1/32' && echo \"\$t\" | grep -Eq '2001:db8(::|:0:0:0:0:0:)1/128'"
  check "$kt: openssl sees the IP subjectAltName" sh -c "openssl x509 -in '$d/r1.crt' -noout -ext subjectAltName | grep -q 'IP Address:192.0.2.1'"
  check "$kt: openssl verify accepts the chain (RFC 3779 path validation)" openssl verify -CAfile "$d/ca.crt" "$d/r1.crt"
  check "$kt: key file is mode 0600" sh -c "[ \$(stat -c %a '$d/r1.key') = 600 ]"
  check "$kt: openssl reads the private key" openssl pkey -in "$d/r1.key" -noout
done

# The other direction: OpenSSL makes the certificates, we read them.
o="$work/openssl"
mkdir -p "$o"
cat > "$o/ext.cnf" <<'CNF'
[ca]
basicConstraints = critical, CA:true
keyUsage = critical, keyCertSign
sbgp-autonomousSysNum = critical, AS:64496-64511, AS:65000-65100
sbgp-ipAddrBlock = critical, IPv4:198.51.100.0/24, IPv6:2001:db8::/32
[leaf]
basicConstraints = critical, CA:false
sbgp-autonomousSysNum = critical, AS:65042
sbgp-ipAddrBlock = critical, IPv4:198.51.100.7-198.51.100.9, IPv6:2001:db8:1::/48
CNF
check "openssl makes a CA and a router certificate" sh -c "
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout '$o/ca.key' -subj /CN=osslca -days 2 -config /dev/null -extensions ca -extfile '$o/ext.cnf' -out '$o/ca.crt' 2>/dev/null ||
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout '$o/ca.key' -subj /CN=osslca -days 2 -addext 'basicConstraints=critical,CA:true' -out '$o/ca.crt'
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout '$o/r.key' -subj /CN=r42 -out '$o/r.csr' &&
  openssl x509 -req -in '$o/r.csr' -CA '$o/ca.crt' -CAkey '$o/ca.key' -CAcreateserial -days 2 -extfile '$o/ext.cnf' -extensions leaf -out '$o/r.crt'"
check "ours reads OpenSSL's AS ranges" sh -c "'$root/bgp-ipsec' ca show '$o/r.crt' | grep -q 'AS        \[65042\]'"
check "ours reads OpenSSL's address range and IPv6 prefix" sh -c "'$root/bgp-ipsec' ca show '$o/r.crt' | grep -q 'addresses \[198.51.100.7-198.51.100.9, 2001:db8:1::/48\]'"
echo "certs/openssl: $passed passed, $failed failed"
[ "$failed" = 0 ]
