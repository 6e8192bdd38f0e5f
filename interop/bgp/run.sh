#!/usr/bin/env bash
# BGP interop suite: our encoder against tshark, our MRT dump against bgpdump, our speaker
# against BIRD 2.0.12 and FRR 8.4 (bgpd) in a network
# namespace (JUnit tests tagged "interop" in bgp-speaker). Needs root and the packages of
# interop/packages.txt (bash interop/setup.sh). Prints "N passed, N failed"; exits non-zero on
# any failure, including a missing tool.
set -uo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}

missing=0
for tool in tshark bird birdc bgpdump vtysh /usr/lib/frr/bgpd ip; do
  if ! command -v "$tool" >/dev/null; then
    echo "interop/bgp: missing $tool (run: bash interop/setup.sh)" >&2
    missing=$((missing + 1))
  fi
done
if [ "$(id -u)" != 0 ]; then
  echo "interop/bgp: needs root (network namespaces, port 179)" >&2
  missing=$((missing + 1))
fi
if [ "$missing" -gt 0 ]; then
  echo "0 passed, $missing failed"
  exit 1
fi

reports=bgp-speaker/target/surefire-reports
rm -rf "$reports"
./mvnw -q -B -pl bgp-speaker -am test -Pinterop \
  -Dsurefire.failIfNoSpecifiedTests=false
status=$?

passed=0
failed=0
for f in "$reports"/TEST-*.xml; do
  [ -e "$f" ] || continue
  tests=$(grep -o 'tests="[0-9]*"' "$f" | head -1 | tr -dc 0-9)
  bad=$(( $(grep -o 'failures="[0-9]*"' "$f" | head -1 | tr -dc 0-9) + \
          $(grep -o 'errors="[0-9]*"' "$f" | head -1 | tr -dc 0-9) + \
          $(grep -o 'skipped="[0-9]*"' "$f" | head -1 | tr -dc 0-9) ))
  passed=$((passed + tests - bad))
  failed=$((failed + bad))
done
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
