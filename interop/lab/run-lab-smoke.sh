#!/usr/bin/env bash
# The lab itself works: a User-Mode Linux guest boots in a namespace, answers on its link, and
# its kernel installs the transport-mode ESP-in-UDP SAs that the project speaks
# (ESP-NULL + HMAC-SHA-256-128 and AES-GMAC). Needs root and interop/setup.sh.
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/uml.sh"
trap lab_down EXIT

passed=0 failed=0
check() { # description command...
  local d=$1; shift
  if out=$("$@" 2>&1); then passed=$((passed + 1)); echo "ok   $d"
  else failed=$((failed + 1)); echo "FAIL $d"; echo "$out" | sed 's/^/     /' | tail -20; fi
}

check "namespace and bridge" lab_netns_up
check "guest boots" lab_guest_up r2 192.0.2.2/24
check "guest kernel is 6.1 UML" lab_exec r2 'uname -r | grep -q "^6\.1"'
check "guest answers TCP (RST from its kernel)" lab_host /usr/bin/python3 -c "
import socket
s = socket.socket(); s.settimeout(3)
try:
    s.connect(('192.0.2.2', 9))
except ConnectionRefusedError:
    pass
"
check "ESP-NULL + HMAC-SHA-256-128 transport SA in UDP" lab_exec r2 \
  "ip xfrm state add src 192.0.2.254 dst 192.0.2.2 proto esp spi 0x1001 mode transport \
     encap espinudp 4500 4500 0.0.0.0 auth-trunc 'hmac(sha256)' 0x$(printf '%064d' 1) 128 \
     enc 'ecb(cipher_null)' '' && ip xfrm state get src 192.0.2.254 dst 192.0.2.2 proto esp spi 0x1001 | grep -q 'hmac(sha256)'"
check "AES-GMAC transport SA in UDP" lab_exec r2 \
  "ip xfrm state add src 192.0.2.254 dst 192.0.2.2 proto esp spi 0x1002 mode transport \
     encap espinudp 4500 4500 0.0.0.0 aead 'rfc4543(gcm(aes))' 0x$(printf '%040d' 1) 128 \
     && ip xfrm state get src 192.0.2.254 dst 192.0.2.2 proto esp spi 0x1002 | grep -q rfc4543"
echo "lab smoke: $passed passed, $failed failed"
[ "$failed" = 0 ]
