#!/usr/bin/env bash
# Our user-space TCP against the Linux kernel's TCP, through a TUN device moved into a private
# network namespace (192.0.2.0/24 only). Needs root. 50 MiB each way, clean and with seeded
# 5% loss + 5% reordering + 1% duplication on our side (KernelTcpInteropTest, tag "interop").
# Usage: interop/tcp/run-kernel-interop.sh [-Dinterop.tcp.bytes=N]
set -u
cd "$(dirname "$0")/../.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}

missing=0
for tool in ip ss /usr/bin/python3; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "missing tool: $tool"
    missing=1
  fi
done
if [ "$(id -u)" -ne 0 ]; then
  echo "must run as root (network namespaces, /dev/net/tun)"
  missing=1
fi
if [ ! -c /dev/net/tun ]; then
  echo "missing /dev/net/tun"
  missing=1
fi
if [ "$missing" -ne 0 ]; then
  echo "0 passed, 1 failed"
  exit 1
fi

./mvnw -q -B -pl ipsec-transport -am test -Pinterop -Dtest=KernelTcpInteropTest \
  -Dsurefire.failIfNoSpecifiedTests=false "$@"
rc=$?

report=ipsec-transport/target/surefire-reports/TEST-org.bgpipsec.ipsec.tun.KernelTcpInteropTest.xml
if [ ! -f "$report" ]; then
  echo "no test report"
  echo "0 passed, 1 failed"
  exit 1
fi
tests=$(grep -o 'tests="[0-9]*"' "$report" | head -1 | tr -dc 0-9)
failures=$(grep -o 'failures="[0-9]*"' "$report" | head -1 | tr -dc 0-9)
errors=$(grep -o 'errors="[0-9]*"' "$report" | head -1 | tr -dc 0-9)
skipped=$(grep -o 'skipped="[0-9]*"' "$report" | head -1 | tr -dc 0-9)
failed=$((failures + errors + skipped))
passed=$((tests - failed))
echo "$passed passed, $failed failed"
if [ "$rc" -ne 0 ] || [ "$failed" -ne 0 ]; then
  exit 1
fi
