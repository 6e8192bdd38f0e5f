#!/usr/bin/env bash
# The section 9 lab scenarios themselves (issue 8, acceptance 2 and 3), sourced after bgp-lab.sh
# and bgp-guest.sh by the run-bgp-*.sh scripts.

# sampled_down STATES: the samples are five real BGP states of ours and none is Established
# (an empty sample - a dead daemon, a gone socket - is not "down", it is a failure).
sampled_down() {
  local n=0 s
  for s in $1; do
    case $s in Idle | Connect | Active | OpenSent | OpenConfirm) n=$((n + 1)) ;; *) return 1 ;; esac
  done
  [ "$n" = 5 ]
}

# lab8_psk FILE: a fresh random key (32 random bytes, base64) in FILE, mode 0600; prints it.
lab8_psk() {
  (umask 077 && head -c 32 /dev/urandom | base64 >"$1")
  cat "$1"
}

# lab8_session_up WHO-INITIATES: waits for BGP Established on both sides.
lab8_session_up() {
  if wait_until 60 our_established && wait_until 20 guest_bgp_established; then
    pass "BGP Established through ESP ($1 initiates)" \
      "$(ours show neighbors; guest_bgp_show | tail -2)"
  else
    fail "BGP Established through ESP ($1 initiates)" \
      "$(ours show neighbors; guest_bgp_show; tail -20 "$OUR_LOG"; tail -30 "$GUEST_DIR/charon.log")"
    lab8_finish
  fi
}

# lab8_check_sas ESP-LIST-SAS KERNEL-ALG: both sides agree on the Child SAs.
lab8_check_sas() {
  local list_sas=$1 kernel=$2 sas xfrm ours_spis guest_spis
  sas=$(guest_swanctl --list-sas)
  xfrm=$(lab_exec r2 'ip xfrm state')
  ours_spis=$(our_spis)
  guest_spis=$(guest_spis)
  if echo "$sas" | has "INSTALLED, TRANSPORT-in-UDP" && echo "$sas" | has "ESP:$list_sas" &&
    echo "$xfrm" | has "$kernel" && echo "$xfrm" | has 'encap type espinudp sport 4500 dport 4500' &&
    [ -n "$ours_spis" ] && [ "$ours_spis" = "$guest_spis" ]; then
    pass "Child SAs: strongSwan INSTALLED, TRANSPORT-in-UDP, ESP:$list_sas; the guest kernel's SPIs are ours" \
      "$(echo "$sas" | grep -E 'INSTALLED|in  c|out c' | head -6; echo "our SPIs: $(echo $ours_spis)")"
  else
    fail "Child SAs: strongSwan INSTALLED, TRANSPORT-in-UDP, ESP:$list_sas; the guest kernel's SPIs are ours" \
      "$sas
$xfrm
our SPIs: $(echo $ours_spis); guest SPIs: $(echo $guest_spis)"
  fi
}

