#!/usr/bin/env bash
# Issue 8, acceptance 2, against strongSwan + FRR 8 (bgpd) in a User-Mode Linux guest (kernel XFRM,
# transport mode, encap = yes, ESP aes128gmac = ENCR_NULL_AUTH_AES_GMAC, PSK): here the guest
# initiates (FRR's TCP to our port 179 hits strongSwan's trap policy; our speaker is passive).
# BGP Established through ESP; each side has the other's prefixes; Child SA rekeys forced by
# strongSwan and by `bgp-ipsec rekey child` keep the session Established with every numbered
# prefix announced across them; the capture on the link holds only UDP 500/4500.
# Needs root and interop/setup.sh. Prints PASS/FAIL lines and "N passed, N failed".
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/bgp-lab.sh" strongswan-frr
LAB8_BGPD=frr
source "$here/bgp-guest.sh"
source "$here/bgp-scenario.sh"
lab8_need linux.uml /usr/lib/ipsec/charon swanctl /usr/lib/frr/bgpd vtysh dumpcap tshark /usr/bin/python3 ip
lab8_positive aes128gmac NULL_AES_GMAC 'rfc4543(gcm(aes))' true no
