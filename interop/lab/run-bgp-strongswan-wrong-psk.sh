#!/usr/bin/env bash
# Issue 8, acceptance 3 (PSK case): strongSwan + BIRD in a User-Mode Linux guest with another
# pre-shared key than ours. Both sides try (BIRD and our speaker connect, so both IKE initiators
# run): IKE fails with AUTHENTICATION_FAILED both ways, no SA is installed, no BGP session comes
# up, our log and metrics name the reason, and the link carries only IKE.
# Needs root and interop/setup.sh. Prints PASS/FAIL lines and "N passed, N failed".
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/bgp-lab.sh" strongswan-wrong-psk
LAB8_BGPD=bird
source "$here/bgp-guest.sh"
source "$here/bgp-scenario.sh"
lab8_need linux.uml /usr/lib/ipsec/charon swanctl bird birdc dumpcap tshark /usr/bin/python3 ip
lab8_wrong_psk
