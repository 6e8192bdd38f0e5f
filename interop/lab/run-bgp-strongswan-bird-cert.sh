#!/usr/bin/env bash
# Issue 8, acceptance 2 with certificates.
# The BIRD scenario of run-bgp-strongswan-bird.sh with certificates from `bgp-ipsec ca` (each
# carrying its router's AS and address, RFC 3779) instead of a PSK, and ESP aes128gmac.
# Needs root and interop/setup.sh. Prints PASS/FAIL lines and "N passed, N failed".
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/bgp-lab.sh" strongswan-bird-cert
LAB8_BGPD=bird
source "$here/bgp-guest.sh"
source "$here/bgp-scenario.sh"
lab8_need linux.uml /usr/lib/ipsec/charon swanctl bird birdc dumpcap tshark /usr/bin/python3 ip
lab8_positive aes128gmac NULL_AES_GMAC 'rfc4543(gcm(aes))' false yes cert
