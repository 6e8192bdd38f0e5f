#!/usr/bin/env bash
# The guest's BGP daemon for the section 9 lab scenarios, sourced after bgp-lab.sh. Two
# implementations behind one set of functions, chosen by LAB8_BGPD (bird or frr):
#   guest_bgpd_start PASSIVE(yes|no)   AS 65002 at 192.0.2.2, neighbor 192.0.2.254 AS 65001,
#                                      originating 203.0.113.0/24
#   guest_bgp_established              the session with us is Established
#   guest_bgp_since                    a value that changes whenever the session went down and up
#   guest_routes                       prefixes learned from us, one a line
#   guest_announce_cmd PREFIX...       a guest shell command that originates more prefixes, one
#                                      update each
#   guest_bgp_show                     the daemon's own view of the session (evidence)

# ---- BIRD 2

bird_start() {
  local passive=$1
  printf 'route %s blackhole;\n' "$GUEST_PREFIX" >"$GUEST_DIR/static.conf"
  cat >"$GUEST_DIR/bird.conf" <<CONF
router id $GUEST;
log "$GUEST_DIR/bird.log" all;
protocol device {}
protocol static s4 {
  ipv4;
  include "$GUEST_DIR/static.conf";
}
protocol bgp ours {
  local $GUEST as $GUEST_AS;
  neighbor $OURS as $OUR_AS;
  $([ "$passive" = yes ] && echo 'passive on;' || echo 'connect delay time 1; connect retry time 2;')
  ipv4 { import all; export all; };
}
CONF
  lab_exec r2 "bird -c $GUEST_DIR/bird.conf -s /run/bird.ctl -P /run/bird.pid && echo bird started"
}

birdc_guest() { lab_exec r2 "birdc -s /run/bird.ctl $*"; }

# ---- FRR 8 (bgpd alone: no zebra, no kernel routes)

frr_start() {
  local passive=$1
  cat >"$GUEST_DIR/bgpd.conf" <<CONF
frr defaults traditional
hostname r2
log file $GUEST_DIR/bgpd.log debugging
debug bgp neighbor-events
debug bgp updates
!
router bgp $GUEST_AS
 bgp router-id $GUEST
 no bgp ebgp-requires-policy
 no bgp network import-check
 neighbor $OURS remote-as $OUR_AS
 neighbor $OURS timers connect 2
 $([ "$passive" = yes ] && echo "neighbor $OURS passive")
 address-family ipv4 unicast
  network $GUEST_PREFIX
 exit-address-family
!
CONF
  lab_exec r2 "mkdir -p /run/frr && touch /etc/frr/vtysh.conf && /usr/lib/frr/bgpd -d -f $GUEST_DIR/bgpd.conf -i /run/frr/bgpd.pid \
      --vty_socket /run/frr -Z -n -S -P 0 -u root -g root &&
    for i in \$(seq 50); do [ -S /run/frr/bgpd.vty ] && break; sleep 0.1; done && echo bgpd started"
}

vtysh_guest() {
  local args="" c
  for c in "$@"; do args="$args -c '$c'"; done
  lab_exec r2 "vtysh --vty_socket /run/frr -d bgpd $args"
}

# ---- one interface over both

guest_bgpd_start() {
  local out
  case $LAB8_BGPD in
    bird) out=$(bird_start "$1") ;;
    frr) out=$(frr_start "$1") ;;
  esac
  if [ $? = 0 ] && echo "$out" | has started; then
    pass "$LAB8_BGPD in the guest: AS $GUEST_AS, neighbor $OURS AS $OUR_AS$([ "$1" = yes ] && echo ', passive'), originating $GUEST_PREFIX"
  else
    fail "$LAB8_BGPD starts in the guest" "$out"
    lab8_finish
  fi
}

guest_bgp_show() {
  case $LAB8_BGPD in
    bird) birdc_guest show protocols ours ;;
    frr) vtysh_guest "show bgp summary" ;;
  esac
}

guest_bgp_established() {
  case $LAB8_BGPD in
    bird) birdc_guest show protocols ours | has Established ;;
    frr) vtysh_guest "show bgp neighbors $OURS json" | has '"bgpState":"Established"' ;;
  esac
}

guest_bgp_since() {
  case $LAB8_BGPD in
    bird) birdc_guest show protocols ours | awk '$1 == "ours" { print $4, $5, $6 }' ;;
    frr) vtysh_guest "show bgp neighbors $OURS json" |
      /usr/bin/python3 -c 'import json,sys; n=list(json.load(sys.stdin).values())[0]; print("established", n.get("connectionsEstablished"), "dropped", n.get("connectionsDropped"))' ;;
  esac
}

guest_routes() {
  case $LAB8_BGPD in
    bird) birdc_guest show route protocol ours | sed -n 's#^\([0-9][0-9.]*/[0-9]*\) .*#\1#p' | sort -u ;;
    frr) vtysh_guest "show bgp ipv4 unicast json" |
      /usr/bin/python3 -c '
import json, sys
for prefix, paths in json.load(sys.stdin).get("routes", {}).items():
    if any(p.get("peerId") == sys.argv[1] for p in paths):
        print(prefix)' "$OURS" | sort -u ;;
  esac
}

guest_announce_cmd() {
  local p cmd=""
  case $LAB8_BGPD in
    bird)
      for p in "$@"; do
        cmd="$cmd echo 'route $p blackhole;' >> $GUEST_DIR/static.conf; birdc -s /run/bird.ctl configure >/dev/null; sleep 0.2;"
      done ;;
    frr)
      for p in "$@"; do
        cmd="$cmd vtysh --vty_socket /run/frr -d bgpd -c 'configure terminal' -c 'router bgp $GUEST_AS' -c 'address-family ipv4 unicast' -c 'network $p' >/dev/null; sleep 0.2;"
      done ;;
  esac
  echo "$cmd"
}