# lab8_check_routes GUEST-EXPECTED... -- OUR-EXPECTED...: each side has the other's prefixes.
lab8_check_routes() {
  local label=$1; shift
  local theirs=() mine=() a
  while [ $# -gt 0 ] && [ "$1" != -- ]; do theirs+=("$1"); shift; done
  shift
  mine=("$@")
  local f_ours="$LAB_WORK/our-routes" f_guest="$LAB_WORK/guest-routes" miss_ours miss_guest
  local deadline=$((SECONDS + 20))
  while :; do
    our_routes >"$f_ours" 2>/dev/null
    guest_routes >"$f_guest" 2>/dev/null
    miss_ours=$(missing_from "$f_ours" "${theirs[@]}")
    miss_guest=$(missing_from "$f_guest" "${mine[@]}")
    [ -z "$miss_ours$miss_guest" ] || [ $SECONDS -ge $deadline ] && break
    sleep 1
  done
  if [ -z "$miss_ours$miss_guest" ]; then
    pass "$label: we have the guest's ${#theirs[@]} prefixes (bgp-ipsec show routes), the guest has our ${#mine[@]} ($LAB8_BGPD)" \
      "ours: $(sort "$f_ours" | head -4 | tr '\n' ' ')... ($(wc -l <"$f_ours") from r2)
guest: $(sort "$f_guest" | head -4 | tr '\n' ' ')... ($(wc -l <"$f_guest") from us)"
  else
    fail "$label: each side has the other's prefixes" \
      "missing at ours: ${miss_ours:-none}
missing at the guest: ${miss_guest:-none}
$(tail -10 "$OUR_LOG")"
  fi
}

# lab8_check_no_flap LABEL SINCE-BEFORE SPIS-BEFORE: Established throughout, new SPIs.
lab8_check_rekeyed_without_flap() {
  local label=$1 since_before=$2 spis_before=$3 spis_after since_after flaps
  local deadline=$((SECONDS + 15))
  while [ $SECONDS -lt $deadline ]; do
    spis_after=$(our_spis)
    # Rekeyed: none of the old SPIs is in use, and the guest kernel has ours.
    if [ -n "$spis_after" ] && [ -z "$(comm -12 <(echo "$spis_before") <(echo "$spis_after"))" ] &&
      [ "$spis_after" = "$(guest_spis)" ]; then break; fi
    sleep 0.5
  done
  since_after=$(guest_bgp_since)
  flaps=$(our_left_established)
  local evidence="SPIs before: $(echo $spis_before)
SPIs after:  $(echo $spis_after) (guest kernel: $(echo $(guest_spis)))
$LAB8_BGPD session: before '$since_before', after '$since_after'; our state: $(our_state)"
  if [ -n "$spis_after" ] && [ -z "$(comm -12 <(echo "$spis_before") <(echo "$spis_after"))" ] &&
    [ "$since_after" = "$since_before" ] && [ -z "$flaps" ] && our_established && guest_bgp_established; then
    pass "$label: new SPIs on both sides, the session stayed Established (no flap on either side)" "$evidence"
  else
    fail "$label: new SPIs on both sides, the session stayed Established" "$evidence
our log after Established: ${flaps:-nothing}
$(tail -25 "$GUEST_DIR/charon.log")"
  fi
}

# lab8_certificates GUEST-AS: `bgp-ipsec ca` makes a CA, our certificate (AS 65001, 192.0.2.254)
# in $LAB_WORK/pki and the guest's (GUEST-AS, 192.0.2.2) in swanctl's directories beside its
# swanctl.conf (the guest sees only its own directory of $LAB_WORK: its /tmp is private).
lab8_certificates() {
  local guest_as=$1 pki="$LAB_WORK/pki" out
  if out=$("$LAB8_ROOT/bgp-ipsec" ca init --dir "$pki" 2>&1 &&
    "$LAB8_ROOT/bgp-ipsec" ca issue --dir "$pki" --name ours --as "$OUR_AS" --address "$OURS" 2>&1 &&
    "$LAB8_ROOT/bgp-ipsec" ca issue --dir "$pki" --name r2 --as "$guest_as" --address "$GUEST" \
      --out "$GUEST_DIR/x509" 2>&1 && mkdir -p "$GUEST_DIR/private" "$GUEST_DIR/x509ca" &&
    mv "$GUEST_DIR/x509/r2.key" "$GUEST_DIR/private/" && cp "$pki/ca.crt" "$GUEST_DIR/x509ca/"); then
    pass "bgp-ipsec ca: a CA, our certificate (AS $OUR_AS, $OURS), the guest's (AS $guest_as, $GUEST)" \
      "$("$LAB8_ROOT/bgp-ipsec" ca show "$GUEST_DIR/x509/r2.crt" 2>&1 | grep -E 'subject|AS|addresses')"
  else
    fail "bgp-ipsec ca issues the lab's certificates" "$out"
    lab8_finish
  fi
}

# lab8_positive ESP LIST-SAS KERNEL-ALG OUR-PASSIVE GUEST-PASSIVE [psk|cert]
#   The BGP session to the guest exists only inside ESP; rekeys forced from either side keep it
#   Established and lose no UPDATE; the link carries only IKE and ESP-in-UDP.
lab8_positive() {
  local esp=$1 list_sas=$2 kernel=$3 our_passive=$4 guest_passive=$5 auth=${6:-psk}
  local initiator
  [ "$our_passive" = true ] && initiator="the guest ($LAB8_BGPD's TCP, strongSwan's IKE)" ||
    initiator="we (our TCP's ACQUIRE, our IKE)"
  lab8_start
  if [ "$auth" = cert ]; then
    lab8_certificates "$GUEST_AS"
    guest_strongswan cert "$esp"
    our_config cert "$esp" "$our_passive"
  else
    local psk
    psk=$(lab8_psk "$LAB_WORK/r2.psk")
    guest_strongswan "$psk" "$esp"
    our_config "$LAB_WORK/r2.psk" "$esp" "$our_passive"
  fi
  our_start
  guest_bgpd_start "$guest_passive"
  lab8_session_up "$initiator"
  lab8_check_sas "$list_sas" "$kernel"
  lab8_check_routes "after Established" "$GUEST_PREFIX" -- "$OUR_PREFIX"

  # A Child SA rekey forced by the guest (strongSwan), numbered prefixes announced across it.
  local spis since batch1 batch2 ours2
  spis=$(our_spis)
  since=$(guest_bgp_since)
  batch1=$(numbered 203.0.113 1 10)
  lab_exec r2 "( $(guest_announce_cmd $batch1) ) & sleep 0.7;
    STRONGSWAN_CONF=$GUEST_DIR/strongswan.conf swanctl --rekey --child bgp-in;
    STRONGSWAN_CONF=$GUEST_DIR/strongswan.conf swanctl --rekey --child bgp-out; wait" >"$LAB_WORK/rekey-guest.out" 2>&1
  lab8_check_rekeyed_without_flap "Child SA rekey forced by strongSwan (swanctl --rekey --child)" "$since" "$spis"
  # shellcheck disable=SC2086
  lab8_check_routes "across strongSwan's rekey: no lost UPDATE" "$GUEST_PREFIX" $batch1 -- "$OUR_PREFIX"

  # A Child SA rekey forced by us (bgp-ipsec rekey child), numbered prefixes from both sides.
  spis=$(our_spis)
  since=$(guest_bgp_since)
  batch2=$(numbered 203.0.113 11 20)
  ours2=$(numbered 198.51.100 1 10)
  lab_exec r2 "$(guest_announce_cmd $batch2)" >"$LAB_WORK/announce-guest.out" 2>&1 &
  local guest_job=$!
  # shellcheck disable=SC2086
  ours route announce $(numbered 198.51.100 1 5) >"$LAB_WORK/rekey-ours.out" 2>&1
  local rekey_out
  rekey_out=$(ours rekey child r2 2>&1)
  # shellcheck disable=SC2086
  ours route announce $(numbered 198.51.100 6 10) >>"$LAB_WORK/rekey-ours.out" 2>&1
  wait "$guest_job"
  if echo "$rekey_out" | has 'rekey child r2: bgp-'; then
    pass "bgp-ipsec rekey child r2 asks our IKE to rekey the Child SAs" "$rekey_out"
  else
    fail "bgp-ipsec rekey child r2 asks our IKE to rekey the Child SAs" "$rekey_out"
  fi
  lab8_check_rekeyed_without_flap "Child SA rekey forced by us (bgp-ipsec rekey child)" "$since" "$spis"
  # shellcheck disable=SC2086
  lab8_check_routes "across our rekey: no lost UPDATE either way" "$GUEST_PREFIX" $batch1 $batch2 -- "$OUR_PREFIX" $ours2

  check_capture_only_ike_and_esp
  lab8_finish
}

# lab8_wrong_psk: the guest's strongSwan has another pre-shared key. Both sides try (BIRD and our
# speaker both connect, so both IKE initiators run): no IKE SA, no Child SA, no BGP session, and
# our side says why.
lab8_wrong_psk() {
  lab8_start
  local guest_psk
  guest_psk=$(lab8_psk "$LAB_WORK/guest.psk")
  lab8_psk "$LAB_WORK/r2.psk" >/dev/null
  guest_strongswan "$guest_psk" null-sha256
  our_config "$LAB_WORK/r2.psk" null-sha256 false
  our_start
  guest_bgpd_start no

  # Both initiators fail: strongSwan refuses our AUTH, we refuse strongSwan's.
  if wait_until 40 grep -q 'IKE failure AUTHENTICATION_FAILED' "$OUR_LOG" &&
    wait_until 20 grep -q 'generating IKE_AUTH response .*N(AUTH_FAILED)' "$GUEST_DIR/charon.log"; then
    pass "our IKE_AUTH refused: strongSwan answers AUTHENTICATION_FAILED, our log names it" \
      "$(grep 'IKE failure' "$OUR_LOG" | head -1)
$(grep -E 'MAC mismatch|generating IKE_AUTH response .*AUTH_FAILED' "$GUEST_DIR/charon.log" | head -2)"
  else
    fail "our IKE_AUTH refused: strongSwan answers AUTHENTICATION_FAILED, our log names it" \
      "$(cat "$OUR_LOG"; tail -30 "$GUEST_DIR/charon.log")"
  fi
  if wait_until 40 grep -q 'received AUTHENTICATION_FAILED notify error' "$GUEST_DIR/charon.log" &&
    wait_until 10 grep -q 'IKE failure AUTHENTICATION_FAILED ([2-9]' "$OUR_LOG"; then
    pass "strongSwan's IKE_AUTH refused: we answer AUTHENTICATION_FAILED, our log counts it" \
      "$(grep 'IKE failure' "$OUR_LOG" | head -2 | tail -1)
$(grep 'received AUTHENTICATION_FAILED' "$GUEST_DIR/charon.log" | head -1)"
  else
    fail "strongSwan's IKE_AUTH refused: we answer AUTHENTICATION_FAILED, our log counts it" \
      "$(cat "$OUR_LOG"; tail -30 "$GUEST_DIR/charon.log")"
  fi
  local metric
  metric=$(our_metric 'bgpipsec_ike_failures_total\{reason="AUTHENTICATION_FAILED"')
  if [ -n "$metric" ] && ! echo "$metric" | has -E ' [01](\.0)?$'; then
    pass "our metrics count both failures" "$metric"
  else
    fail "our metrics count both failures" "${metric:-no such metric}"
  fi

  # Keep watching: the BGP session never comes up, on either side, and no SA is installed.
  local states="" i s
  for i in $(seq 5); do
    s=$(our_state); states="$states $s"
    sleep 1
  done
  local neighbors guest_bgp xfrm sas
  neighbors=$(ours show neighbors --json)
  guest_bgp=$(guest_bgp_show)
  # The kernel's ACQUIRE placeholders (SPI 0, from the trap policies) are not SAs.
  local xfrm_all xfrm_rc
  xfrm_all=$(lab_exec r2 'ip xfrm state'); xfrm_rc=$?
  xfrm=$(echo "$xfrm_all" | grep 'proto esp spi' | grep -v 'spi 0x00000000')
  sas=$(ours show sas --json)
  if sampled_down "$states" && ! grep -q "neighbor $GUEST Established" "$OUR_LOG" &&
    [ -n "$guest_bgp" ] && ! echo "$guest_bgp" | has Established; then
    pass "no BGP session: never Established on our side or in $LAB8_BGPD" \
      "our states:$states
$(ours show neighbors)
$(echo "$guest_bgp" | tail -1)"
  else
    fail "no BGP session" "our states:$states
$neighbors
$guest_bgp"
  fi
  if [ "$xfrm_rc" = 0 ] && [ -z "$xfrm" ] && [ "${sas:0:1}" = "[" ] &&
    ! echo "$sas" | has '"ESTABLISHED"'; then
    pass "no SA: the guest kernel has no ESP state, we have no established IKE SA" "ip xfrm state: no ESP SA with an SPI; show sas: $(echo $sas | cut -c1-200)"
  else
    fail "no SA: the guest kernel has no ESP state, we have no established IKE SA" "$xfrm
$sas"
  fi
  # `show neighbors` says why: the peer's last IKE failure.
  local reason
  reason=$(echo "$neighbors" | /usr/bin/python3 -c '
import json, sys
print(json.load(sys.stdin)[0].get("lastIkeFailure", "-"))')
  if echo "$reason" | has 'AUTHENTICATION_FAILED'; then
    pass "show neighbors says why: $reason" "$(ours show neighbors)"
  else
    fail "show neighbors says why (lastIkeFailure AUTHENTICATION_FAILED)" "$neighbors"
  fi
  check_capture_only_ike_and_esp no
  lab8_finish
}

# lab8_cert_other_as: certificates from `bgp-ipsec ca`; the guest's names AS 65099 while our
# profile says the peer at 192.0.2.2 is AS 65002 (RFC 5406 section 8(d): accept only the designated
# peer, its identity AND its AS). Expected: our side refuses the guest's IKE_AUTH and never lets a
# BGP session up; `show neighbors` says the certificate names another AS.
lab8_cert_other_as() {
  lab8_start
  lab8_certificates 65099
  guest_strongswan cert null-sha256
  our_config cert null-sha256 false
  our_start
  guest_bgpd_start no

  if wait_until 40 grep -qE 'IKE failure (CERTIFICATE_REFUSED|AUTHENTICATION_FAILED)' "$OUR_LOG"; then
    pass "IKE refused: the certificate's refusal in our log" "$(grep 'IKE failure' "$OUR_LOG" | head -2)
$(grep -E 'AUTH_FAILED|AUTHENTICATION_FAILED' "$GUEST_DIR/charon.log" | head -2)"
  else
    fail "IKE refused: the certificate's refusal in our log" "$(cat "$OUR_LOG"; tail -30 "$GUEST_DIR/charon.log")"
  fi
  local states="" i neighbors
  for i in $(seq 5); do states="$states $(our_state)"; sleep 1; done
  neighbors=$(ours show neighbors --json)
  if sampled_down "$states" && ! grep -q "neighbor $GUEST Established" "$OUR_LOG" &&
    ! guest_bgp_established; then
    pass "no BGP session with a router whose certificate names another AS" "our states:$states
$(ours show neighbors)"
  else
    fail "no BGP session with a router whose certificate names another AS" "our states:$states
$neighbors"
  fi
  if echo "$neighbors" | has -E '65099|AS_NOT_COVERED'; then
    pass "show neighbors says why: the certificate names AS 65099" "$(ours show neighbors)"
  else
    fail "show neighbors says why: the certificate names AS 65099" "$neighbors"
  fi
  check_capture_only_ike_and_esp no
  lab8_finish
}
