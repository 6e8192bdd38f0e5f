#!/usr/bin/env bash
# A real Linux router in a few seconds: User-Mode Linux guests in a network namespace, for the
# interop suite (see ../../../shared LAB notes in the project docs). Source this file, then:
#
#   lab_netns_up                       # namespace "bgpipsec-lab" with bridge br0 192.0.2.254/24
#   lab_guest_up r2 192.0.2.2/24       # boots a guest whose vec0 is on the bridge
#   lab_exec r2 'ip xfrm state'        # runs a command in the guest, prints its output
#   lab_host ip addr                   # runs a command in the lab namespace (the "host" side)
#   lab_down                           # halts every guest, removes the namespace
#
# Each guest's files (commands, outputs, logs, configs) live in $LAB_WORK/<name>/.
# Two labs can run at once: give each its own LAB_NS and LAB_WORK before sourcing (the guests'
# UML ids include LAB_NS, so equal guest names in two labs do not collide).
set -uo pipefail

# has ARGS...: grep ARGS on standard input, quietly. Unlike `grep -q` it reads all of its input,
# so under pipefail the writer never dies of SIGPIPE when the match comes early (which made
# `echo "$x" | grep -q y` fail at random: bash writes a variable line by line into a pipe).
has() { grep "$@" >/dev/null; }

LAB_NS=${LAB_NS:-bgpipsec-lab}
LAB_WORK=${LAB_WORK:-/tmp/bgpipsec-lab}
LAB_INIT=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/guest-init.sh

lab_host() { ip netns exec "$LAB_NS" "$@"; }

lab_netns_up() {
  mkdir -p /lib/modules   # the guest mounts its kernel modules here
  lab_down >/dev/null 2>&1
  mkdir -p "$LAB_WORK"
  ip netns add "$LAB_NS" || return 1
  lab_host ip link set lo up
  lab_host ip link add br0 type bridge
  # Keep the link quiet: no multicast snooping, no IGMP reports.
  lab_host sh -c 'echo 0 > /sys/class/net/br0/bridge/multicast_snooping' 2>/dev/null
  lab_host sysctl -qw net.ipv4.conf.all.igmp_link_local_mcast_reports=0 2>/dev/null
  lab_host sysctl -qw net.ipv6.conf.all.disable_ipv6=1 2>/dev/null
  lab_host ip addr add 192.0.2.254/24 dev br0
  lab_host ip link set br0 up
}

# lab_guest_up NAME ADDR/PREFIX [MEM]
lab_guest_up() {
  local name=$1 addr=$2 mem=${3:-256M}
  local dir="$LAB_WORK/$name" tap="tap-$name"
  rm -rf "$dir" && mkdir -p "$dir"
  lab_host ip tuntap add "$tap" mode tap || return 1
  lab_host ip link set "$tap" master br0
  lab_host ip link set "$tap" up
  ip netns exec "$LAB_NS" setsid linux.uml mem="$mem" root=/dev/root rootfstype=hostfs rootflags=/ ro \
    init="$LAB_INIT" con=null con0=fd:0,fd:1 umid="$LAB_NS-$name" \
    "vec0:transport=tap,ifname=$tap" LAB_DIR="$dir" LAB_ADDR="$addr" LAB_NAME="$name" \
    </dev/null >"$dir/console.log" 2>&1 &
  echo $! > "$dir/pid"
  local i
  for i in $(seq 1 300); do
    if grep -q '^up' "$dir/status" 2>/dev/null; then return 0; fi
    if ! kill -0 "$(cat "$dir/pid")" 2>/dev/null; then break; fi
    sleep 0.1
  done
  echo "lab: guest $name did not come up; console:" >&2
  tail -20 "$dir/console.log" >&2
  return 1
}

# lab_exec NAME COMMAND... : runs COMMAND (a shell string) in the guest; prints its output and
# returns its exit status. Times out after LAB_EXEC_TIMEOUT seconds (default 60).
lab_exec() {
  local name=$1; shift
  local dir="$LAB_WORK/$name" n=0
  while [ -e "$dir/cmd.$n.sh" ]; do n=$((n + 1)); done
  printf '%s\n' "$*" > "$dir/cmd.$n.sh.tmp" && mv "$dir/cmd.$n.sh.tmp" "$dir/cmd.$n.sh"
  local deadline=$((SECONDS + ${LAB_EXEC_TIMEOUT:-60}))
  while [ ! -e "$dir/cmd.$n.rc" ]; do
    if [ $SECONDS -ge $deadline ]; then echo "lab: '$*' timed out in $name" >&2; return 124; fi
    sleep 0.05
  done
  cat "$dir/cmd.$n.out"
  return "$(cat "$dir/cmd.$n.rc")"
}

lab_down() {
  local dir
  for dir in "$LAB_WORK"/*/; do
    [ -f "$dir/pid" ] || continue
    touch "$dir/halt"
  done
  sleep 0.5
  for dir in "$LAB_WORK"/*/; do
    [ -f "$dir/pid" ] || continue
    local pid; pid=$(cat "$dir/pid")
    local i
    for i in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 -- "-$pid" 2>/dev/null; kill -9 "$pid" 2>/dev/null
    rm -f "$dir/pid"
  done
  ip netns del "$LAB_NS" 2>/dev/null
  return 0
}
