#!/usr/bin/env bash
# Reruns every measurement behind perf/reports/ike-dos.md, then the report itself.
# About 30 minutes of both cores. strongSwan's charon runs as the side-by-side responder:
# this needs root (a private mount namespace for its /run) and the Debian packages
# strongswan-charon and strongswan-swanctl. Everything stays on 127.0.0.0/8.
set -euo pipefail
cd "$(dirname "$0")/../.."
data=perf/reports/data
mkdir -p "$data"
uptime
./bgp-ipsec perf ike-setup --suite psk-14,psk-19,psk-31 --responder ours,strongswan \
  --concurrency 8 --setups 3000 --warmup 3000 --duration PT15S --json "$data/ike-setup.json"
# Steady state: 30,000 setups first, so that our JIT has finished compiling (charon has none).
./bgp-ipsec perf ike-setup --suite psk-19,psk-31 --responder ours,strongswan \
  --concurrency 8 --setups 10000 --warmup 30000 --duration PT30S --timeout PT10S \
  --json "$data/ike-setup-steady.json"
./bgp-ipsec perf ike-setup --suite psk-31 --responder ours,strongswan --rate 100,200,400,800,1600,3200 \
  --concurrency 16 --setups 100000 --warmup 500 --duration PT8S --json "$data/ike-setup-rates.json"
./bgp-ipsec perf ike-flood --suite psk-31 --responder ours,strongswan --multiples 0,1,10 \
  --defences none,all --sources 256,1 --duration PT8S --json "$data/ike-flood.json"
./bgp-ipsec perf auth-flood --suite psk-31 --responder ours,strongswan --multiples 1,10 \
  --defences cookies,all --sources 256 --duration PT8S --json "$data/auth-flood.json"
# The setup-cost matrix: PSK against certificates (a fresh local CA per suite), ours and charon
# suite by suite in one command, 3,000 warm-up setups each so that our JIT has compiled most of the
# handshake (the report's per-core, matrix and public-key operation tables come from this file).
certs=ecdsa-p256-14,ecdsa-p256-19,ecdsa-p256-31,rsa-2048-14,rsa-2048-19,rsa-2048-31
certs=$certs,rsa-3072-14,rsa-3072-19,rsa-3072-31,ed25519-14,ed25519-19,ed25519-31
./bgp-ipsec perf ike-setup --suite "psk-14,psk-19,psk-31,$certs" --responder ours,strongswan \
  --concurrency 8 --setups 3000 --warmup 3000 --duration PT40S --json "$data/ike-setup-certs.json"
# A certificate suite under both floods (certificates for the responder and the legitimate peers).
./bgp-ipsec perf ike-flood --suite ecdsa-p256-19 --responder ours,strongswan --multiples 0,10 \
  --defences none,all --sources 256 --duration PT8S --json "$data/ike-flood-certs.json"
./bgp-ipsec perf auth-flood --suite ecdsa-p256-19 --responder ours,strongswan --multiples 10 \
  --defences cookies,all --sources 256 --duration PT8S --json "$data/auth-flood-certs.json"
./bgp-ipsec perf esp-flood --mode forged,stale --duration PT20S --json "$data/esp-flood.json"
# N full-stack peers (IKE, ESP, user-space TCP, BGP) against one speaker at once; under a minute.
./bgp-ipsec perf peers --peers 50,100,200 --prefixes 10 --timeout PT120S --json "$data/peers.json"
# The same with RSA-2048 certificates (an RFC 7427 signature each way per IKE SA, RFC 3779 checks).
./bgp-ipsec perf peers --peers 50,200 --prefixes 10 --suite rsa-2048-14 --timeout PT120S \
  --json "$data/peers-certs.json"
# RFC 8019 puzzles and IKE_SA_INIT rate limits, each on and off (ours only: strongSwan 5.9.8 has
# neither, so charon's column is n/a). --capacity 1000 fixes the flood rates (10,000/s) so that
# these runs compare with each other across code changes; ike-flood.json measures the capacity.
./bgp-ipsec perf ike-flood --suite psk-31 --responder ours --capacity 1000 --multiples 0,10 \
  --defences none,ratelimit,all,all+ratelimit --sources 256,1 --duration PT20S \
  --json "$data/ike-flood-ratelimit.json"
./bgp-ipsec perf auth-flood --suite psk-31 --responder ours --capacity 1000 --multiples 10 \
  --defences cookies,puzzles,all,all+puzzles --sources 256 --duration PT20S \
  --json "$data/auth-flood-puzzles.json"
./bgp-ipsec perf auth-flood --suite psk-31 --responder ours --capacity 1000 --multiples 10 \
  --defences puzzles,all+puzzles --sources 256 --duration PT20S --attacker-solves-puzzles \
  --json "$data/auth-flood-puzzle-solver.json"
uptime
./bgp-ipsec perf report "$data" --out perf/reports --name ike-dos \
  --notes perf/reports/ike-dos-notes.md
