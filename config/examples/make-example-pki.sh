#!/usr/bin/env bash
# Makes the EXAMPLE certificates that r1-cert.yaml and r2-cert.yaml use: a local CA and one
# certificate per router, each carrying its AS number and address in RFC 3779 extensions
# (sbgp-autonomousSysNum, sbgp-ipAddrBlock) marked critical. Example only: the private keys
# are in the repository. For real routers use `bgp-ipsec ca` or your own CA.
# Usage: make-example-pki.sh [DIR]   (default: pki/ beside this script)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
out=${1:-$here/pki}
mkdir -p "$out"
cd "$out"

cat > ca.cnf <<'CNF'
[req]
distinguished_name = dn
prompt = no
[dn]
O = bgp-ipsec example
CN = bgp-ipsec example CA
[ca_ext]
basicConstraints = critical, CA:true
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
sbgp-autonomousSysNum = critical, AS:64512-65534
sbgp-ipAddrBlock = critical, IPv4:127.0.0.0/8, IPv4:192.0.2.0/24
[r1_ext]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
subjectAltName = IP:127.0.0.1
sbgp-autonomousSysNum = critical, AS:65001
sbgp-ipAddrBlock = critical, IPv4:127.0.0.1
[r2_ext]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
subjectAltName = IP:127.0.0.2
sbgp-autonomousSysNum = critical, AS:65002
sbgp-ipAddrBlock = critical, IPv4:127.0.0.2
CNF

umask 077
openssl ecparam -name prime256v1 -genkey -noout -out ca.key
openssl req -new -x509 -config ca.cnf -extensions ca_ext -key ca.key -days 3650 -out ca.crt
for r in r1 r2; do
  openssl ecparam -name prime256v1 -genkey -noout -out "$r.key"
  openssl req -new -key "$r.key" -subj "/O=bgp-ipsec example/CN=$r" -out "$r.csr"
  openssl x509 -req -in "$r.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -days 3650 \
    -extfile ca.cnf -extensions "${r}_ext" -out "$r.crt" 2>/dev/null
  rm -f "$r.csr"
done
rm -f ca.srl
chmod 644 ca.crt r1.crt r2.crt
echo "example PKI written to $out"
