#!/usr/bin/env bash
# Issue 8, acceptance 2, against strongSwan + BIRD 2 in a User-Mode Linux guest (kernel XFRM,
# transport mode, encap = yes, ESP null-sha256 = ENCR_NULL + AUTH_HMAC_SHA2_256_128, PSK): our
# `bgp-ipsec run` on the host side of the link initiates (its TCP's ACQUIRE starts our IKE; BIRD is
# passive). BGP Established through ESP; each side has the other's prefixes; Child SA rekeys forced
# by strongSwan and by `bgp-ipsec rekey child` keep the session Established with every numbered
# prefix announced across them; the capture on the link holds only UDP 500/4500.
# Needs root and interop/setup.sh. Prints PASS/FAIL lines and "N passed, N failed".
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/bgp-lab.sh" strongswan-bird
LAB8_BGPD=bird
source "$here/bgp-guest.sh"
source "$here/bgp-scenario.sh"
lab8_need linux.uml /usr/lib/ipsec/charon swanctl bird birdc dumpcap tshark /usr/bin/python3 ip
lab8_positive null-sha256 NULL/HMAC_SHA2_256_128 'auth-trunc hmac(sha256)' false yes
