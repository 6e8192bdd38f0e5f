#!/usr/bin/env bash
# Issue 8, acceptance 3 (certificate case).
# strongSwan + BIRD in a User-Mode Linux guest, certificates from `bgp-ipsec ca`; the guest's
# certificate names AS 65099 while our profile expects AS 65002 at its address: no session, and
# `show neighbors` says why. Needs root and interop/setup.sh. Prints "N passed, N failed".
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/bgp-lab.sh" strongswan-cert-other-as
LAB8_BGPD=bird
source "$here/bgp-guest.sh"
source "$here/bgp-scenario.sh"
lab8_need linux.uml /usr/lib/ipsec/charon swanctl bird birdc dumpcap tshark /usr/bin/python3 ip
lab8_cert_other_as
