#!/usr/bin/env bash
# Runs the interop suite: the tools check, the JUnit tests tagged "interop" (./mvnw -Pinterop)
# and every interop/*/run-*.sh script. Needs root and interop/setup.sh first. A missing tool
# is a failure, never a skip. Prints "N passed, N failed" last; exits non-zero on any failure.
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
cd "$root"

passed=0
failed=0
failures=()
record() { # name status
  if [ "$2" = 0 ]; then passed=$((passed + 1)); echo "PASS $1"; else failed=$((failed + 1)); failures+=("$1"); echo "FAIL $1"; fi
}

# 1. Every tool the suite relies on is present and runs.
check_tool() { # name command...
  local name=$1; shift
  if "$@" >/dev/null 2>&1; then record "tool: $name" 0; else record "tool: $name ($*)" 1; fi
}
check_tool scapy /usr/bin/python3 -c 'import scapy.layers.ipsec'
check_tool tshark tshark -v
check_tool openssl openssl version
check_tool swanctl test -x /usr/sbin/swanctl
check_tool strongswan-openssl-plugin test -f /usr/lib/ipsec/plugins/libstrongswan-openssl.so
check_tool charon test -x /usr/lib/ipsec/charon
check_tool pki pki --help
check_tool bird bird --version
check_tool frr test -x /usr/lib/frr/bgpd
check_tool bgpdump bgpdump -T
check_tool user-mode-linux test -x /usr/bin/linux.uml
check_tool iproute2 ip -V
check_tool netns sh -c 'ip netns add bgpipsec-probe && ip netns del bgpipsec-probe'

# 2. JUnit tests tagged "interop".
log=$(mktemp)
if ./mvnw -B -q -Pinterop verify -Dspotless.check.skip=true >"$log" 2>&1; then
  record "mvn -Pinterop verify" 0
else
  record "mvn -Pinterop verify" 1
  tail -80 "$log"
fi
grep -h "Tests run:" */target/surefire-reports/*.txt 2>/dev/null | sed 's/^/  /' || true
rm -f "$log"

# 3. Scripts.
shopt -s nullglob
for script in "$here"/*/run-*.sh; do
  name=${script#"$root/"}
  echo "== $name"
  if bash "$script"; then record "$name" 0; else record "$name" 1; fi
done

echo
for f in "${failures[@]}"; do echo "failed: $f"; done
echo "interop: $passed passed, $failed failed"
[ "$failed" = 0 ]
